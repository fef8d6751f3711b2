/* continuation.c — one table printed over several pages becomes one table.
 *
 * Table B continues table A when B comes right after A (A last on its page, B first on the next
 * page, or adjacent in a text dump), B has the same number of columns, B has no title of its own
 * (or says 续表), and — when the reader knows cell boxes — the column boundaries
 * line up within a few points. Readers without pages (DOCX) never join; a text reader that knows
 * page breaks (form feeds) sets page_start/page_end and gets the same joining. Header rows that the continuation page repeats are dropped. */
#include <math.h>
#include <string.h>

#include "normalize.h"

#define COL_TOL 4.0 /* points */

/* x of the left edge of each column (and the right edge of the last), from single-column cells;
 * NULL when the table has no geometry. */
static double *column_edges(const biao_table *t) {
  if (t->n_cols <= 0) return NULL;
  double *e = g_new(double, t->n_cols + 1);
  gboolean *seen = g_new0(gboolean, t->n_cols + 1);
  for (guint k = 0; k < t->cells->len; k++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, k);
    if (c->page == 0) continue;
    if (!seen[c->col]) e[c->col] = c->x0, seen[c->col] = TRUE;
    if (!seen[c->col + c->colspan]) e[c->col + c->colspan] = c->x1, seen[c->col + c->colspan] = TRUE;
  }
  gboolean all = TRUE;
  for (int i = 0; i <= t->n_cols; i++) all &= seen[i];
  g_free(seen);
  if (!all) {
    g_free(e);
    return NULL;
  }
  return e;
}

static gboolean same_columns(const biao_table *a, const biao_table *b) {
  if (a->n_cols != b->n_cols) return FALSE;
  double *ea = column_edges(a), *eb = column_edges(b);
  gboolean ok = TRUE;
  if (ea && eb)
    for (int i = 0; i <= a->n_cols; i++) ok &= fabs(ea[i] - eb[i]) <= COL_TOL;
  g_free(ea);
  g_free(eb);
  return ok;
}

static gboolean is_continuation(const biao_table *a, const biao_table *b) {
  if (a->scanned || b->scanned || a->parent || b->parent) return FALSE;
  /* only paged tables: a DOCX has no pages, and two adjacent untitled DOCX tables are two tables */
  if (a->page_end <= 0 || b->page_start != a->page_end + 1) return FALSE;
  /* a title of its own starts a new table, unless it says 续 (continued); a repeated identical title
   * is not enough: 绩效目标填报表 forms repeat theirs, one form per project */
  if (b->title && !strstr(b->title, "续")) return FALSE;
  return same_columns(a, b);
}

/* Number of leading rows of b that repeat a's leading rows (a repeated header). */
static int repeated_rows(biao_table *a, biao_table *b) {
  int limit = a->header_rows > 0 ? a->header_rows : 3;
  if (limit > a->n_rows) limit = a->n_rows;
  if (limit > b->n_rows - 1) limit = b->n_rows - 1;
  const char **ga = bz_table_grid(a, 0), **gb = bz_table_grid(b, 0);
  int r = 0;
  for (; r < limit; r++) {
    gboolean same = TRUE, any = FALSE;
    for (int c = 0; c < a->n_cols && same; c++) {
      same = strcmp(ga[r * a->n_cols + c], gb[r * b->n_cols + c]) == 0;
      any |= ga[r * a->n_cols + c][0] != '\0';
    }
    if (!same || !any) break;
  }
  return r;
}

static void append(biao_doc *doc, biao_table *a, biao_table *b) {
  int drop = repeated_rows(a, b);
  int offset = a->n_rows - drop;
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *c = &g_array_index(b->cells, bz_cell, k);
    if (c->row + c->rowspan <= drop) continue;
    int row = c->row < drop ? drop : c->row;
    int rowspan = c->rowspan - (row - c->row);
    bz_cell *n = bz_table_add_cell(doc, a, row + offset, c->col, rowspan, c->colspan, c->text);
    n->x0 = c->x0, n->y0 = c->y0, n->x1 = c->x1, n->y1 = c->y1, n->page = c->page;
  }
  if (b->page_end > a->page_end) a->page_end = b->page_end;
  bz_table_finish(a);
}

void bz_join_continuations(biao_doc *doc) {
  for (guint i = 1; i < doc->tables->len;) {
    biao_table *a = g_ptr_array_index(doc->tables, i - 1), *b = g_ptr_array_index(doc->tables, i);
    if (is_continuation(a, b)) {
      append(doc, a, b);
      bz_table_remove(doc, b);
      continue;
    }
    i++;
  }
}
