/* extract.h — one reader per input format; each fills `doc` (tables, pages, warnings) from bytes
 * already in memory. Readers return BIAO_OK or a negative biao_code with `err` filled. */
#ifndef BZ_EXTRACT_H
#define BZ_EXTRACT_H

#include "../core/model.h"

int bz_docx_read(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt, biao_error *err);
int bz_pdf_read(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt, biao_error *err);
int bz_text_read(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt, biao_error *err);

#endif
