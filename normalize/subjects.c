/* subjects.c — 功能分类科目编码 per row (code and parent), row labels, and 合计/小计/总计 rows.
 *
 * Codes come as one column ("2010406"), inside the label ("2010406 行政运行"), or split over
 * 类/款/项 columns where 类 and 款 are printed only on the first row of their group (or merged):
 * those carry down. 类 = 3 digits, 款 = 2, 项 = 2, so the parent of a 7-digit code is its first 5
 * digits and of a 5-digit code its first 3. */
#include <string.h>

#include "meaning.h"

static const char *cell_text(biao_table *t, int r, int c) {
  const bz_cell *o = bz_table_owner(t, r, c);
  return o ? o->text : "";
}

static gboolean all_digits(const char *s, int n) {
  int k = 0;
  for (; s[k]; k++)
    if (!g_ascii_isdigit(s[k])) return FALSE;
  return n < 0 ? k > 0 : k == n;
}

static gboolean is_code(const char *s) {
  gsize n = strlen(s);
  return all_digits(s, -1) && (n == 3 || n == 5 || n == 7);
}

static const char *parent_of(biao_doc *doc, const char *code) {
  gsize n = strlen(code);
  return n > 3 ? bz_doc_intern_len(doc, code, (gssize)(n - 2)) : NULL;
}

/* "2010406 行政运行" -> code and label; the whole cell when it is only a code. */
static const char *split_code(biao_doc *doc, const char *text, const char *k, const char **label) {
  static const char re[] = "(?s)^\\s*(\\d{3}(?:\\d{2}){0,2})(?:\\s+|(?=\\p{Han}))(.+)$";
  *label = NULL;
  if (is_code(k)) return k;
  if (!g_ascii_isdigit(*k)) return NULL;
  gssize ov[6];
  const char *code = NULL;
  if (bz_re_groups(re, text, 0, 3, ov)) {
    char *c = bz_re_group_dup(text, ov, 1), *l = bz_re_group_dup(text, ov, 2);
    code = bz_doc_intern(doc, c);
    *label = bz_doc_intern(doc, l ? g_strstrip(l) : "");
    g_free(c);
    g_free(l);
  }
  return code;
}

/* The column headed `name` (类, 款, 项): the last part of its path, or a cell saying just that in
 * the first rows (some templates print 类 款 项 in the 合计 row, below the header). */
static int col_with_last(biao_doc *doc, biao_table *t, const bz_meaning *m, const char *name) {
  for (int c = 0; c < m->n_cols; c++) {
    const char *p = m->col_path[c];
    if (!p) continue;
    const char *s = strrchr(p, '/');
    if (!strcmp(s ? s + 1 : p, name)) return c;
  }
  for (int r = 0; r < MIN(m->n_rows, t->header_rows + 2); r++)
    for (int c = 0; c < MIN(m->n_cols, 6); c++)
      if (!strcmp(bz_owner_key(doc, t, r, c), name)) return c;
  return -1;
}

/* A 款 or 项 part printed as one digit, zero-padded ("2" -> "02"); anything else unchanged. */
static const char *two_digits(const char *s, char buf[8]) {
  if (g_ascii_isdigit(s[0]) && !s[1]) {
    buf[0] = '0';
    buf[1] = s[0];
    buf[2] = '\0';
    return buf;
  }
  return s;
}

/* Codes split over 类/款/项 columns. */
static gboolean split_columns(biao_doc *doc, biao_table *t, bz_meaning *m) {
  int lc = col_with_last(doc, t, m, "类"), kc = col_with_last(doc, t, m, "款"), xc = col_with_last(doc, t, m, "项");
  if (lc < 0 || kc < 0) return FALSE;
  char lei[8] = "", kuan[8] = "";
  for (int r = t->header_rows; r < m->n_rows; r++) {
    if (m->rows[r].kind == BZ_ROW_COLNUM) continue;
    const char *l = bz_owner_key(doc, t, r, lc);
    /* 款 and 项 are two digits; some tables print "2" for 02 (govbc-10 p.29 "301 | 2 | 津贴补贴") */
    char kbuf[8], xbuf[8];
    const char *k = two_digits(bz_owner_key(doc, t, r, kc), kbuf);
    const char *x = xc >= 0 ? two_digits(bz_owner_key(doc, t, r, xc), xbuf) : "";
    char code[16] = "";
    if (is_code(l) && strlen(l) > 3) { /* a full code printed in the 类 column */
      g_strlcpy(code, l, sizeof code);
    } else if (all_digits(l, 3)) {
      g_strlcpy(lei, l, sizeof lei);
      kuan[0] = '\0';
      if (all_digits(k, 2)) g_strlcpy(kuan, k, sizeof kuan);
      g_snprintf(code, sizeof code, "%s%s%s", lei, kuan, kuan[0] && all_digits(x, 2) ? x : "");
    } else if (lei[0] && all_digits(k, 2)) {
      g_strlcpy(kuan, k, sizeof kuan);
      g_snprintf(code, sizeof code, "%s%s%s", lei, kuan, all_digits(x, 2) ? x : "");
    } else if (lei[0] && kuan[0] && all_digits(x, 2)) {
      g_snprintf(code, sizeof code, "%s%s%s", lei, kuan, x);
    } else if (*l || *k || *x) {
      lei[0] = kuan[0] = '\0'; /* a total or other label ends the groups */
    }
    if (code[0]) {
      m->rows[r].code = bz_doc_intern(doc, code);
      m->rows[r].parent = parent_of(doc, m->rows[r].code);
    }
  }
  if (m->code_col < 0) m->code_col = lc;
  return TRUE;
}

/* The column holding codes: the CODE column from the header, else the first column where at least
 * two data rows start with a code. */
static int find_code_col(biao_doc *doc, biao_table *t, bz_meaning *m) {
  if (m->code_col >= 0) return m->code_col;
  for (int c = 0; c < MIN(m->n_cols, 3); c++) {
    int hits = 0;
    for (int r = t->header_rows; r < m->n_rows; r++) {
      const char *label;
      if (split_code(doc, cell_text(t, r, c), bz_owner_key(doc, t, r, c), &label)) hits++;
    }
    if (hits >= 2) return c;
  }
  return -1;
}

static void codes(biao_doc *doc, biao_table *t, bz_meaning *m) {
  if (split_columns(doc, t, m)) return;
  int cc = find_code_col(doc, t, m);
  if (cc < 0) return;
  m->code_col = cc;
  for (int r = t->header_rows; r < m->n_rows; r++) {
    const char *label = NULL;
    const bz_cell *o = bz_table_owner(t, r, cc);
    if (!o || o->row != r) continue;
    const char *code = split_code(doc, o->text, bz_cell_key(doc, t, o), &label);
    if (!code) continue;
    m->rows[r].code = code;
    m->rows[r].parent = parent_of(doc, code);
    if (label) m->rows[r].label = label;
  }
  if (m->label_col == cc) { /* the label column is the one after the codes */
    for (int c = cc + 1; c < m->n_cols; c++)
      if (m->col_role[c] == BZ_COL_LABEL || m->col_role[c] == BZ_COL_OTHER) {
        m->label_col = c;
        break;
      }
  }
}

const char *bz_total_word(const char *k) {
  static const char *const words[] = {"合计", "小计", "总计"};
  for (guint i = 0; i < G_N_ELEMENTS(words); i++)
    if (g_str_has_suffix(k, words[i]) || g_str_has_prefix(k, words[i])) return words[i];
  return NULL;
}

/* A row label that is a total: short ("本年支出合计", not a sentence that ends with 合计). */
static const char *total_word(const char *k) { return g_utf8_strlen(k, -1) > 12 ? NULL : bz_total_word(k); }

/* Labels and totals of one side (the whole table when it has one side): its label column, and a
 * total word in one of its own columns, so 本年支出合计 on the right never makes the left a total. */
static void labels_and_totals(biao_doc *doc, biao_table *t, bz_meaning *m, const bz_side *sd) {
  for (int r = t->header_rows; r < m->n_rows; r++) {
    bz_rowmeta *rm = &sd->rows[r];
    if (m->rows[r].kind == BZ_ROW_COLNUM) {
      rm->kind = BZ_ROW_COLNUM;
      continue;
    }
    if (!rm->label && sd->label_col >= 0) {
      const bz_cell *o = bz_table_owner(t, r, sd->label_col);
      if (o && *o->text) rm->label = bz_cell_key(doc, t, o);
    }
    for (int c = sd->first_col; c < sd->end_col && !rm->total; c++) {
      const bz_cell *o = bz_table_owner(t, r, c);
      /* a label merged across sides ("当年支出小计" over 功能分类 | 支出用途) counts on each */
      if (!o || o->row != r || (o->col != c && c != sd->first_col)) continue;
      bz_value buf;
      const bz_value *v = bz_value_at(t, o->row, o->col, &buf);
      if (v && v->kind == BZ_V_TEXT) rm->total = total_word(bz_cell_key(doc, t, o));
      if (rm->total && !rm->label) rm->label = bz_cell_key(doc, t, o);
    }
    if (rm->total) rm->kind = BZ_ROW_TOTAL;
  }
}

/* Codes of a side after the first: from its own code column ("2010101" or "2010101 行政运行"). */
static void side_codes(biao_doc *doc, biao_table *t, bz_meaning *m, bz_side *sd) {
  if (sd->code_col < 0) return;
  for (int r = t->header_rows; r < m->n_rows; r++) {
    const bz_cell *o = bz_table_owner(t, r, sd->code_col);
    if (!o || o->row != r) continue;
    const char *label = NULL, *code = split_code(doc, o->text, bz_cell_key(doc, t, o), &label);
    if (!code) continue;
    sd->rows[r].code = code;
    sd->rows[r].parent = parent_of(doc, code);
    if (label) sd->rows[r].label = label;
  }
  if (sd->label_col == sd->code_col) sd->label_col = sd->code_col + 1 < sd->end_col ? sd->code_col + 1 : -1;
}

void bz_meaning_subjects(biao_doc *doc, biao_table *t, bz_meaning *m) {
  codes(doc, t, m);
  if (m->label_col >= 0 && m->label_col < m->sides[0].end_col) /* codes() may have moved it */
    m->sides[0].label_col = m->label_col;
  for (int i = 1; i < m->n_sides; i++) side_codes(doc, t, m, &m->sides[i]);
  for (int i = 0; i < m->n_sides; i++) labels_and_totals(doc, t, m, &m->sides[i]);
}
