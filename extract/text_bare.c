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

guint bz_text_bare(bz_scan *s, guint i) {
  const char *l0 = bz_scan_line(s, i);
  if (g_utf8_strlen(l0, -1) > MAX_SHORT || bz_scan_is_heading(s, l0) || bz_rules_match(s->rules, "year", l0, NULL))
    return i;
  /* cheap pre-filter: 一级 must appear within the look-ahead window */
  gboolean seen = FALSE;
  for (guint x = i; x < s->n && x < i + LOOKAHEAD_LINES && !seen; x++) {
    bz_line_kind xk = bz_scan_kind(s, x);
    if (xk == BZ_LINE_ROW || xk == BZ_LINE_CELL) break;
    const char *l = bz_scan_line(s, x);
    seen = strstr(l, "一级") != NULL;
    if (!seen && strlen(l) > 4 * MAX_SHORT && g_utf8_strlen(l, -1) > MAX_SHORT) break; /* narrative */
  }
  if (!seen) return i;
  GArray *items = read_items(s, i, 80); /* the header must come early; then read the whole form */
  int h = find_header(items);
  if (h >= 0) {
    items_free(items);
    items = read_items(s, i, 100000);
    h = find_header(items);
  }
  /* everything before the header must be short form cells, not narrative */
  gboolean ok = h >= 0;
  for (int x = 0; ok && x < h; x++) ok = g_utf8_strlen(at(items, (guint)x)->word, -1) <= MAX_SHORT;
  if (!ok) {
    items_free(items);
    return i;
  }
  int hstart = h > 0 && !strcmp(at(items, (guint)h - 1)->word, "绩效指标") ? h - 1 : h;
  int hend = h;
  while (hend < (int)items->len && at(items, (guint)hend)->k == K_HEAD) hend++;
  int ncols = hend - hstart, c1 = h - hstart;
  GPtrArray *rows = g_ptr_array_new(); /* char*[ncols], with NULL holes: freed below */
  /* rows before the header */
  for (int x = 0; x < hstart;) {
    char **r = row_new(rows, ncols);
    kind k = at(items, (guint)x)->k;
    int c = 0;
    while (x < hstart && c < ncols && at(items, (guint)x)->k == k) r[c++] = g_strdup(at(items, (guint)x++)->text);
  }
  int header_row = (int)rows->len;
  char **hr = row_new(rows, ncols);
  for (int x = hstart; x < hend; x++) hr[x - hstart] = g_strdup(at(items, (guint)x)->text);
  int first_data = (int)rows->len, total_row = -1;
  guint x = (guint)hend, last_line = at(items, (guint)hend - 1)->last_line;
  GArray *ind1 = g_array_new(FALSE, FALSE, sizeof(int)), *ind2 = g_array_new(FALSE, FALSE, sizeof(int));
  while (x < items->len) {
    item *it = at(items, x);
    if (it->k == K_TOTAL) {
      char **r = row_new(rows, ncols);
      total_row = (int)rows->len - 1;
      r[0] = g_strdup(it->text);
      last_line = it->last_line;
      x++;
      for (int v = 0; v < 2 && x < items->len && at(items, x)->k == K_NUM; v++, x++) {
        if (c1 + 5 + v < ncols) r[c1 + 5 + v] = g_strdup(at(items, x)->text);
        last_line = at(items, x)->last_line;
      }
      break;
    }
    if (it->k == K_HEAD) break; /* another form starts */
    char **r = row_new(rows, ncols);
    int rr = (int)rows->len - 1;
    if (it->k == K_IND1) {
      r[c1] = g_strdup(it->text);
      g_array_append_val(ind1, rr);
      it = at(items, ++x);
    }
    if (it && it->k == K_IND2) {
      if (c1 + 1 < ncols) r[c1 + 1] = g_strdup(it->text);
      g_array_append_val(ind2, rr);
      it = at(items, ++x);
    }
    if (it && it->k != K_IND1 && it->k != K_IND2 && it->k != K_TOTAL && it->k != K_HEAD) {
      if (c1 + 2 < ncols) r[c1 + 2] = g_strdup(it->text);
      last_line = it->last_line;
      x++;
    }
    for (int v = 0; v < 4 && (it = at(items, x)) && it->k != K_IND1 && it->k != K_IND2 && it->k != K_TOTAL &&
                    it->k != K_HEAD;
         v++, x++) {
      if (c1 + 3 + v < ncols) r[c1 + 3 + v] = g_strdup(it->text);
      last_line = it->last_line;
    }
    item *nx = at(items, x + 1);
    it = at(items, x);
    if (it && it->k == K_TEXT && (!nx || nx->k == K_IND1 || nx->k == K_IND2 || nx->k == K_TOTAL)) {
      if (c1 + 7 < ncols) r[c1 + 7] = g_strdup(it->text);
      last_line = it->last_line;
      x++;
    }
  }
  int end_data = total_row >= 0 ? total_row : (int)rows->len;
  bz_tgrid *g = bz_tgrid_new((int)rows->len, ncols);
  for (guint r = 0; r < rows->len; r++) {
    char **cells = g_ptr_array_index(rows, r);
    for (int c = 0; c < ncols; c++) bz_tgrid_set(g, (int)r, c, cells[c]);
  }
  for (int r = 0; r < header_row; r++) { /* pre-header rows: the last cell spans the rest */
    int k = 0;
    while (k < ncols && ((char **)g_ptr_array_index(rows, r))[k]) k++;
    if (k > 0 && k < ncols) bz_tgrid_span(g, r, k - 1, 1, ncols - k + 1);
  }
  if (c1 > 0 && end_data > header_row + 1) bz_tgrid_span(g, header_row, 0, end_data - header_row, 1);
  for (guint a = 0; a < ind1->len; a++) {
    int r0 = g_array_index(ind1, int, a), r1 = a + 1 < ind1->len ? g_array_index(ind1, int, a + 1) : end_data;
    if (r1 - r0 > 1) bz_tgrid_span(g, r0, c1, r1 - r0, 1);
  }
  for (guint a = 0; a < ind2->len; a++) {
    int r0 = g_array_index(ind2, int, a), r1 = a + 1 < ind2->len ? g_array_index(ind2, int, a + 1) : end_data;
    for (guint b = 0; b < ind1->len; b++) { /* a new indicator1 group also ends the indicator2 span */
      int n1 = g_array_index(ind1, int, b);
      if (n1 > r0 && n1 < r1) r1 = n1;
    }
    if (r1 - r0 > 1 && c1 + 1 < ncols) bz_tgrid_span(g, r0, c1 + 1, r1 - r0, 1);
  }
  if (total_row >= 0 && c1 + 5 < ncols) bz_tgrid_span(g, total_row, 0, 1, c1 + 5);
  (void)first_data;
  bz_tgrid_emit(s, g, (int)i + 1, (int)last_line + 1);
  bz_tgrid_free(g);
  g_array_free(ind1, TRUE);
  g_array_free(ind2, TRUE);
  for (guint r = 0; r < rows->len; r++) {
    char **cells = g_ptr_array_index(rows, r);
    for (int c = 0; c < ncols; c++) g_free(cells[c]);
    g_free(cells);
  }
  g_ptr_array_free(rows, TRUE);
  items_free(items);
  return last_line + 1;
}
