/* pdf_page.h — what the PDF reader knows about one page (internal to extract/pdf_*.c).
 *
 * All coordinates are in points, origin top-left, in the page's display orientation (after
 * /Rotate): the space of poppler_page_get_text_layout and poppler_page_render. */
#ifndef BZ_PDF_PAGE_H
#define BZ_PDF_PAGE_H

#include <poppler.h>

#include "../core/model.h"

/* One glyph of the text layer. */
typedef struct bz_pchar {
  gunichar c;
  double x0, y0, x1, y1;
  int used;         /* assigned to a table cell */
  int space_before; /* the text stream had a space just before this glyph */
} bz_pchar;

/* A run of glyphs on one baseline, split where the horizontal gap is wide (a new column). */
typedef struct bz_pseg {
  double x0, y0, x1, y1;
  char *text; /* UTF-8, owned */
  int line;   /* index of the line it belongs to */
} bz_pseg;

/* A ruling line after merging: horizontal when y0 == y1 (x0 < x1), vertical when x0 == x1. */
typedef struct bz_rule {
  double x0, y0, x1, y1;
} bz_rule;

/* Why a straight path a reader cannot see is not a rule (shown by biao debug). */
typedef enum bz_unseen_why {
  BZ_UNSEEN_COLOUR,      /* its colour is that of what lies under it (white on the page, grey on grey) */
  BZ_UNSEEN_TRANSPARENT, /* alpha near 0 */
  BZ_UNSEEN_CLIPPED,     /* outside the clip */
  BZ_UNSEEN_WIDE,        /* a stroke wider than a rule: a bar */
  BZ_UNSEEN_UNDERLINE,   /* seen, but it underlines (or strikes through) a run of text */
} bz_unseen_why;

typedef struct bz_unseen {
  bz_rule where; /* the piece, or the path's extent */
  bz_unseen_why why;
} bz_unseen;

typedef struct bz_page {
  int number; /* 1-based */
  double width, height;
  GArray *chars;  /* bz_pchar, in content order, without spaces/line ends */
  GArray *hrules; /* bz_rule, merged horizontal rules */
  GArray *vrules; /* bz_rule, merged vertical rules */
  GArray *unseen; /* bz_unseen, or NULL: set it (biao debug) to learn which paths were not rules */
  int suspicious; /* glyphs decoded to U+FFFD or private-use characters */
} bz_page;

/* pdf_text.c */
/* Read the glyph boxes of the page into page->chars. */
void bz_pdf_read_chars(bz_page *page, PopplerPage *pp);
/* Text of the chars with indices `idx` (into page->chars), laid out as lines: glyphs grouped by
 * baseline, sorted by x, a space where the gap is wide between non-CJK glyphs; lines joined by
 * bz_pdf_join_lines' rule. Returns a new string. */
char *bz_pdf_text_of(const bz_page *page, const GArray *idx);
/* Text of the top printed line of the chars with indices `idx`, the bottom of that line in *y1 and
 * whether more lines follow in *more; NULL when idx is empty. Returns a new string. */
char *bz_pdf_first_line(const bz_page *page, const GArray *idx, double *y1, gboolean *more);
/* Segments (bz_pseg) of the chars not yet `used` whose centre lies in [y0, y1): text lines split at
 * gaps of at least `gap` glyph heights, top to bottom, left to right. Free with bz_pdf_segs_free. */
#define BZ_GAP_ITEMS 2.0   /* two items on one printed line (context lines) */
#define BZ_GAP_COLUMNS 1.0 /* two columns of an unruled table */
GArray *bz_pdf_free_segments(const bz_page *page, double y0, double y1, double gap);
void bz_pdf_segs_free(GArray *segs);

/* A printed line inside a box: its vertical extent and in how many columns it has glyphs. */
typedef struct bz_band {
  double y0, y1;
  int cols;   /* columns with glyphs */
  int digits; /* has a digit */
} bz_band;
/* Lines of the unused glyphs whose centre lies in the box, top to bottom; columns are delimited
 * by the boundaries `xs` (double). */
GArray *bz_pdf_line_bands(const bz_page *page, double x0, double y0, double x1, double y1, const GArray *xs);

/* pdf_rules.c */
/* What watches the rendering of a document's pages (one per document and thread). */
typedef struct bz_rules bz_rules;
bz_rules *bz_pdf_rules_new(void);
void bz_pdf_rules_free(bz_rules *rules);
/* Find ruling lines by rendering the page and watching the paths Poppler fills and strokes.
 * Fills page->hrules and page->vrules (merged, snapped). Call it before bz_pdf_read_chars: the
 * render reads the text layer too, and Poppler keeps it. Returns FALSE if the page could not be
 * rendered or draws too many lines (then it has no rules). */
gboolean bz_pdf_find_rules(bz_rules *rules, bz_page *page, PopplerPage *pp);

/* pdf_underline.c */
/* Drop from page->hrules the lines that underline or strike through one run of text (as long as
 * the run, under or through its glyphs): decoration, not rules. Needs page->chars. */
void bz_pdf_drop_underlines(bz_page *page);

/* pdf_grid.c */
/* A table found on a page, before it becomes a biao_table. */
typedef struct bz_ptable {
  double x0, y0, x1, y1;
  GArray *xs, *ys; /* double: column and row boundaries */
  GArray *cells;   /* bz_pcell */
  int header_rows;    /* > 0: known from the tags (TH rows); 0: found by pdf_context.c */
  GPtrArray *head_lines; /* char*, owned, or NULL: 编制单位：/单位：万元 lines printed inside the first row */
  const char *source; /* NULL = "geometry"; "geometry+tags" (tags agree), "tags" (grid from tags) */
  gboolean ruled;     /* its columns are drawn rules (a lattice), not whitespace between texts */
  const struct bz_ptable *parent; /* a table nested in a cell of `parent` (same page), or NULL */
  int parent_row, parent_col;     /* that cell's top-left grid position */
} bz_ptable;

typedef struct bz_pcell {
  int row, col, rowspan, colspan;
  char *text; /* owned */
} bz_pcell;

/* Lattice tables of the page from its rules; marks the glyphs inside them as used.
 * Returns bz_ptable* (free with bz_pdf_ptable_free). */
GPtrArray *bz_pdf_lattice(bz_page *page);
/* Ascending order of doubles (g_array_sort). */
int bz_pdf_cmp_double(gconstpointer a, gconstpointer b);
/* Page order of tables (bz_ptable*): from the top, a table before the tables nested in it. */
int bz_pdf_cmp_tables(gconstpointer a, gconstpointer b);
void bz_pdf_ptable_free(gpointer p);

/* pdf_stream.c */
/* Tables made only of horizontal rules (three-line tables) or of aligned text; appended to
 * `tables`. Marks used glyphs. */
void bz_pdf_stream(bz_page *page, GPtrArray *tables);

/* pdf_context.c */
/* Is s a line about the table rather than a cell of it: 编制单位：…, 部门名称：…, 单位：万元? */
gboolean bz_pdf_is_meta_line(const char *s);
/* Move tables of the page into `doc`, with their context lines (title, code, unit). `*carry` holds
 * the last lines of the previous page (a title printed at its foot) and is replaced by this page's. */
void bz_pdf_emit_tables(biao_doc *doc, bz_page *page, GPtrArray *ptables, GPtrArray **carry);

#endif
