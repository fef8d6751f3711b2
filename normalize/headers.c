/* headers.c — header rows, flattened column paths, column roles, the 栏次 row and 行次 columns.
 *
 * Readers set header_rows when the format says so (DOCX w:tblHeader, tagged PDF TH); untagged PDFs
 * and text dumps leave 0. Then the header is the block of rows above the first row holding a plain
 * amount, when that block uses header words (项目, 合计, 预算数, 类/款/项 ...). Either way the
 * block is widened so no merged cell is cut, and a following 栏次 row (1 2 3 ...) joins it. */
#include <stdlib.h>
#include <string.h>

#include "meaning.h"

static const char header_words[] =
    "项目|科目|编码|名称|合计|小计|总计|预算|决算|金额|收入|支出|^类$|^款$|^项$|行次|栏次|本年|年初|全年|"
    "执行|分值|得分|指标|功能分类|经济分类|拨款|结转|结余|单位|数$|费$";

/* A plain amount: a number or percent that is not a count of years or people. */
static gboolean is_amount(const bz_value *v) {
  if (v->kind != BZ_V_NUMBER && v->kind != BZ_V_PERCENT) return FALSE;
  return !v->unit || !strcmp(v->unit, "%") || bz_unit_exponent(v->unit) >= 0;
}

/* 栏次 row: its numbers are 1, 2, 3 ... left to right (at least three), next to at most a few
 * labels such as "栏次" or "—". */
static gboolean is_colnum_row(biao_table *t, const bz_meaning *m, int r) {
  int expect = -1, seen = 0, labels = 0;
  for (int c = 0; c < m->n_cols; c++) {
    const bz_cell *o = bz_table_cell_at(t, r, c);
    if (!o) continue;
    bz_value buf;
    const bz_value *v = bz_value_at(t, r, c, &buf);
    if (v->kind == BZ_V_NUMBER && !v->unit && !strchr(v->dec, '.') && v->dec[0] != '-') {
      long n = strtol(v->dec, NULL, 10);
      if (expect < 0 ? n > 2 : n != expect) return FALSE;
      expect = (int)n + 1;
      seen++;
    } else if (v->kind == BZ_V_TEXT) {
      if (!bz_text_is_colnum_label(o->text)) return FALSE;
      labels++;
    }
  }
  return (seen >= 3 || (seen >= 2 && labels >= 1)) && labels <= 4;
}

static int first_amount_row(biao_table *t, bz_meaning *m) {
  for (int r = 0; r < m->n_rows; r++) {
    if (r == m->column_numbers_row) continue;
    for (int c = 0; c < m->n_cols; c++) {
      bz_value v;
      if (bz_table_cell_at(t, r, c) && is_amount(bz_value_at(t, r, c, &v))) return r;
    }
  }
  return m->n_rows;
}

static gboolean rows_use_header_words(biao_table *t, int from, int to) {
  for (guint i = 0; i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (c->row >= from && c->row < to && bz_re_match(header_words, c->text)) return TRUE;
  }
  return FALSE;
}

/* Grow hr until no cell starting above it reaches below it. */
static int widen_over_spans(biao_table *t, int hr) {
  gboolean grew = TRUE;
  while (grew) {
    grew = FALSE;
    for (guint i = 0; i < t->cells->len; i++) {
      const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
      if (c->row < hr && c->row + c->rowspan > hr) {
        hr = c->row + c->rowspan;
        grew = TRUE;
      }
    }
  }
  return MIN(hr, t->n_rows);
}

static void find_colnum_row(biao_table *t, bz_meaning *m) {
  for (int r = 0; r < MIN(m->n_rows, 8); r++)
    if (is_colnum_row(t, m, r)) {
      m->column_numbers_row = r;
      m->rows[r].kind = BZ_ROW_COLNUM;
      return;
    }
}

static void detect_header_rows(biao_table *t, bz_meaning *m) {
  int hr = t->header_rows;
  if (hr == 0 && !(m->form_family && !strcmp(m->form_family, "绩效"))) {
    int first = first_amount_row(t, m);
    if (first > 0 && first <= 6 && first < m->n_rows && rows_use_header_words(t, 0, first)) hr = first;
  }
  if (hr > 0) {
    hr = widen_over_spans(t, hr);
    if (m->column_numbers_row == hr) hr++;
  }
  t->header_rows = hr;
  for (int r = 0; r < hr; r++)
    if (m->rows[r].kind == BZ_ROW_DATA) m->rows[r].kind = BZ_ROW_HEADER;
}

/* A row-wide cell saying "单位：万元" or holding the title is not a column heading. */
static gboolean is_banner(const biao_table *t, const bz_cell *c) {
  return c->colspan >= t->n_cols && t->n_cols > 1;
}

static void build_paths(biao_doc *doc, biao_table *t, bz_meaning *m) {
  for (int col = 0; col < m->n_cols; col++) {
    GString *p = g_string_new(NULL);
    const bz_cell *last = NULL;
    for (int r = 0; r < t->header_rows; r++) {
      if (r == m->column_numbers_row) continue;
      const bz_cell *o = bz_table_owner(t, r, col);
      if (!o || o == last || is_banner(t, o)) continue;
      last = o;
      const char *k = bz_cell_key(doc, t, o);
      if (!*k) continue;
      if (p->len) g_string_append_c(p, '/');
      g_string_append(p, k);
    }
    m->col_path[col] = p->len ? bz_doc_intern(doc, p->str) : NULL;
    g_string_free(p, TRUE);
  }
}

static const char *last_part(const char *path) {
  const char *s = path ? strrchr(path, '/') : NULL;
  return s ? s + 1 : path;
}

/* Share of non-empty data cells of the column that are amounts. */
static double amount_share(biao_table *t, const bz_meaning *m, int col) {
  int n = 0, num = 0;
  for (int r = t->header_rows; r < m->n_rows; r++) {
    if (!bz_table_cell_at(t, r, col)) continue;
    bz_value buf;
    const bz_value *v = bz_value_at(t, r, col, &buf);
    if (v->kind == BZ_V_EMPTY || v->kind == BZ_V_PLACEHOLDER) continue;
    n++;
    if (is_amount(v)) num++;
  }
  return n ? (double)num / n : 0.0;
}

/* Every non-empty data cell of the column is a 科目 code (3, 5 or 7 digits, no separator), and some
 * code is the parent of another (301 and 30101): a code column whatever its header says. */
static gboolean all_codes(biao_table *t, const bz_meaning *m, int col) {
  int n = 0, parent = 0;
  const char *prev = NULL;
  for (int r = t->header_rows; r < m->n_rows; r++) {
    const bz_cell *o = bz_table_cell_at(t, r, col);
    if (!o || !*o->text) continue;
    size_t len = strlen(o->text);
    if (!(len == 3 || len == 5 || len == 7) || strspn(o->text, "0123456789") != len) return FALSE;
    if (prev && strlen(prev) < len && !strncmp(prev, o->text, strlen(prev))) parent = 1;
    prev = o->text;
    n++;
  }
  return n >= 2 && parent;
}

static bz_colrole role_of(biao_table *t, const bz_meaning *m, int col) {
  const char *path = m->col_path[col], *last = last_part(path);
  if (bz_re_match("行次|栏次", path)) return BZ_COL_LINENO;
  if (bz_re_match("编码|代码|码$|^(类|款|项|类款|款项|类款项)$", last)) return BZ_COL_CODE;
  if (all_codes(t, m, col)) return BZ_COL_CODE; /* a header cut short, or none */
  if (bz_re_match("率|比例|占比|%", last)) return BZ_COL_PERCENT;
  if (bz_re_match("分值|得分|权重|总分|评分", last)) return BZ_COL_SCORE;
  if (bz_re_match("人数|数量|个数|次数|车辆数|编制数|[(（](人|辆|个|台|次)[)）]", last)) return BZ_COL_COUNT;
  if (bz_re_match("名称|^项目$|^项目[(（]|指标$|说明|原因|内容|备注|^科目$", last)) return BZ_COL_LABEL;
  double share = amount_share(t, m, col);
  if (share >= 0.5 && (path || (m->form_family && strcmp(m->form_family, "绩效") != 0))) return BZ_COL_MONEY;
  return BZ_COL_OTHER;
}

static void assign_roles(biao_table *t, bz_meaning *m) {
  for (int col = 0; col < m->n_cols; col++) {
    m->col_role[col] = role_of(t, m, col);
    if (m->col_role[col] == BZ_COL_LINENO && m->row_number_col < 0) m->row_number_col = col;
    if (m->col_role[col] == BZ_COL_CODE && m->code_col < 0) m->code_col = col;
  }
  for (int col = 0; col < m->n_cols && m->label_col < 0; col++)
    if (m->col_role[col] == BZ_COL_LABEL) m->label_col = col;
  for (int col = 0; col < m->n_cols && m->label_col < 0; col++)
    if (m->col_role[col] == BZ_COL_OTHER && amount_share(t, m, col) < 0.5) m->label_col = col;
}

/* The header parts every column of the side shares ("支出/功能分类" over 功能科目名称 | 金额), or NULL. */
static char *common_head(const bz_meaning *m, const bz_side *sd) {
  char **common = NULL;
  int n = -1;
  for (int c = sd->first_col; c < sd->end_col; c++) {
    if (!m->col_path[c]) continue;
    char **parts = g_strsplit(m->col_path[c], "/", -1);
    int k = (int)g_strv_length(parts) - 1; /* never the column's own last part */
    if (n < 0) {
      common = parts;
      n = k;
      continue;
    }
    int i = 0;
    while (i < n && i < k && !strcmp(common[i], parts[i])) i++;
    n = i;
    g_strfreev(parts);
  }
  char *name = NULL;
  if (n > 0) {
    char *keep = common[n];
    common[n] = NULL;
    name = g_strjoinv("/", common);
    common[n] = keep;
  }
  g_strfreev(common);
  return name;
}

/* A column of labels whatever its header says (收入/项目/一、部门预算 when the first data row was
 * taken for a header row): two text cells or more, and mostly not amounts. */
static gboolean text_column(biao_table *t, const bz_meaning *m, int col) {
  int text = 0;
  for (int r = t->header_rows; r < m->n_rows; r++) {
    bz_value v;
    if (bz_table_cell_at(t, r, col) && bz_value_at(t, r, col, &v)->kind == BZ_V_TEXT) text++;
  }
  return text >= 2 && amount_share(t, m, col) < 0.5;
}

/* Data rows of column c whose text is a 科目 code (3, 5 or 7 digits): a side's code column even
 * when its header is cut ("码" for 科目编码). */
static int codes_in(biao_doc *doc, biao_table *t, int c) {
  int n = 0;
  for (int r = t->header_rows; r < t->n_rows; r++) {
    const char *k = bz_owner_key(doc, t, r, c);
    size_t len = strlen(k);
    if ((len == 3 || len == 5 || len == 7) && strspn(k, "0123456789") == len) n++;
  }
  return n;
}

/* The names must tell every side apart: else each side is named by its label column's header without
 * its last part ("支出/支出功能分类" over 一、部门预算), and when these do not either, none is named. */
static void label_heads(biao_doc *doc, bz_meaning *m) {
  gboolean ok = TRUE;
  for (int i = 0; i < m->n_sides; i++) {
    const bz_side *sd = &m->sides[i];
    const char *p = sd->label_col >= 0 ? m->col_path[sd->label_col] : NULL;
    const char *cut = p ? strrchr(p, '/') : NULL;
    m->sides[i].name = cut ? bz_doc_intern_len(doc, p, (gssize)(cut - p)) : NULL;
    ok = ok && m->sides[i].name;
    for (int j = 0; ok && j < i; j++) ok = strcmp(m->sides[j].name, m->sides[i].name) != 0;
  }
  for (int i = 0; !ok && i < m->n_sides; i++) m->sides[i].name = NULL;
}

/* Tables printed as two or more tables side by side (收入 | 支出 of a 总表, 人员经费 | 公用经费 of a
 * 基本支出表): a label or code column after money columns starts a new side. A side without money
 * of its own (a trailing 备注 column) stays with the side before it. */
static void find_sides(biao_doc *doc, biao_table *t, bz_meaning *m) {
  int *starts = g_new0(int, MAX(m->n_cols, 1));
  int n = 1, money = 0;
  for (int c = 0; c < m->n_cols; c++) {
    bz_colrole r = m->col_role[c];
    if (money && (r == BZ_COL_LABEL || r == BZ_COL_CODE || (r == BZ_COL_OTHER && text_column(t, m, c)))) {
      int more = 0; /* money after c, before another label */
      for (int k = c + 1; k < m->n_cols && !more; k++) more = m->col_role[k] == BZ_COL_MONEY;
      if (more) {
        starts[n++] = c;
        money = 0;
      }
    }
    /* an amount column left empty on this page (收入/预算数 of a 总表's second page) still ends a side */
    if (r == BZ_COL_MONEY || (r == BZ_COL_OTHER && m->col_path[c] && bz_re_match("数$|金额|[合小总]计$", last_part(m->col_path[c]))))
      money = 1;
  }
  bz_meaning_set_sides(m, n, starts);
  g_free(starts);
  gboolean named = n > 1;
  for (int i = 0; i < n; i++) {
    bz_side *s = &m->sides[i];
    for (int c = s->first_col; c < s->end_col; c++) {
      if (s->label_col < 0 && m->col_role[c] == BZ_COL_LABEL) s->label_col = c;
      if (s->code_col < 0 && m->col_role[c] == BZ_COL_CODE) s->code_col = c;
    }
    if (i == 0 && m->label_col >= 0 && m->label_col < s->end_col) s->label_col = m->label_col;
    if (s->code_col < 0 && n > 1 && codes_in(doc, t, s->first_col) >= 2) s->code_col = s->first_col;
    if (s->label_col < 0 && text_column(t, m, s->first_col)) s->label_col = s->first_col;
    char *name = common_head(m, s);
    for (int j = 0; named && name && j < i; j++) named = !m->sides[j].name || strcmp(m->sides[j].name, name) != 0;
    s->name = name && named ? bz_doc_intern(doc, name) : NULL;
    g_free(name);
  }
  gboolean all = named;
  for (int i = 0; i < n; i++) all = all && m->sides[i].name;
  if (!all) label_heads(doc, m);
}

void bz_meaning_headers(biao_doc *doc, biao_table *t, bz_meaning *m) {
  find_colnum_row(t, m);
  detect_header_rows(t, m);
  /* performance forms are label/value layouts: their "header" rows are fields, not column heads */
  if (!(m->form_family && !strcmp(m->form_family, "绩效"))) build_paths(doc, t, m);
  assign_roles(t, m);
  if (!(m->form_family && !strcmp(m->form_family, "绩效"))) find_sides(doc, t, m);
}
