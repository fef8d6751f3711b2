/* test_pdf_generated.c — PDFs with exactly known tables: DOCX forms made by
 * scripts/gen-pdf-forms.py and exported by LibreOffice, tagged and untagged. The tables read from
 * each PDF must equal the truth written with the DOCX (and the DOCX reader's tables, once it reads
 * them): same grid, spans and text, including a table over four pages with a repeated header and
 * a row split by a page break, a table without any rules (Chinese and English), and a table ruled
 * only between columns, and a three-line table (top and bottom rules only). */
#include <string.h>

#include "testutil.h"

static void expect_truth(const char *pdf_rel, const char *truth_rel) {
  biao_doc *doc = tu_open(pdf_rel);
  char *path = tu_corpus(truth_rel);
  json_object *truth = json_object_from_file(path);
  cr_assert_not_null(truth, "cannot read %s", path);
  json_object *tables = json_object_object_get(truth, "tables");
  size_t n = json_object_array_length(tables);
  cr_assert_eq(biao_doc_table_count(doc), n, "%s: %zu tables, want %zu", pdf_rel, biao_doc_table_count(doc),
               n);
  for (size_t i = 0; i < n; i++) {
    json_object *want = json_object_array_get_idx(tables, i);
    const biao_table *t = biao_doc_table(doc, i);
    cr_expect_str_eq(biao_table_title(t), json_object_get_string(json_object_object_get(want, "title")));
    cr_assert_eq(biao_table_rows(t), json_object_get_int(json_object_object_get(want, "n_rows")), "%s rows",
                 pdf_rel);
    cr_assert_eq(biao_table_cols(t), json_object_get_int(json_object_object_get(want, "n_cols")), "%s cols",
                 pdf_rel);
    json_object *cells = json_object_object_get(want, "cells");
    size_t nc = json_object_array_length(cells);
    cr_assert_eq(biao_table_cell_count(t), nc, "%s: %zu cells, want %zu", pdf_rel, biao_table_cell_count(t),
                 nc);
    for (size_t k = 0; k < nc; k++) {
      json_object *c = json_object_array_get_idx(cells, k);
      int row, col, rs, cs;
      const char *text;
      biao_table_cell(t, k, &row, &col, &rs, &cs, &text);
      int wr = json_object_get_int(json_object_object_get(c, "row")),
          wc = json_object_get_int(json_object_object_get(c, "col"));
      cr_assert(row == wr && col == wc, "%s cell %zu at (%d,%d), want (%d,%d)", pdf_rel, k, row, col, wr, wc);
      cr_expect_eq(rs, json_object_get_int(json_object_object_get(c, "rowspan")), "%s (%d,%d) rowspan",
                   pdf_rel, row, col);
      cr_expect_eq(cs, json_object_get_int(json_object_object_get(c, "colspan")), "%s (%d,%d) colspan",
                   pdf_rel, row, col);
      cr_expect_str_eq(text, json_object_get_string(json_object_object_get(c, "text")), "%s (%d,%d) text",
                       pdf_rel, row, col);
    }
  }
  json_object_put(truth);
  g_free(path);
  biao_doc_free(doc);
}

/* The same comparison against the DOCX reader, when it reads the DOCX (it is another module). */
static void expect_same_as_docx(const char *pdf_rel, const char *docx_rel) {
  char *path = tu_corpus(docx_rel);
  biao_doc *docx = NULL;
  biao_error err;
  int rc = biao_doc_open_file(&docx, path, NULL, &err);
  g_free(path);
  if (rc != BIAO_OK || biao_doc_table_count(docx) == 0) {
    biao_doc_free(docx);
    return; /* no DOCX reader in this build yet: the truth JSON above is the reference */
  }
  biao_doc *pdf = tu_open(pdf_rel);
  cr_assert_eq(biao_doc_table_count(pdf), biao_doc_table_count(docx));
  for (size_t i = 0; i < biao_doc_table_count(pdf); i++) {
    const biao_table *a = biao_doc_table(pdf, i), *b = biao_doc_table(docx, i);
    cr_assert_eq(biao_table_rows(a), biao_table_rows(b));
    cr_assert_eq(biao_table_cols(a), biao_table_cols(b));
    for (int r = 0; r < biao_table_rows(a); r++)
      for (int c = 0; c < biao_table_cols(a); c++)
        cr_expect_str_eq(biao_table_text_at(a, r, c), biao_table_text_at(b, r, c), "%s (%d,%d)", pdf_rel, r,
                         c);
  }
  biao_doc_free(pdf);
  biao_doc_free(docx);
}

#define FORM_TESTS(name, stem)                                                                               \
  Test(pdf_generated, name##_tagged) {                                                                       \
    expect_truth("pdf-gen/" stem ".tagged.pdf", "pdf-gen/" stem ".truth.json");                              \
    expect_same_as_docx("pdf-gen/" stem ".tagged.pdf", "pdf-gen/" stem ".docx");                             \
  }                                                                                                          \
  Test(pdf_generated, name##_untagged) {                                                                     \
    expect_truth("pdf-gen/" stem ".untagged.pdf", "pdf-gen/" stem ".truth.json");                            \
    expect_same_as_docx("pdf-gen/" stem ".untagged.pdf", "pdf-gen/" stem ".docx");                           \
  }

FORM_TESTS(summary_two_level_header, "form-summary")
FORM_TESTS(function_four_pages, "form-function")
FORM_TESTS(unruled, "form-unruled")
FORM_TESTS(english_unruled_wrapped, "form-english")
FORM_TESTS(column_ruled_only, "form-columns")
FORM_TESTS(three_line, "form-threeline")

Test(pdf_generated, multipage_metadata) {
  biao_doc *doc = tu_open("pdf-gen/form-function.untagged.pdf");
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_page_start(t), 1);
  cr_expect_eq(biao_table_page_end(t), 4);
  cr_expect_eq(biao_table_header_rows(t), 3);
  cr_expect_str_eq(tu_text(doc, 1, 19, 3), "行政运行17"); /* the row split by a page break */
  biao_doc_free(doc);
}

/* The docx module's fixtures (corpus/docx/form-000.docx, form-002.docx: 项目支出绩效自评表 forms
 * with merged label cells, made by scripts/gen-docx-forms.py) exported by
 * scripts/export-docx-pdf.sh. Every table, on one page or cut by page breaks, must equal the DOCX
 * table cell by cell (line breaks aside: a PDF has no line-break markup, so 年初<w:br/>预算数 reads
 * 年初预算数) — including labels whose text flows over a page break (效益指标 / （30分）) and a row
 * split by the break together with the merged label beside it. */
static char *no_newlines(const char *s) {
  GString *o = g_string_new(NULL);
  for (; *s; s++)
    if (*s != '\n') g_string_append_c(o, *s);
  return g_string_free(o, FALSE);
}

static void expect_docx_fixture(const char *pdf_rel, const char *docx_rel) {
  biao_doc *pdf = tu_open(pdf_rel), *docx = tu_open(docx_rel);
  cr_assert_eq(biao_doc_table_count(pdf), biao_doc_table_count(docx), "%s: table count", pdf_rel);
  for (size_t i = 0; i < biao_doc_table_count(pdf); i++) {
    const biao_table *a = biao_doc_table(pdf, i), *b = biao_doc_table(docx, i);
    cr_expect_str_eq(biao_table_title(a), biao_table_title(b), "%s table %zu title", pdf_rel, i + 1);
    cr_assert_eq(biao_table_cols(a), biao_table_cols(b), "%s table %zu cols", pdf_rel, i + 1);
    cr_assert_eq(biao_table_rows(a), biao_table_rows(b), "%s table %zu rows", pdf_rel, i + 1);
    cr_assert_eq(biao_table_cell_count(a), biao_table_cell_count(b), "%s table %zu cells", pdf_rel, i + 1);
    for (size_t k = 0; k < biao_table_cell_count(a); k++) {
      int r1, c1, rs1, cs1, r2, c2, rs2, cs2;
      const char *t1, *t2;
      biao_table_cell(a, k, &r1, &c1, &rs1, &cs1, &t1);
      biao_table_cell(b, k, &r2, &c2, &rs2, &cs2, &t2);
      cr_assert(r1 == r2 && c1 == c2 && rs1 == rs2 && cs1 == cs2,
                "%s table %zu cell %zu: (%d,%d %dx%d) want (%d,%d %dx%d)", pdf_rel, i + 1, k, r1, c1, rs1, cs1,
                r2, c2, rs2, cs2);
      char *x = no_newlines(t1), *y = no_newlines(t2);
      cr_expect_str_eq(x, y, "%s table %zu (%d,%d)", pdf_rel, i + 1, r1, c1);
      g_free(x);
      g_free(y);
    }
  }
  biao_doc_free(pdf);
  biao_doc_free(docx);
}

static void expect_span(const biao_doc *doc, int t, int row, int col, int rs, int cs) {
  int r = 0, c = 0;
  tu_span(doc, t, row, col, &r, &c);
  cr_expect(r == rs && c == cs, "table %d (%d,%d): span %dx%d, want %dx%d", t, row, col, r, c, rs, cs);
}

Test(pdf_generated, docx_fixture_form000) {
  expect_docx_fixture("pdf-gen/form-000.tagged.pdf", "docx/form-000.docx");
  expect_docx_fixture("pdf-gen/form-000.untagged.pdf", "docx/form-000.docx");
  /* 效益指标 at the foot of page 1, （30分） at the top of page 2: one label over 4 rows */
  biao_doc *doc = tu_open("pdf-gen/form-000.untagged.pdf");
  cr_expect_eq(biao_table_page_end(biao_doc_table(doc, 0)), 2);
  cr_expect_str_eq(tu_text(doc, 1, 16, 1), "效益指标（30分）");
  expect_span(doc, 1, 16, 1, 4, 1);
  biao_doc_free(doc);
}

Test(pdf_generated, docx_fixture_form002) { /* untagged only: the tagged export is 1 MB */
  expect_docx_fixture("pdf-gen/form-002.untagged.pdf", "docx/form-002.docx");
  biao_doc *doc = tu_open("pdf-gen/form-002.untagged.pdf");
  /* table 3: 效益指标（30分） in the last row of page 5, an empty box under it on page 6 */
  cr_expect_str_eq(tu_text(doc, 3, 17, 1), "效益指标（30分）");
  expect_span(doc, 3, 17, 1, 2, 1);
  /* table 10: the row 效益指标 | 社会效 | 及时形成决策 | 100% … split by the break of pages 18–19,
   * its label going on over the next row */
  cr_expect_eq(biao_table_rows(biao_doc_table(doc, 9)), 21);
  cr_expect_str_eq(tu_text(doc, 10, 17, 1), "效益指标（30分）");
  expect_span(doc, 10, 17, 1, 2, 1);
  cr_expect_str_eq(tu_text(doc, 10, 17, 2), "社会效益指标");
  cr_expect_str_eq(tu_text(doc, 10, 17, 3), "及时形成决策意见，高质量撰写政务信息");
  cr_expect_str_eq(tu_text(doc, 10, 18, 2), "可持续影响指标");
  expect_span(doc, 10, 9, 0, 11, 1); /* 绩效指标 */
  biao_doc_free(doc);
}
