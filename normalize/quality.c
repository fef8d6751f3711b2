/* quality.c — how sure biao is of each table, for a harvester that must choose what to review
 * first among thousands (docs/pdf.md, "quality"): the amounts its cells hold, the amounts printed
 * on its pages that no table took (PDF), cells holding two amounts run together, whether it was
 * joined over pages, and how many of its arithmetic checks failed. */
#include <string.h>

#include "meaning.h"
#include "normalize.h"

/* Length of the amount-like run at s: digits, thousands commas and decimal points (with a sign). */
static gsize number_run(const char *s) {
  gsize n = (*s == '-' && g_ascii_isdigit(s[1])) ? 1 : 0;
  while (g_ascii_isdigit(s[n]) || ((s[n] == ',' || s[n] == '.') && g_ascii_isdigit(s[n + 1])))
    n++;
  return n;
}

/* A date printed with points (2022.1.1): not two amounts. */
static gboolean is_dotted_date(const char *s, gsize n) {
  int groups = 1, digits = 0, first = 0;
  for (gsize i = 0; i < n; i++) {
    if (s[i] == '.') {
      if (groups == 1) first = digits;
      groups++, digits = 0;
    } else if (g_ascii_isdigit(s[i])) {
      digits++;
    } else if (s[i] == ',') {
      return FALSE;
    }
  }
  return groups == 3 && first == 4 && digits <= 2;
}

/* Amounts in `s` (a token with a digit and a decimal point or a thousands comma: 0.00, 1,204, not
 * a code like 201); `*run` counts tokens that are two amounts run together ("1,373.741,361.71"). */
static int amounts_in(const char *s, int *run) {
  int n = 0;
  for (const char *p = s; *p;) {
    gsize len = g_ascii_isdigit(*p) || *p == '-' ? number_run(p) : 0;
    if (!len) {
      p++;
      continue;
    }
    int points = 0, commas = 0;
    for (gsize i = 0; i < len; i++)
      points += p[i] == '.', commas += p[i] == ',';
    if (points + commas > 0 && !(p > s && (g_ascii_isalnum(p[-1]) || p[-1] == '.'))) {
      n++;
      if (points >= 2 && !is_dotted_date(p, len)) (*run)++;
    }
    p += len;
  }
  return n;
}

gboolean bz_is_amount(const char *s) {
  int run = 0;
  gsize len = number_run(s);
  return len && !s[len] && amounts_in(s, &run) == 1 && !run;
}

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
      q->amounts += amounts_in(g_array_index(t->cells, bz_cell, k).text, &run);
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
