/* meaning.c — the semantic pass: orders the analyses of each table and owns their results.
 * Order matters: the form is known from text alone; headers need cell kinds; the percent columns
 * found in headers re-type their cells; 科目 codes need the header; units need column roles;
 * checks need everything. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "meaning.h"
#include "rules.h"

#include <string.h>

static void check_free(gpointer p) { g_free(p); /* cells included */ }

/* Typed values are transient: the pass types a table, runs its checks and frees them; they are
 * typed again (the same steps, from the header, roles and rows the pass kept) the first time
 * someone asks (bz_value_at), and the writers free them after each table. A 10 MB DOCX has ~0.5M
 * cells: holding every table's values at once was over half of biao's memory. */
static void values_free(bz_meaning *m) {
  g_clear_pointer(&m->values, g_free);
  if (m->value_strings) g_string_chunk_free(m->value_strings);
  m->value_strings = NULL;
}

static void meaning_free(void *p) {
  bz_meaning *m = p;
  if (!m) return;
  values_free(m);
  g_free(m->col_path);
  g_free(m->col_role);
  g_free(m->col_unit);
  g_free(m->rows);
  if (m->checks) g_ptr_array_free(m->checks, TRUE);
  g_free(m);
}

const bz_meaning *bz_meaning_of(const biao_table *t) { return t ? t->meaning : NULL; }
bz_meaning *bz_meaning_mut(biao_table *t) { return t ? t->meaning : NULL; }

static void values_type(biao_table *t, bz_meaning *m);

const bz_value *bz_value_at(const biao_table *t, int row, int col) {
  bz_meaning *m = t ? t->meaning : NULL;
  if (!m || row < 0 || col < 0 || row >= m->n_rows || col >= m->n_cols) return NULL;
  if (!m->values) values_type((biao_table *)t, m); /* released: typed again (see values_free) */
  return &m->values[(size_t)row * m->n_cols + col];
}

void bz_meaning_release_values(biao_table *t) {
  bz_meaning *m = t ? t->meaning : NULL;
  if (m) values_free(m);
}

const char *bz_meaning_dec(const biao_table *t, int row, int col) {
  const bz_value *v = bz_value_at(t, row, col);
  return v && (v->kind == BZ_V_NUMBER || v->kind == BZ_V_PERCENT) ? v->dec : NULL;
}

/* Yes/no matching of short label texts happens millions of times on a large document (every rule
 * against every label), so it goes to PCRE2 directly: each pattern is compiled once per process
 * (patterns are the library's literals and the rule files' values: a bounded set), and each thread
 * reuses one match block. GLib's g_regex_match() allocates a match context per call. */
G_LOCK_DEFINE_STATIC(re_cache);

static void match_data_free(gpointer p) { pcre2_match_data_free(p); }

/* In front of the cache: the last patterns seen by this thread, by address. Hashing a pattern's
 * text on every call (number_re is 400 bytes, matched for every amount) cost more than the match;
 * an address hit is confirmed with strcmp, as a freed rule file's pattern may reuse an address. */
#define RE_FRONT 16
typedef struct {
  const char *pattern; /* the caller's address */
  const char *text;    /* the cache's copy of the pattern */
  pcre2_code *re;
} re_front;

static pcre2_code *re_compiled_slow(const char *pattern, const char **text);

static pcre2_code *re_compiled(const char *pattern) {
  static GPrivate front_key = G_PRIVATE_INIT(g_free);
  re_front *front = g_private_get(&front_key);
  if (!front) {
    front = g_new0(re_front, RE_FRONT);
    g_private_set(&front_key, front);
  }
  if (!pattern) return NULL;
  guint slot = (guint)(((guint64)(guintptr)pattern * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >> 60) % RE_FRONT;
  if (front[slot].pattern == pattern && strcmp(pattern, front[slot].text) == 0) return front[slot].re;
  const char *text = NULL;
  pcre2_code *re = re_compiled_slow(pattern, &text);
  front[slot].pattern = pattern;
  front[slot].text = text;
  front[slot].re = re;
  return re;
}

static pcre2_code *re_compiled_slow(const char *pattern, const char **text) {
  static GHashTable *cache;
  G_LOCK(re_cache);
  if (!cache) cache = g_hash_table_new(g_str_hash, g_str_equal);
  gpointer key = NULL, re = NULL;
  if (!g_hash_table_lookup_extended(cache, pattern, &key, &re)) {
    int code;
    PCRE2_SIZE off;
    re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
    key = g_strdup(pattern);
    g_hash_table_insert(cache, key, re); /* NULL too: a bad pattern never matches */
  }
  G_UNLOCK(re_cache);
  *text = key; /* never freed: the cache lives as long as the process */
  return re;
}

/* This thread's match block, sized for bz_re_groups' at most 16 groups (bz_re_match needs fewer;
 * neither keeps anything in it between calls, so they share it). */
static pcre2_match_data *match_data(void) {
  static GPrivate md_key = G_PRIVATE_INIT(match_data_free);
  pcre2_match_data *md = g_private_get(&md_key);
  if (!md) {
    md = pcre2_match_data_create(16, NULL);
    g_private_set(&md_key, md);
  }
  return md;
}

gboolean bz_re_match(const char *pattern, const char *s) {
  if (!s || !pattern) return FALSE;
  pcre2_code *re = re_compiled(pattern);
  return re && pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, match_data(),
                           bz_rules_match_context()) >= 0;
}

gboolean bz_re_groups(const char *pattern, const char *s, gsize start, int n, gssize *out) {
  if (!s || !pattern || n < 1 || n > 16) return FALSE;
  pcre2_code *re = re_compiled(pattern);
  if (!re) return FALSE;
  pcre2_match_data *md = match_data();
  int rc = pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, start, 0, md, bz_rules_match_context());
  if (rc < 0) return FALSE;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  for (int i = 0; i < n; i++) {
    gboolean set = i < rc && ov[2 * i] != PCRE2_UNSET;
    out[2 * i] = set ? (gssize)ov[2 * i] : -1;
    out[2 * i + 1] = set ? (gssize)ov[2 * i + 1] : -1;
  }
  return TRUE;
}

int bz_re_group_index(const char *pattern, const char *name) {
  pcre2_code *re = re_compiled(pattern);
  return re ? pcre2_substring_number_from_name(re, (PCRE2_SPTR)name) : -1;
}

char *bz_re_group_dup(const char *s, const gssize *out, int i) {
  if (out[2 * i] < 0 || out[2 * i + 1] <= out[2 * i]) return NULL;
  return g_strndup(s + out[2 * i], (gsize)(out[2 * i + 1] - out[2 * i]));
}

/* Does s hold a character bz_header_key() removes? */
static gboolean has_space(const char *s) {
  for (const char *p = s; *p;) {
    if ((guchar)*p < 0x80) {
      if (g_ascii_isspace(*p)) return TRUE;
      p++;
      continue;
    }
    if (g_unichar_isspace(g_utf8_get_char(p))) return TRUE;
    p = g_utf8_next_char(p);
  }
  return FALSE;
}

const char *bz_header_key(biao_doc *doc, const char *text) {
  if (!text) return "";
  if (!has_space(text)) return text; /* the cell's own (interned) text: most cells */
  GString *o = g_string_new(NULL);
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!g_unichar_isspace(c)) g_string_append_unichar(o, c);
  }
  const char *r = bz_doc_intern(doc, o->str);
  g_string_free(o, TRUE);
  return r;
}

const char *bz_cell_key(biao_doc *doc, const biao_table *t, const bz_cell *c) {
  (void)t; /* most keys are the text itself; the others are interned once, de-duplicated */
  return bz_header_key(doc, c->text);
}

const char *bz_owner_key(biao_doc *doc, biao_table *t, int row, int col) {
  const bz_cell *o = bz_table_owner(t, row, col);
  return o ? bz_cell_key(doc, t, o) : "";
}

static bz_meaning *attach(biao_doc *doc, biao_table *t) {
  if (t->meaning_free) t->meaning_free(t->meaning);
  bz_meaning *m = g_new0(bz_meaning, 1);
  m->n_rows = t->n_rows;
  m->n_cols = t->n_cols;
  m->doc = doc;
  m->col_path = g_new0(const char *, MAX(t->n_cols, 1));
  m->col_role = g_new0(bz_colrole, MAX(t->n_cols, 1));
  m->col_unit = g_new0(const char *, MAX(t->n_cols, 1));
  m->rows = g_new0(bz_rowmeta, MAX(t->n_rows, 1));
  m->column_numbers_row = m->row_number_col = m->code_col = m->label_col = -1;
  m->checks = g_ptr_array_new_with_free_func(check_free);
  t->meaning = m;
  t->meaning_free = meaning_free;
  return m;
}

/* Empty values for every position; their strings go to the meaning's own arena while typing. */
static void values_begin(biao_doc *doc, bz_meaning *m) {
  values_free(m);
  size_t n = (size_t)MAX(m->n_rows, 0) * (size_t)MAX(m->n_cols, 0);
  m->values = g_new0(bz_value, MAX(n, 1));
  m->value_strings = g_string_chunk_new(4096);
  doc->scratch = m->value_strings;
}

/* Type every cell (rates_only: again, only the cells of the rate columns the header named, where a
 * plain "92.61" under 执行率 is a percent). */
static void type_cells(biao_doc *doc, biao_table *t, bz_meaning *m, gboolean rates_only) {
  for (guint i = 0; i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (c->row >= m->n_rows || c->col >= m->n_cols) continue;
    int pct = m->col_role[c->col] == BZ_COL_PERCENT && c->row >= t->header_rows;
    if (rates_only && !pct) continue;
    bz_value_parse(doc, c->text, pct, &m->values[(size_t)c->row * m->n_cols + c->col]);
  }
}

/* Forms without a header (绩效自评表) name 执行率 in a row of their own: the numbers below it are
 * rates even when printed without '%' ("92.61"). */
static void local_rates(biao_doc *doc, biao_table *t, bz_meaning *m) {
  for (guint i = 0; i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (c->row < t->header_rows || !bz_re_match("^(预算)?执行率$|^完成率$", bz_cell_key(doc, t, c)))
      continue;
    for (int r = c->row + 1; r < MIN(m->n_rows, c->row + 7); r++) {
      bz_value *v = &m->values[(size_t)r * m->n_cols + c->col];
      if (v->kind == BZ_V_NUMBER && !v->unit) {
        v->kind = BZ_V_PERCENT;
        v->unit = "%";
      }
    }
  }
}

/* The value steps of the pass again, on a table whose header, roles and rows are known: the roles
 * are final, so one typing of the cells already types the rate columns as rates. */
static void values_type(biao_table *t, bz_meaning *m) {
  biao_doc *doc = m->doc;
  GStringChunk *saved = doc->scratch;
  values_begin(doc, m);
  type_cells(doc, t, m, FALSE);
  local_rates(doc, t, m);
  bz_meaning_units(doc, t, m, m->unit_mode);
  doc->scratch = saved;
}

int bz_meaning_run(biao_doc *doc, const biao_options *opt, biao_error *err) {
  GPtrArray *rules = NULL;
  int rc = bz_meaning_checks_load(opt, &rules, err);
  if (rc != BIAO_OK) return rc;
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    bz_meaning *m = attach(doc, t);
    m->unit_mode = opt ? opt->unit : BIAO_UNIT_KEEP;
    bz_meaning_form(doc, t, m);
    values_begin(doc, m);
    type_cells(doc, t, m, FALSE);
    bz_meaning_headers(doc, t, m);
    type_cells(doc, t, m, TRUE);
    local_rates(doc, t, m);
    bz_meaning_subjects(doc, t, m);
    bz_meaning_units(doc, t, m, m->unit_mode);
    doc->scratch = NULL;
    bz_meaning_checks_table(doc, t, rules);
    bz_table_release_caches(t);
    values_free(m);
  }
  bz_meaning_checks_doc(doc, rules);
  for (guint i = 0; i < doc->tables->len; i++) { /* the tables the cross-table checks read */
    biao_table *t = g_ptr_array_index(doc->tables, i);
    bz_table_release_caches(t);
    bz_meaning_release_values(t);
  }
  bz_meaning_checks_unload(rules);
  return BIAO_OK;
}

const char *biao_table_form(const biao_table *t) {
  const bz_meaning *m = bz_meaning_of(t);
  return m ? m->form : NULL;
}

size_t biao_table_check_count(const biao_table *t) {
  const bz_meaning *m = bz_meaning_of(t);
  return m ? m->checks->len : 0;
}

int biao_table_check(const biao_table *t, size_t i, const char **rule, int *ok, const char **expected,
                     const char **actual, const char **what, int *row, int *col) {
  if (i >= biao_table_check_count(t)) return BIAO_ERR_USAGE;
  const bz_check *k = g_ptr_array_index(bz_meaning_of(t)->checks, i);
  if (rule) *rule = k->rule;
  if (ok) *ok = k->ok;
  if (expected) *expected = k->expected;
  if (actual) *actual = k->actual;
  if (what) *what = k->what;
  if (row) *row = k->n_cells ? k->cells[0] : -1;
  if (col) *col = k->n_cells ? k->cells[1] : -1;
  return BIAO_OK;
}
