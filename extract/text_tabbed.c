/* text_tabbed.c — PDF dumps with one row per line and tab-separated cells (001, 004).
 *
 * A table is a run of tab rows. A short gap (blank lines plus at most three short lines that are
 * page numbers, a lone digit or a repeated vertical label — `pagebreak` rules) followed by more
 * tab rows is a page break: the table continues and the gap lines are dropped. A row repeated
 * from the header right after a page break is dropped too. Rows with fewer fields than the table
 * are right-aligned: the dumping tool drops leading empty fields on a new page, never trailing
 * ones. Spans are emitted only in the header rows, where the layout makes them certain: a header
 * cell followed by empty cells spans them when the header row below has sub-headers there, and a
 * header cell with only empty cells below it (down to the 栏次 / column-number row) spans down.
 * Performance forms (绩效自评表) are re-aligned on their 分值 | 得分 columns: the dumping tool drops
 * or adds cells under vertical merges, shifting single rows by a column or two (align_scores). */
#include <string.h>

#include "../core/limits.h"
#include "../core/regex.h"
#include "text_internal.h"

#define MAX_GAP_LINES 6
#define MAX_GAP_TEXT 3
#define MAX_NOISE_CHARS 8
#define MAX_FEED_GAP_LINES 8 /* gap around a form feed */
#define MAX_FEED_CHARS 40

typedef struct {
  char **cells; /* g_strsplit result */
  int n;
  gboolean page_start; /* first row after a page break */
} trow;

/* Can this non-blank gap line be page-break noise? */
static gboolean gap_noise(const bz_scan *s, const char *line) {
  if (bz_rules_match_full(s->rules, "pagebreak", line, NULL)) return TRUE;
  char *q = bz_squeeze(line);
  glong n = g_utf8_strlen(q, -1);
  gboolean ok = n <= MAX_NOISE_CHARS && !bz_scan_is_heading(s, q) && !bz_rules_match(s->rules, "unit", q, NULL) && !strstr(q, "。") && !strstr(q, "：") &&
                !strstr(q, ":");
  g_free(q);
  return ok;
}

/* A line around a form feed (a known page break): page number, running header or footer. */
static gboolean feed_noise(const bz_scan *s, const char *line) {
  return g_utf8_strlen(line, -1) <= MAX_FEED_CHARS && !bz_scan_is_heading(s, line) &&
         !bz_rules_match(s->rules, "unit", line, NULL);
}

/* First line after the gap starting at j when it is a page break inside the table, else 0.
 * When the dump has form feeds and the page changes inside the gap, the gap may be longer and its
 * lines longer (running headers and footers). */
static guint page_break_end(const bz_scan *s, guint j) {
  guint k = j;
  while (k < s->n && k - j <= MAX_FEED_GAP_LINES && bz_scan_kind(s, k) != BZ_LINE_ROW) k++;
  gboolean fed = s->page && j > 0 && k < s->n && bz_scan_page(s, k) != bz_scan_page(s, j - 1);
  guint max_lines = fed ? MAX_FEED_GAP_LINES : MAX_GAP_LINES, max_text = fed ? MAX_FEED_GAP_LINES : MAX_GAP_TEXT;
  guint text = 0;
  for (k = j; k < s->n && k - j <= max_lines; k++) {
    bz_line_kind kind = bz_scan_kind(s, k);
    if (kind == BZ_LINE_ROW) break;
    if (kind == BZ_LINE_CELL) return 0;
    if (kind == BZ_LINE_TEXT) {
      const char *l = bz_scan_line(s, k);
      if (++text > max_text || !(gap_noise(s, l) || (fed && feed_noise(s, l)))) return 0;
    }
  }
  return k < s->n && k > j && bz_scan_kind(s, k) == BZ_LINE_ROW ? k : 0;
}

/* Non-empty cells, squeezed, joined by '|': the signature used to spot repeated headers. */
static char *signature(char **cells, int n) {
  GString *o = g_string_new(NULL);
  for (int i = 0; i < n; i++) {
    if (bz_cell_is_empty(cells[i])) continue;
    char *q = bz_squeeze(cells[i]);
    g_string_append_printf(o, "|%s", q);
    g_free(q);
  }
  return g_string_free(o, FALSE);
}

static gboolean header_like(const bz_scan *s, char **cells, int n) {
  int nonempty = 0, vocab = 0;
  for (int i = 0; i < n; i++) {
    if (bz_cell_is_empty(cells[i])) continue;
    nonempty++;
    if (bz_cell_is_header(s, cells[i])) vocab++;
  }
  return vocab >= 2 && vocab * 2 >= nonempty;
}

/* Drop rows that repeat (a suffix of) an earlier header row right after a page break. */
static void drop_repeated_headers(const bz_scan *s, GArray *rows) {
  GPtrArray *sigs = g_ptr_array_new_with_free_func(g_free);
  for (guint r = 0; r < rows->len;) {
    trow *t = &g_array_index(rows, trow, r);
    gboolean hl = header_like(s, t->cells, t->n);
    char *sig = hl ? signature(t->cells, t->n) : NULL;
    gboolean drop = FALSE;
    if (hl && t->page_start)
      for (guint k = 0; k < sigs->len && !drop; k++) drop = g_str_has_suffix(g_ptr_array_index(sigs, k), sig);
    if (drop) {
      if (r + 1 < rows->len) g_array_index(rows, trow, r + 1).page_start = TRUE;
      g_strfreev(t->cells);
      g_array_remove_index(rows, r);
      g_free(sig);
      continue;
    }
    if (sig) g_ptr_array_add(sigs, sig);
    r++;
  }
  g_ptr_array_free(sigs, TRUE);
}

static int count_header_rows(const bz_scan *s, bz_tgrid *g, char ***cells, int *colnum_row) {
  *colnum_row = -1;
  for (int r = 0; r < MIN(6, g->nrows); r++)
    if (bz_row_is_colnum(s, cells[r], g->ncols)) {
      *colnum_row = r;
      return r + 1;
    }
  int hr = 0;
  while (hr < g->nrows && hr < 6 && header_like(s, cells[hr], g->ncols)) hr++;
  return hr;
}

static gboolean empty_at(bz_tgrid *g, int r, int c) {
  bz_tcell *x = bz_tgrid_at(g, r, c);
  return !x->covered && bz_cell_is_empty(x->text);
}

/* Header spans (see the file comment). `end` = first row after the spannable header rows. */
static void header_spans(bz_tgrid *g, int end) {
  for (int r = 0; r + 1 < end; r++)
    for (int c = 0; c < g->ncols; c++) {
      if (empty_at(g, r, c) || bz_tgrid_at(g, r, c)->covered) continue;
      int e = c + 1;
      while (e < g->ncols && empty_at(g, r, e)) e++;
      int below = 0;
      for (int k = c; k < e; k++)
        if (!empty_at(g, r + 1, k)) below++;
      if (e - c > 1 && below >= 2) bz_tgrid_span(g, r, c, 1, e - c);
    }
  for (int r = 0; r + 1 < end; r++)
    for (int c = 0; c < g->ncols; c++) {
      bz_tcell *x = bz_tgrid_at(g, r, c);
      if (x->covered || x->colspan > 1 || bz_cell_is_empty(x->text)) continue;
      int e = r + 1;
      while (e < end && empty_at(g, e, c)) e++;
      if (e - r > 1) bz_tgrid_span(g, r, c, e - r, 1);
    }
}

/* Pad a short row with empty fields on the left (see the file comment). */
static void align_right(trow *t, int w) {
  if (t->n >= w) return;
  char **cells = g_new0(char *, w + 1);
  int shift = w - t->n;
  for (int c = 0; c < w; c++) cells[c] = g_strdup(c >= shift ? t->cells[c - shift] : "");
  g_strfreev(t->cells);
  t->cells = cells;
  t->n = w;
}

/* A score: a plain decimal, no percent sign, no comparator ("2", "3.50"). */
static gboolean is_score(const char *text) {
  char *q = bz_squeeze(text);
  gboolean ok = bz_re_match("^\\d{1,3}(\\.\\d{1,2})?$", q);
  g_free(q);
  return ok;
}

/* The column of a row's scores: the first of the one or two scores that end the row, before at most
 * one text cell (偏差原因), or -1. */
static int score_start(const trow *t) {
  int c = t->n - 1, texts = 0;
  for (; c >= 0; c--) {
    if (bz_cell_is_empty(t->cells[c])) continue;
    if (is_score(t->cells[c])) break;
    if (++texts > 1) return -1;
  }
  if (c < 0) return -1;
  return c > 0 && is_score(t->cells[c - 1]) ? c - 1 : c;
}

/* Scores too far right by n behind a stray empty cell (the labels are in place): drop the n empty
 * cells nearest before them and pad the row's end. FALSE when there are not n such cells. */
static gboolean close_gap(trow *t, int j, int n) {
  int found = 0;
  for (int c = j - 1; c >= 0 && found < n; c--)
    if (bz_cell_is_empty(t->cells[c])) found++;
    else if (c < j - 1 - n) break; /* only a gap close to the scores */
  if (found < n) return FALSE;
  for (int c = j - 1, left = n; c >= 0 && left > 0; c--) {
    if (!bz_cell_is_empty(t->cells[c])) continue;
    g_free(t->cells[c]);
    memmove(&t->cells[c], &t->cells[c + 1], (size_t)(t->n - c - 1) * sizeof(char *));
    t->cells[t->n - 1] = g_strdup("");
    left--;
  }
  return TRUE;
}

/* Performance forms: under the row naming 分值 | 得分 side by side, every row whose scores end it
 * elsewhere is moved so that they sit under 分值 (and 得分): a stray empty cell just before the
 * scores is dropped when there is one, else the whole row moves when the cells it moves over are
 * empty. Rows without a score (labels only, 100%) stay. */
static void align_scores(GArray *rows, int w) {
  int k = -1;
  for (guint r = 0; r < rows->len; r++) {
    trow *t = &g_array_index(rows, trow, r);
    if (k < 0) {
      for (int c = 0; c + 1 < t->n && k < 0; c++) {
        char *a = bz_squeeze(t->cells[c]), *b = bz_squeeze(t->cells[c + 1]);
        if (!strcmp(a, "分值") && !strcmp(b, "得分")) k = c;
        g_free(a);
        g_free(b);
      }
      continue;
    }
    int j = score_start(t), shift = j >= 0 ? k - j : 0;
    if (shift < 0 && close_gap(t, j, -shift)) continue;
    gboolean room = shift != 0;
    for (int c = 0; room && c < ABS(shift); c++) room = bz_cell_is_empty(t->cells[shift < 0 ? c : w - 1 - c]);
    if (!room) continue;
    char **cells = g_new0(char *, w + 1);
    for (int c = 0; c < w; c++) cells[c] = g_strdup(c - shift >= 0 && c - shift < w ? t->cells[c - shift] : "");
    g_strfreev(t->cells);
    t->cells = cells;
  }
}

static gboolean is_wrap(const bz_scan *s, const char *text) {
  return !bz_cell_is_empty(text) && bz_rules_match_full(s->rules, "wrap", text, NULL);
}

/* Append `text` to the cell (r, c) on a new line. */
static void append_to(trow *t, int c, const char *text) {
  char *j = g_strconcat(t->cells[c], "\n", text, NULL);
  g_free(t->cells[c]);
  t->cells[c] = j;
}

/* Nearest row above r with text in column c (within the table), or -1. */
static int filled_above(GArray *rows, guint r, int c) {
  for (guint k = r; k-- > 0;)
    if (!bz_cell_is_empty(g_array_index(rows, trow, k).cells[c])) return (int)k;
  return -1;
}

/* Wrapped text (`wrap` rules: a bracketed note such as （万元）, （m²）, (2分)):
 *  - a row made only of such fragments, each under a filled cell of the row above, is the
 *    second line of that row: each fragment joins the cell above;
 *  - right after a page break, such a fragment in a label column (the cell above is text) is the
 *    tail of the label printed before the break, and a first-column label that repeats the one
 *    above is the dumping tool printing a vertical label again: both leave the row. */
static void join_wraps(const bz_scan *s, GArray *rows, int w) {
  if (bz_rules_count(s->rules, "wrap") == 0) return;
  for (guint r = 1; r < rows->len;) {
    trow *t = &g_array_index(rows, trow, r), *up = &g_array_index(rows, trow, r - 1);
    int frags = 0, other = 0;
    for (int c = 0; c < w; c++) {
      if (bz_cell_is_empty(t->cells[c])) continue;
      if (is_wrap(s, t->cells[c]) && !bz_cell_is_empty(up->cells[c])) frags++;
      else other++;
    }
    if (frags > 0 && other == 0) {
      for (int c = 0; c < w; c++)
        if (!bz_cell_is_empty(t->cells[c])) append_to(up, c, t->cells[c]);
      if (t->page_start && r + 1 < rows->len) g_array_index(rows, trow, r + 1).page_start = TRUE;
      g_strfreev(t->cells);
      g_array_remove_index(rows, r);
      continue;
    }
    if (t->page_start && other > 0) {
      for (int c = 0; c < w; c++) {
        if (!is_wrap(s, t->cells[c])) continue;
        int a = filled_above(rows, r, c);
        trow *o = a >= 0 ? &g_array_index(rows, trow, a) : NULL;
        if (!o || bz_cell_is_number(o->cells[c]) || is_wrap(s, o->cells[c])) continue;
        append_to(o, c, t->cells[c]);
        g_free(t->cells[c]);
        t->cells[c] = g_strdup("");
      }
      int a = filled_above(rows, r, 0);
      if (a >= 0 && !bz_cell_is_empty(t->cells[0]) && !bz_cell_is_number(t->cells[0])) {
        char *x = bz_squeeze(t->cells[0]), *y = bz_squeeze(g_array_index(rows, trow, a).cells[0]);
        if (!strcmp(x, y)) {
          g_free(t->cells[0]);
          t->cells[0] = g_strdup("");
        }
        g_free(x);
        g_free(y);
      }
    }
    r++;
  }
}

guint bz_text_tabbed(bz_scan *s, guint i) {
  GArray *rows = g_array_new(FALSE, TRUE, sizeof(trow));
  guint j = i;
  gboolean page_start = FALSE;
  gsize fields = 0;
  for (;;) {
    while (j < s->n && bz_scan_kind(s, j) == BZ_LINE_ROW) {
      /* the split fields of a dump of tabs alone would take ~40 bytes per input byte: bound them
       * by the document's cell limit as they come */
      if (!bz_scan_reserve(s, 0, 0) || s->cells + fields > BZ_MAX_DOC_CELLS) {
        if (s->rc == BIAO_OK) bz_scan_reserve(s, 1, fields); /* reports the cell limit */
        break;
      }
      /* a form feed between two rows is a page break too */
      if (j > i && bz_scan_page(s, j) != bz_scan_page(s, j - 1)) page_start = TRUE;
      trow t = {.cells = g_strsplit(bz_scan_line(s, j), "\t", -1), .page_start = page_start};
      t.n = (int)g_strv_length(t.cells);
      fields += (gsize)t.n;
      g_array_append_val(rows, t);
      page_start = FALSE;
      j++;
    }
    guint k = s->rc == BIAO_OK ? page_break_end(s, j) : 0;
    if (!k) break;
    page_start = TRUE;
    j = k;
  }
  int w = 0;
  for (guint r = 0; r < rows->len; r++)
    w = MAX(w, g_array_index(rows, trow, r).n);
  /* before align_right() pads every row to the widest one: one wide line above many narrow ones
   * would make rows x w cells out of a few bytes */
  if (s->rc != BIAO_OK || (rows->len >= 2 && !bz_scan_reserve(s, rows->len, (gsize)w))) {
    for (guint r = 0; r < rows->len; r++)
      g_strfreev(g_array_index(rows, trow, r).cells);
    g_array_free(rows, TRUE);
    return j;
  }
  drop_repeated_headers(s, rows);
  if (rows->len < 2) { /* one tab line in narrative is not a table */
    for (guint r = 0; r < rows->len; r++) g_strfreev(g_array_index(rows, trow, r).cells);
    g_array_free(rows, TRUE);
    return i;
  }
  w = 0;
  for (guint r = 0; r < rows->len; r++) w = MAX(w, g_array_index(rows, trow, r).n);
  for (guint r = 0; r < rows->len; r++) align_right(&g_array_index(rows, trow, r), w);
  join_wraps(s, rows, w);
  align_scores(rows, w);
  bz_tgrid *g = bz_tgrid_new(s, (int)rows->len, w);
  if (!g) {
    for (guint r = 0; r < rows->len; r++)
      g_strfreev(g_array_index(rows, trow, r).cells);
    g_array_free(rows, TRUE);
    return j;
  }
  char ***aligned = g_new0(char **, rows->len + 1);
  for (guint r = 0; r < rows->len; r++) {
    aligned[r] = g_array_index(rows, trow, r).cells;
    for (int c = 0; c < w; c++) bz_tgrid_set(g, (int)r, c, aligned[r][c]);
  }
  int colnum_row = -1;
  g->header_rows = count_header_rows(s, g, aligned, &colnum_row);
  header_spans(g, colnum_row >= 0 ? colnum_row : g->header_rows);
  bz_tgrid_emit(s, g, (int)i + 1, (int)j);
  for (guint r = 0; r < rows->len; r++) g_strfreev(g_array_index(rows, trow, r).cells);
  g_free(aligned);
  g_array_free(rows, TRUE);
  bz_tgrid_free(g);
  return j;
}
