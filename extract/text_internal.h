/* text_internal.h — the text-dump reader's shared pieces: decoded lines, line classes, the
 * scanner state, and a small dense grid the three layout parsers fill before it becomes a table.
 * Layouts (docs/text.md): tab-separated rows (PDF dumps), one cell per tab-prefixed line with a
 * blank line after each row (DOCX dumps), and forms dumped one cell per line without tabs. */
#ifndef BZ_TEXT_INTERNAL_H
#define BZ_TEXT_INTERNAL_H

#include "../core/model.h"
#include "../core/rules.h"

#define BZ_TEXT_MAX_LINE (1u << 20)      /* longer lines are cut (with a warning) */
#define BZ_TEXT_MAX_LINES 5000000u       /* more lines than this: BIAO_ERR_LIMIT */
#define BZ_TEXT_CONTEXT_LINES 8          /* lines kept before a table as its context */

/* Decode `data` (UTF-8, UTF-8 with invalid bytes, UTF-16 LE/BE with or without BOM, GB18030)
 * into UTF-8 text without NUL bytes and with LF line ends. *out is g_free'd by the caller. */
int bz_text_decode(biao_doc *doc, const guint8 *data, gsize len, char **out, gsize *out_len, biao_error *err);

/* Split decoded text in place into lines (pointers into `text`), cutting over-long lines. */
int bz_text_split_lines(biao_doc *doc, char *text, gsize len, GPtrArray **lines, biao_error *err);

typedef enum { BZ_LINE_BLANK, BZ_LINE_TEXT, BZ_LINE_CELL, BZ_LINE_ROW } bz_line_kind;

typedef struct bz_scan {
  biao_doc *doc;
  const bz_rules *rules;
  GPtrArray *lines;   /* char*, noise already removed */
  guint n;
  GPtrArray *pending; /* char*: narrative lines since the last table (context candidates) */
  int *page;          /* per line: 1-based page, counted from form feeds (pdftotext); NULL if none */
  gsize cells;        /* grid positions of the tables made so far (core/limits.h bounds) */
  biao_error *err;
  int rc; /* BIAO_OK, or the error (a bound passed) that stopped the scan */
} bz_scan;

/* Make room for a table of rows x cols grid positions: FALSE (and s->rc = BIAO_ERR_LIMIT) when it
 * would pass a bound of core/limits.h; the parser then drops the table and the scan stops. Parsers
 * call it before anything sized rows x cols is allocated. */
gboolean bz_scan_reserve(bz_scan *s, gsize rows, gsize cols);

const char *bz_scan_line(const bz_scan *s, guint i);
bz_line_kind bz_scan_kind(const bz_scan *s, guint i);
/* Is this line a title/attachment/code line: something that starts a new table? */
gboolean bz_scan_is_heading(const bz_scan *s, const char *line);
/* Remember a narrative line as a context candidate. */
void bz_scan_pending(bz_scan *s, const char *line);

/* ---- dense grid ---- */
typedef struct bz_tcell {
  char *text;
  int rowspan, colspan;
  gboolean covered; /* inside another cell's span */
} bz_tcell;

typedef struct bz_tgrid {
  int nrows, ncols;
  bz_tcell *c; /* nrows * ncols */
  int header_rows;
} bz_tgrid;

/* NULL (s->rc = BIAO_ERR_NOMEM) when the grid cannot be allocated. */
bz_tgrid *bz_tgrid_new(bz_scan *s, int nrows, int ncols);
void bz_tgrid_free(bz_tgrid *g);
bz_tcell *bz_tgrid_at(bz_tgrid *g, int r, int c);
/* Set the text of (r,c) (copied). */
void bz_tgrid_set(bz_tgrid *g, int r, int c, const char *text);
/* Extend (r,c) to rs x cs, marking the covered positions (their text is dropped). */
void bz_tgrid_span(bz_tgrid *g, int r, int c, int rs, int cs);
/* Emit the grid as a new table of the document with the scanner's pending lines as context.
 * first_line/last_line: 1-based, inclusive; they give the pages when the dump has form feeds. */
biao_table *bz_tgrid_emit(bz_scan *s, bz_tgrid *g, int first_line, int last_line);
/* Page of line i (0-based), or 0 when the dump has no form feeds. */
int bz_scan_page(const bz_scan *s, guint i);

/* Cell classification shared by the parsers. */
gboolean bz_cell_is_empty(const char *s);
gboolean bz_cell_is_number(const char *s);   /* 1,006.09  67.07%  -3  ≥80% */
gboolean bz_cell_is_header(const bz_scan *s, const char *text); /* header vocabulary, spaces removed */
gboolean bz_row_is_colnum(const bz_scan *s, char **cells, int n); /* 栏次 1 2 3 / 1 2 ... 12 */
/* White space (ASCII and U+3000) removed; g_free it. */
char *bz_squeeze(const char *s);

/* The parsers: each reads a table starting at line `i` and returns the first line after it. */
guint bz_text_tabbed(bz_scan *s, guint i);
guint bz_text_cellines(bz_scan *s, guint i);
/* Cell-per-line form without tabs: returns i when no form starts at i. */
guint bz_text_bare(bz_scan *s, guint i);

#endif
