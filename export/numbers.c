/* numbers.c — the public typed view of cells (biao_parse_number, biao_table_numbers), shared by the
 * XLSX writer and the Python binding so a cell is a number in both or in neither. */
#include <string.h>

#include "xlsx.h"

int biao_parse_number(const char *text, double *value) {
  bz_xnum n;
  if (!text || !bz_xlsx_parse_number(text, &n)) return 0;
  if (value) *value = n.value;
  return 1;
}

int biao_table_numbers(const biao_table *ct, double *values, unsigned char *is_number) {
  biao_table *t = (biao_table *)ct; /* only the lazily built owner grid is touched */
  size_t n = (size_t)t->n_rows * (size_t)t->n_cols;
  if (values) memset(values, 0, n * sizeof *values);
  if (is_number) memset(is_number, 0, n);
  guint8 *mask = bz_xlsx_text_mask(t);
  for (int r = 0; r < t->n_rows; r++)
    for (int k = 0; k < t->n_cols; k++) {
      const bz_cell *c = bz_table_owner(t, r, k);
      bz_xnum num;
      if (!c || !bz_xlsx_cell_number(t, c, mask, &num)) continue;
      if (values) values[(size_t)r * t->n_cols + k] = num.value;
      if (is_number) is_number[(size_t)r * t->n_cols + k] = 1;
    }
  g_free(mask);
  return BIAO_OK;
}
