/* testutil.h — shared helpers for the Criterion tests: open corpus documents, read cells, run the
 * CLI, and compare a document cell by cell against a reviewed expected JSON file. */
#ifndef BIAO_TESTUTIL_H
#define BIAO_TESTUTIL_H

#include <cairo.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <json-c/json.h>

#include "biao.h"

/* Path inside corpus/ (g_free it). */
char *tu_corpus(const char *rel);
/* Path inside ../shared/ (g_free it). */
char *tu_shared(const char *rel);

/* Open a corpus document (relative to corpus/) or fail the test. */
biao_doc *tu_open(const char *rel);
biao_doc *tu_open_opts(const char *rel, const biao_options *opt);
/* Open and expect failure; returns the error code and fills err. */
int tu_open_fail(const char *rel, biao_error *err);

/* Text of table `t` (1-based) at (row, col): the top-left text of the cell there. */
const char *tu_text(const biao_doc *doc, int t, int row, int col);
/* Span of the cell whose top-left corner is (row,col); fails the test if no cell starts there. */
void tu_span(const biao_doc *doc, int t, int row, int col, int *rowspan, int *colspan);
/* Expect the cell whose top-left corner is (row,col) of table t to hold `text` and span rowspan x
 * colspan (the position in the failure message). */
void tu_expect_cell(const biao_doc *doc, int t, int row, int col, const char *text, int rowspan, int colspan);
/* First table whose title or any cell contains `needle` (1-based index), or 0. */
int tu_find_table(const biao_doc *doc, const char *needle);
/* Find the first cell of table t whose text equals `text`; returns 1 and sets row/col. */
int tu_find_cell(const biao_doc *doc, int t, const char *text, int *row, int *col);

/* A PDF drawn in the test: tu_pdf_page gives a cairo context on an A4 page (595×842 pt, more with
 * cairo_show_page) whose bytes go to `out`; tu_pdf_finish closes it. */
cairo_t *tu_pdf_page(GString *out);
void tu_pdf_finish(cairo_t *cr);
/* Open PDF bytes drawn so (named `name`) or fail the test. */
biao_doc *tu_open_bytes(const GString *pdf, const char *name);

/* The document as parsed JSON (json_object_put it). */
json_object *tu_json(const biao_doc *doc);

/* Compare every table of `doc` with corpus/EXPECTED_REL: same number of tables, and for each
 * table the same n_rows, n_cols, and cells (row, col, rowspan, colspan, text). Fails with the
 * first difference. Set BIAO_UPDATE_EXPECTED=1 to (re)write the expected file for review. */
void tu_expect_golden(const biao_doc *doc, const char *expected_rel);
/* The same comparison against a hand-written truth file (never rewritten; its header_rows may be
 * null: not judged). */
void tu_expect_truth(const biao_doc *doc, const char *truth_rel);

/* Run the built CLI with argv (NULL-terminated, without the program name) and optional stdin data.
 * Returns the exit status; out/err receive stdout/stderr (g_free them; may pass NULL). */
int tu_run_cli(const char *const *args, const char *stdin_data, gsize stdin_len, char **out, char **err);

#endif
