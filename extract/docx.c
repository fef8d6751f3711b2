/* docx.c — placeholder until the docx reader lands. */
#include "../core/error.h"
#include "extract.h"

int bz_docx_read(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt, biao_error *err) {
  (void)data;
  (void)len;
  (void)opt;
  return bz_fail(err, BIAO_ERR_FORMAT, doc->path, "docx reader not built yet");
}
