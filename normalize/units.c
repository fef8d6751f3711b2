/* units.c — the table's money unit and exact --unit conversion of money cells.
 *
 * The unit is read from "单位：万元" / "金额单位:元" / "（万元）" in the title, the context lines, the
 * reader's meta "unit", or the table's own first rows; a header path can override it per column
 * ("支出（元）"). Only money is converted: columns whose role is MONEY, cells printed with a money
 * unit ("3379.81万元"), and in the performance forms the funds block (年初预算数, 全年预算数,
 * 全年执行数). 行次, 栏次, 分值, 得分, counts and rates never are. Conversion shifts the decimal
 * point (decimal.c): 1,006.09 万元 -> 10060900.00 元, exact to the fen. */
#include <string.h>

#include "decimal.h"
#include "meaning.h"

int bz_unit_exponent(const char *unit) {
  if (!unit) return -1;
  if (!strcmp(unit, "元")) return 0;
  if (!strcmp(unit, "千元")) return 3;
  if (!strcmp(unit, "万元")) return 4;
  if (!strcmp(unit, "亿元")) return 8;
  return -1;
}

/* The unit named in s, or NULL. */
static const char *unit_in(const char *s) {
  static const char re[] =
      "(?:单位|计量单位)\\s*[:：]?\\s*(万元|亿元|千元|元)|[（(]\\s*(万元|亿元|千元|元)\\s*[）)]|^\\s*(万元|亿元|千元|元)\\s*$";
  if (!s || !strstr(s, "元")) return NULL;
  gssize ov[8];
  const char *u = NULL;
  if (bz_re_groups(re, s, 0, 4, ov)) {
    for (int g = 1; g <= 3 && !u; g++) {
      char *w = bz_re_group_dup(s, ov, g);
      if (w && *w) {
        if (!strcmp(w, "万元")) u = "万元";
        else if (!strcmp(w, "亿元")) u = "亿元";
        else if (!strcmp(w, "千元")) u = "千元";
        else u = "元";
      }
      g_free(w);
    }
  }
  return u;
}

static const char *table_unit(biao_table *t) {
  const char *u = unit_in(bz_table_get_meta(t, "unit"));
  if (!u) u = unit_in(t->title);
  for (int i = (int)t->context->len - 1; !u && i >= 0 && i >= (int)t->context->len - 4; i--)
    u = unit_in(g_ptr_array_index(t->context, i));
  /* a "单位：万元" line inside the table, above or in the header */
  for (guint i = 0; !u && i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (c->row > MAX(t->header_rows, 2)) break;
    if (strstr(c->text, "单位")) u = unit_in(c->text);
  }
  /* performance forms: "项目资金（万元）", "预算执行情况（万元）（20分）" label the funds block */
  for (guint i = 0; !u && i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (strlen(c->text) < 64) u = unit_in(c->text);
  }
  return u;
}

static void convert(biao_doc *doc, bz_value *v, const char *from, biao_unit_mode mode) {
  int fe = bz_unit_exponent(from);
  if (fe < 0 || mode == BIAO_UNIT_KEEP || !v->dec) return;
  int te = mode == BIAO_UNIT_YUAN ? 0 : 4;
  const char *to = mode == BIAO_UNIT_YUAN ? "元" : "万元";
  if (fe == te) return;
  char *shifted = bz_dec_shift(v->dec, fe - te);
  if (!shifted) return;
  if (te == 0 && bz_dec_scale(shifted) < 2) { /* 元 amounts are written to the fen */
    char *r = bz_dec_round(shifted, 2);
    g_free(shifted);
    shifted = r;
  }
  v->orig_dec = v->dec;
  v->orig_unit = from;
  v->dec = bz_doc_intern_scratch(doc, shifted);
  v->unit = to;
  g_free(shifted);
}

static gboolean money_value(const bz_value *v) {
  return v->kind == BZ_V_NUMBER && (!v->unit || bz_unit_exponent(v->unit) >= 0);
}

static gboolean never_money(bz_colrole r) {
  return r == BZ_COL_LINENO || r == BZ_COL_CODE || r == BZ_COL_SCORE || r == BZ_COL_PERCENT ||
         r == BZ_COL_COUNT;
}

/* Performance forms: the row naming 年初预算数 / 全年预算数 / 全年执行数, and below it the funds rows
 * up to the first row without a number in those columns. */
static void funds_block(biao_doc *doc, biao_table *t, bz_meaning *m, biao_unit_mode mode) {
  for (int r = 0; r < m->n_rows; r++) {
    gboolean money_col[256] = {FALSE};
    int found = 0;
    for (int c = 0; c < MIN(m->n_cols, 256); c++) {
      const bz_cell *o = bz_table_owner(t, r, c);
      if (!o || o->row != r || o->col != c) continue;
      const char *k = bz_cell_key(doc, t, o);
      if (bz_re_match("预算数|执行数|预算金额|执行金额|资金总额|^金额", k) &&
          !bz_re_match("率|分值|得分", k)) {
        money_col[c] = TRUE;
        found++;
      }
    }
    if (found < 2) continue;
    for (int rr = r + 1; rr < m->n_rows; rr++) {
      int any = 0;
      for (int c = 0; c < MIN(m->n_cols, 256); c++) {
        bz_value v;
        bz_value_at(t, rr, c, &v);
        if (!money_col[c] || !money_value(&v)) continue;
        any++;
        if (!v.unit) v.unit = m->unit;
        convert(doc, &v, v.unit, mode);
        bz_meaning_value_set(t, rr, c, &v);
      }
      const bz_cell *first = bz_table_owner(t, rr, 0);
      if (!any && first && *first->text && !strstr(first->text, "资金")) break;
    }
    return;
  }
}

/* After --unit, every output says the unit the numbers are in: the table's unit, the unit of the
 * columns that print their own, and the reader's meta "unit" become the converted one; the
 * printed unit stays in unit_printed (and meta "unit_printed"). */
static void state_converted_unit(biao_doc *doc, biao_table *t, bz_meaning *m, biao_unit_mode mode) {
  if (mode == BIAO_UNIT_KEEP) return;
  const char *to = mode == BIAO_UNIT_YUAN ? "元" : "万元";
  for (int c = 0; c < m->n_cols; c++)
    if (m->col_role[c] == BZ_COL_MONEY && bz_unit_exponent(m->col_unit[c]) >= 0) m->col_unit[c] = to;
  if (bz_unit_exponent(m->unit) < 0 || !strcmp(m->unit, to)) return;
  m->unit_printed = m->unit;
  m->unit = to;
  bz_table_set_meta(doc, t, "unit", to);
  bz_table_set_meta(doc, t, "unit_printed", m->unit_printed);
}

void bz_meaning_units(biao_doc *doc, biao_table *t, bz_meaning *m, biao_unit_mode mode) {
  m->unit = table_unit(t);
  for (int c = 0; c < m->n_cols; c++) m->col_unit[c] = unit_in(m->col_path[c]);
  if (m->form_family && !strcmp(m->form_family, "绩效")) {
    funds_block(doc, t, m, mode);
  }
  for (int r = t->header_rows; r < m->n_rows; r++) {
    if (m->rows[r].kind == BZ_ROW_COLNUM) continue;
    for (int c = 0; c < m->n_cols; c++) {
      bz_value v;
      bz_value_at(t, r, c, &v);
      if (!money_value(&v) || v.orig_dec || never_money(m->col_role[c])) continue;
      if (!v.unit) { /* else printed with its unit: "3379.81万元" */
        if (m->col_role[c] != BZ_COL_MONEY) continue;
        v.unit = m->col_unit[c] ? m->col_unit[c] : m->unit;
      }
      convert(doc, &v, v.unit, mode);
      bz_meaning_value_set(t, r, c, &v);
    }
  }
  state_converted_unit(doc, t, m, mode);
}
