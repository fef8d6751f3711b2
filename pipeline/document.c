/* document.c — the pipeline on top of the library: read input → detect format → extract →
 * normalize → number tables; the model it returns is what the writers (export/) read. The only
 * folder that sees every stage (pipeline/README.md). */
#include <string.h>

#include "../core/error.h"
#include "../core/input.h"
#include "../core/model.h"
#include "../extract/extract.h"
#include "../normalize/normalize.h"
#include "../core/rules.h"
#include "detect.h"
#include "../core/limits.h"

#define BZ_DEFAULT_MAX_INPUT ((gsize)1 << 30)

void biao_options_init(biao_options *opt) {
  memset(opt, 0, sizeof *opt);
}

static int dispatch(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt,
                    biao_error *err) {
  const char *what = NULL;
  bz_kind kind = bz_detect(data, len, &what);
  switch (opt->input) {
  case BIAO_INPUT_PDF: kind = BZ_KIND_PDF; break;
  case BIAO_INPUT_DOCX: kind = BZ_KIND_ZIP; break;
  case BIAO_INPUT_TEXT: kind = BZ_KIND_TEXT; break;
  case BIAO_INPUT_AUTO: break;
  }
  switch (kind) {
  case BZ_KIND_PDF: doc->format = "pdf"; return bz_pdf_read(doc, data, len, opt, err);
  case BZ_KIND_ZIP: doc->format = "docx"; return bz_docx_read(doc, data, len, opt, err);
  case BZ_KIND_TEXT: doc->format = "text"; return bz_text_read(doc, data, len, opt, err);
  case BZ_KIND_OLE:
    return bz_fail(err, BIAO_ERR_FORMAT, doc->path,
                   "OLE compound file: a legacy .doc/.xls or a password-protected Office file is not "
                   "supported; save it as .docx (without a password) or export it to PDF");
  case BZ_KIND_UNKNOWN:
  default:
    return bz_fail(err, BIAO_ERR_FORMAT, doc->path,
                   "unsupported input (%s); biao reads PDF, DOCX and text dumps",
                   what ? what : "unknown binary");
  }
}

/* `owned`: the input buffer when the library read it itself; freed as soon as the reader is done
 * with it (a 10 MB input need not stay in memory through the normalize passes). */
static int open_data(biao_doc **out, const void *data, size_t len, const char *name,
                     const biao_options *opt, biao_error *err, guint8 **owned) {
  biao_options defaults;
  g_return_val_if_fail(out != NULL, BIAO_ERR_USAGE);
  *out = NULL;
  bz_error_clear(err);
  if (!opt) {
    biao_options_init(&defaults);
    opt = &defaults;
  }
  if (!name) name = "-";
  if (len == 0) return bz_fail(err, BIAO_ERR_EMPTY, name, "empty file");
  gsize cap = opt->max_input_bytes ? opt->max_input_bytes : BZ_DEFAULT_MAX_INPUT;
  if (len > cap) {
    char *size = bz_format_bytes(len), *lim = bz_format_bytes(cap);
    int rc = bz_fail(err, BIAO_ERR_LIMIT, name, "input is %s, over the %s input limit", size, lim);
    g_free(size);
    g_free(lim);
    return rc;
  }

  biao_doc *doc = bz_doc_new(name);
  doc->opt = opt;
  char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
  g_strlcpy(doc->sha256, sum, sizeof doc->sha256);
  g_free(sum);

  bz_rules_run run; /* rules that hit PCRE2's limits are reported on this document */
  bz_rules_run_begin(&run, doc, opt->strict);
  int rc = dispatch(doc, data, len, opt, err);
  if (owned) g_clear_pointer(owned, g_free);
  if (rc == BIAO_OK) rc = bz_doc_check_limits(doc, err);
  if (rc == BIAO_OK) rc = bz_normalize(doc, opt, err);
  int rrc = bz_rules_run_end(&run, rc == BIAO_OK ? err : NULL);
  if (rc == BIAO_OK) rc = rrc;
  if (rc != BIAO_OK) {
    if (err && !err->path[0]) g_strlcpy(err->path, name, sizeof err->path);
    biao_doc_free(doc);
    return rc;
  }
  bz_doc_number_tables(doc);
  doc->opt = NULL;
  *out = doc;
  return BIAO_OK;
}

int biao_doc_open_memory(biao_doc **out, const void *data, size_t len, const char *name,
                         const biao_options *opt, biao_error *err) {
  return open_data(out, data, len, name, opt, err, NULL);
}

int biao_doc_open_file(biao_doc **out, const char *path, const biao_options *opt, biao_error *err) {
  biao_options defaults;
  g_return_val_if_fail(out != NULL && path != NULL, BIAO_ERR_USAGE);
  *out = NULL;
  bz_error_clear(err);
  if (!opt) {
    biao_options_init(&defaults);
    opt = &defaults;
  }
  guint8 *data = NULL;
  gsize len = 0;
  gsize cap = opt->max_input_bytes ? opt->max_input_bytes : BZ_DEFAULT_MAX_INPUT;
  int rc = bz_read_input(path, cap, &data, &len, err);
  if (rc == BIAO_OK) rc = open_data(out, data, len, path, opt, err, &data);
  g_free(data);
  return rc;
}
