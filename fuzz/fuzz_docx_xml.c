/* fuzz_docx_xml.c — the DOCX walker (tables, spans, tracked changes, nesting) on arbitrary
 * WordprocessingML, without the zip container (whose CRCs would stop most mutations), then the
 * normalize pass and the JSON writer. */
#include <stdint.h>

#include "core/model.h"
#include "extract/docx.h"
#include "normalize/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 20)) return 0;
  biao_options opt;
  biao_options_init(&opt);
  biao_doc *doc = bz_doc_new("fuzz.xml");
  doc->format = "docx";
  doc->opt = &opt;
  biao_error err;
  if (bz_docx_read_xml(doc, (const char *)data, size, &err) == BIAO_OK &&
      bz_normalize(doc, &opt, &err) == BIAO_OK) {
    bz_doc_number_tables(doc);
    char *out = NULL;
    biao_export(doc, BIAO_FORMAT_JSON, NULL, &out, NULL, &err);
    biao_free(out);
  }
  biao_doc_free(doc);
  return 0;
}
