/* csv.c — RFC 4180 CSV of one table: UTF-8, fields quoted only when they hold a comma, quote,
 * CR or LF (or leading/trailing space), optional BOM and CRLF. */
#include <string.h>

#include "export.h"

static void field(GString *out, const char *s) {
  gboolean q = strpbrk(s, ",\"\r\n") != NULL || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '));
  if (!q) {
    g_string_append(out, s);
    return;
  }
  g_string_append_c(out, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
}

void bz_csv_table(GString *out, biao_table *t, const biao_export_options *o) {
  const char *eol = o->csv_crlf ? "\r\n" : "\n";
  if (o->csv_bom) g_string_append(out, "\xef\xbb\xbf");
  const char **grid = bz_table_grid(t, o->fill_merged);
  for (int r = 0; r < t->n_rows; r++) {
    for (int k = 0; k < t->n_cols; k++) {
      if (k) g_string_append_c(out, ',');
      field(out, grid[(size_t)r * t->n_cols + k]);
    }
    g_string_append(out, eol);
  }
  if (o->fill_merged) g_free(grid);
}
