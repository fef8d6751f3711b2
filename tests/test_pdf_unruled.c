/* test_pdf_unruled.c — unruled and partly ruled tables (extract/pdf_stream.c) on PDFs we did not
 * design: DOCX files of corpus/docx-public exported to PDF by LibreOffice 7.4 (untagged), copied
 * into corpus/pdf-gen/public-*.pdf. The expected cells are those the DOCX reader gives for the same
 * DOCX (scripts/bench-accuracy.sh scores the whole set the same way):
 *   public-pandoc-tables.pdf      pandoc/tables.docx: a table with rules above and below its header
 *                                 and at its foot only, a cell wrapped over two lines;
 *   public-poi-bug57031.pdf       poi/bug57031.docx: SAS output, no rules — columns set closer than a
 *                                 glyph height, labels wrapped mid-word, a table over four pages;
 *   public-pandoc-gridbefore.pdf  pandoc/table_gridbefore.docx: a boxed table whose inside has no rules,
 *                                 bit columns 6 pt apart, a note line spanning the columns.
 * and one generated page, corpus/pdf/outline-list.pdf (scripts/gen-pdf-small.py). */
#include <string.h>

#include "core/model.h"
#include "testutil.h"

/* A text-only table (no amounts) whose header is set off by rules but whose columns are not: a
 * grid of short cells, not prose; "Leaving / Cleveland" is one cell, not a row. */
Test(pdf_unruled, text_table_with_wrapped_cell) {
  biao_doc *doc = tu_open("pdf-gen/public-pandoc-tables.pdf");
  cr_assert_eq(biao_doc_table_count(doc), 3);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_rows(t), 4);
  cr_expect_eq(biao_table_cols(t), 4);
  cr_expect_str_eq(tu_text(doc, 1, 0, 3), "Blame");
  cr_expect_str_eq(tu_text(doc, 1, 1, 0), "Lebron James");
  cr_expect_str_eq(tu_text(doc, 1, 1, 3), "Leaving Cleveland");
  cr_expect_str_eq(tu_text(doc, 1, 2, 3), "Steroids");
  cr_expect_str_eq(tu_text(doc, 1, 3, 2), "High");
  biao_doc_free(doc);
}

/* Columns from whitespace that recurs in every row: "Chi-Square" and "DF" are 13 pt apart, less
 * than a glyph box (15.6 pt), yet every row parts them. Wrapped lines set closer than the rows join
 * their row: "Log- / Rank", "Pr > / Chi- / Square". */
Test(pdf_unruled, close_columns_and_wrapped_labels) {
  biao_doc *doc = tu_open("pdf-gen/public-poi-bug57031.pdf");
  cr_assert_geq(biao_doc_table_count(doc), 3);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(t->page_start, 3);
  cr_expect_eq(biao_table_rows(t), 4);
  cr_expect_eq(biao_table_cols(t), 4);
  cr_expect_str_eq(tu_text(doc, 1, 0, 1), "Chi-Square");
  cr_expect_str_eq(tu_text(doc, 1, 0, 3), "Pr > Chi-Square");
  cr_expect_str_eq(tu_text(doc, 1, 1, 0), "Log-Rank");
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "1.5209");
  cr_expect_str_eq(tu_text(doc, 1, 2, 2), "1");
  cr_expect_str_eq(tu_text(doc, 1, 2, 3), "0.3815");
  biao_doc_free(doc);
}

/* The Obs table: a two-line header joined above the first row (its line has gaps narrower than a
 * glyph, so only alignment with the columns below admits it), the page foot left out, the table
 * continued over pages 4-7 as one, 87 rows like the DOCX. The survival table: every time value is
 * wrapped ("3.000" / "0") and joins its row as one number. */
Test(pdf_unruled, header_lines_foot_and_wrapped_numbers) {
  biao_doc *doc = tu_open("pdf-gen/public-poi-bug57031.pdf");
  const biao_table *obs = biao_doc_table(doc, 1);
  cr_expect_eq(obs->page_start, 4);
  cr_expect_eq(obs->page_end, 7);
  cr_expect_eq(biao_table_rows(obs), 87);
  cr_expect_eq(biao_table_cols(obs), 5);
  cr_expect_str_eq(tu_text(doc, 2, 1, 0), "1");
  cr_expect_str_eq(tu_text(doc, 2, 86, 0), "86");
  cr_expect_str_eq(tu_text(doc, 2, 86, 1), "59");
  for (int r = 0; r < biao_table_rows(obs); r++)
    cr_expect_null(strstr(tu_text(doc, 2, r, 0), "VDPAM"), "page foot in row %d", r);
  const biao_table *surv = biao_doc_table(doc, 2);
  cr_expect_eq(biao_table_cols(surv), 7);
  cr_expect_str_eq(tu_text(doc, 3, 3, 0), "1.0000");
  cr_expect_str_eq(tu_text(doc, 3, 3, 3), "0.0213");
  cr_expect_str_eq(tu_text(doc, 3, 3, 6), "46");
  cr_expect_str_eq(tu_text(doc, 3, 4, 1), "*");
  biao_doc_free(doc);
}

/* A box with no inner rules: the bit columns (6 pt apart) come from alignment, and the note line
 * "All other values are reserved." that runs across them does not hide the gutters. */
Test(pdf_unruled, boxed_table_without_inner_rules) {
  biao_doc *doc = tu_open("pdf-gen/public-pandoc-gridbefore.pdf");
  cr_assert_geq(biao_doc_table_count(doc), 1);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_cols(t), 9);
  cr_expect_str_eq(tu_text(doc, 1, 0, 7), "1");
  cr_expect_str_eq(tu_text(doc, 1, 0, 8), "TEXT");
  cr_expect_str_eq(tu_text(doc, 1, 5, 8), "ENHANCED STATUS");
  cr_expect_str_eq(tu_text(doc, 1, 6, 5), "1");
  cr_expect_str_eq(tu_text(doc, 1, 6, 8), "Value allocated for use in interworking (NOTE)");
  biao_doc_free(doc);
}

/* corpus/pdf/outline-list.pdf (scripts/gen-pdf-small.py): paragraphs numbered "4.2.1.1." with a
 * wide gap before their text read as two columns, and their numbers looked like amounts, so the
 * list came out as a table (poi/bug65649.docx, LibreOffice export p.144: 86 false relations).
 * Outline numbers are list markers; the unruled table of amounts below is still found, alone. */
Test(pdf_unruled, outline_numbered_paragraphs_are_no_table) {
  biao_doc *doc = tu_open("pdf/outline-list.pdf");
  cr_assert_eq(biao_doc_table_count(doc), 1);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_rows(t), 4);
  cr_expect_eq(biao_table_cols(t), 3);
  cr_expect_str_eq(tu_text(doc, 1, 0, 0), "Item");
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "1,200.00");
  cr_expect_str_eq(tu_text(doc, 1, 3, 2), "1,192.90");
  biao_doc_free(doc);
}
