/* batch_manifest.c — manifest lines (one flat JSON object per document), reading them back for
 * --resume, and merging the manifests of several batches (--merge-manifests).
 *
 * A manifest is append-only: a resumed batch adds lines, so the same path may appear more than once;
 * the final record of a path is the latest one, except that a later failure never hides an "ok"
 * record of the same contents (a retry that timed out on a busier machine). Lines that do not parse
 * (a torn last line after a power cut, a foreign line) are ignored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../export/export.h"
#include "batch.h"

void bb_record_free(bb_record *r) {
  if (!r) return;
  g_free(r->path);
  g_free(r->sha256);
  g_free(r->status);
  g_free(r->code);
  g_free(r->message);
  g_free(r->output);
  g_free(r);
}

static void str_member(GString *out, const char *key, const char *val) {
  g_string_append_printf(out, "\"%s\":", key);
  if (val) bz_json_str(out, val);
  else g_string_append(out, "null");
}

static void long_member(GString *out, const char *key, long v, long null_below) {
  if (v < null_below) g_string_append_printf(out, "\"%s\":null", key);
  else g_string_append_printf(out, "\"%s\":%ld", key, v);
}

void bb_record_to_json(GString *out, const bb_record *r) {
  g_string_append_c(out, '{');
  str_member(out, "path", r->path);
  g_string_append_c(out, ',');
  str_member(out, "sha256", r->sha256);
  g_string_append_c(out, ',');
  str_member(out, "status", r->status);
  g_string_append_c(out, ',');
  str_member(out, "code", r->code);
  g_string_append_c(out, ',');
  str_member(out, "message", r->message);
  g_string_append_c(out, ',');
  long_member(out, "pages", r->pages, 0);
  g_string_append_c(out, ',');
  long_member(out, "tables", r->tables, 0);
  g_string_append_c(out, ',');
  long_member(out, "ms", r->ms, 0);
  g_string_append_c(out, ',');
  str_member(out, "output", r->output);
  g_string_append_c(out, '}');
}

/* ---- a small parser for flat JSON objects: string, number, null, true/false values ---- */

static const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  return p;
}

static int hex4(const char *p, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    int d = g_ascii_xdigit_value(p[i]);
    if (d < 0) return -1;
    v = v * 16 + (unsigned)d;
  }
  *out = v;
  return 0;
}

/* Parse a JSON string at *pp (which points at '"'); NULL on error. */
static char *parse_string(const char **pp) {
  const char *p = *pp + 1;
  GString *s = g_string_new(NULL);
  while (*p && *p != '"') {
    if ((unsigned char)*p < 0x20) goto fail;
    if (*p != '\\') {
      g_string_append_c(s, *p++);
      continue;
    }
    p++;
    switch (*p) {
    case '"': case '\\': case '/': g_string_append_c(s, *p); p++; break;
    case 'b': g_string_append_c(s, '\b'); p++; break;
    case 'f': g_string_append_c(s, '\f'); p++; break;
    case 'n': g_string_append_c(s, '\n'); p++; break;
    case 'r': g_string_append_c(s, '\r'); p++; break;
    case 't': g_string_append_c(s, '\t'); p++; break;
    case 'u': {
      unsigned u, lo;
      if (hex4(p + 1, &u)) goto fail;
      p += 5;
      if (u >= 0xD800 && u < 0xDC00 && p[0] == '\\' && p[1] == 'u' && !hex4(p + 2, &lo) && lo >= 0xDC00 &&
          lo < 0xE000) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        p += 6;
      }
      if (u >= 0xD800 && u < 0xE000) u = 0xFFFD;
      g_string_append_unichar(s, u);
      break;
    }
    default: goto fail;
    }
  }
  if (*p != '"') goto fail;
  *pp = p + 1;
  return g_string_free(s, FALSE);
fail:
  g_string_free(s, TRUE);
  return NULL;
}

/* Parse a flat object into key -> value text (NULL value for JSON null). */
static GHashTable *parse_flat(const char *line) {
  GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  const char *p = skip_ws(line);
  if (*p++ != '{') goto fail;
  p = skip_ws(p);
  if (*p == '}') return h;
  for (;;) {
    p = skip_ws(p);
    if (*p != '"') goto fail;
    char *key = parse_string(&p);
    if (!key) goto fail;
    p = skip_ws(p);
    if (*p++ != ':') {
      g_free(key);
      goto fail;
    }
    p = skip_ws(p);
    char *val = NULL;
    if (*p == '"') {
      val = parse_string(&p);
      if (!val) {
        g_free(key);
        goto fail;
      }
    } else {
      const char *start = p;
      while (*p && *p != ',' && *p != '}' && *p != ' ') p++;
      if (p == start) {
        g_free(key);
        goto fail;
      }
      if (strncmp(start, "null", (size_t)(p - start))) val = g_strndup(start, (gsize)(p - start));
    }
    g_hash_table_replace(h, key, val);
    p = skip_ws(p);
    if (*p == ',') {
      p++;
      continue;
    }
    if (*p == '}') break;
    goto fail;
  }
  if (*skip_ws(p + 1)) goto fail;
  return h;
fail:
  g_hash_table_destroy(h);
  return NULL;
}

static long num_or(GHashTable *h, const char *key, long dflt) {
  const char *v = g_hash_table_lookup(h, key);
  if (!v) return dflt;
  char *end = NULL;
  long n = strtol(v, &end, 10);
  return (end && *end == '\0') ? n : dflt;
}

bb_record *bb_record_parse(const char *line) {
  GHashTable *h = parse_flat(line);
  if (!h) return NULL;
  bb_record *r = NULL;
  const char *path = g_hash_table_lookup(h, "path"), *status = g_hash_table_lookup(h, "status");
  if (path && status) {
    r = g_new0(bb_record, 1);
    r->path = g_strdup(path);
    r->status = g_strdup(status);
    r->sha256 = g_strdup(g_hash_table_lookup(h, "sha256"));
    r->code = g_strdup(g_hash_table_lookup(h, "code"));
    r->message = g_strdup(g_hash_table_lookup(h, "message"));
    r->output = g_strdup(g_hash_table_lookup(h, "output"));
    r->pages = num_or(h, "pages", -1);
    r->tables = num_or(h, "tables", -1);
    r->ms = num_or(h, "ms", -1);
  }
  g_hash_table_destroy(h);
  return r;
}

/* Does `r` replace `old` as the final record of its path? */
static int supersedes(const bb_record *r, const bb_record *old) {
  int same = r->sha256 && old->sha256 && !strcmp(r->sha256, old->sha256);
  return !(same && !strcmp(old->status, "ok") && strcmp(r->status, "ok"));
}

GHashTable *bb_manifest_load(const char *const *files, int n, int *unreadable) {
  GHashTable *final = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)bb_record_free);
  if (unreadable) *unreadable = 0;
  for (int i = 0; i < n; i++) {
    char *text = NULL;
    if (!g_file_get_contents(files[i], &text, NULL, NULL)) {
      if (unreadable) (*unreadable)++;
      continue;
    }
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
      bb_record *r = **l ? bb_record_parse(*l) : NULL;
      if (!r) continue;
      bb_record *old = g_hash_table_lookup(final, r->path);
      if (old && !supersedes(r, old)) bb_record_free(r);
      else g_hash_table_replace(final, r->path, r); /* key is the record's own path string */
    }
    g_strfreev(lines);
    g_free(text);
  }
  return final;
}

static int cmp_rec(gconstpointer a, gconstpointer b) {
  return strcmp((*(bb_record *const *)a)->path, (*(bb_record *const *)b)->path);
}

int bb_merge_manifests(char **files, int n) {
  for (int i = 0; i < n; i++)
    if (!g_file_test(files[i], G_FILE_TEST_IS_REGULAR)) {
      cli_error(files[i], "no such manifest");
      return EXIT_INPUT;
    }
  GHashTable *final = bb_manifest_load((const char *const *)files, n, NULL);
  GPtrArray *recs = g_ptr_array_new();
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, final);
  while (g_hash_table_iter_next(&it, &k, &v)) g_ptr_array_add(recs, v);
  g_ptr_array_sort(recs, cmp_rec);
  GString *out = g_string_new(NULL);
  int failed = 0;
  for (guint i = 0; i < recs->len; i++) {
    bb_record *r = g_ptr_array_index(recs, i);
    bb_record_to_json(out, r);
    g_string_append_c(out, '\n');
    if (strcmp(r->status, "ok") && strcmp(r->status, "scanned") && strcmp(r->status, "skipped")) failed = 1;
  }
  int rc = fwrite(out->str, 1, out->len, stdout) == out->len && fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
  if (rc != EXIT_OK) cli_error(NULL, "cannot write to stdout");
  g_string_free(out, TRUE);
  g_ptr_array_free(recs, TRUE);
  g_hash_table_destroy(final);
  return rc != EXIT_OK ? rc : failed ? EXIT_PARTIAL : EXIT_OK;
}
