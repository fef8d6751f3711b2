/* text_bare.c — 绩效自评表 forms dumped one cell per line without tabs (the 附件2 form of 003),
 * where blank lines separate both cells and the wrapped lines of one cell. Rows can only be
 * inferred from the form's known column structure, which the rules give:
 *
 *  1. Lines are joined into items: up to four consecutive short lines whose concatenation is a
 *     `header`, `indicator1`, `indicator2` or `total` word form one item (绩/效/指/标, 年度/指标值,
 *     经济效/益指标); a `score` line such as (50分) is appended to the indicator before it.
 *  2. The header row is the run of header items from 一级指标 (with 绩效指标 before it).
 *  3. Each data row is [indicator1] [indicator2] 三级指标 + four values (年度指标值, 实际完成值,
 *     分值, 得分) + an optional 偏差原因 text when the next item starts a new group; a 总分/合计
 *     item and its numbers end the form, the numbers under 分值 and 得分.
 *  4. Spans: 绩效指标 spans the data rows; an indicator1 (indicator2) cell spans down to the next
 *     indicator1 (indicator1 or indicator2) — each is written once for its group.
 * Items before the header (leftovers of the fund block) become rows of their own: a run of
 * numbers is one row, a run of header words another. */
#include <string.h>

#include "text_internal.h"

#define LOOKAHEAD_LINES 200
#define MAX_ITEM_LINES 4
#define MAX_SHORT 30

typedef enum { K_TEXT, K_NUM, K_HEAD, K_IND1, K_IND2, K_TOTAL } kind;

typedef struct {
  char *text; /* lines joined by '\n' */
  char *word; /* squeezed, for vocabulary tests */
  kind k;
  guint last_line;
} item;

static kind word_kind(const bz_scan *s, const char *w) {
  if (bz_rules_match_full(s->rules, "header", w, NULL)) return K_HEAD;
  if (bz_rules_match_full(s->rules, "indicator1", w, NULL)) return K_IND1;
  if (bz_rules_match_full(s->rules, "indicator2", w, NULL)) return K_IND2;
  if (bz_rules_match_full(s->rules, "total", w, NULL)) return K_TOTAL;
  return K_TEXT;
}

/* Read items from line i until a tab line, EOF or `max_items`. */
static GArray *read_items(const bz_scan *s, guint i, guint max_items) {
  GArray *items = g_array_new(FALSE, TRUE, sizeof(item));
  guint j = i;
  while (j < s->n && items->len < max_items) {
    bz_line_kind lk = bz_scan_kind(s, j);
    if (lk == BZ_LINE_ROW || lk == BZ_LINE_CELL) break;
    if (lk == BZ_LINE_BLANK || bz_cell_is_empty(bz_scan_line(s, j))) {
      j++;
      continue;
    }
    /* candidate lines: the next MAX_ITEM_LINES non-blank text lines */
    guint idx[MAX_ITEM_LINES], nidx = 0;
    for (guint x = j; x < s->n && nidx < MAX_ITEM_LINES; x++) {
      bz_line_kind xk = bz_scan_kind(s, x);
      if (xk == BZ_LINE_ROW || xk == BZ_LINE_CELL) break;
      if (xk == BZ_LINE_BLANK || bz_cell_is_empty(bz_scan_line(s, x))) continue;
      idx[nidx++] = x;
    }
    guint take = 1;
    kind k = K_TEXT;
    GString *w = g_string_new(NULL);
    for (guint l = 0; l < nidx && strlen(bz_scan_line(s, idx[l])) <= 96; l++) {
      char *q = bz_squeeze(bz_scan_line(s, idx[l]));
      g_string_append(w, q);
      g_free(q);
      if (g_utf8_strlen(w->str, -1) > 24) break;
      kind wk = word_kind(s, w->str);
      if (wk != K_TEXT) {
        take = l + 1;
        k = wk;
      }
    }
    g_string_free(w, TRUE);
    GString *text = g_string_new(NULL), *word = g_string_new(NULL);
    for (guint l = 0; l < take; l++) {
      char *q = bz_squeeze(bz_scan_line(s, idx[l]));
      if (l) g_string_append_c(text, '\n');
      g_string_append(text, q);
      g_string_append(word, q);
      g_free(q);
    }
    guint last = idx[take - 1];
    if ((k == K_IND1 || k == K_IND2) && take < nidx && bz_rules_match_full(s->rules, "score", bz_scan_line(s, idx[take]), NULL)) {
      char *q = bz_squeeze(bz_scan_line(s, idx[take]));
      g_string_append_printf(text, "\n%s", q);
      g_free(q);
      last = idx[take];
    }
    if (k == K_TEXT && bz_cell_is_number(word->str)) k = K_NUM;
    if (k == K_TEXT && bz_rules_match_full(s->rules, "placeholder", bz_scan_line(s, idx[0]), NULL)) k = K_NUM;
    item it = {.text = g_string_free(text, FALSE), .word = g_string_free(word, FALSE), .k = k, .last_line = last};
    g_array_append_val(items, it);
    j = last + 1;
  }
  return items;
}

static void items_free(GArray *items) {
  for (guint i = 0; i < items->len; i++) {
    g_free(g_array_index(items, item, i).text);
    g_free(g_array_index(items, item, i).word);
  }
  g_array_free(items, TRUE);
}

static item *at(GArray *items, guint i) { return i < items->len ? &g_array_index(items, item, i) : NULL; }

/* Index of the item 一级指标, or -1. */
static int find_header(GArray *items) {
  for (guint i = 0; i < items->len; i++)
    if (!strcmp(at(items, i)->word, "一级指标")) return (int)i;
  return -1;
}

static char **row_new(GPtrArray *rows, int ncols) {
  char **r = g_new0(char *, ncols + 1);
  g_ptr_array_add(rows, r);
  return r;
}

/* A row left of the header (what the dump kept of the fund block). Numbers are the last columns
 * of that block (分值 执行率 得分), so they go to the right; words (年度总体目标 预期目标 实际完成情况)
 * keep the label column and share the others evenly, as in DOCX dumps. */
static void place_pre_row(bz_tgrid *g, int r, char **cells, kind k) {
  int n = 0, ncols = g->ncols;
  while (n < ncols && cells[n]) n++;
  if (n == 0) return;
  if (k == K_NUM) {
    for (int c = 0; c < n; c++) bz_tgrid_set(g, r, ncols - n + c, cells[c]);
    if (ncols - n > 0) bz_tgrid_span(g, r, 0, 1, ncols - n);
    return;
  }
  int rest = ncols - 1, others = n - 1, col = 0;
  for (int c = 0; c < n; c++) {
    int w = c == 0 ? (n == 1 ? ncols : 1) : rest / others + (c - 1 < rest % others ? 1 : 0);
    bz_tgrid_set(g, r, col, cells[c]);
    if (w > 1) bz_tgrid_span(g, r, col, 1, w);
    col += w;
  }
}

/* The form being rebuilt. */
typedef struct {
  GArray *items;
  GPtrArray *rows;    /* char*[ncols] with NULL holes */
  GArray *pre_kind;   /* kind of each row before the header */
  GArray *ind1, *ind2; /* rows where an indicator1 / indicator2 group starts */
  int ncols, c1;      /* c1: column of 一级指标 */
  int header_row, total_row;
  guint last_line;
} form;

static gboolean stops_row(const item *it) {
  return !it || it->k == K_IND1 || it->k == K_IND2 || it->k == K_TOTAL || it->k == K_HEAD;
}

/* Items from line i when a form header (一级指标) comes early and only short cells precede it;
 * *h receives the header item. NULL when no form starts at i. */
static GArray *find_form(const bz_scan *s, guint i, int *h) {
  const char *l0 = bz_scan_line(s, i);
  if (g_utf8_strlen(l0, -1) > MAX_SHORT || bz_scan_is_heading(s, l0) || bz_rules_match(s->rules, "year", l0, NULL))
    return NULL;
  /* cheap pre-filter: 一级 must appear within the look-ahead window, before any narrative */
  gboolean seen = FALSE;
  for (guint x = i; x < s->n && x < i + LOOKAHEAD_LINES && !seen; x++) {
    bz_line_kind xk = bz_scan_kind(s, x);
    if (xk == BZ_LINE_ROW || xk == BZ_LINE_CELL) break;
    const char *l = bz_scan_line(s, x);
    seen = strstr(l, "一级") != NULL;
    if (!seen && strlen(l) > 4 * MAX_SHORT && g_utf8_strlen(l, -1) > MAX_SHORT) break;
  }
  if (!seen) return NULL;
  GArray *items = read_items(s, i, 80); /* the header must come early; then read the whole form */
  *h = find_header(items);
  if (*h >= 0) {
    items_free(items);
    items = read_items(s, i, 100000);
    *h = find_header(items);
  }
  gboolean ok = *h >= 0;
  for (int x = 0; ok && x < *h; x++) ok = g_utf8_strlen(at(items, (guint)x)->word, -1) <= MAX_SHORT;
  if (!ok) {
    items_free(items);
    return NULL;
  }
  return items;
}

/* Rows before the header (runs of one kind) and the header row itself. */
static void read_head(form *f, int hstart, int hend) {
  for (int x = 0; x < hstart;) {
    char **r = row_new(f->rows, f->ncols);
    kind k = at(f->items, (guint)x)->k;
    g_array_append_val(f->pre_kind, k);
    int c = 0;
    while (x < hstart && c < f->ncols && at(f->items, (guint)x)->k == k)
      r[c++] = g_strdup(at(f->items, (guint)x++)->text);
  }
  f->header_row = (int)f->rows->len;
  char **hr = row_new(f->rows, f->ncols);
  for (int x = hstart; x < hend; x++) hr[x - hstart] = g_strdup(at(f->items, (guint)x)->text);
  f->last_line = at(f->items, (guint)hend - 1)->last_line;
}

/* Put item x (when there is one) at column col of row r; returns the next item index. */
static guint put(form *f, char **r, int col, guint x) {
  item *it = at(f->items, x);
  if (col < f->ncols) r[col] = g_strdup(it->text);
  f->last_line = it->last_line;
  return x + 1;
}

/* The 总分 row: its two numbers under 分值 and 得分. */
static void read_total(form *f, guint x) {
  char **r = row_new(f->rows, f->ncols);
  f->total_row = (int)f->rows->len - 1;
  x = put(f, r, 0, x);
  for (int v = 0; v < 2 && x < f->items->len && at(f->items, x)->k == K_NUM; v++) x = put(f, r, f->c1 + 5 + v, x);
}

/* One data row from item x: [一级] [二级] 三级 + 4 values + 偏差原因 when a group follows.
 * Returns the next item. */
static guint read_data_row(form *f, guint x) {
  char **r = row_new(f->rows, f->ncols);
  int rr = (int)f->rows->len - 1;
  item *it = at(f->items, x);
  if (it->k == K_IND1) {
    g_array_append_val(f->ind1, rr);
    x = put(f, r, f->c1, x);
    it = at(f->items, x);
  }
  if (it && it->k == K_IND2) {
    g_array_append_val(f->ind2, rr);
    x = put(f, r, f->c1 + 1, x);
    it = at(f->items, x);
  }
  if (!stops_row(it)) x = put(f, r, f->c1 + 2, x);
  for (int v = 0; v < 4 && !stops_row(at(f->items, x)); v++) x = put(f, r, f->c1 + 3 + v, x);
  it = at(f->items, x);
  item *nx = at(f->items, x + 1);
  if (it && it->k == K_TEXT && (!nx || nx->k == K_IND1 || nx->k == K_IND2 || nx->k == K_TOTAL))
    x = put(f, r, f->c1 + 7, x);
  return x;
}

static void read_data(form *f, guint x) {
  while (x < f->items->len) {
    item *it = at(f->items, x);
    if (it->k == K_TOTAL) {
      read_total(f, x);
      return;
    }
    if (it->k == K_HEAD) return; /* another form starts */
    x = read_data_row(f, x);
  }
}

/* Vertical spans from the group starts (see the file comment). */
static void form_spans(form *f, bz_tgrid *g) {
  int end = f->total_row >= 0 ? f->total_row : (int)f->rows->len;
  if (f->c1 > 0 && end > f->header_row + 1) bz_tgrid_span(g, f->header_row, 0, end - f->header_row, 1);
  for (guint a = 0; a < f->ind1->len; a++) {
    int r0 = g_array_index(f->ind1, int, a), r1 = a + 1 < f->ind1->len ? g_array_index(f->ind1, int, a + 1) : end;
    if (r1 - r0 > 1) bz_tgrid_span(g, r0, f->c1, r1 - r0, 1);
  }
  for (guint a = 0; a < f->ind2->len; a++) {
    int r0 = g_array_index(f->ind2, int, a), r1 = a + 1 < f->ind2->len ? g_array_index(f->ind2, int, a + 1) : end;
    for (guint b = 0; b < f->ind1->len; b++) { /* a new indicator1 group also ends the indicator2 span */
      int n1 = g_array_index(f->ind1, int, b);
      if (n1 > r0 && n1 < r1) r1 = n1;
    }
    if (r1 - r0 > 1 && f->c1 + 1 < f->ncols) bz_tgrid_span(g, r0, f->c1 + 1, r1 - r0, 1);
  }
  if (f->total_row >= 0 && f->c1 + 5 < f->ncols) bz_tgrid_span(g, f->total_row, 0, 1, f->c1 + 5);
}

static bz_tgrid *form_grid(bz_scan *s, form *f) {
  bz_tgrid *g = bz_tgrid_new(s, (int)f->rows->len, f->ncols);
  if (!g) return NULL;
  for (guint r = (guint)f->header_row; r < f->rows->len; r++) {
    char **cells = g_ptr_array_index(f->rows, r);
    for (int c = 0; c < f->ncols; c++) bz_tgrid_set(g, (int)r, c, cells[c]);
  }
  for (int r = 0; r < f->header_row; r++)
    place_pre_row(g, r, g_ptr_array_index(f->rows, r), g_array_index(f->pre_kind, kind, r));
  form_spans(f, g);
  return g;
}

static void form_free(form *f) {
  for (guint r = 0; r < f->rows->len; r++) {
    char **cells = g_ptr_array_index(f->rows, r);
    for (int c = 0; c < f->ncols; c++) g_free(cells[c]);
    g_free(cells);
  }
  g_ptr_array_free(f->rows, TRUE);
  g_array_free(f->pre_kind, TRUE);
  g_array_free(f->ind1, TRUE);
  g_array_free(f->ind2, TRUE);
  items_free(f->items);
}

guint bz_text_bare(bz_scan *s, guint i) {
  int h = -1;
  GArray *items = find_form(s, i, &h);
  if (!items) return i;
  int hstart = h > 0 && !strcmp(at(items, (guint)h - 1)->word, "绩效指标") ? h - 1 : h;
  int hend = h;
  while (hend < (int)items->len && at(items, (guint)hend)->k == K_HEAD) hend++;
  form f = {.items = items,
            .rows = g_ptr_array_new(),
            .pre_kind = g_array_new(FALSE, FALSE, sizeof(kind)),
            .ind1 = g_array_new(FALSE, FALSE, sizeof(int)),
            .ind2 = g_array_new(FALSE, FALSE, sizeof(int)),
            .ncols = hend - hstart,
            .c1 = h - hstart,
            .total_row = -1};
  read_head(&f, hstart, hend);
  read_data(&f, (guint)hend);
  if (!bz_scan_reserve(s, f.rows->len, (gsize)f.ncols)) {
    guint next = f.last_line + 1;
    form_free(&f);
    return next;
  }
  bz_tgrid *g = form_grid(s, &f);
  if (g) bz_tgrid_emit(s, g, (int)i + 1, (int)f.last_line + 1);
  bz_tgrid_free(g);
  guint next = f.last_line + 1;
  form_free(&f);
  return next;
}
