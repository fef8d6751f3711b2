/* test_pdf_paint.c — only what a reader can see is a ruling line, and an amount is one token
 * however its glyphs were placed. Pages made here with cairo (each invisible-path case on its own)
 * and real pages copied from the city budgets into corpus/pdf-paint/ (SOURCES.md there). */
#include <string.h>

#include "testutil.h"

/* The visible grid: 3 columns (x 72 | 222 | 372 | 522), 4 rows (y 100 | 130 | 160 | 190 | 220). */
static const double GX[] = {72, 222, 372, 522}, GY[] = {100, 130, 160, 190, 220};

/* A border piece the way the 广州 reports draw them: a filled quadrilateral 0.75 pt thick whose
 * far end is cut at 45° (a mitre), not a rectangle. */
static void mitred_h(cairo_t *cr, double x0, double x1, double y) {
  cairo_move_to(cr, x0, y), cairo_line_to(cr, x1, y), cairo_line_to(cr, x1 - 0.75, y + 0.75);
  cairo_line_to(cr, x0, y + 0.75), cairo_close_path(cr), cairo_fill(cr);
}
static void mitred_v(cairo_t *cr, double x, double y0, double y1) {
  cairo_move_to(cr, x, y0), cairo_line_to(cr, x, y1), cairo_line_to(cr, x + 0.75, y1 - 0.75);
  cairo_line_to(cr, x + 0.75, y0), cairo_close_path(cr), cairo_fill(cr);
}

static void text_at(cairo_t *cr, double x, double y, const char *s) {
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

/* One page: the visible grid with text in every cell, then `extra` draws paths over it. */
static GString *grid_pdf(void (*extra)(cairo_t *)) {
  GString *pdf = g_string_new(NULL);
  cairo_t *cr = tu_pdf_page(pdf);
  if (extra) extra(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int i = 0; i < 5; i++)
    mitred_h(cr, GX[0], GX[3], GY[i]);
  for (int j = 0; j < 4; j++)
    mitred_v(cr, GX[j], GY[0], GY[4]);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 10);
  static const char *const cells[4][3] = {{"Item", "Budget", "Outturn"},
                                          {"Salaries", "1,373.74", "1,361.71"},
                                          {"Travel", "96.40", "101.10"},
                                          {"Total", "1,470.14", "1,462.81"}};
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 3; j++)
      text_at(cr, GX[j] + 6, GY[i] + 19, cells[i][j]);
  tu_pdf_finish(cr);
  return pdf;
}

/* Drawn before the grid: a grey header shading with a grey rule on it that would split the
 * "Budget" column. */
static void grey_on_grey(cairo_t *cr) {
  cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
  cairo_rectangle(cr, GX[0], GY[0], GX[3] - GX[0], GY[1] - GY[0]);
  cairo_fill(cr);
  cairo_rectangle(cr, 300, GY[0], 0.5, GY[1] - GY[0]);
  cairo_fill(cr);
}

/* White cell rectangles drawn around every half column: the phantom grid of converters. */
static void white_cells(cairo_t *cr) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 0.5);
  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 4; i++) {
      cairo_rectangle(cr, GX[j], GY[i], (GX[j + 1] - GX[j]) / 2, GY[i + 1] - GY[i]);
      cairo_stroke(cr);
    }
}

/* A black rule from the table's top to below it, under a clip that shows only its foot (below the
 * table): the part over the table is not seen, so it splits no column. */
static void clipped_away(cairo_t *cr) {
  cairo_save(cr);
  cairo_rectangle(cr, 0, 600, 595, 100);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_rectangle(cr, 150, GY[0], 0.6, 650 - GY[0]);
  cairo_fill(cr);
  cairo_restore(cr);
}

/* A dark stroke 10 pt wide down the empty right half of the "Outturn" column: a bar, not a line
 * between two columns. */
static void wide_bar(cairo_t *cr) {
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 10);
  cairo_move_to(cr, 480, GY[0]), cairo_line_to(cr, 480, GY[4]);
  cairo_stroke(cr);
}

/* Every case gives the same table: 3 columns, 4 rows, each amount alone in its cell. */
static void expect_visible_grid(void (*extra)(cairo_t *), const char *what) {
  GString *pdf = grid_pdf(extra);
  biao_doc *doc = tu_open_bytes(pdf, what);
  cr_assert_eq(biao_doc_table_count(doc), 1, "%s", what);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_cols(t), 3, "%s: %d columns", what, biao_table_cols(t));
  cr_expect_eq(biao_table_rows(t), 4, "%s: %d rows", what, biao_table_rows(t));
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "1,373.74", "%s", what);
  cr_expect_str_eq(tu_text(doc, 1, 1, 2), "1,361.71", "%s", what);
  cr_expect_str_eq(tu_text(doc, 1, 0, 1), "Budget", "%s", what);
  biao_doc_free(doc);
  g_string_free(pdf, TRUE);
}

Test(pdf_paint, mitred_borders_are_rules) { expect_visible_grid(NULL, "mitred borders only"); }
Test(pdf_paint, grey_rule_on_grey_shading_is_not_a_rule) { expect_visible_grid(grey_on_grey, "grey on grey"); }
Test(pdf_paint, white_cell_rectangles_are_not_rules) { expect_visible_grid(white_cells, "white cells"); }
Test(pdf_paint, clipped_rule_is_not_a_rule) { expect_visible_grid(clipped_away, "clipped"); }

Test(pdf_paint, wide_stroke_is_not_a_rule) { expect_visible_grid(wide_bar, "wide bar"); }

/* Text set at the font size that makes it exactly as wide as [x0, x1], from x0; returns the size. */
static double text_filling(cairo_t *cr, double x0, double x1, double baseline, const char *s) {
  cairo_text_extents_t e;
  cairo_set_font_size(cr, 10);
  cairo_text_extents(cr, s, &e);
  double size = 10 * (x1 - x0) / e.x_advance;
  cairo_set_font_size(cr, size);
  text_at(cr, x0, baseline, s);
  return size;
}

/* An underline the way Word draws one: a thin filled box under the baseline, as long as the text. */
static void underline(cairo_t *cr, double x0, double x1, double baseline) {
  cairo_rectangle(cr, x0, baseline + 2, x1 - x0, 0.6);
  cairo_fill(cr);
}

/* A list of names in a 2×4 ruled grid (x 72 | 222 | 372), every name underlined. The name in row 1
 * fills its cell, so its underline reaches both of the cell's borders, 9 pt above the row's rule:
 * it is decoration, not a rule — no phantom row, no neighbour spanning two rows. */
Test(pdf_paint, underline_as_long_as_its_text_is_not_a_rule) {
  GString *pdf = g_string_new(NULL);
  cairo_t *cr = tu_pdf_page(pdf);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int i = 0; i < 5; i++)
    cairo_rectangle(cr, GX[0], GY[i], GX[2] - GX[0], 0.6);
  for (int j = 0; j < 3; j++)
    cairo_rectangle(cr, GX[j], GY[0], 0.6, GY[4] - GY[0]);
  cairo_fill(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  static const char *const names[4][2] = {{"Office", "Personnel"},
                                          {"Planning and regional economy", "Statistics"},
                                          {"Reform", "Investment"},
                                          {"Energy", "Audit"}};
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 2; j++) {
      double base = GY[i] + 19, x0 = GX[j] + 20, x1;
      if (i == 1 && j == 0) { /* fills the cell: its underline runs from border to border */
        x0 = GX[0] + 0.6, x1 = GX[1];
        text_filling(cr, x0, x1, base, names[i][j]);
      } else {
        cairo_text_extents_t e;
        cairo_set_font_size(cr, 10);
        cairo_text_extents(cr, names[i][j], &e);
        text_at(cr, x0, base, names[i][j]);
        x1 = x0 + e.x_advance;
      }
      underline(cr, x0, x1, base);
    }
  tu_pdf_finish(cr);
  biao_doc *doc = tu_open_bytes(pdf, "underlined list");
  cr_assert_eq(biao_doc_table_count(doc), 1);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_rows(t), 4, "%d rows", biao_table_rows(t));
  cr_expect_eq(biao_table_cols(t), 2);
  cr_expect_str_eq(tu_text(doc, 1, 1, 0), "Planning and regional economy");
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "Statistics");
  cr_expect_str_eq(tu_text(doc, 1, 2, 0), "Reform");
  biao_doc_free(doc);
  g_string_free(pdf, TRUE);
}

/* A group label that fills its merged cell exactly (科目编码 over 类 | 款 in the 烟台 reports): the
 * rule under it is as long as the label, yet the rule between the columns below starts on it, so
 * it is a border and the label's cell spans the two columns of one row. */
Test(pdf_paint, border_under_a_label_filling_its_cell_stays_a_rule) {
  GString *pdf = g_string_new(NULL);
  cairo_t *cr = tu_pdf_page(pdf);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int i = 0; i < 5; i++) /* the rule under row 0 only under the group label */
    if (i == 1)
      cairo_rectangle(cr, GX[1], GY[1], GX[3] - GX[1], 0.6);
    else
      cairo_rectangle(cr, GX[0], GY[i], GX[3] - GX[0], 0.6);
  cairo_rectangle(cr, GX[0], GY[0], 0.6, GY[4] - GY[0]);
  cairo_rectangle(cr, GX[1], GY[0], 0.6, GY[4] - GY[0]);
  cairo_rectangle(cr, GX[2], GY[1], 0.6, GY[4] - GY[1]); /* starts on the label's rule */
  cairo_rectangle(cr, GX[3], GY[0], 0.6, GY[4] - GY[0]);
  cairo_fill(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 10);
  text_at(cr, GX[0] + 6, GY[1] + 4, "Item");
  text_filling(cr, GX[1] + 0.6, GX[3], GY[1] - 2.5, "Amounts by year");
  cairo_set_font_size(cr, 10);
  static const char *const body[3][3] = {{"", "Budget", "Outturn"}, {"Salaries", "1,373.74", "1,361.71"},
                                         {"Travel", "96.40", "101.10"}};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      text_at(cr, GX[j] + 6, GY[i + 1] + 19, body[i][j]);
  tu_pdf_finish(cr);
  biao_doc *doc = tu_open_bytes(pdf, "label filling its cell");
  cr_assert_eq(biao_doc_table_count(doc), 1);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_rows(t), 4, "%d rows", biao_table_rows(t));
  cr_expect_eq(biao_table_cols(t), 3);
  cr_expect_str_eq(tu_text(doc, 1, 0, 1), "Amounts by year");
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "Budget");
  cr_expect_str_eq(tu_text(doc, 1, 1, 2), "Outturn");
  cr_expect_str_eq(tu_text(doc, 1, 2, 1), "1,373.74");
  biao_doc_free(doc);
  g_string_free(pdf, TRUE);
}

/* Amounts whose decimals are a separate run: starting inside the integer part's box (the 重庆
 * reports), or a little to its right (the 西安 Excel exports). Words keep their spaces. */
Test(pdf_paint, amount_from_two_runs_is_one_token) {
  GString *pdf = g_string_new(NULL);
  cairo_t *cr = tu_pdf_page(pdf);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.75);
  for (int i = 0; i < 4; i++) {
    cairo_move_to(cr, 72, 100 + 30 * i), cairo_line_to(cr, 372, 100 + 30 * i);
  }
  for (int j = 0; j < 3; j++) {
    cairo_move_to(cr, 72 + 150 * j, 100), cairo_line_to(cr, 72 + 150 * j, 190);
  }
  cairo_stroke(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 10);
  cairo_text_extents_t e;
  text_at(cr, 78, 119, "Phase 2 works");
  cairo_text_extents(cr, "174,900", &e);
  text_at(cr, 240, 119, "174,900");
  text_at(cr, 240 + e.x_advance - 2, 119, ".64"); /* starts inside the "0" */
  text_at(cr, 78, 149, "Total 1");
  cairo_text_extents(cr, "25180591", &e);
  text_at(cr, 240, 149, "25180591");
  text_at(cr, 240 + e.x_advance + 3, 149, ".33"); /* a visible gap before the point */
  text_at(cr, 78, 179, "Notes");
  text_at(cr, 240, 179, "12 34"); /* two numbers with a real space stay two */
  tu_pdf_finish(cr);
  biao_doc *doc = tu_open_bytes(pdf, "runs.pdf");
  cr_assert_eq(biao_doc_table_count(doc), 1);
  cr_expect_str_eq(tu_text(doc, 1, 0, 1), "174,900.64");
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "25180591.33");
  cr_expect_str_eq(tu_text(doc, 1, 2, 1), "12 34");
  cr_expect_str_eq(tu_text(doc, 1, 0, 0), "Phase 2 works");
  biao_doc_free(doc);
  g_string_free(pdf, TRUE);
}

/* 广州 收支总体情况表 (gz-02 pages 5-6): borders drawn as mitred quadrilaterals. Read from its
 * rules it is the printed 4 columns, with the department and unit lines in meta, not in cells. */
Test(pdf_paint, gz_mitred_borders_give_the_printed_grid) {
  biao_doc *doc = tu_open("pdf-paint/gz-02-p5-6.pdf");
  cr_assert_geq(biao_doc_table_count(doc), 1);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_cols(t), 4);
  cr_expect_str_eq(biao_table_title(t), "收支总体情况表");
  cr_expect_str_eq(tu_text(doc, 1, 0, 0), "收入");
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "预算");
  cr_expect_str_eq(tu_text(doc, 1, 2, 0), "一、预算拨款");
  cr_expect_str_eq(tu_text(doc, 1, 2, 1), "16,410.71");
  cr_expect_str_eq(tu_text(doc, 1, 2, 2), "一、一般公共服务支出");
  cr_expect_str_eq(tu_text(doc, 1, 2, 3), "8,812.33");
  cr_expect_str_eq(tu_text(doc, 1, 9, 3), "2,808.48"); /* 八、社会保障和就业支出: a row alone */
  int row, col;
  cr_expect_eq(tu_find_cell(doc, 1, "单位：万元", &row, &col), 0);
  biao_doc_free(doc);
}

/* 西安 部门综合预算收支总表 (xa-14 page 24): decimals printed apart from their integer part. */
Test(pdf_paint, xa_spaced_decimals_are_one_amount) {
  biao_doc *doc = tu_open("pdf-paint/xa-14-p24.pdf");
  cr_assert_eq(biao_doc_table_count(doc), 1);
  cr_expect_eq(biao_table_cols(biao_doc_table(doc, 0)), 9);
  cr_expect_str_eq(tu_text(doc, 1, 2, 2), "25180591.33");
  cr_expect_str_eq(tu_text(doc, 1, 2, 4), "25180591.33");
  cr_expect_str_eq(tu_text(doc, 1, 3, 6), "14587091.33");
  biao_doc_free(doc);
}
