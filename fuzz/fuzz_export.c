/* fuzz_export.c — the JSON, NDJSON and CSV writers on documents built from arbitrary bytes: any
 * cell positions and spans (overlapping ones too), any bytes as text (invalid UTF-8, control
 * characters, quotes), titles and meta values. Checks what the writers promise: JSON is valid
 * UTF-8 with every string closed and every control character escaped, brackets balance, compact
 * NDJSON is one line per table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"

typedef struct reader {
  const uint8_t *p, *end;
} reader;

static int next(reader *r) { return r->p < r->end ? *r->p++ : -1; }

static const char *take_text(reader *r, biao_doc *doc) {
  int n = next(r);
  if (n < 0) return "";
  size_t len = (size_t)(n & 31);
  if (len > (size_t)(r->end - r->p)) len = (size_t)(r->end - r->p);
  const char *s = bz_doc_intern_len(doc, (const char *)r->p, (gssize)len);
  r->p += len;
  return s;
}

/* Structural JSON check: strings closed, no raw control bytes in them, brackets balanced. */
static void check_json(const char *s, size_t len) {
  if (!g_utf8_validate(s, (gssize)len, NULL)) abort();
  int depth = 0, in_str = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (in_str) {
      if (c < 0x20) abort();
      if (c == '\\') i++;
      else if (c == '"') in_str = 0;
      continue;
    }
    if (c == '"') in_str = 1;
    else if (c == '{' || c == '[') depth++;
    else if (c == '}' || c == ']') {
      if (--depth < 0) abort();
    } else if (c == '\n') {
      if (depth == 0 && i + 1 != len) continue; /* NDJSON line end */
    }
  }
  if (in_str || depth) abort();
}

static biao_doc *build(reader *r, biao_export_options *eo) {
  biao_doc *doc = bz_doc_new("fuzz");
  int flags = next(r);
  if (flags < 0) flags = 0;
  eo->fill_merged = flags & 1;
  eo->pretty = (flags >> 1) & 1;
  eo->csv_crlf = (flags >> 2) & 1;
  eo->csv_bom = (flags >> 3) & 1;
  biao_table *t = NULL;
  int op;
  while ((op = next(r)) >= 0 && (!t || t->cells->len < 512)) {
    if (!t || op == 0xFF) {
      t = bz_table_new(doc);
      if (op == 0xFF) continue;
    }
    if (op == 0xFE) {
      t->title = take_text(r, doc);
    } else if (op == 0xFD) {
      const char *k = take_text(r, doc);
      bz_table_set_meta(doc, t, k, take_text(r, doc));
    } else if (op == 0xFC) {
      bz_table_add_context(doc, t, take_text(r, doc));
    } else {
      int b = next(r);
      if (b < 0) break;
      bz_table_add_cell(doc, t, op & 15, b & 15, 1 + ((b >> 4) & 3), 1 + ((b >> 6) & 3), take_text(r, doc));
    }
  }
  for (guint i = 0; i < doc->tables->len; i++) bz_table_finish(g_ptr_array_index(doc->tables, i));
  bz_doc_number_tables(doc);
  return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  reader r = {data, data + size};
  biao_export_options eo;
  biao_export_options_init(&eo);
  biao_doc *doc = build(&r, &eo);
  char *out = NULL;
  size_t len = 0;
  biao_error err;
  if (biao_export(doc, BIAO_FORMAT_JSON, &eo, &out, &len, &err) != BIAO_OK) abort();
  check_json(out, len);
  biao_free(out);
  if (biao_export(doc, BIAO_FORMAT_NDJSON, &eo, &out, &len, &err) != BIAO_OK) abort();
  check_json(out, len);
  size_t lines = 0;
  for (size_t i = 0; i < len; i++) lines += out[i] == '\n';
  if (lines != biao_doc_table_count(doc)) abort();
  biao_free(out);
  for (size_t i = 0; i < biao_doc_table_count(doc); i++) {
    eo.table = (int)i + 1;
    if (biao_export(doc, BIAO_FORMAT_CSV, &eo, &out, &len, &err) != BIAO_OK) abort();
    if (strlen(out) != len && !memchr(out, 0, len)) abort();
    biao_free(out);
  }
  biao_doc_free(doc);
  return 0;
}
