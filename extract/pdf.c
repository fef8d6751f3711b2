/* pdf.c — the PDF reader: open with Poppler, then per page: glyphs (pdf_text.c), ruling lines
 * (pdf_rules.c), lattice tables (pdf_grid.c), rule-less tables (pdf_stream.c), context lines
 * (pdf_context.c). Tables continued over pages are joined later in normalize/continuation.c. */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/error.h"
#include "extract.h"
#include "pdf_debug.h"
#include "pdf_page.h"
#include "pdf_tags.h"

/* Poppler's GError → biao_error, in one place. */
static int fail_gerror(biao_error *err, const char *path, GError *e, gboolean had_password) {
  int code = BIAO_ERR_CORRUPT;
  const char *why = e ? e->message : "unknown error";
  if (e && e->domain == POPPLER_ERROR && e->code == POPPLER_ERROR_ENCRYPTED) {
    code = BIAO_ERR_ENCRYPTED;
    why = had_password ? "wrong password for this encrypted PDF"
                       : "encrypted PDF: a password is needed (--password)";
  }
  int rc = code == BIAO_ERR_ENCRYPTED ? bz_fail(err, code, path, "%s", why)
                                      : bz_fail(err, code, path, "damaged PDF: %s", why);
  if (e) g_error_free(e);
  return rc;
}

/* Open an encrypted PDF with a password through a private temporary file: Poppler 22.12's
 * _new_from_data/_bytes/_stream retry a wrong password on a stream they have already freed (a
 * crash); _new_from_file reopens the file for the retry, which is safe. */
static PopplerDocument *open_with_password(const guint8 *data, gsize len, const char *password, GError **e) {
  char *tmp = NULL;
  int fd = g_file_open_tmp("biao-XXXXXX.pdf", &tmp, e);
  if (fd < 0) return NULL;
  close(fd);
  PopplerDocument *pd = NULL;
  if (g_file_set_contents_full(tmp, (const char *)data, (gssize)len, G_FILE_SET_CONTENTS_NONE, 0600, e)) {
    char *uri = g_filename_to_uri(tmp, NULL, e);
    if (uri) pd = poppler_document_new_from_file(uri, password, e);
    g_free(uri);
  }
  g_unlink(tmp); /* Poppler keeps its descriptor; the name can go */
  g_free(tmp);
  return pd;
}

int bz_pdf_open(PopplerDocument **out, const guint8 *data, gsize len, const char *path, const char *password,
                biao_error *err) {
  GError *e = NULL;
  if (len > G_MAXINT) return bz_fail(err, BIAO_ERR_LIMIT, path, "PDF larger than 2 GB");
  /* first without a password (so _new_from_data never retries); `data` outlives the document */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  PopplerDocument *pd = poppler_document_new_from_data((char *)data, (int)len, NULL, &e);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (!pd && password && e && e->domain == POPPLER_ERROR && e->code == POPPLER_ERROR_ENCRYPTED) {
    g_clear_error(&e);
    pd = open_with_password(data, len, password, &e);
  }
  if (!pd) return fail_gerror(err, path, e, password != NULL);
  *out = pd;
  return BIAO_OK;
}

/* "3-5,8" → a mask of wanted pages (1-based, index 0 unused). */
static int parse_pages(const char *spec, int n, gboolean **mask, const char *path, biao_error *err) {
  *mask = g_new0(gboolean, n + 1);
  if (!spec) {
    for (int i = 1; i <= n; i++)
      (*mask)[i] = TRUE;
    return BIAO_OK;
  }
  char **parts = g_strsplit(spec, ",", -1);
  int rc = BIAO_OK;
  for (char **p = parts; *p && rc == BIAO_OK; p++) {
    char *s = g_strstrip(*p), *end;
    if (!*s) continue;
    gint64 a = g_ascii_strtoll(s, &end, 10), b = a;
    if (end == s)
      rc = BIAO_ERR_USAGE;
    else if (*end == '-') {
      char *s2 = end + 1;
      b = *s2 ? g_ascii_strtoll(s2, &end, 10) : n;
      if (!*s2) end = s2; /* "20-": to the last page */
      if (*s2 && end == s2) rc = BIAO_ERR_USAGE;
    }
    if (rc == BIAO_OK && *end) rc = BIAO_ERR_USAGE;
    if (rc == BIAO_OK && (a < 1 || b < a)) rc = BIAO_ERR_USAGE;
    if (rc == BIAO_OK && b > n) { /* a page that is not there is a mistake, not an empty result */
      g_strfreev(parts);
      return bz_fail(err, BIAO_ERR_USAGE, path, "page %" G_GINT64_FORMAT " is outside the document (%d page%s)",
                     b, n, n == 1 ? "" : "s");
    }
    for (gint64 i = a; rc == BIAO_OK && i <= b && i <= n; i++)
      (*mask)[i] = TRUE;
  }
  g_strfreev(parts);
  if (rc != BIAO_OK) bz_fail(err, rc, path, "invalid page list '%s' (expected e.g. 3-5,8)", spec);
  return rc;
}

void bz_pdf_page_init(bz_page *page, PopplerPage *pp, int number) {
  memset(page, 0, sizeof *page);
  page->number = number;
  poppler_page_get_size(pp, &page->width, &page->height);
  page->chars = g_array_new(FALSE, FALSE, sizeof(bz_pchar));
  page->hrules = g_array_new(FALSE, FALSE, sizeof(bz_rule));
  page->vrules = g_array_new(FALSE, FALSE, sizeof(bz_rule));
}

void bz_pdf_page_clear(bz_page *page) {
  g_array_free(page->chars, TRUE);
  g_array_free(page->hrules, TRUE);
  g_array_free(page->vrules, TRUE);
  if (page->unseen) g_array_free(page->unseen, TRUE);
}

/* Tables of a page whose glyphs and rules are known; `tags` (may be NULL) is the structure tree
 * of a tagged PDF, checked against the geometry (pdf_tags.c). */
static GPtrArray *tables_of(bz_page *page, bz_tags *tags) {
  if (page->chars->len == 0) return g_ptr_array_new_with_free_func(bz_pdf_ptable_free);
  bz_pdf_drop_underlines(page); /* before any table is built from the rules */
  GPtrArray *tables = bz_pdf_lattice(page);
  guint n_lattice = tables->len;
  guint8 *lattice_used = tags ? g_new(guint8, page->chars->len) : NULL;
  for (guint k = 0; tags && k < page->chars->len; k++)
    lattice_used[k] = (guint8)(g_array_index(page->chars, bz_pchar, k).used != 0);
  bz_pdf_stream(page, tables);
  bz_pdf_tags_apply(tags, page, tables, n_lattice, lattice_used);
  g_free(lattice_used);
  g_ptr_array_sort(tables, bz_pdf_cmp_tables);
  return tables;
}

GPtrArray *bz_pdf_page_tables(bz_page *page, PopplerPage *pp) {
  bz_rules *rules = bz_pdf_rules_new();
  bz_pdf_find_rules(rules, page, pp); /* first: Poppler keeps the text layer it reads while rendering */
  bz_pdf_rules_free(rules);
  bz_pdf_read_chars(page, pp);
  return tables_of(page, NULL);
}

/* A page with no glyphs but with images is a scan: no table can be read from it. */
static gboolean is_scanned_page(PopplerPage *pp) {
  GList *images = poppler_page_get_image_mapping(pp);
  gboolean has_images = images != NULL;
  poppler_page_free_image_mapping(images);
  return has_images;
}

/* Whether a page has any text to read (not only blanks). Poppler keeps what it read for
 * bz_pdf_read_chars. */
static gboolean has_text(PopplerPage *pp) {
  char *text = poppler_page_get_text(pp);
  gboolean any = FALSE;
  for (const char *p = text; p && *p && !any; p = g_utf8_next_char(p))
    any = !g_unichar_isspace(g_utf8_get_char(p));
  g_free(text);
  return any;
}

/* Append page n (pages come in increasing order) to a list such as "2, 4-5". */
static void add_page_to_list(GString *list, int *last, int n) {
  if (*last && n == *last + 1) {
    /* extend the range that ends with *last */
    char *dash = strrchr(list->str, '-'), *comma = strrchr(list->str, ',');
    if (dash && (!comma || dash > comma)) g_string_truncate(list, (gsize)(dash - list->str));
    g_string_append_printf(list, "-%d", n);
  } else {
    g_string_append_printf(list, "%s%d", list->len ? ", " : "", n);
  }
  *last = n;
}

int bz_pdf_read(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt, biao_error *err) {
  PopplerDocument *pd = NULL;
  int rc = bz_pdf_open(&pd, data, len, doc->path, opt ? opt->password : NULL, err);
  if (rc != BIAO_OK) return rc;
  int n = poppler_document_get_n_pages(pd);
  doc->pages = n;
  gboolean *want = NULL;
  bz_tags *tags = bz_pdf_tags_read(pd);
  rc = parse_pages(opt ? opt->pages : NULL, n, &want, doc->path, err);
  long total = 0, done = 0;
  for (int i = 1; i <= n; i++)
    total += want[i] ? 1 : 0;
  GString *suspicious = g_string_new(NULL); /* pages with undecodable glyphs: "2, 4-5" */
  int n_suspicious = 0, last_suspicious = 0;
  GString *scanned = g_string_new(NULL); /* pages without a text layer */
  int last_scanned = 0;
  GPtrArray *carry = NULL; /* lines at the foot of the previous page */
  bz_rules *rules = bz_pdf_rules_new();
  gboolean probe_text = TRUE; /* read the text layer before rendering (see has_text) */
  for (int i = 1; rc == BIAO_OK && i <= n; i++) {
    if (!want[i]) continue;
    PopplerPage *pp = poppler_document_get_page(pd, i - 1);
    if (!pp) {
      bz_doc_warn(doc, "page %d could not be read", i);
      continue;
    }
    bz_page page;
    bz_pdf_page_init(&page, pp, i);
    /* A page without a text layer holds no table, and rendering it decodes its images (a scanned
     * page's JPEG 2000 took 0.6 s, where reading its empty text layer takes a millisecond: Poppler
     * skips images when it only reads text). So after a page without text (and on the first page)
     * the text layer is read first, and an empty one is not rendered; after a page with text the
     * rules come first, as then the render reads the text layer once for both. */
    gboolean blank = probe_text && !has_text(pp);
    /* rules first: while rendering, Poppler reads the text layer and keeps it for read_chars */
    if (!blank && !bz_pdf_find_rules(rules, &page, pp))
      bz_doc_warn(doc,
                  "page %d: the drawing is too large to look for ruling lines; only tables without rules "
                  "are read there",
                  i);
    bz_pdf_read_chars(&page, pp);
    GPtrArray *tables = tables_of(&page, tags);
    probe_text = page.chars->len == 0;
    if (page.chars->len == 0 && is_scanned_page(pp))
      add_page_to_list(scanned, &last_scanned, page.number), doc->scanned_pages++;
    if (page.suspicious) add_page_to_list(suspicious, &last_suspicious, page.number), n_suspicious++;
    bz_pdf_emit_tables(doc, &page, tables, &carry);
    g_ptr_array_free(tables, TRUE);
    done++;
    if (opt && opt->progress && opt->progress(opt->progress_user, "pages", done, total) != 0)
      rc = bz_fail(err, BIAO_ERR_USAGE, doc->path, "cancelled");
    bz_pdf_page_clear(&page);
    g_object_unref(pp);
  }
  if (n_suspicious)
    bz_doc_warn(doc,
                "%s %s %s glyphs that decode to U+FFFD or private-use characters: a font lacks a Unicode map "
                "(is poppler-data installed?)",
                n_suspicious > 1 ? "pages" : "page", suspicious->str, n_suspicious > 1 ? "have" : "has");
  g_string_free(suspicious, TRUE);
  if (doc->scanned_pages) /* one warning for all of them: a 300-page scan is one fact */
    bz_doc_warn(doc, "%s %s %s no text layer (scanned %s?): %s cannot be read",
                doc->scanned_pages > 1 ? "pages" : "page", scanned->str, doc->scanned_pages > 1 ? "have" : "has",
                doc->scanned_pages > 1 ? "images" : "an image", doc->scanned_pages > 1 ? "their tables" : "its tables");
  if (doc->scanned_pages) doc->scanned = bz_doc_intern(doc, scanned->str);
  g_string_free(scanned, TRUE);
  if (carry) g_ptr_array_unref(carry);
  bz_pdf_rules_free(rules);
  bz_pdf_tags_free(tags);
  g_free(want);
  g_object_unref(pd);
  return rc;
}
