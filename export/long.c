/* long.c — the long (tidy) view: one row per body value of every table (docs/long.md), walked from
 * what the meaning pass stored in the model, and its CSV and NDJSON writers. The pivot a journalist
 * makes across departments and years starts from these rows. */
#include <string.h>

#include "../core/semantic.h"
#include "export.h"
#include "long.h"
#include "xlsx.h"

char *bz_long_header_path(const char *path) {
  if (!path) return NULL;
  char **parts = g_strsplit(path, "/", -1);
  char *s = g_strjoinv(" / ", parts);
  g_strfreev(parts);
  return s;
}

/* The label of the row as seen from column `col`: the nearest label column to its left (a
 * two-sided 收入/支出 table has one per side), else the label the meaning pass gave the row. */
static const char *side_label(biao_table *t, const bz_meaning *m, int r, int col) {
  for (int k = col - 1; k >= 0; k--) {
    if (m->col_role[k] != BZ_COL_LABEL) continue;
    const bz_cell *c = bz_table_owner(t, r, k);
    return c && *c->text ? c->text : NULL;
  }
  return m->rows[r].label;
}

/* "一般公共服务支出 / 财政事务 / 行政运行": the labels of the row's parent 科目 codes above its own. */
static char *label_path(GHashTable *by_code, const bz_meaning *m, int r, const char *own) {
  GPtrArray *up = g_ptr_array_new();
  const char *p = m->rows[r].parent;
  for (int guard = 0; p && guard < 8; guard++) {
    const bz_rowmeta *pm = g_hash_table_lookup(by_code, p);
    if (!pm) break;
    if (pm->label) g_ptr_array_insert(up, 0, (gpointer)pm->label);
    p = pm->parent;
  }
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < up->len; i++) g_string_append_printf(s, "%s / ", (const char *)g_ptr_array_index(up, i));
  g_string_append(s, own ? own : "");
  g_ptr_array_free(up, TRUE);
  return g_string_free(s, FALSE);
}

static gboolean is_body_col(bz_colrole r) { return r != BZ_COL_LABEL && r != BZ_COL_CODE && r != BZ_COL_LINENO; }

const char *bz_long_doc_meta(const biao_doc *doc, const char *key) {
  for (guint i = 0; i < doc->tables->len; i++) {
    const char *v = bz_table_get_meta(g_ptr_array_index(doc->tables, i), key);
    if (v && *v) return v;
  }
  return NULL;
}

/* The table's meta `key`, else the document's (bz_long_doc_meta). */
static const char *meta_or_doc(const biao_doc *doc, const biao_table *t, const char *key) {
  const char *v = bz_table_get_meta(t, key);
  return v && *v ? v : bz_long_doc_meta(doc, key);
}

int bz_long_table(const biao_doc *doc, biao_table *t, bz_long_fn fn, void *user) {
  const bz_meaning *m = bz_meaning_of(t);
  if (!m || m->n_rows != t->n_rows || m->n_cols != t->n_cols) return 0;
  GHashTable *by_code = g_hash_table_new(g_str_hash, g_str_equal);
  for (int r = 0; r < m->n_rows; r++)
    if (m->rows[r].code) g_hash_table_insert(by_code, (gpointer)m->rows[r].code, (gpointer)&m->rows[r]);
  char **cols = g_new0(char *, m->n_cols);
  for (int c = 0; c < m->n_cols; c++) cols[c] = bz_long_header_path(m->col_path[c]);
  bz_long_row lr = {.t = t,
                    .form_code = bz_xlsx_table_code(t),
                    .department = meta_or_doc(doc, t, "department"),
                    .year = meta_or_doc(doc, t, "year")};
  int rc = 0;
  for (int r = t->header_rows; r < m->n_rows && !rc; r++) {
    const bz_rowmeta *rm = &m->rows[r];
    if (rm->kind == BZ_ROW_HEADER || rm->kind == BZ_ROW_COLNUM || r == m->column_numbers_row) continue;
    for (int c = 0; c < m->n_cols && !rc; c++) {
      if (!is_body_col(m->col_role[c]) || c == m->row_number_col || c == m->code_col) continue;
      const bz_cell *cell = bz_table_cell_at(t, r, c);
      bz_value buf;
      const bz_value *v = bz_value_at(t, r, c, &buf);
      if (!cell || !v || v->kind == BZ_V_EMPTY) continue;
      const bz_geom *g = bz_cell_geom(t, cell);
      char *path = label_path(by_code, m, r, side_label(t, m, r, c));
      lr.page = g && g->page > 0 ? g->page : t->page_start;
      lr.row = r;
      lr.col = c;
      lr.row_label = path;
      lr.code = rm->code;
      lr.kind = rm->kind == BZ_ROW_TOTAL && rm->total ? rm->total : "detail";
      lr.column = cols[c];
      lr.text = cell->text;
      lr.value = v;
      lr.decimal = v->kind == BZ_V_NUMBER || v->kind == BZ_V_PERCENT ? v->dec : NULL;
      lr.unit = v->unit ? v->unit : v->kind == BZ_V_PERCENT ? "%" : NULL;
      rc = fn(&lr, user);
      g_free(path);
    }
  }
  for (int c = 0; c < m->n_cols; c++) g_free(cols[c]); /* not g_strfreev: a column without a path is NULL */
  g_free(cols);
  g_hash_table_destroy(by_code);
  return rc;
}

static const char *const long_columns[] = {"path", "sha256", "table", "title", "form_code", "department",
                                           "year", "page", "row", "row_label", "code", "kind",
                                           "col", "column", "text", "value", "unit"};

void bz_long_csv_header(GString *out, const biao_export_options *o) {
  for (guint i = 0; i < G_N_ELEMENTS(long_columns); i++) {
    if (i) g_string_append_c(out, ',');
    g_string_append(out, long_columns[i]);
  }
  g_string_append(out, o->csv_crlf ? "\r\n" : "\n");
}

static void csv_opt(GString *out, const char *s) {
  g_string_append_c(out, ',');
  if (s) bz_csv_field(out, s);
}

static void csv_int(GString *out, int v) {
  if (v > 0) g_string_append_printf(out, ",%d", v);
  else g_string_append_c(out, ',');
}

void bz_long_csv_row(GString *out, const biao_doc *doc, const bz_long_row *r, const biao_export_options *o) {
  bz_csv_field(out, doc->path);
  csv_opt(out, doc->sha256);
  csv_int(out, r->t->index);
  csv_opt(out, r->t->title);
  csv_opt(out, r->form_code);
  csv_opt(out, r->department);
  csv_opt(out, r->year);
  csv_int(out, r->page);
  csv_int(out, r->row + 1);
  csv_opt(out, r->row_label);
  csv_opt(out, r->code);
  csv_opt(out, r->kind);
  csv_int(out, r->col + 1);
  csv_opt(out, r->column);
  csv_opt(out, r->text);
  csv_opt(out, r->decimal);
  csv_opt(out, r->unit);
  g_string_append(out, o->csv_crlf ? "\r\n" : "\n");
}

static void json_opt(GString *out, const char *k, const char *v) {
  g_string_append_printf(out, ",\"%s\":", k);
  if (v) bz_json_str(out, v);
  else g_string_append(out, "null");
}

static void json_int(GString *out, const char *k, int v) {
  if (v > 0) g_string_append_printf(out, ",\"%s\":%d", k, v);
  else g_string_append_printf(out, ",\"%s\":null", k);
}

void bz_long_ndjson_row(GString *out, const biao_doc *doc, const bz_long_row *r) {
  g_string_append(out, "{\"path\":");
  bz_json_str(out, doc->path);
  json_opt(out, "sha256", doc->sha256);
  json_int(out, "table", r->t->index);
  json_opt(out, "title", r->t->title);
  json_opt(out, "form_code", r->form_code);
  json_opt(out, "department", r->department);
  json_opt(out, "year", r->year);
  json_int(out, "page", r->page);
  json_int(out, "row", r->row + 1);
  json_opt(out, "row_label", r->row_label);
  json_opt(out, "code", r->code);
  json_opt(out, "kind", r->kind);
  json_int(out, "col", r->col + 1);
  json_opt(out, "column", r->column);
  json_opt(out, "text", r->text);
  /* a JSON number (exact as printed: the decimal has no exponent nor grouping) */
  g_string_append(out, ",\"value\":");
  g_string_append(out, r->decimal ? r->decimal : "null");
  json_opt(out, "decimal", r->decimal);
  json_opt(out, "unit", r->unit);
  json_opt(out, "value_kind", bz_vkind_name(r->value->kind));
  g_string_append(out, "}\n");
}

typedef struct long_ctx {
  GString *out;
  const biao_doc *doc;
  const biao_export_options *o;
  int ndjson;
} long_ctx;

static int emit(const bz_long_row *r, void *user) {
  long_ctx *x = user;
  if (x->ndjson) bz_long_ndjson_row(x->out, x->doc, r);
  else bz_long_csv_row(x->out, x->doc, r, x->o);
  return 0;
}

int bz_long_doc(GString *out, const biao_doc *doc, const biao_export_options *o, int ndjson, int header,
                bz_sink *sink) {
  if (!ndjson && header) {
    if (o->csv_bom) g_string_append(out, "\xef\xbb\xbf");
    bz_long_csv_header(out, o);
  }
  long_ctx x = {out, doc, o, ndjson};
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    if (o->table && t->index != o->table) continue;
    bz_long_table(doc, t, emit, &x);
    bz_sink_flush(out, sink);
  }
  return BIAO_OK;
}
