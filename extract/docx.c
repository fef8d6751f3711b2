/* docx.c — the DOCX reader: finds the main part, streams its XML once with xmlTextReader and turns
 * every w:tbl (in body order, nested ones included) into a biao_table.
 *
 * The walk visits ALL descendants instead of known parent/child paths, so content wrapped in w:ins,
 * w:sdt, w:smartTag, w:customXml, w:hyperlink, w:fldSimple or text boxes is found wherever it is.
 * What must not be read is skipped as whole subtrees: deleted and moved-away text (w:del,
 * w:moveFrom, w:delText), field instructions (w:instrText), the old properties kept by tracked
 * property changes (w:*PrChange), and mc:Fallback (a second copy of mc:Choice, e.g. VML text boxes).
 * Elements are matched on local name in either WordprocessingML namespace (transitional or Strict). */
#include <string.h>

#include "../core/error.h"
#include "../normalize/normalize.h"
#include "docx_table.h"
#include "docx_text.h"
#include "docx_xml.h"
#include "extract.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_M "http://schemas.openxmlformats.org/officeDocument/2006/math"
#define NS_M_STRICT "http://purl.oclc.org/ooxml/officeDocument/math"

#define MAX_DEPTH 1024
#define MAX_CONTEXT 5

typedef enum {
  E_OTHER = 0, E_DOCUMENT, E_P, E_PPR, E_R, E_RPR, E_T, E_TAB, E_BR, E_CR, E_NBHYPHEN, E_SYM, E_VANISH,
  E_TBL, E_TBLGRID, E_GRIDCOL, E_TR, E_TRPR, E_TC, E_TCPR, E_GRIDSPAN, E_VMERGE, E_GRIDBEFORE, E_GRIDAFTER,
  E_TBLHEADER, E_DEL, E_CELLDEL, E_CELLMERGE, E_SKIP, E_MATH_T
} elem;

/* Elements whose whole subtree is never read (see the file comment). */
static const char *const skipped[] = {"delText", "instrText", "delInstrText", "moveFrom", "rPrChange",
                                      "pPrChange", "tblPrChange", "trPrChange", "tcPrChange",
                                      "tblGridChange", "sectPrChange", "tblPrExChange", "numberingChange"};

static const struct {
  const char *name;
  elem e;
} w_elems[] = {
    {"document", E_DOCUMENT}, {"p", E_P},           {"pPr", E_PPR},           {"r", E_R},
    {"rPr", E_RPR},           {"t", E_T},           {"tab", E_TAB},           {"br", E_BR},
    {"cr", E_CR},             {"noBreakHyphen", E_NBHYPHEN}, {"sym", E_SYM}, {"vanish", E_VANISH},
    {"tbl", E_TBL},           {"tblGrid", E_TBLGRID}, {"gridCol", E_GRIDCOL}, {"tr", E_TR},
    {"trPr", E_TRPR},         {"tc", E_TC},         {"tcPr", E_TCPR},         {"gridSpan", E_GRIDSPAN},
    {"vMerge", E_VMERGE},     {"gridBefore", E_GRIDBEFORE}, {"gridAfter", E_GRIDAFTER},
    {"tblHeader", E_TBLHEADER}, {"del", E_DEL},   {"cellDel", E_CELLDEL},   {"cellMerge", E_CELLMERGE},
};

typedef struct {
  GString *text;
  gboolean hidden;      /* the current run is w:vanish */
  gboolean mark_deleted; /* the paragraph mark was deleted: the paragraph joins the next */
} para;

typedef struct {
  biao_doc *doc;
  bz_xml *x;
  xmlTextReaderPtr r;
  GHashTable *names; /* interned local-name pointer -> elem + 1 (W namespace) */
  const xmlChar *ns_w, *ns_other[2]; /* last namespace pointers seen, for a cheap check */
  elem stack[MAX_DEPTH];
  GPtrArray *paras;  /* para*, innermost last */
  GPtrArray *tables; /* bz_dx_table*, innermost last */
  GPtrArray *context; /* char*: body paragraphs since the last table */
  gboolean seen_root;
  para *spare; /* a finished paragraph kept for reuse */
} walker;

static gboolean is_w_ns(const char *ns) {
  return ns && (strcmp(ns, NS_W) == 0 || strcmp(ns, NS_W_STRICT) == 0);
}

static elem classify_w(const char *name) {
  for (gsize i = 0; i < G_N_ELEMENTS(skipped); i++)
    if (strcmp(name, skipped[i]) == 0) return E_SKIP;
  for (gsize i = 0; i < G_N_ELEMENTS(w_elems); i++)
    if (strcmp(name, w_elems[i].name) == 0) return w_elems[i].e;
  return E_OTHER;
}

/* Classify the current element. libxml2 interns names in the reader's dictionary, so the local
 * name pointer is a stable key for the W namespace's cache. */
static elem classify(walker *w) {
  const xmlChar *ns = xmlTextReaderConstNamespaceUri(w->r);
  const xmlChar *name = xmlTextReaderConstLocalName(w->r);
  if (!ns || !name) return E_OTHER;
  if (ns != w->ns_w) {
    if (!is_w_ns((const char *)ns)) {
      if (strcmp((const char *)ns, NS_MC) == 0 && strcmp((const char *)name, "Fallback") == 0) return E_SKIP;
      if ((strcmp((const char *)ns, NS_M) == 0 || strcmp((const char *)ns, NS_M_STRICT) == 0) &&
          strcmp((const char *)name, "t") == 0)
        return E_MATH_T;
      return E_OTHER;
    }
    w->ns_w = ns;
  }
  gpointer v = g_hash_table_lookup(w->names, name);
  if (v) return (elem)(GPOINTER_TO_INT(v) - 1);
  elem e = classify_w((const char *)name);
  g_hash_table_insert(w->names, (gpointer)name, GINT_TO_POINTER(e + 1));
  return e;
}

/* w:val of the current element, in either namespace's attribute form. g_free the result. */
static char *attr(walker *w, const char *local) {
  xmlChar *v = xmlTextReaderGetAttributeNs(w->r, BAD_CAST local, BAD_CAST NS_W);
  if (!v) v = xmlTextReaderGetAttributeNs(w->r, BAD_CAST local, BAD_CAST NS_W_STRICT);
  if (!v) return NULL;
  char *s = g_strdup((const char *)v);
  xmlFree(v);
  return s;
}

/* On/off properties (w:vanish, w:tblHeader): absent val or anything but false/0/off means on. */
static gboolean on_off(walker *w) {
  char *v = attr(w, "val");
  gboolean on = !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0);
  g_free(v);
  return on;
}

static int int_val(walker *w) {
  char *v = attr(w, "val");
  long n = v ? strtol(v, NULL, 10) : 0;
  g_free(v);
  return n < 0 || n > 100000 ? 0 : (int)n;
}

static para *cur_para(walker *w) { return w->paras->len ? g_ptr_array_index(w->paras, w->paras->len - 1) : NULL; }
static bz_dx_table *cur_table(walker *w) {
  return w->tables->len ? g_ptr_array_index(w->tables, w->tables->len - 1) : NULL;
}

static void append_text(walker *w, const char *s) {
  para *p = cur_para(w);
  if (p && !p->hidden) g_string_append(p->text, s);
}

static void para_begin(walker *w) {
  para *p = w->spare ? w->spare : g_new0(para, 1); /* one spare: most paragraphs do not nest */
  w->spare = NULL;
  if (!p->text) p->text = g_string_new(NULL);
  g_string_truncate(p->text, 0);
  p->hidden = p->mark_deleted = FALSE;
  g_ptr_array_add(w->paras, p);
}

static void para_free(para *p) {
  g_string_free(p->text, TRUE);
  g_free(p);
}

/* A finished paragraph goes to the innermost open cell, or (outside tables) to the context kept
 * for the next table. */
static void para_end(walker *w) {
  para *p = cur_para(w);
  if (!p) return;
  g_ptr_array_steal_index(w->paras, w->paras->len - 1);
  bz_dx_table *dx = cur_table(w);
  if (dx) {
    if (bz_dx_in_cell(dx)) bz_dx_cell_add_para(dx, p->text->str, p->text->len, p->mark_deleted);
  } else if (p->text->len) {
    char *clean = bz_text_clean(p->text->str);
    if (*clean) {
      g_ptr_array_add(w->context, clean);
      if (w->context->len > MAX_CONTEXT) g_ptr_array_remove_index(w->context, 0);
    } else {
      g_free(clean);
    }
  }
  if (w->spare) para_free(w->spare);
  w->spare = p;
}

static void table_begin(walker *w) {
  bz_dx_table *parent = cur_table(w);
  bz_dx_table *dx = bz_dx_table_begin(w->doc, parent);
  if (!parent) {
    biao_table *t = bz_dx_table_get(dx);
    for (guint i = 0; i < w->context->len; i++) bz_table_add_context(w->doc, t, g_ptr_array_index(w->context, i));
    int k = bz_docx_pick_title(w->context);
    if (k >= 0) t->title = bz_doc_intern(w->doc, g_ptr_array_index(w->context, k));
    g_ptr_array_set_size(w->context, 0);
  }
  g_ptr_array_add(w->tables, dx);
}

static void table_end(walker *w) {
  bz_dx_table *dx = cur_table(w);
  if (!dx) return;
  g_ptr_array_remove_index(w->tables, w->tables->len - 1);
  bz_dx_table_end(dx);
}

static void sym(walker *w) {
  char *hex = attr(w, "char"), *font = attr(w, "font");
  gunichar c = bz_docx_sym_char(hex, font);
  if (c) {
    char buf[8];
    buf[g_unichar_to_utf8(c, buf)] = '\0';
    append_text(w, buf);
  }
  g_free(hex);
  g_free(font);
}

static void cell_merge(walker *w, bz_dx_table *dx) {
  /* w:cellMerge is a tracked vertical merge; accepting it applies the merge */
  char *v = attr(w, "vMerge");
  if (v && strcmp(v, "rest") == 0) bz_dx_cell_vmerge(dx, BZ_VM_RESTART);
  else if (v && strcmp(v, "cont") == 0) bz_dx_cell_vmerge(dx, BZ_VM_CONTINUE);
  g_free(v);
}

static void element_end(walker *w, elem e) {
  bz_dx_table *dx = cur_table(w);
  switch (e) {
  case E_P: para_end(w); break;
  case E_TBL: table_end(w); break;
  case E_TR:
    if (dx) bz_dx_row_end(dx);
    break;
  case E_TC:
    if (dx) bz_dx_cell_end(dx);
    break;
  default: break;
  }
}

/* Handle a start tag; returns TRUE when its subtree is to be skipped. */
static gboolean element_start(walker *w, elem e, int depth) {
  elem parent = depth > 0 ? w->stack[depth - 1] : E_OTHER;
  elem grand = depth > 1 ? w->stack[depth - 2] : E_OTHER;
  bz_dx_table *dx = cur_table(w);
  para *p = cur_para(w);
  switch (e) {
  case E_SKIP: return TRUE;
  case E_DEL:
    if (parent == E_TRPR && dx) bz_dx_row_deleted(dx);
    else if (parent == E_RPR && grand == E_PPR && p) p->mark_deleted = TRUE;
    return TRUE; /* deleted content, or an empty marker */
  case E_P: para_begin(w); break;
  case E_R:
    if (p) p->hidden = FALSE;
    break;
  case E_VANISH:
    if (parent == E_RPR && grand == E_R && p) p->hidden = on_off(w);
    break;
  case E_TAB:
    if (parent == E_R) append_text(w, "\t"); /* (w:tabs/w:tab in w:pPr are tab stops) */
    break;
  case E_BR:
  case E_CR:
    if (parent == E_R) append_text(w, "\n");
    break;
  case E_NBHYPHEN:
    if (parent == E_R) append_text(w, "-"); /* ASCII: numbers and codes stay searchable */
    break;
  case E_SYM:
    if (parent == E_R) sym(w);
    break;
  case E_TBL: table_begin(w); break;
  case E_GRIDCOL:
    if (parent == E_TBLGRID && grand == E_TBL && dx) bz_dx_grid_col(dx);
    break;
  case E_TR:
    if (dx) bz_dx_row_begin(dx);
    break;
  case E_GRIDBEFORE:
    if (parent == E_TRPR && dx) bz_dx_row_grid_before(dx, int_val(w));
    break;
  case E_GRIDAFTER:
    if (parent == E_TRPR && dx) bz_dx_row_grid_after(dx, int_val(w));
    break;
  case E_TBLHEADER:
    if (parent == E_TRPR && dx) bz_dx_row_header(dx, on_off(w));
    break;
  case E_TC:
    if (dx) bz_dx_cell_begin(dx);
    break;
  case E_GRIDSPAN:
    if (parent == E_TCPR && dx) bz_dx_cell_span(dx, int_val(w));
    break;
  case E_VMERGE:
    if (parent == E_TCPR && dx) {
      char *v = attr(w, "val");
      bz_dx_cell_vmerge(dx, v && strcmp(v, "restart") == 0 ? BZ_VM_RESTART : BZ_VM_CONTINUE);
      g_free(v);
    }
    break;
  case E_CELLDEL:
    if (parent == E_TCPR && dx) bz_dx_cell_deleted(dx);
    break;
  case E_CELLMERGE:
    if (parent == E_TCPR && dx) cell_merge(w, dx);
    break;
  default: break;
  }
  return FALSE;
}

static int check_root(walker *w, elem e, const char *part) {
  w->seen_root = TRUE;
  if (e == E_DOCUMENT) return BIAO_OK;
  return bz_fail(NULL, BIAO_ERR_FORMAT, NULL, "%s", part); /* caller reports */
}

static int walk(walker *w, const char *part, biao_error *err) {
  gboolean skip = FALSE;
  int rc;
  while ((rc = bz_xml_next(w->x, skip, err)) == 1) {
    skip = FALSE;
    int type = xmlTextReaderNodeType(w->r);
    int depth = xmlTextReaderDepth(w->r);
    if (depth < 0 || depth >= MAX_DEPTH)
      return bz_fail(err, BIAO_ERR_LIMIT, w->doc->path, "XML of %s nests deeper than %d elements", part, MAX_DEPTH);
    if (type == XML_READER_TYPE_ELEMENT) {
      elem e = classify(w);
      if (!w->seen_root && check_root(w, e, part) != BIAO_OK)
        return bz_fail(err, BIAO_ERR_FORMAT, w->doc->path,
                       "not a DOCX: main part %s is not a WordprocessingML document (is it an XLSX/ODT/other "
                       "zip?)",
                       part);
      w->stack[depth] = e;
      skip = element_start(w, e, depth);
      if (!skip && xmlTextReaderIsEmptyElement(w->r)) element_end(w, e);
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      element_end(w, w->stack[depth]);
    } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
               type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
      elem parent = depth > 0 ? w->stack[depth - 1] : E_OTHER;
      if (parent == E_T || parent == E_MATH_T) append_text(w, (const char *)xmlTextReaderConstValue(w->r));
    }
  }
  return rc;
}

/* ---- package: which part is the document ---- */

static gboolean ends_with_office_document(const char *type) {
  return type && g_str_has_suffix(type, "/officeDocument");
}

/* Target of the officeDocument relationship in _rels/.rels, or NULL. */
static char *rels_main_target(bz_zip *z, const char *path, biao_error *err, int *rc) {
  *rc = BIAO_OK;
  if (!bz_zip_has(z, "_rels/.rels")) return NULL;
  char *buf = NULL;
  gsize len = 0;
  if ((*rc = bz_zip_read_all(z, "_rels/.rels", BZ_ZIP_MAX_SMALL_PART, &buf, &len, err)) != BIAO_OK) return NULL;
  bz_xml *x = NULL;
  char *target = NULL;
  if ((*rc = bz_xml_open_memory(&x, buf, len, "_rels/.rels", path, err)) == BIAO_OK) {
    int n;
    while (!target && (n = bz_xml_next(x, FALSE, err)) == 1) {
      xmlTextReaderPtr r = bz_xml_reader(x);
      if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) continue;
      if (strcmp((const char *)xmlTextReaderConstLocalName(r), "Relationship") != 0) continue;
      xmlChar *type = xmlTextReaderGetAttribute(r, BAD_CAST "Type");
      xmlChar *tgt = xmlTextReaderGetAttribute(r, BAD_CAST "Target");
      if (tgt && ends_with_office_document((const char *)type)) {
        char *u = g_uri_unescape_string((const char *)tgt, NULL);
        const char *s = u ? u : (const char *)tgt;
        while (*s == '/' || (s[0] == '.' && s[1] == '/')) s += *s == '/' ? 1 : 2;
        target = g_strdup(s);
        g_free(u);
      }
      xmlFree(type);
      xmlFree(tgt);
      if (n < 0) *rc = n;
    }
    if (n < 0) *rc = n;
  }
  bz_xml_free(x);
  g_free(buf);
  return target;
}

/* The main part: the officeDocument relationship (Word Online names it word/document2.xml),
 * else the conventional word/document.xml. */
static int find_main_part(bz_zip *z, const char *path, char **out, biao_error *err) {
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

int bz_docx_read(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt, biao_error *err) {
  (void)opt;
  bz_zip *z = NULL;
  bz_zip_stream *s = NULL;
  char *part = NULL;
  walker w = {0};
  int rc = bz_zip_open(&z, data, len, doc->path, err);
  if (rc != BIAO_OK) return rc;
  if ((rc = find_main_part(z, doc->path, &part, err)) != BIAO_OK) goto cleanup;
  if ((rc = bz_zip_stream_open(z, part, BZ_ZIP_MAX_MAIN_PART, &s, err)) != BIAO_OK) goto cleanup;
  if ((rc = bz_xml_open_stream(&w.x, s, part, doc->path, err)) != BIAO_OK) goto cleanup;
  w.doc = doc;
  w.r = bz_xml_reader(w.x);
  w.names = g_hash_table_new(g_direct_hash, g_direct_equal);
  w.paras = g_ptr_array_new_with_free_func((GDestroyNotify)para_free);
  w.tables = g_ptr_array_new();
  w.context = g_ptr_array_new_with_free_func(g_free);
  rc = walk(&w, part, err);
  if (rc > 0) rc = BIAO_OK;
  if (rc == BIAO_OK && !w.seen_root)
    rc = bz_fail(err, BIAO_ERR_CORRUPT, doc->path, "main part %s is empty", part);
  /* close tables left open by a truncated document (only reached on success paths) */
  while (w.tables->len) table_end(&w);
  g_ptr_array_free(w.tables, TRUE);
  g_ptr_array_free(w.paras, TRUE);
  if (w.spare) para_free(w.spare);
  g_ptr_array_free(w.context, TRUE);
  g_hash_table_destroy(w.names);
cleanup:
  bz_xml_free(w.x);
  bz_zip_stream_close(s);
  bz_zip_close(z);
  g_free(part);
  return rc;
}
