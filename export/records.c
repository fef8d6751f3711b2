/* records.c — canonical records per recognised form (`biao extract --records`), schemas in
 * schemas/ (one JSON Schema per kind), described in docs/meaning.md.
 *
 *  - performance-evaluation  项目支出绩效自评表, 部门整体支出绩效自评表: 项目名称, 主管部门, 实施单位,
 *                            funds {年初预算数 … 得分}, funds_rows, indicators [...], 总分, 满分
 *  - performance-target      绩效目标表: 项目名称, 主管部门, 实施单位, indicators [...]
 *  - budget-table            every other recognised 决算/预算 table: rows with 科目 code, parent,
 *                            label, total flag and the amounts by column path
 * Forms read as key/value layouts (labels left of their values) work on the grid, so they do not
 * depend on header detection. */
#include <string.h>

#include "../core/regex.h"
#include "../core/semantic.h"
#include "../core/text.h"
#include "export.h"
#include "meaning_json.h"

typedef struct {
  biao_doc *doc;
  biao_table *t;
  const bz_meaning *m;
  int pretty;
} rctx;

static const char *key_at(const rctx *x, int r, int c) {
  const bz_cell *o = bz_table_owner(x->t, r, c);
  return o ? bz_cell_key(x->doc, x->t, o) : "";
}

static const char *text_at(const rctx *x, int r, int c) {
  const bz_cell *o = bz_table_owner(x->t, r, c);
  return o ? o->text : "";
}

static gboolean re(const char *pattern, const char *s) { return bz_re_match(pattern, s); }

static void sep(GString *o, const rctx *x) { g_string_append(o, x->pretty ? ", " : ","); }

static void jkey(GString *o, const rctx *x, const char *k) {
  bz_json_str(o, k);
  g_string_append(o, x->pretty ? ": " : ":");
}

static void jstr_or_null(GString *o, const char *s) {
  if (s && *s) bz_json_str(o, s);
  else g_string_append(o, "null");
}

/* ", key: string-or-null" — the shape of most record fields. */
static void kv_str(GString *o, const rctx *x, const char *key, const char *val) {
  sep(o, x);
  jkey(o, x, key);
  jstr_or_null(o, val);
}

/* An amount as a JSON number, or null. */
static void jnum(GString *o, const rctx *x, int r, int c) {
  bz_value buf;
  const char *d = c >= 0 ? bz_meaning_dec(x->t, r, c, &buf) : NULL;
  if (d) g_string_append(o, d);
  else g_string_append(o, "null");
}

/* Value right of the cell labelled `pattern` anywhere in the table. */
static const char *field(const rctx *x, const char *pattern) {
  for (int r = 0; r < x->m->n_rows; r++)
    for (int c = 0; c < x->m->n_cols; c++) {
      const bz_cell *o = bz_table_owner(x->t, r, c);
      if (!o || o->row != r || o->col != c || !re(pattern, bz_cell_key(x->doc, x->t, o))) continue;
      for (int k = c + o->colspan; k < x->m->n_cols; k++) {
        const bz_cell *v = bz_table_owner(x->t, r, k);
        if (v && v->col == k && *v->text) return v->text;
      }
    }
  return NULL;
}

/* The row naming the columns, and the column of each name (-1 when absent). */
static int find_named_row(const rctx *x, int from, const char *const *pats, int n, int *cols, int need) {
  for (int r = from; r < x->m->n_rows; r++) {
    int found = 0;
    for (int i = 0; i < n; i++) {
      cols[i] = -1;
      for (int c = 0; c < x->m->n_cols && cols[i] < 0; c++) {
        const bz_cell *o = bz_table_owner(x->t, r, c);
        if (o && o->row == r && o->col == c && re(pats[i], key_at(x, r, c))) cols[i] = c;
      }
      if (cols[i] >= 0) found++;
    }
    if (found >= need) return r;
  }
  return -1;
}

/* First non-empty text of row r left of column `before` (the row's label). */
static const char *row_label(const rctx *x, int r, int before) {
  for (int c = 0; c < before; c++) {
    const char *k = key_at(x, r, c);
    if (*k && !re("^项目资金", k)) return k;
  }
  return NULL;
}

static const char *const fund_names[] = {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
static const char *const fund_pats[] = {"^年初预算数$", "^全年预算数$", "^全年执行数$", "^分值$", "^执行率$", "^得分$"};

static void funds(GString *o, const rctx *x) {
  int cols[6];
  int hr = find_named_row(x, 0, fund_pats, 6, cols, 3);
  int first = -1;
  GString *rows = g_string_new("[");
  int n = 0;
  for (int r = hr < 0 ? x->m->n_rows : hr + 1; r < x->m->n_rows && r <= hr + 6; r++) {
    const char *label = row_label(x, r, cols[0] >= 0 ? cols[0] : 1);
    if (!label || re("目标|指标", label)) break;
    if (first < 0) first = r;
    if (n++) sep(rows, x);
    g_string_append_c(rows, '{');
    jkey(rows, x, "item");
    bz_json_str(rows, label);
    for (int i = 0; i < 6; i++) {
      sep(rows, x);
      jkey(rows, x, fund_names[i]);
      jnum(rows, x, r, cols[i]);
    }
    g_string_append_c(rows, '}');
  }
  g_string_append_c(rows, ']');
  jkey(o, x, "funds");
  if (first < 0) {
    g_string_append(o, "null");
  } else {
    g_string_append_c(o, '{');
    for (int i = 0; i < 6; i++) {
      if (i) sep(o, x);
      jkey(o, x, fund_names[i]);
      jnum(o, x, first, cols[i]);
    }
    g_string_append_c(o, '}');
  }
  sep(o, x);
  jkey(o, x, "funds_rows");
  g_string_append(o, rows->str);
  g_string_free(rows, TRUE);
}

static const char *const ind_names[] = {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"};
static const char *const ind_pats[] = {"^一级指标$", "^二级指标$", "^三级指标$", "指标值$", "^实际完成值|^实际完成情况",
                                       "^分值$|^权重", "^得分$", "^偏差原因"};

/* Indicator rows under every row naming 一级/二级/三级指标; 一级/二级 carry down when blank. */
static void indicators(GString *o, const rctx *x, int *total_row) {
  int cols[8];
  char *carry[2] = {NULL, NULL};
  int n = 0;
  *total_row = -1;
  jkey(o, x, "indicators");
  g_string_append_c(o, '[');
  for (int from = 0;;) {
    int hr = find_named_row(x, from, ind_pats, 8, cols, 3);
    if (hr < 0 || cols[2] < 0) break;
    int r = hr + 1;
    for (; r < x->m->n_rows; r++) {
      int again[8];
      if (find_named_row(x, r, ind_pats, 8, again, 3) == r) break; /* a repeated header */
      gboolean is_total = FALSE;
      for (int c = 0; c < x->m->n_cols && !is_total; c++) is_total = re("^总分", key_at(x, r, c));
      if (is_total) {
        *total_row = r;
        break;
      }
      const char *third = key_at(x, r, cols[2]), *val = cols[3] >= 0 ? key_at(x, r, cols[3]) : "";
      for (int i = 0; i < 2; i++) {
        const char *k = cols[i] >= 0 ? key_at(x, r, cols[i]) : "";
        if (*k) {
          g_free(carry[i]);
          carry[i] = g_strdup(k);
          if (i == 0) {
            g_free(carry[1]);
            carry[1] = NULL;
          }
        }
      }
      if (!*third && !*val) continue;
      if (n++) g_string_append_c(o, ',');
      if (x->pretty) g_string_append(o, "\n        ");
      g_string_append_c(o, '{');
      for (int i = 0; i < 8; i++) {
        if (i) sep(o, x);
        jkey(o, x, ind_names[i]);
        if (i < 2) jstr_or_null(o, carry[i]);
        else if (i == 5 || i == 6) jnum(o, x, r, cols[i]);
        else jstr_or_null(o, cols[i] >= 0 ? text_at(x, r, cols[i]) : NULL);
      }
      g_string_append_c(o, '}');
    }
    from = r;
    if (*total_row >= 0 || r >= x->m->n_rows) break;
  }
  g_free(carry[0]);
  g_free(carry[1]);
  g_string_append_c(o, ']');
}

static void head(GString *o, const rctx *x, const char *kind) {
  g_string_append_c(o, '{');
  jkey(o, x, "kind");
  bz_json_str(o, kind);
  sep(o, x);
  jkey(o, x, "table");
  g_string_append_printf(o, "%d", x->t->index);
  sep(o, x);
  jkey(o, x, "form");
  bz_json_str(o, x->m->form);
  kv_str(o, x, "title", x->t->title);
  kv_str(o, x, "unit", x->m->unit);
}

static void performance(GString *o, const rctx *x, int evaluation) {
  head(o, x, evaluation ? "performance-evaluation" : "performance-target");
  kv_str(o, x, "项目名称", field(x, "^项目(支出)?名称$|^单位名称$|^部门(名称)?$"));
  kv_str(o, x, "主管部门", field(x, "^主管部门"));
  kv_str(o, x, "实施单位", field(x, "^实施单位"));
  sep(o, x);
  if (evaluation) {
    funds(o, x);
    sep(o, x);
  }
  int total_row;
  indicators(o, x, &total_row);
  if (evaluation) {
    int first = -1, last = -1;
    for (int c = 0; total_row >= 0 && c < x->m->n_cols; c++)
      if (bz_meaning_dec(x->t, total_row, c, &(bz_value){0})) {
        if (first < 0) first = c;
        last = c;
      }
    sep(o, x);
    jkey(o, x, "满分");
    jnum(o, x, total_row, first != last ? first : -1);
    sep(o, x);
    jkey(o, x, "总分");
    jnum(o, x, total_row, last);
  }
  g_string_append_c(o, '}');
}

/* One record per row and side: a table printed as two tables side by side (收入 | 支出 of a 总表)
 * gives each side's rows their own label, code, total and amounts, and says which side. */
static void budget_table(GString *o, const rctx *x) {
  head(o, x, "budget-table");
  kv_str(o, x, "code", x->m->form_code);
  kv_str(o, x, "family", x->m->form_family);
  sep(o, x);
  jkey(o, x, "rows");
  g_string_append_c(o, '[');
  int n = 0;
  for (int s = 0; s < x->m->n_sides; s++) {
    const bz_side *sd = &x->m->sides[s];
    for (int r = x->t->header_rows; r < x->m->n_rows; r++) {
      const bz_rowmeta *rm = &sd->rows[r];
      if (x->m->rows[r].kind == BZ_ROW_COLNUM) continue;
      GString *vals = g_string_new(NULL);
      int k = 0;
      for (int c = sd->first_col; c < sd->end_col; c++) {
        if (x->m->col_role[c] != BZ_COL_MONEY || !bz_meaning_dec(x->t, r, c, &(bz_value){0})) continue;
        if (k++) sep(vals, x);
        char *p = x->m->col_path[c] ? g_strdup(x->m->col_path[c]) : g_strdup_printf("col%d", c);
        jkey(vals, x, p);
        g_free(p);
        jnum(vals, x, r, c);
      }
      if (k || rm->code) {
        if (n++) g_string_append_c(o, ',');
        if (x->pretty) g_string_append(o, "\n        ");
        g_string_append_printf(o, x->pretty ? "{\"row\": %d, \"side\": %d" : "{\"row\":%d,\"side\":%d", r, s + 1);
        kv_str(o, x, "side_name", sd->name);
        kv_str(o, x, "code", rm->code);
        kv_str(o, x, "parent", rm->parent);
        kv_str(o, x, "label", rm->label);
        kv_str(o, x, "total", rm->total);
        sep(o, x);
        jkey(o, x, "amounts");
        g_string_append_printf(o, "{%s}}", vals->str);
      }
      g_string_free(vals, TRUE);
    }
  }
  g_string_append(o, "]}");
}

static int bz_records_doc(GString *out, const biao_doc *doc, int pretty) {
  g_string_append(out, pretty ? "{\n  \"source\": " : "{\"source\":");
  bz_json_source(out, doc);
  g_string_append(out, pretty ? ",\n  \"records\": [" : ",\"records\":[");
  int n = 0;
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    const bz_meaning *m = bz_meaning_of(t);
    if (!m || !m->form) continue;
    rctx x = {(biao_doc *)doc, t, m, pretty};
    if (n++) g_string_append_c(out, ',');
    if (pretty) g_string_append(out, "\n    ");
    if (!strcmp(m->form, "项目支出绩效自评表") || !strcmp(m->form, "部门整体支出绩效自评表")) performance(out, &x, 1);
    else if (!strcmp(m->form, "绩效目标表")) performance(out, &x, 0);
    else budget_table(out, &x);
  }
  g_string_append(out, n && pretty ? "\n  ]\n}\n" : (pretty ? "]\n}\n" : "]}\n"));
  return BIAO_OK;
}

int biao_export_records(const biao_doc *doc, int pretty, char **out, size_t *len, biao_error *err) {
  (void)err;
  GString *s = g_string_new(NULL);
  bz_records_doc(s, doc, pretty);
  if (len) *len = s->len;
  *out = g_string_free(s, FALSE);
  return BIAO_OK;
}

const char *bz_records_project_name(const biao_doc *doc, biao_table *t) {
  const bz_meaning *m = bz_meaning_of(t);
  if (!m || !m->form_family || strcmp(m->form_family, "绩效") != 0) return NULL;
  rctx x = {(biao_doc *)doc, t, m, 0};
  return field(&x, "^项目(支出)?名称$");
}
