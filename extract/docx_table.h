/* docx_table.h — building one biao_table from the WordprocessingML table events the walker sees
 * (w:tbl, w:tr, w:tc and their properties), resolving spans:
 *  - w:gridSpan gives a cell's colspan; w:gridBefore skips grid columns before a row's first cell;
 *  - w:vMerge="restart" opens a vertical merge, a bare w:vMerge (or val="continue") extends the merge
 *    open in the same grid column of the row above (rowspan grows); a continue cell with nothing to
 *    continue starts a cell of its own;
 *  - rows are committed at </w:tr>, so a row deleted under tracked changes (w:trPr/w:del) is dropped
 *    whole, and cells deleted (w:tcPr/w:cellDel) take no grid position;
 *  - at </w:tbl>, grid positions no cell covers (gridBefore/gridAfter, short rows, a w:tblGrid wider
 *    than the rows) get empty 1x1 cells, as pandoc does, so every row spans the full width. */
#ifndef BZ_DOCX_TABLE_H
#define BZ_DOCX_TABLE_H

#include "../core/limits.h"
#include "../core/model.h"

typedef enum { BZ_VM_NONE = 0, BZ_VM_RESTART, BZ_VM_CONTINUE } bz_vmerge;

/* Caps against hostile tables (a few bytes of XML can declare a huge grid): Word allows 63 columns,
 * LibreOffice 1024; no real table comes near 16M grid positions, nor a document near 5M cells (a
 * table-dense 10 MB DOCX has ~0.5M). Wider spans are clipped; the other caps stop the reader. */
#define BZ_DX_MAX_COLS 1024
#define BZ_DX_MAX_POSITIONS BZ_MAX_TABLE_POSITIONS /* the bounds of every reader (core/limits.h) */
#define BZ_DX_MAX_CELLS BZ_MAX_DOC_CELLS

typedef struct bz_dx_table bz_dx_table;

/* A new table appended to doc; nested in the current cell of `parent` when not NULL. `cells` counts
 * the cells the builders of one document have made (shared by all its tables). */
bz_dx_table *bz_dx_table_begin(biao_doc *doc, bz_dx_table *parent, gsize *cells);
/* TRUE once the table or the document went over a cap (the caller stops with BIAO_ERR_LIMIT). */
gboolean bz_dx_over_limit(const bz_dx_table *dx);
biao_table *bz_dx_table_get(bz_dx_table *dx);
void bz_dx_grid_col(bz_dx_table *dx);
/* Finish the table (padding, spans) and free the builder. Returns FALSE when padding would pass
 * the document's cell cap (the table is then left unpadded). */
gboolean bz_dx_table_end(bz_dx_table *dx);

void bz_dx_row_begin(bz_dx_table *dx);
void bz_dx_row_grid_before(bz_dx_table *dx, int n);
void bz_dx_row_grid_after(bz_dx_table *dx, int n);
void bz_dx_row_deleted(bz_dx_table *dx);
void bz_dx_row_header(bz_dx_table *dx, gboolean on);
void bz_dx_row_end(bz_dx_table *dx);

void bz_dx_cell_begin(bz_dx_table *dx);
gboolean bz_dx_in_cell(const bz_dx_table *dx);
void bz_dx_cell_span(bz_dx_table *dx, int n);
void bz_dx_cell_vmerge(bz_dx_table *dx, bz_vmerge m);
void bz_dx_cell_deleted(bz_dx_table *dx);
/* Legacy horizontal merge (w:hMerge continue, Word 97-era files): the cell joins the previous one. */
void bz_dx_cell_hmerge_continue(bz_dx_table *dx);
/* Add one paragraph to the open cell; paragraphs are joined with "\n" unless the previous one was
 * added with `glue_next` (its paragraph mark was deleted under tracked changes). */
void bz_dx_cell_add_para(bz_dx_table *dx, const char *text, gsize len, gboolean glue_next);
void bz_dx_cell_end(bz_dx_table *dx);

#endif
