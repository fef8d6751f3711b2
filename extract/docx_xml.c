/* docx_xml.c — see docx_xml.h. */
#include "docx_xml.h"

#include <string.h>

#include "../core/error.h"

/* XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD and XML_PARSE_HUGE are deliberately
 * absent: entities stay unexpanded references, no external subset is fetched, and libxml2 keeps its
 * default caps on name and text-node sizes. */
#define BZ_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_COMPACT)

struct bz_xml {
  xmlTextReaderPtr r;
  bz_zip_stream *stream; /* NULL for memory input */
  char *part;
  const char *path;
  gboolean prolog_done;   /* the root element has started */
  gboolean doctype;       /* a DOCTYPE was seen in the prolog */
  char tail[16];          /* end of the previous chunk, for markers split across reads */
  int xml_code, xml_line; /* first libxml2 error */
  char xml_msg[200];
};

/* OOXML parts never carry a DOCTYPE. One that does is refused before any entity reference can be
 * expanded (billion laughs, external entities). Refusing every DOCTYPE rather than inspecting the
 * internal subset also avoids xmlTextReaderCurrentDoc(), which would make the reader keep the whole
 * tree in memory. */
static int refuse_doctype(bz_xml *x, biao_error *err) {
  return bz_fail(err, BIAO_ERR_LIMIT, x->path,
                 "XML part %s has a DOCTYPE (entity declarations: a billion-laughs attack?); OOXML never "
                 "uses one: refused",
                 x->part);
}

static void on_error(void *user, xmlErrorPtr e) {
  bz_xml *x = user;
  if (!e || e->level < XML_ERR_ERROR || x->xml_code) return;
  x->xml_code = e->code ? e->code : -1;
  x->xml_line = e->line;
  g_strlcpy(x->xml_msg, e->message ? e->message : "XML error", sizeof x->xml_msg);
  g_strchomp(x->xml_msg);
}

/* Look through the prolog (the bytes before the root element) for "<!DOCTYPE". Done on the raw
 * bytes because libxml2 parses ahead: by the time the reader reports a DOCTYPE node, entity
 * references after it may already have been expanded. */
static void scan_prolog(bz_xml *x, const char *buf, gsize n) {
  if (x->prolog_done || x->doctype) return;
  gsize tl = strlen(x->tail);
  GString *s = g_string_new_len(x->tail, (gssize)tl);
  g_string_append_len(s, buf, (gssize)n);
  for (gsize i = 0; i < s->len; i++) {
    if (s->str[i] != '<' || i + 1 >= s->len) continue;
    char c = s->str[i + 1];
    if (g_ascii_isalpha(c) || c == '_') {
      x->prolog_done = TRUE;
      break;
    }
    if (i + 9 <= s->len && memcmp(s->str + i, "<!DOCTYPE", 9) == 0) {
      x->doctype = TRUE;
      break;
    }
  }
  gsize keep = MIN(s->len, sizeof x->tail - 1);
  memcpy(x->tail, s->str + s->len - keep, keep);
  x->tail[keep] = '\0';
  g_string_free(s, TRUE);
}

static int io_read(void *ctx, char *buf, int len) {
  bz_xml *x = ctx;
  int n = bz_zip_stream_read(x->stream, buf, len);
  if (n > 0) scan_prolog(x, buf, (gsize)n);
  return x->doctype ? -1 : n; /* stop before libxml2 sees any entity declaration */
}
static int io_close(void *ctx) {
  (void)ctx; /* the stream belongs to the caller */
  return 0;
}

static int finish_open(bz_xml *x, bz_xml **out, biao_error *err) {
  if (!x->r) {
    bz_xml_free(x);
    return bz_fail(err, BIAO_ERR_NOMEM, x->path, "cannot create an XML reader");
  }
  xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
  *out = x;
  return BIAO_OK;
}

static bz_xml *xml_new(const char *part, const char *path) {
  bz_xml *x = g_new0(bz_xml, 1);
  x->part = g_strdup(part);
  x->path = path;
  return x;
}

int bz_xml_open_stream(bz_xml **out, bz_zip_stream *s, const char *part, const char *path, biao_error *err) {
  bz_xml *x = xml_new(part, path);
  x->stream = s;
  x->r = xmlReaderForIO(io_read, io_close, x, NULL, NULL, BZ_XML_OPTIONS);
  return finish_open(x, out, err);
}

int bz_xml_open_memory(bz_xml **out, const char *buf, gsize len, const char *part, const char *path,
                       biao_error *err) {
  bz_xml *x = xml_new(part, path);
  if (len > G_MAXINT) {
    bz_xml_free(x);
    return bz_fail(err, BIAO_ERR_LIMIT, path, "XML part %s is too large", part);
  }
  scan_prolog(x, buf, MIN(len, 65536));
  if (x->doctype) {
    int rc = refuse_doctype(x, err);
    bz_xml_free(x);
    return rc;
  }
  x->r = xmlReaderForMemory(buf, (int)len, NULL, NULL, BZ_XML_OPTIONS);
  return finish_open(x, out, err);
}

/* The one place libxml2 failures become biao errors. A stream error (zip bomb, damaged entry)
 * surfaces in libxml2 as an I/O error, so the stream is asked first. */
static int xml_fail(bz_xml *x, biao_error *err) {
  if (x->doctype) return refuse_doctype(x, err);
  if (x->stream) {
    int rc = bz_zip_stream_error(x->stream, err);
    if (rc != BIAO_OK) return rc;
  }
  switch (x->xml_code) {
  case XML_ERR_ENTITY_LOOP:
    return bz_fail_at(err, BIAO_ERR_LIMIT, x->path, 0, x->xml_line, -1,
                      "XML part %s: entity expansion refused (%s)", x->part, x->xml_msg);
  case XML_ERR_NO_MEMORY: /* mostly libxml2's own caps (a text node over 10 MB), rarely a real OOM */
    return bz_fail(err, BIAO_ERR_LIMIT, x->path, "XML part %s: over a libxml2 size limit (%s)", x->part,
                   x->xml_msg);
  case 0:
    return bz_fail(err, BIAO_ERR_CORRUPT, x->path, "XML part %s is damaged or truncated", x->part);
  default:
    return bz_fail_at(err, BIAO_ERR_CORRUPT, x->path, 0, x->xml_line, -1, "broken XML in %s: %s", x->part,
                      x->xml_msg);
  }
}

int bz_xml_next(bz_xml *x, gboolean skip, biao_error *err) {
  int rc = skip ? xmlTextReaderNext(x->r) : xmlTextReaderRead(x->r);
  if (rc < 0 || x->xml_code) return xml_fail(x, err);
  if (rc == 0) {
    /* libxml2 may end quietly on a stream that failed underneath */
    if (x->stream && bz_zip_stream_error(x->stream, NULL) != BIAO_OK) return xml_fail(x, err);
    return 0;
  }
  if (xmlTextReaderNodeType(x->r) == XML_READER_TYPE_DOCUMENT_TYPE) return refuse_doctype(x, err);
  return 1;
}

xmlTextReaderPtr bz_xml_reader(bz_xml *x) { return x->r; }

void bz_xml_free(bz_xml *x) {
  if (!x) return;
  if (x->r) xmlFreeTextReader(x->r);
  g_free(x->part);
  g_free(x);
}
