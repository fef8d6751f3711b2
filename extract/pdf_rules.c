/* pdf_rules.c — ruling lines of a page.
 *
 * Poppler's glib API has no path access, so the page is rendered through cairo and every fill
 * and stroke Poppler issues is watched with a cairo observer surface: its callback runs while the
 * path is still in the cairo context, so the exact geometry (cairo_copy_path) and paint
 * (cairo_get_source) are read there, with no output format in between. Thin filled rectangles
 * (how WPS and Word draw borders) and stroked straight segments (ONLYOFFICE, LibreOffice,
 * Distiller) both become rules; white or transparent ones are dropped. The observed surface
 * draws nothing (see blank_target), so glyphs cost no rasterizing, and Poppler keeps the text
 * layer it reads during the render: the page's glyphs then come without a second pass.
 * See docs/pdf.md for the measurements that chose this over SVG output and raster scans. */
#include <cairo-tee.h>
#include <math.h>
#include <string.h>

#include "pdf_page.h"

#define RULE_MAX_THICK 3.0 /* a filled box thinner than this is a rule */
#define SNAP 2.0           /* parallel rules closer than this are one rule */
/* A page drawn with millions of straight pieces (a map, a chart) must not take the memory of the
 * machine: past this many, the page gets no rules and the reader warns. */
#define RAW_CAP 2000000u

typedef struct raw {
  GArray *h, *v; /* bz_rule, unmerged */
} raw;

static void add_rule(raw *r, double x0, double y0, double x1, double y1) {
  if (fabs(y1 - y0) < 0.5 && fabs(x1 - x0) > 1.0) {
    bz_rule s = {fmin(x0, x1), (y0 + y1) / 2, fmax(x0, x1), (y0 + y1) / 2};
    g_array_append_val(r->h, s);
  } else if (fabs(x1 - x0) < 0.5 && fabs(y1 - y0) > 1.0) {
    bz_rule s = {(x0 + x1) / 2, fmin(y0, y1), (x0 + x1) / 2, fmax(y0, y1)};
    g_array_append_val(r->v, s);
  }
}

typedef struct pt {
  double x, y;
} pt;

/* A filled sub-path: a thin axis-aligned band is a rule along its long side. The band need not be
 * a rectangle: some producers (the 广州 reports) draw each border as a mitred quadrilateral whose
 * ends are cut at 45° where borders meet; any straight-edged shape that fills at least half of a
 * thin bounding box looks like a line to a reader. */
static void filled_subpath(raw *r, const GArray *pts) {
  if (pts->len < 3) return;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, area2 = 0;
  for (guint i = 0; i < pts->len; i++) {
    pt p = g_array_index(pts, pt, i), q = g_array_index(pts, pt, (i + 1) % pts->len);
    x0 = fmin(x0, p.x), x1 = fmax(x1, p.x), y0 = fmin(y0, p.y), y1 = fmax(y1, p.y);
    area2 += p.x * q.y - q.x * p.y; /* shoelace: twice the signed area */
  }
  double w = x1 - x0, h = y1 - y0;
  if (fabs(area2) < w * h) return; /* less than half the box: a diagonal sliver, not a band */
  if (h <= RULE_MAX_THICK && w > 2 * h && w > 1.0)
    add_rule(r, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
  else if (w <= RULE_MAX_THICK && h > 2 * w && h > 1.0)
    add_rule(r, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
}

/* A stroked sub-path: each straight axis-aligned piece is a rule. */
static void stroked_subpath(raw *r, const GArray *pts) {
  for (guint i = 1; i < pts->len; i++) {
    pt a = g_array_index(pts, pt, i - 1), b = g_array_index(pts, pt, i);
    add_rule(r, a.x, a.y, b.x, b.y);
  }
}

/* What watches the render of a document's pages, and what the current page has shown. */
struct bz_rules {
  cairo_surface_t *target, *observer;
  cairo_t *cr; /* the context Poppler draws the current page with */
  raw r;
  GArray *pts; /* scratch: the sub-path being read */
  gboolean capped;
  int pages; /* rendered so far */
};
/* Paint of the current source: FALSE for invisible or near-white paint (white on white). */
static gboolean visible_paint(cairo_t *cr) {
  double red, green, blue, alpha;
  if (cairo_pattern_get_rgba(cairo_get_source(cr), &red, &green, &blue, &alpha) != CAIRO_STATUS_SUCCESS)
    return TRUE; /* a gradient or an image pattern: visible */
  if (alpha < 0.1) return FALSE;
  return !(red > 0.9 && green > 0.9 && blue > 0.9);
}

static void flush_subpath(bz_rules *w, gboolean stroke) {
  if (stroke)
    stroked_subpath(&w->r, w->pts);
  else
    filled_subpath(&w->r, w->pts);
  g_array_set_size(w->pts, 0);
}

/* The path being filled or stroked, in page coordinates. Paths with curves are skipped whole: they
 * are glyph outlines (bold titles are often drawn as stroked text) or drawings, never a table
 * border, and their straight pieces must not make rules. */
static void read_path(bz_rules *w, gboolean stroke) {
  cairo_t *cr = w->cr;
  /* only what is drawn on the page itself: not into a transparency group or by another context */
  if (w->capped || cairo_get_group_target(cr) != w->observer || !visible_paint(cr)) return;
  cairo_path_t *path = cairo_copy_path(cr);
  gboolean curved = FALSE;
  for (int i = 0; i < path->num_data && !curved; i += path->data[i].header.length)
    curved = path->data[i].header.type == CAIRO_PATH_CURVE_TO;
  for (int i = 0; i < path->num_data && !curved; i += path->data[i].header.length) {
    const cairo_path_data_t *d = &path->data[i];
    if (d->header.type == CAIRO_PATH_CLOSE_PATH) { /* back to the start of the sub-path */
      if (w->pts->len > 1) {
        pt first = g_array_index(w->pts, pt, 0);
        g_array_append_val(w->pts, first);
      }
      continue;
    }
    if (d->header.type == CAIRO_PATH_MOVE_TO && w->pts->len) flush_subpath(w, stroke);
    pt p = {d[1].point.x, d[1].point.y};
    cairo_user_to_device(cr, &p.x, &p.y);
    g_array_append_val(w->pts, p);
  }
  if (w->pts->len) flush_subpath(w, stroke);
  cairo_path_destroy(path);
  w->capped = w->r.h->len + w->r.v->len > RAW_CAP;
}

static void on_fill(cairo_surface_t *observer, cairo_surface_t *target, void *data) {
  (void)observer, (void)target;
  read_path(data, FALSE);
}

static void on_stroke(cairo_surface_t *observer, cairo_surface_t *target, void *data) {
  (void)observer, (void)target;
  read_path(data, TRUE);
}

/* The largest page PDF allows is 200 inches (14400 pt) a side; /UserUnit aside. */
#define PAGE_MAX 14400.0

/* A page-sized surface that draws nothing, cheaply: a page-sized window (subsurface) onto a 1×1
 * image. Cairo clips every operation away against the 1×1 image before any rasterizing (glyphs
 * included), yet an observer over it sees every operation that falls on the page. The tee in
 * between only works around cairo 1.16 crashing when an observer wraps a subsurface directly. */
static cairo_surface_t *blank_target(void) {
  cairo_surface_t *pixel = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
  cairo_surface_t *window = cairo_surface_create_for_rectangle(pixel, 0, 0, PAGE_MAX, PAGE_MAX);
  cairo_surface_t *tee = cairo_tee_surface_create(window);
  cairo_surface_destroy(window);
  cairo_surface_destroy(pixel);
  return tee;
}

/* A fresh observer. Cairo 1.16 never frees an observer's callbacks (64 bytes), and an observer
 * logs every operation until it is destroyed (~120 bytes each): so one observer serves a few
 * pages, then the next takes over. */
#define PAGES_PER_OBSERVER 16

static void drop_observer(bz_rules *w) {
  if (!w->observer) return;
  cairo_surface_finish(w->observer);
  cairo_surface_destroy(w->observer);
  w->observer = NULL;
}

static void renew_observer(bz_rules *w) {
  drop_observer(w);
  w->observer = cairo_surface_create_observer(w->target, CAIRO_SURFACE_OBSERVER_NORMAL);
  cairo_surface_observer_add_fill_callback(w->observer, on_fill, w);
  cairo_surface_observer_add_stroke_callback(w->observer, on_stroke, w);
}

bz_rules *bz_pdf_rules_new(void) {
  bz_rules *w = g_new0(bz_rules, 1);
  w->target = blank_target();
  w->pts = g_array_new(FALSE, FALSE, sizeof(pt));
  w->r = (raw){g_array_new(FALSE, FALSE, sizeof(bz_rule)), g_array_new(FALSE, FALSE, sizeof(bz_rule))};
  return w;
}

void bz_pdf_rules_free(bz_rules *w) {
  if (!w) return;
  drop_observer(w);
  cairo_surface_destroy(w->target);
  g_array_free(w->pts, TRUE);
  g_array_free(w->r.h, TRUE);
  g_array_free(w->r.v, TRUE);
  g_free(w);
}

static int cmp_h(gconstpointer a, gconstpointer b) {
  const bz_rule *x = a, *y = b;
  if (fabs(x->y0 - y->y0) > 1e-6) return x->y0 < y->y0 ? -1 : 1;
  return x->x0 < y->x0 ? -1 : (x->x0 > y->x0);
}

static int cmp_v(gconstpointer a, gconstpointer b) {
  const bz_rule *x = a, *y = b;
  if (fabs(x->x0 - y->x0) > 1e-6) return x->x0 < y->x0 ? -1 : 1;
  return x->y0 < y->y0 ? -1 : (x->y0 > y->y0);
}

/* Merge horizontal rules: those within SNAP of each other in y form one band (double borders,
 * the two edges of a stroked box), and overlapping or nearly touching pieces of a band join. */
static void merge(GArray *in, GArray *out, gboolean horizontal) {
  if (!in->len) return;
  g_array_sort(in, horizontal ? cmp_h : cmp_v);
  guint i = 0;
  while (i < in->len) {
    /* one band: consecutive rules whose position is within SNAP of the band's first */
    double pos0 = horizontal ? g_array_index(in, bz_rule, i).y0 : g_array_index(in, bz_rule, i).x0;
    guint j = i;
    GArray *band = g_array_new(FALSE, FALSE, sizeof(bz_rule));
    while (j < in->len) {
      bz_rule s = g_array_index(in, bz_rule, j);
      double pos = horizontal ? s.y0 : s.x0;
      if (pos - pos0 > SNAP) break;
      /* store as (start, end, pos) in x0, x1, y0 regardless of direction */
      bz_rule t = horizontal ? s : (bz_rule){s.y0, s.x0, s.y1, s.x0};
      g_array_append_val(band, t);
      j++;
    }
    g_array_sort(band, cmp_v); /* by start (x0) */
    bz_rule cur = g_array_index(band, bz_rule, 0);
    double sum = cur.y0;
    int n = 1;
    for (guint k = 1; k <= band->len; k++) {
      bz_rule s = k < band->len ? g_array_index(band, bz_rule, k) : (bz_rule){G_MAXDOUBLE, 0, 0, 0};
      if (k < band->len && s.x0 <= cur.x1 + SNAP) {
        cur.x1 = fmax(cur.x1, s.x1);
        sum += s.y0;
        n++;
        continue;
      }
      double p = sum / n;
      bz_rule o = horizontal ? (bz_rule){cur.x0, p, cur.x1, p} : (bz_rule){p, cur.x0, p, cur.x1};
      if (cur.x1 - cur.x0 >= 3.0) g_array_append_val(out, o);
      cur = s;
      sum = s.y0;
      n = 1;
    }
    g_array_free(band, TRUE);
    i = j;
  }
}


gboolean bz_pdf_find_rules(bz_rules *w, bz_page *page, PopplerPage *pp) {
  g_array_set_size(w->r.h, 0); /* the raw pieces of the page before are merged already */
  g_array_set_size(w->r.v, 0);
  w->capped = FALSE;
  if (w->pages++ % PAGES_PER_OBSERVER == 0) renew_observer(w);
  w->cr = cairo_create(w->observer);
  poppler_page_render(pp, w->cr);
  gboolean ok = cairo_status(w->cr) == CAIRO_STATUS_SUCCESS && !w->capped;
  cairo_destroy(w->cr);
  w->cr = NULL;
  if (ok) {
    merge(w->r.h, page->hrules, TRUE);
    merge(w->r.v, page->vrules, FALSE);
  }
  return ok;
}
