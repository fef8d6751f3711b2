/* text_grid.c — the dense grid the text parsers fill, turned into a table; line and cell
 * classification shared by the parsers. */
#include <string.h>

#include "../core/error.h"
#include "../core/limits.h"
#include "text_internal.h"

bz_tgrid *bz_tgrid_new(bz_scan *s, int nrows, int ncols) {
  gsize n = (gsize)MAX(1, nrows) * (gsize)MAX(1, ncols);
  bz_tcell *cells = g_try_new0(bz_tcell, n); /* up to BZ_MAX_TABLE_POSITIONS: may fail */
  if (!cells) {
    s->rc = bz_fail_nomem(s->err, s->doc->path, n * sizeof(bz_tcell));
    return NULL;
  }
  bz_tgrid *g = g_new0(bz_tgrid, 1);
  g->nrows = nrows;
  g->ncols = ncols;
  g->c = cells;
  for (int i = 0; i < nrows * ncols; i++) g->c[i].rowspan = g->c[i].colspan = 1;
  return g;
}

void bz_tgrid_free(bz_tgrid *g) {
  if (!g) return;
  for (int i = 0; i < g->nrows * g->ncols; i++) g_free(g->c[i].text);
  g_free(g->c);
  g_free(g);
}

bz_tcell *bz_tgrid_at(bz_tgrid *g, int r, int c) {
  g_return_val_if_fail(r >= 0 && c >= 0 && r < g->nrows && c < g->ncols, NULL);
  return &g->c[(gsize)r * g->ncols + c];
}

void bz_tgrid_set(bz_tgrid *g, int r, int c, const char *text) {
  bz_tcell *x = bz_tgrid_at(g, r, c);
  g_free(x->text);
  x->text = g_strdup(text ? text : "");
}

void bz_tgrid_span(bz_tgrid *g, int r, int c, int rs, int cs) {
  bz_tcell *x = bz_tgrid_at(g, r, c);
  rs = MIN(rs, g->nrows - r);
  cs = MIN(cs, g->ncols - c);
  x->rowspan = MAX(x->rowspan, rs);
  x->colspan = MAX(x->colspan, cs);
  for (int i = r; i < r + x->rowspan; i++)
    for (int k = c; k < c + x->colspan; k++) {
      if (i == r && k == c) continue;
      bz_tcell *y = bz_tgrid_at(g, i, k);
      y->covered = TRUE;
      g_clear_pointer(&y->text, g_free);
    }
}

biao_table *bz_tgrid_emit(bz_scan *s, bz_tgrid *g, int first_line, int last_line) {
  biao_table *t = bz_table_new(s->doc);
  if (s->page && first_line >= 1 && last_line >= first_line) {
    t->page_start = bz_scan_page(s, (guint)first_line - 1);
    t->page_end = bz_scan_page(s, (guint)last_line - 1);
  }
  guint from = s->pending->len > BZ_TEXT_CONTEXT_LINES ? s->pending->len - BZ_TEXT_CONTEXT_LINES : 0;
  for (guint i = from; i < s->pending->len; i++) bz_table_add_context(s->doc, t, g_ptr_array_index(s->pending, i));
  g_ptr_array_set_size(s->pending, 0);
  for (int r = 0; r < g->nrows; r++)
    for (int c = 0; c < g->ncols; c++) {
      bz_tcell *x = bz_tgrid_at(g, r, c);
      if (x->covered) continue;
      bz_table_add_cell(s->doc, t, r, c, x->rowspan, x->colspan, x->text ? x->text : "");
    }
  t->header_rows = g->header_rows;
  bz_table_finish(t);
  return t;
}

/* ---- classification ---- */

static gboolean is_space_char(gunichar c) {
  return g_unichar_isspace(c) || c == 0x3000 || c == 0xFEFF || c == 0x00A0;
}

char *bz_squeeze(const char *s) {
  GString *o = g_string_new(NULL);
  for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!is_space_char(c)) g_string_append_unichar(o, c);
  }
  return g_string_free(o, FALSE);
}

gboolean bz_cell_is_empty(const char *s) {
  for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p))
    if (!is_space_char(g_utf8_get_char(p))) return FALSE;
  return TRUE;
}

gboolean bz_cell_is_number(const char *s) {
  char *q = bz_squeeze(s);
  const char *p = q;
  gboolean digit = FALSE, ok = TRUE;
  if (g_str_has_prefix(p, "≥") || g_str_has_prefix(p, "≤") || g_str_has_prefix(p, "≧") ||
      g_str_has_prefix(p, "≦"))
    p = g_utf8_next_char(p);
  if (*p == '-' || *p == '+') p++;
  for (; *p && ok; p++) {
    if (g_ascii_isdigit(*p)) digit = TRUE;
    else if (*p == ',' || *p == '.') continue;
    else if (*p == '%' && p[1] == '\0') continue;
    else ok = FALSE;
  }
  g_free(q);
  return ok && digit;
}

gboolean bz_cell_is_header(const bz_scan *s, const char *text) {
  if (bz_cell_is_empty(text)) return FALSE;
  char *q = bz_squeeze(text);
  gboolean r = bz_rules_match(s->rules, "header", q, NULL);
  g_free(q);
  return r;
}

gboolean bz_row_is_colnum(const bz_scan *s, char **cells, int n) {
  int expect = 1, seen = 0;
  for (int i = 0; i < n; i++) {
    if (bz_cell_is_empty(cells[i])) continue;
    char *q = bz_squeeze(cells[i]);
    if (seen == 0 && expect == 1 && bz_rules_match_full(s->rules, "colnum", q, NULL)) {
      g_free(q);
      return TRUE;
    }
    char *end = NULL;
    long v = strtol(q, &end, 10);
    gboolean ok = end && *end == '\0' && *q && v == expect;
    g_free(q);
    if (!ok) return FALSE;
    expect++;
    seen++;
  }
  return seen >= 3;
}

/* ---- scanner ---- */

gboolean bz_scan_reserve(bz_scan *s, gsize rows, gsize cols) {
  if (s->rc != BIAO_OK) return FALSE;
  gsize n = rows * cols;
  if (cols && n / cols != rows) n = G_MAXSIZE;
  if (n > BZ_MAX_TABLE_POSITIONS)
    s->rc = bz_fail(s->err, BIAO_ERR_LIMIT, s->doc->path,
                    "a table of %zu rows x %zu columns: over the limit of %zu grid positions", (size_t)rows,
                    (size_t)cols, (size_t)BZ_MAX_TABLE_POSITIONS);
  else if (s->cells + n > BZ_MAX_DOC_CELLS)
    s->rc = bz_fail(s->err, BIAO_ERR_LIMIT, s->doc->path, "more than %zu cells: over the per-document limit",
                    (size_t)BZ_MAX_DOC_CELLS);
  else
    s->cells += n;
  return s->rc == BIAO_OK;
}

int bz_scan_page(const bz_scan *s, guint i) {
  return s->page && i < s->n ? s->page[i] : 0;
}

const char *bz_scan_line(const bz_scan *s, guint i) {
  return i < s->n ? g_ptr_array_index(s->lines, i) : "";
}

bz_line_kind bz_scan_kind(const bz_scan *s, guint i) {
  const char *l = bz_scan_line(s, i);
  const char *p = l;
  while (*p == ' ') p++;
  if (*p == '\t' && strchr(p + 1, '\t') == NULL) return BZ_LINE_CELL;
  if (strchr(l, '\t')) return BZ_LINE_ROW;
  if (bz_cell_is_empty(l)) {
    /* a line holding only a full-width space is a paragraph (cell text), not a blank line */
    return strstr(l, "\xE3\x80\x80") ? BZ_LINE_TEXT : BZ_LINE_BLANK;
  }
  return BZ_LINE_TEXT;
}

gboolean bz_scan_is_heading(const bz_scan *s, const char *line) {
  return bz_rules_match(s->rules, "title", line, NULL) || bz_rules_match(s->rules, "attachment", line, NULL) ||
         bz_rules_match(s->rules, "code", line, NULL);
}

void bz_scan_pending(bz_scan *s, const char *line) {
  if (bz_cell_is_empty(line)) return;
  g_ptr_array_add(s->pending, (gpointer)line);
  if (s->pending->len > 64) g_ptr_array_remove_range(s->pending, 0, s->pending->len - BZ_TEXT_CONTEXT_LINES);
}
