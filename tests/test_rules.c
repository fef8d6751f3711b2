/* test_rules.c — the rules engine: data-driven cases from tests/rules/NAME.case (category, input,
 * expected rule and value), loading errors with file/line/offset, user folders taking precedence. */
#include <string.h>
#include <glib/gstdio.h>

#include "core/rules.h"
#include "testutil.h"

static char *src_path(const char *rel) { return g_build_filename(BIAO_CORPUS, "..", rel, NULL); }

static const bz_rules *builtin(void) {
  const bz_rules *rs = NULL;
  biao_error err;
  cr_assert_eq(bz_rules_get(&rs, NULL, &err), BIAO_OK, "%s", err.message);
  return rs;
}

/* One case: key: value lines, cases separated by blank lines. */
typedef struct {
  char *category, *input, *rule, *value, *strip;
  gboolean full;
  int line;
} rcase;

static void run_case(const bz_rules *rs, const char *file, rcase *c) {
  cr_assert(c->category && c->input, "%s:%d: case needs category and input", file, c->line);
  if (c->strip) {
    char *got = bz_rules_strip(rs, c->category, c->input);
    cr_expect_str_eq(got, c->strip, "%s:%d: strip '%s'", file, c->line, c->input);
    g_free(got);
  }
  if (!c->rule) return;
  bz_rule_match m;
  gboolean ok = c->full ? bz_rules_match_full(rs, c->category, c->input, &m)
                        : bz_rules_match(rs, c->category, c->input, &m);
  if (!strcmp(c->rule, "-")) {
    cr_expect(!ok, "%s:%d: '%s' should match no %s rule, matched %s", file, c->line, c->input, c->category,
              ok ? m.name : "");
  } else {
    cr_expect(ok, "%s:%d: '%s' should match %s/%s", file, c->line, c->input, c->category, c->rule);
    if (ok) {
      cr_expect_str_eq(m.name, c->rule, "%s:%d: rule name", file, c->line);
      if (c->value) cr_expect_str_eq(bz_rule_match_value(&m), c->value, "%s:%d: value", file, c->line);
    }
  }
  if (ok) bz_rule_match_clear(&m);
}

static void case_clear(rcase *c) {
  g_free(c->category);
  g_free(c->input);
  g_free(c->rule);
  g_free(c->value);
  g_free(c->strip);
  memset(c, 0, sizeof *c);
}

static int run_file(const bz_rules *rs, const char *path) {
  char *text = NULL;
  cr_assert(g_file_get_contents(path, &text, NULL, NULL));
  char **lines = g_strsplit(text, "\n", -1);
  rcase c = {0};
  int n = 0;
  for (int i = 0;; i++) {
    const char *l = lines[i];
    if (!l || !*l) {
      if (c.category) {
        run_case(rs, path, &c);
        n++;
      }
      case_clear(&c);
      if (!l) break;
      continue;
    }
    if (l[0] == '#') continue;
    const char *colon = strchr(l, ':');
    cr_assert_not_null(colon, "%s:%d: expected 'key: value'", path, i + 1);
    char *k = g_strndup(l, colon - l);
    const char *v = colon + 1;
    if (*v == ' ') v++; /* one space after the colon; the rest (even spaces) is the value */
    if (!c.line) c.line = i + 1;
    if (!strcmp(k, "category")) c.category = g_strdup(v);
    else if (!strcmp(k, "input")) c.input = g_strcompress(v);
    else if (!strcmp(k, "rule")) c.rule = g_strdup(v);
    else if (!strcmp(k, "value")) c.value = g_strcompress(v);
    else if (!strcmp(k, "strip")) c.strip = g_strcompress(v);
    else if (!strcmp(k, "full")) c.full = !strcmp(v, "yes");
    else cr_assert_fail("%s:%d: unknown key '%s'", path, i + 1, k);
    g_free(k);
  }
  g_strfreev(lines);
  g_free(text);
  return n;
}

Test(rules, data_cases) {
  const bz_rules *rs = builtin();
  char *dir = src_path("tests/rules");
  GDir *d = g_dir_open(dir, 0, NULL);
  cr_assert_not_null(d);
  int files = 0, cases = 0;
  for (const char *n; (n = g_dir_read_name(d));) {
    if (!g_str_has_suffix(n, ".case")) continue;
    char *p = g_build_filename(dir, n, NULL);
    cases += run_file(rs, p);
    files++;
    g_free(p);
  }
  g_dir_close(d);
  g_free(dir);
  cr_assert_geq(files, 4, "case files found: %d", files);
  cr_assert_geq(cases, 40, "cases run: %d", cases);
}

Test(rules, categories_present) {
  const bz_rules *rs = builtin();
  const char *cats[] = {"title", "attachment", "code", "unit", "department", "year", "header",
                        "rowlabel", "placeholder", "noise", "pagebreak", "indicator1", "indicator2"};
  for (gsize i = 0; i < G_N_ELEMENTS(cats); i++)
    cr_expect_gt(bz_rules_count(rs, cats[i]), 0, "no rules in category %s", cats[i]);
  cr_assert_not_null(bz_rules_builtin_dir());
}

static char *tmpdir_with(const char *file, const char *content) {
  char *dir = g_dir_make_tmp("biao-rules-XXXXXX", NULL);
  cr_assert_not_null(dir);
  char *p = g_build_filename(dir, file, NULL);
  cr_assert(g_file_set_contents(p, content, -1, NULL));
  g_free(p);
  return dir;
}

static void rmdir_all(char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    char *p = g_build_filename(dir, n, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d) g_dir_close(d);
  g_rmdir(dir);
  g_free(dir);
}

Test(rules, bad_pattern_names_file_line_offset) {
  char *dir = tmpdir_with("bad.rules", "# a comment\n\ntitle ok /表$/\ntitle broken /ab(c/\n");
  bz_rules *rs = NULL;
  biao_error err;
  int rc = bz_rules_load_dir(&rs, dir, &err);
  cr_assert_eq(rc, BIAO_ERR_RULES);
  cr_assert_null(rs);
  cr_expect(g_str_has_suffix(err.path, "bad.rules"), "path: %s", err.path);
  cr_expect_eq(err.line, 4);
  cr_expect_eq(err.offset, 4, "PCRE2 offset %ld", err.offset);
  cr_expect(strstr(err.message, "missing closing parenthesis") != NULL, "message: %s", err.message);
  cr_expect(strstr(err.message, "broken") != NULL, "message names the rule: %s", err.message);
  rmdir_all(dir);
}

Test(rules, bad_syntax_and_flag) {
  bz_rules *rs = NULL;
  biao_error err;
  char *dir = tmpdir_with("x.rules", "title no-slashes here\n");
  cr_assert_eq(bz_rules_load_dir(&rs, dir, &err), BIAO_ERR_RULES);
  cr_expect_eq(err.line, 1);
  cr_expect(strstr(err.message, "category name /pattern/flags") != NULL, "%s", err.message);
  rmdir_all(dir);
  dir = tmpdir_with("y.rules", "\ntitle t /x/q\n");
  cr_assert_eq(bz_rules_load_dir(&rs, dir, &err), BIAO_ERR_RULES);
  cr_expect_eq(err.line, 2);
  cr_expect(strstr(err.message, "unknown flag 'q'") != NULL, "%s", err.message);
  rmdir_all(dir);
}

Test(rules, user_dir_first_and_cached) {
  char *dir = tmpdir_with("mine.rules", "title mytitle /^(表[一二三四五六七八九十]+.*)$/\n");
  const bz_rules *a = NULL, *b = NULL;
  biao_error err;
  cr_assert_eq(bz_rules_get(&a, dir, &err), BIAO_OK, "%s", err.message);
  cr_assert_eq(bz_rules_get(&b, dir, &err), BIAO_OK);
  cr_expect_eq(a, b, "loaded once per folder");
  bz_rule_match m;
  cr_assert(bz_rules_match(a, "title", "表三 收支总表", &m));
  cr_expect_str_eq(m.name, "mytitle");
  bz_rule_match_clear(&m);
  if (bz_rules_match(builtin(), "title", "表三 收支总表", &m)) {
    cr_expect_str_neq(m.name, "mytitle", "user rules do not leak into the built-in set");
    bz_rule_match_clear(&m);
  }
  /* built-in rules are still there */
  cr_expect(bz_rules_match(a, "unit", "单位：万元", NULL));
  rmdir_all(dir);
}

Test(rules, missing_user_dir_is_rules_error) {
  const bz_rules *a = NULL;
  biao_error err;
  cr_assert_eq(bz_rules_get(&a, "/nonexistent/biao-rules", &err), BIAO_ERR_RULES);
  cr_assert_str_eq(err.path, "/nonexistent/biao-rules");
  cr_assert(strstr(err.message, "not found") != NULL, "message: %s", err.message);
}

/* The copy compiled into libbiao is the source folder, rule for rule: same count in every category,
 * and paths name it as built in (no source-tree path is needed at run time). */
Test(rules, builtin_copy_equals_source_folder) {
  cr_assert_str_eq(bz_rules_builtin_dir(), BZ_RULES_BUILTIN);
  char *dir = src_path("rules");
  bz_rules *src = NULL;
  biao_error err;
  cr_assert_eq(bz_rules_load_dir(&src, dir, &err), BIAO_OK, "%s", err.message);
  const char *cats[] = {"title", "attachment", "code", "unit", "department", "year", "header",
                        "rowlabel", "placeholder", "noise", "pagebreak", "indicator1", "indicator2"};
  for (gsize i = 0; i < G_N_ELEMENTS(cats); i++)
    cr_expect_eq(bz_rules_count(builtin(), cats[i]), bz_rules_count(src, cats[i]), "category %s", cats[i]);
  bz_rules_free(src);
  g_free(dir);
}
