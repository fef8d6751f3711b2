/* limits.h — the bounds every reader keeps (docs/design.md, "Bounds"): inputs are untrusted, and a
 * few bytes can describe a huge grid. Over a bound the document is refused with BIAO_ERR_LIMIT
 * (CLI exit 4) and one line naming the bound; nothing is cut silently. */
#ifndef BZ_LIMITS_H
#define BZ_LIMITS_H

#include <glib.h>

#include "model.h"

/* Cells of one document (all tables). A table-dense 10 MB DOCX has ~0.5 M. */
#define BZ_MAX_DOC_CELLS ((gsize)5 << 20)
/* Grid positions (rows x columns) of one table: a dense grid is made of them. */
#define BZ_MAX_TABLE_POSITIONS ((gsize)16 << 20)
/* Bytes of text in one cell. */
#define BZ_MAX_CELL_TEXT ((gsize)1 << 20)

/* BIAO_ERR_LIMIT when the document's tables pass a bound above (checked after every reader). */
int bz_doc_check_limits(const biao_doc *doc, biao_error *err);

/* "1 GiB", "20 MB", "1.5 MB", "300 bytes": a byte count for a message, in the unit it was given in
 * (--max-size takes MB, the defaults are powers of two). g_free it. */
char *bz_format_bytes(guint64 n);

#endif
