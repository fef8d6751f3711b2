/* docx_xml.h — libxml2's xmlTextReader over a zip entry stream or a small buffer, configured for
 * untrusted input: no network, no DTD loading, no entity substitution, and any DOCTYPE that declares
 * entities refused (billion laughs). All libxml2 errors become biao_error in docx_xml.c. */
#ifndef BZ_DOCX_XML_H
#define BZ_DOCX_XML_H

#include <libxml/xmlreader.h>

#include "docx_zip.h"

typedef struct bz_xml bz_xml;

/* Stream the XML of `s` (owned by the caller, must outlive the reader). `part` names the entry in
 * messages. */
int bz_xml_open_stream(bz_xml **out, bz_zip_stream *s, const char *part, const char *path, biao_error *err);
/* Parse a buffer (borrowed). */
int bz_xml_open_memory(bz_xml **out, const char *buf, gsize len, const char *part, const char *path,
                       biao_error *err);
/* Advance: to the next node in document order, or past the current node's subtree when `skip`.
 * Returns 1 on a node, 0 at the end, or a negative biao code with err filled. */
int bz_xml_next(bz_xml *x, gboolean skip, biao_error *err);
xmlTextReaderPtr bz_xml_reader(bz_xml *x);
void bz_xml_free(bz_xml *x);

#endif
