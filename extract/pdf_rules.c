/* pdf_rules.c — ruling lines of a page.
 *
 * Poppler's glib API has no path access, so the page is rendered through cairo's SVG surface and
 * the path geometry is read back from the SVG with libxml2's streaming reader. This gives exact
 * coordinates and colours: thin filled rectangles (how WPS and Word draw borders) and stroked
 * segments (ONLYOFFICE, LibreOffice) both become rules; white or transparent ones are dropped.
 * Glyph outlines live in <defs> and clip paths in <clipPath>: both are skipped. See docs/pdf.md
 * for the measurements that chose this over scanning a raster image. */
#include <cairo-svg.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <string.h>

#include "pdf_page.h"

#define RULE_MAX_THICK 3.0 /* a filled box thinner than this is a rule */
#define SNAP 2.0           /* parallel rules closer than this are one rule */

typedef struct affine {
  double a, b, c, d, e, f;
} affine;

static const affine identity = {1, 0, 0, 1, 0, 0};

static affine mul(affine m, affine n) { /* apply n first, then m */
  affine r = {m.a * n.a + m.c * n.b, m.b * n.a + m.d * n.b, m.a * n.c + m.c * n.d,
              m.b * n.c + m.d * n.d, m.a * n.e + m.c * n.f + m.e, m.b * n.e + m.d * n.f + m.f};
  return r;
}

static affine parse_transform(const char *s) {
  affine m = identity;
  if (!s) return m;
  double v[6] = {0};
  const char *p = strchr(s, '(');
  if (!p) return m;
  p++;
  int n = 0;
  while (n < 6 && *p && *p != ')') {
    char *end;
    v[n] = g_ascii_strtod(p, &end);
    if (end == p) break;
    n++;
    p = end;
    while (*p == ',' || *p == ' ') p++;
  }
  if (g_str_has_prefix(s, "matrix") && n == 6) m = (affine){v[0], v[1], v[2], v[3], v[4], v[5]};
  else if (g_str_has_prefix(s, "translate") && n >= 1) m.e = v[0], m.f = n > 1 ? v[1] : 0;
  else if (g_str_has_prefix(s, "scale") && n >= 1) m.a = v[0], m.d = n > 1 ? v[1] : v[0];
  return m;
}

/* Paint of a style property: returns FALSE for none, invisible or near-white paint. */
static gboolean visible_paint(const char *style, const char *prop, const char *opacity_prop) {
  const char *p = strstr(style, prop);
  if (!p) return FALSE;
  p += strlen(prop);
  if (g_str_has_prefix(p, "none")) return FALSE;
  const char *op = strstr(style, opacity_prop);
  if (op && g_ascii_strtod(op + strlen(opacity_prop), NULL) < 0.1) return FALSE;
  if (g_str_has_prefix(p, "rgb(")) {
    double rgb[3] = {0};
    const char *q = p + 4;
    for (int i = 0; i < 3; i++) {
      char *end;
      rgb[i] = g_ascii_strtod(q, &end);
      q = end;
      while (*q == '%' || *q == ',' || *q == ' ') q++;
    }
    if (rgb[0] > 90 && rgb[1] > 90 && rgb[2] > 90) return FALSE; /* white on white */
  }
  return TRUE;
}

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

/* A filled sub-path: a thin axis-aligned box is a rule along its long side. */
static void filled_subpath(raw *r, const GArray *pts, gboolean curved) {
  if (curved || pts->len < 4) return;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  for (guint i = 0; i < pts->len; i++) {
    pt p = g_array_index(pts, pt, i);
    x0 = fmin(x0, p.x), x1 = fmax(x1, p.x), y0 = fmin(y0, p.y), y1 = fmax(y1, p.y);
  }
  for (guint i = 0; i < pts->len; i++) { /* every vertex on a corner: an axis-aligned box */
    pt p = g_array_index(pts, pt, i);
    if (!(fabs(p.x - x0) < 0.3 || fabs(p.x - x1) < 0.3) || !(fabs(p.y - y0) < 0.3 || fabs(p.y - y1) < 0.3))
      return;
  }
  double w = x1 - x0, h = y1 - y0;
  if (h <= RULE_MAX_THICK && w > 2 * h && w > 1.0) add_rule(r, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
  else if (w <= RULE_MAX_THICK && h > 2 * w && h > 1.0) add_rule(r, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
}

/* A stroked sub-path: each straight axis-aligned piece is a rule. */
static void stroked_subpath(raw *r, const GArray *pts, const GArray *straight) {
  for (guint i = 1; i < pts->len; i++) {
    if (!g_array_index(straight, gboolean, i)) continue;
    pt a = g_array_index(pts, pt, i - 1), b = g_array_index(pts, pt, i);
    add_rule(r, a.x, a.y, b.x, b.y);
  }
}

/* Parse an SVG path as written by cairo (absolute M, L, C, Z only). */
static void read_path(raw *r, const char *d, affine m, gboolean fill, gboolean stroke) {
  /* Curves mean a glyph outline (bold titles are often drawn as stroked text paths) or a drawing,
   * never a table border: such paths are skipped whole, so their straight strokes make no rules. */
  if (strchr(d, 'C')) return;
  GArray *pts = g_array_new(FALSE, FALSE, sizeof(pt));
  GArray *straight = g_array_new(FALSE, FALSE, sizeof(gboolean)); /* segment ending at pts[i] */
  gboolean curved = FALSE;
  char cmd = 0;
  const char *p = d;
  for (;;) {
    while (*p == ' ' || *p == ',' || *p == '\n') p++;
    char c = *p;
    if (c == 'M' || c == 'L' || c == 'C' || c == 'Z' || c == 'z' || c == '\0') {
      if (c == 'M' || c == 'Z' || c == 'z' || c == '\0') {
        if ((c == 'Z' || c == 'z') && pts->len > 1) { /* close back to the start */
          pt first = g_array_index(pts, pt, 0);
          gboolean yes = TRUE;
          g_array_append_val(pts, first);
          g_array_append_val(straight, yes);
        }
        if (c != 'Z' && c != 'z' && pts->len) { /* a new sub-path starts: flush the old */
          if (fill) filled_subpath(r, pts, curved);
          if (stroke) stroked_subpath(r, pts, straight);
          g_array_set_size(pts, 0);
          g_array_set_size(straight, 0);
          curved = FALSE;
        }
        if (c == '\0') break;
      }
      cmd = c;
      p++;
      continue;
    }
    int need = cmd == 'C' ? 3 : 1;
    pt last = {0, 0};
    for (int k = 0; k < need; k++) {
      char *end;
      double x = g_ascii_strtod(p, &end);
      if (end == p) goto done;
      p = end;
      while (*p == ' ' || *p == ',') p++;
      double y = g_ascii_strtod(p, &end);
      if (end == p) goto done;
      p = end;
      last = (pt){m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f};
    }
    gboolean is_line = cmd != 'C';
    if (cmd == 'C') curved = TRUE;
    g_array_append_val(pts, last);
    g_array_append_val(straight, is_line);
    if (cmd == 'M') cmd = 'L';
  }
done:
  if (pts->len) {
    if (fill) filled_subpath(r, pts, curved);
    if (stroke) stroked_subpath(r, pts, straight);
  }
  g_array_free(pts, TRUE);
  g_array_free(straight, TRUE);
}

/* The SVG of one batch is capped: a page drawn with millions of paths (a map, a chart) must not
 * take the memory of the machine; its batch then has no rules, and the reader warns. */
#define SVG_CAP ((gsize)256 << 20)

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int len) {
  GString *svg = closure;
  if (svg->len + len > SVG_CAP) return CAIRO_STATUS_WRITE_ERROR;
  g_string_append_len(svg, (const char *)data, len);
  return CAIRO_STATUS_SUCCESS;
}

/* Read the paths of an SVG stream. A multi-page stream (SVG 1.2 <pageSet>) has one <page> per
 * PDF page: the rules of the k-th <page> go to raws[k]. */
static void read_svg(raw *raws, int n_raws, const GString *svg) {
  raw *r = &raws[0];
  int page_index = -1;
  xmlTextReaderPtr rd = xmlReaderForMemory(svg->str, (int)svg->len, NULL, NULL,
                                           XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
                                               XML_PARSE_NOWARNING);
  if (!rd) return;
  GArray *stack = g_array_new(FALSE, FALSE, sizeof(affine)); /* transforms of open <g> */
  int skip_depth = -1; /* inside <defs>/<clipPath>/<mask>/<pattern>: its depth */
  while (xmlTextReaderRead(rd) == 1) {
    int type = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);
    const char *name = (const char *)xmlTextReaderConstLocalName(rd);
    if (type == XML_READER_TYPE_END_ELEMENT) {
      if (skip_depth == depth) skip_depth = -1;
      if (skip_depth < 0 && strcmp(name, "g") == 0 && stack->len) g_array_set_size(stack, stack->len - 1);
      continue;
    }
    if (type != XML_READER_TYPE_ELEMENT || skip_depth >= 0) continue;
    if (!strcmp(name, "page")) {
      if (page_index + 1 < n_raws) r = &raws[++page_index];
      continue;
    }
    if (!strcmp(name, "defs") || !strcmp(name, "clipPath") || !strcmp(name, "mask") ||
        !strcmp(name, "pattern") || !strcmp(name, "symbol")) {
      if (!xmlTextReaderIsEmptyElement(rd)) skip_depth = depth;
      continue;
    }
    affine cur = stack->len ? g_array_index(stack, affine, stack->len - 1) : identity;
    char *tr = (char *)xmlTextReaderGetAttribute(rd, BAD_CAST "transform");
    affine m = mul(cur, parse_transform(tr));
    xmlFree(tr);
    if (!strcmp(name, "g")) {
      if (!xmlTextReaderIsEmptyElement(rd)) g_array_append_val(stack, m);
      continue;
    }
    if (strcmp(name, "path") != 0) continue;
    char *style = (char *)xmlTextReaderGetAttribute(rd, BAD_CAST "style");
    char *d = (char *)xmlTextReaderGetAttribute(rd, BAD_CAST "d");
    if (style && d) {
      gboolean fill = visible_paint(style, "fill:", "fill-opacity:");
      gboolean stroke = visible_paint(style, "stroke:", "stroke-opacity:");
      if (!strstr(style, "fill:")) fill = TRUE; /* SVG default paint is black */
      if (fill || stroke) read_path(r, d, m, fill, stroke);
    }
    xmlFree(style);
    xmlFree(d);
  }
  g_array_free(stack, TRUE);
  xmlFreeTextReader(rd);
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

/* Render pages[0..n) into one SVG surface — one <page> each — and read their rules. Sharing one
 * surface means each glyph outline used on several pages is written and parsed once. */
static gboolean find_rules(bz_page **pages, PopplerPage **pps, int n) {
  double w = 1, h = 1;
  for (int i = 0; i < n; i++) w = fmax(w, pages[i]->width), h = fmax(h, pages[i]->height);
  GString *svg = g_string_sized_new(1 << 18);
  cairo_surface_t *s = cairo_svg_surface_create_for_stream(collect, svg, w, h);
  if (n > 1) cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_2);
  cairo_t *cr = cairo_create(s);
  for (int i = 0; i < n; i++) {
    cairo_save(cr);
    poppler_page_render(pps[i], cr);
    cairo_restore(cr);
    if (n > 1) cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(s);
  gboolean ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  raw *raws = g_new(raw, n);
  for (int i = 0; i < n; i++)
    raws[i] = (raw){g_array_new(FALSE, FALSE, sizeof(bz_rule)), g_array_new(FALSE, FALSE, sizeof(bz_rule))};
  /* the leading <defs> (glyph outlines, clip paths) hold no page content: cut them before
   * parsing, it is most of the bytes */
  char *defs = strstr(svg->str, "<defs>"), *end = defs ? strstr(defs, "</defs>") : NULL;
  if (defs && end) g_string_erase(svg, defs - svg->str, end + strlen("</defs>") - defs);
  if (ok) read_svg(raws, n, svg);
  for (int i = 0; i < n; i++) {
    merge(raws[i].h, pages[i]->hrules, TRUE);
    merge(raws[i].v, pages[i]->vrules, FALSE);
    g_array_free(raws[i].h, TRUE);
    g_array_free(raws[i].v, TRUE);
  }
  g_free(raws);
  g_string_free(svg, TRUE);
  return ok;
}

gboolean bz_pdf_find_rules(bz_page *page, PopplerPage *pp) {
  return find_rules(&page, &pp, 1);
}

gboolean bz_pdf_find_rules_many(bz_page **pages, PopplerPage **pps, int n) {
  return n > 0 ? find_rules(pages, pps, n) : TRUE;
}
