/* semantic.c — the meaning part of the model (semantic.h): storage, read accessors, and the public
 * accessors of forms and check results. Nothing here computes a meaning: normalize/meaning.c does,
 * once, while the document is opened. */
#include "semantic.h"

#include <string.h>

#include "model.h"

static void check_free(gpointer p) { g_free(p); /* cells included */ }

bz_meaning *bz_table_attach_meaning(biao_table *t) {
  bz_meaning_free(t->meaning);
  bz_meaning *m = g_new0(bz_meaning, 1);
  m->n_rows = t->n_rows;
  m->n_cols = t->n_cols;
  m->col_path = g_new0(const char *, MAX(t->n_cols, 1));
  m->col_role = g_new0(bz_colrole, MAX(t->n_cols, 1));
  m->col_unit = g_new0(const char *, MAX(t->n_cols, 1));
  m->rows = g_new0(bz_rowmeta, MAX(t->n_rows, 1));
  m->column_numbers_row = m->row_number_col = m->code_col = m->label_col = -1;
  m->checks = g_ptr_array_new_with_free_func(check_free);
  int first = 0;
  bz_meaning_set_sides(m, 1, &first);
  t->meaning = m;
  return m;
}

static void values_free(bz_meaning *m) {
  g_clear_pointer(&m->values, g_free);
  if (m->value_extras) g_array_free(m->value_extras, TRUE);
  m->value_extras = NULL;
  if (m->value_units) g_ptr_array_free(m->value_units, TRUE);
  m->value_units = NULL;
  if (m->value_strings) g_string_chunk_free(m->value_strings);
  m->value_strings = NULL;
}

void bz_meaning_values_reset(bz_meaning *m) {
  values_free(m);
  size_t n = (size_t)MAX(m->n_rows, 0) * (size_t)MAX(m->n_cols, 0);
  m->values = g_new0(bz_vslot, MAX(n, 1));
  m->value_extras = g_array_new(FALSE, TRUE, sizeof(bz_vextra));
  m->value_units = g_ptr_array_new();
  m->value_strings = g_string_chunk_new(4096);
}

static void sides_free(bz_meaning *m) {
  for (int i = 1; i < m->n_sides; i++) g_free(m->sides[i].rows);
  g_clear_pointer(&m->sides, g_free);
  m->n_sides = 0;
}

void bz_meaning_set_sides(bz_meaning *m, int n, const int *starts) {
  sides_free(m);
  m->n_sides = MAX(n, 1);
  m->sides = g_new0(bz_side, m->n_sides);
  for (int i = 0; i < m->n_sides; i++) {
    bz_side *s = &m->sides[i];
    s->first_col = n > 0 ? starts[i] : 0;
    s->end_col = i + 1 < n ? starts[i + 1] : m->n_cols;
    s->label_col = s->code_col = -1;
    s->rows = i == 0 ? m->rows : g_new0(bz_rowmeta, MAX(m->n_rows, 1));
  }
}

void bz_meaning_free(bz_meaning *m) {
  if (!m) return;
  sides_free(m);
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

/* The cell whose top-left corner is (row, col) (the cells are sorted by it), or NULL. */
static const bz_cell *cell_starting_at(const biao_table *t, int row, int col) {
  guint lo = 0, hi = t->cells->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    const bz_cell *c = &g_array_index(t->cells, bz_cell, mid);
    if (c->row == row && c->col == col) return c;
    if (c->row < row || (c->row == row && c->col < col)) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* text without its ',' in out (size 48), or NULL when it does not fit. */
static const char *ungrouped(const char *text, char *out) {
  gsize n = 0;
  for (const char *p = text; *p; p++) {
    if (*p == ',') continue;
    if (n + 1 >= sizeof ((bz_value *)0)->digits) return NULL;
    out[n++] = *p;
  }
  out[n] = '\0';
  return out;
}

/* The length of the decimal text starts with ("67.07" of "67.07%"). */
static gsize leading(const char *text) { return strspn(text, "-0123456789."); }

static const char *decode(bz_vdec how, const char *text, const char *extra, char *digits) {
  switch (how) {
  case BZ_VDEC_TEXT: return text;
  case BZ_VDEC_UNGROUPED: return ungrouped(text, digits);
  case BZ_VDEC_LEADING: {
    gsize n = MIN(leading(text), sizeof ((bz_value *)0)->digits - 1); /* encode saw it fit */
    memcpy(digits, text, n);
    digits[n] = '\0';
    return digits;
  }
  case BZ_VDEC_EXTRA: return extra;
  default: return NULL;
  }
}

const bz_value *bz_value_at(const biao_table *t, int row, int col, bz_value *buf) {
  const bz_meaning *m = bz_meaning_of(t);
  if (!m || !m->values || row < 0 || col < 0 || row >= m->n_rows || col >= m->n_cols) return NULL;
  const bz_vslot *s = &m->values[(size_t)row * m->n_cols + col];
  buf->kind = (bz_vkind)s->kind;
  buf->unit = s->unit ? g_ptr_array_index(m->value_units, s->unit - 1) : NULL;
  static const bz_vextra none;
  const bz_vextra *x = s->extra ? &g_array_index(m->value_extras, bz_vextra, s->extra - 1) : &none;
  if (!s->unit) buf->unit = x->unit;
  buf->op = x->op;
  buf->numbers = x->numbers;
  buf->orig_unit = x->orig_unit;
  gboolean in_text = (s->dec != BZ_VDEC_NONE && s->dec != BZ_VDEC_EXTRA) ||
                     (s->orig != BZ_VDEC_NONE && s->orig != BZ_VDEC_EXTRA);
  const bz_cell *c = in_text ? cell_starting_at(t, row, col) : NULL;
  const char *text = c ? c->text : "";
  buf->dec = decode(s->dec, text, x->dec, buf->digits);
  buf->orig_dec = decode(s->orig, text, x->orig_dec, buf->digits); /* both ungrouped: the same */
  return buf;
}

/* The 1-based index of unit among the meaning's units (added when new), 0 when there are too many.
 * Equal texts share one entry: a unit printed in each cell ("3379.81万元") is a copy of its own. */
static guint8 unit_index(bz_meaning *m, const char *unit) {
  for (guint i = 0; i < m->value_units->len; i++) {
    const char *u = g_ptr_array_index(m->value_units, i);
    if (u == unit || !strcmp(u, unit)) return (guint8)(i + 1);
  }
  if (m->value_units->len >= G_MAXUINT8) return 0;
  g_ptr_array_add(m->value_units, (gpointer)unit);
  return (guint8)m->value_units->len;
}

/* Where the decimal d of the cell text `text` can be found again; *keep: d itself, or its copy
 * when it is in v->digits (a stack buffer). */
static bz_vdec encode(bz_meaning *m, const bz_value *v, const char *d, const char *text, const char **keep) {
  char digits[sizeof v->digits];
  *keep = NULL;
  if (!d) return BZ_VDEC_NONE;
  if (text && !strcmp(d, text)) return BZ_VDEC_TEXT;
  if (text && strchr(text, ',') && ungrouped(text, digits) && !strcmp(d, digits)) return BZ_VDEC_UNGROUPED;
  gsize n = strlen(d);
  if (text && n < sizeof digits && leading(text) == n && !strncmp(d, text, n)) return BZ_VDEC_LEADING;
  gboolean local = d >= v->digits && d < v->digits + sizeof v->digits;
  *keep = local ? g_string_chunk_insert(m->value_strings, d) : d;
  return BZ_VDEC_EXTRA;
}

void bz_meaning_value_set(biao_table *t, int row, int col, const bz_value *v) {
  bz_meaning *m = bz_meaning_mut(t);
  g_return_if_fail(m && m->values && row >= 0 && col >= 0 && row < m->n_rows && col < m->n_cols);
  bz_vslot *s = &m->values[(size_t)row * m->n_cols + col];
  const bz_cell *c = v->dec || v->orig_dec ? cell_starting_at(t, row, col) : NULL;
  const char *text = c ? c->text : NULL;
  bz_vextra x = {.op = v->op, .numbers = v->numbers, .orig_unit = v->orig_unit};
  s->kind = (guint8)v->kind;
  s->dec = (guint8)encode(m, v, v->dec, text, &x.dec);
  s->orig = (guint8)encode(m, v, v->orig_dec, text, &x.orig_dec);
  s->unit = v->unit ? unit_index(m, v->unit) : 0;
  if (v->unit && !s->unit) x.unit = v->unit;
  if (!x.dec && !x.unit && !x.op && !x.numbers && !x.orig_dec && !x.orig_unit) {
    s->extra = 0; /* an old entry stays unused: a value is set a few times at most */
    return;
  }
  if (!s->extra) {
    g_array_append_val(m->value_extras, x);
    s->extra = m->value_extras->len;
  } else
    g_array_index(m->value_extras, bz_vextra, s->extra - 1) = x;
}

const char *bz_meaning_dec(const biao_table *t, int row, int col, bz_value *buf) {
  const bz_value *v = bz_value_at(t, row, col, buf);
  return v && (v->kind == BZ_V_NUMBER || v->kind == BZ_V_PERCENT) ? v->dec : NULL;
}

const char *bz_vkind_name(bz_vkind k) {
  switch (k) {
  case BZ_V_EMPTY: return "empty";
  case BZ_V_PLACEHOLDER: return "placeholder";
  case BZ_V_TEXT: return "text";
  case BZ_V_NUMBER: return "number";
  case BZ_V_PERCENT: return "percent";
  case BZ_V_CODE: return "code";
  }
  return "text";
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

int biao_table_check_status(const biao_table *t, size_t i, const char **where, const char **reason) {
  if (i >= biao_table_check_count(t)) return BIAO_ERR_USAGE;
  const bz_check *k = g_ptr_array_index(bz_meaning_of(t)->checks, i);
  if (where) *where = k->where;
  if (reason) *reason = k->skip;
  return k->skip ? BIAO_CHECK_NOT_CHECKED : k->ok ? BIAO_CHECK_PASSED : BIAO_CHECK_FAILED;
}
