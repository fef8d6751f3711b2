/* codecells.c — digits that identify rather than count: 科目编码 (201, 20101, 2010101), 类/款/项
 * parts ("05"), 行次/栏次 and 序号 numbers, numbers in header rows, identifiers with a leading zero
 * or more than 11 digits (a performance form's first rows are fields, not headers). Their value kind becomes BZ_V_CODE, which every writer keeps as text
 * (JSON kind "code" without a number, XLSX and pandas text), so a code is text in every output.
 *
 * Runs after headers and 科目 codes are known. Besides the columns the header calls codes, a column
 * is one when a cell anywhere names codes (编码, 代码, 编号, 行次, 栏次, 科目号, 序号, or just 类 / 款 /
 * 项: readers do not always count every header row), or when its digit cells behave like codes
 * (one has a leading zero, or one is a proper prefix of another: 201 → 20101 → 2010101). */
#include <string.h>

#include "meaning.h"

/* Pure integers printed without separators longer than this are identifiers, not amounts. */
#define MAX_PLAIN_DIGITS 11
/* Column labels are short ("功能分类科目编码"); longer text is a sentence. */
#define MAX_LABEL 12

static gboolean all_digits(const char *s) {
  if (!*s) return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit(*s)) return FALSE;
  return TRUE;
}

/* A label naming codes. A label spanning several columns counts only when it names codes and not
 * names ("科目编码" over 类/款/项, but not "科目编码及名称" over the code and the name column). */
static gboolean is_code_label(const char *key, int colspan) {
  static const char *const words[] = {"代码", "编码", "编号", "行次", "栏次", "科目号", "序号"};
  if (strpbrk(key, "0123456789") || g_utf8_strlen(key, -1) > MAX_LABEL) return FALSE;
  if (colspan > 1) return (strstr(key, "编码") || strstr(key, "代码")) && !strstr(key, "名称");
  for (guint i = 0; i < G_N_ELEMENTS(words); i++)
    if (strstr(key, words[i])) return TRUE;
  return !strcmp(key, "类") || !strcmp(key, "款") || !strcmp(key, "项");
}

/* A row whose label says it numbers the columns (栏次) or lines (行次). */
static gboolean is_label_row(biao_doc *doc, biao_table *t, int r) {
  for (int k = 0; k < t->n_cols && k < 3; k++) {
    const char *s = bz_owner_key(doc, t, r, k);
    if (!strcmp(s, "栏次") || !strcmp(s, "行次")) return TRUE;
  }
  return FALSE;
}

/* Digit cells that behave like codes (cells without digits, such as 合计, are ignored). */
static gboolean is_code_column(biao_table *t, int k) {
  GPtrArray *vals = g_ptr_array_new();
  gboolean code = FALSE, digits_only = TRUE;
  for (int r = t->header_rows; r < t->n_rows && digits_only; r++) {
    const bz_cell *c = bz_table_cell_at(t, r, k);
    if (!c || !*c->text) continue;
    if (all_digits(c->text)) g_ptr_array_add(vals, (gpointer)c->text);
    else if (strpbrk(c->text, "0123456789")) digits_only = FALSE;
  }
  for (guint i = 0; digits_only && !code && i < vals->len; i++) {
    const char *a = g_ptr_array_index(vals, i);
    if (a[0] == '0' && a[1]) code = TRUE;
    for (guint j = 0; !code && j < vals->len; j++) {
      const char *b = g_ptr_array_index(vals, j);
      size_t la = strlen(a), lb = strlen(b);
      if (la >= 3 && lb > la && strncmp(a, b, la) == 0) code = TRUE;
    }
  }
  g_ptr_array_free(vals, TRUE);
  return digits_only && code;
}

/* Bare digits with a leading zero, or too many to be an amount. */
static gboolean is_identifier(const char *text) {
  const char *p = text;
  while (*p == ' ') p++;
  size_t n = strspn(p, "0123456789");
  const char *q = p + n;
  while (*q == ' ') q++;
  if (n == 0 || *q) return FALSE;
  return (p[0] == '0' && n > 1) || n > MAX_PLAIN_DIGITS;
}

static gboolean make_code(bz_value *v) {
  if (v->kind != BZ_V_NUMBER && v->kind != BZ_V_PERCENT) return FALSE;
  v->kind = BZ_V_CODE;
  v->dec = v->unit = v->op = v->orig_dec = v->orig_unit = NULL;
  return TRUE;
}

void bz_meaning_code_cells(biao_doc *doc, biao_table *t, bz_meaning *m) {
  /* performance forms are label/value layouts: numbers in their first rows are amounts and scores */
  gboolean fields = m->form_family && !strcmp(m->form_family, "绩效");
  gboolean *code_col = g_new0(gboolean, MAX(m->n_cols, 1));
  for (int k = 0; k < m->n_cols; k++) {
    code_col[k] = m->col_role[k] == BZ_COL_CODE || m->col_role[k] == BZ_COL_LINENO;
    for (int r = 0; r < m->n_rows && !code_col[k]; r++) {
      const bz_cell *c = bz_table_cell_at(t, r, k);
      if (c) code_col[k] = is_code_label(bz_cell_key(doc, t, c), c->colspan);
    }
    if (!code_col[k]) code_col[k] = is_code_column(t, k);
  }
  for (guint i = 0; i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (c->row >= m->n_rows || c->col >= m->n_cols) continue;
    bz_value v;
    bz_value_at(t, c->row, c->col, &v);
    if (((c->row < t->header_rows && !fields) || c->row == m->column_numbers_row || code_col[c->col] ||
         is_identifier(c->text) || is_label_row(doc, t, c->row)) &&
        make_code(&v))
      bz_meaning_value_set(t, c->row, c->col, &v);
  }
  g_free(code_col);
}
