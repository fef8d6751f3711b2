/* meaning.h — the semantic pass over every extracted table (internal): types cell values, finds the
 * table's money unit, header rows and column paths, 栏次/行次, 科目 codes, total rows, the form a
 * table is, and runs the arithmetic checks. Run by bz_meaning_run() at the end of bz_normalize();
 * its results are stored in the model (core/semantic.h), where the writers read them. */
#ifndef BZ_MEANING_H
#define BZ_MEANING_H

#include "../core/model.h"
#include "../core/regex.h"
#include "../core/text.h"

/* The pass: analyse every table of doc (called once from bz_normalize). */
int bz_meaning_run(biao_doc *doc, const biao_options *opt, biao_error *err);

/* values.c: type one cell's text. `percent_col`: the column header says it holds a rate. `text`
 * must live as long as the value (a cell's interned text): out->dec may point into it. */
void bz_value_parse(biao_doc *doc, const char *text, int percent_col, bz_value *out);

/* headers.c */
void bz_meaning_headers(biao_doc *doc, biao_table *t, bz_meaning *m);
/* units.c */
void bz_meaning_units(biao_doc *doc, biao_table *t, bz_meaning *m, biao_unit_mode mode);
/* Unit words: "万元" -> 4, "元" -> 0, "千元" -> 3, "亿元" -> 8; -1 otherwise. */
int bz_unit_exponent(const char *unit);
/* subjects.c */
void bz_meaning_subjects(biao_doc *doc, biao_table *t, bz_meaning *m);
/* The total word a label starts or ends with — 合计, 小计 or 总计 ("本年支出合计", "合 计" keyed) —
 * or NULL (subjects.c). */
const char *bz_total_word(const char *k);
/* codecells.c: number cells that are codes (科目编码, 行次, header rows ...) become BZ_V_CODE. */
void bz_meaning_code_cells(biao_doc *doc, biao_table *t, bz_meaning *m);
/* forms.c */
void bz_meaning_form(biao_doc *doc, biao_table *t, bz_meaning *m);
/* checks.c: load rules/checks/ (built-in dir and opt->rules_dir/checks); run the per-table rules on
 * one table (its values typed); run the per-document rules (forms present, cross-table sums). */
int bz_meaning_checks_load(const biao_options *opt, GPtrArray **rules, biao_error *err);
void bz_meaning_checks_table(biao_doc *doc, biao_table *t, const GPtrArray *rules);
void bz_meaning_checks_doc(biao_doc *doc, const GPtrArray *rules);
void bz_meaning_checks_unload(GPtrArray *rules);

#endif
