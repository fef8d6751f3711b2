/* pdf_debug.h — internal entry points shared by the PDF reader and `biao debug` (not public API). */
#ifndef BZ_PDF_DEBUG_H
#define BZ_PDF_DEBUG_H

#include <poppler.h>

#include "biao.h"
#include "pdf_page.h"

/* Open a PDF from memory; Poppler errors become BIAO_ERR_CORRUPT / BIAO_ERR_ENCRYPTED. */
int bz_pdf_open(PopplerDocument **out, const guint8 *data, gsize len, const char *path, const char *password,
                biao_error *err);
void bz_pdf_page_init(bz_page *page, PopplerPage *pp, int number);
void bz_pdf_page_clear(bz_page *page);
/* Glyphs, rules and tables of one page (bz_ptable*). */
GPtrArray *bz_pdf_page_tables(bz_page *page, PopplerPage *pp);

/* Where a table of the whole document (numbered as `biao extract` numbers it) lies on the page. */
typedef struct bz_debug_label {
  int index;             /* the table's 1-based number in the document */
  double x0, y0, x1, y1; /* box of its cells on this page, in points */
} bz_debug_label;

/* Render page `number` (1-based) of the PDF at `path` to a PNG at `png`, `scale` pixels per point,
 * with the detected rules (red), cell boxes (blue) and table outlines (green), each table labelled
 * with the number of the document table it overlaps most in `labels` ("T?" for none: a table the
 * later passes dropped or joined away), and dashed the straight paths a reader cannot see, so not
 * rules (orange: the colour under them, magenta: transparent, grey: clipped, cyan: a wide stroke). */
int biao_debug_render_page(const char *path, const char *password, int number, double scale, const char *png,
                           const bz_debug_label *labels, int n_labels, biao_error *err);

#endif
