/* test_limits.c — the bounds of core/limits.h (issue 14): a text dump is refused with
 * BIAO_ERR_LIMIT, and a message naming the bound, when a table would pass the grid-position limit
 * or the document the cell limit, before anything that size is allocated; byte counts in messages
 * are said in the unit they were given in. */
#include <string.h>

#include "../core/limits.h"
#include "testutil.h"

static int open_text(GString *s, biao_error *err) {
  biao_options opt;
  biao_options_init(&opt);
  opt.input = BIAO_INPUT_TEXT;
  biao_doc *doc = NULL;
  int rc = biao_doc_open_memory(&doc, s->str, s->len, "wide.txt", &opt, err);
  biao_doc_free(doc);
  return rc;
}

/* One line of 100,000 tabs above 200 two-cell rows: 20 M grid positions from 100 KB. */
Test(limits, text_wide_line_over_narrow_rows) {
  GString *s = g_string_new("宽表\n");
  for (int i = 0; i < 100000; i++)
    g_string_append_c(s, '\t');
  g_string_append(s, "x\n");
  for (int r = 0; r < 200; r++)
    g_string_append(s, "a\tb\n");
  biao_error err;
  int rc = open_text(s, &err);
  cr_assert_eq(rc, BIAO_ERR_LIMIT, "%s (%s)", err.message, biao_code_name(rc));
  cr_expect_str_eq(err.message,
                   "a table of 201 rows x 100001 columns: over the limit of 16777216 grid positions");
  cr_expect_str_eq(err.path, "wide.txt");
  g_string_free(s, TRUE);
}

/* 2,400 rows of 2,200 cells: 5.28 M cells, under the grid bound but over the document's. */
Test(limits, text_cells_per_document, .timeout = 120) {
  GString *s = g_string_new("大表\n");
  for (int r = 0; r < 2400; r++) {
    for (int c = 0; c < 2199; c++)
      g_string_append(s, "1\t");
    g_string_append(s, "1\n");
  }
  biao_error err;
  int rc = open_text(s, &err);
  cr_assert_eq(rc, BIAO_ERR_LIMIT, "%s (%s)", err.message, biao_code_name(rc));
  cr_expect_str_eq(err.message, "more than 5242880 cells: over the per-document limit");
  g_string_free(s, TRUE);
}

/* Just under both bounds the same shapes are read. */
Test(limits, text_wide_table_under_the_bounds) {
  GString *s = g_string_new("宽表\n");
  for (int r = 0; r < 3; r++) {
    for (int c = 0; c < 999; c++)
      g_string_append_printf(s, "%d\t", r * 1000 + c);
    g_string_append(s, "end\n");
  }
  biao_options opt;
  biao_options_init(&opt);
  biao_doc *doc = NULL;
  biao_error err;
  cr_assert_eq(biao_doc_open_memory(&doc, s->str, s->len, "ok.txt", &opt, &err), BIAO_OK, "%s", err.message);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_cols(t), 1000);
  cr_expect_str_eq(biao_table_text_at(t, 2, 998), "2998");
  biao_doc_free(doc);
  g_string_free(s, TRUE);
}

Test(limits, byte_counts_in_their_unit) {
  const struct {
    guint64 n;
    const char *text;
  } cases[] = {{(guint64)1 << 30, "1 GiB"},
               {1, "1 byte"},
               {300, "300 bytes"},
               {20000000, "20 MB"},
               {1500000, "1.5 MB"},
               {(guint64)1 << 20, "1 MiB"},
               {2500, "2.5 kB"}};
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *s = bz_format_bytes(cases[i].n);
    cr_expect_str_eq(s, cases[i].text);
    g_free(s);
  }
}
