/* bench-meaning.c — time of the semantic pass alone (typing, headers, units, 科目, forms, checks)
 * on already extracted documents: opens each file once, then re-runs bz_meaning_run() N times.
 * Built and run by scripts/bench-meaning.sh. */
#include <stdio.h>
#include <stdlib.h>

#include "core/model.h"
#include "normalize/meaning.h"

int main(int argc, char **argv) {
  int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20;
  long cells = 0, tables = 0;
  double total = 0;
  for (int i = 2; i < argc; i++) {
    biao_options opt;
    biao_options_init(&opt);
    opt.unit = BIAO_UNIT_YUAN; /* conversion included */
    biao_doc *doc = NULL;
    biao_error err;
    if (biao_doc_open_file(&doc, argv[i], &opt, &err) != BIAO_OK) {
      fprintf(stderr, "%s: %s\n", argv[i], err.message);
      continue;
    }
    for (guint k = 0; k < doc->tables->len; k++) cells += ((biao_table *)g_ptr_array_index(doc->tables, k))->cells->len;
    tables += doc->tables->len;
    gint64 t0 = g_get_monotonic_time();
    for (int r = 0; r < rounds; r++) bz_meaning_run(doc, &opt, &err);
    total += (double)(g_get_monotonic_time() - t0) / 1e6;
    biao_doc_free(doc);
  }
  printf("meaning pass: %.1f ms per round over %ld tables, %ld cells (%.2f us per cell), %d rounds\n",
         total * 1000 / rounds, tables, cells, cells ? total * 1e6 / rounds / cells : 0.0, rounds);
  return 0;
}
