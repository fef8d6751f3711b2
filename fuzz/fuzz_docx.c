/* fuzz_docx.c — the DOCX reader (zip container, WordprocessingML) on arbitrary bytes, then the
 * JSON writer on whatever it produced. */
#include <stdint.h>

#include "biao.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  biao_options opt;
  biao_options_init(&opt);
  opt.input = BIAO_INPUT_DOCX;
  opt.max_input_bytes = 4u << 20;
  biao_doc *doc = NULL;
  biao_error err;
  if (biao_doc_open_memory(&doc, data, size, "fuzz.docx", &opt, &err) == BIAO_OK) {
    char *out = NULL;
    biao_export(doc, BIAO_FORMAT_JSON, NULL, &out, NULL, &err);
    biao_free(out);
  }
  biao_doc_free(doc);
  return 0;
}
