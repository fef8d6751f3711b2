/* csv.c — RFC 4180 CSV of one table: UTF-8, fields quoted only when they hold a comma, quote,
 * CR or LF (or leading/trailing space), optional BOM and CRLF. Flat mode (--header flat) writes one
 * header row of unique column paths and only body rows, and plain numbers (--numbers plain) write
 * the typed decimal, so `sqlite3 .import`, csvkit and pandas load the file with no options. */
#include <string.h>

#include "../core/semantic.h"
#include "export.h"
#include "long.h"

void bz_csv_field(GString *out, const char *s) {
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

/* One header line: each column's path joined with " / " ("col N" when it has none), a repeated
 * label suffixed " (2)", " (3)"... so every column has its own name. */
static void flat_header(GString *out, biao_table *t, const bz_meaning *m, const char *eol) {
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int k = 0; k < t->n_cols; k++) {
    char *name = m ? bz_long_header_path(m->col_path[k]) : NULL;
    if (!name || !*name) {
      g_free(name);
      name = g_strdup_printf("col %d", k + 1);
    }
    char *unique = g_strdup(name);
    for (int n = 2; g_hash_table_contains(seen, unique); n++) {
      g_free(unique);
      unique = g_strdup_printf("%s (%d)", name, n);
    }
    g_hash_table_add(seen, unique);
    if (k) g_string_append_c(out, ',');
    bz_csv_field(out, unique);
    g_free(name);
  }
  g_hash_table_destroy(seen);
  g_string_append(out, eol);
}

/* Rows that are headings, not data: the header block, header rows repeated inside the table, the
 * 栏次 row of column numbers. */
static gboolean heading_row(const biao_table *t, const bz_meaning *m, int r) {
  if (r < t->header_rows) return TRUE;
  if (!m) return FALSE;
  return m->rows[r].kind == BZ_ROW_HEADER || m->rows[r].kind == BZ_ROW_COLNUM || r == m->column_numbers_row;
}

/* What a position prints with --numbers plain: the decimal of a number or percent outside code
 * columns, "" for a placeholder in an amount column, else the printed text. */
static const char *plain(biao_table *t, const bz_meaning *m, int r, int k, const char *text, bz_value *buf) {
  const bz_cell *o = bz_table_owner(t, r, k);
  if (!m || !o || o->text != text) return text; /* "" of a covered position (without --fill-merged) */
  const bz_value *v = bz_value_at(t, o->row, o->col, buf);
  if (!v) return text;
  bz_colrole role = m->col_role[k];
  if (role == BZ_COL_CODE || role == BZ_COL_LINENO || role == BZ_COL_LABEL) return text;
  if ((v->kind == BZ_V_NUMBER || v->kind == BZ_V_PERCENT) && v->dec && !v->op) return v->dec;
  if (v->kind == BZ_V_PLACEHOLDER && role != BZ_COL_OTHER) return "";
  return text;
}

void bz_csv_table(GString *out, biao_table *t, const biao_export_options *o) {
  const char *eol = o->csv_crlf ? "\r\n" : "\n";
  const bz_meaning *m = bz_meaning_of(t);
  if (m && (m->n_rows != t->n_rows || m->n_cols != t->n_cols)) m = NULL;
  if (o->csv_bom) g_string_append(out, "\xef\xbb\xbf");
  const char **grid = bz_table_grid(t, o->fill_merged);
  if (o->header_flat) flat_header(out, t, m, eol);
  for (int r = 0; r < t->n_rows; r++) {
    if (o->header_flat && heading_row(t, m, r)) continue;
    for (int k = 0; k < t->n_cols; k++) {
      if (k) g_string_append_c(out, ',');
      const char *s = grid[(size_t)r * t->n_cols + k];
      bz_value buf; /* the decimal plain() returns may be in it */
      bz_csv_field(out, o->numbers_plain && r >= t->header_rows ? plain(t, m, r, k, s, &buf) : s);
    }
    g_string_append(out, eol);
  }
  if (o->fill_merged) g_free(grid);
}
