/* test_pdf_tags.c — tagged PDFs: the structure tree checked against the page geometry
 * (extract/pdf_tags.c). Files: corpus/pdf-gen/tagged-* from scripts/gen-pdf-tagged.py (LibreOffice
 * exports; tagged-wrong.pdf has its row cells rotated in the tree with qpdf), the LibreOffice
 * forms of scripts/gen-pdf-forms.py, and the Word 2010 report govbc-02. */
#include <string.h>

#include "core/model.h"
#include "testutil.h"

static const biao_table *table(biao_doc *doc, size_t i) {
  cr_assert_gt(biao_doc_table_count(doc), i, "only %zu tables", biao_doc_table_count(doc));
  return biao_doc_table(doc, i);
}

/* Every table of `doc` equals the truth written with the DOCX: grid, spans, text. */
static void expect_truth(biao_doc *doc, const char *truth_rel) {
  char *path = tu_corpus(truth_rel);
  json_object *truth = json_object_from_file(path);
  cr_assert_not_null(truth, "cannot read %s", path);
  json_object *tables = json_object_object_get(truth, "tables");
  size_t n = json_object_array_length(tables);
  cr_assert_eq(biao_doc_table_count(doc), n, "%zu tables, want %zu", biao_doc_table_count(doc), n);
  for (size_t i = 0; i < n; i++) {
    json_object *want = json_object_array_get_idx(tables, i);
    const biao_table *t = biao_doc_table(doc, i);
    cr_assert_eq(biao_table_rows(t), json_object_get_int(json_object_object_get(want, "n_rows")));
    cr_assert_eq(biao_table_cols(t), json_object_get_int(json_object_object_get(want, "n_cols")));
    json_object *cells = json_object_object_get(want, "cells");
    cr_assert_eq(biao_table_cell_count(t), json_object_array_length(cells), "table %zu: cell count", i + 1);
    for (size_t k = 0; k < json_object_array_length(cells); k++) {
      json_object *c = json_object_array_get_idx(cells, k);
      int row, col, rs, cs;
      const char *text;
      biao_table_cell(t, k, &row, &col, &rs, &cs, &text);
      cr_expect(row == json_object_get_int(json_object_object_get(c, "row")) &&
                    col == json_object_get_int(json_object_object_get(c, "col")) &&
                    rs == json_object_get_int(json_object_object_get(c, "rowspan")) &&
                    cs == json_object_get_int(json_object_object_get(c, "colspan")),
                "table %zu cell %zu: (%d,%d) %dx%d", i + 1, k, row, col, rs, cs);
      cr_expect_str_eq(text, json_object_get_string(json_object_object_get(c, "text")), "table %zu (%d,%d)",
                       i + 1, row, col);
    }
  }
  json_object_put(truth);
  g_free(path);
}

/* An unruled table whose cells wrap over up to four lines: geometry finds its rows and columns but
 * cannot see that 合计 spans two columns; where the row shapes differ the tags give the grid, with
 * the 合计 span and the header row. */
Test(pdf_tags, wrapped_unruled_grid_from_tags) {
  biao_doc *doc = tu_open("pdf-gen/tagged-wrapped.tagged.pdf");
  expect_truth(doc, "pdf-gen/tagged-wrapped.truth.json");
  const biao_table *t = table(doc, 0);
  cr_expect_str_eq(t->grid_source, "tags");
  cr_expect_str_eq(t->title, "2025年度项目支出预算表");
  cr_expect_str_eq(tu_text(doc, 1, 1, 1),
                   "办公自动化系统运行维护及网络安全等级保护测评服务，全年系统可用率不低于99%");
  cr_expect_str_eq(tu_text(doc, 1, 2, 2), "35.50");
  int rs = 0, cs = 0;
  tu_span(doc, 1, 5, 0, &rs, &cs); /* 合计 across 项目名称 and 项目内容: one TD in a row of two */
  cr_expect(rs == 1 && cs == 2, "合计 span %dx%d", rs, cs);
  cr_expect_str_eq(tu_text(doc, 1, 5, 2), "283.70");
  cr_expect_eq(t->header_rows, 1, "header rows from TH: %d", t->header_rows);
  /* the table's cells are not repeated as context or as another table */
  cr_expect_eq(biao_doc_table_count(doc), 1);
  biao_doc_free(doc);
}

/* A ruled table with tags and a tab-laid-out table without: the first is confirmed by its tags,
 * the second comes from geometry alone. */
Test(pdf_tags, missing_tags_fall_back_to_geometry) {
  biao_doc *doc = tu_open("pdf-gen/tagged-mixed.tagged.pdf");
  expect_truth(doc, "pdf-gen/tagged-mixed.truth.json");
  cr_expect_str_eq(table(doc, 0)->grid_source, "geometry+tags");
  cr_expect_eq(table(doc, 0)->header_rows, 1);
  cr_expect_str_eq(table(doc, 1)->grid_source, "geometry");
  cr_expect_str_eq(tu_text(doc, 2, 4, 1), "维修（护）费");
  biao_doc_free(doc);
}

/* The same file with each data row's cells listed in a rotated order in the tree: the cell counts
 * agree but the texts do not, so the tags are ignored and the geometry table is kept unchanged. */
Test(pdf_tags, wrong_tags_ignored) {
  biao_doc *doc = tu_open("pdf-gen/tagged-wrong.pdf");
  expect_truth(doc, "pdf-gen/tagged-mixed.truth.json");
  cr_expect_str_eq(table(doc, 0)->grid_source, "geometry");
  cr_expect_str_eq(tu_text(doc, 1, 1, 0), "30101");
  cr_expect_str_eq(tu_text(doc, 1, 3, 2), "1,594.02");
  biao_doc_free(doc);
}

/* LibreOffice tags repeated header rows as TH: two-level 收入|支出 header, and 功能分类科目编码 over
 * 类/款/项 (three TH rows) on a four-page table. */
Test(pdf_tags, header_rows_from_th) {
  biao_doc *doc = tu_open("pdf-gen/form-summary.tagged.pdf");
  cr_expect_str_eq(table(doc, 0)->grid_source, "geometry+tags");
  cr_expect_eq(table(doc, 0)->header_rows, 2);
  biao_doc_free(doc);
  doc = tu_open("pdf-gen/form-function.tagged.pdf");
  cr_expect_str_eq(table(doc, 0)->grid_source, "geometry+tags");
  cr_expect_eq(table(doc, 0)->header_rows, 3);
  cr_expect_str_eq(tu_text(doc, 1, 2, 1), "款");
  biao_doc_free(doc);
  doc = tu_open("pdf-gen/form-summary.untagged.pdf");
  cr_expect_str_eq(table(doc, 0)->grid_source, "geometry");
  biao_doc_free(doc);
}

/* Word 2010 (govbc-02): 14 Table elements (Word tags each page of a table as its own Table, no TH)
 * for 10 tables; every table is confirmed by its tags and still equals the reviewed golden file,
 * header rows included. */
Test(pdf_tags, govbc02_word_tags_agree) {
  biao_doc *doc = tu_open("pdf-real/govbc-02.pdf");
  tu_expect_golden(doc, "pdf-real/govbc-02.expected.json");
  char *path = tu_corpus("pdf-real/govbc-02.expected.json");
  json_object *want = json_object_from_file(path);
  json_object *tables = json_object_object_get(want, "tables");
  cr_assert_eq(biao_doc_table_count(doc), json_object_array_length(tables));
  for (size_t i = 0; i < biao_doc_table_count(doc); i++) {
    const biao_table *t = biao_doc_table(doc, i);
    cr_expect_str_eq(t->grid_source, "geometry+tags", "table %zu", i + 1);
    int hr = json_object_get_int(json_object_object_get(json_object_array_get_idx(tables, i), "header_rows"));
    cr_expect_eq(t->header_rows, hr, "table %zu header rows %d, want %d", i + 1, t->header_rows, hr);
  }
  json_object_put(want);
  g_free(path);
  biao_doc_free(doc);
}

/* An unruled table of text only: geometry reads it as a grid of short cells (pdf_stream.c
 * text_table; the untagged export gives the same table) and the tags confirm it. */
Test(pdf_tags, text_only_unruled_table_from_tags) {
  biao_doc *doc = tu_open("pdf-gen/tagged-text.tagged.pdf");
  expect_truth(doc, "pdf-gen/tagged-text.truth.json");
  const biao_table *t = table(doc, 0);
  cr_expect_str_eq(t->grid_source, "geometry+tags");
  cr_expect_str_eq(t->title, "预算绩效管理工作安排表");
  cr_expect_str_eq(tu_text(doc, 1, 3, 2), "第三方机构");
  cr_expect_str_eq(tu_text(doc, 1, 4, 3), "十二月底前");
  cr_expect_eq(t->header_rows, 1);
  biao_doc_free(doc);
}

/* An unruled table with a description wrapped over five lines: rule-less detection joins the
 * wrapped lines to their row (pdf_stream.c), and the tags confirm the grid. */
Test(pdf_tags, tags_replace_split_rule_less_tables) {
  biao_doc *doc = tu_open("pdf-gen/tagged-split.tagged.pdf");
  expect_truth(doc, "pdf-gen/tagged-split.truth.json");
  const biao_table *t = table(doc, 0);
  cr_expect_str_eq(t->grid_source, "geometry+tags");
  cr_expect_eq(biao_table_rows(t), 8);
  cr_expect_str_eq(tu_text(doc, 1, 4, 1),
                   "事业运行：用于保障机关所属事业单位日常运转，包括水电费、物业管理费、办公设备维护费以及"
                   "公务用车运行维护费等基本支出");
  cr_expect_str_eq(tu_text(doc, 1, 7, 2), "202.00");
  biao_doc_free(doc);
}
