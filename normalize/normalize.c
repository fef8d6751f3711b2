/* normalize.c — the passes every document goes through after extraction. Format-specific
 * reconstruction (wrapped cells, page continuations) lives with the readers' helpers in this
 * folder; this file orders the passes. */
#include "normalize.h"
#include "meaning.h"

#include "context.h"

#include <string.h>

/* Clean every cell's text; drop tables without cells. */
static void clean_cells(biao_doc *doc) {
  for (guint i = 0; i < doc->tables->len;) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    for (guint k = 0; k < t->cells->len; k++) {
      bz_cell *c = &g_array_index(t->cells, bz_cell, k);
      char *clean = bz_text_clean(c->text);
      if (strcmp(clean, c->text) != 0) c->text = bz_doc_intern_len(doc, clean, (gssize)strlen(clean));
      g_free(clean);
    }
    bz_table_finish(t);
    if (t->cells->len == 0 || t->n_rows == 0) {
      bz_table_remove(doc, t);
      continue;
    }
    i++;
  }
}

int bz_normalize(biao_doc *doc, const biao_options *opt, biao_error *err) {
  clean_cells(doc);
  bz_join_continuations(doc);
  int rc = bz_context_pass(doc, opt, err); /* titles and meta from context lines, by the rules */
  if (rc != BIAO_OK) return rc;
  if (bz_meaning_run(doc, opt, err) != BIAO_OK) return err ? err->code : BIAO_ERR_RULES; /* sees the final tables */
  bz_quality_pass(doc); /* last: counts the failed checks */
  return BIAO_OK;
}
