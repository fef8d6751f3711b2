/* fuzz_rules.c — the rule-file loader (line syntax, PCRE2 compilation, error positions) on arbitrary
 * bytes, then every entry point of the matcher with the loaded rules over typical and odd subjects.
 * The loader reads folders, so the input is written to a private temporary folder first. */
#include <glib.h>
#include <stdint.h>
#include <unistd.h>

#include "core/rules.h"

static const char *const categories[] = {"title", "unit", "header", "noise", "pagebreak", "placeholder",
                                         "rowlabel", "total", "year", "code", "x"};
static const char *const subjects[] = {"表1 2024年部门收支总表", "单位：万元", "　合计　", "", "—— ",
                                       "第 3 页 共 9 页", "a/b\\c", "\xe3\x80\x80"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char *dir, *file;
  if (!dir) {
    dir = g_dir_make_tmp("biao-fuzz-rules-XXXXXX", NULL);
    if (!dir) return 0;
    file = g_build_filename(dir, "fuzz.rules", NULL);
  }
  if (!g_file_set_contents(file, (const char *)data, (gssize)size, NULL)) return 0;
  bz_rules *rs = NULL;
  biao_error err;
  if (bz_rules_load_dir(&rs, dir, &err) == BIAO_OK) {
    for (size_t c = 0; c < G_N_ELEMENTS(categories); c++) {
      bz_rules_count(rs, categories[c]);
      for (size_t s = 0; s < G_N_ELEMENTS(subjects); s++) {
        bz_rule_match m;
        if (bz_rules_match(rs, categories[c], subjects[s], &m)) {
          bz_rule_match_value(&m);
          bz_rule_match_clear(&m);
        }
        if (bz_rules_match_full(rs, categories[c], subjects[s], &m)) bz_rule_match_clear(&m);
        g_free(bz_rules_strip(rs, categories[c], subjects[s]));
      }
    }
    bz_rules_free(rs);
  }
  return 0;
}
