/* test_docx.c — the DOCX reader on real documents: spans (checked against pandoc .native, docling
 * and docxjs expected outputs), content controls, tracked changes (against Open-Xml-PowerTools'
 * accepted documents), hidden text, line breaks, Strict OOXML, Word Online, CJK forms, nested tables,
 * context/title, every table of every docx-public file, and hostile inputs. */
#include <string.h>

#include "core/model.h"
#include "extract/docx.h"
#include "testutil.h"

#define PUB "docx-public/"

static int nrows(const biao_doc *d, int t) { return biao_table_rows(biao_doc_table(d, (size_t)t - 1)); }
static int ncols(const biao_doc *d, int t) { return biao_table_cols(biao_doc_table(d, (size_t)t - 1)); }

static void expect_span(const biao_doc *d, int t, int r, int c, int rs, int cs, const char *text) {
  int grs = 0, gcs = 0;
  tu_span(d, t, r, c, &grs, &gcs);
  cr_expect(grs == rs && gcs == cs, "table %d (%d,%d): span %dx%d, want %dx%d", t, r, c, grs, gcs, rs, cs);
  if (text) cr_expect_str_eq(tu_text(d, t, r, c), text, "table %d (%d,%d)", t, r, c);
}

static const biao_table *tab(const biao_doc *d, int t) { return biao_doc_table(d, (size_t)t - 1); }

/* Form 1 of seed 000 (附件3-1): every merged cell the form has. */
Test(docx_forms, form_000_cells_and_spans) {
  biao_doc *d = tu_open("docx/form-000.docx");
  cr_assert_eq(biao_doc_table_count(d), 2);
  cr_assert_str_eq(biao_doc_format(d), "docx");
  int r, c;
  cr_assert(tu_find_cell(d, 1, "年度资金总额", &r, &c));
  cr_expect_eq(c, 1);
  expect_span(d, 1, r, c, 1, 2, "年度资金总额");
  cr_expect_str_eq(tu_text(d, 1, r, 3), "186.73");
  cr_expect_str_eq(tu_text(d, 1, r, 4), "252.63");
  cr_expect_str_eq(tu_text(d, 1, r, 5), "169.45");
  cr_expect_str_eq(tu_text(d, 1, r, 6), "10");
  cr_expect_str_eq(tu_text(d, 1, r, 7), "67.07%");
  cr_expect_str_eq(tu_text(d, 1, r, 8), "7");
  /* header cells with line breaks; 项目资金（万元） spans its header row and the four fund rows */
  cr_assert(tu_find_cell(d, 1, "年初\n预算数", &r, &c));
  cr_expect_eq(r, 2);
  cr_expect_eq(c, 3);
  expect_span(d, 1, 2, 0, 5, 1, "项目资金\n（万元）");
  cr_expect_str_eq(tu_text(d, 1, 5, 4), "65.90", "上年结转资金 全年预算数");
  /* 绩效指标 spans the indicator header and rows down to the page break of the original, where the
   * form repeats it over the last two rows */
  expect_span(d, 1, 9, 0, 10, 1, "绩\n效\n指\n标");
  expect_span(d, 1, 19, 0, 2, 1, "绩\n效\n指\n标");
  expect_span(d, 1, 10, 1, 6, 1, "产出指标\n\n(50分)");
  expect_span(d, 1, 16, 1, 4, 1, "效益指标\n\n（30分）");
  expect_span(d, 1, 11, 2, 3, 1, "质量指标");
  cr_expect_str_eq(tu_text(d, 1, 19, 2), "可持续影响指标");
  /* 总分 100 / 97 */
  cr_assert(tu_find_cell(d, 1, "总分", &r, &c));
  cr_expect_eq(r, 21);
  expect_span(d, 1, 21, 0, 1, 6, "总分");
  cr_expect_str_eq(tu_text(d, 1, 21, 6), "100");
  cr_expect_str_eq(tu_text(d, 1, 21, 7), "97");
  cr_expect_eq(nrows(d, 1), 22);
  cr_expect_eq(ncols(d, 1), 9);
  cr_expect_eq(biao_table_header_rows(tab(d, 1)), 2, "two w:tblHeader rows");
  cr_expect_str_eq(biao_table_title(tab(d, 1)), "2020年度项目支出绩效自评表");
  /* form 2 (附件：3-2) */
  cr_assert(tu_find_cell(d, 2, "年度资金总额", &r, &c));
  cr_expect_str_eq(tu_text(d, 2, r, 3), "188.87");
  cr_expect_str_eq(tu_text(d, 2, r, 7), "92.61");
  cr_assert(tu_find_cell(d, 2, "需提高微信公众号粉丝粘度，及新粉丝关注数", &r, &c));
  cr_expect_eq(c, 8);
  cr_expect_str_eq(tu_text(d, 2, r, 7), "18");
  tu_expect_golden(d, "docx/form-000.expected.json");
  biao_doc_free(d);
}

Test(docx_forms, form_002_eleven_forms_with_context) {
  biao_doc *d = tu_open("docx/form-002.docx");
  cr_assert_eq(biao_doc_table_count(d), 11);
  for (int t = 1; t <= 11; t++) {
    cr_expect_str_eq(biao_table_title(tab(d, t)), "州级预算部门项目支出绩效自评表", "table %d", t);
    expect_span(d, t, 2, 0, 5, 1, "项目资金\n（万元）");
  }
  /* 附件4-2: 政府办综合协调专项经费 270 / 505.22 / 467.84, 92.60%, 9 */
  const biao_table *t2 = tab(d, 2);
  cr_assert_geq(t2->context->len, 3);
  cr_expect_str_eq(g_ptr_array_index(t2->context, t2->context->len - 3), "附件4-2：");
  cr_expect_str_eq(g_ptr_array_index(t2->context, t2->context->len - 1), "（2020年度）");
  cr_expect(g_str_has_prefix(g_ptr_array_index(t2->context, 0), "单位负责人签字"), "paragraph after table 1");
  cr_expect_str_eq(tu_text(d, 2, 0, 1), "政府办综合协调专项经费");
  cr_expect_str_eq(tu_text(d, 2, 3, 3), "270");
  cr_expect_str_eq(tu_text(d, 2, 3, 4), "505.22");
  cr_expect_str_eq(tu_text(d, 2, 3, 5), "467.84");
  cr_expect_str_eq(tu_text(d, 2, 3, 7), "92.60%");
  cr_expect_str_eq(tu_text(d, 2, 3, 8), "9");
  cr_expect_str_eq(tu_text(d, 2, 4, 5), "406.32");
  /* 数量指标 over three 三级指标 rows; 绩效指标 over all indicator rows */
  int r, c;
  cr_assert(tu_find_cell(d, 2, "完成调研报告", &r, &c));
  cr_expect_eq(c, 3);
  expect_span(d, 2, r - 1, 2, 3, 1, "数量指标");
  expect_span(d, 2, 9, 0, 10, 1, "绩\n效\n指\n标");
  expect_span(d, 2, 10, 1, 6, 1, "产出指标\n(50分)");
  expect_span(d, 2, 16, 1, 2, 1, "效益指标\n（30分）");
  cr_assert(tu_find_cell(d, 2, "总分", &r, &c));
  cr_expect_eq(r, 19);
  cr_expect_str_eq(tu_text(d, 2, r, 7), "97");
  tu_expect_golden(d, "docx/form-002.expected.json");
  biao_doc_free(d);
}

/* pandoc/table_gridbefore.native: row 0 is [empty, "Bits" ColSpan 8, empty, empty] (11 grid
 * columns: gridBefore 1 and gridAfter 2 filled with empty cells, as pandoc does). */
Test(docx_spans, gridspan_and_gridbefore_match_pandoc) {
  biao_doc *d = tu_open(PUB "pandoc/table_gridbefore.docx");
  cr_assert_eq(biao_doc_table_count(d), 1);
  cr_expect_eq(nrows(d, 1), 16);
  cr_expect_eq(ncols(d, 1), 11);
  expect_span(d, 1, 0, 0, 1, 1, "");
  expect_span(d, 1, 0, 1, 1, 8, "Bits");
  expect_span(d, 1, 0, 9, 1, 1, "");
  cr_expect_str_eq(tu_text(d, 1, 1, 1), "8");
  cr_expect_str_eq(tu_text(d, 1, 1, 8), "1");
  cr_expect_str_eq(tu_text(d, 1, 3, 8), "1");
  cr_expect_str_eq(tu_text(d, 1, 3, 10), "TEXT");
  cr_expect_eq(biao_table_cell_count(tab(d, 1)), 150, "pandoc's native has 150 cells");
  biao_doc_free(d);
}

/* pandoc/table_header_rowspan.native: A B C D RowSpan 2, E ColSpan 3, F RowSpan 2; G H I below E. */
Test(docx_spans, vmerge_header_matches_pandoc) {
  biao_doc *d = tu_open(PUB "pandoc/table_header_rowspan.docx");
  cr_expect_eq(nrows(d, 1), 11);
  cr_expect_eq(ncols(d, 1), 8);
  expect_span(d, 1, 0, 0, 2, 1, "A");
  expect_span(d, 1, 0, 3, 2, 1, "D");
  expect_span(d, 1, 0, 4, 1, 3, "E");
  expect_span(d, 1, 0, 7, 2, 1, "F");
  expect_span(d, 1, 1, 4, 1, 1, "G");
  expect_span(d, 1, 1, 6, 1, 1, "I");
  cr_expect_str_eq(tu_text(d, 1, 2, 7), "8");
  cr_expect_eq(biao_table_cell_count(tab(d, 1)), 81);
  biao_doc_free(d);
}

/* docxjs/table-spans.html: rowspan 6, three rowspan 2, colspan 2, colspan 5, colspan 2 and a 2x3. */
Test(docx_spans, vmerge_and_gridspan_match_docxjs) {
  biao_doc *d = tu_open(PUB "docxjs/table-spans.docx");
  expect_span(d, 1, 0, 0, 6, 1, NULL);
  expect_span(d, 1, 0, 1, 2, 1, "Test\nTest");
  expect_span(d, 1, 0, 3, 2, 1, NULL);
  expect_span(d, 1, 0, 4, 1, 2, "Test Test");
  expect_span(d, 1, 3, 1, 1, 5, "Test Test Test Test Test");
  expect_span(d, 1, 4, 1, 1, 2, NULL);
  expect_span(d, 1, 4, 3, 2, 3, NULL);
  biao_doc_free(d);
}

/* docling/word_tables.json table 6: "a row starting late" — (1,0) is a gridBefore position. */
Test(docx_spans, gridbefore_gridafter_short_rows) {
  biao_doc *d = tu_open(PUB "docling/word_tables.docx");
  cr_assert_eq(biao_doc_table_count(d), 7);
  cr_expect_str_eq(biao_table_title(tab(d, 6)), "A non-uniform table with a row starting late");
  cr_expect_str_eq(tu_text(d, 6, 1, 0), "");
  cr_expect_str_eq(tu_text(d, 6, 1, 1), "Cell 1.1");
  biao_doc_free(d);
  /* gridAfter 1 after a gridSpan 3 + vMerge restart pair, then rows with gridAfter 2 */
  d = tu_open(PUB "docxrs/grid_after.docx");
  cr_expect_eq(nrows(d, 1), 9);
  cr_expect_eq(ncols(d, 1), 5);
  expect_span(d, 1, 0, 0, 1, 5, "");
  expect_span(d, 1, 1, 0, 2, 3, "");
  expect_span(d, 1, 1, 3, 2, 1, "");
  expect_span(d, 1, 1, 4, 1, 1, "");
  biao_doc_free(d);
  /* rows missing cells at the end */
  d = tu_open(PUB "unstructured/tables-with-incomplete-rows.docx");
  cr_assert_eq(biao_doc_table_count(d), 6);
  cr_expect_str_eq(tu_text(d, 2, 0, 1), "");
  cr_expect_str_eq(tu_text(d, 2, 1, 1), "c");
  expect_span(d, 5, 1, 1, 3, 2, "d");
  expect_span(d, 6, 0, 0, 3, 2, "Data");
  expect_span(d, 6, 7, 1, 1, 2, "Format");
  biao_doc_free(d);
}

Test(docx_nested, parent_link_and_no_duplicate_text) {
  biao_doc *d = tu_open(PUB "unstructured/docx-tables.docx");
  cr_assert_eq(biao_doc_table_count(d), 4);
  const biao_table *inner = tab(d, 3);
  cr_assert_eq(inner->parent, tab(d, 2));
  cr_expect_eq(inner->parent_row, 1);
  cr_expect_eq(inner->parent_col, 1);
  cr_expect_str_eq(tu_text(d, 3, 1, 0), "g&t");
  cr_expect_str_eq(tu_text(d, 2, 1, 1), "", "the nested table's text is not copied into its cell");
  cr_expect_str_eq(tu_text(d, 2, 0, 1), ">b<");
  json_object *j = tu_json(d), *tables, *parent, *v;
  cr_assert(json_object_object_get_ex(j, "tables", &tables));
  cr_assert(json_object_object_get_ex(json_object_array_get_idx(tables, 2), "parent", &parent));
  cr_assert(json_object_object_get_ex(parent, "table", &v));
  cr_expect_eq(json_object_get_int(v), 2);
  json_object_put(j);
  biao_doc_free(d);
  /* eight levels deep, each table in cell (0,0) of the previous one */
  d = tu_open(PUB "oxsdk/complex_table_nested8.docx");
  cr_assert_eq(biao_doc_table_count(d), 8);
  for (int t = 2; t <= 8; t++) {
    cr_expect_eq(tab(d, t)->parent, tab(d, t - 1), "table %d", t);
    cr_expect_eq(tab(d, t)->parent_row, 0);
  }
  cr_expect_null(tab(d, 1)->parent);
  biao_doc_free(d);
}

Test(docx_sdt, cells_rows_and_tables_in_content_controls) {
  /* pandoc/sdt_elements.native: header cells wrapped in w:sdt */
  biao_doc *d = tu_open(PUB "pandoc/sdt_elements.docx");
  cr_expect_str_eq(tu_text(d, 1, 0, 0), "col1Header");
  cr_expect_str_eq(tu_text(d, 1, 0, 2), "col3Header");
  cr_expect_str_eq(tu_text(d, 1, 1, 1), "Body copy");
  cr_expect_eq(biao_table_header_rows(tab(d, 1)), 1);
  biao_doc_free(d);
  /* rows wrapped in a repeating-section content control */
  d = tu_open(PUB "poi/tika-3816.docx");
  cr_expect_eq(nrows(d, 1), 5);
  cr_expect_str_eq(tu_text(d, 1, 1, 0), "Choose an item.");
  cr_expect_str_eq(tu_text(d, 1, 1, 1), "Here is just a sample");
  cr_expect_str_eq(biao_table_title(tab(d, 1)), "Sample 1:");
  biao_doc_free(d);
  /* a table and its rows inside nested content controls */
  d = tu_open(PUB "oxpt/ContentControls.docx");
  cr_assert_eq(biao_doc_table_count(d), 1);
  cr_expect_str_eq(tu_text(d, 1, 0, 0), "Lorem ipsum dolor sit amet");
  cr_expect_str_eq(tu_text(d, 1, 1, 2), "300");
  cr_expect_str_eq(tu_text(d, 1, 2, 0), "400");
  biao_doc_free(d);
}

Test(docx_sdt, tables_in_content_controls_in_body_order) {
  /* poi-tl: a cell wrapped in w:sdt (table 4), then a block-level w:sdt holding a paragraph and a
   * table (table 5): both in document order after the plain and nested tables */
  biao_doc *d = tu_open(PUB "poitl/sdt_cell.docx");
  cr_assert_eq(biao_doc_table_count(d), 5);
  cr_expect_str_eq(biao_table_title(tab(d, 4)), "表格内的文本控件");
  cr_expect_str_eq(tu_text(d, 4, 0, 0), "我是{{title}}", "cell inside w:sdt");
  cr_expect_str_eq(biao_table_title(tab(d, 5)), "最后目标：文本控件内的文字和表格");
  cr_expect_str_eq(tu_text(d, 5, 0, 0), "列1", "table inside a block-level w:sdt");
  cr_expect_eq(nrows(d, 5), 9);
  biao_doc_free(d);
  /* POI bug 54771: the document's first table is inside a content control */
  d = tu_open(PUB "poi/Bug54771a.docx");
  cr_assert_eq(biao_doc_table_count(d), 2);
  cr_expect_str_eq(tu_text(d, 1, 0, 0), "BB");
  cr_expect_str_eq(tu_text(d, 1, 1, 0), "Test");
  biao_doc_free(d);
}

Test(docx_textbox, table_in_text_box_once_in_body_order) {
  /* LibreOffice writes a text box as mc:AlternateContent: the same w:txbxContent (with its table)
   * in mc:Choice (DrawingML) and again in mc:Fallback (VML). The table comes out once, between the
   * body tables around its anchor paragraph. */
  biao_doc *d = tu_open(PUB "docx2python/libreoffice_conversion.docx");
  cr_assert_eq(biao_doc_table_count(d), 13);
  cr_expect_str_eq(biao_table_title(tab(d, 6)), "初次报价表");
  cr_expect_str_eq(tu_text(d, 7, 0, 0), "粘\n\n贴\n\n处", "the text-box table, after 初次报价表");
  cr_expect_eq(nrows(d, 7), 1);
  cr_expect_str_eq(tu_text(d, 8, 0, 0), "企业名称", "the next body table follows it");
  int copies = 0;
  for (int t = 1; t <= 13; t++) copies += g_str_has_prefix(tu_text(d, t, 0, 0), "粘");
  cr_expect_eq(copies, 1, "the mc:Fallback copy is skipped");
  biao_doc_free(d);
}

/* Tables of `rel` must equal those of the Open-Xml-PowerTools document with all changes accepted. */
static void expect_same_tables(const char *rel, const char *accepted) {
  biao_doc *a = tu_open(rel), *b = tu_open(accepted);
  cr_assert_eq(biao_doc_table_count(a), biao_doc_table_count(b), "%s: table count", rel);
  for (size_t i = 0; i < biao_doc_table_count(a); i++) {
    const biao_table *x = biao_doc_table(a, i), *y = biao_doc_table(b, i);
    cr_assert_eq(biao_table_rows(x), biao_table_rows(y), "%s table %zu rows", rel, i + 1);
    cr_assert_eq(biao_table_cols(x), biao_table_cols(y), "%s table %zu cols", rel, i + 1);
    cr_assert_eq(biao_table_cell_count(x), biao_table_cell_count(y), "%s table %zu cells", rel, i + 1);
    for (size_t k = 0; k < biao_table_cell_count(x); k++) {
      int r1, c1, rs1, cs1, r2, c2, rs2, cs2;
      const char *t1, *t2;
      biao_table_cell(x, k, &r1, &c1, &rs1, &cs1, &t1);
      biao_table_cell(y, k, &r2, &c2, &rs2, &cs2, &t2);
      cr_assert(r1 == r2 && c1 == c2 && rs1 == rs2 && cs1 == cs2, "%s table %zu cell %zu: (%d,%d %dx%d) vs (%d,%d %dx%d)",
                rel, i + 1, k, r1, c1, rs1, cs1, r2, c2, rs2, cs2);
      cr_assert_str_eq(t1, t2, "%s table %zu cell (%d,%d)", rel, i + 1, r1, c1);
    }
  }
  biao_doc_free(a);
  biao_doc_free(b);
}

Test(docx_tracked, accepted_equals_powertools_accepted) {
  expect_same_tables(PUB "oxpt/RP001-Tracked-Revisions-01.docx", PUB "oxpt/RP001-Tracked-Revisions-01.accepted.docx");
  expect_same_tables(PUB "oxpt/RP010-Inserted-Table-Row.docx", PUB "oxpt/RP010-Inserted-Table-Row.accepted.docx");
  expect_same_tables(PUB "oxpt/RP011-Multiple-Deleted-Rows.docx", PUB "oxpt/RP011-Multiple-Deleted-Rows.accepted.docx");
  expect_same_tables(PUB "oxpt/RP034-Deleted-Cells.docx", PUB "oxpt/RP034-Deleted-Cells.accepted.docx");
  expect_same_tables(PUB "oxpt/RP036-Vert-Merged-Cells.docx", PUB "oxpt/RP036-Vert-Merged-Cells.accepted.docx");
}

Test(docx_tracked, deleted_rows_cells_and_text_are_gone) {
  /* RP034: the two deleted cells of row 0 give their grid columns to the kept cell */
  biao_doc *d = tu_open(PUB "oxpt/RP034-Deleted-Cells.docx");
  expect_span(d, 1, 0, 0, 1, 3, "1\n2\n3");
  biao_doc_free(d);
  /* the second table of testWORD_2006ml has only deleted rows; the first has a nested one */
  d = tu_open(PUB "tika/testWORD_2006ml.docx");
  cr_expect_eq(biao_doc_table_count(d), 4);
  cr_expect_eq(tu_find_table(d, "Del r1c1"), 0);
  cr_expect_eq(tab(d, 2)->parent, tab(d, 1));
  biao_doc_free(d);
  /* every row of poi-tl's issue636 table is a tracked deletion: no table remains */
  d = tu_open(PUB "poitl/issue636.docx");
  cr_expect_eq(biao_doc_table_count(d), 0);
  biao_doc_free(d);
}

Test(docx_text, hidden_text_dropped) {
  biao_doc *d = tu_open(PUB "tika/testWORD_emptyParaInTextbox.docx");
  cr_assert_eq(biao_doc_table_count(d), 1);
  cr_expect_eq(nrows(d, 1), 14);
  cr_expect_eq(tu_find_table(d, "Pedagogick"), 0, "w:vanish run must not show");
  cr_expect(g_str_has_prefix(tu_text(d, 1, 12, 0), "Počet realizovaných patentov"));
  cr_expect_str_eq(tu_text(d, 1, 0, 3), "za posledných\n5 rokov");
  biao_doc_free(d);
}

Test(docx_text, line_breaks_paragraphs_and_tabs) {
  biao_doc *d = tu_open("docx/form-000.docx");
  cr_expect_str_eq(tu_text(d, 1, 0, 0), "项目支\n出名称", "w:br inside one paragraph");
  cr_expect_str_eq(tu_text(d, 1, 9, 8), "偏差原因\n分析及\n改进措施");
  cr_expect_str_eq(tu_text(d, 1, 10, 1), "产出指标\n\n(50分)", "three paragraphs, the middle one empty");
  biao_doc_free(d);
  /* docling/docx_rich_cells.json table 7: list items in one cell, one paragraph each */
  d = tu_open(PUB "docling/docx_rich_cells.docx");
  cr_expect_str_eq(tu_text(d, 7, 0, 0), "Cell 1 item 1\nCell 1 item 2");
  biao_doc_free(d);
}

Test(docx_package, strict_ooxml) {
  biao_doc *d = tu_open(PUB "docx2python/strict.docx");
  cr_assert_eq(biao_doc_table_count(d), 1);
  cr_expect_str_eq(tu_text(d, 1, 0, 0), "Cellaa");
  cr_expect_str_eq(tu_text(d, 1, 1, 1), "Cellbb");
  biao_doc_free(d);
  d = tu_open(PUB "oxsdk/Strict01.docx");
  cr_assert_eq(biao_doc_table_count(d), 3);
  cr_expect_str_eq(tu_text(d, 1, 2, 2), "600");
  cr_expect_eq(nrows(d, 3), 2, "Strict01 table 3: a tracked row deletion");
  biao_doc_free(d);
}

Test(docx_package, word_online_document2_and_dotx) {
  biao_doc *d = tu_open(PUB "docxrs/table_word_online.docx");
  cr_assert_eq(biao_doc_table_count(d), 1);
  cr_expect_str_eq(tu_text(d, 1, 0, 0), "Hello");
  cr_expect_eq(ncols(d, 1), 3);
  biao_doc_free(d);
  d = tu_open(PUB "oxsdk/EventSchedulePlanner_TP10173183.dotx");
  cr_expect_eq(biao_doc_table_count(d), 15);
  biao_doc_free(d);
}

Test(docx_text, cjk_forms) {
  biao_doc *d = tu_open(PUB "poitl/render_multiple_column.docx");
  cr_assert_eq(biao_doc_table_count(d), 8);
  cr_expect_str_eq(tu_text(d, 1, 1, 0), "货物");
  cr_expect_str_eq(tu_text(d, 1, 1, 1), "名称：[name]\n简介：[desc]");
  cr_expect_str_eq(tu_text(d, 1, 0, 2), "渲染2列");
  biao_doc_free(d);
}

/* Table counts verified by hand against the XML: w:tbl elements in the main part, minus the copies
 * in mc:Fallback (text boxes) and tables whose every row is a tracked deletion. */
static const struct {
  const char *file;
  int tables;
} counts[] = {
    {"docling/docx_rich_cells.docx", 9}, {"docling/table_with_equations.docx", 1}, {"docling/tablecell.docx", 3},
    {"docling/word_tables.docx", 7}, {"docx2python/dop_1013a_lay_down_tubulars.docx", 19},
    {"docx2python/libreoffice_conversion.docx", 13}, {"docx2python/merged_cells.docx", 1},
    {"docx2python/strict.docx", 1}, {"docx2python/weekly_schedule.docx", 5}, {"docx4j/tables.docx", 13},
    {"docxjs/table-spans.docx", 1}, {"docxrs/grid_after.docx", 1}, {"docxrs/insert_table.docx", 1},
    {"docxrs/table_word_online.docx", 1}, {"oxpt/ContentControls.docx", 1},
    {"oxpt/HC031-Complicated-Document.docx", 3}, {"oxpt/RP001-Tracked-Revisions-01.docx", 2},
    {"oxpt/RP001-Tracked-Revisions-01.accepted.docx", 2}, {"oxpt/RP010-Inserted-Table-Row.docx", 1},
    {"oxpt/RP010-Inserted-Table-Row.rejected.docx", 1}, {"oxpt/RP011-Multiple-Deleted-Rows.docx", 1},
    {"oxpt/RP034-Deleted-Cells.docx", 1}, {"oxpt/RP036-Vert-Merged-Cells.docx", 1}, {"oxsdk/Strict01.docx", 3},
    {"oxsdk/complex_table_nested8.docx", 8}, {"oxsdk/table_2006.docx", 1},
    {"oxsdk/EventSchedulePlanner_TP10173183.dotx", 15}, {"pandoc/cmd9358.docx", 2},
    {"pandoc/sdt_elements.docx", 1}, {"pandoc/table_captions_with_field.docx", 2},
    {"pandoc/table_gridbefore.docx", 1}, {"pandoc/table_header_rowspan.docx", 1},
    {"pandoc/table_variable_width.docx", 1}, {"pandoc/table_with_list_cell.docx", 1}, {"pandoc/tables.docx", 3},
    {"poi/60329.docx", 5}, {"poi/Bug54771a.docx", 2}, {"poi/bib-chernigovka-17459.docx", 1},
    {"poi/bug57031.docx", 21}, {"poi/bug65649.docx", 21}, {"poi/drawing.docx", 12}, {"poi/form_footnotes.docx", 6},
    {"poi/stress010.docx", 11}, {"poi/stress019.docx", 5}, {"poi/tika-3816.docx", 1}, {"poitl/OKR.docx", 3},
    {"poitl/issue636.docx", 0}, {"poitl/render_hackloop.docx", 4}, {"poitl/render_multiple_column.docx", 8},
    {"poitl/sdt_cell.docx", 5}, {"pythondocx/blk-paras-and-tables.docx", 4}, {"pythondocx/tbl-props.docx", 9},
    {"tika/014760.docx", 3}, {"tika/017097.docx", 49}, {"tika/testInstrLink.docx", 7},
    {"tika/testWORD_2006ml.docx", 4}, {"tika/testWORD_emptyParaInTextbox.docx", 1},
    {"unstructured/docx-tables.docx", 4}, {"unstructured/handbook-872p.docx", 2},
    {"unstructured/tables-with-incomplete-rows.docx", 6},
};

Test(docx_corpus, every_table_of_every_file) {
  for (gsize i = 0; i < G_N_ELEMENTS(counts); i++) {
    char *rel = g_strconcat(PUB, counts[i].file, NULL);
    biao_doc *d = tu_open(rel);
    cr_expect_eq((int)biao_doc_table_count(d), counts[i].tables, "%s: %zu tables, want %d", rel,
                 biao_doc_table_count(d), counts[i].tables);
    for (size_t k = 0; k < biao_doc_table_count(d); k++) {
      const biao_table *t = biao_doc_table(d, k);
      cr_expect(biao_table_rows(t) > 0 && biao_table_cols(t) > 0, "%s table %zu is empty", rel, k + 1);
      /* every grid position is covered by exactly one cell */
      int covered = 0;
      for (size_t c = 0; c < biao_table_cell_count(t); c++) {
        int rs, cs;
        biao_table_cell(t, c, NULL, NULL, &rs, &cs, NULL);
        covered += rs * cs;
      }
      cr_expect_eq(covered, biao_table_rows(t) * biao_table_cols(t), "%s table %zu: cells overlap or leave holes",
                   rel, k + 1);
    }
    biao_doc_free(d);
    g_free(rel);
  }
}

Test(docx_hostile, library_errors) {
  static const struct {
    const char *file;
    int code;
    const char *needle;
  } cases[] = {
      {"hostile/zip-bomb.docx", BIAO_ERR_LIMIT, "limit"},
      {"hostile/zip-bomb-lying.docx", BIAO_ERR_LIMIT, "zip bomb"},
      {"hostile/billion-laughs.docx", BIAO_ERR_LIMIT, "DOCTYPE"},
      {"hostile/huge-grid.docx", BIAO_ERR_LIMIT, "grid positions"},
      {"hostile/no-document.docx", BIAO_ERR_FORMAT, "not a DOCX: no word/document.xml"},
      {"hostile/truncated.docx", BIAO_ERR_CORRUPT, "truncated"},
      {"hostile/random.docx", BIAO_ERR_CORRUPT, "zip"},
      {"hostile/broken-xml.docx", BIAO_ERR_CORRUPT, "broken XML"},
      {"hostile/empty.docx", BIAO_ERR_EMPTY, "empty"},
      {"hostile/legacy.doc", BIAO_ERR_FORMAT, ".doc"},
      {"hostile", BIAO_ERR_IO, ""},
      {"hostile/missing.docx", BIAO_ERR_IO, ""},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    biao_error err;
    int rc = tu_open_fail(cases[i].file, &err);
    cr_expect_eq(rc, cases[i].code, "%s: %s (%s)", cases[i].file, biao_code_name(rc), err.message);
    cr_expect(strstr(err.message, cases[i].needle) != NULL, "%s: message '%s'", cases[i].file, err.message);
    cr_expect(strchr(err.message, '\n') == NULL);
  }
}

Test(docx_cli, extract_from_stdin) {
  char *path = tu_corpus("docx/form-000.docx");
  gchar *data = NULL;
  gsize len = 0;
  cr_assert(g_file_get_contents(path, &data, &len, NULL));
  char *out = NULL, *err = NULL;
  const char *args[] = {"extract", "-f", "csv", "--table", "1", "-", NULL};
  int rc = tu_run_cli(args, data, len, &out, &err);
  cr_expect_eq(rc, 0, "stderr: %s", err);
  cr_expect(strstr(out, "年度资金总额,,186.73,252.63,169.45,10,67.07%,7") != NULL, "csv: %s", out);
  g_free(out);
  g_free(err);
  g_free(data);
  g_free(path);
}

/* ---- the walker on small hand-written WordprocessingML (no zip, no normalize pass) ---- */

static biao_doc *read_xml(const char *body) {
  char *xml = g_strconcat("<?xml version=\"1.0\"?><w:document "
                          "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                          "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>",
                          body, "</w:body></w:document>", NULL);
  biao_doc *d = bz_doc_new("inline.xml");
  biao_error err;
  int rc = bz_docx_read_xml(d, xml, strlen(xml), &err);
  cr_assert_eq(rc, BIAO_OK, "%s", err.message);
  bz_doc_number_tables(d);
  g_free(xml);
  return d;
}

#define TC(x) "<w:tc><w:p>" x "</w:p></w:tc>"
#define R(x) "<w:r>" x "</w:r>"
#define T(s) "<w:t>" s "</w:t>"

Test(docx_walker, run_content_fields_and_wrappers) {
  biao_doc *d = read_xml(
      "<w:tbl><w:tr>" TC(R(T("a") "<w:tab/>" T("b")))
      TC(R(T("x") "<w:noBreakHyphen/>" T("y") "<w:br/>" T("z")))
      TC(R("<w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/>") R("<w:sym w:font=\"Symbol\" w:char=\"F061\"/>"))
      TC(R("<w:fldChar w:fldCharType=\"begin\"/>") R("<w:instrText> PAGE </w:instrText>")
         R("<w:fldChar w:fldCharType=\"separate\"/>") R(T("3")) R("<w:fldChar w:fldCharType=\"end\"/>"))
      TC("<w:fldSimple w:instr=\"SEQ Table\">" R(T("R")) "</w:fldSimple>"
         "<w:smartTag><w:customXml>" R(T("S")) "</w:customXml></w:smartTag>"
         "<w:hyperlink>" R(T("H")) "</w:hyperlink>")
      TC("<w:del>" R("<w:delText>gone</w:delText>") "</w:del><w:ins>" R(T("kept")) "</w:ins>"
         "<w:moveFrom>" R(T("old")) "</w:moveFrom><w:moveTo>" R(T("new")) "</w:moveTo>")
      TC(R("<w:rPr><w:vanish/></w:rPr>" T("hidden")) R("<w:rPr><w:vanish w:val=\"0\"/></w:rPr>" T("shown")))
      "<w:tc><w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>" R(T("p1")) "</w:p>"
      "<w:p>" R(T("p2")) "</w:p></w:tc>"
      "</w:tr></w:tbl>");
  cr_assert_eq(biao_doc_table_count(d), 1);
  cr_expect_str_eq(tu_text(d, 1, 0, 0), "a\tb", "w:tab");
  cr_expect_str_eq(tu_text(d, 1, 0, 1), "x-y\nz", "w:noBreakHyphen is ASCII '-', w:br a newline");
  cr_expect_str_eq(tu_text(d, 1, 0, 2), "✓α", "w:sym from Wingdings and Symbol");
  cr_expect_str_eq(tu_text(d, 1, 0, 3), "3", "field result kept, instruction dropped");
  cr_expect_str_eq(tu_text(d, 1, 0, 4), "RSH", "fldSimple, smartTag, customXml, hyperlink content kept");
  cr_expect_str_eq(tu_text(d, 1, 0, 5), "keptnew", "w:ins/w:moveTo kept, w:del/w:moveFrom dropped");
  cr_expect_str_eq(tu_text(d, 1, 0, 6), "shown", "w:vanish run dropped, vanish val=0 kept");
  cr_expect_str_eq(tu_text(d, 1, 0, 7), "p1\np2", "paragraphs joined; tab stops are not tabs");
  biao_doc_free(d);
}

Test(docx_walker, fallback_copies_deleted_rows_header_rows) {
  biao_doc *d = read_xml(
      "<w:p>" R(T("附件3-1")) "</w:p><w:p>" R(T("2020年度项目支出绩效自评表")) "</w:p>"
      "<w:p>" R(T("单位：万元")) "</w:p>"
      "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>" TC(R(T("h"))) "</w:tr>"
      "<w:tr><w:trPr><w:del w:id=\"1\"/></w:trPr>" TC(R(T("deleted row"))) "</w:tr>"
      "<w:tr>" TC(R(T("body"))) "</w:tr></w:tbl>"
      "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent>"
      "<w:tbl><w:tr>" TC(R(T("in a text box"))) "</w:tr></w:tbl></w:txbxContent></mc:Choice>"
      "<mc:Fallback><w:txbxContent><w:tbl><w:tr>" TC(R(T("in a text box"))) "</w:tr></w:tbl>"
      "</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>");
  cr_assert_eq(biao_doc_table_count(d), 2, "the mc:Fallback copy of the text-box table is skipped");
  cr_expect_eq(nrows(d, 1), 2);
  cr_expect_str_eq(tu_text(d, 1, 1, 0), "body");
  cr_expect_eq(biao_table_header_rows(tab(d, 1)), 1);
  cr_expect_str_eq(biao_table_title(tab(d, 1)), "2020年度项目支出绩效自评表", "not the unit line");
  cr_expect_eq(tab(d, 1)->context->len, 3);
  cr_expect_str_eq(tu_text(d, 2, 0, 0), "in a text box");
  biao_doc_free(d);
}

Test(docx_walker, legacy_hmerge_and_vmerge_without_restart) {
  biao_doc *d = read_xml("<w:tbl><w:tr>"
                         "<w:tc><w:tcPr><w:hMerge w:val=\"restart\"/></w:tcPr><w:p>" R(T("A")) "</w:p></w:tc>"
                         "<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>" TC(R(T("B")))
                         "</w:tr><w:tr>"
                         "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p>" R(T("C")) "</w:p></w:tc>" TC(R(T("D")))
                         TC(R(T("E"))) "</w:tr></w:tbl>");
  expect_span(d, 1, 0, 0, 1, 2, "A");
  expect_span(d, 1, 0, 2, 1, 1, "B");
  expect_span(d, 1, 1, 0, 1, 1, "C"); /* a continue with nothing above it to continue (col 0 is A's, which
                                         never opened a vertical merge) starts a cell of its own */
  cr_expect_str_eq(tu_text(d, 1, 1, 2), "E");
  biao_doc_free(d);
}

Test(docx_walker, refuses_doctype_and_non_word_root) {
  const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                       "<d>&b;</d>";
  biao_doc *d = bz_doc_new("x.xml");
  biao_error err;
  cr_expect_eq(bz_docx_read_xml(d, laughs, strlen(laughs), &err), BIAO_ERR_LIMIT);
  cr_expect(strstr(err.message, "DOCTYPE") != NULL, "%s", err.message);
  biao_doc_free(d);
  const char *sheet = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>";
  d = bz_doc_new("x.xml");
  cr_expect_eq(bz_docx_read_xml(d, sheet, strlen(sheet), &err), BIAO_ERR_FORMAT);
  cr_expect(strstr(err.message, "not a DOCX") != NULL, "%s", err.message);
  biao_doc_free(d);
}
