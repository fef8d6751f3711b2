/* pdf_underline.c — horizontal lines that decorate text (underline, strike-through) are not rules.
 *
 * Word and WPS draw an underline as a thin filled box, the same path as a table border, so the
 * rule finder (pdf_rules.c, which sees paths before glyphs) takes it for a rule. In a ruled table
 * an underline long enough to reach the cell's borders then cuts its row in two: a phantom row
 * under the text, and a row-spanning cell beside it (a list of office names set as a 2-column table
 * of underlined cells, xa-13 p.5). In prose, underlined headings would make three-line tables.
 *
 * What tells a reader it is decoration is the text, not the path: the line lies under (or through)
 * the glyphs of one printed line and is exactly as long as that run of text — it starts at the
 * first glyph and ends at the last. A border is as long as its cells (padding, neighbouring cells
 * of the same row), runs under more than one text run, or under none — and where a label fills its
 * cell exactly (科目编码 over 类 | 款, yt-01), the border still has other rules ending on it (the
 * rule between 类 and 款 starts there), which no underline has. Glyphs are sorted by their bottom
 * once so each line looks only at the glyphs near it. */
#include <math.h>

#include "pdf_page.h"

/* The ends of an underline sit this far (in glyph heights) from the ends of its text at most. */
#define END_SLACK 0.35
/* Glyphs of one underlined run are closer than this (glyph heights): word spaces, not columns. */
#define RUN_GAP 1.5
/* Glyph heights above which the page's glyphs are not looked at (a line under text of 100 pt is
 * not a table's concern) — it bounds the window searched for each line. */
#define MAX_GLYPH_H 72.0
/* A vertical rule ends on a horizontal line when its end is this close to it (points). */
#define JOIN 2.5

static int cmp_bottom(gconstpointer a, gconstpointer b) {
  const bz_pchar *x = *(bz_pchar *const *)a, *y = *(bz_pchar *const *)b;
  return x->y1 < y->y1 ? -1 : (x->y1 > y->y1);
}

static int cmp_left(gconstpointer a, gconstpointer b) {
  const bz_pchar *x = *(bz_pchar *const *)a, *y = *(bz_pchar *const *)b;
  return x->x0 < y->x0 ? -1 : (x->x0 > y->x0);
}

/* First glyph (of those sorted by bottom) whose bottom is at least y. */
static guint first_below(const GPtrArray *by_bottom, double y) {
  guint lo = 0, hi = by_bottom->len;
  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    if (((const bz_pchar *)g_ptr_array_index(by_bottom, mid))->y1 < y)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Does the horizontal line r decorate one run of text: the glyphs it passes under or through (from
 * their middle down to a third of a glyph below them) all on one printed line, no wider gap among
 * them than a word space, and r starting and ending where they do? */
static gboolean decorates_text(const bz_rule *r, const GPtrArray *by_bottom, GPtrArray *run) {
  g_ptr_array_set_size(run, 0);
  double y = r->y0;
  for (guint k = first_below(by_bottom, y - MAX_GLYPH_H * 0.3); k < by_bottom->len; k++) {
    const bz_pchar *c = g_ptr_array_index(by_bottom, k);
    if (c->y1 > y + MAX_GLYPH_H) break;
    double h = c->y1 - c->y0, cx = (c->x0 + c->x1) / 2;
    if (h <= 0 || h > MAX_GLYPH_H || cx < r->x0 || cx > r->x1) continue;
    if (y >= (c->y0 + c->y1) / 2 && y <= c->y1 + 0.3 * h) g_ptr_array_add(run, (gpointer)c);
  }
  if (!run->len) return FALSE;
  g_ptr_array_sort(run, cmp_left);
  const bz_pchar *first = g_ptr_array_index(run, 0), *last = first;
  double h = first->y1 - first->y0;
  for (guint k = 1; k < run->len; k++) {
    const bz_pchar *c = g_ptr_array_index(run, k);
    double hc = c->y1 - c->y0;
    /* one printed line: bottoms level within a fifth of a glyph; one run: no column gap */
    if (fabs(c->y1 - first->y1) > 0.2 * fmax(h, hc) || c->x0 - last->x1 > RUN_GAP * fmax(h, hc)) return FALSE;
    if (c->x1 > last->x1) last = c;
    h = fmax(h, hc);
  }
  return fabs(r->x0 - first->x0) <= END_SLACK * h && fabs(r->x1 - last->x1) <= END_SLACK * h;
}

/* Does a vertical rule start or end on the horizontal line r (a T or a corner: r joins the grid)? */
static gboolean rule_ends_on(const bz_page *page, const bz_rule *r) {
  for (guint k = 0; k < page->vrules->len; k++) {
    const bz_rule *v = &g_array_index(page->vrules, bz_rule, k);
    if (v->x0 < r->x0 - JOIN || v->x0 > r->x1 + JOIN) continue;
    if (fabs(v->y0 - r->y0) <= JOIN || fabs(v->y1 - r->y0) <= JOIN) return TRUE;
  }
  return FALSE;
}

void bz_pdf_drop_underlines(bz_page *page) {
  if (!page->hrules->len || !page->chars->len) return;
  GPtrArray *by_bottom = g_ptr_array_sized_new(page->chars->len), *run = g_ptr_array_new();
  for (guint k = 0; k < page->chars->len; k++)
    g_ptr_array_add(by_bottom, &g_array_index(page->chars, bz_pchar, k));
  g_ptr_array_sort(by_bottom, cmp_bottom);
  for (guint i = page->hrules->len; i-- > 0;) {
    const bz_rule *r = &g_array_index(page->hrules, bz_rule, i);
    if (!decorates_text(r, by_bottom, run) || rule_ends_on(page, r)) continue;
    if (page->unseen) {
      bz_unseen u = {*r, BZ_UNSEEN_UNDERLINE};
      g_array_append_val(page->unseen, u);
    }
    g_array_remove_index(page->hrules, i);
  }
  g_ptr_array_free(run, TRUE);
  g_ptr_array_free(by_bottom, TRUE);
}
