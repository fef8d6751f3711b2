/* docx.h — DOCX reader entry points beyond extract.h's bz_docx_read. */
#ifndef BZ_DOCX_H
#define BZ_DOCX_H

#include "../core/model.h"

/* Read tables from a WordprocessingML main part already out of its package (xml[0..len), borrowed):
 * what bz_docx_read does after unzipping. Used by the fuzz target to reach the walker without
 * fighting zip CRCs. */
int bz_docx_read_xml(biao_doc *doc, const char *xml, gsize len, biao_error *err);

#endif
