/* test_pdf_nested.c — a table nested in a cell of another comes out of the PDF as its own table
 * with its parent, as the DOCX reader gives it: public DOCX files of corpus/docx-public/ and their
 * LibreOffice exports in corpus/pdf-gen/ (scripts/export-docx-pdf.sh), compared table by table. */
#include <string.h>

#include "testutil.h"

/* The parent of table i (1-based) as "table/row/col", or "-" (g_free it). */
static char *parent_of(json_object *doc, int i) {
  json_object *t = json_object_array_get_idx(json_object_object_get(doc, "tables"), (size_t)i - 1);
  json_object *p = json_object_object_get(t, "parent");
  if (!p) return g_strdup("-");
  return g_strdup_printf("%d/%d/%d", json_object_get_int(json_object_object_get(p, "table")),
                         json_object_get_int(json_object_object_get(p, "row")),
                         json_object_get_int(json_object_object_get(p, "col")));
}

/* The first `n` tables of the PDF equal those of the DOCX: grid size, every cell's text, parent. */
static void expect_same_tables(const char *docx_rel, const char *pdf_rel, size_t n) {
  biao_doc *dx = tu_open(docx_rel), *pdf = tu_open(pdf_rel);
  cr_assert_geq(biao_doc_table_count(dx), n);
  cr_assert_geq(biao_doc_table_count(pdf), n, "%s: %zu tables", pdf_rel, biao_doc_table_count(pdf));
  json_object *jd = tu_json(dx), *jp = tu_json(pdf);
  for (size_t i = 0; i < n; i++) {
    const biao_table *a = biao_doc_table(dx, i), *b = biao_doc_table(pdf, i);
    cr_expect_eq(biao_table_rows(b), biao_table_rows(a), "%s table %zu rows", pdf_rel, i + 1);
    cr_expect_eq(biao_table_cols(b), biao_table_cols(a), "%s table %zu cols", pdf_rel, i + 1);
    if (biao_table_rows(a) != biao_table_rows(b) || biao_table_cols(a) != biao_table_cols(b)) continue;
    for (int r = 0; r < biao_table_rows(a); r++)
      for (int c = 0; c < biao_table_cols(a); c++)
        cr_expect_str_eq(tu_text(pdf, (int)i + 1, r, c), tu_text(dx, (int)i + 1, r, c), "%s table %zu (%d,%d)",
                         pdf_rel, i + 1, r, c);
    char *pa = parent_of(jd, (int)i + 1), *pb = parent_of(jp, (int)i + 1);
    cr_expect_str_eq(pb, pa, "%s table %zu parent", pdf_rel, i + 1);
    g_free(pa), g_free(pb);
  }
  json_object_put(jd), json_object_put(jp);
  biao_doc_free(dx), biao_doc_free(pdf);
}

/* unstructured/docx-tables.docx: table 2 holds a 2×2 table (e, f / g&t, h) in its middle cell. The
 * nested table's top and bottom rules lie on the cell's, so all its rules touch the outer grid. */
Test(pdf_nested, docx_tables_untagged) {
  expect_same_tables("docx-public/unstructured/docx-tables.docx", "pdf-gen/docx-tables.untagged.pdf", 4);
  biao_doc *pdf = tu_open("pdf-gen/docx-tables.untagged.pdf");
  cr_expect_eq(biao_doc_table_count(pdf), 4);
  cr_expect_str_eq(tu_text(pdf, 3, 1, 0), "g&t");
  cr_expect_str_eq(tu_text(pdf, 2, 1, 1), ""); /* the cell that holds it */
  cr_expect_str_eq(tu_text(pdf, 2, 1, 2), "i");
  biao_doc_free(pdf);
}

Test(pdf_nested, docx_tables_tagged) {
  expect_same_tables("docx-public/unstructured/docx-tables.docx", "pdf-gen/docx-tables.tagged.pdf", 4);
}

/* oxsdk/complex_table_nested8.docx: eight 2×2 tables, each in the top-left cell of the one before.
 * The PDF gives the outer three; the deeper ones are narrower than a table (40 pt) and hold only
 * one digit each. */
Test(pdf_nested, nested_three_deep) {
  expect_same_tables("docx-public/oxsdk/complex_table_nested8.docx", "pdf-gen/complex_table_nested8.untagged.pdf",
                     3);
  expect_same_tables("docx-public/oxsdk/complex_table_nested8.docx", "pdf-gen/complex_table_nested8.tagged.pdf",
                     3);
}

/* docling/tablecell.docx: a 1×1 table whose one cell holds a 3×3 table (the DOCX's tables 2 and 3;
 * its table 1, a 1×1 box around a list, is no table in the PDF). The nested table's frame lies on
 * the outer cell's top and bottom and just inside its sides. */
Test(pdf_nested, one_cell_table_holding_a_table) {
  biao_doc *dx = tu_open("docx-public/docling/tablecell.docx"), *pdf = tu_open("pdf-gen/tablecell.untagged.pdf");
  cr_assert_eq(biao_doc_table_count(pdf), 2);
  cr_expect_eq(biao_table_rows(biao_doc_table(pdf, 0)), 1);
  cr_expect_eq(biao_table_cols(biao_doc_table(pdf, 0)), 1);
  cr_expect_str_eq(tu_text(pdf, 1, 0, 0), "");
  const biao_table *in = biao_doc_table(pdf, 1);
  cr_assert_eq(biao_table_rows(in), 3);
  cr_assert_eq(biao_table_cols(in), 3);
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++)
      cr_expect_str_eq(tu_text(pdf, 2, r, c), tu_text(dx, 3, r, c), "(%d,%d)", r, c);
  json_object *j = tu_json(pdf);
  char *p = parent_of(j, 2);
  cr_expect_str_eq(p, "1/0/0");
  g_free(p);
  json_object_put(j);
  biao_doc_free(dx), biao_doc_free(pdf);
}
