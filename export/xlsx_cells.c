/* xlsx_cells.c — deciding which cells become Excel numbers and how they are formatted.
 *
 * The rule is conservative: a cell is a number only when its whole text is one printed number, and
 * columns or rows that carry codes stay text even when their cells are digits, because a 科目编码
 * 201 turned into the number 201 loses its meaning (and 01 would lose its zero). */
#include <stdlib.h>
#include <string.h>

#include "../core/semantic.h"
#include "xlsx.h"

/* Pure integers printed without separators longer than this are identifiers, not amounts. */
#define BZ_XLSX_MAX_PLAIN_DIGITS 11
#define BZ_XLSX_MAX_SIGNIFICANT 15
/* Column labels are short ("功能分类科目编码"); longer text is a sentence. */
#define BZ_XLSX_MAX_LABEL 12

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
    n.value = g_ascii_strtod(digits->str, NULL);
    if (n.percent) n.value /= 100.0;
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
  if (n->percent) g_string_append_c(f, '%');
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

/* Bare digits with a leading zero, or too many to be an amount: an identifier. */
static gboolean is_identifier(const char *text) {
  const char *p = text;
  while (*p == ' ') p++;
  size_t n = strspn(p, "0123456789");
  const char *q = p + n;
  while (*q == ' ') q++;
  if (n == 0 || *q) return FALSE;
  return (p[0] == '0' && n > 1) || n > 11;
}

int bz_xlsx_cell_number(biao_table *t, const bz_cell *c, const guint8 *mask, bz_xnum *out) {
  if (mask && mask[(size_t)c->row * t->n_cols + c->col]) return 0;
  const bz_value *v = bz_value_at(t, c->row, c->col);
  if (!v) return bz_xlsx_parse_number(c->text, out);
  if ((v->kind != BZ_V_NUMBER && v->kind != BZ_V_PERCENT) || !v->dec || v->op || is_identifier(c->text))
    return 0;
  bz_xnum n = {0};
  n.value = g_ascii_strtod(v->dec, NULL);
  n.percent = strchr(c->text, '%') || strstr(c->text, "\xef\xbc\x85"); /* printed %, ％ */
  if (n.percent) n.value /= 100.0;
  n.thousands = strchr(c->text, ',') || strstr(c->text, "\xef\xbc\x8c");
  n.parens = n.value < 0 && (strchr(c->text, '(') || strstr(c->text, "\xef\xbc\x88"));
  n.decimals = v->orig_dec ? printed_decimals(v->dec) : printed_decimals(c->text);
  if (v->unit && strcmp(v->unit, "%") && strstr(c->text, v->unit)) n.unit = v->unit;
  if (out) *out = n;
  return 1;
}

/* Label words that announce a column of codes or ordinal labels rather than quantities. A label
 * spanning several columns counts only when it names codes and not names ("科目编码" over 类/款/项,
 * but not "科目编码及名称" over the code and the name column). */
static gboolean is_code_label(const char *text, int colspan) {
  static const char *const words[] = {"代码", "编码", "编号", "行次", "栏次", "科目号", "序号", NULL};
  static const char *const exact[] = {"类", "款", "项", NULL};
  if (strpbrk(text, "0123456789")) return FALSE;
  char *s = g_strdup(text);
  char *q = s, *w = s;
  for (; *q; q++) /* drop spaces: "类  款  项" cells are often padded */
    if (*q != ' ' && *q != '\n') *w++ = *q;
  *w = '\0';
  gboolean hit = FALSE;
  if (g_utf8_strlen(s, -1) > BZ_XLSX_MAX_LABEL) {
    /* a sentence that mentions 编码 ("实行编码管理") is not a column label */
  } else if (colspan > 1) {
    hit = (strstr(s, "编码") || strstr(s, "代码")) && !strstr(s, "名称");
  } else {
    for (int i = 0; words[i] && !hit; i++) hit = strstr(s, words[i]) != NULL;
    for (int i = 0; exact[i] && !hit; i++) hit = strcmp(s, exact[i]) == 0;
  }
  g_free(s);
  return hit;
}

/* A row whose label says it numbers the columns (栏次) or lines (行次). */
static gboolean is_label_row(biao_table *t, int r) {
  for (int k = 0; k < t->n_cols && k < 3; k++) {
    const bz_cell *c = bz_table_owner(t, r, k);
    if (!c) continue;
    char *s = g_strdup(c->text);
    char *q = s, *w = s;
    for (; *q; q++) /* drop spaces: "栏 次" is common */
      if (*q != ' ') *w++ = *q;
    *w = '\0';
    gboolean hit = !strcmp(s, "栏次") || !strcmp(s, "行次");
    g_free(s);
    if (hit) return TRUE;
  }
  return FALSE;
}

static gboolean all_digits(const char *s) {
  if (!*s) return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit(*s)) return FALSE;
  return TRUE;
}

/* Body column whose digit cells are bare digit strings that behave like codes (cells without digits,
 * such as 合计, are ignored): one has a leading zero, or one is a proper prefix of another (201 → 20101 → 2010101, the budget classification hierarchy). */
static gboolean is_code_column(biao_table *t, int k) {
  GPtrArray *vals = g_ptr_array_new();
  gboolean code = FALSE, digits_only = TRUE;
  for (int r = t->header_rows; r < t->n_rows && digits_only; r++) {
    const bz_cell *c = bz_table_owner(t, r, k);
    if (!c || c->row != r || c->col != k || !*c->text) continue;
    if (all_digits(c->text)) g_ptr_array_add(vals, (gpointer)c->text);
    else if (strpbrk(c->text, "0123456789")) digits_only = FALSE; /* labels like 合计 are skipped */
  }
  for (guint i = 0; digits_only && !code && i < vals->len; i++) {
    const char *a = g_ptr_array_index(vals, i);
    if (a[0] == '0' && a[1]) code = TRUE;
    for (guint j = 0; !code && j < vals->len; j++) {
      const char *b = g_ptr_array_index(vals, j);
      size_t la = strlen(a), lb = strlen(b);
      if (la >= 3 && lb > la && strncmp(a, b, la) == 0) code = TRUE;
    }
  }
  g_ptr_array_free(vals, TRUE);
  return digits_only && code;
}

/* The semantic layer's view: header and 栏次 rows, code and 行次 columns. */
static void meaning_mask(biao_table *t, guint8 *mask) {
  const bz_meaning *m = bz_meaning_of(t);
  if (!m || m->n_rows != t->n_rows || m->n_cols != t->n_cols) return;
  for (int r = 0; r < t->n_rows; r++)
    if (m->rows[r].kind == BZ_ROW_HEADER || m->rows[r].kind == BZ_ROW_COLNUM)
      memset(mask + (size_t)r * t->n_cols, 1, (size_t)t->n_cols);
  for (int k = 0; k < t->n_cols; k++)
    if (m->col_role[k] == BZ_COL_CODE || m->col_role[k] == BZ_COL_LINENO)
      for (int r = 0; r < t->n_rows; r++) mask[(size_t)r * t->n_cols + k] = 1;
}

guint8 *bz_xlsx_text_mask(biao_table *t) {
  size_t n = (size_t)t->n_rows * (size_t)t->n_cols;
  guint8 *mask = g_new0(guint8, n ? n : 1);
  meaning_mask(t, mask);
  for (int r = 0; r < t->header_rows && r < t->n_rows; r++)
    memset(mask + (size_t)r * t->n_cols, 1, (size_t)t->n_cols);
  for (int r = t->header_rows; r < t->n_rows; r++)
    if (is_label_row(t, r)) memset(mask + (size_t)r * t->n_cols, 1, (size_t)t->n_cols);
  for (int k = 0; k < t->n_cols; k++) {
    gboolean code = FALSE;
    /* labels anywhere: readers do not always count every header row (类/款/项 often falls below) */
    for (int r = 0; r < t->n_rows && !code; r++) {
      const bz_cell *c = bz_table_owner(t, r, k);
      if (c && c->row == r && is_code_label(c->text, c->colspan)) code = TRUE;
    }
    if (!code) code = is_code_column(t, k);
    if (code)
      for (int r = 0; r < t->n_rows; r++) mask[(size_t)r * t->n_cols + k] = 1;
  }
  return mask;
}
