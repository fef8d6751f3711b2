/* test_meaning_real.c — the semantic layer on real documents: text dumps (corpus/text), real PDFs
 * (corpus/pdf-real). Every check rule passes on correct tables and fails on wrong ones: errors the
 * publishers made (seed 002 总分, seed 000 form 2, govbc-04 missing 支出决算表), and — for the rules
 * no document in the corpus breaks — one amount of a real table altered the way govbc-04's author
 * altered his copy, then the meaning pass re-run. */
#include <string.h>

#include "core/model.h"
#include "normalize/meaning.h"
#include "testutil.h"

static biao_table *table_of(biao_doc *doc, const char *form, int nth) {
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    const char *f = biao_table_form(t);
    if (f && !strcmp(f, form) && nth-- == 0) return t;
  }
  cr_assert_fail("no %s table", form);
  return NULL;
}

/* A document of ../shared (the real and city corpora beside the checkout), opened. */
static biao_doc *open_shared(const char *rel) {
  char *path = tu_shared(rel);
  biao_doc *doc = tu_open(path);
  g_free(path);
  return doc;
}

/* The check of `rule` whose checked cell is (row, col); col -1 = any. */
static const bz_check *check_at(const biao_table *t, const char *rule, int row, int col) {
  const bz_meaning *m = bz_meaning_of(t);
  cr_assert_not_null(m);
  for (guint i = 0; i < m->checks->len; i++) {
    const bz_check *k = g_ptr_array_index(m->checks, i);
    if (!strcmp(k->rule, rule) && k->n_cells && k->cells[0] == row && (col < 0 || k->cells[1] == col))
      return k;
  }
  cr_assert_fail("no check %s at (%d,%d) in table %d", rule, row, col, t->index);
  return NULL;
}

static void expect_check(const bz_check *k, int ok, const char *expected, const char *actual) {
  cr_expect_eq(k->ok, ok, "%s: %s: ok=%d", k->rule, k->what, k->ok);
  cr_expect_str_eq(k->expected, expected, "%s: %s", k->rule, k->what);
  cr_expect_str_eq(k->actual, actual, "%s: %s", k->rule, k->what);
}

static int failures(const biao_doc *doc) {
  int n = 0;
  for (size_t i = 0; i < biao_doc_table_count(doc); i++) {
    const biao_table *t = biao_doc_table(doc, i);
    for (size_t k = 0; k < biao_table_check_count(t); k++) {
      int ok;
      biao_table_check(t, k, NULL, &ok, NULL, NULL, NULL, NULL, NULL);
      n += !ok;
    }
  }
  return n;
}

/* Change one cell as printed and run the meaning pass again. */
static void alter(biao_doc *doc, biao_table *t, int row, int col, const char *text) {
  for (guint i = 0; i < t->cells->len; i++) {
    bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (c->row == row && c->col == col) c->text = bz_doc_intern(doc, text);
  }
  biao_options opt;
  biao_options_init(&opt);
  biao_error err;
  cr_assert_eq(bz_meaning_run(doc, &opt, &err), BIAO_OK);
}

/* ---- text dumps ---- */
/* In DOCX dumps the fund row is 8 cells in a 9-column form: 执行率 is column 7 (as in the DOCX). */

Test(real_text, seed000_rate_and_total_score) {
  biao_doc *doc = tu_open("text/000_4f5e7c5a56be8784.txt");
  biao_table *t = table_of(doc, "项目支出绩效自评表", 0);
  /* 执行率 67.07% = 169.45 / 252.63; 总分 97 = 7 (funds) + Σ indicator 得分 90 */
  expect_check(check_at(t, "执行率等于执行数除以预算数", 3, 7), 1, "67.07", "67.07");
  expect_check(check_at(t, "总分等于得分之和", 21, 7), 1, "97", "97");
  expect_check(check_at(t, "满分等于分值之和", 21, 6), 1, "100", "100");
  const bz_value *v = bz_value_at(t, 3, 7, &(bz_value){0});
  cr_assert_eq(v->kind, BZ_V_PERCENT);
  /* form 2 prints 执行率 without '%' (92.61) under 执行率: still a rate, and 92.61 = 141.26 / 152.53 */
  biao_table *t2 = table_of(doc, "项目支出绩效自评表", 1);
  cr_assert_eq(bz_value_at(t2, 3, 7, &(bz_value){0})->kind, BZ_V_PERCENT);
  expect_check(check_at(t2, "执行率等于执行数除以预算数", 3, 7), 1, "92.61", "92.61");
  /* the publisher's error: form 2 gives its indicators 100 points on top of the 10 for funds, yet
   * prints 总分 100 / 98 — Σ 分值 is 110 and Σ 得分 108 */
  expect_check(check_at(t2, "满分等于分值之和", 19, 6), 0, "110", "100");
  expect_check(check_at(t2, "总分等于得分之和", 19, 7), 0, "108", "98");
  /* the message says what the printed 总分 is: the indicators alone, the funds row left out */
  cr_assert_str_eq(check_at(t2, "满分等于分值之和", 19, 6)->what,
                   "总分 = Σ 8 cells under ^分值$; the printed total is the 7 cells from row 11 on: it leaves out "
                   "'年度资金总额' (10)");
  /* form 1 adds up: no such note */
  cr_assert_str_eq(check_at(t, "满分等于分值之和", 21, 6)->what, "总分 = Σ 11 cells under ^分值$");
  biao_doc_free(doc);
}

Test(real_text, seed002_published_total_score_is_wrong) {
  biao_doc *doc = tu_open("text/002_77a491ca9b0fee99.txt");
  /* 会议经费: 4 (funds) + 7+7+12+12+12+15+15+10 = 94, but the form prints 总分 96 */
  biao_table *t = g_ptr_array_index(doc->tables, 6);
  cr_assert_str_eq(biao_table_text_at(t, 0, 1), "会议经费");
  expect_check(check_at(t, "总分等于得分之和", 18, 7), 0, "94", "96");
  cr_assert_str_eq(check_at(t, "总分等于得分之和", 18, 7)->what, "总分 = Σ 9 cells under ^得分$",
                   "96 is no sub-sum of the rows: no note");
  expect_check(check_at(t, "满分等于分值之和", 18, 6), 1, "100", "100");
  expect_check(check_at(t, "执行率等于执行数除以预算数", 3, 7), 1, "53.45", "53.45");
  /* 信息服务专项经费: funds 10 + indicators 80 (效益指标（30分） holds 10 + 10) = 90, yet the form
   * prints 总分 100 / 98 (Σ 得分 88): the dump's every row is read, the form does not add up */
  t = g_ptr_array_index(doc->tables, 9);
  cr_assert_str_eq(biao_table_text_at(t, 0, 1), "信息服务专项经费");
  expect_check(check_at(t, "满分等于分值之和", 20, 6), 0, "90", "100");
  expect_check(check_at(t, "总分等于得分之和", 20, 7), 0, "88", "98");
  biao_doc_free(doc);
}

Test(real_text, rate_check_fails_on_an_altered_rate) {
  biao_doc *doc = tu_open("text/000_4f5e7c5a56be8784.txt");
  biao_table *t = table_of(doc, "项目支出绩效自评表", 0);
  alter(doc, t, 3, 7, "76.07%");
  expect_check(check_at(t, "执行率等于执行数除以预算数", 3, 7), 0, "67.07", "76.07");
  biao_doc_free(doc);
}

/* ---- real PDFs ---- */

Test(real_pdf, govbc04_missing_expenditure_table) {
  biao_doc *doc = tu_open("pdf-real/govbc-04.pdf");
  biao_table *t = table_of(doc, "收入支出决算总表", 0);
  const bz_check *k = check_at(t, "部门决算公开表齐全", 0, 0);
  expect_check(k, 0, "9", "8");
  cr_assert(strstr(k->what, "missing: 公开03表"), "%s", k->what);
  cr_assert_eq(failures(doc), 1, "the tables that are there add up");
  biao_doc_free(doc);
  doc = tu_open("pdf-real/govbc-01.pdf"); /* the unaltered original: all nine, nothing fails */
  expect_check(check_at(table_of(doc, "收入支出决算总表", 0), "部门决算公开表齐全", 0, 0), 1, "9", "9");
  cr_assert_eq(failures(doc), 0);
  biao_doc_free(doc);
}

Test(real_pdf, hierarchy_codes_and_rounding) {
  biao_doc *doc = tu_open("pdf-real/govbc-01.pdf");
  biao_table *t = table_of(doc, "收入决算表", 0);
  const bz_meaning *m = bz_meaning_of(t);
  cr_assert_str_eq(m->form_code, "公开02表");
  cr_assert_str_eq(m->unit, "万元");
  cr_assert_str_eq(m->rows[6].code, "2010601");
  cr_assert_str_eq(m->rows[6].parent, "20106");
  cr_assert_eq(m->rows[3].kind, BZ_ROW_TOTAL);
  /* 20106 财政事务 2,112.86 = 1,511.90 + 16.19 + 135.25 + 449.52 */
  expect_check(check_at(t, "科目合计等于明细之和", 5, 4), 1, "2112.86", "2112.86");
  /* 合计 2,946.25 against Σ 类 rows 2,946.26: a rounding difference in the published table, within
   * what rounding four parts can explain, so ok but not exact */
  const bz_check *k = check_at(t, "科目合计等于明细之和", 3, 4);
  expect_check(k, 1, "2946.26", "2946.25");
  cr_assert_eq(k->exact, 0);
  alter(doc, t, 6, 4, "1,521.90"); /* 行政运行 +10 */
  expect_check(check_at(t, "科目合计等于明细之和", 5, 4), 0, "2122.86", "2112.86");
  biao_doc_free(doc);
}

Test(real_pdf, zongbiao_sides_pass_and_fail) {
  biao_doc *doc = tu_open("pdf-real/govbc-02.pdf");
  biao_table *t = table_of(doc, "收入支出决算总表", 0);
  /* 本年支出合计 9759.38 = 754.75 + 236.63 + 3845.25 + 4461.67 + 461.08 */
  expect_check(check_at(t, "本年支出合计等于支出之和", 26, 3), 1, "9759.38", "9759.38");
  expect_check(check_at(t, "本年收入合计等于收入之和", 26, 1), 1, "9746.50", "9746.50");
  expect_check(check_at(t, "收支总计两边相等", 29, 3), 1, "9859.38", "9859.38");
  alter(doc, t, 10, 3, "236.36"); /* 九、卫生健康支出, digits swapped */
  expect_check(check_at(t, "本年支出合计等于支出之和", 26, 3), 0, "9759.11", "9759.38");
  alter(doc, t, 29, 3, "9859.83");
  expect_check(check_at(t, "收支总计两边相等", 29, 3), 0, "9859.38", "9859.83");
  biao_doc_free(doc);
}

Test(real_pdf, sangong_subtotals_by_measure) {
  biao_doc *doc = tu_open("pdf-real/govbc-02.pdf");
  biao_table *t = table_of(doc, "一般公共预算财政拨款三公经费支出决算表", 0);
  const bz_meaning *m = bz_meaning_of(t);
  cr_assert_str_eq(m->col_path[4], "公务用车购置及运行维护费/小计/预算数");
  cr_assert_str_eq(m->col_path[11], "公务接待费/决算数");
  /* 合计/决算数 0.39 = 因公出国 0.00 + 公务用车小计 0.00 + 公务接待费 0.39 */
  expect_check(check_at(t, "三公小计等于各项之和", 4, 1), 1, "0.39", "0.39");
  alter(doc, t, 4, 11, "0.93");
  expect_check(check_at(t, "三公小计等于各项之和", 4, 1), 0, "0.93", "0.39");
  biao_doc_free(doc);
}

Test(real_pdf, unit_conversion_of_a_real_table) {
  biao_options opt;
  biao_options_init(&opt);
  opt.unit = BIAO_UNIT_YUAN;
  biao_doc *doc = tu_open_opts("pdf-real/govbc-01.pdf", &opt);
  biao_table *t = table_of(doc, "收入决算表", 0);
  const bz_value *v = bz_value_at(t, 6, 4, &(bz_value){0}); /* 1,511.90 万元 */
  cr_assert_str_eq(v->dec, "15119000.00");
  cr_assert_str_eq(v->unit, "元");
  cr_assert_str_eq(v->orig_dec, "1511.90");
  /* checks compare the amounts as printed, so converting changes no result */
  expect_check(check_at(t, "科目合计等于明细之和", 5, 4), 1, "2112.86", "2112.86");
  biao_doc_free(doc);
}

Test(real_text, seed003_score_out_of_its_heading_and_seed004_rates) {
  biao_doc *doc = tu_open("text/003_e9692ecc2a5df705.txt");
  biao_table *t = table_of(doc, "项目支出绩效自评表", 0);
  /* 满意度指标（10分）, yet its 分值 is printed 9: Σ 分值 99 against 总分 100 */
  expect_check(check_at(t, "满分等于分值之和", 12, 6), 0, "99", "100");
  expect_check(check_at(t, "总分等于得分之和", 12, 7), 1, "99", "99");
  biao_doc_free(doc);
  /* another layout: 预算数（A） 执行数（B） 执行率（B/A）, unit from 预算执行情况（万元）（20分） */
  doc = tu_open("text/004_2bbc2e3e09f5e5b5.txt");
  t = g_ptr_array_index(doc->tables, 0);
  cr_assert_str_eq(biao_table_form(t), "部门整体支出绩效自评表");
  cr_assert_str_eq(bz_meaning_of(t)->unit, "万元");
  expect_check(check_at(t, "执行率等于执行数除以预算数", 3, 4), 1, "99.37", "99.37");
  biao_doc_free(doc);
}

/* ---- DOCX: the same forms as Word documents give the same findings ---- */

Test(real_docx, form000_same_checks_as_the_text_dump) {
  biao_doc *doc = tu_open("docx/form-000.docx");
  biao_table *t = table_of(doc, "项目支出绩效自评表", 0);
  expect_check(check_at(t, "执行率等于执行数除以预算数", 3, -1), 1, "67.07", "67.07");
  expect_check(check_at(t, "总分等于得分之和", 21, -1), 1, "97", "97");
  biao_table *t2 = table_of(doc, "项目支出绩效自评表", 1);
  expect_check(check_at(t2, "总分等于得分之和", 19, -1), 0, "108", "98");
  expect_check(check_at(t2, "满分等于分值之和", 19, -1), 0, "110", "100");
  biao_doc_free(doc);
  doc = tu_open("docx/form-002.docx");
  cr_assert_eq(failures(doc), 3, "会议经费 总分, 信息服务专项经费 总分 and 满分");
  biao_doc_free(doc);
}

Test(real_text, headers_of_a_text_dump) {
  biao_doc *doc = tu_open("text/001_1858244e01563f01.txt");
  /* 收入支出决算总表: 收入|支出 over 项目/行次/金额, then the 栏次 row "栏次 | | 1 | 栏次 | | 2" */
  biao_table *t = table_of(doc, "收入支出决算总表", 0);
  const bz_meaning *m = bz_meaning_of(t);
  cr_assert_eq(t->header_rows, 3);
  cr_assert_eq(m->column_numbers_row, 2);
  cr_assert_eq(m->row_number_col, 1);
  cr_assert_eq(m->col_role[4], BZ_COL_LINENO);
  cr_assert_str_eq(m->col_path[2], "收入/金额");
  cr_assert_str_eq(m->col_path[5], "支出/金额");
  const bz_value *v = bz_value_at(t, 3, 2, &(bz_value){0});
  cr_assert_str_eq(v->dec, "1006.09");
  cr_assert_str_eq(v->unit, "万元");
  cr_assert_null(bz_value_at(t, 3, 1, &(bz_value){0})->unit, "行次 is not money");
  /* 三公: three header rows, 栏次 1..12, paths through the 预算数/决算数 groups */
  t = table_of(doc, "一般公共预算财政拨款三公经费支出决算表", 0);
  m = bz_meaning_of(t);
  cr_assert_eq(t->header_rows, 4);
  cr_assert_eq(m->column_numbers_row, 3);
  cr_assert_str_eq(m->col_path[2], "预算数/公务用车购置及运行维护费/小计");
  cr_assert_str_eq(m->col_path[10], "决算数/公务用车购置及运行维护费/公务用车运行维护费");
  /* 决算数: 合计 3.41 = 0.00 + 3.24 + 0.16 (因公出国, 公务用车小计, 公务接待费) */
  expect_check(check_at(t, "三公小计等于各项之和", 4, 6), 1, "3.40", "3.41");
  expect_check(check_at(t, "三公小计等于各项之和", 4, 8), 1, "3.24", "3.24");
  /* 一般公共预算财政拨款支出决算表: 本年支出 over 小计/基本支出/项目支出 */
  t = table_of(doc, "一般公共预算财政拨款支出决算表", 0);
  cr_assert_str_eq(bz_meaning_of(t)->col_path[3], "本年支出/基本支出");
  biao_doc_free(doc);
}

Test(real_pdf, bad_samples_add_up_only_within_rounding) {
  /* govbc-02 and govbc-03 ("bad" per their source): every table is there and every sum holds
   * within what rounding explains; the exact comparison exposes the publisher's rounding */
  biao_doc *doc = tu_open("pdf-real/govbc-02.pdf");
  cr_assert_eq(failures(doc), 0);
  biao_table *t = table_of(doc, "财政拨款收入支出决算总表", 0);
  const bz_check *k = check_at(t, "本年支出合计等于支出之和", 26, 3);
  expect_check(k, 1, "9746.49", "9746.50");
  cr_assert_eq(k->exact, 0);
  t = table_of(doc, "一般公共预算财政拨款基本支出决算表", 0);
  k = check_at(t, "科目合计等于明细之和", 1, 5); /* 302 商品和服务支出 */
  expect_check(k, 1, "440.88", "440.90");
  cr_assert_eq(k->exact, 0);
  biao_doc_free(doc);
  doc = tu_open("pdf-real/govbc-03.pdf");
  cr_assert_eq(failures(doc), 0);
  k = check_at(table_of(doc, "一般公共预算财政拨款基本支出决算表", 0), "科目合计等于明细之和", 1, 5);
  expect_check(k, 1, "10.22", "10.23");
  cr_assert_eq(k->exact, 0);
  biao_doc_free(doc);
}

Test(real_pdf, cross_table_totals) {
  biao_doc *doc = tu_open("pdf-real/govbc-03.pdf");
  /* 公开05表 基本支出 105.58 against 公开06表 人员经费合计 95.36 + 公用经费合计 10.23 = 105.59:
   * the same quantity printed two ways, one fen apart — rounding, so ok but not exact */
  biao_table *t = table_of(doc, "一般公共预算财政拨款支出决算表", 0);
  const bz_check *k = check_at(t, "基本支出与06表一致", 19, 3);
  expect_check(k, 1, "105.59", "105.58");
  cr_assert_eq(k->exact, 0);
  biao_doc_free(doc);
  doc = tu_open("pdf-real/govbc-02.pdf");
  t = table_of(doc, "收入支出决算总表", 0);
  expect_check(check_at(t, "总表支出与支出决算表一致", 26, 3), 1, "9759.38", "9759.38");
  expect_check(check_at(t, "总表收入与收入决算表一致", 26, 1), 1, "9746.50", "9746.50");
  alter(doc, t, 26, 1, "9764.50"); /* 本年收入合计 with two digits swapped */
  expect_check(check_at(t, "总表收入与收入决算表一致", 26, 1), 0, "9746.50", "9764.50");
  expect_check(check_at(t, "本年收入合计等于收入之和", 26, 1), 0, "9746.50", "9764.50");
  biao_doc_free(doc);
}

Test(real_pdf, total_column_and_grand_total) {
  biao_doc *doc = tu_open("pdf-real/govbc-02.pdf");
  /* 支出决算表 合计 row: 本年支出合计 9759.38 = 基本支出 5377.64 + 项目支出 4381.74 */
  biao_table *t = table_of(doc, "支出决算表", 0);
  cr_assert_eq(bz_meaning_of(t)->col_role[4], BZ_COL_MONEY, "项目支出 is an amount, not a label");
  expect_check(check_at(t, "合计列等于各列之和", 2, 2), 1, "9759.38", "9759.38");
  alter(doc, t, 2, 4, "4318.74");
  expect_check(check_at(t, "合计列等于各列之和", 2, 2), 0, "9696.38", "9759.38");
  /* 收入支出决算总表: 总计 9859.38 = 本年收入合计 9746.50 + 年初结转和结余 112.88 */
  t = table_of(doc, "收入支出决算总表", 0);
  expect_check(check_at(t, "总计等于合计加结转结余", 29, 1), 1, "9859.38", "9859.38");
  alter(doc, t, 28, 1, "121.88");
  expect_check(check_at(t, "总计等于合计加结转结余", 29, 1), 0, "9868.38", "9859.38");
  biao_doc_free(doc);
}

/* Issue 12: a 小计 column is not summed with its own parts, and a check names its cell as a person
 * finds it. yt-02 (a city's 2026 budget) p.9 收入总体情况表 ended inside the rows of 208
 * 社会保障和就业支出 (its 20805 children on p.10); the check said "not checked" while the two pages
 * came out as separate tables. Since the continuation joins pp.9-11 (issue 11) the check is decided. */
Test(meaning_real, cut_table_is_not_checked_and_subtotals_count_once) {
  biao_doc *doc = open_shared("corpus/cities/yt-02.pdf");
  biao_table *t = table_of(doc, "收入预算总表", 0);
  cr_assert_eq(t->page_start, 9);
  cr_assert_eq(t->page_end, 11, "pp.10-11 joined to p.9");
  const bz_check *k = check_at(t, "科目合计等于明细之和", 6, 4); /* row 7 '208 社会保障和就业支出', column 合计 */
  cr_assert_str_eq(k->actual, "188501.98");
  cr_assert_null(k->skip, "the whole block is in the table: decided");
  expect_check(k, 1, "188501.97", "188501.98"); /* its 5 children, within rounding */
  cr_assert_str_eq(k->where, "p.9 row 7 '208 社会保障和就业支出', column 合计");
  /* 20801 (its 8 children all on p.9) is decided and adds up */
  k = check_at(t, "科目合计等于明细之和", 7, 4);
  cr_assert_null(k->skip);
  expect_check(k, 1, "40781.39", "40781.39");
  /* 合计 = 财政拨款收入/小计 + 其他收入 + 上级补助收入 (小计 stands for 一般公共预算收入 and 国有资本经营预算收入) */
  k = check_at(t, "合计列等于各列之和", 2, 4);
  expect_check(k, 1, "191394.79", "191394.79");
  cr_assert_eq(k->n_cells, 4, "合计 and three parts, not the 小计's own parts again");
  biao_doc_free(doc);
}

/* govbc-10 p.29 一般公共预算基本支出表 prints 款 as "2" and "7" under 类 301 (02, 07 on the page's
 * other rows): they are 30102 津贴补贴 and 30107 绩效工资, not more rows of 301, and 301 adds up. */
Test(meaning_real, one_digit_kuan_is_zero_padded) {
  biao_doc *doc = open_shared("corpus/real/govbc/govbc-10.pdf");
  biao_table *t = table_of(doc, "一般公共预算基本支出表", 0);
  const bz_meaning *m = bz_meaning_of(t);
  cr_assert_str_eq(tu_text(doc, t->index, 5, 1), "2");
  cr_assert_str_eq(m->rows[5].code, "30102");
  cr_assert_str_eq(m->rows[5].label, "津贴补贴");
  cr_assert_str_eq(m->rows[6].code, "30107");
  cr_assert_str_eq(bz_vkind_name(bz_value_at(t, 5, 1, &(bz_value){0})->kind), "code", "a 款 part is text, not the number 2");
  const bz_check *k = check_at(t, "科目合计等于明细之和", 3, 3);
  expect_check(k, 1, "88282511", "88282511");
  biao_doc_free(doc);
}

/* xa-12 pp.30-31 部门整体支出绩效自评表: the funds part lists 17 tasks with 分值 0.58 each and their
 * 金额合计 row (10); the indicators below add 90. 总分 100 = 10 + 90: the 金额合计 row stands for the
 * task rows it totals, which must not count a second time (they did: expected 110, a false FAIL). */
Test(meaning_real, total_row_in_a_score_block_counts_once) {
  biao_doc *doc = open_shared("corpus/cities/xa-12.pdf");
  biao_table *t = table_of(doc, "部门整体支出绩效自评表", 0);
  cr_assert_eq(t->page_start, 30);
  cr_assert_eq(t->page_end, 31);
  cr_assert_str_eq(tu_text(doc, t->index, 20, 1), "金额合计");
  expect_check(check_at(t, "满分等于分值之和", 44, -1), 1, "100", "100");
  expect_check(check_at(t, "总分等于得分之和", 44, -1), 1, "99.5", "99.5");
  cr_assert_eq(check_at(t, "满分等于分值之和", 44, -1)->n_cells, 1 + 21, "总分, 金额合计 and 20 indicator rows");
  biao_doc_free(doc);
}

/* xa-12 pp.157-158 一般公共预算财政拨款基本支出决算表 prints three column groups: 人员经费 (301, 303)
 * with its 人员经费合计, then 302/307 and 309/310/399 with no total between them and 公用经费合计
 * under the third: 公用经费 is both groups (2,093.08), not only the third's 类 rows (7.17). */
Test(meaning_real, group_total_covers_the_groups_without_their_own) {
  biao_doc *doc = open_shared("corpus/cities/xa-12.pdf");
  biao_table *t = table_of(doc, "一般公共预算财政拨款基本支出决算表", 0);
  cr_assert_eq(t->page_end, 158);
  int r = t->n_rows - 1;
  cr_assert_str_eq(tu_text(doc, t->index, r, 7), "公用经费合计");
  const bz_check *k = check_at(t, "科目合计等于明细之和", r, 8);
  expect_check(k, 1, "2093.08", "2093.08");
  cr_assert(strstr(k->what, "Σ 5 类 rows"), "%s", k->what);
  k = check_at(t, "科目合计等于明细之和", r, 2); /* 人员经费合计: its own group only */
  cr_assert(strstr(k->what, "Σ 2 类 rows"), "%s", k->what);
  cr_assert(k->ok);
  biao_doc_free(doc);
}

/* xa-12 p.160 prints its 国有资本经营预算财政拨款支出决算表 (公开09表 of the set) with a header, the
 * 栏次 row and an empty 合计 row: the reader keeps it with its title, so the 决算 set is complete. */
Test(meaning_real, empty_state_capital_table_keeps_its_title) {
  biao_doc *doc = open_shared("corpus/cities/xa-12.pdf");
  biao_table *t = table_of(doc, "国有资本经营预算财政拨款支出决算表", 0);
  cr_assert_eq(t->page_start, 160);
  cr_assert_eq(t->page_end, 160);
  cr_assert_str_eq(t->title, "国有资本经营预算财政拨款支出决算表");
  cr_assert_eq(t->n_rows, 4);
  cr_assert_eq(t->n_cols, 5);
  cr_assert_str_eq(tu_text(doc, t->index, 1, 0), "科目代码");
  cr_assert_str_eq(tu_text(doc, t->index, 3, 1), "合计");
  cr_assert_str_eq(tu_text(doc, t->index, 3, 2), "", "no amount printed");
  const bz_check *k = check_at(table_of(doc, "收入支出决算总表", 0), "部门决算公开表齐全", 0, 0);
  expect_check(k, 1, "9", "9");
  biao_doc_free(doc);
}

/* cq-01 pp.15-16 一般公共预算支出情况表 ends with 2210201 and the next table, p.17's 一般公共预算基本
 * 支出情况表, starts with 301: a table with a title of its own does not go on with this one, so the
 * 合计 is decided (15,635.80 against its six 类 rows' 15,635.79, within rounding), not "not checked". */
Test(meaning_real, next_table_with_its_own_title_is_not_a_continuation) {
  biao_doc *doc = open_shared("corpus/cities/cq-01.pdf");
  biao_table *t = table_of(doc, "一般公共预算支出功能分类预算表", 0);
  cr_assert_eq(t->page_end, 16);
  cr_assert_str_eq(tu_text(doc, t->index, 3, 0), "合计");
  const bz_check *k = check_at(t, "科目合计等于明细之和", 3, 2); /* column 2025年预算数 */
  cr_assert_null(k->skip, "%s", k->skip);
  expect_check(k, 1, "15635.79", "15635.80");
  cr_assert_str_eq(k->where, "p.15 row 4 '合计', column 2025年预算数");
  biao_doc_free(doc);
}
