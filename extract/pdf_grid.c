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

static int cmp_double(gconstpointer a, gconstpointer b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : (x > y);
}

/* Sorted positions with neighbours closer than MIN_GAP folded into their mean. */
static GArray *cluster(GArray *pos) {
  g_array_sort(pos, cmp_double);
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
  g_array_sort(ys, cmp_double);
}

/* Build the cells of one component; NULL when it is not a table (fewer than 2×2 boxes). */
static bz_ptable *build(bz_page *page, GPtrArray *hs, GPtrArray *vs) {
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
  GPtrArray *virt = g_ptr_array_new_with_free_func(g_free);
  if (xs->len >= 3) split_unruled_rows(page, ys, xs, hs, virt);
  int nr = (int)ys->len - 1, nc = (int)xs->len - 1;
  /* a table is at least 2×2 boxes and big enough to hold text (not a boxed character); a single
   * row is kept only at the top of a page, where it is the tail of a table from the page before */
  if (nr < 1 || (nr == 1 && !top_of_page(page, g_array_index(ys, double, 0))) || nc < 2 ||
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
  if (!any_text) {
    bz_pdf_ptable_free(t);
    return NULL;
  }
  return t;
}

static int cmp_table_y(gconstpointer a, gconstpointer b) {
  const bz_ptable *x = *(bz_ptable *const *)a, *y = *(bz_ptable *const *)b;
  return x->y0 < y->y0 ? -1 : (x->y0 > y->y0);
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
    GPtrArray *g = g_hash_table_lookup(groups, GINT_TO_POINTER(root + 1));
    if (!g) {
      g = g_ptr_array_new();
      g_ptr_array_add(g, g_ptr_array_new()); /* horizontals */
      g_ptr_array_add(g, g_ptr_array_new()); /* verticals */
      g_hash_table_insert(groups, GINT_TO_POINTER(root + 1), g);
      g_ptr_array_add(order, g);
    }
    if (i < nh)
      g_ptr_array_add(g_ptr_array_index(g, 0), &g_array_index(page->hrules, bz_rule, i));
    else
      g_ptr_array_add(g_ptr_array_index(g, 1), &g_array_index(page->vrules, bz_rule, i - nh));
  }
  for (guint k = 0; k < order->len; k++) {
    GPtrArray *g = g_ptr_array_index(order, k);
    GPtrArray *hs = g_ptr_array_index(g, 0), *vs = g_ptr_array_index(g, 1);
    if (hs->len >= 2 && vs->len >= 2) {
      bz_ptable *t = build(page, hs, vs);
      if (t) g_ptr_array_add(tables, t);
    }
    g_ptr_array_free(hs, TRUE);
    g_ptr_array_free(vs, TRUE);
    g_ptr_array_free(g, TRUE);
  }
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(groups);
  g_free(parent);
  g_ptr_array_sort(tables, cmp_table_y);
  return tables;
}
