/* pdf_rules.c — ruling lines of a page.
 *
 * Poppler's glib API has no path access, so the page is rendered through cairo and every fill
 * and stroke Poppler issues is watched with a cairo observer surface: its callback runs while the
 * path is still in the cairo context, so the exact geometry (cairo_copy_path) and paint
 * (cairo_get_source) are read there, with no output format in between. Thin filled rectangles
 * (how WPS and Word draw borders) and stroked straight segments (ONLYOFFICE, LibreOffice,
 * Distiller) both become rules — when a reader can see them: the paint of each path is read once
 * (read_paint: colour, alpha, stroke width, clip) and each piece must stand out from the colour
 * under it (add_rule); why the others were dropped is kept only for biao debug. The observed surface
 * draws nothing (see blank_target), so glyphs cost no rasterizing, and Poppler keeps the text
 * layer it reads during the render: the page's glyphs then come without a second pass.
 * See docs/pdf.md for the measurements that chose this over SVG output and raster scans. */
#include <cairo-tee.h>
#include <math.h>
#include <string.h>

#include "pdf_page.h"

#define RULE_MAX_THICK 3.0 /* a filled box thinner than this is a rule */
#define SNAP 2.0           /* parallel rules closer than this are one rule */
#define MIN_CONTRAST 0.1   /* paint this close to what lies under it is not seen (per RGB channel) */
/* A page drawn with millions of straight pieces (a map, a chart) must not take the memory of the
 * machine: past this many, the page gets no rules and the reader warns. */
#define RAW_CAP 2000000u
/* Opaque boxes remembered per page as backgrounds for the rules drawn over them (cell shading);
 * past this many, the oldest are forgotten. */
#define BG_CAP 4096u

typedef struct pt {
  double x, y;
} pt;

/* An opaque filled box: what a rule drawn later over it is seen against. */
typedef struct bg {
  double x0, y0, x1, y1;
  double rgb[3];
} bg;

/* The paint of the path being read, decided once per path (see read_path). */
typedef struct paint {
  gboolean solid;         /* one colour: rgb is known */
  double rgb[3];
  double cx0, cy0, cx1, cy1; /* the clip's extent in page coordinates */
} paint;

/* What watches the render of a document's pages, and what the current page has shown. */
struct bz_rules {
  cairo_surface_t *target, *observer;
  cairo_t *cr; /* the context Poppler draws the current page with */
  GArray *h, *v; /* bz_rule, unmerged */
  GArray *bgs;   /* bg: opaque boxes of the page so far */
  GArray *unseen; /* bz_unseen, when the caller asked (biao debug): the page's own array */
  GArray *pts;  /* scratch: the sub-path being read */
  paint paint;  /* of the path being read */
  gboolean capped;
  int pages; /* rendered so far */
};

static void reject(bz_rules *w, bz_rule r, bz_unseen_why why) {
  if (!w->unseen) return;
  bz_unseen u = {r, why};
  g_array_append_val(w->unseen, u);
}

/* The colour under the point (x, y): the latest opaque box drawn there, else the white page. */
static const double *background_at(const bz_rules *w, double x, double y) {
  static const double white[3] = {1, 1, 1};
  for (guint k = w->bgs->len; k-- > 0;) {
    const bg *b = &g_array_index(w->bgs, bg, k);
    if (x >= b->x0 && x <= b->x1 && y >= b->y0 && y <= b->y1) return b->rgb;
  }
  return white;
}

/* A straight piece of the current path becomes a rule when a reader can see it: the part inside
 * the clip, in a colour that stands out from what lies under it (white on the white page, grey on
 * a grey cell, and a box drawn over the table in the page colour are not lines to a reader). */
static void add_rule(bz_rules *w, double x0, double y0, double x1, double y1) {
  const paint *pa = &w->paint;
  bz_rule s;
  GArray *into;
  if (fabs(y1 - y0) < 0.5 && fabs(x1 - x0) > 1.0) {
    s = (bz_rule){fmax(fmin(x0, x1), pa->cx0), (y0 + y1) / 2, fmin(fmax(x0, x1), pa->cx1), (y0 + y1) / 2};
    into = w->h;
    if (s.y0 < pa->cy0 || s.y0 > pa->cy1 || s.x1 - s.x0 <= 1.0) {
      reject(w, (bz_rule){fmin(x0, x1), s.y0, fmax(x0, x1), s.y1}, BZ_UNSEEN_CLIPPED);
      return;
    }
  } else if (fabs(x1 - x0) < 0.5 && fabs(y1 - y0) > 1.0) {
    s = (bz_rule){(x0 + x1) / 2, fmax(fmin(y0, y1), pa->cy0), (x0 + x1) / 2, fmin(fmax(y0, y1), pa->cy1)};
    into = w->v;
    if (s.x0 < pa->cx0 || s.x0 > pa->cx1 || s.y1 - s.y0 <= 1.0) {
      reject(w, (bz_rule){s.x0, fmin(y0, y1), s.x1, fmax(y0, y1)}, BZ_UNSEEN_CLIPPED);
      return;
    }
  } else {
    return; /* slanted or too short: not a rule, nor a reason to report */
  }
  if (pa->solid) {
    const double *under = background_at(w, (s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2);
    double contrast = fmax(fabs(pa->rgb[0] - under[0]), fmax(fabs(pa->rgb[1] - under[1]), fabs(pa->rgb[2] - under[2])));
    if (contrast < MIN_CONTRAST) {
      reject(w, s, BZ_UNSEEN_COLOUR);
      return;
    }
  }
  g_array_append_val(into, s);
}

/* A filled sub-path: a thin axis-aligned band is a rule along its long side. The band need not be
 * a rectangle: some producers (the 广州 reports) draw each border as a mitred quadrilateral whose
 * ends are cut at 45° where borders meet; any straight-edged shape that fills at least half of a
 * thin bounding box looks like a line to a reader. A wider opaque box is not a rule but the
 * background of the rules drawn over it. */
static void filled_subpath(bz_rules *w, const GArray *pts) {
  if (pts->len < 3) return;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, area2 = 0;
  for (guint i = 0; i < pts->len; i++) {
    pt p = g_array_index(pts, pt, i), q = g_array_index(pts, pt, (i + 1) % pts->len);
    x0 = fmin(x0, p.x), x1 = fmax(x1, p.x), y0 = fmin(y0, p.y), y1 = fmax(y1, p.y);
    area2 += p.x * q.y - q.x * p.y; /* shoelace: twice the signed area */
  }
  double w_ = x1 - x0, h = y1 - y0;
  if (fabs(area2) < w_ * h) return; /* less than half the box: a diagonal sliver, not a band */
  if (h <= RULE_MAX_THICK && w_ > 2 * h && w_ > 1.0)
    add_rule(w, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
  else if (w_ <= RULE_MAX_THICK && h > 2 * w_ && h > 1.0)
    add_rule(w, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
  else if (w->paint.solid && fabs(area2) >= 1.8 * w_ * h && w_ > RULE_MAX_THICK && h > RULE_MAX_THICK) {
    /* a box (90% of its bounding box filled), clipped to what shows */
    bg b = {fmax(x0, w->paint.cx0), fmax(y0, w->paint.cy0), fmin(x1, w->paint.cx1), fmin(y1, w->paint.cy1),
            {w->paint.rgb[0], w->paint.rgb[1], w->paint.rgb[2]}};
    if (b.x1 <= b.x0 || b.y1 <= b.y0) return;
    /* white boxes on the bare page change nothing under later rules (Excel fills every cell so) */
    if (!w->bgs->len && b.rgb[0] > 1 - MIN_CONTRAST && b.rgb[1] > 1 - MIN_CONTRAST && b.rgb[2] > 1 - MIN_CONTRAST)
      return;
    if (w->bgs->len >= BG_CAP) g_array_remove_index(w->bgs, 0);
    g_array_append_val(w->bgs, b);
  }
}

/* A stroked sub-path: each straight axis-aligned piece is a rule. */
static void stroked_subpath(bz_rules *w, const GArray *pts) {
  for (guint i = 1; i < pts->len; i++) {
    pt a = g_array_index(pts, pt, i - 1), b = g_array_index(pts, pt, i);
    add_rule(w, a.x, a.y, b.x, b.y);
  }
}

static void flush_subpath(bz_rules *w, gboolean stroke) {
  if (stroke)
    stroked_subpath(w, w->pts);
  else
    filled_subpath(w, w->pts);
  g_array_set_size(w->pts, 0);
}

/* Decide once per path what its paint lets a reader see; FALSE when nothing (reason reported to
 * biao debug by the caller). Fills w->paint: colour, and the clip's extent in page coordinates. */
static gboolean read_paint(bz_rules *w, gboolean stroke, bz_unseen_why *why) {
  cairo_t *cr = w->cr;
  paint *pa = &w->paint;
  double red, green, blue, alpha;
  pa->solid = cairo_pattern_get_rgba(cairo_get_source(cr), &red, &green, &blue, &alpha) == CAIRO_STATUS_SUCCESS;
  /* a gradient or an image pattern: seen, whatever lies under it */
  if (pa->solid && alpha < 0.1) return *why = BZ_UNSEEN_TRANSPARENT, FALSE;
  if (pa->solid) pa->rgb[0] = red, pa->rgb[1] = green, pa->rgb[2] = blue;
  if (stroke) { /* a stroke wider than a rule is a bar, not a line between cells */
    double lw = cairo_get_line_width(cr), lh = 0;
    cairo_user_to_device_distance(cr, &lw, &lh);
    if (hypot(lw, lh) > RULE_MAX_THICK) return *why = BZ_UNSEEN_WIDE, FALSE;
  }
  double x[2], y[2];
  cairo_clip_extents(cr, &x[0], &y[0], &x[1], &y[1]);
  pa->cx0 = pa->cy0 = G_MAXDOUBLE, pa->cx1 = pa->cy1 = -G_MAXDOUBLE;
  for (int i = 0; i < 4; i++) { /* the clip box's corners in page space (the CTM may rotate) */
    double px = x[i & 1], py = y[i >> 1];
    cairo_user_to_device(cr, &px, &py);
    pa->cx0 = fmin(pa->cx0, px), pa->cx1 = fmax(pa->cx1, px), pa->cy0 = fmin(pa->cy0, py), pa->cy1 = fmax(pa->cy1, py);
  }
  /* a little slack: a rule on the clip's edge is half visible, and still a line to a reader */
  pa->cx0 -= 1, pa->cy0 -= 1, pa->cx1 += 1, pa->cy1 += 1;
  return TRUE;
}

/* The path being filled or stroked, in page coordinates. Paths with curves are skipped whole: they
 * are glyph outlines (bold titles are often drawn as stroked text) or drawings, never a table
 * border, and their straight pieces must not make rules. */
static void read_path(bz_rules *w, gboolean stroke) {
  cairo_t *cr = w->cr;
  /* only what is drawn on the page itself: not into a transparency group or by another context */
  if (w->capped || cairo_get_group_target(cr) != w->observer) return;
  bz_unseen_why why = BZ_UNSEEN_CLIPPED;
  gboolean seen = read_paint(w, stroke, &why);
  if (!seen && !w->unseen) return;
  cairo_path_t *path = cairo_copy_path(cr);
  gboolean curved = FALSE;
  for (int i = 0; i < path->num_data && !curved; i += path->data[i].header.length)
    curved = path->data[i].header.type == CAIRO_PATH_CURVE_TO;
  if (!seen) { /* only for biao debug: where the unseen path lies */
    double x0, y0, x1, y1;
    if (!curved) {
      cairo_path_extents(cr, &x0, &y0, &x1, &y1);
      cairo_user_to_device(cr, &x0, &y0);
      cairo_user_to_device(cr, &x1, &y1);
      reject(w, (bz_rule){fmin(x0, x1), fmin(y0, y1), fmax(x0, x1), fmax(y0, y1)}, why);
    }
    cairo_path_destroy(path);
    return;
  }
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
  w->capped = w->h->len + w->v->len > RAW_CAP;
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
  w->h = g_array_new(FALSE, FALSE, sizeof(bz_rule));
  w->v = g_array_new(FALSE, FALSE, sizeof(bz_rule));
  w->bgs = g_array_new(FALSE, FALSE, sizeof(bg));
  return w;
}

void bz_pdf_rules_free(bz_rules *w) {
  if (!w) return;
  drop_observer(w);
  cairo_surface_destroy(w->target);
  g_array_free(w->pts, TRUE);
  g_array_free(w->h, TRUE);
  g_array_free(w->v, TRUE);
  g_array_free(w->bgs, TRUE);
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
  g_array_set_size(w->h, 0); /* the raw pieces of the page before are merged already */
  g_array_set_size(w->v, 0);
  g_array_set_size(w->bgs, 0);
  w->unseen = page->unseen;
  w->capped = FALSE;
  if (w->pages++ % PAGES_PER_OBSERVER == 0) renew_observer(w);
  w->cr = cairo_create(w->observer);
  poppler_page_render(pp, w->cr);
  gboolean ok = cairo_status(w->cr) == CAIRO_STATUS_SUCCESS && !w->capped;
  cairo_destroy(w->cr);
  w->cr = NULL;
  w->unseen = NULL;
  if (ok) {
    merge(w->h, page->hrules, TRUE);
    merge(w->v, page->vrules, FALSE);
  }
  return ok;
}
