/* docx_xml.c — see docx_xml.h. */
#include "docx_xml.h"

#include <string.h>

#include "../core/error.h"

/* XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD and XML_PARSE_HUGE are deliberately
 * absent: entities stay unexpanded, no external subset is fetched, and libxml2 keeps its default
 * caps on name and text-node sizes and nesting depth. */
#define BZ_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_COMPACT)
#define BZ_XML_CHUNK 65536

typedef int (*read_fn)(void *src, char *buf, int len);

struct bz_xml {
  xmlParserCtxtPtr ctxt;
  const bz_xml_handler *h;
  void *user;
  const char *part, *path;
  gboolean prolog_done;   /* the root element has started */
  gboolean doctype;       /* a DOCTYPE was seen in the prolog */
  char tail[16];          /* end of the previous chunk, for a marker split across reads */
  int xml_code, xml_line; /* first libxml2 error */
  char xml_msg[200];
  int stop_code; /* set by bz_xml_stop */
  char stop_msg[400];
};

/* OOXML parts never carry a DOCTYPE. One that does is refused before libxml2 parses it: entity
 * declarations are how billion-laughs and external-entity attacks start. */
static int refuse_doctype(bz_xml *x, biao_error *err) {
  return bz_fail(err, BIAO_ERR_LIMIT, x->path,
                 "XML part %s has a DOCTYPE (entity declarations: a billion-laughs attack?); OOXML never "
                 "uses one: refused",
                 x->part);
}

/* Look through the prolog (the bytes before the root element) for "<!DOCTYPE", on the raw bytes so
 * that libxml2 never parses the declarations. */
static void scan_prolog(bz_xml *x, const char *buf, gsize n) {
  if (x->prolog_done || x->doctype) return;
  gsize tl = strlen(x->tail);
  GString *s = g_string_new_len(x->tail, (gssize)tl);
  g_string_append_len(s, buf, (gssize)n);
  for (gsize i = 0; i + 1 < s->len; i++) {
    if (s->str[i] != '<') continue;
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

static void on_error(void *user, xmlErrorPtr e) {
  bz_xml *x = user;
  if (!e || e->level < XML_ERR_ERROR || x->xml_code) return;
  x->xml_code = e->code ? e->code : -1;
  x->xml_line = e->line;
  g_strlcpy(x->xml_msg, e->message ? e->message : "XML error", sizeof x->xml_msg);
  g_strchomp(x->xml_msg);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nb_ns,
                     const xmlChar **ns, int nb_attrs, int nb_defaulted, const xmlChar **attrs) {
  (void)prefix;
  (void)nb_ns;
  (void)ns;
  (void)nb_defaulted;
  bz_xml *x = ctx;
  if (!x->stop_code) x->h->start(x->user, local, uri, nb_attrs, attrs);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
  (void)local;
  (void)prefix;
  (void)uri;
  bz_xml *x = ctx;
  if (!x->stop_code) x->h->end(x->user);
}

static void on_text(void *ctx, const xmlChar *s, int len) {
  bz_xml *x = ctx;
  if (!x->stop_code) x->h->text(x->user, s, len);
}

/* A DOCTYPE that got past the byte scan (it cannot, but libxml2 is the authority on syntax). */
static void on_subset(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid) {
  (void)name;
  (void)eid;
  (void)sid;
  bz_xml *x = ctx;
  x->doctype = TRUE;
  xmlStopParser(x->ctxt);
}

void bz_xml_stop(bz_xml *x, int code, const char *message) {
  if (x->stop_code) return;
  x->stop_code = code;
  g_strlcpy(x->stop_msg, message, sizeof x->stop_msg);
  xmlStopParser(x->ctxt);
}

const char *bz_xml_attr(int nb_attrs, const xmlChar **attrs, const char *local, char *buf, gsize size) {
  for (int i = 0; i < nb_attrs; i++) {
    const xmlChar **a = attrs + 5 * i;
    if (strcmp((const char *)a[0], local) != 0) continue;
    gsize n = MIN((gsize)(a[4] - a[3]), size - 1);
    memcpy(buf, a[3], n);
    buf[n] = '\0';
    return buf;
  }
  return NULL;
}

/* The one place libxml2 failures become biao errors. A stream failure (zip bomb, damaged entry)
 * is reported by the caller first: libxml2 only sees the input end early. */
static int xml_fail(bz_xml *x, biao_error *err) {
  if (x->doctype) return refuse_doctype(x, err);
  if (x->stop_code) return bz_fail(err, x->stop_code, x->path, "%s", x->stop_msg);
  switch (x->xml_code) {
  case XML_ERR_ENTITY_LOOP:
    return bz_fail_at(err, BIAO_ERR_LIMIT, x->path, 0, x->xml_line, -1, "XML part %s: entity expansion refused (%s)",
                      x->part, x->xml_msg);
  case XML_ERR_NO_MEMORY: /* mostly libxml2's own caps (a text node over 10 MB), rarely a real OOM */
    return bz_fail(err, BIAO_ERR_LIMIT, x->path, "XML part %s: over a libxml2 size limit (%s)", x->part,
                   x->xml_msg);
  case 0: return bz_fail(err, BIAO_ERR_CORRUPT, x->path, "XML part %s is damaged or truncated", x->part);
  default:
    return bz_fail_at(err, BIAO_ERR_CORRUPT, x->path, 0, x->xml_line, -1, "broken XML in %s: %s", x->part,
                      x->xml_msg);
  }
}

static gboolean failed(bz_xml *x) {
  return x->doctype || x->stop_code || x->xml_code || !x->ctxt->wellFormed || x->ctxt->disableSAX;
}

/* Read chunks from `src` and push them through a SAX2 parser until the end or a failure. */
static int parse(bz_xml *x, read_fn rd, void *src, int *read_failed, biao_error *err) {
  xmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_text;
  sax.ignorableWhitespace = on_text;
  sax.cdataBlock = on_text;
  sax.internalSubset = on_subset;
  sax.serror = on_error;
  char *buf = g_malloc(BZ_XML_CHUNK);
  int rc = BIAO_OK, n;
  *read_failed = 0;
  while ((n = rd(src, buf, BZ_XML_CHUNK)) > 0) {
    scan_prolog(x, buf, (gsize)n);
    if (x->doctype) break;
    if (!x->ctxt) {
      x->ctxt = xmlCreatePushParserCtxt(&sax, x, buf, MIN(n, 4), x->part);
      if (!x->ctxt) {
        g_free(buf);
        return bz_fail(err, BIAO_ERR_NOMEM, x->path, "cannot create an XML parser");
      }
      xmlCtxtUseOptions(x->ctxt, BZ_XML_OPTIONS);
      if (n > 4) xmlParseChunk(x->ctxt, buf + 4, n - 4, 0);
    } else {
      xmlParseChunk(x->ctxt, buf, n, 0);
    }
    if (failed(x)) break;
  }
  g_free(buf);
  if (n < 0) {
    *read_failed = 1;
    return BIAO_ERR_CORRUPT;
  }
  if (x->doctype) return refuse_doctype(x, err);
  if (!x->ctxt) return bz_fail(err, BIAO_ERR_CORRUPT, x->path, "XML part %s is empty", x->part);
  if (!failed(x)) xmlParseChunk(x->ctxt, NULL, 0, 1);
  if (failed(x)) rc = xml_fail(x, err);
  return rc;
}

static void xml_done(bz_xml *x) {
  if (x->ctxt) xmlFreeParserCtxt(x->ctxt);
}

static int stream_read(void *src, char *buf, int len) { return bz_zip_stream_read(src, buf, len); }

int bz_xml_parse_stream(bz_zip_stream *s, const char *part, const char *path, const bz_xml_handler *h,
                        void *user, bz_xml **handle, biao_error *err) {
  bz_xml x = {0};
  x.h = h;
  x.user = user;
  x.part = part;
  x.path = path;
  if (handle) *handle = &x;
  int read_failed;
  int rc = parse(&x, stream_read, s, &read_failed, err);
  if (read_failed || (rc != BIAO_OK && bz_zip_stream_error(s, NULL) != BIAO_OK)) rc = bz_zip_stream_error(s, err);
  xml_done(&x);
  if (handle) *handle = NULL;
  return rc;
}

typedef struct {
  const char *p;
  gsize left;
} mem_src;

static int mem_read(void *src, char *buf, int len) {
  mem_src *m = src;
  gsize n = MIN(m->left, (gsize)len);
  memcpy(buf, m->p, n);
  m->p += n;
  m->left -= n;
  return (int)n;
}

int bz_xml_parse_memory(const char *buf, gsize len, const char *part, const char *path,
                        const bz_xml_handler *h, void *user, bz_xml **handle, biao_error *err) {
  bz_xml x = {0};
  x.h = h;
  x.user = user;
  x.part = part;
  x.path = path;
  if (handle) *handle = &x;
  mem_src m = {buf, len};
  int read_failed;
  int rc = parse(&x, mem_read, &m, &read_failed, err);
  xml_done(&x);
  if (handle) *handle = NULL;
  return rc;
}
