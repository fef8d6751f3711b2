/* pdf_stream.c — tables without a full lattice: unruled tables and tables drawn with horizontal
 * rules only (three-line tables).
 *
 * Works on the glyphs no lattice table took. Text lines are split into segments at gaps of one
 * glyph height (wider than any word space, narrower than a column gutter). A block of at least
 * MIN_ROWS consecutive lines with two or more segments is a table candidate; its columns are the
 * x ranges that segments cover, separated by gutters that no segment crosses — whitespace alignment across rows. Up to two one-segment lines may sit
 * between the lines of a block (wrapped labels). Each line is a row, except a line without numbers
 * that is part of a multi-line header (before the first row with a number) or that continues the
 * text of the row above (lower case or CJK, under text cells): it joins that row. Blocks in which
 * fewer than 30% of rows hold a number are prose, not tables. */
#include <math.h>
#include <string.h>

#include "pdf_page.h"

#define MIN_ROWS 3
#define GUTTER 6.0 /* points of uncovered x that separate two columns */

static gboolean numeric_text(const char *s) {
  int digits = 0, other = 0;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isdigit(c)) digits++;
    else if (!strchr(",.-%+() ", (int)(c < 128 ? c : 'x'))) other++;
  }
  return digits > 0 && other == 0;
}

typedef struct row {
  guint first, n; /* segments [first, first+n) of the block */
} row;

/* Column gutters of a block: x ranges covered by no segment. Returns column edges. */
static GArray *columns(const GArray *segs, guint from, guint to) {
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE;
  for (guint i = from; i < to; i++) {
    const bz_pseg *s = &g_array_index(segs, bz_pseg, i);
    x0 = fmin(x0, s->x0), x1 = fmax(x1, s->x1);
  }
  int n = (int)ceil(x1 - x0) + 1;
  guint8 *cover = g_new0(guint8, n);
  for (guint i = from; i < to; i++) {
    const bz_pseg *s = &g_array_index(segs, bz_pseg, i);
    for (int x = (int)floor(s->x0 - x0); x <= (int)ceil(s->x1 - x0) && x < n; x++) cover[x] = 1;
  }
  GArray *edges = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_append_val(edges, x0);
  int gap = 0;
  for (int x = 0; x < n; x++) {
    if (!cover[x]) {
      gap++;
      continue;
    }
    if (gap >= GUTTER) {
      double mid = x0 + x - gap / 2.0;
      g_array_append_val(edges, mid);
    }
    gap = 0;
  }
  g_array_append_val(edges, x1);
  g_free(cover);
  return edges;
}

static int column_of(const GArray *edges, double x) {
  for (guint i = 0; i + 1 < edges->len; i++)
    if (x < g_array_index(edges, double, i + 1)) return (int)i;
  return (int)edges->len - 2;
}

/* Turn lines [from, to) of the segment list into a table, or NULL when it is prose. */
static bz_ptable *block_table(bz_page *page, const GArray *segs, guint from, guint to) {
  GArray *edges = columns(segs, from, to);
  int nc = (int)edges->len - 1;
  if (nc < 2) {
    g_array_free(edges, TRUE);
    return NULL;
  }
  /* rows: one per line, wrapped lines joined */
  GPtrArray *texts = g_ptr_array_new_with_free_func(g_free); /* nr*nc strings */
  GArray *ys = g_array_new(FALSE, FALSE, sizeof(double));
  int nr = 0, numeric_rows = 0;
  for (guint i = from; i < to;) {
    int line = g_array_index(segs, bz_pseg, i).line;
    guint j = i;
    gboolean has_num = FALSE, continues = nr > 0;
    while (j < to && g_array_index(segs, bz_pseg, j).line == line) {
      const bz_pseg *s = &g_array_index(segs, bz_pseg, j);
      has_num |= numeric_text(s->text);
      if (continues) { /* under text of the row above, starting in lower case or CJK */
        int c = column_of(edges, (s->x0 + s->x1) / 2);
        const char *above = g_ptr_array_index(texts, (nr - 1) * nc + c);
        gunichar first = g_utf8_get_char(s->text);
        continues = *above && !numeric_text(above) && (g_unichar_islower(first) || bz_pdf_is_cjk(first));
      }
      j++;
    }
    /* a line without numbers joins the row above while the header is being read (multi-line
     * headers), or when it continues that row's text (a wrapped label) */
    gboolean wrapped = nr > 0 && !has_num && (numeric_rows == 0 || continues);
    if (!wrapped) {
      for (int c = 0; c < nc; c++) g_ptr_array_add(texts, g_strdup(""));
      double y = g_array_index(segs, bz_pseg, i).y0;
      g_array_append_val(ys, y);
      nr++;
      numeric_rows += has_num;
    }
    for (guint k = i; k < j; k++) {
      const bz_pseg *s = &g_array_index(segs, bz_pseg, k);
      int c = column_of(edges, (s->x0 + s->x1) / 2);
      char **slot = (char **)&g_ptr_array_index(texts, (nr - 1) * nc + c);
      char *joined = **slot ? g_strconcat(*slot, bz_pdf_is_cjk(g_utf8_get_char(s->text)) ? "" : " ", s->text, NULL)
                            : g_strdup(s->text);
      g_free(*slot);
      *slot = joined;
    }
    i = j;
  }
  bz_ptable *t = NULL;
  if (nr >= MIN_ROWS && numeric_rows * 10 >= nr * 3) {
    t = g_new0(bz_ptable, 1);
    t->xs = edges;
    double bottom = g_array_index(segs, bz_pseg, to - 1).y1;
    g_array_append_val(ys, bottom);
    t->ys = ys;
    t->cells = g_array_new(FALSE, FALSE, sizeof(bz_pcell));
    for (int r = 0; r < nr; r++)
      for (int c = 0; c < nc; c++) {
        bz_pcell cell = {r, c, 1, 1, g_strdup(g_ptr_array_index(texts, r * nc + c))};
        g_array_append_val(t->cells, cell);
      }
    t->x0 = g_array_index(edges, double, 0), t->x1 = g_array_index(edges, double, nc);
    t->y0 = g_array_index(ys, double, 0), t->y1 = bottom;
    /* the glyphs now belong to the table */
    for (guint k = 0; k < page->chars->len; k++) {
      bz_pchar *ch = &g_array_index(page->chars, bz_pchar, k);
      double cx = (ch->x0 + ch->x1) / 2, cy = (ch->y0 + ch->y1) / 2;
      if (!ch->used && cx >= t->x0 - 1 && cx <= t->x1 + 1 && cy >= t->y0 && cy <= t->y1) ch->used = 1;
    }
  } else {
    g_array_free(edges, TRUE);
    g_array_free(ys, TRUE);
  }
  g_ptr_array_free(texts, TRUE);
  return t;
}

typedef struct span {
  guint first, end; /* segments of one printed line */
} span;

void bz_pdf_stream(bz_page *page, GPtrArray *tables) {
  GArray *segs = bz_pdf_free_segments(page, 0, page->height + 1, BZ_GAP_COLUMNS);
  GArray *lines = g_array_new(FALSE, FALSE, sizeof(span));
  for (guint i = 0; i < segs->len;) {
    span l = {i, i};
    while (l.end < segs->len && g_array_index(segs, bz_pseg, l.end).line == g_array_index(segs, bz_pseg, i).line) l.end++;
    g_array_append_val(lines, l);
    i = l.end;
  }
#define MULTI(k) (g_array_index(lines, span, k).end - g_array_index(lines, span, k).first >= 2)
  guint k = 0;
  while (k < lines->len) {
    if (!MULTI(k)) {
      k++;
      continue;
    }
    /* a block: lines with >= 2 segments; up to two one-segment lines inside it (wrapped labels) */
    guint last = k, multi = 1;
    for (guint m = k + 1; m < lines->len && m <= last + 3; m++)
      if (MULTI(m)) last = m, multi++;
    if (multi >= MIN_ROWS) {
      bz_ptable *t = block_table(page, segs, g_array_index(lines, span, k).first, g_array_index(lines, span, last).end);
      if (t) g_ptr_array_add(tables, t);
    }
    k = last + 1;
  }
#undef MULTI
  g_array_free(lines, TRUE);
  bz_pdf_segs_free(segs);
}
