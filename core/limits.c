/* limits.c — the bounds of limits.h, checked the same way for every reader. */
#include "limits.h"

#include <string.h>

#include "error.h"

char *bz_format_bytes(guint64 n) {
  static const struct {
    guint64 unit;
    const char *name;
  } exact[] = {{(guint64)1 << 30, "GiB"}, {(guint64)1 << 20, "MiB"}, {1000000, "MB"}};
  for (gsize i = 0; i < G_N_ELEMENTS(exact); i++)
    if (n >= exact[i].unit && n % exact[i].unit == 0)
      return g_strdup_printf("%" G_GUINT64_FORMAT " %s", n / exact[i].unit, exact[i].name);
  if (n < 1000) return g_strdup_printf("%" G_GUINT64_FORMAT " byte%s", n, n == 1 ? "" : "s");
  char *s = g_strdup_printf("%.1f %s", n >= 1000000 ? n / 1e6 : n / 1e3, n >= 1000000 ? "MB" : "kB");
  char *dot0 = strstr(s, ".0 ");
  if (dot0) memmove(dot0, dot0 + 2, strlen(dot0 + 2) + 1); /* "2.0 kB" -> "2 kB" */
  return s;
}

int bz_doc_check_limits(const biao_doc *doc, biao_error *err) {
  gsize cells = 0;
  for (guint i = 0; i < doc->tables->len; i++) {
    const biao_table *t = g_ptr_array_index(doc->tables, i);
    cells += t->cells->len;
    if (cells > BZ_MAX_DOC_CELLS)
      return bz_fail(err, BIAO_ERR_LIMIT, doc->path, "more than %zu cells: over the per-document limit",
                     (size_t)BZ_MAX_DOC_CELLS);
    if ((gsize)MAX(t->n_rows, 0) * (gsize)MAX(t->n_cols, 0) > BZ_MAX_TABLE_POSITIONS)
      return bz_fail(err, BIAO_ERR_LIMIT, doc->path,
                     "a table of %d rows x %d columns: over the limit of %zu grid positions", t->n_rows,
                     t->n_cols, (size_t)BZ_MAX_TABLE_POSITIONS);
    for (guint k = 0; k < t->cells->len; k++) {
      const bz_cell *c = &g_array_index(t->cells, bz_cell, k);
      if (strlen(c->text) > BZ_MAX_CELL_TEXT) {
        char *lim = bz_format_bytes(BZ_MAX_CELL_TEXT);
        int rc = bz_fail(err, BIAO_ERR_LIMIT, doc->path,
                         "a cell (row %d, column %d) holds %zu bytes of text: over the %s per-cell limit",
                         c->row + 1, c->col + 1, strlen(c->text), lim);
        g_free(lim);
        return rc;
      }
    }
  }
  return BIAO_OK;
}
