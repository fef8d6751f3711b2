/* meaning_json.c — the semantic layer in the JSON output (docs/meaning.md): a "value" in every
 * cell object, and per table "form", "unit", "columns", "column_numbers_row", "row_number_col",
 * "rows_meta" and "checks". Nothing is written for tables the meaning pass did not see. */
#include <string.h>

#include "../core/semantic.h"
#include "export.h"

static void kv_str(GString *out, const char *k, const char *v, int pretty) {
  g_string_append(out, pretty ? ", \"" : ",\""); /* printf was a tenth of the JSON writer */
  g_string_append(out, k);
  g_string_append(out, pretty ? "\": " : "\":");
  if (v) bz_json_str(out, v);
  else g_string_append(out, "null");
}

void bz_json_value(GString *out, const bz_value *v, int pretty) {
  g_string_append(out, pretty ? "{\"kind\": " : "{\"kind\":");
  bz_json_str(out, bz_vkind_name(v->kind));
  if (v->dec) {
    g_string_append(out, pretty ? ", \"number\": " : ",\"number\":");
    g_string_append(out, v->dec);
    kv_str(out, "decimal", v->dec, pretty);
  }
  if (v->unit) kv_str(out, "unit", v->unit, pretty);
  if (v->op) kv_str(out, "op", v->op, pretty);
  if (v->numbers) {
    g_string_append(out, pretty ? ", \"numbers\": [" : ",\"numbers\":[");
    char **parts = g_strsplit(v->numbers, "\n", -1);
    for (int i = 0; parts[i]; i++) {
      if (i) g_string_append(out, pretty ? ", " : ",");
      bz_json_str(out, parts[i]);
    }
    g_strfreev(parts);
    g_string_append_c(out, ']');
  }
  if (v->orig_dec) {
    g_string_append(out, pretty ? ", \"original\": {\"decimal\": " : ",\"original\":{\"decimal\":");
    bz_json_str(out, v->orig_dec);
    kv_str(out, "unit", v->orig_unit, pretty);
    g_string_append_c(out, '}');
  }
  g_string_append_c(out, '}');
}

void bz_json_cell_value(GString *out, const biao_table *t, const bz_cell *c, int pretty) {
  bz_value buf;
  const bz_value *v = bz_value_at(t, c->row, c->col, &buf);
  if (!v) return;
  g_string_append(out, pretty ? ", \"value\": " : ",\"value\":");
  bz_json_value(out, v, pretty);
}

static const char *role_name(bz_colrole r) {
  static const char *const names[] = {"other", "label", "code", "lineno", "money", "score", "percent", "count"};
  return (unsigned)r < G_N_ELEMENTS(names) ? names[r] : "other";
}

static const char *row_kind_name(bz_rowkind k) {
  static const char *const names[] = {"data", "header", "column_numbers", "total"};
  return (unsigned)k < G_N_ELEMENTS(names) ? names[k] : "data";
}

static void int_or_null(GString *out, int v) {
  if (v >= 0) g_string_append_printf(out, "%d", v);
  else g_string_append(out, "null");
}

static void columns(GString *out, const bz_meaning *m, int pretty, int indent) {
  bz_json_key(out, "columns", pretty);
  g_string_append_c(out, '[');
  for (int c = 0; c < m->n_cols; c++) {
    if (c) g_string_append_c(out, ',');
    bz_json_nl(out, pretty, indent + 2);
    g_string_append_printf(out, pretty ? "{\"col\": %d" : "{\"col\":%d", c);
    kv_str(out, "path", m->col_path[c], pretty);
    kv_str(out, "role", role_name(m->col_role[c]), pretty);
    kv_str(out, "unit", m->col_unit[c], pretty);
    g_string_append_c(out, '}');
  }
  if (m->n_cols) bz_json_nl(out, pretty, indent);
  g_string_append(out, "],");
  bz_json_nl(out, pretty, indent);
}

/* Two-sided tables only (a one-sided table's single side spans every column): each side's columns,
 * label and code column, and name. */
static void sides(GString *out, const bz_meaning *m, int pretty, int indent) {
  if (m->n_sides < 2) return;
  bz_json_key(out, "sides", pretty);
  g_string_append_c(out, '[');
  for (int i = 0; i < m->n_sides; i++) {
    const bz_side *sd = &m->sides[i];
    if (i) g_string_append_c(out, ',');
    bz_json_nl(out, pretty, indent + 2);
    g_string_append_printf(out, pretty ? "{\"side\": %d" : "{\"side\":%d", i + 1);
    kv_str(out, "name", sd->name, pretty);
    g_string_append_printf(out, pretty ? ", \"first_col\": %d, \"last_col\": %d, \"label_col\": "
                                       : ",\"first_col\":%d,\"last_col\":%d,\"label_col\":",
                           sd->first_col, sd->end_col - 1);
    int_or_null(out, sd->label_col);
    g_string_append(out, pretty ? ", \"code_col\": " : ",\"code_col\":");
    int_or_null(out, sd->code_col);
    g_string_append_c(out, '}');
  }
  bz_json_nl(out, pretty, indent);
  g_string_append(out, "],");
  bz_json_nl(out, pretty, indent);
}

static void rows_meta(GString *out, const bz_meaning *m, int pretty, int indent) {
  bz_json_key(out, "rows_meta", pretty);
  g_string_append_c(out, '[');
  int n = 0;
  for (int s = 0; s < m->n_sides; s++)
    for (int r = 0; r < m->n_rows; r++) {
      const bz_rowmeta *rm = &m->sides[s].rows[r];
      if (rm->kind == BZ_ROW_DATA && !rm->code) continue;
      if (rm->kind == BZ_ROW_HEADER || (s > 0 && rm->kind == BZ_ROW_COLNUM)) continue;
      if (n++) g_string_append_c(out, ',');
      bz_json_nl(out, pretty, indent + 2);
      g_string_append_printf(out, pretty ? "{\"row\": %d" : "{\"row\":%d", r);
      if (m->n_sides > 1) g_string_append_printf(out, pretty ? ", \"side\": %d" : ",\"side\":%d", s + 1);
      kv_str(out, "kind", row_kind_name(rm->kind), pretty);
      kv_str(out, "code", rm->code, pretty);
      kv_str(out, "parent", rm->parent, pretty);
      kv_str(out, "label", rm->label, pretty);
      kv_str(out, "total", rm->total, pretty);
      g_string_append_c(out, '}');
    }
  if (n) bz_json_nl(out, pretty, indent);
  g_string_append(out, "],");
  bz_json_nl(out, pretty, indent);
}

void bz_json_check(GString *out, const bz_check *k, int pretty) {
  g_string_append(out, pretty ? "{\"rule\": " : "{\"rule\":");
  bz_json_str(out, k->rule);
  /* a check that could not decide is neither: ok null, status "not checked" and the reason */
  g_string_append_printf(out, pretty ? ", \"ok\": %s, \"exact\": %s" : ",\"ok\":%s,\"exact\":%s",
                         k->skip ? "null" : k->ok ? "true" : "false", k->exact ? "true" : "false");
  kv_str(out, "status", k->skip ? "not checked" : k->ok ? "passed" : "failed", pretty);
  if (k->skip) kv_str(out, "reason", k->skip, pretty);
  kv_str(out, "where", k->where, pretty);
  kv_str(out, "expected", k->expected, pretty);
  kv_str(out, "actual", k->actual, pretty);
  kv_str(out, "what", k->what, pretty);
  g_string_append(out, pretty ? ", \"cells\": [" : ",\"cells\":[");
  for (int i = 0; i < k->n_cells; i++)
    g_string_append_printf(out, "%s[%d,%d]", i ? "," : "", k->cells[2 * i], k->cells[2 * i + 1]);
  g_string_append(out, "]}");
}

static void checks(GString *out, const bz_meaning *m, int pretty, int indent) {
  bz_json_key(out, "checks", pretty);
  g_string_append_c(out, '[');
  for (guint i = 0; i < m->checks->len; i++) {
    if (i) g_string_append_c(out, ',');
    bz_json_nl(out, pretty, indent + 2);
    bz_json_check(out, g_ptr_array_index(m->checks, i), pretty);
  }
  if (m->checks->len) bz_json_nl(out, pretty, indent);
  g_string_append(out, "],");
  bz_json_nl(out, pretty, indent);
}

void bz_json_table_meaning(GString *out, const biao_table *t, int pretty, int indent) {
  const bz_meaning *m = bz_meaning_of(t);
  if (!m) return;
  bz_json_key(out, "form", pretty);
  if (m->form) {
    g_string_append(out, pretty ? "{\"name\": " : "{\"name\":");
    bz_json_str(out, m->form);
    kv_str(out, "code", m->form_code, pretty);
    kv_str(out, "family", m->form_family, pretty);
    g_string_append(out, "},");
  } else {
    g_string_append(out, "null,");
  }
  bz_json_nl(out, pretty, indent);
  bz_json_key(out, "unit", pretty);
  if (m->unit) bz_json_str(out, m->unit);
  else g_string_append(out, "null");
  if (m->unit_printed) kv_str(out, "unit_printed", m->unit_printed, pretty); /* after --unit */
  g_string_append(out, pretty ? ", " : ",");
  bz_json_key(out, "column_numbers_row", pretty);
  int_or_null(out, m->column_numbers_row);
  g_string_append(out, pretty ? ", " : ",");
  bz_json_key(out, "row_number_col", pretty);
  int_or_null(out, m->row_number_col);
  g_string_append_c(out, ',');
  bz_json_nl(out, pretty, indent);
  columns(out, m, pretty, indent);
  sides(out, m, pretty, indent);
  rows_meta(out, m, pretty, indent);
  checks(out, m, pretty, indent);
}
