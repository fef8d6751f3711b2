/* detect.h — input format from content (magic bytes), never from the file name. */
#ifndef BZ_DETECT_H
#define BZ_DETECT_H

#include <glib.h>

typedef enum bz_kind {
  BZ_KIND_UNKNOWN = 0, /* binary we cannot read */
  BZ_KIND_PDF,
  BZ_KIND_ZIP,         /* a zip container: DOCX if it has a Word main part */
  BZ_KIND_OLE,         /* OLE compound file: legacy .doc/.xls or an encrypted OOXML */
  BZ_KIND_TEXT,
} bz_kind;

/* `what` receives a short name of a recognised non-supported type ("PNG image"), or NULL. */
bz_kind bz_detect(const guint8 *data, gsize len, const char **what);

#endif
