/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <string.h>
#include <cairo-pdf.h>
#include <gio/gio.h>

char *tu_corpus(const char *rel) { return g_build_filename(BIAO_CORPUS, rel, NULL); }
char *tu_shared(const char *rel) { return g_build_filename(BIAO_SHARED, rel, NULL); }

biao_doc *tu_open_opts(const char *rel, const biao_options *opt) {
  char *path = g_path_is_absolute(rel) ? g_strdup(rel) : tu_corpus(rel);
  biao_doc *doc = NULL;
  biao_error err;
  int rc = biao_doc_open_file(&doc, path, opt, &err);
  cr_assert_eq(rc, BIAO_OK, "%s: %s (%s)", path, err.message, biao_code_name(rc));
  g_free(path);
  return doc;
}

biao_doc *tu_open(const char *rel) { return tu_open_opts(rel, NULL); }

int tu_open_fail(const char *rel, biao_error *err) {
  char *path = g_path_is_absolute(rel) ? g_strdup(rel) : tu_corpus(rel);
  biao_doc *doc = NULL;
  int rc = biao_doc_open_file(&doc, path, NULL, err);
  cr_assert_neq(rc, BIAO_OK, "%s: expected an error", path);
  cr_assert_null(doc);
  g_free(path);
  return rc;
}

static const biao_table *table_or_fail(const biao_doc *doc, int t) {
  const biao_table *tb = biao_doc_table(doc, (size_t)(t - 1));
  cr_assert_not_null(tb, "no table %d (document has %zu)", t, biao_doc_table_count(doc));
  return tb;
}

const char *tu_text(const biao_doc *doc, int t, int row, int col) {
  const biao_table *tb = table_or_fail(doc, t);
  cr_assert(row < biao_table_rows(tb) && col < biao_table_cols(tb), "table %d has %dx%d, asked (%d,%d)", t,
            biao_table_rows(tb), biao_table_cols(tb), row, col);
  return biao_table_text_at(tb, row, col);
}

void tu_span(const biao_doc *doc, int t, int row, int col, int *rowspan, int *colspan) {
  const biao_table *tb = table_or_fail(doc, t);
  for (size_t i = 0; i < biao_table_cell_count(tb); i++) {
    int r, c;
    biao_table_cell(tb, i, &r, &c, rowspan, colspan, NULL);
    if (r == row && c == col) return;
  }
  cr_assert_fail("table %d: no cell starts at (%d,%d)", t, row, col);
}

void tu_expect_cell(const biao_doc *doc, int t, int row, int col, const char *text, int rowspan, int colspan) {
  int rs, cs;
  tu_span(doc, t, row, col, &rs, &cs);
  cr_expect_str_eq(tu_text(doc, t, row, col), text, "table %d (%d,%d)", t, row, col);
  cr_expect(rs == rowspan && cs == colspan, "table %d (%d,%d) %s: span %dx%d, expected %dx%d", t, row, col, text, rs,
            cs, rowspan, colspan);
}

int tu_find_table(const biao_doc *doc, const char *needle) {
  for (size_t i = 0; i < biao_doc_table_count(doc); i++) {
    const biao_table *tb = biao_doc_table(doc, i);
    const char *title = biao_table_title(tb);
    if (title && strstr(title, needle)) return (int)i + 1;
    for (size_t k = 0; k < biao_table_cell_count(tb); k++) {
      const char *text;
      biao_table_cell(tb, k, NULL, NULL, NULL, NULL, &text);
      if (strstr(text, needle)) return (int)i + 1;
    }
  }
  return 0;
}

int tu_find_cell(const biao_doc *doc, int t, const char *text, int *row, int *col) {
  const biao_table *tb = table_or_fail(doc, t);
  for (size_t k = 0; k < biao_table_cell_count(tb); k++) {
    const char *s;
    biao_table_cell(tb, k, row, col, NULL, NULL, &s);
    if (!strcmp(s, text)) return 1;
  }
  return 0;
}

json_object *tu_json(const biao_doc *doc) {
  char *buf = NULL;
  size_t len = 0;
  biao_error err;
  cr_assert_eq(biao_export(doc, BIAO_FORMAT_JSON, NULL, &buf, &len, &err), BIAO_OK, "%s", err.message);
  json_object *j = json_tokener_parse(buf);
  cr_assert_not_null(j, "our JSON does not parse");
  biao_free(buf);
  return j;
}

static const char *jstr(json_object *o, const char *k) {
  json_object *v;
  return json_object_object_get_ex(o, k, &v) && v ? json_object_get_string(v) : "";
}
static int jint(json_object *o, const char *k) {
  json_object *v;
  return json_object_object_get_ex(o, k, &v) && v ? json_object_get_int(v) : -1;
}
static json_object *jget(json_object *o, const char *k) {
  json_object *v = NULL;
  json_object_object_get_ex(o, k, &v);
  return v;
}

/* The comparison of tu_expect_golden and tu_expect_truth: cells in row-major order as both files
 * store them; an expected header_rows of null is not judged (forms without a column header). */
static void expect_tables(const biao_doc *doc, const char *expected_rel, const char *path) {
  json_object *want = json_object_from_file(path);
  cr_assert_not_null(want, "cannot read expected %s", path);
  json_object *got = tu_json(doc);
  json_object *wt = jget(want, "tables"), *gt = jget(got, "tables");
  size_t nw = json_object_array_length(wt), ng = json_object_array_length(gt);
  for (size_t i = 0; i < nw && i < ng; i++) {
    json_object *a = json_object_array_get_idx(wt, i), *b = json_object_array_get_idx(gt, i);
    cr_expect_str_eq(jstr(b, "title"), jstr(a, "title"), "%s table %zu: title", expected_rel, i + 1);
    cr_assert_eq(jint(b, "n_rows"), jint(a, "n_rows"), "%s table %zu: n_rows", expected_rel, i + 1);
    cr_assert_eq(jint(b, "n_cols"), jint(a, "n_cols"), "%s table %zu: n_cols", expected_rel, i + 1);
    if (jget(a, "header_rows"))
      cr_expect_eq(jint(b, "header_rows"), jint(a, "header_rows"), "%s table %zu: header_rows", expected_rel, i + 1);
    cr_expect(jint(b, "page_start") == jint(a, "page_start") && jint(b, "page_end") == jint(a, "page_end"),
              "%s table %zu: pages %d-%d, want %d-%d", expected_rel, i + 1, jint(b, "page_start"),
              jint(b, "page_end"), jint(a, "page_start"), jint(a, "page_end"));
    json_object *ca = jget(a, "cells"), *cb = jget(b, "cells");
    size_t na = json_object_array_length(ca), nb = json_object_array_length(cb);
    for (size_t k = 0; k < na && k < nb; k++) {
      json_object *x = json_object_array_get_idx(ca, k), *y = json_object_array_get_idx(cb, k);
      cr_assert(jint(x, "row") == jint(y, "row") && jint(x, "col") == jint(y, "col") &&
                    jint(x, "rowspan") == jint(y, "rowspan") && jint(x, "colspan") == jint(y, "colspan"),
                "%s table %zu cell %zu: want (%d,%d) span %dx%d, got (%d,%d) span %dx%d", expected_rel, i + 1, k,
                jint(x, "row"), jint(x, "col"), jint(x, "rowspan"), jint(x, "colspan"), jint(y, "row"),
                jint(y, "col"), jint(y, "rowspan"), jint(y, "colspan"));
      cr_assert_str_eq(jstr(y, "text"), jstr(x, "text"), "%s table %zu cell (%d,%d): text", expected_rel, i + 1,
                       jint(x, "row"), jint(x, "col"));
    }
    cr_assert_eq(nb, na, "%s table %zu: %zu cells, want %zu", expected_rel, i + 1, nb, na);
  }
  cr_assert_eq(ng, nw, "%s: %zu tables, want %zu", expected_rel, ng, nw);
  json_object_put(want);
  json_object_put(got);
}

void tu_expect_golden(const biao_doc *doc, const char *expected_rel) {
  char *path = tu_corpus(expected_rel);
  if (g_getenv("BIAO_UPDATE_EXPECTED")) {
    char *buf = NULL;
    size_t len = 0;
    biao_error err;
    cr_assert_eq(biao_export(doc, BIAO_FORMAT_JSON, NULL, &buf, &len, &err), BIAO_OK);
    /* store paths relative to corpus/ so the file does not depend on the checkout location */
    cr_assert(g_file_set_contents(path, buf, (gssize)len, NULL));
    biao_free(buf);
  }
  expect_tables(doc, expected_rel, path);
  g_free(path);
}

void tu_expect_truth(const biao_doc *doc, const char *truth_rel) {
  char *path = tu_corpus(truth_rel);
  expect_tables(doc, truth_rel, path);
  g_free(path);
}

int tu_run_cli(const char *const *args, const char *stdin_data, gsize stdin_len, char **out, char **err) {
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)BIAO_CLI);
  for (const char *const *a = args; *a; a++) g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
  if (stdin_data) flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  GError *gerr = NULL;
  GSubprocess *p = g_subprocess_newv((const char *const *)argv->pdata, flags, &gerr);
  cr_assert_not_null(p, "cannot run %s: %s", BIAO_CLI, gerr ? gerr->message : "?");
  GBytes *in = stdin_data ? g_bytes_new(stdin_data, stdin_len) : NULL;
  GBytes *o = NULL, *e = NULL;
  cr_assert(g_subprocess_communicate(p, in, NULL, &o, &e, &gerr), "communicate failed");
  int status = g_subprocess_get_if_exited(p) ? g_subprocess_get_exit_status(p) : 128 + g_subprocess_get_term_sig(p);
  if (out) *out = g_strndup(g_bytes_get_data(o, NULL), g_bytes_get_size(o));
  if (err) *err = g_strndup(g_bytes_get_data(e, NULL), g_bytes_get_size(e));
  if (in) g_bytes_unref(in);
  g_bytes_unref(o);
  g_bytes_unref(e);
  g_object_unref(p);
  g_ptr_array_free(argv, TRUE);
  return status;
}

static cairo_status_t to_gstring(void *closure, const unsigned char *data, unsigned int len) {
  g_string_append_len(closure, (const char *)data, len);
  return CAIRO_STATUS_SUCCESS;
}

cairo_t *tu_pdf_page(GString *out) {
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_gstring, out, 595, 842);
  cairo_t *cr = cairo_create(s);
  cairo_surface_destroy(s); /* the context holds it */
  return cr;
}

void tu_pdf_finish(cairo_t *cr) {
  cairo_surface_t *s = cairo_surface_reference(cairo_get_target(cr));
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
}

biao_doc *tu_open_bytes(const GString *pdf, const char *name) {
  biao_doc *doc = NULL;
  biao_error err;
  cr_assert_eq(biao_doc_open_memory(&doc, pdf->str, pdf->len, name, NULL, &err), BIAO_OK, "%s: %s", name,
               err.message);
  return doc;
}
