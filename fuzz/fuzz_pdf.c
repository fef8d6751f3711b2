/* fuzz_pdf.c — the PDF reader on arbitrary bytes: Poppler opens them, then our code reads glyphs,
 * renders the pages through cairo watching every fill and stroke for ruling lines, builds
 * lattice and rule-less tables, context lines, joins continued tables, runs the meaning pass and
 * writes JSON. Poppler itself is not instrumented (a system library): coverage guides mutation
 * through our code only. At most 8 pages are read, so one input cannot take minutes. */
#include <stdint.h>

#include "biao.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  biao_options opt;
  biao_options_init(&opt);
  opt.input = BIAO_INPUT_PDF;
  opt.max_input_bytes = 4u << 20;
  opt.pages = "1-8";
  biao_doc *doc = NULL;
  biao_error err;
  if (biao_doc_open_memory(&doc, data, size, "fuzz.pdf", &opt, &err) == BIAO_OK) {
    char *out = NULL;
    biao_export(doc, BIAO_FORMAT_JSON, NULL, &out, NULL, &err);
    biao_free(out);
  }
  biao_doc_free(doc);
  return 0;
}
