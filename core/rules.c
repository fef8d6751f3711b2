/* rules.c — loading, caching and matching the PCRE2 rules of rules/NAME.rules (format: rules/README.md). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <gio/gio.h>
#include <pcre2.h>
#include <string.h>

#include "error.h"
#include "model.h"

/* builtin_rules.c, generated from rules/ by glib-compile-resources at build time */
GResource *bz_builtin_rules_get_resource(void);
void bz_builtin_rules_register_resource(void);

static gpointer register_builtin(gpointer unused) {
  (void)unused;
  bz_builtin_rules_register_resource(); /* once per process; never unregistered */
  return bz_builtin_rules_get_resource();
}

static GResource *builtin_resource(void) {
  static GOnce once = G_ONCE_INIT;
  return g_once(&once, register_builtin, NULL);
}

typedef struct bz_rule {
  const char *category; /* interned (g_intern_string) */
  const char *name;     /* interned */
  const char *file;     /* interned: the rule file, for messages */
  int line;             /* 1-based line in it */
  pcre2_code *code;
} bz_rule;

/* Bounds on one match. PCRE2's defaults (10 M backtracking steps, 20 MB of heap) let a rule like
 * (a+)+$ spend seconds on every line; no rule of ours needs more than a few thousand steps, and a
 * cut line is at most 1 MiB. The same limits apply to JIT matching (match limit; the JIT stack,
 * 32 KiB by default, stands for the depth). */
#define BZ_RULE_MATCH_LIMIT 1000000
#define BZ_RULE_DEPTH_LIMIT 10000

static gpointer new_match_context(gpointer unused) {
  (void)unused;
  pcre2_match_context *mc = pcre2_match_context_create(NULL);
  pcre2_set_match_limit(mc, BZ_RULE_MATCH_LIMIT);
  pcre2_set_depth_limit(mc, BZ_RULE_DEPTH_LIMIT);
  return mc;
}

/* Shared by all threads: a match context is only read during a match. */
static pcre2_match_context *match_context(void) {
  static GOnce once = G_ONCE_INIT;
  return g_once(&once, new_match_context, NULL);
}

void *bz_rules_match_context(void) { return match_context(); }

/* The document being read on this thread (bz_rules_run_begin), so that a rule hitting a limit
 * can be reported on it and skipped for the rest of it. */
static GPrivate current_run;

struct bz_rules {
  GPtrArray *rules; /* bz_rule*, in match order */
};

static void rule_free(gpointer p) {
  bz_rule *r = p;
  pcre2_code_free(r->code);
  g_free(r);
}

static bz_rules *rules_new(void) {
  bz_rules *rs = g_new0(bz_rules, 1);
  rs->rules = g_ptr_array_new_with_free_func(rule_free);
  return rs;
}

void bz_rules_free(bz_rules *rs) {
  if (!rs) return;
  g_ptr_array_free(rs->rules, TRUE);
  g_free(rs);
}

static gboolean is_word(const char *s, gsize n, gboolean name) {
  if (n == 0) return FALSE;
  for (gsize i = 0; i < n; i++) {
    char c = s[i];
    if (!(g_ascii_isalnum(c) || c == '_' || (name && (c == '-' || c == '.')))) return FALSE;
  }
  return TRUE;
}

/* Parse "category name /pattern/flags" into a compiled rule. */
static int parse_line(const char *path, int lineno, const char *line, bz_rule **out, biao_error *err) {
  const char *p = line;
  while (*p == ' ' || *p == '\t') p++;
  const char *cat = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  gsize ncat = (gsize)(p - cat);
  while (*p == ' ' || *p == '\t') p++;
  const char *name = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  gsize nname = (gsize)(p - name);
  while (*p == ' ' || *p == '\t') p++;
  const char *end = p + strlen(p);
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
  const char *last = end;
  while (last > p && last[-1] != '/') last--; /* just after the closing '/' */
  if (!is_word(cat, ncat, FALSE) || !is_word(name, nname, TRUE) || *p != '/' || last <= p + 1)
    return bz_fail_at(err, BIAO_ERR_RULES, path, 0, lineno, -1,
                      "expected 'category name /pattern/flags'");
  uint32_t opts = PCRE2_UTF | PCRE2_UCP;
  for (const char *f = last; f < end; f++) {
    switch (*f) {
    case 'i': opts |= PCRE2_CASELESS; break;
    case 'x': opts |= PCRE2_EXTENDED; break;
    case 's': opts |= PCRE2_DOTALL; break;
    case 'm': opts |= PCRE2_MULTILINE; break;
    default:
      return bz_fail_at(err, BIAO_ERR_RULES, path, 0, lineno, (long)(f - line),
                        "unknown flag '%c' (known: i x s m)", *f);
    }
  }
  const char *pat = p + 1;
  gsize npat = (gsize)(last - 1 - pat);
  int code = 0;
  PCRE2_SIZE off = 0;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, npat, opts, &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    return bz_fail_at(err, BIAO_ERR_RULES, path, 0, lineno, (long)off,
                      "rule '%.*s': PCRE2 error at pattern offset %lu: %s", (int)nname,
                      name, (unsigned long)off, (const char *)msg);
  }
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* optional speed-up; failure is harmless */
  bz_rule *r = g_new0(bz_rule, 1);
  char *c = g_strndup(cat, ncat), *n = g_strndup(name, nname);
  r->category = g_intern_string(c);
  r->name = g_intern_string(n);
  g_free(c);
  g_free(n);
  r->code = re;
  r->file = g_intern_string(path);
  r->line = lineno;
  *out = r;
  return BIAO_OK;
}

static int load_text(bz_rules *rs, const char *path, const char *text, gsize len, biao_error *err) {
  if (!g_utf8_validate(text, (gssize)len, NULL))
    return bz_fail(err, BIAO_ERR_RULES, path, "rule file is not valid UTF-8");
  char **lines = g_strsplit(text, "\n", -1);
  int rc = BIAO_OK;
  for (int i = 0; lines[i] && rc == BIAO_OK; i++) {
    const char *l = lines[i];
    while (*l == ' ' || *l == '\t') l++;
    if (!*l || *l == '#' || *l == '\r') continue;
    bz_rule *r = NULL;
    rc = parse_line(path, i + 1, lines[i], &r, err);
    if (rc == BIAO_OK) g_ptr_array_add(rs->rules, r);
  }
  g_strfreev(lines);
  return rc;
}

/* g_ptr_array_sort passes pointers to the elements, not the elements. */
static int cmp_name(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.rules names of a folder (or of a resource folder when res is given), sorted. NULL when the
 * folder does not exist. */
static GPtrArray *rule_names(GResource *res, const char *dir) {
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  if (res) {
    char **kids = g_resource_enumerate_children(res, dir, 0, NULL);
    if (!kids) {
      g_ptr_array_free(names, TRUE);
      return NULL;
    }
    for (char **k = kids; *k; k++)
      if (g_str_has_suffix(*k, ".rules")) g_ptr_array_add(names, g_strdup(*k));
    g_strfreev(kids);
  } else {
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
      g_ptr_array_free(names, TRUE);
      return NULL;
    }
    for (const char *n; (n = g_dir_read_name(d));)
      if (g_str_has_suffix(n, ".rules")) g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
  }
  g_ptr_array_sort(names, cmp_name);
  return names;
}

#define BUILTIN_PREFIX "/org/biao/rules/"

int bz_rule_files_each(const char *dir, const char *sub, bz_rule_file_fn fn, void *data, biao_error *err) {
  GResource *res = NULL;
  char *folder;
  if (!dir) dir = bz_rules_builtin_dir();
  if (strcmp(dir, BZ_RULES_BUILTIN) == 0) {
    res = builtin_resource();
    folder = g_strconcat(BUILTIN_PREFIX, sub ? sub : "", sub ? "/" : "", NULL);
  } else {
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
      return bz_fail(err, BIAO_ERR_RULES, dir, "rules folder not found (or not a folder)");
    folder = sub ? g_build_filename(dir, sub, NULL) : g_strdup(dir);
  }
  GPtrArray *names = rule_names(res, folder);
  int rc = BIAO_OK;
  if (!names && !sub && !res) rc = bz_fail(err, BIAO_ERR_RULES, dir, "cannot open rules folder");
  for (guint i = 0; names && i < names->len && rc == BIAO_OK; i++) {
    const char *name = g_ptr_array_index(names, i);
    if (res) {
      char *rpath = g_strconcat(folder, name, NULL);
      char *shown = g_strconcat("(built in) rules/", sub ? sub : "", sub ? "/" : "", name, NULL);
      GBytes *b = g_resource_lookup_data(res, rpath, 0, NULL);
      gsize len = 0;
      const char *text = b ? g_bytes_get_data(b, &len) : NULL;
      rc = text ? fn(shown, text, len, data, err)
                : bz_fail(err, BIAO_ERR_INTERNAL, shown, "built-in rule file missing");
      if (b) g_bytes_unref(b);
      g_free(shown);
      g_free(rpath);
    } else {
      char *path = g_build_filename(folder, name, NULL);
      char *text = NULL;
      gsize len = 0;
      GError *gerr = NULL;
      if (g_file_get_contents(path, &text, &len, &gerr)) {
        rc = fn(path, text, len, data, err);
        g_free(text);
      } else {
        rc = bz_fail(err, BIAO_ERR_RULES, path, "cannot read rule file: %s", gerr->message);
        g_error_free(gerr);
      }
      g_free(path);
    }
  }
  if (names) g_ptr_array_free(names, TRUE);
  g_free(folder);
  return rc;
}

static int load_one(const char *path, const char *text, gsize len, void *data, biao_error *err) {
  return load_text(data, path, text, len, err);
}

/* Append every *.rules file of `dir` (BZ_RULES_BUILTIN: the compiled-in copy), in name order. */
static int load_dir_into(bz_rules *rs, const char *dir, biao_error *err) {
  return bz_rule_files_each(dir, NULL, load_one, rs, err);
}

int bz_rules_load_dir(bz_rules **out, const char *dir, biao_error *err) {
  bz_rules *rs = rules_new();
  int rc = load_dir_into(rs, dir, err);
  if (rc != BIAO_OK) {
    bz_rules_free(rs);
    return rc;
  }
  *out = rs;
  return BIAO_OK;
}

static gpointer find_builtin_dir(gpointer unused) {
  (void)unused;
  const char *env = g_getenv("BIAO_RULES_DIR");
  return (gpointer)(env && *env ? g_strdup(env) : BZ_RULES_BUILTIN);
}

const char *bz_rules_builtin_dir(void) {
  static GOnce once = G_ONCE_INIT;
  return g_once(&once, find_builtin_dir, NULL);
}

/* Cache: user folder ("" = none) -> bz_rules*. Entries live for the whole process. */
static GMutex cache_lock;
static GHashTable *cache;

int bz_rules_get(const bz_rules **out, const char *user_dir, biao_error *err) {
  const char *key = user_dir ? user_dir : "";
  g_mutex_lock(&cache_lock);
  if (!cache) cache = g_hash_table_new(g_str_hash, g_str_equal);
  bz_rules *rs = g_hash_table_lookup(cache, key);
  int rc = BIAO_OK;
  if (!rs) {
    rs = rules_new();
    if (*key) rc = load_dir_into(rs, key, err); /* user rules first: they take precedence */
    if (rc == BIAO_OK) rc = load_dir_into(rs, bz_rules_builtin_dir(), err);
    if (rc == BIAO_OK) {
      g_hash_table_insert(cache, g_strdup(key), rs);
    } else {
      bz_rules_free(rs);
      rs = NULL;
    }
  }
  g_mutex_unlock(&cache_lock);
  *out = rs;
  return rc;
}

void bz_rule_match_clear(bz_rule_match *m) {
  if (!m) return;
  for (int i = 0; i < m->ncaps; i++) g_free(m->caps[i]);
  memset(m, 0, sizeof *m);
}

const char *bz_rule_match_value(const bz_rule_match *m) {
  if (m->ncaps > 1 && m->caps[1] && *m->caps[1]) return m->caps[1];
  return m->ncaps > 0 && m->caps[0] ? m->caps[0] : "";
}

void bz_rules_run_begin(bz_rules_run *run, biao_doc *doc, int strict) {
  memset(run, 0, sizeof *run);
  run->doc = doc;
  run->strict = strict;
  run->skipped = g_hash_table_new(NULL, NULL);
  g_private_set(&current_run, run);
}

int bz_rules_run_end(bz_rules_run *run, biao_error *err) {
  g_private_set(&current_run, NULL);
  g_hash_table_destroy(run->skipped);
  if (run->failed && err) *err = run->failure;
  return run->failed ? BIAO_ERR_RULES : BIAO_OK;
}

/* Limit hits in this process so far: until the first, no rule is skipped and skipped() costs nothing
 * (it is asked for every rule tried on every line). */
static gint any_hit;

/* Is the rule skipped for the rest of the current document (it hit a limit there)? */
static gboolean skipped(const bz_rule *r) {
  if (!g_atomic_int_get(&any_hit)) return FALSE;
  bz_rules_run *run = g_private_get(&current_run);
  return run && g_hash_table_contains(run->skipped, r);
}

static void limit_hit(const bz_rule *r, int code) {
  bz_rules_run *run = g_private_get(&current_run);
  if (!run || g_hash_table_contains(run->skipped, r)) return;
  g_hash_table_add(run->skipped, (gpointer)r);
  g_atomic_int_set(&any_hit, 1);
  PCRE2_UCHAR why[128];
  pcre2_get_error_message(code, why, sizeof why);
  if (run->strict && !run->failed) {
    run->failed = 1;
    bz_fail_at(&run->failure, BIAO_ERR_RULES, r->file, 0, r->line, -1,
               "rule '%s' hit PCRE2's limit (%s) on %s (--strict)", r->name, (const char *)why,
               run->doc->path);
  }
  bz_doc_warn(run->doc,
              "rule %s:%d ('%s') hit PCRE2's limit (%s): treated as no match and skipped for the rest "
              "of the document",
              r->file, r->line, r->name, (const char *)why);
}

/* Run one rule; on success fill m (when given) and return TRUE. A rule that hits a match or depth
 * limit does not match (and is reported, see limit_hit). */
static gboolean run_rule(const bz_rule *r, const char *s, gsize len, gsize from, bz_rule_match *m,
                         gsize *mstart, gsize *mend) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->code, NULL);
  int n = pcre2_match(r->code, (PCRE2_SPTR)s, len, from, 0, md, match_context());
  if (n == PCRE2_ERROR_MATCHLIMIT || n == PCRE2_ERROR_DEPTHLIMIT || n == PCRE2_ERROR_HEAPLIMIT ||
      n == PCRE2_ERROR_JIT_STACKLIMIT)
    limit_hit(r, n);
  gboolean ok = n > 0;
  if (ok) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    *mstart = ov[0];
    *mend = ov[1];
    if (m) {
      memset(m, 0, sizeof *m);
      m->category = r->category;
      m->name = r->name;
      m->start = ov[0];
      m->end = ov[1];
      uint32_t groups = pcre2_get_ovector_count(md);
      m->ncaps = (int)MIN(groups, (uint32_t)BZ_RULE_MAX_CAPS);
      for (int i = 0; i < m->ncaps; i++) {
        if (i < n && ov[2 * i] != PCRE2_UNSET)
          m->caps[i] = g_strndup(s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
        else
          m->caps[i] = g_strdup("");
      }
    }
  }
  pcre2_match_data_free(md);
  return ok;
}

static gboolean is_trim_char(gunichar c) {
  return g_unichar_isspace(c) || c == 0x3000 || c == 0xFEFF || c == 0x00A0;
}

static gboolean match_impl(const bz_rules *rs, const char *category, const char *s, bz_rule_match *m,
                           gboolean full) {
  if (!rs || !s) return FALSE;
  const char *cat = g_intern_string(category);
  const char *b = s, *e = s + strlen(s);
  if (full) {
    while (b < e && is_trim_char(g_utf8_get_char(b))) b = g_utf8_next_char(b);
    while (e > b) {
      const char *prev = g_utf8_prev_char(e);
      if (!is_trim_char(g_utf8_get_char(prev))) break;
      e = prev;
    }
  }
  gsize len = (gsize)(e - b);
  for (guint i = 0; i < rs->rules->len; i++) {
    const bz_rule *r = g_ptr_array_index(rs->rules, i);
    if (r->category != cat || skipped(r)) continue;
    gsize ms = 0, me = 0;
    if (!run_rule(r, b, len, 0, NULL, &ms, &me)) continue;
    if (full && (ms != 0 || me != len)) continue;
    if (m) run_rule(r, b, len, 0, m, &ms, &me);
    if (m && full) {
      m->start += (gsize)(b - s);
      m->end += (gsize)(b - s);
    }
    return TRUE;
  }
  return FALSE;
}

gboolean bz_rules_match(const bz_rules *rs, const char *category, const char *s, bz_rule_match *m) {
  return match_impl(rs, category, s, m, FALSE);
}

gboolean bz_rules_match_full(const bz_rules *rs, const char *category, const char *s, bz_rule_match *m) {
  return match_impl(rs, category, s, m, TRUE);
}

char *bz_rules_strip(const bz_rules *rs, const char *category, const char *s) {
  if (!s) return g_strdup("");
  char *cur = g_strdup(s);
  if (!rs) return cur;
  const char *cat = g_intern_string(category);
  for (guint i = 0; i < rs->rules->len; i++) {
    const bz_rule *r = g_ptr_array_index(rs->rules, i);
    if (r->category != cat || skipped(r)) continue;
    GString *out = g_string_new(NULL);
    gsize len = strlen(cur), from = 0, ms = 0, me = 0;
    while (from <= len && run_rule(r, cur, len, from, NULL, &ms, &me)) {
      g_string_append_len(out, cur + from, (gssize)(ms - from));
      if (me == ms) { /* empty match: copy one character and go on */
        if (ms >= len) break;
        const char *nx = g_utf8_next_char(cur + ms);
        g_string_append_len(out, cur + ms, nx - (cur + ms));
        me = (gsize)(nx - cur);
      }
      from = me;
    }
    if (from < len) g_string_append(out, cur + from);
    g_free(cur);
    cur = g_string_free(out, FALSE);
  }
  return cur;
}

guint bz_rules_count(const bz_rules *rs, const char *category) {
  if (!rs) return 0;
  const char *cat = g_intern_string(category);
  guint n = 0;
  for (guint i = 0; i < rs->rules->len; i++)
    if (((const bz_rule *)g_ptr_array_index(rs->rules, i))->category == cat) n++;
  return n;
}
