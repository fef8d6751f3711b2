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

static void golden(const char *name) {
  biao_doc *doc = open_real(name);
  char *rel = g_strdup_printf("pdf-real/%s.expected.json", name);
  tu_expect_golden(doc, rel);
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
