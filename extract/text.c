/* text.c — the text-dump reader: decode, split into lines, strip noise, then walk the lines and
 * hand each table to the parser of its layout (docs/text.md). Everything else is narrative,
 * kept only as the context lines of the next table. */
#include <string.h>

#include "../core/error.h"
#include "extract.h"
#include "text_internal.h"

/* Remove `noise` rule matches ([bookmark: …]) from every line that has any. */
static void strip_noise(bz_scan *s, GPtrArray *owned) {
  if (bz_rules_count(s->rules, "noise") == 0) return;
  for (guint i = 0; i < s->n; i++) {
    const char *l = g_ptr_array_index(s->lines, i);
    if (!strchr(l, '[')) continue; /* cheap pre-filter: every built-in noise rule starts with '[' */
    if (!bz_rules_match(s->rules, "noise", l, NULL)) continue;
    char *c = bz_rules_strip(s->rules, "noise", l);
    g_ptr_array_add(owned, c);
    g_ptr_array_index(s->lines, i) = c;
  }
}

/* pdftotext puts a form feed before each page: take them out of the lines and remember the page
 * of every line (the pages of tables, page breaks inside tables). */
static void form_feeds(bz_scan *s) {
  int page = 1;
  gboolean any = FALSE;
  for (guint i = 0; i < s->n && !any; i++) any = strchr(g_ptr_array_index(s->lines, i), '\f') != NULL;
  if (!any) return;
  s->page = g_new0(int, s->n ? s->n : 1);
  for (guint i = 0; i < s->n; i++) {
    char *l = g_ptr_array_index(s->lines, i), *w = l;
    for (char *r = l; *r; r++) {
      if (*r == '\f') page++;
      else *w++ = *r;
    }
    *w = '\0';
    s->page[i] = page;
  }
  s->doc->pages = page;
}

static void scan(bz_scan *s) {
  guint i = 0;
  while (i < s->n && s->rc == BIAO_OK) {
    guint next = i;
    switch (bz_scan_kind(s, i)) {
    case BZ_LINE_ROW: next = bz_text_tabbed(s, i); break;
    case BZ_LINE_CELL: next = bz_text_cellines(s, i); break;
    case BZ_LINE_TEXT: next = bz_text_bare(s, i); break;
    case BZ_LINE_BLANK: break;
    }
    if (next <= i) { /* narrative */
      bz_scan_pending(s, bz_scan_line(s, i));
      next = i + 1;
    }
    i = next;
  }
}

int bz_text_read(biao_doc *doc, const guint8 *data, gsize len, const biao_options *opt, biao_error *err) {
  const bz_rules *rules = NULL;
  int rc = bz_rules_get(&rules, opt ? opt->rules_dir : NULL, err);
  if (rc != BIAO_OK) return rc;
  char *text = NULL;
  gsize tlen = 0;
  rc = bz_text_decode(doc, data, len, &text, &tlen, err);
  if (rc != BIAO_OK) return rc;
  GPtrArray *lines = NULL;
  rc = bz_text_split_lines(doc, text, tlen, &lines, err);
  if (rc != BIAO_OK) {
    g_free(text);
    return rc;
  }
  bz_scan s = {
      .doc = doc, .rules = rules, .lines = lines, .n = lines->len, .pending = g_ptr_array_new(), .err = err};
  GPtrArray *owned = g_ptr_array_new_with_free_func(g_free);
  doc->pages = -1;
  form_feeds(&s);
  strip_noise(&s, owned);
  scan(&s);
  g_ptr_array_free(s.pending, TRUE);
  g_ptr_array_free(owned, TRUE);
  g_ptr_array_free(lines, TRUE);
  g_free(s.page);
  g_free(text);
  return s.rc;
}
