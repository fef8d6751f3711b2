/* docx.c — the DOCX reader: finds the main part, streams its XML once through libxml2's SAX2 parser and turns
 * every w:tbl (in body order, nested ones included) into a biao_table.
 *
 * The walk visits ALL descendants instead of known parent/child paths, so content wrapped in w:ins,
 * w:sdt, w:smartTag, w:customXml, w:hyperlink, w:fldSimple or text boxes is found wherever it is.
 * What must not be read is skipped as whole subtrees: deleted and moved-away text (w:del,
 * w:moveFrom, w:delText), field instructions (w:instrText), the old properties kept by tracked
 * property changes (w:*PrChange), and mc:Fallback (a second copy of mc:Choice, e.g. VML text boxes).
 * Elements are matched on local name in either WordprocessingML namespace (transitional or Strict). */
#include <stdarg.h>
#include <string.h>

#include "../core/error.h"
#include "../core/text.h"
#include "docx.h"
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
#define MAX_RAW_CONTEXT 8 /* raw paragraphs kept; some may clean to nothing */

typedef enum {
  E_OTHER = 0, E_DOCUMENT, E_P, E_PPR, E_R, E_RPR, E_T, E_TAB, E_BR, E_CR, E_NBHYPHEN, E_SYM, E_VANISH,
  E_TBL, E_TBLGRID, E_GRIDCOL, E_TR, E_TRPR, E_TC, E_TCPR, E_GRIDSPAN, E_VMERGE, E_GRIDBEFORE, E_GRIDAFTER,
  E_TBLHEADER, E_DEL, E_CELLDEL, E_CELLMERGE, E_HMERGE, E_SKIP, E_MATH_T
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
    {"hMerge", E_HMERGE},
};

typedef struct {
  GString *text;
  gboolean hidden;      /* the current run is w:vanish */
  gboolean mark_deleted; /* the paragraph mark was deleted: the paragraph joins the next */
} para;

typedef struct {
  biao_doc *doc;
  bz_xml *x; /* the running parse, for bz_xml_stop */
  const char *part;
  GHashTable *names; /* interned local-name pointer -> elem + 1 (W namespace) */
  const xmlChar *cache_name[251];
  elem cache_elem[251];
  const xmlChar *ns_w; /* the W namespace URI pointer last seen (libxml2 interns URIs) */
  int nb_attrs;        /* attributes of the element being started */
  const xmlChar **attrs;
  int depth;           /* open elements */
  gboolean skipping;   /* inside a skipped subtree ... */
  int skip_at;         /* ... opened at this depth */
  elem stack[MAX_DEPTH];
  GPtrArray *paras;  /* para*, innermost last */
  GPtrArray *tables; /* bz_dx_table*, innermost last */
  GPtrArray *context; /* GString*: the last body paragraphs since the last table, raw (cleaned
                         only when a table starts: most body paragraphs never become context) */
  gboolean seen_root;
  para *spare; /* a finished paragraph kept for reuse */
  gsize ncells; /* cells made so far (docx_table.h caps) */
  gboolean over_limit;
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

/* Classify an element. libxml2 interns names in the parser's dictionary, so the local name pointer
 * is a stable key for the W namespace's cache. */
static elem classify(walker *w, const xmlChar *name, const xmlChar *ns) {
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
  /* a direct-mapped cache in front of the hash table: a document uses a few dozen names */
  guint slot = (guint)(((guintptr)name >> 3) % G_N_ELEMENTS(w->cache_name));
  if (w->cache_name[slot] == name) return w->cache_elem[slot];
  gpointer v = g_hash_table_lookup(w->names, name);
  elem e;
  if (v) {
    e = (elem)(GPOINTER_TO_INT(v) - 1);
  } else {
    e = classify_w((const char *)name);
    g_hash_table_insert(w->names, (gpointer)name, GINT_TO_POINTER(e + 1));
  }
  w->cache_name[slot] = name;
  w->cache_elem[slot] = e;
  return e;
}

/* An attribute of the element being started (w:val, w:char, ...; matched on local name). g_free it. */
static char *attr(walker *w, const char *local) {
  char buf[256];
  const char *v = bz_xml_attr(w->nb_attrs, w->attrs, local, buf, sizeof buf);
  return v ? g_strdup(v) : NULL;
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

static void gstring_free(gpointer s) { g_string_free(s, TRUE); }

static void para_free(para *p) {
  if (p->text) g_string_free(p->text, TRUE);
  g_free(p);
}

/* A finished paragraph goes to the innermost open cell, or (outside tables) to the context kept
 * for the next table. */
static gboolean has_text(const GString *s) {
  for (gsize i = 0; i < s->len; i++)
    if (s->str[i] != ' ' && s->str[i] != '\t' && s->str[i] != '\n') return TRUE;
  return FALSE;
}

static void para_end(walker *w) {
  para *p = cur_para(w);
  if (!p) return;
  g_ptr_array_steal_index(w->paras, w->paras->len - 1);
  bz_dx_table *dx = cur_table(w);
  if (dx) {
    if (bz_dx_in_cell(dx)) bz_dx_cell_add_para(dx, p->text->str, p->text->len, p->mark_deleted);
  } else if (has_text(p->text)) {
    /* keep the paragraph's buffer in the ring and give the paragraph the oldest one back */
    GString *old = w->context->len >= MAX_RAW_CONTEXT ? g_ptr_array_steal_index(w->context, 0) : NULL;
    g_ptr_array_add(w->context, p->text);
    p->text = old; /* para_begin makes a new one when NULL */
  }
  if (w->spare) para_free(w->spare);
  w->spare = p;
}

/* The last MAX_CONTEXT non-empty cleaned paragraphs of the ring become the table's context. */
static void set_context(walker *w, biao_table *t) {
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  for (guint i = w->context->len; i-- > 0 && lines->len < MAX_CONTEXT;) {
    char *clean = bz_text_clean(((GString *)g_ptr_array_index(w->context, i))->str);
    if (*clean) g_ptr_array_insert(lines, 0, clean);
    else g_free(clean);
  }
  for (guint i = 0; i < lines->len; i++) bz_table_add_context(w->doc, t, g_ptr_array_index(lines, i));
  int k = bz_docx_pick_title(lines);
  if (k >= 0) t->title = bz_doc_intern(w->doc, g_ptr_array_index(lines, k));
  g_ptr_array_free(lines, TRUE);
  g_ptr_array_set_size(w->context, 0);
}

static void table_begin(walker *w) {
  bz_dx_table *parent = cur_table(w);
  bz_dx_table *dx = bz_dx_table_begin(w->doc, parent, &w->ncells);
  if (!parent) set_context(w, bz_dx_table_get(dx));
  g_ptr_array_add(w->tables, dx);
}

/* A table or the document went over a docx_table.h cap: stop reading (the error is reported by
 * walker_finish, also when the parse is already over). */
static void over_limit(walker *w) {
  w->over_limit = TRUE;
  if (w->x) bz_xml_stop(w->x, BIAO_ERR_LIMIT, "over the table size limits");
}

static void table_end(walker *w) {
  bz_dx_table *dx = cur_table(w);
  if (!dx) return;
  g_ptr_array_remove_index(w->tables, w->tables->len - 1);
  if (!bz_dx_table_end(dx)) over_limit(w);
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
    if (dx) {
      bz_dx_row_end(dx);
      if (bz_dx_over_limit(dx)) over_limit(w);
    }
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
  case E_HMERGE:
    if (parent == E_TCPR && dx) {
      char *v = attr(w, "val");
      if (!v || strcmp(v, "restart") != 0) bz_dx_cell_hmerge_continue(dx);
      g_free(v);
    }
    break;
  default: break;
  }
  return FALSE;
}

static void stop(walker *w, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void stop(walker *w, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *m = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  bz_xml_stop(w->x, code, m);
  g_free(m);
}

static void on_start(void *user, const xmlChar *local, const xmlChar *uri, int nb_attrs, const xmlChar **attrs) {
  walker *w = user;
  if (w->skipping) {
    w->depth++;
    return;
  }
  if (w->depth >= MAX_DEPTH) {
    stop(w, BIAO_ERR_LIMIT, "XML of %s nests deeper than %d elements", w->part, MAX_DEPTH);
    return;
  }
  elem e = classify(w, local, uri);
  if (!w->seen_root) {
    w->seen_root = TRUE;
    if (e != E_DOCUMENT) {
      stop(w, BIAO_ERR_FORMAT,
           "not a DOCX: main part %s is not a WordprocessingML document (is it an XLSX/ODT/other zip?)", w->part);
      return;
    }
  }
  int d = w->depth++;
  w->stack[d] = e;
  w->nb_attrs = nb_attrs;
  w->attrs = attrs;
  if (element_start(w, e, d)) {
    w->skipping = TRUE;
    w->skip_at = w->depth;
  }
}

static void on_end(void *user) {
  walker *w = user;
  w->depth--;
  if (w->skipping) {
    if (w->depth < w->skip_at) w->skipping = FALSE;
    return;
  }
  if (w->depth >= 0 && w->depth < MAX_DEPTH) element_end(w, w->stack[w->depth]);
}

static void on_text(void *user, const xmlChar *s, int len) {
  walker *w = user;
  if (w->skipping || w->depth < 1) return;
  elem parent = w->stack[w->depth - 1];
  para *p;
  if ((parent == E_T || parent == E_MATH_T) && (p = cur_para(w)) && !p->hidden)
    g_string_append_len(p->text, (const char *)s, len);
}

static const bz_xml_handler walk_handler = {on_start, on_end, on_text};

static void walker_init(walker *w, biao_doc *doc, const char *part) {
  memset(w, 0, sizeof *w);
  w->doc = doc;
  w->part = part;
  w->names = g_hash_table_new(g_direct_hash, g_direct_equal);
  w->paras = g_ptr_array_new_with_free_func((GDestroyNotify)para_free);
  w->tables = g_ptr_array_new();
  w->context = g_ptr_array_new_with_free_func(gstring_free);
}

static int walker_finish(walker *w, int rc, biao_error *err) {
  if (w->over_limit)
    rc = bz_fail(err, BIAO_ERR_LIMIT, w->doc->path,
                 "%s: a table is over %d columns or %zu grid positions, or the document over %zu cells: "
                 "refused as hostile",
                 w->part, BZ_DX_MAX_COLS, (gsize)BZ_DX_MAX_POSITIONS, (gsize)BZ_DX_MAX_CELLS);
  if (rc == BIAO_OK && !w->seen_root)
    rc = bz_fail(err, BIAO_ERR_CORRUPT, w->doc->path, "main part %s is empty", w->part);
  /* close tables a failed parse left open (their cells stay consistent until the doc is freed) */
  while (w->tables->len) table_end(w);
  g_ptr_array_free(w->tables, TRUE);
  g_ptr_array_free(w->paras, TRUE);
  if (w->spare) para_free(w->spare);
  g_ptr_array_free(w->context, TRUE);
  g_hash_table_destroy(w->names);
  return rc;
}

int bz_docx_read_xml(biao_doc *doc, const char *xml, gsize len, biao_error *err) {
  walker w;
  walker_init(&w, doc, "word/document.xml");
  int rc = bz_xml_parse_memory(xml, len, w.part, doc->path, &walk_handler, &w, &w.x, err);
  return walker_finish(&w, rc, err);
}

int bz_docx_read(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt, biao_error *err) {
  (void)opt;
  bz_zip *z = NULL;
  bz_zip_stream *s = NULL;
  char *part = NULL;
  int rc = bz_zip_open(&z, data, len, doc->path, err);
  if (rc != BIAO_OK) return rc;
  if ((rc = bz_docx_main_part(z, doc->path, &part, err)) != BIAO_OK) goto cleanup;
  if ((rc = bz_zip_stream_open(z, part, BZ_ZIP_MAX_MAIN_PART, &s, err)) != BIAO_OK) goto cleanup;
  walker w;
  walker_init(&w, doc, part);
  rc = bz_xml_parse_stream(s, part, doc->path, &walk_handler, &w, &w.x, err);
  rc = walker_finish(&w, rc, err);
cleanup:
  bz_zip_stream_close(s);
  bz_zip_close(z);
  g_free(part);
  return rc;
}
