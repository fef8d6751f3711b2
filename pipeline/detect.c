/* detect.c — magic-byte sniffing. Text is what is not a known binary, has few NUL bytes (UTF-16
 * dumps start with a BOM or show their NUL pattern; the text reader converts encodings), few control
 * characters, and decodes as UTF-8 or GB18030. */
#include "detect.h"

#include <errno.h>
#include <string.h>

static gboolean starts(const guint8 *d, gsize n, const char *magic, gsize m) {
  return n >= m && memcmp(d, magic, m) == 0;
}

/* Invalid UTF-8 sequences in d[0..n), not counting one cut at the very end of the probe. */
static gsize utf8_errors(const guint8 *d, gsize n) {
  gsize bad = 0;
  const char *p = (const char *)d, *end = p + n;
  while (p < end) {
    const char *stop = NULL;
    if (g_utf8_validate_len(p, (gsize)(end - p), &stop)) break;
    if (*stop != '\0' && end - stop >= 4) bad++; /* NULs are not encoding errors; a cut tail is not either */
    p = stop + 1;
  }
  return bad;
}

/* Does d[0..n) decode as GB18030 (a character cut at the end of the probe allowed)? */
static gboolean is_gb18030(const guint8 *d, gsize n) {
  GIConv cd = g_iconv_open("UTF-8", "GB18030");
  if (cd == (GIConv)-1) return FALSE;
  char out[16384];
  gchar *in = (gchar *)d;
  gsize left = n;
  gboolean ok = TRUE;
  while (left) {
    gchar *o = out;
    gsize room = sizeof out;
    if (g_iconv(cd, &in, &left, &o, &room) != (gsize)-1 || errno == E2BIG) continue;
    ok = errno == EINVAL; /* EINVAL: a character cut at the end of the probe */
    break;
  }
  g_iconv_close(cd);
  return ok;
}

/* A text dump must be text: in its first 64 KiB few control characters (other than tab, line and
 * page breaks; 1 MB of random bytes has ~10 %), and valid UTF-8, or GB18030, or UTF-8 with only a
 * few broken sequences (lines cut mid-character by the dumping tool). What it is not goes to *what. */
static gboolean looks_like_text(const guint8 *d, gsize n, const char **what) {
  gsize probe = MIN(n, 65536), ctl = 0, high = 0;
  for (gsize i = 0; i < probe; i++) {
    guint8 c = d[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0 && c != 0x1b) ||
        c == 0x7f)
      ctl++;
    if (c >= 0x80) high++;
  }
  if (ctl * 100 > probe * 2) {
    if (what) *what = "binary data: too many control characters to be text";
    return FALSE;
  }
  gsize bad = utf8_errors(d, probe);
  if (bad == 0 || bad * 100 <= high || is_gb18030(d, probe)) return TRUE;
  if (what) *what = "binary data: neither UTF-8, UTF-16 nor GB18030 text";
  return FALSE;
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
  return looks_like_text(d, n, what) ? BZ_KIND_TEXT : BZ_KIND_UNKNOWN;
}
