/* pdf_grid.c — lattice tables: ruling lines → grid → cells with spans → text.
 *
 * Rules that touch (within TOUCH points) form one table. Its column and row boundaries are the
 * distinct positions of its vertical and horizontal rules (plus the outer extent when a side is
 * open). A boundary segment that is not drawn between two grid boxes means they are one merged
 * cell. Each glyph goes to the cell that holds its centre, so wrapped lines stay in their cell. */
#include <math.h>
#include <string.h>

#include "pdf_page.h"

#define TOUCH 2.5   /* rules this close count as touching */
#define MIN_GAP 3.0 /* grid boundaries closer than this are one boundary */
#define MIN_TABLE_W 40.0
#define MAX_RULE_PAIRS ((gsize)4 << 20)
#define MIN_TABLE_H 12.0

static int find(int *parent, int i) {
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

static gboolean touches(const bz_rule *h, const bz_rule *v) {
  return v->x0 >= h->x0 - TOUCH && v->x0 <= h->x1 + TOUCH && h->y0 >= v->y0 - TOUCH && h->y0 <= v->y1 + TOUCH;
}

int bz_pdf_cmp_double(gconstpointer a, gconstpointer b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : (x > y);
}

/* Sorted positions with neighbours closer than MIN_GAP folded into their mean. */
static GArray *cluster(GArray *pos) {
  g_array_sort(pos, bz_pdf_cmp_double);
  GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
  guint i = 0;
  while (i < pos->len) {
    double first = g_array_index(pos, double, i), sum = 0;
    guint j = i;
    while (j < pos->len && g_array_index(pos, double, j) - first < MIN_GAP)
      sum += g_array_index(pos, double, j++);
    double m = sum / (j - i);
    g_array_append_val(out, m);
    i = j;
  }
  return out;
}

/* Is the segment [a, b] along a rule at `pos` drawn (at least 60% covered by `rules`)? */
static gboolean drawn(const GPtrArray *rules, gboolean vertical, double pos, double a, double b) {
  double covered = 0;
  for (guint k = 0; k < rules->len; k++) {
    const bz_rule *r = g_ptr_array_index(rules, k);
    double rp = vertical ? r->x0 : r->y0, r0 = vertical ? r->y0 : r->x0, r1 = vertical ? r->y1 : r->x1;
    if (fabs(rp - pos) > MIN_GAP) continue;
    double lo = fmax(a, r0), hi = fmin(b, r1);
    if (hi > lo) covered += hi - lo;
  }
  return covered >= 0.6 * (b - a);
}

static int index_of(const GArray *bounds, double v) {
  for (guint i = 0; i + 1 < bounds->len; i++)
    if (v >= g_array_index(bounds, double, i) && v < g_array_index(bounds, double, i + 1)) return (int)i;
  return -1;
}

void bz_pdf_ptable_free(gpointer p) {
  bz_ptable *t = p;
  if (!t) return;
  for (guint i = 0; i < t->cells->len; i++)
    g_free(g_array_index(t->cells, bz_pcell, i).text);
  g_array_free(t->cells, TRUE);
  g_array_free(t->xs, TRUE);
  g_array_free(t->ys, TRUE);
  if (t->head_lines) g_ptr_array_unref(t->head_lines);
  g_free(t);
}

/* The first row may hold lines about the table (编制单位：…, 单位：万元) when the producer drew the
 * frame around them, visibly or not: the top line of such a cell goes to the table's context, the
 * rest stays in the cell. A cell that is only such a line is emptied only when the row keeps other
 * text (so the header row stays a row). Removes those glyphs from the cells' index arrays. */
static void peel_head_lines(const bz_page *page, bz_ptable *t, GPtrArray *idx) {
  double *cut = g_new(double, t->cells->len);
  gboolean other = FALSE;
  for (guint k = 0; k < t->cells->len; k++) {
    const bz_pcell *c = &g_array_index(t->cells, bz_pcell, k);
    GArray *ci = g_ptr_array_index(idx, k);
    cut[k] = -1;
    if (c->row != 0 || ci->len == 0) continue;
    double y1;
    gboolean more;
    char *first = bz_pdf_first_line(page, ci, &y1, &more);
    if (first && bz_pdf_is_meta_line(first)) {
      cut[k] = y1;
      if (!t->head_lines) t->head_lines = g_ptr_array_new_with_free_func(g_free);
      g_ptr_array_add(t->head_lines, g_strdup(first));
      if (!more) cut[k] = G_MAXDOUBLE; /* the whole cell */
    } else {
      other = TRUE;
    }
    g_free(first);
  }
  for (guint k = 0; t->head_lines && k < t->cells->len; k++) {
    if (cut[k] < 0 || (cut[k] == G_MAXDOUBLE && !other)) continue;
    GArray *ci = g_ptr_array_index(idx, k);
    for (guint m = ci->len; m-- > 0;) {
      const bz_pchar *ch = &g_array_index(page->chars, bz_pchar, g_array_index(ci, guint, m));
      if ((ch->y0 + ch->y1) / 2 < cut[k]) g_array_remove_index(ci, m);
    }
  }
  if (t->head_lines && !other) { /* nothing else in the row: it stays as it was */
    g_ptr_array_unref(t->head_lines);
    t->head_lines = NULL;
  }
  g_free(cut);
}

/* Nothing but a page header above y: no rule, at most one line of text. */
static gboolean top_of_page(const bz_page *page, double y) {
  for (guint i = 0; i < page->hrules->len; i++)
    if (g_array_index(page->hrules, bz_rule, i).y0 < y - MIN_GAP) return FALSE;
  GArray *segs = bz_pdf_free_segments(page, 0, y, BZ_GAP_ITEMS);
  int lines = segs->len ? g_array_index(segs, bz_pseg, segs->len - 1).line + 1 : 0;
  bz_pdf_segs_free(segs);
  return lines <= 1;
}

/* Tables ruled only between columns (vertical rules, with at most a header rule): a band between
 * two horizontal rules holding several printed lines that each have text in two or more columns
 * is several rows — when at least 80% of its lines have text in two or more columns and half hold
 * digits (data lines, not a header's staggered wrapped labels). Row boundaries go between those lines, as
 * virtual rules added to `hs` (and owned by `virt`). Wrapped text in a ruled table is not split: its lines
 * sit in one column, or the table has more horizontal rules than this applies to. */
static void split_unruled_rows(const bz_page *page, GArray *ys, const GArray *xs, GPtrArray *hs,
                               GPtrArray *virt) {
  int nr = (int)ys->len - 1;
  if (nr > 2) return;
  double x0 = g_array_index(xs, double, 0), x1 = g_array_index(xs, double, xs->len - 1);
  for (int b = 0; b < nr; b++) {
    GArray *bands =
        bz_pdf_line_bands(page, x0, g_array_index(ys, double, b), x1, g_array_index(ys, double, b + 1), xs);
    guint multi = 0, digits = 0;
    for (guint k = 0; k < bands->len; k++) {
      multi += g_array_index(bands, bz_band, k).cols >= 2;
      digits += g_array_index(bands, bz_band, k).digits;
    }
    /* data lines: nearly all span columns, most hold numbers (a header's staggered wrapped
     * labels do not) */
    if (bands->len >= 3 && multi * 10 >= bands->len * 8 && digits * 2 >= bands->len)
      for (guint k = 1; k < bands->len; k++) {
        const bz_band *a = &g_array_index(bands, bz_band, k - 1), *c = &g_array_index(bands, bz_band, k);
        if (c->cols < 2 && !c->digits) continue; /* a wrapped label line: same row */
        bz_rule *r = g_new(bz_rule, 1);
        double y = (a->y1 + c->y0) / 2;
        *r = (bz_rule){x0, y, x1, y};
        g_ptr_array_add(virt, r);
        g_ptr_array_add(hs, r);
        g_array_append_val(ys, y);
      }
    g_array_free(bands, TRUE);
  }
  g_array_sort(ys, bz_pdf_cmp_double);
}

/* A column this narrow between two parallel rules, holding no glyph, is the inset between a cell's
 * border and the border of a table nested in that cell (as LibreOffice and Word draw them). */
#define SLIVER 8.0

/* A table nested in a cell whose rules touch the cell's: grid columns [a, b) and rows [i0, i1) of
 * the combined grid, between the cell's borders at columns l and m. */
typedef struct nest {
  int l, a, b, m, i0, i1;
} nest;

static gboolean glyph_in(const bz_page *page, double x0, double y0, double x1, double y1) {
  for (guint k = 0; k < page->chars->len; k++) {
    const bz_pchar *c = &g_array_index(page->chars, bz_pchar, k);
    double cx = (c->x0 + c->x1) / 2, cy = (c->y0 + c->y1) / 2;
    if (!c->used && cx > x0 && cx < x1 && cy > y0 && cy < y1) return TRUE;
  }
  return FALSE;
}

/* Rows where vertical boundary j is drawn: one contiguous run [*i0, *i1), or FALSE. */
static gboolean drawn_run(const gboolean *dv, int nr, int j, int *i0, int *i1) {
  *i0 = -1, *i1 = 0;
  for (int i = 0; i < nr; i++)
    if (dv[j * nr + i]) {
      if (*i0 < 0) *i0 = i;
      else if (!dv[j * nr + i - 1]) return FALSE;
      *i1 = i + 1;
    }
  return *i0 >= 0;
}

/* A nested table whose rules touch its cell's (so they came as one group): its left and right
 * edges are drawn over the same rows [i0, i1), each with the cell's border beside it (drawn over
 * all those rows) and only empty space between; on at least one side that space is a sliver (the
 * cell's padding). Its own rules stay inside it: no vertical one leaves its rows, no horizontal
 * one crosses the space beside it. A frame doubled all round a whole table is not nesting. */
static gboolean find_nest(const bz_page *page, const GPtrArray *hs, const GPtrArray *vs, const GArray *xs,
                          const GArray *ys, nest *out) {
  int nr = (int)ys->len - 1, nc = (int)xs->len - 1;
#define X(i) g_array_index(xs, double, i)
#define Y(i) g_array_index(ys, double, i)
  if (nc < 4 || nr < 1) return FALSE;
  gboolean *dv = g_new(gboolean, (nc + 1) * nr), *dh = g_new(gboolean, (nr + 1) * nc);
  for (int j = 0; j <= nc; j++)
    for (int i = 0; i < nr; i++)
      dv[j * nr + i] = drawn(vs, TRUE, X(j), Y(i), Y(i + 1));
  for (int i = 0; i <= nr; i++)
    for (int j = 0; j < nc; j++)
      dh[i * nc + j] = drawn(hs, FALSE, Y(i), X(j), X(j + 1));
  gboolean found = FALSE;
  for (int a = 1; a + 1 < nc && !found; a++) {
    int i0, i1, r0, r1;
    if (!drawn_run(dv, nr, a, &i0, &i1)) continue;
    for (int b = a + 1; b < nc && !found; b++) {
      if (!drawn_run(dv, nr, b, &r0, &r1) || r0 != i0 || r1 != i1) continue;
      /* the cell's borders: the nearest boundaries outside [a, b] drawn over all those rows, with
       * nothing drawn between them and the nested table's edges */
      int l = a - 1, m = b + 1;
      gboolean ok = TRUE;
      for (; l >= 0; l--) {
        int all = TRUE, any = FALSE;
        for (int i = i0; i < i1; i++)
          all &= dv[l * nr + i], any |= dv[l * nr + i];
        if (all) break;
        if (any) ok = FALSE;
      }
      for (; m <= nc; m++) {
        int all = TRUE, any = FALSE;
        for (int i = i0; i < i1; i++)
          all &= dv[m * nr + i], any |= dv[m * nr + i];
        if (all) break;
        if (any) ok = FALSE;
      }
      if (!ok || l < 0 || m > nc || (X(a) - X(l) >= SLIVER && X(m) - X(b) >= SLIVER)) continue;
      /* the whole grid: a 1×1 table holding another, unless the frame is doubled all round (a
       * thin row at the top and the bottom too): then it is one table with a double border */
      if (l == 0 && m == nc && i0 == 0 && i1 == nr && (Y(1) - Y(0) < SLIVER || Y(nr) - Y(nr - 1) < SLIVER)) continue;
      for (int j = l + 1; j < m && ok; j++) /* nested verticals stay in its rows */
        for (int i = 0; i < nr && ok; i++)
          ok = (i >= i0 && i < i1) || !dv[j * nr + i];
      for (int i = i0 + 1; i < i1 && ok; i++) /* nested horizontals cross no inset nor go beyond */
        for (int j = 0; j < nc && ok; j++) /* (but the cell's top or bottom may be drawn twice) */
          ok = (j >= a && j < b) || !dh[i * nc + j] || Y(i) - Y(i0) < SLIVER || Y(i1) - Y(i) < SLIVER;
      ok = ok && !glyph_in(page, X(l), Y(i0), X(a), Y(i1)) && !glyph_in(page, X(b), Y(i0), X(m), Y(i1));
      ok = ok && (b - a) * (i1 - i0) >= 2; /* a grid, not a box drawn in a cell */
      if (ok) *out = (nest){l, a, b, m, i0, i1}, found = TRUE;
    }
  }
#undef X
#undef Y
  g_free(dv);
  g_free(dh);
  return found;
}

static bz_ptable *build(bz_page *page, GPtrArray *hs, GPtrArray *vs, GPtrArray *nested);

/* Take the nested table `n` out of the grid: its rules, cut to its box, are built first into
 * `nested` (claiming its glyphs, so the cell that holds it stays empty as in the DOCX), then its
 * boundaries and the slivers leave xs and ys. */
static void take_nest(bz_page *page, const GPtrArray *hs, const GPtrArray *vs, GArray *xs, GArray *ys,
                      const nest *n, GPtrArray *nested) {
  double x0 = g_array_index(xs, double, n->a), x1 = g_array_index(xs, double, n->b);
  double y0 = g_array_index(ys, double, n->i0), y1 = g_array_index(ys, double, n->i1);
  GPtrArray *ih = g_ptr_array_new_with_free_func(g_free), *iv = g_ptr_array_new_with_free_func(g_free);
  for (guint k = 0; k < hs->len; k++) {
    const bz_rule *r = g_ptr_array_index(hs, k);
    if (r->y0 < y0 - MIN_GAP || r->y0 > y1 + MIN_GAP || r->x1 < x0 || r->x0 > x1) continue;
    /* the second line of a top or bottom drawn twice (the cell's and the nested table's) */
    if ((r->y0 > y0 + MIN_GAP && r->y0 < y0 + SLIVER) || (r->y0 < y1 - MIN_GAP && r->y0 > y1 - SLIVER)) continue;
    bz_rule *c = g_new(bz_rule, 1);
    *c = (bz_rule){fmax(r->x0, x0), r->y0, fmin(r->x1, x1), r->y1};
    g_ptr_array_add(ih, c);
  }
  for (guint k = 0; k < vs->len; k++) {
    const bz_rule *r = g_ptr_array_index(vs, k);
    if (r->x0 < x0 - MIN_GAP / 2 || r->x0 > x1 + MIN_GAP / 2 || r->y1 < y0 || r->y0 > y1) continue;
    bz_rule *c = g_new(bz_rule, 1);
    *c = (bz_rule){r->x0, fmax(r->y0, y0), r->x1, fmin(r->y1, y1)};
    g_ptr_array_add(iv, c);
  }
  bz_ptable *t = build(page, ih, iv, nested);
  if (t) g_ptr_array_add(nested, t);
  g_ptr_array_free(ih, TRUE);
  g_ptr_array_free(iv, TRUE);
  g_array_remove_range(xs, (guint)n->l + 1, (guint)(n->m - n->l - 1));
  g_array_remove_range(ys, (guint)n->i0 + 1, (guint)(n->i1 - n->i0 - 1));
}

/* Build the cells of one component; NULL when it is not a table (fewer than 2×2 boxes). */
static bz_ptable *build(bz_page *page, GPtrArray *hs, GPtrArray *vs, GPtrArray *nested) {
  GArray *xp = g_array_new(FALSE, FALSE, sizeof(double)), *yp = g_array_new(FALSE, FALSE, sizeof(double));
  double hx0 = G_MAXDOUBLE, hx1 = -G_MAXDOUBLE, vy0 = G_MAXDOUBLE, vy1 = -G_MAXDOUBLE;
  for (guint k = 0; k < vs->len; k++) {
    const bz_rule *r = g_ptr_array_index(vs, k);
    g_array_append_val(xp, r->x0);
    vy0 = fmin(vy0, r->y0), vy1 = fmax(vy1, r->y1);
  }
  for (guint k = 0; k < hs->len; k++) {
    const bz_rule *r = g_ptr_array_index(hs, k);
    g_array_append_val(yp, r->y0);
    hx0 = fmin(hx0, r->x0), hx1 = fmax(hx1, r->x1);
  }
  /* open sides: the extent of the other direction's rules closes the grid */
  g_array_append_val(xp, hx0);
  g_array_append_val(xp, hx1);
  g_array_append_val(yp, vy0);
  g_array_append_val(yp, vy1);
  GArray *xs = cluster(xp), *ys = cluster(yp);
  g_array_free(xp, TRUE);
  g_array_free(yp, TRUE);
  guint had = nested->len;
  nest n = {0, 0, 0, 0, 0, 0};
  for (int k = 0; k < 64 && find_nest(page, hs, vs, xs, ys, &n); k++)
    take_nest(page, hs, vs, xs, ys, &n, nested);
  gboolean holds = nested->len > had; /* a cell of this table holds another table */
  GPtrArray *virt = g_ptr_array_new_with_free_func(g_free);
  if (xs->len >= 3 && !holds) split_unruled_rows(page, ys, xs, hs, virt);
  int nr = (int)ys->len - 1, nc = (int)xs->len - 1;
  /* a table is at least 2×2 boxes and big enough to hold text (not a boxed character); a single
   * row is kept only at the top of a page, where it is the tail of a table from the page before,
   * or when a cell holds a nested table */
  if (nr < 1 || (nr == 1 && !holds && !top_of_page(page, g_array_index(ys, double, 0))) || (nc < 2 && !holds) ||
      g_array_index(xs, double, nc) - g_array_index(xs, double, 0) < MIN_TABLE_W ||
      g_array_index(ys, double, nr) - g_array_index(ys, double, 0) < MIN_TABLE_H) {
    g_array_free(xs, TRUE);
    g_array_free(ys, TRUE);
    g_ptr_array_set_size(hs, hs->len - virt->len);
    g_ptr_array_free(virt, TRUE);
    return NULL;
  }
#define X(i) g_array_index(xs, double, i)
#define Y(i) g_array_index(ys, double, i)
  /* which box owns each grid position */
  int *own = g_new(int, nr *nc);
  for (int i = 0; i < nr * nc; i++)
    own[i] = -1;
  bz_ptable *t = g_new0(bz_ptable, 1);
  t->xs = xs, t->ys = ys;
  t->ruled = TRUE;
  t->cells = g_array_new(FALSE, FALSE, sizeof(bz_pcell));
  t->x0 = X(0), t->x1 = X(nc), t->y0 = Y(0), t->y1 = Y(nr);
  for (int i = 0; i < nr; i++)
    for (int j = 0; j < nc; j++) {
      if (own[i * nc + j] >= 0) continue;
      int cs = 1, rs = 1;
      while (j + cs < nc && own[i * nc + j + cs] < 0 && !drawn(vs, TRUE, X(j + cs), Y(i), Y(i + 1)))
        cs++;
      for (;;) {
        if (i + rs >= nr || drawn(hs, FALSE, Y(i + rs), X(j), X(j + cs))) break;
        gboolean free_row = TRUE;
        for (int c = 0; c < cs; c++)
          free_row &= own[(i + rs) * nc + j + c] < 0;
        if (!free_row) break;
        rs++;
      }
      bz_pcell cell = {i, j, rs, cs, NULL};
      for (int a = 0; a < rs; a++)
        for (int b = 0; b < cs; b++)
          own[(i + a) * nc + j + b] = (int)t->cells->len;
      g_array_append_val(t->cells, cell);
    }
  /* glyphs → cells by centre */
  GPtrArray *idx = g_ptr_array_new();
  for (guint k = 0; k < t->cells->len; k++)
    g_ptr_array_add(idx, g_array_new(FALSE, FALSE, sizeof(guint)));
  for (guint k = 0; k < page->chars->len; k++) {
    bz_pchar *c = &g_array_index(page->chars, bz_pchar, k);
    if (c->used) continue;
    int i = index_of(ys, (c->y0 + c->y1) / 2), j = index_of(xs, (c->x0 + c->x1) / 2);
    if (i < 0 || j < 0) continue;
    g_array_append_val(g_ptr_array_index(idx, own[i * nc + j]), k);
  }
  peel_head_lines(page, t, idx);
  int any_text = 0;
  for (guint k = 0; k < t->cells->len; k++) {
    GArray *ci = g_ptr_array_index(idx, k);
    g_array_index(t->cells, bz_pcell, k).text = bz_pdf_text_of(page, ci);
    any_text += ci->len;
  }
  if (any_text)
    for (guint k = 0; k < t->cells->len; k++) {
      GArray *ci = g_ptr_array_index(idx, k);
      for (guint m = 0; m < ci->len; m++)
        g_array_index(page->chars, bz_pchar, g_array_index(ci, guint, m)).used = 1;
    }
  for (guint k = 0; k < idx->len; k++)
    g_array_free(g_ptr_array_index(idx, k), TRUE);
  g_ptr_array_free(idx, TRUE);
  g_free(own);
  g_ptr_array_set_size(hs, hs->len - virt->len); /* the caller's list without our virtual rules */
  g_ptr_array_free(virt, TRUE);
#undef X
#undef Y
  if (!any_text && !holds) {
    bz_pdf_ptable_free(t);
    return NULL;
  }
  return t;
}

static gboolean encloses(const bz_ptable *outer, const bz_ptable *t) {
  for (const bz_ptable *p = t->parent; p; p = p->parent)
    if (p == outer) return TRUE;
  return FALSE;
}

int bz_pdf_cmp_tables(gconstpointer a, gconstpointer b) {
  const bz_ptable *x = *(bz_ptable *const *)a, *y = *(bz_ptable *const *)b;
  if (encloses(x, y)) return -1; /* a table before those nested in it, even when they share its top */
  if (encloses(y, x)) return 1;
  return x->y0 < y->y0 ? -1 : (x->y0 > y->y0);
}

/* One group of touching rules, and the box they span. */
typedef struct comp {
  GPtrArray *hs, *vs; /* const bz_rule* */
  double x0, y0, x1, y1;
  int inside; /* how many other groups' boxes hold this one's */
  guint order; /* discovery order: ties keep it */
} comp;

static gboolean box_holds(const comp *outer, const comp *inner) {
  return outer != inner && inner->x0 >= outer->x0 - TOUCH && inner->x1 <= outer->x1 + TOUCH &&
         inner->y0 >= outer->y0 - TOUCH && inner->y1 <= outer->y1 + TOUCH &&
         (outer->x1 - outer->x0) * (outer->y1 - outer->y0) > (inner->x1 - inner->x0) * (inner->y1 - inner->y0);
}

/* Innermost first: a table nested in a cell of another must claim its glyphs before the outer
 * table does, or the outer cell would swallow the inner table's text. */
static int cmp_comp(gconstpointer a, gconstpointer b) {
  const comp *x = *(comp *const *)a, *y = *(comp *const *)b;
  if (x->inside != y->inside) return y->inside - x->inside;
  return (int)x->order - (int)y->order;
}

/* The cell of `t` covering grid position (i, j): its top-left corner through *row, *col. */
static gboolean cell_at(const bz_ptable *t, int i, int j, int *row, int *col) {
  for (guint k = 0; k < t->cells->len; k++) {
    const bz_pcell *c = &g_array_index(t->cells, bz_pcell, k);
    if (i >= c->row && i < c->row + c->rowspan && j >= c->col && j < c->col + c->colspan) {
      *row = c->row, *col = c->col;
      return TRUE;
    }
  }
  return FALSE;
}

/* A table whose box lies inside one cell of another table of the page is nested there (as a
 * DOCX table in a cell): the smallest such table is its parent. */
static void find_parents(GPtrArray *tables) {
  for (guint a = 0; a < tables->len; a++) {
    bz_ptable *in = g_ptr_array_index(tables, a);
    double cx = (in->x0 + in->x1) / 2, cy = (in->y0 + in->y1) / 2, best = G_MAXDOUBLE;
    for (guint b = 0; b < tables->len; b++) {
      const bz_ptable *out = g_ptr_array_index(tables, b);
      double area = (out->x1 - out->x0) * (out->y1 - out->y0);
      if (out == in || area >= best || area <= (in->x1 - in->x0) * (in->y1 - in->y0)) continue;
      int i = index_of(out->ys, cy), j = index_of(out->xs, cx), row, col;
      if (i < 0 || j < 0 || !cell_at(out, i, j, &row, &col)) continue;
      const bz_pcell *c = NULL;
      for (guint k = 0; k < out->cells->len && !c; k++) {
        const bz_pcell *e = &g_array_index(out->cells, bz_pcell, k);
        if (e->row == row && e->col == col) c = e;
      }
      /* the whole inner box within the cell (the rules may sit on its edges) */
      if (in->x0 < g_array_index(out->xs, double, c->col) - TOUCH ||
          in->x1 > g_array_index(out->xs, double, c->col + c->colspan) + TOUCH ||
          in->y0 < g_array_index(out->ys, double, c->row) - TOUCH ||
          in->y1 > g_array_index(out->ys, double, c->row + c->rowspan) + TOUCH)
        continue;
      in->parent = out, in->parent_row = row, in->parent_col = col;
      best = area;
    }
  }
}

GPtrArray *bz_pdf_lattice(bz_page *page) {
  GPtrArray *tables = g_ptr_array_new_with_free_func(bz_pdf_ptable_free);
  guint nh = page->hrules->len, nv = page->vrules->len;
  /* a page of thousands of rules is a drawing (a chart, hatching), not a table: the pairwise
   * touch test would be quadratic */
  if (nh < 2 || nv < 2 || (gsize)nh * nv > MAX_RULE_PAIRS) return tables;
  int *parent = g_new(int, nh + nv);
  for (guint i = 0; i < nh + nv; i++)
    parent[i] = (int)i;
  for (guint i = 0; i < nh; i++)
    for (guint j = 0; j < nv; j++)
      if (touches(&g_array_index(page->hrules, bz_rule, i), &g_array_index(page->vrules, bz_rule, j)))
        parent[find(parent, (int)i)] = find(parent, (int)(nh + j));
  GHashTable *groups = g_hash_table_new(g_direct_hash, g_direct_equal);
  GPtrArray *order = g_ptr_array_new();
  for (guint i = 0; i < nh + nv; i++) {
    int root = find(parent, (int)i);
    comp *g = g_hash_table_lookup(groups, GINT_TO_POINTER(root + 1));
    if (!g) {
      g = g_new0(comp, 1);
      g->hs = g_ptr_array_new(), g->vs = g_ptr_array_new();
      g->x0 = g->y0 = G_MAXDOUBLE, g->x1 = g->y1 = -G_MAXDOUBLE;
      g->order = order->len;
      g_hash_table_insert(groups, GINT_TO_POINTER(root + 1), g);
      g_ptr_array_add(order, g);
    }
    const bz_rule *r = i < nh ? &g_array_index(page->hrules, bz_rule, i) : &g_array_index(page->vrules, bz_rule, i - nh);
    g_ptr_array_add(i < nh ? g->hs : g->vs, (gpointer)r);
    g->x0 = fmin(g->x0, r->x0), g->y0 = fmin(g->y0, r->y0), g->x1 = fmax(g->x1, r->x1), g->y1 = fmax(g->y1, r->y1);
  }
  gboolean nested = FALSE;
  for (guint a = 0; a < order->len; a++)
    for (guint b = 0; b < order->len; b++)
      if (box_holds(g_ptr_array_index(order, b), g_ptr_array_index(order, a)))
        ((comp *)g_ptr_array_index(order, a))->inside++, nested = TRUE;
  if (nested) g_ptr_array_sort(order, cmp_comp);
  for (guint k = 0; k < order->len; k++) {
    comp *g = g_ptr_array_index(order, k);
    if (g->hs->len >= 2 && g->vs->len >= 2) {
      guint before = tables->len;
      bz_ptable *t = build(page, g->hs, g->vs, tables); /* nested tables first, then t */
      nested |= tables->len > before;
      if (t) g_ptr_array_add(tables, t);
    }
    g_ptr_array_free(g->hs, TRUE);
    g_ptr_array_free(g->vs, TRUE);
    g_free(g);
  }
  if (nested) find_parents(tables);
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(groups);
  g_free(parent);
  g_ptr_array_sort(tables, bz_pdf_cmp_tables);
  return tables;
}
