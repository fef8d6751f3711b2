/* test_pdf_real.c — the PDF reader on real budget reports (corpus/pdf-real/, copied from
 * ../shared/corpus/real/; producers: ONLYOFFICE, Word 2010, WPS 文字, WPS 表格, WPS Office,
 * Acrobat Distiller). Every table is compared cell by cell with an expected JSON that was checked
 * against the rendered pages; key cells and spans are also asserted explicitly. */
#include <string.h>

#include "core/model.h"
#include "testutil.h"

static biao_doc *open_real(const char *name) {
  char *rel = g_strdup_printf("pdf-real/%s.pdf", name);
  biao_doc *doc = tu_open(rel);
  g_free(rel);
  return doc;
}

/* Cells are compared by tu_expect_golden; the pages and the header rows too, since they were
 * checked against the rendered pages as well. */
static void expect_pages_and_headers(const biao_doc *doc, const char *rel) {
  char *path = tu_corpus(rel);
  json_object *want = json_object_from_file(path), *tables = NULL;
  cr_assert(want && json_object_object_get_ex(want, "tables", &tables), "cannot read %s", path);
  for (size_t i = 0; i < json_object_array_length(tables) && i < biao_doc_table_count(doc); i++) {
    json_object *w = json_object_array_get_idx(tables, i);
    const biao_table *t = biao_doc_table(doc, i);
    cr_expect_eq(biao_table_page_start(t), json_object_get_int(json_object_object_get(w, "page_start")),
                 "%s table %zu: page_start", rel, i + 1);
    cr_expect_eq(biao_table_page_end(t), json_object_get_int(json_object_object_get(w, "page_end")),
                 "%s table %zu: page_end", rel, i + 1);
    cr_expect_eq(biao_table_header_rows(t), json_object_get_int(json_object_object_get(w, "header_rows")),
                 "%s table %zu: header_rows", rel, i + 1);
  }
  json_object_put(want);
  g_free(path);
}

static void golden(const char *name) {
  biao_doc *doc = open_real(name);
  char *rel = g_strdup_printf("pdf-real/%s.expected.json", name);
  tu_expect_golden(doc, rel);
  expect_pages_and_headers(doc, rel);
  g_free(rel);
  biao_doc_free(doc);
}

static void expect_span(const biao_doc *doc, int t, int row, int col, int rs, int cs) {
  int r = 0, c = 0;
  tu_span(doc, t, row, col, &r, &c);
  cr_expect(r == rs && c == cs, "table %d (%d,%d): span %dx%d, want %dx%d", t, row, col, r, c, rs, cs);
}

Test(pdf_golden, govbc01_onlyoffice) { golden("govbc-01"); }
Test(pdf_golden, govbc02_word2010) { golden("govbc-02"); }
Test(pdf_golden, govbc03_wps_writer) { golden("govbc-03"); }
Test(pdf_golden, govbc06_wps_sheets) { golden("govbc-06"); }
Test(pdf_golden, jsob01_wps_pro) { golden("jsob-01"); }
Test(pdf_golden, jsob04_rotated_a3) { golden("jsob-04"); }
Test(pdf_golden, tbxt01_wps_office) { golden("tbxt-01"); }
Test(pdf_golden, tbxt02_wps_sheets) { golden("tbxt-02"); }

/* WPS 表格: 收入预算总表 runs over pages 9–10; the second page has no header and no title. */
Test(pdf_real, govbc06_multipage_and_two_level_header) {
  biao_doc *doc = open_real("govbc-06");
  int t = tu_find_table(doc, "2025年部门收入预算总表");
  cr_assert(t > 0);
  const biao_table *tb = biao_doc_table(doc, t - 1);
  cr_expect_eq(biao_table_page_start(tb), 9);
  cr_expect_eq(biao_table_page_end(tb), 10);
  cr_expect_eq(biao_table_cols(tb), 9);
  cr_expect_eq(biao_table_rows(tb), 24);
  /* 项目 over 4 columns | 收入预算 over 5; 功能分类科目编码 over 类/款/项 */
  cr_expect_str_eq(tu_text(doc, t, 0, 0), "项目");
  expect_span(doc, t, 0, 0, 1, 4);
  cr_expect_str_eq(tu_text(doc, t, 0, 4), "收入预算");
  expect_span(doc, t, 0, 4, 1, 5);
  cr_expect_str_eq(tu_text(doc, t, 1, 0), "功能分类科目编码");
  expect_span(doc, t, 1, 0, 1, 3);
  cr_expect_str_eq(tu_text(doc, t, 2, 0), "类");
  cr_expect_str_eq(tu_text(doc, t, 2, 2), "项");
  expect_span(doc, t, 1, 3, 2, 1); /* 功能分类科目名称 */
  /* a row from the continuation page, and the total in the last row */
  cr_expect_str_eq(tu_text(doc, t, 19, 3), "住房保障支出");
  cr_expect_str_eq(tu_text(doc, t, 23, 0), "合计");
  expect_span(doc, t, 23, 0, 1, 4);
  cr_expect_str_eq(tu_text(doc, t, 23, 4), "91,016,775.35");
  cr_expect_str_eq(bz_table_get_meta(tb, "unit"), "元");
  biao_doc_free(doc);
}

/* Word 2010 (tagged): 收入支出决算总表 with the 收入 | 支出 header over two columns each. */
Test(pdf_real, govbc02_word_income_expenditure_summary) {
  biao_doc *doc = open_real("govbc-02");
  int t = tu_find_table(doc, "收入支出决算总表");
  cr_assert(t > 0);
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, t - 1)), "收入支出决算总表");
  cr_expect_str_eq(tu_text(doc, t, 0, 0), "收入");
  expect_span(doc, t, 0, 0, 1, 2);
  cr_expect_str_eq(tu_text(doc, t, 0, 2), "支出");
  expect_span(doc, t, 0, 2, 1, 2);
  int r = 0, c = 0;
  cr_assert(tu_find_cell(doc, t, "一、一般公共预算财政拨款收入", &r, &c));
  cr_expect_str_eq(tu_text(doc, t, r, c + 1), "9746.50");
  cr_assert(tu_find_cell(doc, t, "十八、自然资源海洋气象等支出", &r, &c));
  cr_expect_str_eq(tu_text(doc, t, r, c + 1), "4461.67");
  cr_expect_eq(biao_table_header_rows(biao_doc_table(doc, t - 1)), 2);
  /* the 三公 table: 公务用车购置及运行维护费 over 6 columns, wrapped labels joined */
  t = tu_find_table(doc, "财政拨款“三公”经费支出决算表");
  cr_assert(t > 0);
  cr_expect_str_eq(tu_text(doc, t, 1, 4), "公务用车购置及运行维护费");
  expect_span(doc, t, 1, 4, 1, 6);
  cr_expect_str_eq(tu_text(doc, t, 1, 2), "因公出国（境）费");
  cr_expect_str_eq(tu_text(doc, t, 2, 8), "公务用车运行维护费");
  cr_expect_str_eq(tu_text(doc, t, 4, 11), "0.39");
  biao_doc_free(doc);
}

/* ONLYOFFICE (rules drawn as line segments): 收入决算表 over pages 8–9, wrapped header cells. */
Test(pdf_real, govbc01_onlyoffice_wrapped_headers) {
  biao_doc *doc = open_real("govbc-01");
  int t = tu_find_table(doc, "收入决算表");
  cr_assert(t > 0);
  const biao_table *tb = biao_doc_table(doc, t - 1);
  cr_expect_eq(biao_table_page_start(tb), 8);
  cr_expect_eq(biao_table_page_end(tb), 9);
  cr_expect_str_eq(tu_text(doc, t, 0, 4), "本年收入合计"); /* printed as 本年收入合 / 计 */
  expect_span(doc, t, 0, 4, 3, 1);
  cr_expect_str_eq(tu_text(doc, t, 0, 9), "附属单位上缴收入");
  int r = 0, c = 0;
  cr_assert(tu_find_cell(doc, t, "机关事业单位基本养老保险缴费支出", &r, &c)); /* wrapped in 2 lines */
  cr_expect_str_eq(tu_text(doc, t, r, c + 1), "160.75");
  cr_assert(tu_find_cell(doc, t, "购房补贴", &r, &c)); /* on the continuation page */
  cr_expect_str_eq(tu_text(doc, t, r, c + 1), "258.50");
  biao_doc_free(doc);
}

/* Acrobat Distiller, A3 pages with /Rotate: text upright, codes 公开表N in meta. */
Test(pdf_real, jsob04_rotated_a3) {
  biao_doc *doc = open_real("jsob-04");
  cr_expect_eq(biao_doc_pages(doc), 13);
  cr_assert_eq(biao_doc_table_count(doc), 12);
  const biao_table *tb = biao_doc_table(doc, 1);
  cr_expect_str_eq(biao_table_title(tb), "收入预算总表");
  cr_expect_str_eq(bz_table_get_meta(tb, "code"), "公开表二");
  cr_expect_str_eq(bz_table_get_meta(tb, "unit"), "万元");
  cr_expect_str_eq(tu_text(doc, 2, 2, 0), "一般公共预算资金");
  expect_span(doc, 2, 2, 0, 3, 1);
  cr_expect_str_eq(tu_text(doc, 2, 3, 1), "公共财政拨款(补助)资金");
  cr_expect_str_eq(tu_text(doc, 2, 3, 2), "18,330.37");
  cr_expect_str_eq(tu_text(doc, 1, 3, 5), "9,312.90");
  cr_expect_eq(biao_table_page_end(biao_doc_table(doc, 11)), 13); /* 政府采购预算表 over 2 pages */
  biao_doc_free(doc);
}

/* WPS Office 绩效目标填报表: title inside the frame, merged label cells, long wrapped text. */
Test(pdf_real, tbxt01_performance_form) {
  biao_doc *doc = open_real("tbxt-01");
  int t = tu_find_table(doc, "新建万里街道社区公共服务中心");
  cr_assert(t > 0);
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, t - 1)), "财政项目支出绩效目标填报表");
  cr_expect_str_eq(tu_text(doc, t, 5, 0), "项目资金（元）");
  expect_span(doc, t, 5, 0, 4, 2);
  cr_expect_str_eq(tu_text(doc, t, 12, 0), "绩效指标");
  expect_span(doc, t, 12, 0, 5, 1);
  cr_expect_str_eq(tu_text(doc, t, 16, 2), "服务对象满意度指标");
  cr_expect(g_str_has_prefix(tu_text(doc, t, 10, 1),
                             "建成后作为万里街道社区事务受理、社区管理、社区文化艺术活动场所。更有效的整合"));
  cr_expect_str_eq(tu_text(doc, t, 12, 6), "≥13459.00(平方米)");
  biao_doc_free(doc);
}

/* An empty 政府性基金预算支出功能分类预算表 (no amounts at all): the header is 项目 | 政府性基金预算支出
 * (group headings only), 功能分类科目编码 | 名称 | 合计 …, 类 | 款 | 项 — three rows, as printed (p. 24),
 * not just the first. */
Test(pdf_real, tbxt01_empty_table_header_rows) {
  biao_doc *doc = open_real("tbxt-01");
  int t = tu_find_table(doc, "2023年部门政府性基金预算支出功能分类预算表");
  cr_assert(t > 0);
  const biao_table *tb = biao_doc_table(doc, t - 1);
  cr_expect_eq(biao_table_header_rows(tb), 3);
  cr_expect_str_eq(tu_text(doc, t, 2, 1), "款");
  expect_span(doc, t, 1, 3, 2, 1); /* 功能分类科目名称 */
  cr_expect_str_eq(tu_text(doc, t, 15, 0), "合计");
  /* a filled table of the same report keeps the header found from its amounts */
  t = tu_find_table(doc, "2023年部门一般公共预算支出功能分类预算表");
  cr_expect_eq(biao_table_header_rows(biao_doc_table(doc, t - 1)), 3);
  cr_expect_eq(biao_table_page_end(biao_doc_table(doc, t - 1)), 23);
  biao_doc_free(doc);
}

/* jsob-04 财政拨款政府性基金支出预算表: no amounts, but its first row names the columns; the 合计 row
 * below is body, not header. */
Test(pdf_real, jsob04_empty_table_one_header_row) {
  biao_doc *doc = open_real("jsob-04");
  const biao_table *tb = biao_doc_table(doc, 9);
  cr_expect_str_eq(biao_table_title(tb), "财政拨款政府性基金支出预算表");
  cr_expect_eq(biao_table_header_rows(tb), 1);
  cr_expect_str_eq(tu_text(doc, 10, 1, 0), "合计");
  expect_span(doc, 10, 1, 0, 1, 2);
  biao_doc_free(doc);
}

/* Found by the picture-by-picture review of govbc-01 pp. 16–17: ONLYOFFICE breaks the 抚恤金 row
 * over the page break and draws its empty lower part as a row of boxes at the top of page 17. It is
 * one row: 抚恤金 is followed directly by 生活补助. */
Test(pdf_real, govbc01_empty_lower_part_of_split_row_joined) {
  biao_doc *doc = open_real("govbc-01");
  int t = tu_find_table(doc, "一般公共预算财政拨款基本支出决算表");
  cr_assert(t > 0);
  const biao_table *tb = biao_doc_table(doc, t - 1);
  cr_expect_eq(biao_table_page_start(tb), 16);
  cr_expect_eq(biao_table_page_end(tb), 17);
  cr_expect_eq(biao_table_rows(tb), 42);
  int r = 0, c = 0;
  cr_assert(tu_find_cell(doc, t, "抚恤金", &r, &c));
  cr_expect_eq(r, 21);
  cr_expect_str_eq(tu_text(doc, t, r + 1, c), "生活补助");
  cr_expect_str_eq(tu_text(doc, t, r + 1, 0), "303");
  cr_expect_str_eq(tu_text(doc, t, r + 1, 6), "专用燃料费");
  cr_expect_str_eq(tu_text(doc, t, 41, 0), "人员经费合计");
  expect_span(doc, t, 41, 0, 1, 3);
  biao_doc_free(doc);
}

/* Tables without any number (the department had no such spending): the header is the rows above
 * the blank body, not just the first row (govbc-03 p. 14, checked against the page) — and an
 * empty 合计 row is body, not header (jsob-01 p. 15). */
Test(pdf_real, blank_template_header_rows) {
  biao_doc *doc = open_real("govbc-03");
  int t = tu_find_table(doc, "财政拨款“三公”经费支出决算表");
  cr_assert(t > 0);
  const biao_table *tb = biao_doc_table(doc, t - 1);
  cr_expect_eq(biao_table_header_rows(tb), 4);
  cr_expect_eq(biao_table_rows(tb), 5);
  expect_span(doc, t, 0, 0, 1, 12);
  cr_expect_str_eq(tu_text(doc, t, 1, 4), "公务用车购置及运行维护费");
  expect_span(doc, t, 1, 4, 1, 6);
  expect_span(doc, t, 1, 10, 2, 2); /* 公务接待费 */
  cr_expect_str_eq(tu_text(doc, t, 3, 11), "决算数");
  cr_expect_str_eq(tu_text(doc, t, 4, 0), "");
  t = tu_find_table(doc, "政府性基金预算财政拨款收入支出决算表");
  cr_assert(t > 0);
  cr_expect_eq(biao_table_header_rows(biao_doc_table(doc, t - 1)), 3);
  biao_doc_free(doc);

  doc = open_real("jsob-01");
  t = tu_find_table(doc, "财政拨款政府性基金支出预算表");
  cr_assert(t > 0);
  cr_expect_eq(biao_table_header_rows(biao_doc_table(doc, t - 1)), 1);
  cr_expect_str_eq(tu_text(doc, t, 1, 1), "合计");
  biao_doc_free(doc);
}
