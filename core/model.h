/* model.h — the document model every reader fills and every writer reads (internal).
 *
 * One biao_doc owns everything: strings are interned in doc->strings (a GStringChunk arena), tables
 * and warnings are freed with the document. Readers build tables with bz_table_new() and
 * bz_table_add_cell(); bz_table_finish() computes the grid size. What the meaning pass finds is
 * part of the model too (semantic.h). core/ includes nothing from the stages: see core/README.md. */
#ifndef BZ_MODEL_H
#define BZ_MODEL_H

#include <glib.h>

#include "biao.h"
#include "semantic.h"

typedef struct bz_cell {
  int row, col, rowspan, colspan;
  const char *text; /* interned in doc->strings; never NULL ("" when empty) */
} bz_cell;

/* Where a cell sits on its page (PDF). Kept out of bz_cell, in an array parallel to a table's cells
 * that only a reader which knows geometry creates (bz_cell_geom_mut): a 10 MB DOCX has ~0.5M cells,
 * and 40 bytes of coordinates each would be most of its memory. */
typedef struct bz_geom {
  double x0, y0, x1, y1; /* cell box in page points (top-left origin) */
  int page;              /* 1-based page of the cell; 0 = unknown */
} bz_geom;

typedef struct bz_kv {
  const char *key, *value; /* interned */
} bz_kv;

/* How sure biao is of a table (normalize/quality.c; "quality" in the JSON). */
typedef struct bz_quality {
  int amounts;       /* amounts in its cells */
  int outside;       /* amounts printed on its pages outside every table, nearest to it; -1 unknown (not PDF) */
  int run_together;  /* cells holding two amounts run together */
  int checks, checks_failed;
} bz_quality;

/* An amount printed on a PDF page outside every table (pdf_context.c). */
typedef struct bz_orphan {
  int page;
  double y; /* its line's middle, page points from the top */
} bz_orphan;

struct biao_table {
  int index;                /* 1-based, assigned by bz_doc_number_tables() */
  int page_start, page_end; /* 0 = unknown (JSON null) */
  const char *title;        /* NULL = none */
  GPtrArray *context;       /* const char*: paragraphs/lines just before the table, in order */
  GPtrArray *meta;          /* bz_kv*: code, unit, department, year, ... */
  int n_rows, n_cols, header_rows;
  GArray *cells;            /* bz_cell, row-major by top-left corner after bz_table_finish() */
  GArray *geom;             /* bz_geom parallel to cells (same index), or NULL: see bz_cell_geom() */
  biao_table *parent;       /* nested table: the table whose cell holds it, or NULL */
  int parent_row, parent_col;
  double x0, y0, x1, y1;    /* PDF: table box on page_start */
  const char *grid_source;  /* PDF: "geometry", "tags" or "geometry+tags" (static); NULL elsewhere */
  gboolean ruled;           /* PDF: its columns are drawn rules (a lattice), not whitespace between texts */
  const char **grid;        /* lazily built dense grid (n_rows*n_cols), see bz_table_grid() */
  const bz_cell **owner;    /* lazily built: the cell covering each position */
  bz_meaning *meaning;      /* what the meaning pass found (semantic.h), or NULL; owned */
  bz_quality quality;       /* set by the last normalize pass */
};

struct biao_doc {
  char *path;           /* display path ("-" for stdin) */
  const char *format;   /* "pdf", "docx", "text" (static string) */
  char sha256[65];
  int pages;            /* -1 = not paged */
  int scanned_pages;    /* PDF pages without a text layer but with images (scans) */
  const char *scanned;  /* those pages as a list ("1-3, 7"), interned; NULL when none */
  GArray *orphans;      /* bz_orphan: PDF amounts outside every table of a table page; NULL when none */
  GPtrArray *tables;    /* biao_table*, owned */
  GPtrArray *warnings;  /* char*, owned */
  GStringChunk *strings;
  const biao_options *opt; /* borrowed, valid only while opening */
  GStringChunk *scratch;   /* when set, bz_doc_intern_scratch() copies here (the meaning pass points
                              it at a table's value arena while typing the table's cells) */
};

biao_doc *bz_doc_new(const char *path);
/* Intern a string in the document arena; NULL becomes "". */
const char *bz_doc_intern(biao_doc *doc, const char *s);
const char *bz_doc_intern_len(biao_doc *doc, const char *s, gssize len);
/* A copy of s (not de-duplicated) in doc->scratch when set, else in the document arena. */
const char *bz_doc_intern_scratch(biao_doc *doc, const char *s);
void bz_doc_warn(biao_doc *doc, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Assign 1-based indices in document order. */
void bz_doc_number_tables(biao_doc *doc);

biao_table *bz_table_new(biao_doc *doc);
/* Detach and free a table (e.g. an empty one a reader gave up on). */
void bz_table_remove(biao_doc *doc, biao_table *t);
bz_cell *bz_table_add_cell(biao_doc *doc, biao_table *t, int row, int col, int rowspan, int colspan,
                           const char *text);
void bz_table_add_context(biao_doc *doc, biao_table *t, const char *line);
void bz_table_set_meta(biao_doc *doc, biao_table *t, const char *key, const char *value);
const char *bz_table_get_meta(const biao_table *t, const char *key);
/* Geometry of cell c (a pointer into t->cells): NULL when the table has none. bz_cell_geom_mut
 * creates it (zeros for the other cells); like cell pointers, valid until the next cell is added. */
const bz_geom *bz_cell_geom(const biao_table *t, const bz_cell *c);
bz_geom *bz_cell_geom_mut(biao_table *t, const bz_cell *c);
/* Remove cell i (and its geometry). */
void bz_table_remove_cell(biao_table *t, guint i);
/* Sort cells row-major, compute n_rows/n_cols from spans, drop the cached grid. */
void bz_table_finish(biao_table *t);
/* Dense grid: text of the top-left cell at each position, "" elsewhere (or the text repeated when
 * `fill`). Returned array belongs to the table (fill=0) or must be g_free()d (fill=1). */
const char **bz_table_grid(biao_table *t, int fill);
/* Free the lazily built grid and owner arrays (they are rebuilt on demand): passes that visit
 * every table call it when done with one, so a large document never holds them all at once. */
void bz_table_release_caches(biao_table *t);
/* The cell covering (row, col), or NULL. */
const bz_cell *bz_table_owner(biao_table *t, int row, int col);
/* The cell whose top-left corner is (row, col), or NULL (inside a merged cell, or no cell). */
const bz_cell *bz_table_cell_at(biao_table *t, int row, int col);

#endif
