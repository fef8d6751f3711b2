/* xlsx.c — XLSX writer (libxlsxwriter): an "index" sheet listing every table, then one worksheet per
 * table: its title in row 1, its unit in row 2, its grid from A3 (BZ_XLSX_TOP), merged cells as
 * real Excel merges, printed numbers as numbers in the format they were printed in, codes kept as
 * text, header rows bold, frozen and repeated on every printed page, printed to the page width
 * (landscape when wide). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../core/error.h"
#include "../core/semantic.h"
#include "export.h"
#include "xlsx.h"

/* libxlsxwriter 1.1.4 prints its errors on stderr ("[ERROR] …", several lines) and has no error
 * callback. While it creates and closes the file, stderr goes to a memory file; what it printed
 * becomes part of the one error message. (Another thread printing on stderr meanwhile would be
 * caught too.) */
typedef struct stderr_capture {
  int saved, fd;
} stderr_capture;

/* fd 2 is the process's: two threads capturing at once would restore each other's memory file as
 * stderr, so captures are serialised (the workbook writes of concurrent XLSX exports take turns). */
G_LOCK_DEFINE_STATIC(stderr_capture);

static void capture_begin(stderr_capture *c) {
  G_LOCK(stderr_capture);
  fflush(stderr);
  c->fd = memfd_create("biao-xlsx-stderr", MFD_CLOEXEC);
  c->saved = c->fd >= 0 ? dup(STDERR_FILENO) : -1;
  if (c->saved >= 0 && dup2(c->fd, STDERR_FILENO) < 0) {
    close(c->saved);
    c->saved = -1;
  }
}

/* The captured text as one line ("[ERROR]" prefixes dropped, lines joined by "; "); g_free it. */
static char *capture_end(stderr_capture *c) {
  GString *out = g_string_new(NULL);
  fflush(stderr);
  if (c->saved >= 0) {
    dup2(c->saved, STDERR_FILENO);
    close(c->saved);
    char buf[2048];
    ssize_t n = pread(c->fd, buf, sizeof buf - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    char **lines = g_strsplit(buf, "\n", -1);
    for (char **l = lines; *l; l++) {
      char *t = g_strstrip(*l);
      if (g_str_has_prefix(t, "[ERROR]") || g_str_has_prefix(t, "[WARNING]")) {
        t = strchr(t, ']') + 1;
        if (*t == '[') t = strchr(t, ']') ? strchr(t, ']') + 1 : t; /* [./src/packager.c:1541] */
        while (*t == ':' || *t == ' ')
          t++;
      }
      if (!*t) continue;
      if (out->len) g_string_append(out, "; ");
      g_string_append(out, t);
    }
    g_strfreev(lines);
  }
  if (c->fd >= 0) close(c->fd);
  G_UNLOCK(stderr_capture);
  return g_string_free(out, FALSE);
}

int bz_xlsx_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err);

#ifndef BIAO_HAVE_XLSXWRITER

int bz_xlsx_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err) {
  (void)o;
  (void)path;
  return bz_fail(err, BIAO_ERR_FORMAT, doc->path,
                 "this biao was built without libxlsxwriter: XLSX export is not available");
}

#else

#include <xlsxwriter.h>

#define BZ_XLSX_MAX_STRING 32767 /* Excel's cell text limit, in characters */
#define BZ_XLSX_MIN_WIDTH 6
#define BZ_XLSX_MAX_WIDTH 60
#define BZ_XLSX_TOP 2        /* rows above the grid: the title, then the unit */
#define BZ_XLSX_PORTRAIT 100 /* widest grid (column units) printed upright on A4 */

typedef struct xw {
  lxw_workbook *wb;
  GHashTable *formats; /* key string → lxw_format* (owned by the workbook) */
  lxw_error rc;        /* first libxlsxwriter error */
  lxw_format *title;   /* the title row's, made at the first table */
} xw;

static void note(xw *w, lxw_error rc) {
  if (rc != LXW_NO_ERROR && w->rc == LXW_NO_ERROR) w->rc = rc;
}

/* Formats are shared: one per combination of role, wrapping and number format. */
static lxw_format *format_for(xw *w, gboolean header, gboolean wrap, const char *numfmt) {
  char *key = g_strdup_printf("%d|%d|%s", header, wrap, numfmt ? numfmt : "");
  lxw_format *f = g_hash_table_lookup(w->formats, key);
  if (f) {
    g_free(key);
    return f;
  }
  f = workbook_add_format(w->wb);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  if (header) {
    format_set_bold(f);
    format_set_align(f, LXW_ALIGN_CENTER);
  }
  if (header || wrap) format_set_text_wrap(f);
  if (numfmt) format_set_num_format(f, numfmt);
  g_hash_table_insert(w->formats, key, f);
  return f;
}

/* Valid UTF-8 within Excel's length limit (g_free it). */
static char *excel_text(const char *s) {
  char *v = g_utf8_make_valid(s, -1);
  if (g_utf8_strlen(v, -1) > BZ_XLSX_MAX_STRING) {
    char *cut = g_utf8_substring(v, 0, BZ_XLSX_MAX_STRING);
    g_free(v);
    v = cut;
  }
  return v;
}

/* Display width in Excel column units: wide (CJK) characters count two, longest line wins. */
static int text_width(const char *s) {
  int best = 0, cur = 0;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar u = g_utf8_get_char(p);
    if (u == '\n') {
      best = MAX(best, cur);
      cur = 0;
    } else {
      cur += g_unichar_iswide(u) ? 2 : 1;
    }
  }
  return MAX(best, cur);
}

/* A merge is written only when the cell alone covers its whole rectangle (overlapping spans from a
 * damaged source would make Excel repair the file). */
static gboolean owns_rectangle(biao_table *t, const bz_cell *c) {
  for (int r = c->row; r < c->row + c->rowspan; r++)
    for (int k = c->col; k < c->col + c->colspan; k++)
      if (bz_table_owner(t, r, k) != c) return FALSE;
  return TRUE;
}

static void write_cell(xw *w, lxw_worksheet *ws, biao_table *t, const bz_cell *c, const guint8 *mask,
                       int *widths) {
  gboolean header = c->row < t->header_rows;
  bz_xnum n;
  gboolean number = bz_xlsx_cell_number(t, c, mask, &n);
  char *numfmt = number ? bz_xlsx_num_format(&n) : NULL;
  char *text = excel_text(c->text);
  lxw_format *f = format_for(w, header, strchr(text, '\n') != NULL, numfmt);
  gboolean merged = (c->rowspan > 1 || c->colspan > 1) && owns_rectangle(t, c);
  lxw_row_t row = (lxw_row_t)(c->row + BZ_XLSX_TOP);
  if (merged) {
    note(w, worksheet_merge_range(ws, row, (lxw_col_t)c->col, (lxw_row_t)(row + c->rowspan - 1),
                                  (lxw_col_t)(c->col + c->colspan - 1), number ? "" : text, f));
  }
  if (number) note(w, worksheet_write_number(ws, row, (lxw_col_t)c->col, n.value, f));
  else if (!merged && *text) note(w, worksheet_write_string(ws, row, (lxw_col_t)c->col, text, f));
  else if (!merged) note(w, worksheet_write_blank(ws, row, (lxw_col_t)c->col, f));
  if (c->colspan == 1) widths[c->col] = MAX(widths[c->col], text_width(text));
  g_free(text);
  g_free(numfmt);
}

/* Rows 1 and 2: the title (the form code before it) and the unit, as printed above the table. */
static void write_banner(xw *w, lxw_worksheet *ws, biao_table *t, const char *project) {
  const char *code = bz_xlsx_table_code(t), *title = t->title;
  char *head = g_strjoin(" ", code && (!title || !strstr(title, code)) ? code : "", title ? title : "",
                         project && *project ? project : "", NULL);
  char *clean = excel_text(g_strstrip(head));
  if (!w->title) {
    w->title = workbook_add_format(w->wb);
    format_set_bold(w->title);
    format_set_font_size(w->title, 14);
  }
  if (*clean) note(w, worksheet_write_string(ws, 0, 0, clean, w->title));
  const bz_meaning *m = bz_meaning_of(t);
  const char *unit = m && m->unit ? m->unit : bz_table_get_meta(t, "unit");
  if (unit && *unit) {
    /* after --unit the printed headers still say the printed unit: say what the numbers are in */
    char *u = m && m->unit && m->unit_printed ? g_strdup_printf("单位：%s（原表：%s）", unit, m->unit_printed)
                                             : g_strdup_printf("单位：%s", unit);
    note(w, worksheet_write_string(ws, 1, 0, u, NULL));
    g_free(u);
  }
  g_free(clean);
  g_free(head);
}

/* Print setup: A4, fit to the page width (as many pages down as needed), landscape when the grid
 * is wider than a portrait page, the header rows repeated on every page. */
static void print_setup(xw *w, lxw_worksheet *ws, biao_table *t, int total_width) {
  worksheet_set_paper(ws, 9);
  worksheet_fit_to_pages(ws, 1, 0);
  if (total_width > BZ_XLSX_PORTRAIT) worksheet_set_landscape(ws);
  if (t->header_rows > 0 && t->header_rows <= t->n_rows)
    note(w, worksheet_repeat_rows(ws, BZ_XLSX_TOP, (lxw_row_t)(BZ_XLSX_TOP + t->header_rows - 1)));
}

static void write_table(xw *w, lxw_worksheet *ws, biao_table *t, const char *project) {
  write_banner(w, ws, t, project);
  guint8 *mask = bz_xlsx_text_mask(t);
  int *widths = g_new0(int, t->n_cols ? t->n_cols : 1);
  for (guint i = 0; i < t->cells->len; i++)
    write_cell(w, ws, t, &g_array_index(t->cells, bz_cell, i), mask, widths);
  /* positions no cell covers still get the grid's borders */
  for (int r = 0; r < t->n_rows; r++)
    for (int k = 0; k < t->n_cols; k++)
      if (!bz_table_owner(t, r, k))
        note(w, worksheet_write_blank(ws, (lxw_row_t)(r + BZ_XLSX_TOP), (lxw_col_t)k,
                                      format_for(w, r < t->header_rows, FALSE, NULL)));
  int total = 0;
  for (int k = 0; k < t->n_cols; k++) {
    int width = CLAMP(widths[k] + 2, BZ_XLSX_MIN_WIDTH, BZ_XLSX_MAX_WIDTH);
    total += width;
    note(w, worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, width, NULL));
  }
  if (t->header_rows > 0 && t->header_rows < t->n_rows)
    worksheet_freeze_panes(ws, (lxw_row_t)(BZ_XLSX_TOP + t->header_rows), 0);
  print_setup(w, ws, t, total);
  g_free(widths);
  g_free(mask);
}

static void index_string(xw *w, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f) {
  if (!s || !*s) return;
  char *text = excel_text(s);
  note(w, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, text, f));
  g_free(text);
}

static void index_row(xw *w, lxw_worksheet *ws, int row, biao_table *t, const char *sheet) {
  note(w, worksheet_write_number(ws, (lxw_row_t)row, 0, t->index, NULL));
  /* a link to the table's sheet; the displayed text is the sheet name */
  char *quoted = lxw_quote_sheetname(sheet);
  char *url = g_strdup_printf("internal:%s!A1", quoted ? quoted : sheet);
  lxw_error rc = worksheet_write_url_opt(ws, (lxw_row_t)row, 1, url, NULL, sheet, NULL);
  if (rc != LXW_NO_ERROR) index_string(w, ws, row, 1, sheet, NULL); /* over Excel's URL limits */
  g_free(url);
  free(quoted);
  if (t->page_start > 0) { /* always text ("5", "5-7"): a column of one type for filters and loaders */
    char *pages = t->page_end > t->page_start ? g_strdup_printf("%d-%d", t->page_start, t->page_end)
                                              : g_strdup_printf("%d", t->page_start);
    index_string(w, ws, row, 2, pages, NULL);
    g_free(pages);
  }
  index_string(w, ws, row, 3, bz_xlsx_table_code(t), NULL);
  index_string(w, ws, row, 4, t->title, NULL);
  const bz_meaning *m = bz_meaning_of(t);
  index_string(w, ws, row, 5, m && m->unit ? m->unit : bz_table_get_meta(t, "unit"), NULL);
  note(w, worksheet_write_number(ws, (lxw_row_t)row, 6, t->n_rows, NULL));
  note(w, worksheet_write_number(ws, (lxw_row_t)row, 7, t->n_cols, NULL));
  if (t->header_rows > 0) note(w, worksheet_write_number(ws, (lxw_row_t)row, 8, t->header_rows, NULL));
}

static void index_footer(xw *w, lxw_worksheet *ws, int row, const biao_doc *doc, lxw_format *bold) {
  index_string(w, ws, row, 0, "source", bold);
  index_string(w, ws, row, 1, doc->path, NULL);
  index_string(w, ws, ++row, 0, "format", bold);
  index_string(w, ws, row, 1, doc->format, NULL);
  index_string(w, ws, ++row, 0, "sha256", bold);
  index_string(w, ws, row, 1, doc->sha256, NULL);
  for (guint i = 0; i < doc->warnings->len; i++) {
    index_string(w, ws, ++row, 0, "warning", bold);
    index_string(w, ws, row, 1, g_ptr_array_index(doc->warnings, i), NULL);
  }
}

static lxw_worksheet *index_sheet(xw *w, lxw_format **bold) {
  static const char *const heads[] = {"table", "sheet", "pages", "code", "title", "unit", "rows", "cols", "header_rows"};
  static const double widths[] = {6, 24, 8, 12, 48, 12, 6, 6, 12};
  lxw_worksheet *ws = workbook_add_worksheet(w->wb, "index");
  *bold = workbook_add_format(w->wb);
  format_set_bold(*bold);
  for (int k = 0; k < (int)G_N_ELEMENTS(heads); k++) {
    note(w, worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k], *bold));
    note(w, worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL));
  }
  worksheet_freeze_panes(ws, 1, 0);
  return ws;
}

static gboolean selected(const biao_export_options *o, const biao_table *t) {
  return o->table <= 0 || t->index == o->table;
}

static int check_limits(const biao_doc *doc, const biao_export_options *o, biao_error *err) {
  int n = 0;
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    if (!selected(o, t)) continue;
    n++;
    if (t->n_rows + BZ_XLSX_TOP > LXW_ROW_MAX || t->n_cols > LXW_COL_MAX)
      return bz_fail(err, BIAO_ERR_LIMIT, doc->path, "table %d has %d rows and %d columns: over Excel's limits",
                     t->index, t->n_rows, t->n_cols);
  }
  if (o->table > 0 && n == 0)
    return bz_fail(err, BIAO_ERR_USAGE, doc->path, "no table %d (the document has %u)", o->table, doc->tables->len);
  return BIAO_OK;
}

int bz_xlsx_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err) {
  biao_export_options defaults;
  if (!o) {
    biao_export_options_init(&defaults);
    o = &defaults;
  }
  int rc = check_limits(doc, o, err);
  if (rc != BIAO_OK) return rc;
  /* libxlsxwriter reports a failed create on stderr: find that case first, quietly */
  char *dir = g_path_get_dirname(path);
  int writable = access(dir, W_OK | X_OK) == 0;
  g_free(dir);
  if (!writable) return bz_fail(err, BIAO_ERR_IO, path, "cannot create output: %s", g_strerror(errno));
  lxw_workbook_options wopt = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
  stderr_capture cap;
  capture_begin(&cap);
  xw w = {.wb = workbook_new_opt(path, &wopt), .rc = LXW_NO_ERROR};
  char *said = capture_end(&cap);
  if (!w.wb) {
    rc = bz_fail(err, BIAO_ERR_NOMEM, path, "cannot start the XLSX workbook%s%s", *said ? ": " : "", said);
    g_free(said);
    return rc;
  }
  g_free(said);
  w.formats = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add(used, g_strdup("index"));

  lxw_format *bold = NULL;
  lxw_worksheet *index = index_sheet(&w, &bold);
  int row = 1;
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    if (!selected(o, t)) continue;
    const char *project = bz_records_project_name(doc, t);
    char *name = bz_xlsx_sheet_name(t, project, used);
    lxw_worksheet *ws = workbook_add_worksheet(w.wb, name);
    if (!ws) note(&w, LXW_ERROR_SHEETNAME_ALREADY_USED);
    else write_table(&w, ws, t, project);
    index_row(&w, index, row++, t, name);
    g_free(name);
  }
  index_footer(&w, index, row + 1, doc, bold);

  capture_begin(&cap);
  lxw_error close_rc = workbook_close(w.wb); /* also frees the workbook */
  said = capture_end(&cap);
  note(&w, close_rc);
  if (w.rc != LXW_NO_ERROR) {
    char *why = *said ? g_strdup_printf(" (%s)", said) : g_strdup("");
    rc = bz_fail(err, close_rc != LXW_NO_ERROR ? BIAO_ERR_IO : BIAO_ERR_INTERNAL, path, "XLSX: %s%s",
                 lxw_strerror(w.rc), why);
    g_free(why);
  }
  g_free(said);
  g_hash_table_destroy(used);
  g_hash_table_destroy(w.formats);
  return rc;
}

#endif /* BIAO_HAVE_XLSXWRITER */
