/* text_decode.c — bytes of a text dump to clean UTF-8 lines: encoding detection (BOM, UTF-16
 * without BOM by its NUL pattern, GB18030 when UTF-8 is badly broken), invalid bytes to U+FFFD,
 * NUL bytes dropped, CRLF/CR to LF, over-long lines cut. Every repair leaves a warning. */
#include <errno.h>
#include <string.h>

#include "../core/error.h"
#include "text_internal.h"

/* A growable buffer whose allocations may fail: its size follows from the input, so running out
 * of memory must give BIAO_ERR_NOMEM, not GLib's abort. Always NUL-terminated. */
typedef struct tbuf {
  char *p;
  gsize len, cap, need; /* need: the size that could not be had */
} tbuf;

static gboolean tbuf_reserve(tbuf *b, gsize more) {
  if (b->need) return FALSE;
  if (b->len + more + 1 <= b->cap) return TRUE;
  gsize want = MAX(b->cap * 2, b->len + more + 1);
  char *p = g_try_realloc(b->p, want);
  if (!p) {
    b->need = want;
    return FALSE;
  }
  b->p = p;
  b->cap = want;
  return TRUE;
}

static void tbuf_append(tbuf *b, const char *s, gsize n) {
  if (!tbuf_reserve(b, n)) return;
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

/* Convert with iconv into a tbuf; fails with a message naming the encoding. */
static int convert(biao_doc *doc, const guint8 *data, gsize len, const char *from, char **out, gsize *out_len,
                   biao_error *err) {
  GIConv cd = g_iconv_open("UTF-8", from);
  if (cd == (GIConv)-1)
    return bz_fail(err, BIAO_ERR_ENCODING, doc->path, "text looks like %s but this system cannot convert it",
                   from);
  tbuf b = {0};
  tbuf_reserve(&b, len + len / 2 + 16); /* UTF-16 and GB18030 take at most 1.5x in UTF-8, mostly */
  gchar *in = (gchar *)data;
  gsize in_left = len;
  const char *bad = NULL;
  while (!b.need && !bad) {
    gchar *o = b.p + b.len;
    gsize o_left = b.cap - b.len - 1;
    gsize r = g_iconv(cd, in_left ? &in : NULL, in_left ? &in_left : NULL, &o, &o_left);
    b.len = (gsize)(o - b.p);
    if (r != (gsize)-1) {
      if (!in_left) break; /* input done (and the flush above when in_left was 0) */
      continue;
    }
    if (errno == E2BIG)
      tbuf_reserve(&b, b.cap);
    else
      bad = errno == EINVAL ? "partial character sequence at end of input"
                            : "invalid byte sequence in conversion input";
  }
  g_iconv_close(cd);
  int rc = BIAO_OK;
  if (b.need)
    rc = bz_fail_nomem(err, doc->path, b.need);
  else if (bad)
    rc = bz_fail(err, BIAO_ERR_ENCODING, doc->path, "text looks like %s but cannot be converted: %s", from,
                 bad);
  if (rc != BIAO_OK) {
    g_free(b.p);
    return rc;
  }
  b.p[b.len] = '\0';
  bz_doc_warn(doc, "text converted from %s", from);
  *out = b.p;
  *out_len = b.len;
  return BIAO_OK;
}

/* UTF-16 without BOM: ASCII characters (newlines, digits, tabs) have a NUL high byte. */
static const char *utf16_guess(const guint8 *d, gsize n) {
  gsize probe = MIN(n, 65536) & ~(gsize)1, even = 0, odd = 0;
  for (gsize i = 0; i < probe; i++)
    if (d[i] == 0) *(i % 2 ? &odd : &even) += 1;
  /* CJK text has few ASCII characters, and a CJK unit such as U+4E00 has a NUL low byte, so
   * ask for NULs on one side only and many fewer on the other */
  if (probe >= 4 && odd * 20 > probe && even * 10 < odd) return "UTF-16LE";
  if (probe >= 4 && even * 20 > probe && odd * 10 < even) return "UTF-16BE";
  return NULL;
}

/* Count invalid UTF-8 sequences and non-ASCII bytes (capped scan for speed). */
static void utf8_stats(const guint8 *d, gsize n, gsize *bad, gsize *high) {
  const char *p = (const char *)d, *end = p + n;
  *bad = *high = 0;
  while (p < end) {
    const char *stop = NULL;
    if (g_utf8_validate_len(p, (gsize)(end - p), &stop)) break;
    if (*stop != '\0') (*bad)++; /* GLib stops at NUL bytes too; those are not encoding errors */
    p = stop + 1;
  }
  for (gsize i = 0; i < n; i++)
    if (d[i] >= 0x80) (*high)++;
}

/* Valid UTF-8 copy: invalid bytes become U+FFFD, NUL bytes are dropped, CR/CRLF become LF.
 * NULL (and *need: the size that could not be allocated) when out of memory. */
static char *repair_utf8(biao_doc *doc, const char *s, gsize n, gsize *out_len, gsize *need) {
  tbuf o = {0};
  tbuf_reserve(&o, n + 16);
  gsize bad = 0, nul = 0;
  const char *p = s, *end = s + n;
  while (p < end && !o.need) {
    const char *stop = NULL;
    gboolean ok = g_utf8_validate_len(p, (gsize)(end - p), &stop);
    const char *seg_end = ok ? end : stop;
    /* a valid segment holds no NUL (GLib stops there); copy it in chunks between CRs */
    for (const char *q = p; q < seg_end;) {
      const char *cr = memchr(q, '\r', (gsize)(seg_end - q));
      const char *stop_at = cr ? cr : seg_end;
      tbuf_append(&o, q, (gsize)(stop_at - q));
      if (!cr) break;
      tbuf_append(&o, "\n", 1);
      q = cr + 1;
      if (q < seg_end && *q == '\n') q++;
    }
    if (ok) break;
    if (*stop == '\0') {
      nul++;
    } else {
      tbuf_append(&o, "\xEF\xBF\xBD", 3); /* U+FFFD for one invalid byte */
      bad++;
    }
    p = stop + 1;
  }
  if (o.need) {
    *need = o.need;
    g_free(o.p);
    return NULL;
  }
  if (bad) bz_doc_warn(doc, "%lu invalid UTF-8 byte(s) replaced by U+FFFD", (unsigned long)bad);
  if (nul) bz_doc_warn(doc, "%lu NUL byte(s) removed", (unsigned long)nul);
  *out_len = o.len;
  return o.p ? o.p : g_strdup("");
}

int bz_text_decode(biao_doc *doc, const guint8 *data, gsize len, char **out, gsize *out_len, biao_error *err) {
  char *conv = NULL;
  gsize conv_len = 0;
  int rc = BIAO_OK;
  const char *enc = NULL;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  } else if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
    enc = "UTF-16LE";
    data += 2;
    len -= 2;
  } else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
    enc = "UTF-16BE";
    data += 2;
    len -= 2;
  } else {
    enc = utf16_guess(data, len);
  }
  if (enc) {
    if (len % 2) len--; /* a trailing odd byte cannot be a UTF-16 unit */
    rc = convert(doc, data, len, enc, &conv, &conv_len, err);
  } else {
    gsize bad = 0, high = 0;
    utf8_stats(data, len, &bad, &high);
    /* Mostly-invalid UTF-8 with many high bytes: a GBK/GB18030 dump. A few bad sequences (lines
     * cut mid-character by the dumping tool) stay UTF-8 with U+FFFD. */
    if (bad > 16 && bad * 8 > high / 3) {
      rc = convert(doc, data, len, "GB18030", &conv, &conv_len, err);
      if (rc != BIAO_OK && rc != BIAO_ERR_NOMEM) {
        /* not GB18030 either: keep it as damaged UTF-8 */
        bz_doc_warn(doc, "text is neither valid UTF-8 nor GB18030; invalid bytes replaced");
        rc = BIAO_OK;
        if (err) bz_error_clear(err);
      }
    }
  }
  if (rc != BIAO_OK) return rc;
  gsize need = 0;
  if (conv) {
    *out = repair_utf8(doc, conv, conv_len, out_len, &need);
    g_free(conv);
  } else {
    *out = repair_utf8(doc, (const char *)data, len, out_len, &need);
  }
  return *out ? BIAO_OK : bz_fail_nomem(err, doc->path, need);
}

int bz_text_split_lines(biao_doc *doc, char *text, gsize len, GPtrArray **lines, biao_error *err) {
  gsize n = 1;
  for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (gsize)(end - p))); p++)
    n++;
  if (n > BZ_TEXT_MAX_LINES)
    return bz_fail(err, BIAO_ERR_LIMIT, doc->path, "text has more than %u lines", BZ_TEXT_MAX_LINES);
  /* GPtrArray has no failing allocation: try the size first (it follows from the input) */
  gpointer probe = g_try_malloc(n * sizeof(gpointer));
  if (!probe) return bz_fail_nomem(err, doc->path, n * sizeof(gpointer));
  g_free(probe);
  GPtrArray *a = g_ptr_array_sized_new((guint)n);
  char *p = text, *end = text + len;
  gsize cut = 0;
  while (p < end) {
    char *nl = memchr(p, '\n', (gsize)(end - p));
    char *le = nl ? nl : end;
    if ((gsize)(le - p) > BZ_TEXT_MAX_LINE) {
      /* cut at a character boundary so the line stays valid UTF-8 */
      char *c = p + BZ_TEXT_MAX_LINE;
      while (c > p && ((guchar)*c & 0xC0) == 0x80) c--;
      *c = '\0';
      cut++;
    }
    if (nl) *nl = '\0';
    if (a->len >= BZ_TEXT_MAX_LINES) {
      g_ptr_array_free(a, TRUE);
      return bz_fail(err, BIAO_ERR_LIMIT, doc->path, "text has more than %u lines", BZ_TEXT_MAX_LINES);
    }
    g_ptr_array_add(a, p);
    if (!nl) break;
    p = nl + 1;
  }
  if (cut) bz_doc_warn(doc, "%lu line(s) longer than %u bytes were cut", (unsigned long)cut, BZ_TEXT_MAX_LINE);
  *lines = a;
  return BIAO_OK;
}
