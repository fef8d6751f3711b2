/* xlsx_cells.c — deciding which cells become Excel numbers and how they are formatted.
 *
 * A cell is a number exactly when the meaning pass typed it number or percent (codes, 行次 and
 * header rows are BZ_V_CODE: a 科目编码 201 turned into the number 201 loses its meaning, and 01
 * its zero). A percentage's value is its printed figure, 67.07 for "67.07%", in every output. */
#include <stdlib.h>
#include <string.h>

#include "../core/semantic.h"
#include "xlsx.h"

/* Pure integers printed without separators longer than this are identifiers, not amounts. */
#define BZ_XLSX_MAX_PLAIN_DIGITS 11
#define BZ_XLSX_MAX_SIGNIFICANT 15

static const char *skip_spaces(const char *p) {
  while (*p == ' ' || *p == '\t') p++;
  return p;
}

/* Integer part: plain digits, or 1-3 digits followed by ",ddd" groups. Returns the end or NULL. */
static const char *scan_integer(const char *p, GString *digits, int *thousands) {
  const char *start = p;
  while (g_ascii_isdigit(*p)) g_string_append_c(digits, *p++);
  size_t lead = (size_t)(p - start);
  if (lead == 0) return NULL;
  *thousands = 0;
  if (*p == ',') {
    if (lead > 3) return NULL;
    while (*p == ',') {
      for (int i = 1; i <= 3; i++)
        if (!g_ascii_isdigit(p[i])) return NULL;
      g_string_append_len(digits, p + 1, 3);
      p += 4;
      *thousands = 1;
    }
    if (g_ascii_isdigit(*p)) return NULL;
  }
  /* "0123" is a code; "0" and "0.5" are numbers */
  if (digits->len > 1 && digits->str[0] == '0') return NULL;
  return p;
}

static int significant_digits(const char *digits) {
  while (*digits == '0') digits++;
  return (int)strlen(digits);
}

int bz_xlsx_parse_number(const char *text, bz_xnum *out) {
  const char *p = skip_spaces(text);
  int negative = 0;
  if (*p == '-' || *p == '+') negative = *p++ == '-';
  else if (g_str_has_prefix(p, "\xe2\x88\x92")) { /* U+2212 minus sign */
    negative = 1;
    p += 3;
  }
  GString *digits = g_string_new(negative ? "-" : "");
  bz_xnum n = {0};
  p = scan_integer(p, digits, &n.thousands);
  int ok = p != NULL;
  size_t int_len = ok ? digits->len - (negative ? 1 : 0) : 0;
  if (ok && *p == '.') {
    g_string_append_c(digits, '.');
    p++;
    while (g_ascii_isdigit(*p)) {
      g_string_append_c(digits, *p++);
      n.decimals++;
    }
    ok = n.decimals > 0;
  }
  if (ok && (*p == '%' || g_str_has_prefix(p, "\xef\xbc\x85"))) { /* % or fullwidth ％ */
    n.percent = 1;
    p += *p == '%' ? 1 : 3;
  }
  if (ok) ok = *skip_spaces(p) == '\0';
  if (ok && !n.thousands && !n.decimals && !n.percent && int_len > BZ_XLSX_MAX_PLAIN_DIGITS) ok = 0;
  if (ok) {
    GString *sig = g_string_new(NULL);
    for (const char *d = digits->str; *d; d++)
      if (g_ascii_isdigit(*d)) g_string_append_c(sig, *d);
    ok = significant_digits(sig->str) <= BZ_XLSX_MAX_SIGNIFICANT;
    g_string_free(sig, TRUE);
  }
  if (ok) {
    n.value = g_ascii_strtod(digits->str, NULL); /* a percentage is its printed figure: 67.07 */
    if (out) *out = n;
  }
  g_string_free(digits, TRUE);
  return ok;
}

char *bz_xlsx_num_format(const bz_xnum *n) {
  GString *f = g_string_new(n->thousands ? "#,##0" : "0");
  if (n->decimals > 0) {
    g_string_append_c(f, '.');
    for (int i = 0; i < n->decimals && i < 15; i++) g_string_append_c(f, '0');
  }
  /* the value is the printed figure (67.07, as in JSON and pandas): a literal %, not Excel's ×100 */
  if (n->percent) g_string_append(f, "\"%\"");
  if (n->unit && !strchr(n->unit, '"')) g_string_append_printf(f, "\"%s\"", n->unit);
  if (n->parens) { /* positive;negative sections: the negative part without its minus sign */
    char *pos = g_strdup(f->str);
    g_string_append_printf(f, ";(%s)", pos);
    g_free(pos);
  }
  return g_string_free(f, FALSE);
}

/* Digits after the decimal point of the first number in `s`. */
static int printed_decimals(const char *s) {
  const char *p = s;
  while (*p && !g_ascii_isdigit(*p)) p++;
  while (g_ascii_isdigit(*p) || *p == ',') p++;
  int n = 0;
  if (*p == '.')
    for (p++; g_ascii_isdigit(*p); p++) n++;
  return n;
}

int bz_xlsx_cell_number(biao_table *t, const bz_cell *c, const guint8 *mask, bz_xnum *out) {
  if (mask && mask[(size_t)c->row * t->n_cols + c->col]) return 0;
  bz_value buf;
  const bz_value *v = bz_value_at(t, c->row, c->col, &buf);
  if (!v) return bz_xlsx_parse_number(c->text, out);
  if ((v->kind != BZ_V_NUMBER && v->kind != BZ_V_PERCENT) || !v->dec || v->op) return 0;
  bz_xnum n = {0};
  n.value = g_ascii_strtod(v->dec, NULL);
  n.percent = strchr(c->text, '%') || strstr(c->text, "\xef\xbc\x85"); /* printed %, ％ */
  n.thousands = strchr(c->text, ',') || strstr(c->text, "\xef\xbc\x8c");
  n.parens = n.value < 0 && (strchr(c->text, '(') || strstr(c->text, "\xef\xbc\x88"));
  n.decimals = v->orig_dec ? printed_decimals(v->dec) : printed_decimals(c->text);
  if (v->unit && strcmp(v->unit, "%") && strstr(c->text, v->unit)) n.unit = v->unit;
  if (out) *out = n;
  return 1;
}

/* Which cells are text whatever they print is the meaning pass's decision (normalize/codecells.c:
 * codes, 行次/栏次 and header rows are BZ_V_CODE), so the XLSX cell, the JSON value and pandas
 * agree; only a table that did not go through it falls back to its header rows. */
guint8 *bz_xlsx_text_mask(biao_table *t) {
  size_t n = (size_t)t->n_rows * (size_t)t->n_cols;
  guint8 *mask = g_new0(guint8, n ? n : 1);
  if (bz_meaning_of(t)) return mask;
  for (int r = 0; r < t->header_rows && r < t->n_rows; r++)
    memset(mask + (size_t)r * t->n_cols, 1, (size_t)t->n_cols);
  return mask;
}
