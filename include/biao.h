/* biao.h — public API of libbiao: tables out of PDF, DOCX and text dumps.
 *
 * Conventions (see docs/design.md):
 *  - Functions that can fail return int: BIAO_OK (0) or a negative biao_code, and fill the optional
 *    biao_error. Objects come back through `**out` and belong to the caller.
 *  - Every `_free` accepts NULL. One biao_doc owns all memory of its tables, cells and strings:
 *    pointers obtained from a document stay valid until biao_doc_free().
 *  - The library never prints. Progress is reported through biao_options.progress.
 */
#ifndef BIAO_H
#define BIAO_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BIAO_VERSION "0.1.0"

/* Error codes. Stable: new codes are only ever appended. */
typedef enum biao_code {
  BIAO_OK = 0,
  BIAO_ERR_USAGE = -1,     /* invalid argument or option */
  BIAO_ERR_IO = -2,        /* input missing, unreadable, a directory; output not writable */
  BIAO_ERR_FORMAT = -3,    /* format not recognised or not supported (legacy .doc, PNG, ...) */
  BIAO_ERR_CORRUPT = -4,   /* recognised format but damaged (truncated zip/PDF, broken XML) */
  BIAO_ERR_ENCRYPTED = -5, /* password needed or wrong password */
  BIAO_ERR_LIMIT = -6,     /* a safety limit was hit (zip bomb, size caps) */
  BIAO_ERR_RULES = -7,     /* a rule file is invalid */
  BIAO_ERR_NOMEM = -8,     /* out of memory */
  BIAO_ERR_ENCODING = -9,  /* text in an encoding that cannot be converted */
  BIAO_ERR_EMPTY = -10,    /* input is empty (0 bytes) */
  BIAO_ERR_INTERNAL = -11  /* a bug: please report */
} biao_code;

/* Filled by functions that fail. All fields are plain values: nothing to free. */
typedef struct biao_error {
  int code;           /* biao_code */
  char message[512];  /* one line, no trailing newline */
  char path[1024];    /* input the error is about, or "" */
  int page;           /* 1-based page, or 0 */
  int line;           /* 1-based line (rules, text dumps), or 0 */
  long offset;        /* byte offset / PCRE2 pattern offset, or -1 */
} biao_error;

/* Short constant name of a code, e.g. "corrupt". Never NULL. */
const char *biao_code_name(int code);

/* Progress callback: `done` of `total` units (pages or files) of `what` ("pages", "files").
 * Return non-zero to ask the library to stop early (it then fails with BIAO_ERR_USAGE "cancelled"). */
typedef int (*biao_progress_fn)(void *user, const char *what, long done, long total);

typedef enum biao_input { BIAO_INPUT_AUTO = 0, BIAO_INPUT_PDF, BIAO_INPUT_DOCX, BIAO_INPUT_TEXT } biao_input;

typedef enum biao_unit_mode { BIAO_UNIT_KEEP = 0, BIAO_UNIT_YUAN, BIAO_UNIT_WAN } biao_unit_mode;

/* Options for opening a document. Initialise with biao_options_init() and set what you need;
 * all pointers are borrowed for the duration of the call only. */
typedef struct biao_options {
  biao_input input;            /* AUTO: detected from content, never from the file name */
  const char *password;        /* encrypted PDFs */
  const char *pages;           /* "3-5,8": only these pages (PDF); NULL = all */
  const char *rules_dir;       /* extra user rule files (added to the built-in ones) */
  size_t max_input_bytes;      /* 0 = default (1 GiB) */
  biao_unit_mode unit;         /* money columns: keep, convert to 元 or to 万元 */
  biao_progress_fn progress;   /* may be NULL */
  void *progress_user;
  int strict; /* nonzero: a rule that hits PCRE2's match/depth limit fails the
                 document (BIAO_ERR_RULES) instead of a warning */
} biao_options;

void biao_options_init(biao_options *opt);

typedef struct biao_doc biao_doc;
typedef struct biao_table biao_table;

/* Open and extract a document from a file. `path` "-" reads standard input.
 * On success *out owns everything; free it with biao_doc_free(). */
int biao_doc_open_file(biao_doc **out, const char *path, const biao_options *opt, biao_error *err);

/* Same from memory. `name` is used in messages and in the JSON "source.path" (may be NULL). */
int biao_doc_open_memory(biao_doc **out, const void *data, size_t len, const char *name,
                         const biao_options *opt, biao_error *err);

void biao_doc_free(biao_doc *doc);

const char *biao_doc_path(const biao_doc *doc);
const char *biao_doc_format(const biao_doc *doc); /* "pdf", "docx" or "text" */
const char *biao_doc_sha256(const biao_doc *doc); /* 64 lowercase hex digits */
int biao_doc_pages(const biao_doc *doc);         /* page count, or -1 when the format has none */
size_t biao_doc_table_count(const biao_doc *doc);
const biao_table *biao_doc_table(const biao_doc *doc, size_t i); /* 0-based; NULL if out of range */
size_t biao_doc_warning_count(const biao_doc *doc);
const char *biao_doc_warning(const biao_doc *doc, size_t i);
/* How many pages have images but no text layer (scans): no table can be read from them. When
 * `list` is not NULL it receives those pages as text ("1-3, 7"; owned by the document), or NULL
 * when there are none. Always 0 for DOCX and text. */
int biao_doc_scanned_pages(const biao_doc *doc, const char **list);

int biao_table_index(const biao_table *t);       /* 1-based, as in the JSON */
int biao_table_rows(const biao_table *t);
int biao_table_cols(const biao_table *t);
int biao_table_header_rows(const biao_table *t);
int biao_table_page_start(const biao_table *t);  /* 0 when unknown */
int biao_table_page_end(const biao_table *t);
const char *biao_table_title(const biao_table *t); /* NULL when none */
size_t biao_table_cell_count(const biao_table *t);
/* Cell i (0-based, row-major order of top-left positions). Any out-pointer may be NULL.
 * Returns BIAO_OK, or BIAO_ERR_USAGE when i is out of range. */
int biao_table_cell(const biao_table *t, size_t i, int *row, int *col, int *rowspan, int *colspan,
                    const char **text);
/* Text of the cell whose top-left corner is (row, col); "" for covered or empty positions. */
const char *biao_table_text_at(const biao_table *t, int row, int col);

/* LONG_CSV / LONG_NDJSON: one row per body value of every table (docs/long.md). SQLITE: a database
 * file (docs/sqlite.md), written with biao_export_file() only. */
typedef enum biao_format {
  BIAO_FORMAT_JSON = 0,
  BIAO_FORMAT_NDJSON,
  BIAO_FORMAT_CSV,
  BIAO_FORMAT_XLSX,
  BIAO_FORMAT_LONG_CSV,
  BIAO_FORMAT_LONG_NDJSON,
  BIAO_FORMAT_SQLITE
} biao_format;

typedef struct biao_export_options {
  int fill_merged;   /* repeat a merged cell's text into every position it covers (rows, csv) */
  int table;         /* 0 = all tables, else only table N (1-based) */
  int csv_bom;       /* CSV: UTF-8 byte order mark first, for Excel */
  int csv_crlf;      /* CSV: CRLF line ends */
  int pretty;        /* JSON: indented (default on in the CLI) */
  int header_flat;   /* CSV: one header row, the header path of each column joined with " / ",
                        labels made unique; the 栏次 row and repeated header rows left out */
  int numbers_plain; /* CSV: numbers as plain decimals ("1006.09", after --unit), placeholders
                        (——, -) of number columns empty, so database and pandas loaders type them */
} biao_export_options;

void biao_export_options_init(biao_export_options *o);

/* Serialise a document. For CSV, `table` selects the table (1-based; 0 means the first).
 * *out is NUL-terminated; free it with biao_free(). XLSX is written with biao_export_file(). */
int biao_export(const biao_doc *doc, biao_format fmt, const biao_export_options *o, char **out,
                size_t *len, biao_error *err);

/* Write `doc` to `path` atomically (temporary file in the same folder, then rename). */
int biao_export_file(const biao_doc *doc, biao_format fmt, const biao_export_options *o,
                     const char *path, biao_error *err);

/* Write `len` bytes to `path` atomically: a temporary file in the same folder, then rename, so a
 * failure never leaves a half-written file. */
int biao_write_file(const char *path, const void *data, size_t len, biao_error *err);

/* Write `doc` as JSON, NDJSON or CSV to `f`, table by table (the output is never held whole in
 * memory); the bytes are those biao_export() returns. BIAO_ERR_IO when a write fails. */
int biao_export_stream(const biao_doc *doc, biao_format fmt, const biao_export_options *o, FILE *f,
                       biao_error *err);

void biao_free(void *p);

/* Semantic layer (docs/meaning.md). The recognised form of a table ("收入支出决算总表",
 * "项目支出绩效自评表" ...), or NULL. */
const char *biao_table_form(const biao_table *t);
/* Arithmetic checks run on the table (rules/checks/). Check i (0-based): rule name, ok (1/0), the
 * expected and printed amounts, a description, and the checked cell. Any out-pointer may be NULL.
 * Returns BIAO_OK, or BIAO_ERR_USAGE when i is out of range. */
size_t biao_table_check_count(const biao_table *t);
int biao_table_check(const biao_table *t, size_t i, const char **rule, int *ok, const char **expected,
                     const char **actual, const char **what, int *row, int *col);
/* Check i as a person reads it: *where the checked cell is ("p.12 row 14 '2010101 行政运行', column
 * 项目支出": 1-based row, its label, the column header) and, for a check that could not decide, *reason
 * why (else NULL). Returns BIAO_CHECK_PASSED, BIAO_CHECK_FAILED or BIAO_CHECK_NOT_CHECKED (whose `ok`
 * from biao_table_check is 1: an undecided check never fails), or BIAO_ERR_USAGE when i is out of
 * range. Either out-pointer may be NULL. */
enum { BIAO_CHECK_FAILED = 0, BIAO_CHECK_PASSED = 1, BIAO_CHECK_NOT_CHECKED = 2 };
int biao_table_check_status(const biao_table *t, size_t i, const char **where, const char **reason);
/* Canonical records of the recognised forms as JSON {source, records: [...]} (schemas/).
 * *out is NUL-terminated; free it with biao_free(). */
int biao_export_records(const biao_doc *doc, int pretty, char **out, size_t *len, biao_error *err);

/* ---- For bindings (the Python package in python/ uses these through ctypes) ---- */

/* Version of the library actually loaded, e.g. "0.1.0" (BIAO_VERSION is the header's). */
const char *biao_version(void);

/* sizeof a public struct as compiled into this library: "biao_options", "biao_error" or
 * "biao_export_options"; 0 for any other name. With biao_offsetof() it lets a binding that copies
 * the struct layout (ctypes) check at load time and in its tests that the copy has not drifted. */
size_t biao_sizeof(const char *type);
/* offsetof(type, field) for the fields of those structs, e.g. ("biao_options", "unit"); -1 when
 * the type or field is unknown. */
long biao_offsetof(const char *type, const char *field);

/* Parse `text` as one printed number, the way the XLSX export and the Python binding type cells:
 * "1,006.09" → 1006.09, "-3" → -3, "67.07%" → 67.07 (a percentage is its printed figure, in every
 * output: the JSON value, XLSX cells formatted 0.00"%", pandas; docs/meaning.md). Codes and
 * identifiers are not numbers: "01" (leading zero), "12,34" (bad grouping), 12+ bare digits.
 * Returns 1 and sets *value (may be NULL) when it is a number, else 0. */
int biao_parse_number(const char *text, double *value);

/* Typed grid of table `t`, as the XLSX export writes it: for each position i = row * cols + col,
 * is_number[i] is 1 and values[i] holds the number when the cell covering it shows one printed
 * number (typed by the semantic layer: "1,006.09", "(12.50)", "3379.81万元"; a printed percentage
 * as its figure, 67.07; after --unit conversion) and is not a code or label (header rows, and the
 * cells the semantic layer types "code": 科目编码/行次 columns, 栏次 rows, columns of hierarchical
 * codes such as 201/20101, leading zeros; comparators like "≥80%" stay text); positions a merged
 * cell covers repeat its value.
 * Otherwise is_number[i] is 0 and values[i] is 0. Both arrays hold rows*cols entries (either may be
 * NULL). Returns BIAO_OK. */
int biao_table_numbers(const biao_table *t, double *values, unsigned char *is_number);

#ifdef __cplusplus
}
#endif
#endif /* BIAO_H */
