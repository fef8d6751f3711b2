/* test_pdf_input.c — PDF reader edges: encrypted files, damaged bytes, page selection, progress,
 * pages without a text layer (made here with cairo), narrative pages. */
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "testutil.h"

Test(pdf_input, encrypted_needs_password) {
  biao_error err;
  cr_assert_eq(tu_open_fail("pdf/encrypted-secret.pdf", &err), BIAO_ERR_ENCRYPTED);
  cr_expect(strstr(err.message, "password") != NULL, "message: %s", err.message);
  biao_options opt;
  biao_options_init(&opt);
  opt.password = "wrong";
  biao_doc *doc = NULL;
  char *path = tu_corpus("pdf/encrypted-secret.pdf");
  cr_assert_eq(biao_doc_open_file(&doc, path, &opt, &err), BIAO_ERR_ENCRYPTED);
  cr_expect(strstr(err.message, "wrong password") != NULL, "message: %s", err.message);
  opt.password = "secret";
  doc = tu_open_opts("pdf/encrypted-secret.pdf", &opt);
  cr_assert_eq(biao_doc_table_count(doc), 1);
  cr_expect_str_eq(tu_text(doc, 1, 1, 0), "18,330.37");
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, 0)), "支出预算总表");
  biao_doc_free(doc);
  g_free(path);
}

Test(pdf_input, damaged_bytes_are_corrupt_not_a_crash) {
  static const char garbage[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n";
  biao_doc *doc = NULL;
  biao_error err;
  biao_options opt;
  biao_options_init(&opt);
  opt.input = BIAO_INPUT_PDF;
  cr_assert_eq(biao_doc_open_memory(&doc, garbage, sizeof garbage - 1, "g.pdf", &opt, &err),
               BIAO_ERR_CORRUPT);
  cr_expect(strchr(err.message, '\n') == NULL);
  /* a truncated real file: Poppler may rebuild what is left, or give up; never a crash */
  char *path = tu_corpus("pdf-real/govbc-06.pdf"), *data = NULL;
  gsize len = 0;
  cr_assert(g_file_get_contents(path, &data, &len, NULL));
  for (gsize cut = 1000; cut < len; cut += len / 5) {
    int rc = biao_doc_open_memory(&doc, data, cut, "t.pdf", &opt, &err);
    cr_expect(rc == BIAO_OK || rc == BIAO_ERR_CORRUPT, "cut %zu: rc %d", cut, rc);
    if (rc == BIAO_OK) biao_doc_free(doc);
  }
  g_free(data);
  g_free(path);
}

static int count_progress(void *user, const char *what, long done, long total) {
  cr_expect_str_eq(what, "pages");
  cr_expect(done >= 1 && done <= total);
  (*(int *)user)++;
  return 0;
}

Test(pdf_input, page_selection_and_progress) {
  biao_options opt;
  biao_options_init(&opt);
  int calls = 0;
  opt.pages = "9-10,20";
  opt.progress = count_progress;
  opt.progress_user = &calls;
  biao_doc *doc = tu_open_opts("pdf-real/govbc-06.pdf", &opt);
  cr_expect_eq(calls, 3);
  cr_expect_eq(biao_doc_pages(doc), 22);
  cr_assert_eq(biao_doc_table_count(doc), 2);
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, 0)), "2025年部门收入预算总表");
  cr_expect_eq(biao_table_page_end(biao_doc_table(doc, 0)), 10);
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, 1)), "2025年部门“三公”经费和机关运行经费预算表");
  biao_doc_free(doc);
  opt.pages = "3-x";
  opt.progress = NULL;
  biao_error err;
  char *path = tu_corpus("pdf-real/govbc-06.pdf");
  cr_expect_eq(biao_doc_open_file(&doc, path, &opt, &err), BIAO_ERR_USAGE);
  g_free(path);
}

Test(pdf_input, narrative_pages_have_no_tables) {
  biao_options opt;
  biao_options_init(&opt);
  opt.pages = "1-6"; /* cover, contents, 职能, 机构, 名词解释, 编制说明 */
  biao_doc *doc = tu_open_opts("pdf-real/govbc-06.pdf", &opt);
  cr_expect_eq(biao_doc_table_count(doc), 0);
  biao_doc_free(doc);
}

/* A two-page PDF: page 1 a picture of a table (an image, no text), page 2 blank. */
static GString *scanned_pdf(void) {
  GString *pdf = g_string_new(NULL);
  cairo_t *cr = tu_pdf_page(pdf);
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 100);
  cairo_t *ic = cairo_create(img);
  cairo_set_source_rgb(ic, 1, 1, 1);
  cairo_paint(ic);
  cairo_set_source_rgb(ic, 0, 0, 0);
  cairo_rectangle(ic, 10, 10, 180, 80);
  cairo_stroke(ic);
  cairo_destroy(ic);
  cairo_set_source_surface(cr, img, 100, 100);
  cairo_paint(cr);
  cairo_show_page(cr);
  cairo_show_page(cr);
  tu_pdf_finish(cr);
  cairo_surface_destroy(img);
  return pdf;
}

Test(pdf_input, page_without_text_layer_gives_no_table_and_one_warning) {
  GString *pdf = scanned_pdf();
  biao_doc *doc = tu_open_bytes(pdf, "scan.pdf");
  cr_expect_eq(biao_doc_table_count(doc), 0); /* no 0×0 table for the picture */
  cr_assert_eq(biao_doc_warning_count(doc), 1);
  cr_expect(strstr(biao_doc_warning(doc, 0), "page 1 has no text layer") != NULL, "%s",
            biao_doc_warning(doc, 0));
  const char *pages = NULL;
  cr_expect_eq(biao_doc_scanned_pages(doc, &pages), 1); /* page 2 is blank: no images, not a scan */
  cr_expect_str_eq(pages, "1");
  biao_doc_free(doc);
  g_string_free(pdf, TRUE);
}

/* A scan as harvested: corpus/batch/scanned.pdf (scripts/gen-pdf-scanned.sh), two JPEG pages of a
 * printed budget table. */
Test(pdf_input, scanned_fixture_names_its_pages_once) {
  biao_doc *doc = tu_open("batch/scanned.pdf");
  cr_expect_eq(biao_doc_table_count(doc), 0);
  cr_assert_eq(biao_doc_warning_count(doc), 1);
  cr_expect(strstr(biao_doc_warning(doc, 0), "pages 1-2 have no text layer") != NULL, "%s",
            biao_doc_warning(doc, 0));
  const char *pages = NULL;
  cr_expect_eq(biao_doc_scanned_pages(doc, &pages), 2);
  cr_expect_str_eq(pages, "1-2");
  biao_doc_free(doc);
}

/* A page of text drawn with cairo: `lines` rows of `cols` strings at fixed x positions. */
static GString *text_pdf(const char *const *cells, int lines, int cols) {
  GString *pdf = g_string_new(NULL);
  cairo_t *cr = tu_pdf_page(pdf);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 11);
  static const double x[] = {72, 300, 420};
  for (int r = 0; r < lines; r++)
    for (int c = 0; c < cols; c++) {
      cairo_move_to(cr, x[c], 120 + 18 * r);
      cairo_show_text(cr, cells[r * cols + c]);
    }
  tu_pdf_finish(cr);
  return pdf;
}

static size_t tables_in(GString *pdf) {
  biao_doc *doc = tu_open_bytes(pdf, "t.pdf");
  size_t n = biao_doc_table_count(doc);
  biao_doc_free(doc);
  g_string_free(pdf, TRUE);
  return n;
}

/* Unruled text: amounts in aligned columns are a table; a contents page laid out with spaces
 * (titles and page numbers) is not. */
Test(pdf_input, unruled_amounts_yes_contents_page_no) {
  static const char *const amounts[] = {"Programme", "Budget",   "Outturn",     "General services",
                                        "1,204.50",  "1,198.20", "Health care", "96.40",
                                        "101.10",    "Housing",  "450.00",      "447.95"};
  cr_expect_eq(tables_in(text_pdf(amounts, 4, 3)), 1);
  static const char *const contents[] = {"1. Functions of the department",
                                         "3",
                                         "2. Organisation",
                                         "4",
                                         "3. Budget tables",
                                         "7",
                                         "4. Notes",
                                         "19"};
  cr_expect_eq(tables_in(text_pdf(contents, 4, 2)), 0);
}

/* corpus/pdf/private-use.pdf (scripts/gen-pdf-small.py): page 2 is set in a Type3 font without a
 * ToUnicode map whose glyph names are uniE000.. (Poppler decodes them to private-use characters),
 * page 4 maps its glyphs to U+FFFD, page 5 to supplementary private-use characters (U+F0000);
 * pages 1 and 3 are ordinary text. One warning names exactly the pages 2, 4 and 5. */
Test(pdf_input, undecodable_glyphs_warn_with_their_pages) {
  biao_doc *doc = tu_open("pdf/private-use.pdf");
  cr_expect_eq(biao_doc_pages(doc), 5);
  cr_expect_eq(biao_doc_table_count(doc), 0);
  cr_assert_eq(biao_doc_warning_count(doc), 1);
  cr_expect_str_eq(biao_doc_warning(doc, 0),
                   "pages 2, 4-5 have glyphs that decode to U+FFFD or private-use characters: a font lacks a "
                   "Unicode map (is poppler-data installed?)");
  biao_doc_free(doc);
  /* only page 4 read: the warning names it alone */
  biao_options opt;
  biao_options_init(&opt);
  opt.pages = "3-4";
  doc = tu_open_opts("pdf/private-use.pdf", &opt);
  cr_assert_eq(biao_doc_warning_count(doc), 1);
  cr_expect_str_eq(biao_doc_warning(doc, 0),
                   "page 4 has glyphs that decode to U+FFFD or private-use characters: a font lacks a Unicode "
                   "map (is poppler-data installed?)");
  biao_doc_free(doc);
  /* ordinary pages only: no warning */
  opt.pages = "1,3";
  doc = tu_open_opts("pdf/private-use.pdf", &opt);
  cr_expect_eq(biao_doc_warning_count(doc), 0);
  biao_doc_free(doc);
}

/* corpus/pdf/blank-rows.pdf (scripts/gen-pdf-small.py): ruled tables without any number. A text
 * list with a blank row between its entries is not a blank template: 1 header row. A template
 * whose body was left blank: the rows above the blank body (2). */
Test(pdf_input, header_rows_of_tables_without_numbers) {
  biao_doc *doc = tu_open("pdf/blank-rows.pdf");
  cr_assert_eq(biao_doc_table_count(doc), 2);
  const biao_table *list = biao_doc_table(doc, 0), *blank = biao_doc_table(doc, 1);
  cr_expect_eq(biao_table_rows(list), 4);
  cr_expect_eq(biao_table_header_rows(list), 1);
  cr_expect_str_eq(tu_text(doc, 1, 3, 1), "merged into the bureau");
  cr_expect_eq(biao_table_rows(blank), 5);
  cr_expect_eq(biao_table_header_rows(blank), 2);
  cr_expect_str_eq(tu_text(doc, 2, 1, 2), "Actual");
  biao_doc_free(doc);
}
