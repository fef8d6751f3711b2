/* docx.h — DOCX reader entry points beyond extract.h's bz_docx_read. */
#ifndef BZ_DOCX_H
#define BZ_DOCX_H

#include "../core/model.h"
#include "docx_zip.h"

/* Read tables from a WordprocessingML main part already out of its package (xml[0..len), borrowed):
 * what bz_docx_read does after unzipping. Used by the fuzz target to reach the walker without
 * fighting zip CRCs. */
int bz_docx_read_xml(biao_doc *doc, const char *xml, gsize len, biao_error *err);

/* Name of the main part of the package (g_free *out). Fails with BIAO_ERR_FORMAT "not a DOCX: no
 * word/document.xml (...)" when the package has none. */
int bz_docx_main_part(bz_zip *z, const char *path, char **out, biao_error *err);

#endif
