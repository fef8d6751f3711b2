/* docx_package.c — which part of the package is the document: the target of the officeDocument
 * relationship in _rels/.rels (transitional or Strict relationship type; Word Online names it
 * word/document2.xml), else the conventional word/document.xml. */
#include <string.h>

#include "../core/error.h"
#include "docx.h"
#include "docx_xml.h"

static gboolean ends_with_office_document(const char *type) {
  return type && g_str_has_suffix(type, "/officeDocument");
}

typedef struct {
  char *target;
} rels_scan;

static void rels_start(void *user, const xmlChar *local, const xmlChar *uri, int nb_attrs, const xmlChar **attrs) {
  (void)uri;
  rels_scan *r = user;
  char type[512], tgt[1024];
  if (r->target || strcmp((const char *)local, "Relationship") != 0) return;
  if (!bz_xml_attr(nb_attrs, attrs, "Type", type, sizeof type) || !ends_with_office_document(type)) return;
  if (!bz_xml_attr(nb_attrs, attrs, "Target", tgt, sizeof tgt)) return;
  char *u = g_uri_unescape_string(tgt, NULL);
  const char *s = u ? u : tgt;
  while (*s == '/' || (s[0] == '.' && s[1] == '/')) s += *s == '/' ? 1 : 2;
  r->target = g_strdup(s);
  g_free(u);
}
static void rels_end(void *user) { (void)user; }
static void rels_text(void *user, const xmlChar *s, int len) {
  (void)user;
  (void)s;
  (void)len;
}

/* Target of the officeDocument relationship in _rels/.rels, or NULL. */
static char *rels_main_target(bz_zip *z, const char *path, biao_error *err, int *rc) {
  static const bz_xml_handler h = {rels_start, rels_end, rels_text};
  *rc = BIAO_OK;
  if (!bz_zip_has(z, "_rels/.rels")) return NULL;
  char *buf = NULL;
  gsize len = 0;
  if ((*rc = bz_zip_read_all(z, "_rels/.rels", BZ_ZIP_MAX_SMALL_PART, &buf, &len, err)) != BIAO_OK) return NULL;
  rels_scan r = {NULL};
  *rc = bz_xml_parse_memory(buf, len, "_rels/.rels", path, &h, &r, NULL, err);
  g_free(buf);
  if (*rc != BIAO_OK) g_clear_pointer(&r.target, g_free);
  return r.target;
}

/* The main part: the officeDocument relationship (Word Online names it word/document2.xml),
 * else the conventional word/document.xml. */
int bz_docx_main_part(bz_zip *z, const char *path, char **out, biao_error *err) {
  int rc;
  char *target = rels_main_target(z, path, err, &rc);
  if (rc != BIAO_OK) {
    g_free(target);
    return rc;
  }
  if (target && bz_zip_has(z, target)) {
    *out = target;
    return BIAO_OK;
  }
  g_free(target);
  if (bz_zip_has(z, "word/document.xml")) {
    *out = g_strdup("word/document.xml");
    return BIAO_OK;
  }
  return bz_fail(err, BIAO_ERR_FORMAT, path, "not a DOCX: no word/document.xml (is it an XLSX/ODT/other zip?)");
}

