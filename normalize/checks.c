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
} ctx;

/* The amount at (r, c) as printed, or NULL. */
static const char *amount(const ctx *x, int r, int c) {
  const bz_value *v = bz_value_at(x->t, r, c);
  if (!v || (v->kind != BZ_V_NUMBER && v->kind != BZ_V_PERCENT)) return NULL;
  return v->orig_dec ? v->orig_dec : v->dec;
}

static const char *label_at(const ctx *x, int r, int c) {
  if (c < 0) return "";
  const bz_cell *o = bz_table_owner(x->t, r, c);
  return o ? bz_header_key(x->doc, o->text) : "";
}

static gboolean matches(const ctx *x, const char *key, const char *s) {
  GRegex *re = bz_check_rule_re(x->rule, key);
  return re && s && *s && g_regex_match(re, s, 0, NULL);
}

static gboolean within(const char *expected, const char *actual, const char *tol) {
  char *d = bz_dec_sub(expected, actual);
  if (!d) return FALSE;
  const char *abs = d[0] == '-' ? d + 1 : d;
  gboolean ok = bz_dec_cmp(abs, tol) <= 0;
  g_free(d);
  return ok;
}

/* Record a result; `cells` holds (row, col) pairs, the checked cell first. Takes `expected`. */
static void result(ctx *x, char *expected, const char *actual, GArray *cells, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
static void result(ctx *x, char *expected, const char *actual, GArray *cells, const char *fmt, ...) {
  bz_check *k = g_new0(bz_check, 1);
  va_list ap;
  va_start(ap, fmt);
  char *what = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  k->rule = bz_doc_intern(x->doc, x->rule->name);
  k->what = bz_doc_intern(x->doc, what);
  k->expected = bz_doc_intern(x->doc, expected);
  k->actual = bz_doc_intern(x->doc, actual);
  k->ok = within(expected, actual, x->rule->tolerance);
  k->cells = cells;
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

/* Σ of the amounts at rows[i], column c (empty and placeholders count as 0); NULL when none is an
 * amount. */
static char *sum_rows(const ctx *x, const GArray *rows, int c, GArray *cells) {
  char *acc = g_strdup("0");
  int n = 0;
  for (guint i = 0; i < rows->len; i++) {
    int r = g_array_index(rows, int, i);
    const char *a = amount(x, r, c);
    if (!a) continue;
    char *s = bz_dec_add(acc, a);
    g_free(acc);
    acc = s;
    n++;
    cells_add(cells, r, c);
  }
  if (!n) {
    g_free(acc);
    return NULL;
  }
  return acc;
}

static const char *col_name(const ctx *x, int c) {
  return x->m->col_path[c] ? x->m->col_path[c] : "";
}

/* ---- hierarchy: parent 科目 = Σ children; 合计 = Σ 类 rows ---- */
static void check_hierarchy(ctx *x) {
  bz_meaning *m = x->m;
  int first = x->t->header_rows;
  for (int c = 0; c < m->n_cols; c++) {
    if (m->col_role[c] != BZ_COL_MONEY) continue;
    for (int p = first; p < m->n_rows; p++) {
      const char *code = m->rows[p].code;
      GArray *kids = g_array_new(FALSE, FALSE, sizeof(int));
      for (int r = first; r < m->n_rows; r++) {
        gboolean child = code ? (m->rows[r].parent && !strcmp(m->rows[r].parent, code))
                              : (m->rows[p].total && m->rows[r].code && strlen(m->rows[r].code) == 3);
        if (child) g_array_append_val(kids, r);
      }
      const char *actual = amount(x, p, c);
      if (kids->len && actual && (code || strcmp(m->rows[p].total, "小计") != 0)) {
        GArray *cells = cells_new(p, c);
        char *exp = sum_rows(x, kids, c, cells);
        if (exp)
          result(x, exp, actual, cells, "%s %s = Σ %u %s, column %s", code ? code : m->rows[p].total,
                 m->rows[p].label ? m->rows[p].label : "", kids->len, code ? "children" : "类 rows",
                 col_name(x, c));
        else g_array_free(cells, TRUE);
      }
      g_array_free(kids, TRUE);
    }
  }
}

/* ---- sides: a label column and the money columns after it (收入 | 支出 in the 总表) ---- */
typedef struct {
  int label;
  GArray *cols;
} side;

static GArray *sides_of(const ctx *x) {
  GArray *sides = g_array_new(FALSE, FALSE, sizeof(side));
  const bz_meaning *m = x->m;
  for (int c = 0; c < m->n_cols; c++) {
    if (m->col_role[c] == BZ_COL_LABEL || (m->col_role[c] == BZ_COL_OTHER && sides->len == 0)) {
      side s = {c, g_array_new(FALSE, FALSE, sizeof(int))};
      g_array_append_val(sides, s);
    } else if (m->col_role[c] == BZ_COL_MONEY && sides->len) {
      g_array_append_val(g_array_index(sides, side, sides->len - 1).cols, c);
    }
  }
  return sides;
}

static void sides_free(GArray *sides) {
  for (guint i = 0; i < sides->len; i++) g_array_free(g_array_index(sides, side, i).cols, TRUE);
  g_array_free(sides, TRUE);
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
      char *exp = sum_rows(x, parts, c, cells);
      if (!exp) {
        g_array_free(cells, TRUE);
        continue;
      }
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
    const bz_cell *o = bz_table_owner(x->t, r, c);
    if (o && o->row == r && o->col == c && matches(x, key, bz_header_key(x->doc, o->text))) return c;
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
    if (!res || !num || !den || bz_dec_cmp(den, "0") == 0) continue;
    char *pct = bz_dec_shift(num, 2);
    char *exp = bz_dec_div(pct, den, bz_dec_scale(res));
    g_free(pct);
    GArray *cells = cells_new(r, rc);
    cells_add(cells, r, nc);
    cells_add(cells, r, dc);
    result(x, exp, res, cells, "row %d: %s%% = %s / %s", r, res, num, den);
  }
}

/* The last amount of row r. */
static int last_amount_col(const ctx *x, int r) {
  for (int c = x->m->n_cols - 1; c >= 0; c--)
    if (amount(x, r, c)) return c;
  return -1;
}

/* ---- column-sum: 总分 = Σ 得分 ---- */
static void check_column_sum(ctx *x) {
  int col = -1;
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(int)), *cols = g_array_new(FALSE, FALSE, sizeof(int));
  for (int r = 0; r < x->m->n_rows; r++) {
    int named = col_matching(x, r, "column");
    if (named >= 0) {
      col = named;
      continue;
    }
    if (col_matching(x, r, "total") >= 0) {
      int tc = amount(x, r, col >= 0 ? col : 0) ? col : last_amount_col(x, r);
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
        result(x, acc, amount(x, r, tc), cells, "%s = Σ %u cells under %s", label_at(x, r, 0), rows->len,
               (const char *)g_hash_table_lookup(x->rule->args, "column"));
      }
      g_array_set_size(rows, 0);
      g_array_set_size(cols, 0);
      col = -1;
      continue;
    }
    if (col >= 0 && amount(x, r, col)) {
      g_array_append_val(rows, r);
      g_array_append_val(cols, col);
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

/* Columns that make up the group `prefix`'s total: for each direct child group, its own column,
 * its 小计/合计 column, or else all its leaves. */
static GArray *part_cols(const ctx *x, const char *prefix, int total_col) {
  GArray *parts = g_array_new(FALSE, FALSE, sizeof(int));
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gsize pl = strlen(prefix);
  for (int c = 0; c < x->m->n_cols; c++) {
    const char *p = x->m->col_path[c];
    if (c == total_col || !p || x->m->col_role[c] != BZ_COL_MONEY) continue;
    if (pl && (strncmp(p, prefix, pl) != 0 || p[pl] != '/')) continue;
    const char *rest = pl ? p + pl + 1 : p;
    if (g_str_has_prefix(rest, "其中")) continue;
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
    /* a group: prefer its own total column (公务用车购置及运行维护费/小计) */
    char *gp = pl ? g_strconcat(prefix, "/", group, NULL) : g_strdup(group);
    int sub = -1;
    for (int k = 0; k < x->m->n_cols && sub < 0; k++) {
      const char *q = x->m->col_path[k];
      if (!q || k == total_col) continue;
      char *qp = parent_path(q);
      if (!strcmp(qp, gp) && matches(x, "total", strrchr(q, '/') + 1)) sub = k;
      g_free(qp);
    }
    g_free(gp);
    if (sub >= 0) {
      g_array_append_val(parts, sub);
      g_hash_table_add(seen, group);
    } else {
      g_array_append_val(parts, c); /* leaves of a group without its own total */
      g_free(group);
    }
  }
  g_hash_table_destroy(seen);
  return parts;
}

static void check_colsum(ctx *x) {
  for (int tc = 0; tc < x->m->n_cols; tc++) {
    const char *p = x->m->col_path[tc];
    if (!p || x->m->col_role[tc] != BZ_COL_MONEY) continue;
    const char *last = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
    if (!matches(x, "total", last)) continue;
    char *prefix = parent_path(p);
    GArray *parts = part_cols(x, prefix, tc);
    for (int r = x->t->header_rows; parts->len >= 2 && r < x->m->n_rows; r++) {
      if (x->m->rows[r].kind == BZ_ROW_COLNUM) continue;
      const char *actual = amount(x, r, tc);
      if (!actual) continue;
      GArray *cells = cells_new(r, tc);
      char *acc = g_strdup("0");
      int n = 0;
      for (guint i = 0; i < parts->len; i++) {
        int c = g_array_index(parts, int, i);
        const char *a = amount(x, r, c);
        if (!a) continue;
        char *s = bz_dec_add(acc, a);
        g_free(acc);
        acc = s;
        n++;
        cells_add(cells, r, c);
      }
      if (!n) {
        g_free(acc);
        g_array_free(cells, TRUE);
        continue;
      }
      result(x, acc, actual, cells, "row %d: %s = Σ %u columns", r, p, parts->len);
    }
    g_array_free(parts, TRUE);
    g_free(prefix);
  }
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

int bz_meaning_checks(biao_doc *doc, const biao_options *opt, biao_error *err) {
  GPtrArray *rules = NULL;
  int rc = bz_check_rules_load(opt ? opt->rules_dir : NULL, &rules, err);
  if (rc != BIAO_OK) return rc;
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    bz_meaning *m = bz_meaning_mut(t);
    if (!m) continue;
    for (guint j = 0; j < rules->len; j++) {
      const bz_check_rule *r = g_ptr_array_index(rules, j);
      if (r->forms && !g_regex_match(r->forms, m->form ? m->form : "", 0, NULL)) continue;
      ctx x = {doc, t, m, r};
      run_rule(&x);
    }
  }
  bz_check_rules_free(rules);
  return BIAO_OK;
}
