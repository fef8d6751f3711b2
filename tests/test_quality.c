/* test_quality.c — the per-table "quality" object of the JSON (normalize/quality.c): amounts in
 * the cells, amounts printed on the page that no table took, run-together amounts, failed checks. */
#include <string.h>

#include "testutil.h"

/* "quality" of table i (1-based) of doc, as parsed JSON (owned by *root: json_object_put it). */
static json_object *quality_of(const biao_doc *doc, int i, json_object **root) {
  *root = tu_json(doc);
  json_object *t = json_object_array_get_idx(json_object_object_get(*root, "tables"), (size_t)i - 1);
  return json_object_object_get(t, "quality");
}

static int qint(json_object *q, const char *k) { return json_object_get_int(json_object_object_get(q, k)); }

/* A ruled 2×3 table of amounts, one cell holding two amounts run together (one token, so one
 * amount), and an amount printed alone below the table (a row the table lost): 4 amounts in
 * cells, 1 outside. */
Test(quality, amounts_inside_outside_and_run_together) {
  GString *pdf = g_string_new(NULL);
  cairo_t *cr = tu_pdf_page(pdf);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.75);
  for (int i = 0; i < 3; i++)
    cairo_move_to(cr, 72, 100 + 30 * i), cairo_line_to(cr, 522, 100 + 30 * i);
  for (int j = 0; j < 4; j++)
    cairo_move_to(cr, 72 + 150 * j, 100), cairo_line_to(cr, 72 + 150 * j, 160);
  cairo_stroke(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 10);
  static const char *const cells[2][3] = {{"Salaries", "1,373.74", "1,361.71"}, {"Travel", "96.40", "1,373.741,361.71"}};
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 3; j++)
      cairo_move_to(cr, 78 + 150 * j, 119 + 30 * i), cairo_show_text(cr, cells[i][j]);
  cairo_move_to(cr, 400, 300), cairo_show_text(cr, "12,437.30");
  cairo_move_to(cr, 72, 330), cairo_show_text(cr, "Spent 5.00 on items, 2024.1.1"); /* prose: not counted */
  tu_pdf_finish(cr);
  biao_doc *doc = tu_open_bytes(pdf, "quality.pdf");
  cr_assert_eq(biao_doc_table_count(doc), 1);
  json_object *root, *q = quality_of(doc, 1, &root);
  cr_assert_not_null(q);
  cr_expect_eq(qint(q, "amounts"), 4);
  cr_expect_eq(qint(q, "amounts_outside"), 1);
  cr_expect_float_eq(json_object_get_double(json_object_object_get(q, "amount_recall")), 4.0 / 5, 1e-4);
  cr_expect_eq(qint(q, "run_together"), 1);
  cr_expect(!json_object_get_boolean(json_object_object_get(q, "joined")));
  json_object_put(root);
  biao_doc_free(doc);
  g_string_free(pdf, TRUE);
}

/* A real budget table over two pages (gz-02 pages 5-6): joined, every amount in a cell. */
Test(quality, joined_table_takes_all_its_amounts) {
  biao_doc *doc = tu_open("pdf-paint/gz-02-p5-6.pdf");
  json_object *root, *q = quality_of(doc, 1, &root);
  cr_expect(json_object_get_boolean(json_object_object_get(q, "joined")));
  cr_expect_eq(qint(q, "amounts_outside"), 0);
  cr_expect_geq(qint(q, "amounts"), 40);
  cr_expect_eq(qint(q, "run_together"), 0);
  json_object_put(root);
  biao_doc_free(doc);
}

/* DOCX: nothing is printed outside the tables, so the recall is unknown (null), and the failed
 * checks are counted from "checks". */
Test(quality, docx_has_no_recall_but_counts_failed_checks) {
  biao_doc *doc = tu_open("docx/form-002.docx");
  json_object *root = tu_json(doc);
  json_object *tables = json_object_object_get(root, "tables");
  for (size_t i = 0; i < json_object_array_length(tables); i++) {
    json_object *t = json_object_array_get_idx(tables, i), *q = json_object_object_get(t, "quality");
    cr_expect_null(json_object_object_get(q, "amount_recall"), "table %zu", i + 1);
    json_object *checks = json_object_object_get(t, "checks");
    int failed = 0;
    for (size_t k = 0; k < json_object_array_length(checks); k++)
      failed += !json_object_get_boolean(json_object_object_get(json_object_array_get_idx(checks, k), "ok"));
    cr_expect_eq(qint(q, "checks"), (int)json_object_array_length(checks), "table %zu", i + 1);
    cr_expect_eq(qint(q, "checks_failed"), failed, "table %zu", i + 1);
  }
  json_object_put(root);
  biao_doc_free(doc);
}
