/* continuation.c — one table printed over several pages becomes one table.
 *
 * Table B continues table A when B comes right after A (A last on its page, B first on the next
 * page, or adjacent in a text dump), B has the same number of columns, B has no title of its own
 * (or says 续表), and — when the reader knows cell boxes — each of B's column boundaries lines up
 * (within a few points) with one of A's, so B may merge columns A splits. Readers without pages (DOCX) never
 * join; a text reader that knows page breaks (form feeds) sets page_start/page_end and gets the same joining.
 * Header rows that the continuation page repeats are dropped, and a row split by the page break (its label
 * overflowing onto the next page) is joined back into one row, and a merged label cut by the break is one
 * cell again — its text too, when it flowed over the break (效益指标 / （30分）). */
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
    const bz_geom *g = bz_cell_geom(t, c);
    if (!g || g->page == 0) continue;
    if (!seen[c->col]) e[c->col] = g->x0, seen[c->col] = TRUE;
    if (!seen[c->col + c->colspan]) e[c->col + c->colspan] = g->x1, seen[c->col + c->colspan] = TRUE;
  }
  gboolean all = TRUE;
  for (int i = 0; i <= t->n_cols; i++)
    all &= seen[i];
  g_free(seen);
  if (!all) {
    g_free(e);
    return NULL;
  }
  return e;
}

/* Map b's column edges onto a's: map[i] is the column of a where b's edge i lies. A continuation
 * page may draw fewer inner rules (a row whose cells are merged), so b's edges need only be a
 * subset of a's. Without geometry the column counts must agree. Returns NULL when they do not fit. */
static int *column_map(const biao_table *a, const biao_table *b) {
  double *ea = column_edges(a), *eb = column_edges(b);
  int *map = NULL;
  if (!ea || !eb) {
    if (a->n_cols == b->n_cols) {
      map = g_new(int, b->n_cols + 1);
      for (int i = 0; i <= b->n_cols; i++)
        map[i] = i;
    }
  } else if (b->n_cols <= a->n_cols) {
    map = g_new(int, b->n_cols + 1);
    int j = 0;
    for (int i = 0; i <= b->n_cols && map; i++) {
      while (j <= a->n_cols && ea[j] < eb[i] - COL_TOL)
        j++;
      if (j > a->n_cols || ea[j] > eb[i] + COL_TOL)
        g_clear_pointer(&map, g_free);
      else
        map[i] = j;
    }
    if (map && (map[0] != 0 || map[b->n_cols] != a->n_cols)) g_clear_pointer(&map, g_free);
  }
  g_free(ea);
  g_free(eb);
  return map;
}

/* b's column map onto a (column_map) when b continues a; NULL when it does not. */
static int *continuation_map(const biao_table *a, const biao_table *b) {
  if (a->parent || b->parent) return NULL;
  /* only paged tables: a DOCX has no pages, and two adjacent untitled DOCX tables are two tables */
  if (a->page_end <= 0 || b->page_start != a->page_end + 1) return NULL;
  /* a title of its own starts a new table, unless it says 续 (continued); a repeated identical title
   * is not enough: 绩效目标填报表 forms repeat theirs, one form per project */
  if (b->title && !strstr(b->title, "续")) return NULL;
  return column_map(a, b);
}

/* Number of leading rows of b that repeat a's leading rows (a repeated header, as Word and
 * LibreOffice print rows marked tblHeader on every page). b's columns are mapped onto a's. */
static int repeated_rows(biao_table *a, biao_table *b, const int *map) {
  int limit = a->header_rows > 0 ? a->header_rows : 3;
  if (limit > a->n_rows) limit = a->n_rows;
  if (limit > b->n_rows - 1) limit = b->n_rows - 1;
  int r = 0;
  for (; r < limit; r++) {
    gboolean same = TRUE, any = FALSE;
    for (guint k = 0; k < b->cells->len && same; k++) {
      const bz_cell *bc = &g_array_index(b->cells, bz_cell, k);
      if (bc->row != r) continue;
      const bz_cell *ac = bz_table_owner(a, r, map[bc->col]);
      same = ac && ac->row == r && ac->col == map[bc->col] && ac->rowspan == bc->rowspan &&
             ac->col + ac->colspan == map[bc->col + bc->colspan] && strcmp(ac->text, bc->text) == 0;
      any |= *bc->text != '\0';
    }
    if (!same || !any) break;
  }
  return r;
}


/* Does row `r` of b finish the last row of a, split by the page break (a word processor let the
 * row break across pages)? The signs: the row holds one short piece of text (at most
 * SPLIT_MAX_CHARS), or only pieces under long text cells (SPLIT_LONG_CELL or more: sentences that
 * did not fit), none starting a new item, or nothing at all (the row's text all fit above the break),
 * under a text cell of a's last row — never under a number — and a's last row has numbers, so it
 * is a complete data row whose text overflowed. Its other cells are empty (merged labels may go
 * on through it).
 * b's columns are mapped onto a's with `map` (b may merge columns). */
#define SPLIT_MAX_CHARS 12
#define SPLIT_LONG_CELL 12

/* A new item, not the rest of a line: （一）…, (1)…, 其中…, 十、…, 3.…, 1）… A bracket that opens a
 * remark — （30分）, （含专用结余） — is not an item: it is the end of the label above. */
static gboolean starts_item(const char *s) {
  gunichar first = g_utf8_get_char(s);
  if (g_str_has_prefix(s, "其中")) return TRUE;
  gboolean bracket = first == 0xFF08 || first == '(';
  const char *p = bracket ? g_utf8_next_char(s) : s;
  for (int n = 0; n < 4 && *p; n++, p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (bracket ? c == ')' || c == 0xFF09 : c == 0x3001 || c == '.' || c == 0xFF0E || c == ')' || c == 0xFF09)
      return n > 0;
    if (!g_unichar_isdigit(c) && !g_utf8_strchr("一二三四五六七八九十", -1, c)) return FALSE;
  }
  return FALSE;
}

/* A remark in brackets and nothing else — （30分）: never a label of its own. */
static gboolean is_remark(const char *s) {
  gunichar first = g_utf8_get_char(s);
  return (first == 0xFF08 || first == '(') && (g_str_has_suffix(s, "）") || g_str_has_suffix(s, ")")) &&
         !starts_item(s);
}

static gboolean split_row(biao_table *a, biao_table *b, const int *map, int r) {
  if (r >= b->n_rows || a->n_rows == 0) return FALSE;
  const char **ga = bz_table_grid(a, 0);
  int last = a->n_rows - 1, numbers = 0, texts = 0, overflows = 0, runs_on = 0;
  for (int c = 0; c < a->n_cols; c++) {
    const bz_cell *ao = bz_table_owner(a, last, c);
    if (!ao || ao->row + ao->rowspan - 1 != last) return FALSE;
    numbers += bz_text_is_numeric(ga[last * a->n_cols + c]);
  }
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *bc = &g_array_index(b->cells, bz_cell, k);
    if (bc->row > r || bc->row + bc->rowspan <= r) continue;
    if (bc->row != r) return FALSE;
    if (!*bc->text) continue; /* empty, possibly the rest of a merged label: fine */
    if (starts_item(bc->text)) return FALSE;
    texts++;
    runs_on += bc->rowspan > 1; /* a merged label cut together with its first row */
    const bz_cell *ao = bz_table_owner(a, last, map[bc->col]);
    if (g_utf8_strlen(ao->text, -1) >= SPLIT_LONG_CELL)
      overflows++; /* the rest of a long text */
    else if (g_utf8_strlen(bc->text, -1) > SPLIT_MAX_CHARS)
      return FALSE;
    for (int c = map[bc->col]; c < map[bc->col + bc->colspan]; c++) {
      const char *at = ga[last * a->n_cols + c];
      if (bz_text_is_numeric(at) || (c == map[bc->col] && !*at)) return FALSE;
    }
  }
  /* one short piece, or only overflows of long text cells, or the rest of a merged label that
   * goes on below (a new row would start its own label, not continue a one-row one) — or nothing:
   * the lower part of a row whose text all fit on the page before (ONLYOFFICE draws it as a row of
   * empty boxes, govbc-01) */
  return numbers > 0 && (texts <= 1 || overflows == texts || runs_on > 0);
}

/* Two pieces of one cell's text cut by the page break, joined as wrapped lines are. */
static const char *joined_text(biao_doc *doc, const char *above, const char *below) {
  const char *sep = bz_text_wrap_sep(bz_text_last_char(above, -1), g_utf8_get_char(below));
  char *joined = g_strconcat(above, sep, below, NULL);
  const char *s = bz_doc_intern(doc, joined);
  g_free(joined);
  return s;
}

static void join_split_row(biao_doc *doc, biao_table *a, biao_table *b, const int *map, int r) {
  int last = a->n_rows - 1;
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *bc = &g_array_index(b->cells, bz_cell, k);
    if (bc->row != r || !*bc->text) continue;
    bz_cell *ao = (bz_cell *)bz_table_owner(a, last, map[bc->col]);
    ao->text = joined_text(doc, ao->text, bc->text);
    ao->rowspan += bc->rowspan - 1; /* a merged label: the rows below the split one are its rows too */
  }
}

/* A merged label cut by the page break: the page before shows the top of the cell in the last row,
 * the next page the rest in the same columns at the top. They are one cell when
 * - the lower part is an empty box and either part spans several rows (绩效指标 over rows on both
 *   pages) — so a one-row label above a one-row empty cell (收入支出总表: 八、其他收入 over an empty
 *   income column) stays apart; or the label is nested in a parent label that itself runs over the
 *   break (效益指标（30分） in the column right of 绩效指标): a row inside such a group always names
 *   its sub-group, so an empty box there is the rest of the one above;
 * - or the lower part is text that cannot be a label of its own — only a remark in brackets
 *   (效益指标 / （30分）) — under a text label: the label's text flowed over the break, and the two
 *   texts are joined as wrapped lines of one cell are (no space next to CJK). */
static gboolean parent_runs_over(biao_table *a, int boundary, int c) {
  if (c == 0) return FALSE;
  const bz_cell *up = bz_table_owner(a, boundary - 1, c - 1), *down = bz_table_owner(a, boundary, c - 1);
  return up && up == down;
}

static gboolean label_goes_on(biao_table *a, int boundary, const bz_cell *top, const bz_cell *bot) {
  if (!*top->text || bz_text_is_numeric(top->text)) return FALSE;
  if (!*bot->text) return top->rowspan > 1 || bot->rowspan > 1 || parent_runs_over(a, boundary, top->col);
  return is_remark(bot->text);
}

static void merge_across_break(biao_doc *doc, biao_table *a, int boundary) {
  if (boundary <= 0 || boundary >= a->n_rows) return;
  for (int c = 0; c < a->n_cols; c++) {
    const bz_cell *top = bz_table_owner(a, boundary - 1, c), *bot = bz_table_owner(a, boundary, c);
    if (!top || !bot || top == bot || top->col != c || bot->row != boundary || bot->col != top->col ||
        bot->colspan != top->colspan || top->row + top->rowspan != boundary ||
        !label_goes_on(a, boundary, top, bot))
      continue;
    bz_cell *t = (bz_cell *)top; /* the owner lookup returns a pointer into a->cells */
    t->rowspan += bot->rowspan;
    if (*bot->text) t->text = joined_text(doc, t->text, bot->text);
    bz_table_remove_cell(a, (guint)(bot - &g_array_index(a->cells, bz_cell, 0)));
    bz_table_finish(a);
  }
}

static void append(biao_doc *doc, biao_table *a, biao_table *b, const int *map) {
  int boundary = a->n_rows; /* where b's rows begin in a */
  int drop = repeated_rows(a, b, map);
  int offset = a->n_rows - drop;
  int split = split_row(a, b, map, drop) ? drop : -1;
  if (split >= 0) {
    join_split_row(doc, a, b, map, split);
    offset--;
  }
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *c = &g_array_index(b->cells, bz_cell, k);
    if (c->row + c->rowspan <= drop) continue;
    if (c->row == split && (*c->text || c->rowspan == 1)) continue; /* joined into a's last row */
    int row = c->row < drop ? drop : c->row;
    if (c->row == split) row = split + 1; /* the rest of a merged cell that went through the split row */
    int rowspan = c->rowspan - (row - c->row);
    int col = map[c->col], colspan = map[c->col + c->colspan] - col;
    bz_cell *n = bz_table_add_cell(doc, a, row + offset, col, rowspan, colspan, c->text);
    if (bz_cell_geom(b, c)) *bz_cell_geom_mut(a, n) = *bz_cell_geom(b, c);
  }
  if (b->page_end > a->page_end) a->page_end = b->page_end;
  bz_table_finish(a);
  merge_across_break(doc, a, boundary);
}

void bz_join_continuations(biao_doc *doc) {
  for (guint i = 1; i < doc->tables->len;) {
    biao_table *a = g_ptr_array_index(doc->tables, i - 1), *b = g_ptr_array_index(doc->tables, i);
    int *map = continuation_map(a, b);
    if (map) {
      append(doc, a, b, map);
      g_free(map);
      bz_table_remove(doc, b);
      continue;
    }
    i++;
  }
}
