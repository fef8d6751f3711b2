/* pdf_debug.c — `biao debug`: a page rendered with what the reader found drawn over it, to see at
 * a glance why a table came out the way it did. */
#include <cairo.h>
#include <string.h>

#include "../core/error.h"
#include "pdf_debug.h"

/* Straight paths that are not rules because a reader cannot see them, dashed, coloured by why:
 * orange colour (same as under it), magenta transparent, grey clipped, cyan a wide stroke; and
 * olive the lines that underline text (seen, but not rules). */
static void draw_unseen(cairo_t *cr, const bz_page *page) {
  static const double colour[][3] = {
      [BZ_UNSEEN_COLOUR] = {1, 0.55, 0}, [BZ_UNSEEN_TRANSPARENT] = {0.9, 0, 0.9},
      [BZ_UNSEEN_CLIPPED] = {0.5, 0.5, 0.5}, [BZ_UNSEEN_WIDE] = {0, 0.7, 0.8},
      [BZ_UNSEEN_UNDERLINE] = {0.55, 0.55, 0}};
  static const double dash[] = {3, 2};
  cairo_save(cr);
  cairo_set_line_width(cr, 0.8);
  cairo_set_dash(cr, dash, 2, 0);
  for (guint i = 0; i < page->unseen->len; i++) {
    const bz_unseen *u = &g_array_index(page->unseen, bz_unseen, i);
    cairo_set_source_rgba(cr, colour[u->why][0], colour[u->why][1], colour[u->why][2], 0.9);
    cairo_rectangle(cr, u->where.x0, u->where.y0, u->where.x1 - u->where.x0, u->where.y1 - u->where.y0);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}


/* The document table number of a page table: the label box it overlaps most, or 0. */
static int label_of(const bz_ptable *t, const bz_debug_label *labels, int n) {
  int best = 0;
  double best_area = 0;
  for (int i = 0; i < n; i++) {
    double w = MIN(t->x1, labels[i].x1) - MAX(t->x0, labels[i].x0);
    double h = MIN(t->y1, labels[i].y1) - MAX(t->y0, labels[i].y0);
    if (w > 0 && h > 0 && w * h > best_area) {
      best_area = w * h;
      best = labels[i].index;
    }
  }
  return best;
}

static void draw_tables(cairo_t *cr, const bz_page *page, GPtrArray *tables, const bz_debug_label *labels,
                        int n_labels) {
  draw_unseen(cr, page);
  cairo_set_line_width(cr, 0.8);
  cairo_set_source_rgba(cr, 1, 0, 0, 0.8); /* rules: red */
  for (guint i = 0; i < page->hrules->len; i++) {
    const bz_rule *r = &g_array_index(page->hrules, bz_rule, i);
    cairo_move_to(cr, r->x0, r->y0), cairo_line_to(cr, r->x1, r->y1);
  }
  for (guint i = 0; i < page->vrules->len; i++) {
    const bz_rule *r = &g_array_index(page->vrules, bz_rule, i);
    cairo_move_to(cr, r->x0, r->y0), cairo_line_to(cr, r->x1, r->y1);
  }
  cairo_stroke(cr);
  for (guint k = 0; k < tables->len; k++) {
    const bz_ptable *t = g_ptr_array_index(tables, k);
    cairo_set_source_rgba(cr, 0, 0, 1, 0.6); /* cells: blue, inset so merged cells show */
    cairo_set_line_width(cr, 0.6);
    for (guint i = 0; i < t->cells->len; i++) {
      const bz_pcell *c = &g_array_index(t->cells, bz_pcell, i);
      double x0 = g_array_index(t->xs, double, c->col),
             x1 = g_array_index(t->xs, double, c->col + c->colspan);
      double y0 = g_array_index(t->ys, double, c->row),
             y1 = g_array_index(t->ys, double, c->row + c->rowspan);
      cairo_rectangle(cr, x0 + 1.5, y0 + 1.5, x1 - x0 - 3, y1 - y0 - 3);
    }
    cairo_stroke(cr);
    cairo_set_source_rgba(cr, 0, 0.6, 0, 0.9); /* table outline and number: green */
    cairo_set_line_width(cr, 2);
    cairo_rectangle(cr, t->x0 - 3, t->y0 - 3, t->x1 - t->x0 + 6, t->y1 - t->y0 + 6);
    cairo_stroke(cr);
    char label[32];
    int index = label_of(t, labels, n_labels);
    if (index > 0) g_snprintf(label, sizeof label, "T%d", index);
    else g_strlcpy(label, "T?", sizeof label);
    cairo_set_font_size(cr, 14);
    cairo_move_to(cr, t->x0 - 3, t->y0 - 6);
    cairo_show_text(cr, label);
  }
}

int biao_debug_render_page(const char *path, const char *password, int number, double scale, const char *png,
                           const bz_debug_label *labels, int n_labels, biao_error *err) {
  gchar *data = NULL;
  gsize len = 0;
  GError *e = NULL;
  if (!g_file_get_contents(path, &data, &len, &e)) {
    int rc = bz_fail(err, BIAO_ERR_IO, path, "%s", e->message);
    g_error_free(e);
    return rc;
  }
  PopplerDocument *pd = NULL;
  int rc = bz_pdf_open(&pd, (const guint8 *)data, len, path, password, err);
  if (rc != BIAO_OK) {
    g_free(data);
    return rc;
  }
  int n = poppler_document_get_n_pages(pd);
  if (number < 1 || number > n) {
    rc = bz_fail(err, BIAO_ERR_USAGE, path, "page %d out of range (the PDF has %d pages)", number, n);
  } else {
    PopplerPage *pp = poppler_document_get_page(pd, number - 1);
    bz_page page;
    bz_pdf_page_init(&page, pp, number);
    page.unseen = g_array_new(FALSE, FALSE, sizeof(bz_unseen));
    GPtrArray *tables = bz_pdf_page_tables(&page, pp);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(page.width * scale) + 1,
                                                    (int)(page.height * scale) + 1);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    cairo_save(cr);
    poppler_page_render(pp, cr);
    cairo_restore(cr);
    draw_tables(cr, &page, tables, labels, n_labels);
    cairo_destroy(cr);
    if (cairo_surface_write_to_png(s, png) != CAIRO_STATUS_SUCCESS)
      rc = bz_fail(err, BIAO_ERR_IO, png, "cannot write PNG");
    cairo_surface_destroy(s);
    g_ptr_array_free(tables, TRUE);
    bz_pdf_page_clear(&page);
    g_object_unref(pp);
  }
  g_object_unref(pd);
  g_free(data);
  return rc;
}
