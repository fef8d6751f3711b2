/* test_export.c — the document model, JSON/NDJSON/CSV writers and cell text cleanup, on small
 * hand-built tables (readers are tested on real documents in their own files). */
#include <string.h>

#include "core/model.h"
#include "export/export.h"
#include "normalize/normalize.h"
#include "testutil.h"

/* 3x3 table: "项目" spans two columns in row 0, "合计" spans two rows in column 0. */
static biao_doc *sample(void) {
  biao_doc *doc = bz_doc_new("sample.docx");
  doc->format = "docx";
  biao_table *t = bz_table_new(doc);
  bz_table_add_cell(doc, t, 0, 0, 1, 2, "项目");
  bz_table_add_cell(doc, t, 0, 2, 1, 1, "金额\n（万元）");
  bz_table_add_cell(doc, t, 1, 0, 2, 1, "合计");
  bz_table_add_cell(doc, t, 1, 1, 1, 1, "a,b");
  bz_table_add_cell(doc, t, 1, 2, 1, 1, "1,006.09");
  bz_table_add_cell(doc, t, 2, 1, 1, 1, "say \"hi\"\t\x01");
  bz_table_add_cell(doc, t, 2, 2, 1, 1, "");
  bz_table_finish(t);
  bz_doc_number_tables(doc);
  return doc;
}

Test(model, grid_size_and_spans) {
  biao_doc *doc = sample();
  const biao_table *t = biao_doc_table(doc, 0);
  cr_assert_eq(biao_table_rows(t), 3);
  cr_assert_eq(biao_table_cols(t), 3);
  cr_assert_str_eq(biao_table_text_at(t, 0, 0), "项目");
  cr_assert_str_eq(biao_table_text_at(t, 0, 1), "", "covered position is empty");
  cr_assert_str_eq(biao_table_text_at(t, 2, 0), "");
  biao_doc_free(doc);
}

Test(json, rows_grid_and_escaping) {
  biao_doc *doc = sample();
  json_object *j = tu_json(doc);
  json_object *tables, *t0, *rows, *cells;
  cr_assert(json_object_object_get_ex(j, "tables", &tables));
  t0 = json_object_array_get_idx(tables, 0);
  cr_assert(json_object_object_get_ex(t0, "rows", &rows));
  cr_assert(json_object_object_get_ex(t0, "cells", &cells));
  cr_assert_eq(json_object_array_length(cells), 7);
  json_object *r2 = json_object_array_get_idx(rows, 2);
  cr_assert_str_eq(json_object_get_string(json_object_array_get_idx(r2, 1)), "say \"hi\"\t\x01");
  cr_assert_str_eq(json_object_get_string(json_object_array_get_idx(r2, 0)), "");
  json_object *c0 = json_object_array_get_idx(cells, 0), *v;
  cr_assert(json_object_object_get_ex(c0, "colspan", &v));
  cr_assert_eq(json_object_get_int(v), 2);
  cr_assert(json_object_object_get_ex(j, "pages", &v));
  cr_assert_null(v, "pages is null for DOCX");
  json_object_put(j);
  biao_doc_free(doc);
}

Test(json, fill_merged_repeats_text) {
  biao_doc *doc = sample();
  biao_export_options o;
  biao_export_options_init(&o);
  o.fill_merged = 1;
  char *buf;
  size_t len;
  cr_assert_eq(biao_export(doc, BIAO_FORMAT_CSV, &o, &buf, &len, NULL), BIAO_OK);
  cr_assert_str_eq(buf, "项目,项目,\"金额\n（万元）\"\n合计,\"a,b\",\"1,006.09\"\n合计,\"say \"\"hi\"\"\t\x01\",\n");
  biao_free(buf);
  biao_doc_free(doc);
}

Test(json, invalid_utf8_replaced) {
  GString *s = g_string_new(NULL);
  bz_json_str(s, "a\xff" "b\xe4\xb8");
  cr_assert_str_eq(s->str, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\"");
  g_string_free(s, TRUE);
}

Test(ndjson, one_table_per_line_with_source) {
  biao_doc *doc = sample();
  char *buf;
  size_t len;
  cr_assert_eq(biao_export(doc, BIAO_FORMAT_NDJSON, NULL, &buf, &len, NULL), BIAO_OK);
  cr_assert_eq(strchr(buf, '\n'), buf + len - 1, "exactly one line");
  json_object *j = json_tokener_parse(buf), *src, *fmt;
  cr_assert(json_object_object_get_ex(j, "source", &src));
  cr_assert(json_object_object_get_ex(src, "format", &fmt));
  cr_assert_str_eq(json_object_get_string(fmt), "docx");
  json_object_put(j);
  biao_free(buf);
  biao_doc_free(doc);
}

Test(csv, crlf_and_bom) {
  biao_doc *doc = sample();
  biao_export_options o;
  biao_export_options_init(&o);
  o.csv_crlf = 1;
  o.csv_bom = 1;
  char *buf;
  size_t len;
  cr_assert_eq(biao_export(doc, BIAO_FORMAT_CSV, &o, &buf, &len, NULL), BIAO_OK);
  cr_assert(g_str_has_prefix(buf, "\xef\xbb\xbf项目,,\"金额\n（万元）\"\r\n"));
  biao_free(buf);
  biao_doc_free(doc);
}

Test(textclean, cjk_spaces_and_lines) {
  char *s = bz_text_clean("  年初 预算数 \r\n\n 1 006.09  total amount　");
  cr_assert_str_eq(s, "年初预算数\n\n1 006.09 total amount");
  g_free(s);
  s = bz_text_clean("Chinese 中文 text");
  cr_assert_str_eq(s, "Chinese 中文 text", "space between Latin and CJK kept");
  g_free(s);
}

/* What joins two wrapped lines of a cell: a space only between two words (Latin letters, numbers);
 * nothing next to CJK, inside a number or before its unit sign, after a comparison or currency
 * sign before a number, after a dash or slash, after an opening or before a closing bracket. */
Test(textclean, wrapped_line_separator) {
  static const struct {
    gunichar a, b;
    const char *sep;
  } cases[] = {
      {0x2265, '9', ""},    /* 年度指标值：≥ / 90% (gz-10) */
      {0x2264, '1', ""},    /* ≤ / 1次 */
      {0x2267, '5', ""},    /* ≧ / 558人 (xa-10) */
      {'~', '3', ""},       /* 1~ / 3 */
      {'$', '1', ""},       /* $ / 100 */
      {'-', '2', ""},       /* 2025年- / 2026年 (gz-01) */
      {0x2014, 0x201C, ""}, /* 人才支撑计划— / “GJYC” (gz-11) */
      {'/', 'h', ""},       /* km/ / h */
      {'(', 'a', ""},       /* ( / a */
      {'e', ')', ""},       /* note / ) */
      {'e', ',', ""},       /* word / , */
      {'6', '.', ""},       /* 92.6 / 1 style: inside a number */
      {'0', '%', ""},       /* 100 / % */
      {0x5904, 'P', ""},    /* 处 / PPP */
      {'s', 'w', " "},      /* salaries / wages */
      {'2', 'w', " "},      /* Phase 2 / works */
      {'d', '(', " "},      /* Budget / (yuan) */
      {'e', 0x2265, " "},   /* rate / ≥ 90%: a word before the sign keeps its space */
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
    cr_expect_str_eq(bz_text_wrap_sep(cases[i].a, cases[i].b), cases[i].sep, "U+%04X / U+%04X", cases[i].a,
                     cases[i].b);
}
