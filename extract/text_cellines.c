/* text_cellines.c — DOCX dumps: one cell per line prefixed by a tab, a blank line after each row
 * (000, 002, the 共性指标 table of 003).
 *
 * Lines without a tab continue the cell above (a cell's paragraphs: 绩/效/指/标, 年初/预算数).
 * After a blank line, text followed directly by the next cell is one more paragraph of the same
 * cell (产出指标, empty paragraph, (50分)); text that is a heading (title, 附件, 公开NN表, unit),
 * two or more blank lines, or text followed by a blank line end the table.
 *
 * Grid: the widest row gives the column count. In a shorter row the first cell keeps the label
 * column and the other cells share the remaining columns as evenly as possible (extra columns to
 * the leftmost), except a total row (总分/合计 + numbers), whose numbers are put
 * under the 分值 column of the header above. Vertical merges: Word dumps a vertically merged cell
 * as an empty cell in the rows it continues, so an empty cell in the label columns (left of the
 * first column holding numbers) with text to its right joins the label above it. */
#include <string.h>

#include "text_internal.h"

typedef struct {
  GPtrArray *rows; /* GPtrArray* of GString* */
  GPtrArray *row;  /* current row */
  GString *cell;   /* current cell */
} cstate;

static void append_lines(const bz_scan *s, cstate *st, guint from, guint to, const char *sep) {
  for (guint k = from; k < to; k++) {
    if (!st->cell) return;
    g_string_append(st->cell, k == from ? sep : "\n");
    g_string_append(st->cell, bz_scan_line(s, k));
  }
}

static void end_row(cstate *st) {
  if (st->row && st->row->len) g_ptr_array_add(st->rows, st->row);
  else if (st->row) g_ptr_array_free(st->row, TRUE);
  st->row = NULL;
  st->cell = NULL;
}

static void gstring_free(gpointer p) { g_string_free(p, TRUE); }

static void new_cell(const bz_scan *s, cstate *st, guint j) {
  const char *l = bz_scan_line(s, j);
  while (*l == ' ') l++;
  if (!st->row) st->row = g_ptr_array_new_with_free_func(gstring_free);
  st->cell = g_string_new(l + 1);
  g_ptr_array_add(st->row, st->cell);
}

/* A heading line that ends a table. A short 表 line (见下表, 详见附表) is more likely the last
 * paragraph of a cell than a title, so titles need six characters; 附件/公开NN表 lines always count. */
static gboolean table_heading(const bz_scan *s, const char *line) {
  if (bz_rules_match(s->rules, "attachment", line, NULL) || bz_rules_match(s->rules, "code", line, NULL)) return TRUE;
  if (!bz_rules_match(s->rules, "title", line, NULL)) return FALSE;
  char *q = bz_squeeze(line);
  gboolean long_enough = g_utf8_strlen(q, -1) >= 6;
  g_free(q);
  return long_enough;
}

static gboolean any_heading(const bz_scan *s, guint from, guint to, guint *at) {
  for (guint k = from; k < to; k++)
    if (bz_scan_kind(s, k) == BZ_LINE_TEXT && table_heading(s, bz_scan_line(s, k))) {
      *at = k;
      return TRUE;
    }
  return FALSE;
}

/* Read rows from line i; returns the first line after the table. */
static guint read_rows(const bz_scan *s, guint i, cstate *st) {
  guint j = i;
  for (;;) {
    if (j < s->n && bz_scan_kind(s, j) == BZ_LINE_CELL) {
      new_cell(s, st, j++);
      continue;
    }
    guint k = j;
    while (k < s->n && (bz_scan_kind(s, k) == BZ_LINE_BLANK || bz_scan_kind(s, k) == BZ_LINE_TEXT)) k++;
    gboolean next_cell = k < s->n && bz_scan_kind(s, k) == BZ_LINE_CELL;
    guint b = j; /* first blank line of the gap */
    while (b < k && bz_scan_kind(s, b) == BZ_LINE_TEXT) b++;
    guint h = 0;
    if (any_heading(s, j, b, &h)) { /* a heading right after a cell: the table ends there */
      append_lines(s, st, j, h, "\n");
      end_row(st);
      return h;
    }
    append_lines(s, st, j, b, "\n");
    if (b == k) { /* no blank line: the row goes on with the next cell */
      if (next_cell) {
        j = k;
        continue;
      }
      end_row(st);
      return k;
    }
    guint blanks = 0, texts = 0;
    for (guint x = b; x < k; x++) {
      if (bz_scan_kind(s, x) == BZ_LINE_BLANK) blanks++;
      else texts++;
    }
    if (texts == 0) {
      end_row(st);
      if (blanks == 1 && next_cell) {
        j = k;
        continue;
      }
      return b;
    }
    gboolean trailing_blank = bz_scan_kind(s, k - 1) == BZ_LINE_BLANK;
    if (blanks == 1 && !trailing_blank && next_cell && texts <= 4 && !any_heading(s, b, k, &h)) {
      append_lines(s, st, b + 1, k, "\n\n"); /* an empty paragraph inside the cell */
      j = k;
      continue;
    }
    end_row(st);
    return b;
  }
}

static const char *row_text(GPtrArray *row, guint c) {
  return c < row->len ? ((GString *)g_ptr_array_index(row, c))->str : "";
}

/* Column of the 分值 header (the column scores are under) in a full-width row above r, or -1. */
static int score_column(const bz_scan *s, GPtrArray *rows, guint r, int ncols) {
  for (guint k = r; k-- > 0;) {
    GPtrArray *row = g_ptr_array_index(rows, k);
    if ((int)row->len != ncols) continue;
    for (guint c = 0; c < row->len; c++) {
      char *q = bz_squeeze(row_text(row, c));
      gboolean hit = !strcmp(q, "分值");
      g_free(q);
      if (hit) return (int)c;
    }
  }
  (void)s;
  return -1;
}

static gboolean is_total_row(const bz_scan *s, GPtrArray *row) {
  if (row->len < 2) return FALSE;
  if (!bz_rules_match_full(s->rules, "total", row_text(row, 0), NULL)) return FALSE;
  for (guint c = 1; c < row->len; c++)
    if (!bz_cell_is_empty(row_text(row, c)) && !bz_cell_is_number(row_text(row, c))) return FALSE;
  return TRUE;
}

/* Place row r; start[c] receives the grid column of its cell c. */
static void place_row(const bz_scan *s, bz_tgrid *g, GPtrArray *rows, guint r, int *start) {
  GPtrArray *row = g_ptr_array_index(rows, r);
  int k = (int)row->len, n = g->ncols;
  int p = is_total_row(s, row) ? score_column(s, rows, r, n) : -1;
  if (p >= 1 && p + (k - 1) <= n) {
    bz_tgrid_set(g, (int)r, 0, row_text(row, 0));
    bz_tgrid_span(g, (int)r, 0, 1, p);
    start[0] = 0;
    for (int c = 1; c < k; c++) {
      start[c] = p + c - 1;
      bz_tgrid_set(g, (int)r, p + c - 1, row_text(row, (guint)c));
    }
    if (p + k - 1 < n) bz_tgrid_span(g, (int)r, p + k - 2, 1, n - (p + k - 2));
    return;
  }
  /* the first cell keeps the label column; the other columns are shared out as evenly as
   * possible, the extra ones going to the leftmost cells */
  int rest = n - 1, cells = k - 1, col = 0;
  for (int c = 0; c < k; c++) {
    int w = c == 0 ? (k == 1 ? n : 1) : rest / cells + (c - 1 < rest % cells ? 1 : 0);
    start[c] = col;
    bz_tgrid_set(g, (int)r, col, row_text(row, (guint)c));
    if (w > 1) bz_tgrid_span(g, (int)r, col, 1, w);
    col += w;
  }
}

/* Vertical merges in the label columns (see the file comment). */
static void label_merges(const bz_scan *s, bz_tgrid *g, GPtrArray *rows, GPtrArray *starts) {
  /* first numeric cell per row width */
  int *first_num = g_new(int, g->ncols + 1);
  for (int w = 0; w <= g->ncols; w++) first_num[w] = w;
  for (guint r = 0; r < rows->len; r++) {
    GPtrArray *row = g_ptr_array_index(rows, r);
    if (is_total_row(s, row)) continue; /* 总分 100 97 says nothing about the label columns */
    for (guint c = 0; c < row->len; c++)
      if (bz_cell_is_number(row_text(row, c)) && (int)c < first_num[row->len]) first_num[row->len] = (int)c;
  }
  for (guint r = 1; r < rows->len; r++) {
    GPtrArray *row = g_ptr_array_index(rows, r);
    const int *start = g_ptr_array_index(starts, r);
    if (is_total_row(s, row)) continue; /* its empty cells are under columns, not labels */
    int zone = first_num[row->len];
    for (int c = 0; c < zone && c < (int)row->len - 1; c++) {
      if (!bz_cell_is_empty(row_text(row, (guint)c))) continue;
      gboolean right = FALSE;
      for (int x = c + 1; x < zone && x < (int)row->len; x++) right |= !bz_cell_is_empty(row_text(row, (guint)x));
      int col = start[c];
      bz_tcell *me = bz_tgrid_at(g, (int)r, col);
      if (!right || me->covered) continue;
      int up = (int)r - 1;
      while (up >= 0 && bz_tgrid_at(g, up, col)->covered) up--;
      if (up < 0) continue;
      bz_tcell *o = bz_tgrid_at(g, up, col);
      if (o->colspan != me->colspan || up + o->rowspan != (int)r || bz_cell_is_empty(o->text) ||
          bz_cell_is_number(o->text))
        continue;
      bz_tgrid_span(g, up, col, o->rowspan + 1, o->colspan);
    }
  }
  g_free(first_num);
}

/* A cell whose last paragraph is empty ends with a blank line, which reads as the end of its row:
 * a one-cell row followed by a row one cell short of the widest row is one row (003: 过程（30分）
 * then 业务管理（10分） … 3). A one-cell first row is a caption and stays. */
static void rejoin_split_rows(GPtrArray *rows) {
  guint n = 0;
  for (guint r = 0; r < rows->len; r++) n = MAX(n, ((GPtrArray *)g_ptr_array_index(rows, r))->len);
  for (guint r = 1; r + 1 < rows->len; r++) {
    GPtrArray *a = g_ptr_array_index(rows, r), *b = g_ptr_array_index(rows, r + 1);
    if (a->len != 1 || b->len + 1 != n || n < 3) continue;
    while (b->len) g_ptr_array_add(a, g_ptr_array_steal_index(b, 0));
    g_ptr_array_remove_index(rows, r + 1);
  }
}

/* Leading header rows: rows of header words (一级指标 二级指标 …), after an optional one-cell
 * caption row (项目支出绩效评价共性指标). The forms that start with label/value rows have none. */
static int header_rows(const bz_scan *s, GPtrArray *rows) {
  guint r = 0;
  if (rows->len > 1 && ((GPtrArray *)g_ptr_array_index(rows, 0))->len == 1) r = 1;
  guint start = r;
  for (; r < rows->len; r++) {
    GPtrArray *row = g_ptr_array_index(rows, r);
    int words = 0, filled = 0;
    for (guint c = 0; c < row->len; c++) {
      if (bz_cell_is_empty(row_text(row, c))) continue;
      filled++;
      if (bz_cell_is_header(s, row_text(row, c))) words++;
    }
    if (words < 2 || words * 2 < filled) break;
  }
  return r > start ? (int)r : 0;
}

guint bz_text_cellines(bz_scan *s, guint i) {
  cstate st = {.rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref)};
  guint end = read_rows(s, i, &st);
  end_row(&st);
  GPtrArray *rows = st.rows;
  rejoin_split_rows(rows);
  if (rows->len == 1 && ((GPtrArray *)g_ptr_array_index(rows, 0))->len == 1) {
    /* a lone tab-prefixed paragraph is not a table: keep it as context */
    char *t = bz_squeeze(row_text(g_ptr_array_index(rows, 0), 0));
    if (*t) g_ptr_array_add(s->pending, (gpointer)bz_doc_intern(s->doc, row_text(g_ptr_array_index(rows, 0), 0)));
    g_free(t);
    g_ptr_array_free(rows, TRUE);
    return end > i ? end : i + 1;
  }
  int n = 0;
  for (guint r = 0; r < rows->len; r++) n = MAX(n, (int)((GPtrArray *)g_ptr_array_index(rows, r))->len);
  if (!bz_scan_reserve(s, rows->len, (gsize)n)) {
    g_ptr_array_free(rows, TRUE);
    return end > i ? end : i + 1;
  }
  bz_tgrid *g = bz_tgrid_new(s, (int)rows->len, n);
  if (!g) {
    g_ptr_array_free(rows, TRUE);
    return end > i ? end : i + 1;
  }
  GPtrArray *starts = g_ptr_array_new_with_free_func(g_free);
  for (guint r = 0; r < rows->len; r++) {
    int *start = g_new0(int, ((GPtrArray *)g_ptr_array_index(rows, r))->len + 1);
    place_row(s, g, rows, r, start);
    g_ptr_array_add(starts, start);
  }
  label_merges(s, g, rows, starts);
  g_ptr_array_free(starts, TRUE);
  g->header_rows = header_rows(s, rows);
  bz_tgrid_emit(s, g, (int)i + 1, (int)end);
  bz_tgrid_free(g);
  g_ptr_array_free(rows, TRUE);
  return end > i ? end : i + 1;
}
