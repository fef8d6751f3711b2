/* detect.c — magic-byte sniffing. Text is whatever is not a known binary and has few NUL bytes
 * (UTF-16 dumps start with a BOM; the text reader converts encodings). */
#include "detect.h"

#include <string.h>

static gboolean starts(const guint8 *d, gsize n, const char *magic, gsize m) {
  return n >= m && memcmp(d, magic, m) == 0;
}

bz_kind bz_detect(const guint8 *d, gsize n, const char **what) {
  static const struct {
    const char *magic;
    gsize len;
    const char *name;
  } binaries[] = {
      {"\x89PNG\r\n\x1a\n", 8, "PNG image"}, {"\xff\xd8\xff", 3, "JPEG image"},
      {"GIF8", 4, "GIF image"},              {"II*\0", 4, "TIFF image"},
      {"MM\0*", 4, "TIFF image"},            {"{\\rtf", 5, "RTF document"},
      {"\x1f\x8b", 2, "gzip archive"},       {"Rar!", 4, "RAR archive"},
      {"7z\xbc\xaf", 4, "7-Zip archive"},    {"\x7f" "ELF", 4, "executable"},
  };
  if (what) *what = NULL;
  /* %PDF- may follow some junk; the PDF spec lets readers look within the first 1024 bytes. */
  gsize lim = MIN(n, 1024);
  for (gsize i = 0; i + 5 <= lim; i++)
    if (memcmp(d + i, "%PDF-", 5) == 0) return BZ_KIND_PDF;
  if (starts(d, n, "PK\x03\x04", 4) || starts(d, n, "PK\x05\x06", 4)) return BZ_KIND_ZIP;
  if (starts(d, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) return BZ_KIND_OLE;
  for (gsize i = 0; i < G_N_ELEMENTS(binaries); i++)
    if (starts(d, n, binaries[i].magic, binaries[i].len)) {
      if (what) *what = binaries[i].name;
      return BZ_KIND_UNKNOWN;
    }
  if (starts(d, n, "\xff\xfe", 2) || starts(d, n, "\xfe\xff", 2)) return BZ_KIND_TEXT; /* UTF-16 BOM */
  /* Binary heuristic: many NULs in the first 4 KiB and no UTF-16 pattern. The text reader still
   * reports stray NULs itself. */
  gsize probe = MIN(n, 4096), nul = 0;
  for (gsize i = 0; i < probe; i++)
    if (d[i] == 0) nul++;
  if (probe && nul * 10 > probe) {
    /* UTF-16 without BOM: NULs at every other byte */
    gsize even = 0, odd = 0;
    for (gsize i = 0; i < probe; i++)
      if (d[i] == 0) *(i % 2 ? &odd : &even) += 1;
    if (even * 3 > probe || odd * 3 > probe) return BZ_KIND_TEXT;
    if (what) *what = "binary data";
    return BZ_KIND_UNKNOWN;
  }
  return BZ_KIND_TEXT;
}
