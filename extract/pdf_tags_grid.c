/* pdf_tags_grid.c — a table from tagged rows: each cell's text is found among the page's glyphs,
 * which gives its box; columns come from the rows that have a cell in every column, and a shorter
 * row's cells are placed by their boxes (a cell over two columns, a column taken by a cell from the
 * row above). Used only for tagged tables geometry did not find (unruled tables, wrapped cells).
 *
 * Finding a cell's text: glyphs are put in reading order (lines top to bottom, left to right); the
 * text starts at a glyph, runs along its line while glyphs are close, and jumps to the start of a
 * run on one of the next lines inside the cell's horizontal extent when the cell wraps. */
#include <math.h>
#include <string.h>

#include "pdf_tags.h"

#define LINE_SHARE 0.35 /* same line: centres within this share of the glyph height (as pdf_text.c) */
#define MAX_WRAP_LINES 3

typedef struct slot {
  guint glyph;
  int line;
  char utf8[8];
  int n;
} slot;

typedef struct matcher {
  bz_page *page;
  GArray *slots;  /* slot, reading order */
  guint8 *taken;  /* per slot */
  GArray *starts; /* per line: first slot index (and one past the end) */
} matcher;

static const bz_pchar *glyph(const matcher *m, guint s) {
  return &g_array_index(m->page->chars, bz_pchar, g_array_index(m->slots, slot, s).glyph);
}

static int cmp_y(gconstpointer a, gconstpointer b, gpointer page) {
  const bz_pchar *x = &g_array_index(((bz_page *)page)->chars, bz_pchar, *(const guint *)a);
  const bz_pchar *y = &g_array_index(((bz_page *)page)->chars, bz_pchar, *(const guint *)b);
  double cx = x->y0 + x->y1, cy = y->y0 + y->y1;
  return cx < cy ? -1 : cx > cy;
}

static int cmp_slot_x(gconstpointer a, gconstpointer b, gpointer page) {
  const slot *s = a, *t = b;
  if (s->line != t->line) return s->line - t->line;
  double x = g_array_index(((bz_page *)page)->chars, bz_pchar, s->glyph).x0;
  double y = g_array_index(((bz_page *)page)->chars, bz_pchar, t->glyph).x0;
  return x < y ? -1 : x > y;
}

static void matcher_init(matcher *m, bz_page *page, const guint8 *lattice_used) {
  m->page = page;
  GArray *idx = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint k = 0; k < page->chars->len; k++)
    if (!lattice_used[k]) g_array_append_val(idx, k);
  g_array_sort_with_data(idx, cmp_y, page);
  m->slots = g_array_sized_new(FALSE, TRUE, sizeof(slot), idx->len);
  int line = -1;
  double centre = 0, height = 0;
  for (guint i = 0; i < idx->len; i++) {
    const bz_pchar *c = &g_array_index(page->chars, bz_pchar, g_array_index(idx, guint, i));
    double cy = (c->y0 + c->y1) / 2, h = fmax(c->y1 - c->y0, 1.0);
    if (line < 0 || fabs(cy - centre) > LINE_SHARE * fmax(h, height)) line++, centre = cy, height = h;
    slot s = {g_array_index(idx, guint, i), line, {0}, 0};
    s.n = g_unichar_to_utf8(c->c, s.utf8);
    g_array_append_val(m->slots, s);
  }
  g_array_free(idx, TRUE);
  g_array_sort_with_data(m->slots, cmp_slot_x, page);
  m->taken = g_new0(guint8, m->slots->len + 1);
  m->starts = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint s = 0; s < m->slots->len; s++)
    while ((int)m->starts->len <= g_array_index(m->slots, slot, s).line)
      g_array_append_val(m->starts, s);
  guint end = m->slots->len;
  g_array_append_val(m->starts, end);
}

static void matcher_clear(matcher *m) {
  g_array_free(m->slots, TRUE);
  g_array_free(m->starts, TRUE);
  g_free(m->taken);
}

static gboolean slot_is(const matcher *m, guint s, const char *k, int kn) {
  const slot *sl = &g_array_index(m->slots, slot, s);
  return !m->taken[s] && bz_tag_char_eq(k, kn, sl->utf8, sl->n);
}

/* Two glyphs next to each other on one line, within one glyph height. */
static gboolean adjacent(const matcher *m, guint a, guint b) {
  if (b >= m->slots->len || g_array_index(m->slots, slot, a).line != g_array_index(m->slots, slot, b).line)
    return FALSE;
  const bz_pchar *x = glyph(m, a), *y = glyph(m, b);
  return y->x0 - x->x1 < fmax(x->y1 - x->y0, 1.0);
}

/* The key read from slot `s` on; the slots used are put in `out`. */
static gboolean match_at(const matcher *m, const GString *key, guint s, GArray *out) {
  g_array_set_size(out, 0);
  const bz_pchar *g = glyph(m, s);
  double x0 = g->x0, x1 = g->x1, h = fmax(g->y1 - g->y0, 1.0);
  guint cur = s;
  for (gsize i = 0; i < key->len;) {
    int kn = g_utf8_skip[(guchar)key->str[i]];
    if (i + kn > key->len) return FALSE;
    const char *k = key->str + i;
    guint next = G_MAXUINT;
    if (!out->len)
      next = slot_is(m, s, k, kn) ? s : G_MAXUINT;
    else if (adjacent(m, cur, cur + 1) && slot_is(m, cur + 1, k, kn))
      next = cur + 1;
    else { /* the cell wraps: the first glyph of a run on a following line, under the cell */
      int line = g_array_index(m->slots, slot, cur).line;
      for (int l = line + 1; l <= line + MAX_WRAP_LINES && l + 1 < (int)m->starts->len && next == G_MAXUINT;
           l++)
        for (guint t = g_array_index(m->starts, guint, l); t < g_array_index(m->starts, guint, l + 1); t++) {
          const bz_pchar *c = glyph(m, t);
          double cx = (c->x0 + c->x1) / 2;
          if (cx < x0 - h || cx > x1 + h) continue;
          if (slot_is(m, t, k, kn) && !(t > g_array_index(m->starts, guint, l) && adjacent(m, t - 1, t) &&
                                        glyph(m, t - 1)->x1 > x0 - h))
            next = t;
          break; /* only the leftmost glyph under the cell may continue it */
        }
    }
    if (next == G_MAXUINT) return FALSE;
    g_array_append_val(out, next);
    const bz_pchar *c = glyph(m, next);
    x0 = fmin(x0, c->x0), x1 = fmax(x1, c->x1);
    cur = next;
    i += kn;
  }
  return out->len > 0;
}

typedef struct placed {
  GArray *slots; /* guint; NULL = empty cell */
  double x0, y0, x1, y1;
  int line; /* first line */
  int row, col, rowspan, colspan;
} placed;

/* Where the cell's text is: among the matches, the one on the row's first line (when the row has
 * one), else the first one below the previous row. */
static gboolean find_cell(matcher *m, const GString *key, int row_line, int prev_bottom, double after_x,
                          placed *out) {
  GArray *cand = g_array_new(FALSE, FALSE, sizeof(guint)), *best = NULL;
  long best_score = G_MAXLONG;
  for (guint s = 0; s < m->slots->len; s++) {
    if (!match_at(m, key, s, cand)) continue;
    int line = g_array_index(m->slots, slot, s).line;
    long score;
    if (row_line >= 0)
      score = labs((long)line - row_line) * 4 + (glyph(m, s)->x0 < after_x ? 2 : 0);
    else
      score = line > prev_bottom ? line - prev_bottom : 100000 + (prev_bottom - line);
    if (score < best_score) {
      best_score = score;
      if (best) g_array_free(best, TRUE);
      best = g_array_copy(cand);
    }
  }
  g_array_free(cand, TRUE);
  if (!best) return FALSE;
  out->slots = best;
  out->x0 = out->y0 = G_MAXDOUBLE, out->x1 = out->y1 = -G_MAXDOUBLE;
  out->line = G_MAXINT;
  for (guint i = 0; i < best->len; i++) {
    guint s = g_array_index(best, guint, i);
    m->taken[s] = 1;
    const bz_pchar *c = glyph(m, s);
    out->x0 = fmin(out->x0, c->x0), out->x1 = fmax(out->x1, c->x1);
    out->y0 = fmin(out->y0, c->y0), out->y1 = fmax(out->y1, c->y1);
    out->line = MIN(out->line, g_array_index(m->slots, slot, s).line);
  }
  return TRUE;
}

static int last_line(const matcher *m, const placed *p) {
  int l = -1;
  for (guint i = 0; p->slots && i < p->slots->len; i++)
    l = MAX(l, g_array_index(m->slots, slot, g_array_index(p->slots, guint, i)).line);
  return l;
}

/* Find every non-empty cell; FALSE when one is not on the page. `cells` gets one placed per
 * tagged cell, row by row. */
static gboolean find_all(matcher *m, GPtrArray *rows, GArray *cells) {
  int prev_bottom = -1;
  for (guint r = 0; r < rows->len; r++) {
    bz_trow *tr = g_ptr_array_index(rows, r);
    int row_line = -1, bottom = prev_bottom;
    double after_x = -G_MAXDOUBLE;
    for (guint k = 0; k < tr->cells->len; k++) {
      placed p = {NULL, 0, 0, 0, 0, -1, (int)r, -1, 1, 1};
      const GString *key = bz_tcell_key(&g_array_index(tr->cells, bz_tcell, k));
      if (key->len) {
        if (!find_cell(m, key, row_line, prev_bottom, after_x, &p)) return FALSE;
        if (row_line < 0) row_line = p.line;
        after_x = p.x1;
        bottom = MAX(bottom, last_line(m, &p));
      }
      g_array_append_val(cells, p);
    }
    prev_bottom = bottom;
  }
  return TRUE;
}

/* Column boundaries from the rows with a cell in every column; NULL when they overlap. */
static GArray *column_bounds(GArray *cells, GPtrArray *rows, int nc) {
  double *lo = g_new(double, nc), *hi = g_new(double, nc);
  for (int c = 0; c < nc; c++)
    lo[c] = G_MAXDOUBLE, hi[c] = -G_MAXDOUBLE;
  guint at = 0;
  for (guint r = 0; r < rows->len; r++) {
    guint n = ((bz_trow *)g_ptr_array_index(rows, r))->cells->len;
    for (guint k = 0; k < n && (int)n == nc; k++) {
      const placed *p = &g_array_index(cells, placed, at + k);
      if (p->slots) lo[k] = fmin(lo[k], p->x0), hi[k] = fmax(hi[k], p->x1);
    }
    at += n;
  }
  GArray *xs = g_array_new(FALSE, FALSE, sizeof(double));
  gboolean ok = TRUE;
  for (int c = 0; c < nc && ok; c++)
    ok = lo[c] <= hi[c] && (c == 0 || hi[c - 1] < lo[c]);
  for (int c = 0; c <= nc && ok; c++) {
    double x = c == 0 ? lo[0] - 2 : c == nc ? hi[nc - 1] + 2 : (hi[c - 1] + lo[c]) / 2;
    g_array_append_val(xs, x);
  }
  g_free(lo);
  g_free(hi);
  if (!ok) g_array_free(xs, TRUE), xs = NULL;
  return xs;
}

/* Put the cells of one row on the grid; `own` holds the index of the cell at each position. */
static gboolean place_row(GArray *cells, guint from, guint n, int r, int nc, const GArray *xs, int *own) {
#define X(i) g_array_index(xs, double, i)
  int *row = own + (size_t)r * nc;
  if ((int)n == nc) {
    for (guint k = 0; k < n; k++) {
      placed *p = &g_array_index(cells, placed, from + k);
      if (row[k] >= 0) return FALSE;
      p->col = (int)k, row[k] = (int)(from + k);
    }
    return TRUE;
  }
  for (guint k = 0; k < n; k++) { /* cells with text: by their box */
    placed *p = &g_array_index(cells, placed, from + k);
    if (!p->slots) continue;
    int c0 = -1, c1 = -1;
    for (int c = 0; c < nc; c++)
      if (X(c) < p->x1 - 1 && X(c + 1) > p->x0 + 1) c1 = c, c0 = c0 < 0 ? c : c0;
    if (c0 < 0) return FALSE;
    for (int c = c0; c <= c1; c++)
      if (row[c] >= 0) return FALSE;
    p->col = c0, p->colspan = c1 - c0 + 1;
    for (int c = c0; c <= c1; c++)
      row[c] = (int)(from + k);
  }
  int next = 0;
  for (guint k = 0; k < n; k++) { /* empty cells: the next free position, in order */
    placed *p = &g_array_index(cells, placed, from + k);
    if (p->slots) {
      if (p->col < next) return FALSE;
      next = p->col + p->colspan;
      continue;
    }
    while (next < nc && row[next] >= 0)
      next++;
    if (next >= nc) return FALSE;
    p->col = next, row[next] = (int)(from + k);
    next++;
  }
  return TRUE;
#undef X
}

/* The cell above position (r, c) reaches down over row r, when all its columns are free there. */
static gboolean extend_down(GArray *cells, int r, int c, int nc, int *own) {
  int above = r > 0 ? own[(size_t)(r - 1) * nc + c] : -1;
  if (above < 0) return FALSE;
  placed *p = &g_array_index(cells, placed, above);
  int *row = own + (size_t)r * nc;
  if (p->row + p->rowspan != r) return FALSE;
  for (int j = p->col; j < p->col + p->colspan; j++)
    if (row[j] >= 0) return FALSE;
  p->rowspan++;
  for (int j = p->col; j < p->col + p->colspan; j++)
    row[j] = above;
  return TRUE;
}

/* The cell left of position (r, c), in the same row, reaches over it. */
static gboolean extend_right(GArray *cells, int r, int c, int nc, int *own) {
  int *row = own + (size_t)r * nc;
  if (c == 0 || row[c - 1] < 0) return FALSE;
  placed *p = &g_array_index(cells, placed, row[c - 1]);
  if (p->row != r || p->rowspan != 1) return FALSE;
  p->colspan++;
  row[c] = row[c - 1];
  return TRUE;
}

/* The first cell of the row right of position (r, c) reaches back over it (a title row centred
 * over the table, tagged as one cell). */
static gboolean extend_left(GArray *cells, int r, int c, int nc, int *own) {
  int *row = own + (size_t)r * nc;
  int k = c + 1;
  while (k < nc && row[k] < 0)
    k++;
  if (k >= nc) return FALSE;
  placed *p = &g_array_index(cells, placed, row[k]);
  if (p->row != r || p->rowspan != 1 || p->col != k) return FALSE;
  p->colspan += k - c, p->col = c;
  for (int j = c; j < k; j++)
    row[j] = row[k];
  return TRUE;
}

/* Positions no cell of the row took (the tags do not say why: Poppler 22.12 cannot read the span
 * attributes of TD/TH). In header rows the cell above reaches down (项目 over two header rows);
 * in body rows the cell to the left reaches over (合计 across the label columns); else the other,
 * and at the left edge the row's first cell reaches back. */
static gboolean fill_row(GArray *cells, int r, int nc, int *own, gboolean header) {
  for (int c = 0; c < nc; c++) {
    if (own[(size_t)r * nc + c] >= 0) continue;
    gboolean ok = header ? extend_down(cells, r, c, nc, own) || extend_right(cells, r, c, nc, own)
                         : extend_right(cells, r, c, nc, own) || extend_down(cells, r, c, nc, own);
    ok = ok || extend_left(cells, r, c, nc, own);
    if (!ok) return FALSE;
  }
  return TRUE;
}

/* Row boundaries: halfway between one row's glyphs and the next's. */
static GArray *row_bounds(GArray *cells, int nr) {
  double *top = g_new(double, nr), *bot = g_new(double, nr);
  for (int r = 0; r < nr; r++)
    top[r] = G_MAXDOUBLE, bot[r] = -G_MAXDOUBLE;
  for (guint i = 0; i < cells->len; i++) {
    const placed *p = &g_array_index(cells, placed, i);
    if (!p->slots) continue;
    top[p->row] = fmin(top[p->row], p->y0);
    if (p->rowspan == 1) bot[p->row] = fmax(bot[p->row], p->y1);
  }
  GArray *ys = g_array_new(FALSE, FALSE, sizeof(double));
  double prev = -G_MAXDOUBLE;
  for (int r = 0; r <= nr; r++) {
    double y;
    if (r == 0)
      y = top[0] - 2;
    else if (r == nr)
      y = fmax(bot[nr - 1], top[nr - 1]) + 2;
    else if (bot[r - 1] > -G_MAXDOUBLE && top[r] < G_MAXDOUBLE)
      y = (bot[r - 1] + top[r]) / 2;
    else
      y = top[r] < G_MAXDOUBLE ? top[r] - 1 : prev + 1;
    if (y <= prev) y = prev + 0.5;
    g_array_append_val(ys, y);
    prev = y;
  }
  g_free(top);
  g_free(bot);
  return ys;
}

static bz_ptable *build(matcher *m, GArray *cells, GPtrArray *rows) {
  int nr = (int)rows->len, nc = 0;
  for (guint r = 0; r < rows->len; r++)
    nc = MAX(nc, (int)((bz_trow *)g_ptr_array_index(rows, r))->cells->len);
  if (nr < 2 || nc < 2) return NULL;
  GArray *xs = column_bounds(cells, rows, nc);
  if (!xs) return NULL;
  int *own = g_new(int, (size_t)nr *nc);
  for (int i = 0; i < nr * nc; i++)
    own[i] = -1;
  gboolean ok = TRUE;
  guint from = 0;
  for (int r = 0; r < nr && ok; r++) {
    bz_trow *tr = g_ptr_array_index(rows, r);
    guint n = tr->cells->len;
    gboolean header = n && g_array_index(tr->cells, bz_tcell, 0).header;
    ok = place_row(cells, from, n, r, nc, xs, own) && fill_row(cells, r, nc, own, header);
    from += n;
  }
  g_free(own);
  if (!ok) {
    g_array_free(xs, TRUE);
    return NULL;
  }
  bz_ptable *t = g_new0(bz_ptable, 1);
  t->xs = xs;
  t->ys = row_bounds(cells, nr);
  t->cells = g_array_new(FALSE, FALSE, sizeof(bz_pcell));
  t->source = "tags";
  for (guint i = 0; i < cells->len; i++) {
    const placed *p = &g_array_index(cells, placed, i);
    GArray *idx = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint k = 0; p->slots && k < p->slots->len; k++)
      g_array_append_val(idx, g_array_index(m->slots, slot, g_array_index(p->slots, guint, k)).glyph);
    bz_pcell c = {p->row, p->col, p->rowspan, p->colspan, bz_pdf_text_of(m->page, idx)};
    g_array_append_val(t->cells, c);
    g_array_free(idx, TRUE);
  }
  t->x0 = g_array_index(xs, double, 0), t->x1 = g_array_index(xs, double, nc);
  t->y0 = g_array_index(t->ys, double, 0), t->y1 = g_array_index(t->ys, double, nr);
  return t;
}

bz_ptable *bz_pdf_tags_grid(bz_page *page, GPtrArray *rows, const guint8 *lattice_used) {
  matcher m;
  matcher_init(&m, page, lattice_used);
  GArray *cells = g_array_new(FALSE, FALSE, sizeof(placed));
  bz_ptable *t = NULL;
  if (find_all(&m, rows, cells)) t = build(&m, cells, rows);
  if (t) /* the table's glyphs, and any stray glyph inside it, belong to it now */
    for (guint k = 0; k < page->chars->len; k++) {
      bz_pchar *c = &g_array_index(page->chars, bz_pchar, k);
      double cx = (c->x0 + c->x1) / 2, cy = (c->y0 + c->y1) / 2;
      if (!lattice_used[k] && cx >= t->x0 && cx <= t->x1 && cy >= t->y0 && cy <= t->y1) c->used = 1;
    }
  for (guint i = 0; i < cells->len; i++) {
    placed *p = &g_array_index(cells, placed, i);
    if (p->slots) g_array_free(p->slots, TRUE);
  }
  g_array_free(cells, TRUE);
  matcher_clear(&m);
  return t;
}
