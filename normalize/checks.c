/* checks.c — runs the arithmetic check rules (rules/checks/NAME.rules, see checkrules.h) on every
 * table and stores one result per checked total in the table's meaning.
 *
 * Amounts are compared as printed (before --unit conversion), with exact decimals. A failed check
 * is either an extraction error or an error in the published report; both are worth a look. */
#include <string.h>

#include "checkrules.h"
#include "decimal.h"
#include "meaning.h"

typedef struct {
  biao_doc *doc;
  biao_table *t;
  bz_meaning *m;
  const bz_check_rule *rule;
  int extra_parts; /* parts summed outside this table (cross-table), for the rounding tolerance */
  char *skip;      /* set while a part cannot be read: the next result is "not checked" (owned) */
  GStringChunk *amounts; /* decimals amount() read back from a cell's text (the model keeps most
                            as the text: "1,006.09"), for as long as the rule runs (owned) */
} ctx;

static void ctx_done(ctx *x) {
  g_clear_pointer(&x->skip, g_free); /* a reason whose check was not recorded */
  g_string_chunk_free(x->amounts);
}

/* The check cannot decide: say why (the next result() takes the reason). The first reason wins. */
static void undecided(ctx *x, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void undecided(ctx *x, const char *fmt, ...) {
  if (x->skip) return;
  va_list ap;
  va_start(ap, fmt);
  x->skip = g_strdup_vprintf(fmt, ap);
  va_end(ap);
}

/* The amount at (r, c) as printed, or NULL. */
static const char *amount(const ctx *x, int r, int c) {
  bz_value buf;
  const bz_value *v = bz_value_at(x->t, r, c, &buf);
  if (!v || (v->kind != BZ_V_NUMBER && v->kind != BZ_V_PERCENT)) return NULL;
  const char *d = v->orig_dec ? v->orig_dec : v->dec;
  return d == buf.digits ? g_string_chunk_insert(x->amounts, d) : d;
}

static const char *label_at(const ctx *x, int r, int c) { return bz_owner_key(x->doc, x->t, r, c); }

/* The rule's pattern `key` matches s (the rule files were validated when loaded). */
static gboolean matches(const ctx *x, const char *key, const char *s) {
  return s && *s && bz_re_match(g_hash_table_lookup(x->rule->args, key), s);
}

/* tolerance=rounding: each of the n parts and the total were rounded to the printed precision,
 * so they may disagree by up to (n + 1) half-units of the last printed digit. */
static char *rounding_tolerance(const char *expected, const char *actual, int nparts) {
  int scale = MAX(bz_dec_scale(expected), bz_dec_scale(actual));
  char *half = bz_dec_shift("5", -(scale + 1));
  char *n = g_strdup_printf("%d", nparts + 1);
  char *tol = bz_dec_mul(half, n);
  g_free(half);
  g_free(n);
  return tol;
}

static gboolean within(const char *expected, const char *actual, const char *tol, int nparts) {
  char *d = bz_dec_sub(expected, actual);
  if (!d) return FALSE;
  char *t = !strcmp(tol, "rounding") ? rounding_tolerance(expected, actual, nparts) : g_strdup(tol);
  const char *abs = d[0] == '-' ? d + 1 : d;
  gboolean ok = bz_dec_cmp(abs, t) <= 0;
  g_free(d);
  g_free(t);
  return ok;
}

/* Parts that are not zero: a printed 0.00 adds no rounding error worth allowing for. */
static int nonzero_parts(const ctx *x, const GArray *cells) {
  int n = 0;
  for (guint i = 2; cells && i + 1 < cells->len; i += 2) {
    const char *a = amount(x, g_array_index(cells, int, i), g_array_index(cells, int, i + 1));
    if (a && bz_dec_cmp(a, "0") != 0) n++;
  }
  return n;
}

/* The row's label as printed on the side of the table column c belongs to: "2010101 行政运行". */
static char *row_name(const ctx *x, int r, int c) {
  const bz_rowmeta *rm = &x->m->rows[r];
  for (int i = 0; i < x->m->n_sides; i++)
    if (c >= x->m->sides[i].first_col && c < x->m->sides[i].end_col) rm = &x->m->sides[i].rows[r];
  const char *label = rm->label ? rm->label : rm->total;
  if (rm->code && label) return g_strdup_printf("%s %s", rm->code, label);
  return g_strdup(rm->code ? rm->code : label);
}

/* A cell as a person finds it: page, 1-based row with its label, the column by its header. */
static char *where_of(const ctx *x, int r, int c) {
  int page = x->t->page_start;
  const bz_cell *o = bz_table_owner(x->t, r, c);
  const bz_geom *g = o ? bz_cell_geom(x->t, o) : NULL;
  if (g && g->page > 0) page = g->page;
  GString *w = g_string_new(NULL);
  if (page > 0) g_string_append_printf(w, "p.%d ", page);
  g_string_append_printf(w, "row %d", r + 1);
  char *name = row_name(x, r, c);
  if (name && *name) g_string_append_printf(w, " '%s'", name);
  g_free(name);
  if (x->m->col_path[c]) {
    g_string_append_printf(w, ", column %s", x->m->col_path[c]);
  } else { /* forms without a header (绩效自评表): the nearest short label above names the column */
    const char *head = NULL;
    for (int k = r - 1; k >= 0 && !head; k--) {
      const bz_cell *h = bz_table_cell_at(x->t, k, c);
      bz_value buf;
      const bz_value *v = h ? bz_value_at(x->t, k, c, &buf) : NULL;
      const char *key = h ? bz_cell_key(x->doc, x->t, h) : "";
      if (v && v->kind == BZ_V_TEXT && g_utf8_strlen(key, -1) <= 8) head = key;
    }
    g_string_append_printf(w, ", column %d", c + 1);
    if (head) g_string_append_printf(w, " (%s)", head);
  }
  return g_string_free(w, FALSE);
}

/* Record a result; `cells` holds (row, col) pairs, the checked cell first. Takes `expected`. */
static void result(ctx *x, char *expected, const char *actual, GArray *cells, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
static void result(ctx *x, char *expected, const char *actual, GArray *cells, const char *fmt, ...) {
  /* the check and its cells in one block */
  guint n = cells ? cells->len / 2 : 0;
  bz_check *k = g_malloc0(sizeof(bz_check) + 2 * n * sizeof(int));
  int *inline_cells = (int *)(k + 1);
  if (n) memcpy(inline_cells, cells->data, 2 * n * sizeof(int));
  k->n_cells = (int)n;
  k->cells = inline_cells;
  va_list ap;
  va_start(ap, fmt);
  char *what = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  k->rule = bz_doc_intern(x->doc, x->rule->name);
  k->what = bz_doc_intern(x->doc, what);
  char *where = where_of(x, n ? inline_cells[0] : 0, n ? inline_cells[1] : 0);
  k->where = bz_doc_intern_len(x->doc, where, (gssize)strlen(where)); /* mostly unique, as amounts */
  g_free(where);
  if (x->skip) k->skip = bz_doc_intern(x->doc, x->skip);
  g_clear_pointer(&x->skip, g_free);
  /* copied, not de-duplicated: amounts are mostly unique, and the arena's de-duplication table
   * would cost more than the bytes (a 10 MB DOCX has ~80K checks) */
  k->expected = bz_doc_intern_len(x->doc, expected, (gssize)strlen(expected));
  k->actual = bz_doc_intern_len(x->doc, actual, (gssize)strlen(actual));
  k->ok = k->skip || within(expected, actual, x->rule->tolerance, nonzero_parts(x, cells) + x->extra_parts);
  k->exact = !k->skip && bz_dec_cmp(expected, actual) == 0;
  if (cells) g_array_free(cells, TRUE);
  g_ptr_array_add(x->m->checks, k);
  g_free(what);
  g_free(expected);
}

static GArray *cells_new(int r, int c) {
  GArray *a = g_array_new(FALSE, FALSE, sizeof(int));
  g_array_append_val(a, r);
  g_array_append_val(a, c);
  return a;
}

static void cells_add(GArray *a, int r, int c) {
  g_array_append_val(a, r);
  g_array_append_val(a, c);
}

/* A part printed with digits that was not read as one amount ("120258,600", "1,2345", a cell that
 * swallowed its neighbour): the sum cannot be known. */
static void unreadable(ctx *x, int r, int c) {
  bz_value buf;
  const bz_value *v = bz_value_at(x->t, r, c, &buf);
  const bz_cell *o = bz_table_cell_at(x->t, r, c);
  if (!v || !o || v->kind != BZ_V_TEXT || !strpbrk(o->text, "0123456789")) return;
  char *w = where_of(x, r, c);
  undecided(x, "%s prints '%s', not read as one amount", w, o->text);
  g_free(w);
}

/* Σ of the amounts along one line: at (at[i], fixed) when at lists rows, at (fixed, at[i]) when it
 * lists columns (empty and placeholders count as 0); every cell summed is added to cells. NULL when
 * none is an amount. */
static char *sum_line(ctx *x, const GArray *at, int fixed, gboolean at_rows, GArray *cells) {
  char *acc = g_strdup("0");
  int n = 0;
  for (guint i = 0; i < at->len; i++) {
    int r = at_rows ? g_array_index(at, int, i) : fixed;
    int c = at_rows ? fixed : g_array_index(at, int, i);
    const char *a = amount(x, r, c);
    if (!a) {
      unreadable(x, r, c);
      continue;
    }
    char *s = bz_dec_add(acc, a);
    g_free(acc);
    acc = s;
    n++;
    cells_add(cells, r, c);
  }
  if (!n) {
    g_free(acc);
    g_clear_pointer(&x->skip, g_free);
    return NULL;
  }
  return acc;
}

static const char *col_name(const ctx *x, int c) {
  return x->m->col_path[c] ? x->m->col_path[c] : "";
}

/* ---- hierarchy: parent 科目 = Σ children; 合计 = Σ 类 rows ---- */

/* Two-sided tables (人员经费 | 公用经费) repeat the code column: a money column takes its codes from
 * the nearest code column on its left. */
static int code_col_for(const ctx *x, int c) {
  int best = -1;
  for (int k = 0; k < c; k++)
    if (x->m->col_role[k] == BZ_COL_CODE || k == x->m->code_col) best = k;
  /* 类/款/项 side by side are one code column */
  for (int k = best; k > 0 && k != x->m->code_col && x->m->col_role[k - 1] == BZ_COL_CODE; k--)
    if (k - 1 == x->m->code_col) return k - 1;
  return best;
}

static gboolean is_code_text(const char *k) {
  gsize n = strlen(k);
  if (n != 3 && n != 5 && n != 7) return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit(k[i])) return FALSE;
  return TRUE;
}

static const char *code_in(const ctx *x, int r, int cc) {
  if (cc == x->m->code_col) return x->m->rows[r].code;
  const char *k = label_at(x, r, cc);
  return is_code_text(k) ? k : NULL;
}

/* A total word (合计/总计, not 小计) in row r between the code column and column c. */
static const char *total_between(const ctx *x, int r, int cc, int c) {
  for (int k = MAX(cc, 0); k < c; k++) {
    const char *l = label_at(x, r, k);
    const char *w = bz_total_word(l);
    if (w && strcmp(w, "小计")) return l;
  }
  return NULL;
}

static const char *parent_code(const char *code, char *buf, gsize n) {
  gsize len = strlen(code);
  if (len <= 3) return NULL;
  g_strlcpy(buf, code, MIN(n, len - 1));
  return buf;
}

/* The rows of each parent code in code column cc (in row order), and the rows of 类 codes (three
 * digits): built once per code column rather than by scanning every row for every total. */
typedef struct {
  int cc;
  GHashTable *kids; /* parent code (g_strdup) -> GArray of rows */
  GHashTable *times; /* code -> how many rows carry it (GINT_TO_POINTER) */
  GArray *tops;
} code_index;

static void code_index_clear(code_index *ix) {
  if (ix->kids) g_hash_table_destroy(ix->kids);
  if (ix->times) g_hash_table_destroy(ix->times);
  ix->times = NULL;
  if (ix->tops) g_array_free(ix->tops, TRUE);
  ix->kids = NULL;
  ix->tops = NULL;
  ix->cc = -1;
}

static void array_free(gpointer a) { g_array_free(a, TRUE); }

static void code_index_build(const ctx *x, int cc, code_index *ix) {
  code_index_clear(ix);
  ix->cc = cc;
  ix->kids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, array_free);
  ix->times = g_hash_table_new(g_str_hash, g_str_equal);
  ix->tops = g_array_new(FALSE, FALSE, sizeof(int));
  for (int r = x->t->header_rows; r < x->m->n_rows; r++) {
    const char *rc = code_in(x, r, cc);
    if (!rc) continue;
    g_hash_table_insert(ix->times, (gpointer)rc,
                        GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(ix->times, rc)) + 1));
    if (strlen(rc) == 3) g_array_append_val(ix->tops, r);
    char buf[16];
    const char *par = parent_code(rc, buf, sizeof buf);
    if (!par) continue;
    GArray *rows = g_hash_table_lookup(ix->kids, par);
    if (!rows) {
      rows = g_array_new(FALSE, FALSE, sizeof(int));
      g_hash_table_insert(ix->kids, g_strdup(par), rows);
    }
    g_array_append_val(rows, r);
  }
}

/* The children of the code in row p. A code printed in several rows (a table over pages listing
 * each 预算单位 with its own 205 → 20508 → 2050803 hierarchy) owns only the rows below it up to
 * the next code of its level or above. */
static GArray *kids_of(const ctx *x, const code_index *ix, int p, const char *code, GArray **scoped) {
  GArray *kids = g_hash_table_lookup(ix->kids, code);
  *scoped = NULL;
  if (!kids || GPOINTER_TO_INT(g_hash_table_lookup(ix->times, code)) < 2) return kids;
  gsize len = strlen(code);
  int stop = p + 1;
  for (const char *rc; stop < x->m->n_rows; stop++)
    if ((rc = code_in(x, stop, ix->cc)) && strlen(rc) <= len) break;
  *scoped = g_array_new(FALSE, FALSE, sizeof(int));
  for (guint i = 0; i < kids->len; i++) {
    int r = g_array_index(kids, int, i);
    if (r > p && r < stop) g_array_append_val(*scoped, r);
  }
  return *scoped;
}

/* The rows under `code` (every row under a total when code is NULL) run to the last row of the
 * table and the next table, on the next page, goes on with such rows: the table was cut there (a
 * page whose continuation was not joined), so more children are outside it. */
/* The next table of the document starts on a later page and goes on with this one: the same title
 * or first header row printed again, or rows under `code` (any 科目 code when NULL) among its first
 * rows. */
static gboolean continued_in_next(const ctx *x, const char *code) {
  biao_table *next = NULL;
  for (guint i = 0; i + 1 < x->doc->tables->len && !next; i++)
    if (g_ptr_array_index(x->doc->tables, i) == x->t) next = g_ptr_array_index(x->doc->tables, i + 1);
  if (!next || next->page_start <= 0 || next->page_start <= x->t->page_end) return FALSE;
  /* the same table again: its title, or its first header row, repeated on the next page; a title
   * of its own names another table (cq-01: the 基本支出情况表 after the 支出情况表 starts with 301) */
  if (x->t->title && next->title) return !strcmp(x->t->title, next->title);
  gboolean same_head = next->n_cols == x->t->n_cols && x->t->header_rows > 0;
  for (int c = 0; same_head && c < x->t->n_cols; c++)
    same_head = !strcmp(bz_owner_key(x->doc, x->t, 0, c), bz_owner_key(x->doc, next, 0, c));
  if (same_head) return TRUE;
  gssize ov[4];
  for (guint i = 0; i < next->cells->len; i++) {
    const bz_cell *c = &g_array_index(next->cells, bz_cell, i);
    if (c->row > 8) break;
    if (!bz_re_groups("^\\s*(\\d{3}(?:\\d{2}){0,2})(?!\\d)", c->text, 0, 2, ov)) continue;
    if (!code || !strncmp(c->text + ov[2], code, strlen(code))) return TRUE;
  }
  return FALSE;
}

static gboolean open_ended(const ctx *x, int cc, const char *code) {
  if (!continued_in_next(x, code)) return FALSE;
  for (int r = x->m->n_rows - 1; r >= x->t->header_rows; r--) {
    const char *rc = code_in(x, r, cc);
    if (rc) return !code || (g_str_has_prefix(rc, code) && strcmp(rc, code) != 0);
    for (int c = 0; c < x->m->n_cols; c++)
      if (x->m->col_role[c] == BZ_COL_MONEY && amount(x, r, c)) return FALSE; /* a row without code */
  }
  return FALSE;
}

/* A row under `code` (rows p+1 ... up to the next code outside it) whose code cell starts with digits
 * but is not one 科目 code ("20805022080505": two rows read as one): its amounts cannot be told
 * apart, so the sum cannot be decided. */
static void merged_row_in_block(ctx *x, int p, int cc, const char *code) {
  for (int r = p + 1; r < x->m->n_rows; r++) {
    const char *rc = code_in(x, r, cc);
    if (rc && !g_str_has_prefix(rc, code)) return;
    if (rc) continue;
    const char *k = label_at(x, r, cc);
    if (g_str_has_prefix(k, code) && strlen(k) > 7 && strspn(k, "0123456789") > 7) {
      char *w = where_of(x, r, cc);
      undecided(x, "%s prints '%s', not one 科目 code: rows read as one", w, k);
      g_free(w);
      return;
    }
  }
}

/* A group total printed in the last of several code-column groups with no total of their own
 * before it (基本支出决算表: 人员经费合计 under the first group, 公用经费合计 under the third, which
 * also covers the second): add the 类 rows of those groups, each in its own column of the same
 * measure, to `exp`. A group that prints a total anywhere (or any text in row p) ends the walk. */
static char *add_groups_left(ctx *x, int p, int cc, int c, char *exp, GArray *cells, guint *n) {
  const char *measure = x->m->col_path[c] ? x->m->col_path[c] : "";
  for (int right = cc, cc2 = code_col_for(x, cc); cc2 >= 0; right = cc2, cc2 = code_col_for(x, cc2)) {
    int c2 = -1;
    for (int k = cc2; k < right; k++) {
      if (*label_at(x, p, k)) return exp; /* the group has something of its own in this row */
      if (x->m->col_role[k] == BZ_COL_MONEY && x->m->col_path[k] && !strcmp(x->m->col_path[k], measure)) c2 = k;
    }
    for (int r = x->t->header_rows; r < x->m->n_rows; r++)
      for (int k = cc2; k < right; k++)
        if (bz_total_word(label_at(x, r, k))) return exp; /* it has a total of its own */
    if (c2 < 0) return exp;
    code_index ix = {-1, NULL, NULL, NULL};
    code_index_build(x, cc2, &ix);
    char *more = ix.tops->len ? sum_line(x, ix.tops, c2, TRUE, cells) : NULL;
    if (more) *n += ix.tops->len;
    code_index_clear(&ix);
    if (!more) return exp;
    char *sum = bz_dec_add(exp, more);
    g_free(more);
    g_free(exp);
    exp = sum;
  }
  return exp;
}

static void check_hierarchy(ctx *x) {
  bz_meaning *m = x->m;
  int first = x->t->header_rows;
  code_index ix = {-1, NULL, NULL, NULL};
  for (int c = 0; c < m->n_cols; c++) {
    if (m->col_role[c] != BZ_COL_MONEY) continue;
    int cc = code_col_for(x, c);
    if (cc < 0) continue;
    if (ix.cc != cc) code_index_build(x, cc, &ix);
    for (int p = first; p < m->n_rows; p++) {
      const char *code = code_in(x, p, cc), *total = code ? NULL : total_between(x, p, cc, c);
      const char *actual = amount(x, p, c);
      if ((!code && !total) || !actual) continue;
      GArray *scoped;
      const GArray *kids = code ? kids_of(x, &ix, p, code, &scoped) : (scoped = NULL, ix.tops);
      if (kids && kids->len) {
        GArray *cells = cells_new(p, c);
        char *exp = sum_line(x, kids, c, TRUE, cells);
        guint n = kids->len;
        if (exp && !code) exp = add_groups_left(x, p, cc, c, exp, cells, &n);
        if (exp && code) merged_row_in_block(x, p, cc, code);
        if (exp && bz_dec_cmp(exp, actual) < 0 && open_ended(x, cc, code)) {
          char *w = where_of(x, m->n_rows - 1, cc);
          undecided(x, "the table ends (%s) inside the rows %s adds up, and the next table goes on with them: "
                       "a page not joined to this table",
                    w, code ? code : total);
          g_free(w);
        }
        if (exp)
          result(x, exp, actual, cells, "%s %s = Σ %u %s, column %s", code ? code : total,
                 !code ? "" : cc == m->code_col && m->rows[p].label ? m->rows[p].label : label_at(x, p, cc + 1), n, code ? "children" : "类 rows",
                 col_name(x, c));
        else g_array_free(cells, TRUE);
      }
      if (scoped) g_array_free(scoped, TRUE);
    }
  }
  code_index_clear(&ix);
}

/* ---- sides: a label column and the money columns after it (收入 | 支出 in the 总表) ---- */
typedef struct {
  int label;
  GArray *cols;
} side;

static GArray *sides_of(const ctx *x) {
  GArray *sides = g_array_new(FALSE, FALSE, sizeof(side));
  const bz_meaning *m = x->m;
  for (int i = 0; i < m->n_sides; i++) {
    const bz_side *sd = &m->sides[i];
    side s = {sd->label_col >= 0 ? sd->label_col : sd->first_col, g_array_new(FALSE, FALSE, sizeof(int))};
    for (int c = sd->first_col; c < sd->end_col; c++)
      if (m->col_role[c] == BZ_COL_MONEY) g_array_append_val(s.cols, c);
    g_array_append_val(sides, s);
  }
  return sides;
}

static void sides_free(GArray *sides) {
  for (guint i = 0; i < sides->len; i++) g_array_free(g_array_index(sides, side, i).cols, TRUE);
  g_array_free(sides, TRUE);
}

/* The Chinese ordinal a label starts with ("十七、…" -> 17), or 0. */
static int ordinal_of(const char *label) {
  static const char digits[] = "一二三四五六七八九";
  int value = 0, unit = 0;
  for (const char *p = label; *p; p = g_utf8_next_char(p)) {
    gunichar ch = g_utf8_get_char(p);
    const char *d = NULL;
    char buf[8] = {0};
    g_unichar_to_utf8(ch, buf);
    if (ch == 0x5341) { /* 十 */
      value += (unit ? unit : 1) * 10;
      unit = 0;
    } else if ((d = strstr(digits, buf)) && *buf) {
      unit = (int)(d - digits) / 3 + 1;
    } else {
      return ch == 0x3001 ? value + unit : 0; /* 、 */
    }
  }
  return 0;
}

/* Parts numbered 一、二、三… must start at 一 and run without a gap: otherwise some are outside the
 * table (the page before was not joined to it, or rows were lost). */
static void numbered_parts(ctx *x, const GArray *parts, int label_col) {
  int expect = 1;
  for (guint i = 0; i < parts->len; i++) {
    int r = g_array_index(parts, int, i), n = ordinal_of(label_at(x, r, label_col));
    if (!n) continue;
    if (n != expect) {
      char *w = where_of(x, r, label_col);
      undecided(x, "%s is part %d where part %d is due: the parts before it are outside the table", w, n, expect);
      g_free(w);
      return;
    }
    expect = n + 1;
  }
}

static void check_label_sum(ctx *x) {
  GArray *sides = sides_of(x);
  for (guint s = 0; s < sides->len; s++) {
    side *sd = &g_array_index(sides, side, s);
    int total = -1;
    GArray *parts = g_array_new(FALSE, FALSE, sizeof(int));
    for (int r = x->t->header_rows; r < x->m->n_rows && total < 0; r++) {
      const char *l = label_at(x, r, sd->label);
      if (matches(x, "total", l)) total = r;
      else if (matches(x, "parts", l)) g_array_append_val(parts, r);
    }
    for (guint i = 0; total >= 0 && parts->len && i < sd->cols->len; i++) {
      int c = g_array_index(sd->cols, int, i);
      const char *actual = amount(x, total, c);
      if (!actual) continue;
      GArray *cells = cells_new(total, c);
      char *exp = sum_line(x, parts, c, TRUE, cells);
      if (!exp) {
        g_array_free(cells, TRUE);
        continue;
      }
      numbered_parts(x, parts, sd->label);
      result(x, exp, actual, cells, "%s = Σ %u rows, column %s", label_at(x, total, sd->label), parts->len,
             col_name(x, c));
    }
    g_array_free(parts, TRUE);
  }
  sides_free(sides);
}

static void check_sides_equal(ctx *x) {
  GArray *sides = sides_of(x);
  int fr = -1, fc = -1;
  const char *first = NULL;
  for (guint s = 0; s < sides->len; s++) {
    side *sd = &g_array_index(sides, side, s);
    for (int r = x->t->header_rows; r < x->m->n_rows; r++) {
      if (!matches(x, "label", label_at(x, r, sd->label))) continue;
      for (guint i = 0; i < sd->cols->len; i++) {
        int c = g_array_index(sd->cols, int, i);
        const char *a = amount(x, r, c);
        if (!a) continue;
        if (!first) {
          first = a, fr = r, fc = c;
        } else {
          GArray *cells = cells_new(r, c);
          cells_add(cells, fr, fc);
          result(x, g_strdup(first), a, cells, "%s (side %u) = %s (side 1)", label_at(x, r, sd->label), s + 1,
                 label_at(x, fr, g_array_index(sides, side, 0).label));
        }
        break;
      }
      break;
    }
  }
  sides_free(sides);
}

/* Column of row r whose cell text matches key, or -1. */
static int col_matching(const ctx *x, int r, const char *key) {
  for (int c = 0; c < x->m->n_cols; c++) {
    const bz_cell *o = bz_table_cell_at(x->t, r, c);
    if (o && matches(x, key, bz_cell_key(x->doc, x->t, o))) return c;
  }
  return -1;
}

/* ---- ratio: result% = num / den, to the printed precision ---- */
static void check_ratio(ctx *x) {
  int rc = -1, nc = -1, dc = -1;
  for (int r = 0; r < x->m->n_rows; r++) {
    int a = col_matching(x, r, "result"), b = col_matching(x, r, "num"), d = col_matching(x, r, "den");
    if (a >= 0 && b >= 0 && d >= 0) {
      rc = a, nc = b, dc = d;
      continue;
    }
    if (rc < 0) continue;
    const char *res = amount(x, r, rc), *num = amount(x, r, nc), *den = amount(x, r, dc);
    if (!res && !num && !den) { /* the funds block ended */
      rc = -1;
      continue;
    }
    if (!res || !num || !den || bz_dec_cmp(den, "0") == 0) continue;
    char *pct = bz_dec_shift(num, 2);
    char *exp = bz_dec_div(pct, den, bz_dec_scale(res));
    g_free(pct);
    GArray *cells = cells_new(r, rc);
    cells_add(cells, r, nc);
    cells_add(cells, r, dc);
    result(x, exp, res, cells, "%s%% = %s / %s", res, num, den);
  }
}

/* A plain number: no unit, not a percent. */
static gboolean plain_at(const ctx *x, int r, int c) {
  bz_value buf;
  const bz_value *v = bz_value_at(x->t, r, c, &buf);
  return v && v->kind == BZ_V_NUMBER && !v->unit;
}

/* Column of the n-th (1-based) plain number of row r counted from the row's end, or -1. */
static int nth_from_end(const ctx *x, int r, int n) {
  for (int c = x->m->n_cols - 1; c >= 0; c--)
    if (plain_at(x, r, c) && --n == 0) return c;
  return -1;
}

/* The cell holding the named column's number in row r. Text dumps drop the cells under vertical
 * merges, so rows slide left or right by a column; with from_end=N the value is the N-th plain
 * number from the row's end (分值 then 得分 close every row of these forms), as long as the row
 * ends near the named column. */
static int pick(const ctx *x, int r, int col, int from_end, int head) {
  if (plain_at(x, r, col)) return col; /* where the header says (rows the reader re-aligned too) */
  if (from_end <= 0) return amount(x, r, col) ? col : -1;
  int last = nth_from_end(x, r, 1);
  if (last < 0 || last < col - 1 || last > col + from_end) return -1;
  int at = nth_from_end(x, r, from_end);
  /* the number sits under another score's header (分值 where 得分 is asked): this row lost its own */
  const char *h = at >= 0 && head >= 0 ? label_at(x, head, at) : "";
  if (at != col && bz_re_match("^(分值|得分|权重|评分)", h)) return -2;
  return at;
}

/* The first non-empty cell text of row r, as a key (spaces removed). */
static const char *first_key(const ctx *x, int r) {
  for (int c = 0; c < x->m->n_cols; c++) {
    const bz_cell *o = bz_table_cell_at(x->t, r, c);
    if (!o) continue;
    const char *k = bz_cell_key(x->doc, x->t, o);
    if (*k) return k;
  }
  return "";
}

/* A row whose label starts with 其中 ("其中：当年财政拨款") details the row above: never an addend. */
static gboolean row_says_of_which(const ctx *x, int r) { return g_str_has_prefix(first_key(x, r), "其中"); }

/* ---- column-sum: 总分 = Σ 得分 ---- */
/* When the sum misses the printed total but the addends under the last header alone (the
 * indicators) make it, say so: the form's 总分 leaves out the block above (the funds part's 分值),
 * which is how a reader tells the publisher's convention from a misread row. NULL otherwise. */
static char *last_block_alone(const ctx *x, const GArray *rows, const GArray *cols, guint block, const char *all,
                              const char *actual) {
  if (!block || block >= rows->len || !bz_dec_cmp(all, actual)) return NULL;
  char *acc = g_strdup("0"), *left = g_strdup("0");
  for (guint i = 0; i < rows->len; i++) {
    char **to = i < block ? &left : &acc;
    char *s = bz_dec_add(*to, amount(x, g_array_index(rows, int, i), g_array_index(cols, int, i)));
    g_free(*to);
    *to = s;
  }
  char *note = NULL;
  if (!bz_dec_cmp(acc, actual)) {
    char *more = block > 1 ? g_strdup_printf(" and %u more rows", block - 1) : g_strdup("");
    note = g_strdup_printf("; the printed total is the %u cells from row %d on: it leaves out '%s'%s (%s)",
                           rows->len - block, g_array_index(rows, int, block) + 1,
                           first_key(x, g_array_index(rows, int, 0)), more, left);
    g_free(more);
  }
  g_free(acc);
  g_free(left);
  return note;
}

/* A 合计 row inside the block (the funds part's 金额合计 under its task rows) stands for the rows
 * it totals since the previous one: it replaces them as one addend, so they never count twice. */
static void check_column_sum(ctx *x) {
  const char *fe = g_hash_table_lookup(x->rule->args, "from_end");
  int from_end = fe ? (int)g_ascii_strtoll(fe, NULL, 10) : 0;
  int col = -1, head = -1;
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(int)), *cols = g_array_new(FALSE, FALSE, sizeof(int));
  guint group = 0; /* rows[group...] are the addends since the last 合计 row */
  guint block = 0; /* rows[block...] are the addends under the last header naming the column */
  for (int r = 0; r < x->m->n_rows; r++) {
    int named = col_matching(x, r, "column");
    if (named >= 0) {
      col = named;
      head = r;
      block = rows->len;
      continue;
    }
    if (col_matching(x, r, "total") >= 0) {
      int tc = pick(x, r, col, from_end, -1);
      if (tc < 0 && from_end > 0) tc = nth_from_end(x, r, from_end); /* the total row has no merges */
      if (tc >= 0 && rows->len) {
        GArray *cells = cells_new(r, tc);
        char *acc = g_strdup("0");
        for (guint i = 0; i < rows->len; i++) {
          int rr = g_array_index(rows, int, i), cc = g_array_index(cols, int, i);
          char *s = bz_dec_add(acc, amount(x, rr, cc));
          g_free(acc);
          acc = s;
          cells_add(cells, rr, cc);
        }
        char *note = last_block_alone(x, rows, cols, block, acc, amount(x, r, tc));
        result(x, acc, amount(x, r, tc), cells, "%s = Σ %u cells under %s%s", label_at(x, r, col_matching(x, r, "total")),
               rows->len, (const char *)g_hash_table_lookup(x->rule->args, "column"), note ? note : "");
        g_free(note);
      }
      g_array_set_size(rows, 0);
      g_array_set_size(cols, 0);
      group = block = 0;
      g_clear_pointer(&x->skip, g_free); /* a reason belongs to the total it was found for */
      col = -1;
      continue;
    }
    if (col >= 0 && row_says_of_which(x, r)) continue; /* 其中：当年财政拨款 is part of the row above */
    int at = col >= 0 ? pick(x, r, col, from_end, head) : -1;
    if (at == -2) {
      char *w = where_of(x, r, col);
      undecided(x, "%s is empty while the row has its other score: a cell the document or its dump lost", w);
      g_free(w);
    }
    if (at >= 0) {
      const char *k = first_key(x, r);
      if (g_utf8_strlen(k, -1) <= 12 && bz_total_word(k) && rows->len > group) {
        g_array_set_size(rows, group); /* the 合计 row replaces the rows it totals */
        g_array_set_size(cols, group);
        block = MIN(block, group);
      }
      g_array_append_val(rows, r);
      g_array_append_val(cols, at);
      if (bz_total_word(k)) group = rows->len;
    }
  }
  g_array_free(rows, TRUE);
  g_array_free(cols, TRUE);
}

/* ---- colsum: 小计 column = Σ sibling columns ---- */
static char *parent_path(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? g_strndup(p, (gsize)(s - p)) : g_strdup("");
}

static const char *last_part(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

/* A column's path without its trailing measure (三公: ".../小计/预算数" -> ".../小计", "预算数"). */
typedef struct {
  char *core;
  const char *measure;
  int side;
} colkey;

static colkey *col_keys(const ctx *x) {
  colkey *k = g_new0(colkey, MAX(x->m->n_cols, 1));
  int side = -1;
  for (int c = 0; c < x->m->n_cols; c++) {
    if (x->m->col_role[c] == BZ_COL_LABEL) side = c;
    k[c].side = side;
    const char *p = x->m->col_path[c];
    if (!p) continue;
    if (matches(x, "measure", last_part(p)) && strchr(p, '/')) {
      k[c].core = parent_path(p);
      k[c].measure = last_part(p);
    } else {
      k[c].core = g_strdup(p);
      k[c].measure = "";
    }
  }
  return k;
}

static void col_keys_free(colkey *k, int n) {
  for (int c = 0; c < n; c++) g_free(k[c].core);
  g_free(k);
}

/* Columns that make up the total column T: for each group directly under T's parent (same side,
 * same measure), its own column, its 小计/合计 column, or else all its leaves. "其中" columns are
 * parts of a part and never count. */
static GArray *part_cols(const ctx *x, const colkey *k, int T) {
  GArray *parts = g_array_new(FALSE, FALSE, sizeof(int));
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char *prefix = parent_path(k[T].core);
  gsize pl = strlen(prefix);
  for (int c = 0; c < x->m->n_cols; c++) {
    if (c == T || !k[c].core || x->m->col_role[c] != BZ_COL_MONEY || k[c].side != k[T].side ||
        strcmp(k[c].measure, k[T].measure) != 0)
      continue;
    const char *p = k[c].core;
    if (pl && (strncmp(p, prefix, pl) != 0 || p[pl] != '/')) continue;
    const char *rest = pl ? p + pl + 1 : p;
    if (g_str_has_prefix(rest, "其中") || strstr(rest, "/其中")) continue; /* a part of a part */
    const char *slash = strchr(rest, '/');
    char *group = slash ? g_strndup(rest, (gsize)(slash - rest)) : g_strdup(rest);
    if (g_hash_table_contains(seen, group)) {
      g_free(group);
      continue;
    }
    if (!slash) {
      g_array_append_val(parts, c);
      g_hash_table_add(seen, group);
      continue;
    }
    char *gp = pl ? g_strconcat(prefix, "/", group, NULL) : g_strdup(group);
    int sub = -1;
    for (int j = 0; j < x->m->n_cols && sub < 0; j++) {
      if (j == T || !k[j].core || strcmp(k[j].measure, k[T].measure) != 0 || k[j].side != k[T].side) continue;
      char *jp = parent_path(k[j].core);
      /* the group's own subtotal: 小计 under 财政拨款收入 even when the rule's total is 合计 */
      const char *jl = last_part(k[j].core);
      if (!strcmp(jp, gp) && (matches(x, "total", jl) || bz_re_match("^(小计|合计)$", jl))) sub = j;
      g_free(jp);
    }
    g_free(gp);
    if (sub >= 0) {
      g_array_append_val(parts, sub);
      g_hash_table_add(seen, group);
    } else {
      g_array_append_val(parts, c); /* a leaf of a group without its own total */
      g_free(group);
    }
  }
  g_hash_table_destroy(seen);
  g_free(prefix);
  return parts;
}

static void check_colsum(ctx *x) {
  colkey *k = col_keys(x);
  for (int tc = 0; tc < x->m->n_cols; tc++) {
    if (!k[tc].core || x->m->col_role[tc] != BZ_COL_MONEY || !matches(x, "total", last_part(k[tc].core))) continue;
    GArray *parts = part_cols(x, k, tc);
    for (int r = x->t->header_rows; parts->len >= 2 && r < x->m->n_rows; r++) {
      if (x->m->rows[r].kind == BZ_ROW_COLNUM) continue;
      const char *actual = amount(x, r, tc);
      if (!actual) continue;
      GArray *cells = cells_new(r, tc);
      char *acc = sum_line(x, parts, r, FALSE, cells);
      if (!acc) {
        g_array_free(cells, TRUE);
        continue;
      }
      result(x, acc, actual, cells, "%s = Σ %u columns", x->m->col_path[tc], parts->len);
    }
    g_array_free(parts, TRUE);
  }
  col_keys_free(k, x->m->n_cols);
}

static void run_rule(ctx *x) {
  const char *k = x->rule->kind;
  if (!strcmp(k, "hierarchy")) check_hierarchy(x);
  else if (!strcmp(k, "label-sum")) check_label_sum(x);
  else if (!strcmp(k, "sides-equal")) check_sides_equal(x);
  else if (!strcmp(k, "ratio")) check_ratio(x);
  else if (!strcmp(k, "column-sum")) check_column_sum(x);
  else if (!strcmp(k, "colsum")) check_colsum(x);
}

/* ---- forms-present (per document): every required form of a family is there ---- */
static void check_forms_present(biao_doc *doc, const bz_check_rule *rule) {
  GRegex *fam = bz_check_rule_re(rule, "family");
  biao_table *anchor = NULL;
  int members = 0;
  GHashTable *present = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    const bz_meaning *m = bz_meaning_of(t);
    if (!m || !m->form_family || !fam || !bz_re_match(g_hash_table_lookup(rule->args, "family"), m->form_family)) continue;
    if (!anchor) anchor = t;
    members++;
    if (m->form_code) g_hash_table_add(present, (gpointer)m->form_code);
  }
  const char *req = g_hash_table_lookup(rule->args, "required");
  char **codes = g_strsplit_set(req, " ,|", -1);
  int need = 0, have = 0;
  GString *missing = g_string_new(NULL);
  for (int i = 0; codes[i]; i++) {
    if (!*codes[i]) continue;
    need++;
    if (g_hash_table_contains(present, codes[i])) have++;
    else g_string_append_printf(missing, " %s", codes[i]);
  }
  /* only a document that publishes this family at all (three tables or more) is judged */
  if (anchor && members >= 3 && need) {
    ctx x = {doc, anchor, bz_meaning_mut(anchor), rule, 0, NULL, g_string_chunk_new(256)};
    char *want = g_strdup_printf("%d", need), *got = g_strdup_printf("%d", have);
    result(&x, want, got, cells_new(0, 0), "%d of %d forms present%s%s", have, need, missing->len ? "; missing:" : "",
           missing->str);
    g_free(got);
    ctx_done(&x);
  }
  g_string_free(missing, TRUE);
  g_strfreev(codes);
  g_hash_table_destroy(present);
}

/* ---- cross-table (per document): an amount of one form = the sum of amounts of another ---- */

/* First table whose form name or code matches the rule's `key`. */
static biao_table *table_with_form(biao_doc *doc, const bz_check_rule *rule, const char *key) {
  GRegex *re = bz_check_rule_re(rule, key);
  for (guint i = 0; re && i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    const bz_meaning *m = bz_meaning_of(t);
    if (m && m->form && (g_regex_match(re, m->form, 0, NULL) || (m->form_code && g_regex_match(re, m->form_code, 0, NULL))))
      return t;
  }
  return NULL;
}

/* Σ over the rows with a label matching `row_key` of the first amount right of that label (in a
 * column whose path matches `col_key` when the rule has one); NULL when nothing matched. The
 * first amount's cell goes to `cells`. */
static char *labelled_sum(ctx *x, const char *row_key, const char *col_key, GArray *cells, GString *labels, int *n) {
  GRegex *col_re = bz_check_rule_re(x->rule, col_key);
  char *acc = NULL;
  *n = 0;
  for (int r = x->t->header_rows; r < x->m->n_rows; r++) {
    for (int lc = 0; lc < x->m->n_cols; lc++) { /* every matching label of the row: 人员经费合计 … 公用经费合计 */
      const bz_cell *o = bz_table_cell_at(x->t, r, lc);
      if (!o || !matches(x, row_key, bz_cell_key(x->doc, x->t, o))) continue;
      for (int c = lc + 1; c < x->m->n_cols; c++) {
        bz_colrole role = x->m->col_role[c];
        const char *a = amount(x, r, c);
        const bz_cell *oc = bz_table_owner(x->t, r, c);
        bz_value buf;
        const bz_value *v = bz_value_at(x->t, r, c, &buf);
        if (oc && oc != o && v && v->kind == BZ_V_TEXT) break; /* the next side's label */
        if (!a || role == BZ_COL_LINENO || role == BZ_COL_CODE || role == BZ_COL_SCORE || role == BZ_COL_PERCENT ||
            role == BZ_COL_COUNT)
          continue;
        if (col_re && !matches(x, col_key, x->m->col_path[c])) continue;
        char *s = bz_dec_add(acc ? acc : "0", a);
        g_free(acc);
        acc = s;
        (*n)++;
        if (cells) cells_add(cells, r, c);
        if (labels) g_string_append_printf(labels, "%s%s", labels->len ? " + " : "", label_at(x, r, lc));
        break;
      }
    }
  }
  return acc;
}

static void check_cross_table(biao_doc *doc, const bz_check_rule *rule) {
  biao_table *a = table_with_form(doc, rule, "a_form"), *b = table_with_form(doc, rule, "b_form");
  if (!a || !b || a == b) return;
  ctx xa = {doc, a, bz_meaning_mut(a), rule, 0, NULL, g_string_chunk_new(256)};
  ctx xb = {doc, b, bz_meaning_mut(b), rule, 0, NULL, g_string_chunk_new(256)};
  GArray *cells = g_array_new(FALSE, FALSE, sizeof(int));
  GString *la = g_string_new(NULL), *lb = g_string_new(NULL);
  int na, nb;
  char *actual = labelled_sum(&xa, "a_row", "a_col", cells, la, &na);
  char *expected = labelled_sum(&xb, "b_row", "b_col", NULL, lb, &nb);
  xa.extra_parts = nb;
  if (actual && expected && cells->len >= 2) {
    /* the parts of B are summed: they count for the rounding tolerance, though they live elsewhere */
    result(&xa, expected, actual, cells, "%s %s = %s %s", xa.m->form_code ? xa.m->form_code : xa.m->form, la->str,
           xb.m->form_code ? xb.m->form_code : xb.m->form, lb->str);
    expected = NULL;
  } else {
    g_array_free(cells, TRUE);
  }
  g_free(actual);
  g_free(expected);
  g_string_free(la, TRUE);
  g_string_free(lb, TRUE);
  ctx_done(&xa);
  ctx_done(&xb);
}

int bz_meaning_checks_load(const biao_options *opt, GPtrArray **rules, biao_error *err) {
  return bz_check_rules_load(opt ? opt->rules_dir : NULL, rules, err);
}

void bz_meaning_checks_unload(GPtrArray *rules) { bz_check_rules_free(rules); }

void bz_meaning_checks_table(biao_doc *doc, biao_table *t, const GPtrArray *rules) {
  bz_meaning *m = bz_meaning_mut(t);
  if (!m) return;
  for (guint j = 0; j < rules->len; j++) {
    const bz_check_rule *r = g_ptr_array_index(rules, j);
    if (!strcmp(r->kind, "forms-present") || !strcmp(r->kind, "cross-table")) continue;
    if (r->forms_src && !bz_re_match(r->forms_src, m->form ? m->form : "")) continue;
    ctx x = {doc, t, m, r, 0, NULL, g_string_chunk_new(256)};
    run_rule(&x);
    ctx_done(&x);
  }
}

void bz_meaning_checks_doc(biao_doc *doc, const GPtrArray *rules) {
  for (guint j = 0; j < rules->len; j++) {
    const bz_check_rule *r = g_ptr_array_index(rules, j);
    if (!strcmp(r->kind, "forms-present")) check_forms_present(doc, r);
    if (!strcmp(r->kind, "cross-table")) check_cross_table(doc, r);
  }
}
