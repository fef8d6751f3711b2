/* fuzz_meaning.c — the semantic layer on arbitrary bytes: the input is parsed as a check-rule file,
 * every line is typed as a cell value, pairs of lines go through the decimal arithmetic, and the
 * input read as a table (lines = rows, tabs = cells, capped) goes through the whole meaning pass
 * (header rows, paths, units with conversion, 科目 codes, forms, built-in checks) and the JSON and
 * records writers. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "core/model.h"
#include "export/export.h"
#include "normalize/checkrules.h"
#include "normalize/decimal.h"
#include "normalize/meaning.h"

static void decimals(const char *a, const char *b) {
  if (!bz_dec_valid(a) || !bz_dec_valid(b) || strlen(a) > 40 || strlen(b) > 40) return;
  g_free(bz_dec_add(a, b));
  g_free(bz_dec_sub(a, b));
  g_free(bz_dec_mul(a, b));
  g_free(bz_dec_div(a, b, 4));
  g_free(bz_dec_round(a, 1));
  g_free(bz_dec_shift(a, -4));
  g_free(bz_dec_trim(b));
  (void)bz_dec_cmp(a, b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = g_utf8_make_valid((const char *)data, (gssize)size);
  biao_error err;
  GPtrArray *rules = bz_check_rules_new();
  bz_check_rules_parse(text, "fuzz.rules", rules, &err);
  bz_check_rules_free(rules);

  biao_doc *doc = bz_doc_new("fuzz.txt");
  biao_table *t = bz_table_new(doc);
  char **lines = g_strsplit(text, "\n", 60);
  for (int r = 0; lines[r]; r++) {
    bz_value v;
    bz_value_parse(doc, lines[r], r & 1, &v);
    if (lines[r + 1]) decimals(lines[r], lines[r + 1]);
    char **cells = g_strsplit(lines[r], "\t", 20);
    for (int c = 0; cells[c]; c++) bz_table_add_cell(doc, t, r, c, 1, 1, cells[c]);
    g_strfreev(cells);
  }
  g_strfreev(lines);
  bz_table_add_context(doc, t, "单位：万元");
  bz_table_finish(t);
  bz_doc_number_tables(doc);
  biao_options opt;
  biao_options_init(&opt);
  opt.unit = size & 1 ? BIAO_UNIT_YUAN : BIAO_UNIT_WAN;
  if (t->n_rows > 0 && bz_meaning_run(doc, &opt, &err) == BIAO_OK) {
    biao_export_options eo;
    biao_export_options_init(&eo);
    char *out = NULL;
    size_t len = 0;
    if (biao_export(doc, BIAO_FORMAT_JSON, &eo, &out, &len, NULL) == BIAO_OK) biao_free(out);
    if (biao_export_records(doc, 0, &out, &len, NULL) == BIAO_OK) biao_free(out);
  }
  biao_doc_free(doc);
  g_free(text);
  return 0;
}
