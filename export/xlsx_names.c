/* xlsx_names.c — worksheet names that Excel accepts: at most 31 characters (UTF-16 units), none of
 * []:*?/\ , no leading or trailing apostrophe, not "History", unique ignoring case. */
#include <string.h>

#include "../core/semantic.h"
#include "xlsx.h"

#define BZ_SHEET_MAX 31

/* UTF-16 length of a UTF-8 string (characters outside the BMP count twice, as in Excel). */
static int utf16_len(const char *s) {
  int n = 0;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) n += g_utf8_get_char(p) > 0xFFFF ? 2 : 1;
  return n;
}

/* Longest prefix of `s` that fits in `max` UTF-16 units. */
static char *truncate16(const char *s, int max) {
  int n = 0;
  const char *p = s;
  while (*p) {
    int w = g_utf8_get_char(p) > 0xFFFF ? 2 : 1;
    if (n + w > max) break;
    n += w;
    p = g_utf8_next_char(p);
  }
  char *out = g_strndup(s, (gsize)(p - s));
  return g_strchomp(out);
}

/* Replace forbidden and control characters, squeeze whitespace, trim apostrophes and spaces. */
static char *clean(const char *raw) {
  char *valid = g_utf8_make_valid(raw, -1);
  GString *s = g_string_new(NULL);
  for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
    gunichar u = g_utf8_get_char(p);
    if (u < 0x20 || g_unichar_isspace(u)) {
      if (s->len && s->str[s->len - 1] != ' ') g_string_append_c(s, ' ');
    } else if (strchr("[]:*?/\\", (int)u) && u < 0x80) {
      g_string_append_c(s, '_');
    } else {
      g_string_append_unichar(s, u);
    }
  }
  g_free(valid);
  char *out = g_string_free(s, FALSE);
  char *start = out;
  while (*start == '\'' || *start == ' ') start++;
  size_t len = strlen(start);
  while (len && (start[len - 1] == '\'' || start[len - 1] == ' ')) start[--len] = '\0';
  char *res = g_strdup(start);
  g_free(out);
  return res;
}

static gboolean taken(GHashTable *used, const char *name) {
  char *key = g_utf8_casefold(name, -1);
  gboolean hit = g_hash_table_contains(used, key) || !strcmp(key, "history");
  g_free(key);
  return hit;
}

const char *bz_xlsx_table_code(const biao_table *t) {
  const char *code = bz_table_get_meta(t, "code");
  if (code && *code) return code;
  const bz_meaning *m = bz_meaning_of(t);
  return m && m->form_code && *m->form_code ? m->form_code : NULL;
}

char *bz_xlsx_sheet_name(const biao_table *t, const char *project, GHashTable *used) {
  const char *code = bz_xlsx_table_code(t);
  const char *title = project && *project ? project : t->title;
  char *joined = g_strjoin(" ", code ? code : "", title && (!code || !strstr(title, code)) ? title : "", NULL);
  char *base = clean(joined);
  g_free(joined);
  if (!*base) {
    g_free(base);
    base = g_strdup_printf("表%d", t->index);
  }
  char *name = truncate16(base, BZ_SHEET_MAX);
  for (int k = 2; taken(used, name); k++) {
    g_free(name);
    char *suffix = g_strdup_printf(" (%d)", k);
    char *head = truncate16(base, BZ_SHEET_MAX - utf16_len(suffix));
    name = g_strconcat(head, suffix, NULL);
    g_free(head);
    g_free(suffix);
  }
  g_free(base);
  g_hash_table_add(used, g_utf8_casefold(name, -1));
  return name;
}
