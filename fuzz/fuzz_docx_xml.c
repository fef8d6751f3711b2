/* fuzz_docx_xml.c — the DOCX reader's XML side: the input is word/document.xml, wrapped at each
 * run into a valid (stored, CRC-correct) zip, so the mutations reach the WordprocessingML walker
 * (tables, spans, vMerge, gridBefore, sdt, tracked changes, nested tables) instead of dying in the
 * zip layer as most mutations of fuzz_docx do. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "biao.h"

static guint32 crc32_of(const uint8_t *p, size_t n) {
  static guint32 table[256];
  if (!table[1])
    for (guint32 i = 0; i < 256; i++) {
      guint32 c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
  guint32 c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static void le16(GByteArray *b, guint v) {
  guint8 x[2] = {v & 0xFF, (v >> 8) & 0xFF};
  g_byte_array_append(b, x, 2);
}

static void le32(GByteArray *b, guint32 v) {
  guint8 x[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
  g_byte_array_append(b, x, 4);
}

/* Local header + data for one stored entry; the central record goes to `cd`. */
static void add_entry(GByteArray *zip, GByteArray *cd, const char *name, const uint8_t *data, size_t n) {
  guint32 crc = crc32_of(data, n), off = zip->len;
  size_t nl = strlen(name);
  le32(zip, 0x04034b50); le16(zip, 20); le16(zip, 0); le16(zip, 0); le16(zip, 0); le16(zip, 0);
  le32(zip, crc); le32(zip, (guint32)n); le32(zip, (guint32)n); le16(zip, (guint)nl); le16(zip, 0);
  g_byte_array_append(zip, (const guint8 *)name, (guint)nl);
  g_byte_array_append(zip, data, (guint)n);
  le32(cd, 0x02014b50); le16(cd, 20); le16(cd, 20); le16(cd, 0); le16(cd, 0); le16(cd, 0); le16(cd, 0);
  le32(cd, crc); le32(cd, (guint32)n); le32(cd, (guint32)n); le16(cd, (guint)nl); le16(cd, 0); le16(cd, 0);
  le16(cd, 0); le16(cd, 0); le32(cd, 0); le32(cd, off);
  g_byte_array_append(cd, (const guint8 *)name, (guint)nl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char types[] =
      "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
      "officedocument.wordprocessingml.document.main+xml\"/></Types>";
  if (size > (1u << 20)) return 0;
  GByteArray *zip = g_byte_array_new(), *cd = g_byte_array_new();
  add_entry(zip, cd, "[Content_Types].xml", (const uint8_t *)types, sizeof types - 1);
  add_entry(zip, cd, "word/document.xml", data, size);
  guint32 cd_off = zip->len;
  g_byte_array_append(zip, cd->data, cd->len);
  le32(zip, 0x06054b50); le16(zip, 0); le16(zip, 0); le16(zip, 2); le16(zip, 2);
  le32(zip, cd->len); le32(zip, cd_off); le16(zip, 0);

  biao_options opt;
  biao_options_init(&opt);
  opt.input = BIAO_INPUT_DOCX;
  biao_doc *doc = NULL;
  biao_error err;
  if (biao_doc_open_memory(&doc, zip->data, zip->len, "fuzz.docx", &opt, &err) == BIAO_OK) {
    char *out = NULL;
    biao_export(doc, BIAO_FORMAT_JSON, NULL, &out, NULL, &err);
    biao_free(out);
  }
  biao_doc_free(doc);
  g_byte_array_free(zip, TRUE);
  g_byte_array_free(cd, TRUE);
  return 0;
}
