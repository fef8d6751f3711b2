/* xlsx.h — pieces of the XLSX writer that are pure functions, so tests can reach them (internal). */
#ifndef BZ_XLSX_H
#define BZ_XLSX_H

#include "../core/model.h"

/* A number as printed in a cell: its value and how it was printed, so Excel shows it the same way. */
typedef struct bz_xnum {
  double value;  /* as printed: a percentage is its figure (67.07 for 67.07%) */
  int decimals;  /* digits after the decimal point as printed */
  int thousands; /* printed with ',' group separators */
  int percent;   /* printed with a trailing % */
  int parens;    /* negative printed in parentheses: (12.50) */
  const char *unit; /* unit printed after the number in the cell ("万元"), or NULL; interned */
} bz_xnum;

/* 1 when `text` is exactly one printed number ("1,006.09", "-3", "67.07%"), else 0. Text that only
 * looks numeric stays text: leading zeros ("01"), misplaced separators, long digit strings (IDs,
 * codes) and anything with more than 15 significant digits (Excel would round it). */
int bz_xlsx_parse_number(const char *text, bz_xnum *out);

/* The number cell `c` of `t` shows, for the XLSX writer and biao_table_numbers(): typed by the
 * semantic layer (normalize/meaning.h) when the table went through it, else by
 * bz_xlsx_parse_number(). Never a number: positions flagged in `mask` (bz_xlsx_text_mask),
 * comparators ("≥80%" stays text), codes (the meaning's BZ_V_CODE: 科目编码, 行次, identifiers). */
int bz_xlsx_cell_number(biao_table *t, const bz_cell *c, const guint8 *mask, bz_xnum *out);

/* Excel number format reproducing the printed form: "#,##0.00", "0", "0.0%" ... (g_free it). */
char *bz_xlsx_num_format(const bz_xnum *n);

/* Which cells of `t` stay text whatever they print: the header rows (codes, 行次 and 栏次 rows are
 * typed BZ_V_CODE by the meaning pass, normalize/codecells.c). Returns n_rows*n_cols flags (g_free). */
guint8 *bz_xlsx_text_mask(biao_table *t);

/* The table's form code ("公开01表"): meta "code", else the semantic layer's form code, or NULL. */
const char *bz_xlsx_table_code(const biao_table *t);

/* Worksheet name for a table: its code and title ("公开01表 收入支出决算总表"), either alone when the
 * other is missing, the project name instead of the title when given (绩效 forms, where every table
 * has the same title), else "表N"; forbidden
 * characters replaced, at most 31 UTF-16 units, unique case-insensitively among `used` (a set of
 * casefolded names, updated). g_free the result. */
char *bz_xlsx_sheet_name(const biao_table *t, const char *project, GHashTable *used);

#endif
