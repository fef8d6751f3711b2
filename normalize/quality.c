/* quality.c — how sure biao is of each table, for a harvester that must choose what to review
 * first among thousands (docs/pdf.md, "quality"): the amounts its cells hold, the amounts printed
 * on its pages that no table took (PDF), cells holding two amounts run together, whether it was
 * joined over pages, and how many of its arithmetic checks failed. */
#include <string.h>

#include "../core/text.h"
#include "meaning.h"
#include "normalize.h"

/* The vertical extent of table t on page p (from its cells' boxes); FALSE when it has none there. */
static gboolean extent_on(const biao_table *t, int p, double *y0, double *y1) {
  *y0 = G_MAXDOUBLE, *y1 = -G_MAXDOUBLE;
  for (guint k = 0; t->geom && k < t->geom->len; k++) {
    const bz_geom *g = &g_array_index(t->geom, bz_geom, k);
    if (g->page != p) continue;
    if (g->y0 < *y0) *y0 = g->y0;
    if (g->y1 > *y1) *y1 = g->y1;
  }
  return *y0 <= *y1;
}

void bz_quality_pass(biao_doc *doc) {
  gboolean paged = !strcmp(doc->format, "pdf");
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    bz_quality *q = &t->quality;
    memset(q, 0, sizeof *q);
    q->outside = paged ? 0 : -1;
    for (guint k = 0; k < t->cells->len; k++) {
      int run = 0;
      q->amounts += bz_text_amounts_in(g_array_index(t->cells, bz_cell, k).text, &run);
      q->run_together += run > 0;
    }
    const bz_meaning *m = bz_meaning_of(t);
    for (guint k = 0; m && k < m->checks->len; k++) {
      q->checks++;
      q->checks_failed += !((const bz_check *)g_ptr_array_index(m->checks, k))->ok;
    }
  }
  /* each amount printed outside every table goes to the nearest top-level table of its page */
  for (guint o = 0; paged && doc->orphans && o < doc->orphans->len; o++) {
    const bz_orphan *a = &g_array_index(doc->orphans, bz_orphan, o);
    biao_table *best = NULL;
    double best_d = G_MAXDOUBLE;
    for (guint i = 0; i < doc->tables->len; i++) {
      biao_table *t = g_ptr_array_index(doc->tables, i);
      double y0, y1;
      if (t->parent || a->page < t->page_start || a->page > t->page_end || !extent_on(t, a->page, &y0, &y1)) continue;
      double d = a->y < y0 ? y0 - a->y : a->y > y1 ? a->y - y1 : 0;
      if (d < best_d) best = t, best_d = d;
    }
    if (best) best->quality.outside++;
  }
}
