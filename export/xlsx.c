/* xlsx.c — XLSX writer (libxlsxwriter). */
#include "../core/error.h"
#include "export.h"

int bz_xlsx_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err);

int bz_xlsx_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err) {
  (void)o;
  (void)path;
  return bz_fail(err, BIAO_ERR_USAGE, doc->path, "XLSX export is not built yet (issue 7)");
}
