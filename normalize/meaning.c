/* meaning.c — the semantic pass: orders the analyses of each table; their results go to the model
 * (core/semantic.h), which keeps them for the writers.
 * Order matters: the form is known from text alone; headers need cell kinds; the percent columns
 * found in headers re-type their cells; 科目 codes need the header; units need column roles;
 * checks need everything. */
#include "meaning.h"

/* Type every cell (rates_only: again, only the cells of the rate columns the header named, where a
 * plain "92.61" under 执行率 is a percent). */
static void type_cells(biao_doc *doc, biao_table *t, bz_meaning *m, gboolean rates_only) {
  for (guint i = 0; i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (c->row >= m->n_rows || c->col >= m->n_cols) continue;
    int pct = m->col_role[c->col] == BZ_COL_PERCENT && c->row >= t->header_rows;
    if (rates_only && !pct) continue;
    bz_value v;
    bz_value_parse(doc, c->text, pct, &v);
    bz_meaning_value_set(t, c->row, c->col, &v);
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
      bz_value v;
      bz_value_at(t, r, c->col, &v);
      if (v.kind == BZ_V_NUMBER && !v.unit) {
        v.kind = BZ_V_PERCENT;
        v.unit = "%";
        bz_meaning_value_set(t, r, c->col, &v);
      }
    }
  }
}

int bz_meaning_run(biao_doc *doc, const biao_options *opt, biao_error *err) {
  GPtrArray *rules = NULL;
  int rc = bz_meaning_checks_load(opt, &rules, err);
  if (rc != BIAO_OK) return rc;
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    bz_meaning *m = bz_table_attach_meaning(t);
    bz_meaning_form(doc, t, m);
    bz_meaning_values_reset(m); /* the values' strings go to the meaning's own arena */
    doc->scratch = m->value_strings;
    type_cells(doc, t, m, FALSE);
    bz_meaning_headers(doc, t, m);
    type_cells(doc, t, m, TRUE);
    local_rates(doc, t, m);
    bz_meaning_subjects(doc, t, m);
    bz_meaning_code_cells(doc, t, m);
    bz_meaning_units(doc, t, m, opt ? opt->unit : BIAO_UNIT_KEEP);
    doc->scratch = NULL;
    bz_meaning_checks_table(doc, t, rules);
    bz_table_release_caches(t);
  }
  bz_meaning_checks_doc(doc, rules);
  for (guint i = 0; i < doc->tables->len; i++) { /* the tables the cross-table checks read */
    biao_table *t = g_ptr_array_index(doc->tables, i);
    bz_table_release_caches(t);
  }
  bz_meaning_checks_unload(rules);
  return BIAO_OK;
}

