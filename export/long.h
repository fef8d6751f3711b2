/* long.h — the long (tidy) view of a document: one row per body value of every table, with the
 * document, table, row and column it belongs to (internal; docs/long.md). The CSV and NDJSON long
 * writers and the SQLite writer all walk the same rows, so they never disagree. */
#ifndef BZ_LONG_H
#define BZ_LONG_H

#include "../core/model.h"

typedef struct bz_long_row {
  biao_table *t;
  const char *form_code;  /* "公开01表", or NULL */
  const char *department; /* table meta "department", else the document's, or NULL */
  const char *year;       /* table meta "year", else the document's, or NULL */
  int page;               /* page of the value's cell (PDF geometry), else the table's first, 0 = none */
  int row, col;           /* 0-based top-left position of the cell */
  const char *row_label;  /* label path: the row's label, under its parent 科目 labels, " / " */
  const char *code;       /* 科目 code of the row, or NULL */
  const char *kind;       /* "detail", "小计", "合计" or "总计" */
  const char *column;     /* header path joined with " / ", or NULL */
  const char *text;       /* the printed text */
  const bz_value *value;  /* typed value (never NULL) */
  const char *decimal;    /* the value as a plain decimal (number and percent), or NULL */
  const char *unit;       /* unit of the value after --unit ("元", "万元", "%"), or NULL */
} bz_long_row;

typedef int (*bz_long_fn)(const bz_long_row *r, void *user);

/* Call fn for every body value of t, in row-major order: cells of data and total rows that are
 * not empty and not in a label, code or 行次 column. Stops at, and returns, fn's first non-zero
 * return. Tables the meaning pass did not see give no rows. */
int bz_long_table(const biao_doc *doc, biao_table *t, bz_long_fn fn, void *user);
/* The first table meta `key` of the document ("department", "year": printed once, above the
 * first tables), or NULL. */
const char *bz_long_doc_meta(const biao_doc *doc, const char *key);

/* The column names of the long CSV, in order, and one row as CSV (a trailing newline). */
void bz_long_csv_header(GString *out, const biao_export_options *o);
void bz_long_csv_row(GString *out, const biao_doc *doc, const bz_long_row *r, const biao_export_options *o);
/* One row as a JSON object on one line (a trailing newline). */
void bz_long_ndjson_row(GString *out, const biao_doc *doc, const bz_long_row *r);
/* A header path ("收入/决算数", as the model keeps it) joined with " / "; g_free. NULL for NULL. */
char *bz_long_header_path(const char *path);

#endif
