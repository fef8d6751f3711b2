/* checkrules.c — loading rules/checks/NAME.rules: one check per line, NAME KIND key=value ... */
#include "checkrules.h"

#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "decimal.h"
#include "../core/rules.h"

static void rule_free(gpointer p) {
  bz_check_rule *r = p;
  if (!r) return;
  g_free(r->name);
  g_free(r->kind);
  if (r->forms) g_regex_unref(r->forms);
  g_free(r->forms_src);
  g_free(r->tolerance);
  g_hash_table_destroy(r->args);
  g_hash_table_destroy(r->res);
  g_free(r->file);
  g_free(r);
}

GPtrArray *bz_check_rules_new(void) { return g_ptr_array_new_with_free_func(rule_free); }

void bz_check_rules_free(GPtrArray *rules) {
  if (rules) g_ptr_array_free(rules, TRUE);
}

GRegex *bz_check_rule_re(const bz_check_rule *r, const char *key) { return g_hash_table_lookup(r->res, key); }

/* Keys each kind needs. */
static const char *const *required_keys(const char *kind) {
  static const char *const none[] = {NULL};
  static const char *const label_sum[] = {"total", "parts", NULL};
  static const char *const sides[] = {"label", NULL};
  static const char *const ratio[] = {"result", "num", "den", NULL};
  static const char *const colsum_[] = {"total", "column", NULL};
  static const char *const colsum2[] = {"total", NULL};
  static const char *const present[] = {"family", "required", NULL};
  static const char *const cross[] = {"a_form", "a_row", "b_form", "b_row", NULL};
  if (!strcmp(kind, "cross-table")) return cross;
  if (!strcmp(kind, "forms-present")) return present;
  if (!strcmp(kind, "hierarchy")) return none;
  if (!strcmp(kind, "label-sum")) return label_sum;
  if (!strcmp(kind, "sides-equal")) return sides;
  if (!strcmp(kind, "ratio")) return ratio;
  if (!strcmp(kind, "column-sum")) return colsum_;
  if (!strcmp(kind, "colsum")) return colsum2;
  return NULL;
}

static int parse_line(const char *line, const char *file, int lineno, GPtrArray *out, biao_error *err) {
  GError *ge = NULL;
  int argc = 0;
  char **argv = NULL;
  if (!g_shell_parse_argv(line, &argc, &argv, &ge)) {
    int rc = bz_fail_at(err, BIAO_ERR_RULES, file, 0, lineno, -1, "bad check rule: %s", ge->message);
    g_error_free(ge);
    return rc;
  }
  int rc = BIAO_OK;
  const char *const *req = argc >= 2 ? required_keys(argv[1]) : NULL;
  if (!req) {
    rc = bz_fail_at(err, BIAO_ERR_RULES, file, 0, lineno, -1, "check rule needs NAME KIND (hierarchy, label-sum, "
                    "sides-equal, ratio, column-sum, colsum, forms-present or cross-table)");
    g_strfreev(argv);
    return rc;
  }
  bz_check_rule *r = g_new0(bz_check_rule, 1);
  r->name = g_strdup(argv[0]);
  r->kind = g_strdup(argv[1]);
  r->tolerance = g_strdup("0");
  r->file = g_strdup(file);
  r->line = lineno;
  r->args = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  r->res = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_regex_unref);
  for (int i = 2; i < argc && rc == BIAO_OK; i++) {
    const char *eq = strchr(argv[i], '=');
    if (!eq || eq == argv[i]) {
      rc = bz_fail_at(err, BIAO_ERR_RULES, file, 0, lineno, -1, "expected key=value, got '%s'", argv[i]);
      break;
    }
    char *k = g_strndup(argv[i], (gsize)(eq - argv[i]));
    const char *v = eq + 1;
    GRegex *re = NULL;
    if (strcmp(k, "tolerance") != 0) {
      re = g_regex_new(v, 0, 0, &ge);
      if (!re) {
        rc = bz_fail_at(err, BIAO_ERR_RULES, file, 0, lineno, -1, "%s: %s", k, ge->message);
        g_error_free(ge);
        ge = NULL;
        g_free(k);
        break;
      }
    }
    if (!strcmp(k, "tolerance") && strcmp(v, "rounding") != 0 && !bz_dec_valid(v)) {
      rc = bz_fail_at(err, BIAO_ERR_RULES, file, 0, lineno, -1, "tolerance takes a decimal or 'rounding'");
      g_free(k);
      break;
    }
    if (!strcmp(k, "forms")) {
      if (r->forms) g_regex_unref(r->forms); /* a repeated forms= replaces the earlier one */
      r->forms = re;
      g_free(r->forms_src);
      r->forms_src = g_strdup(v);
      g_free(k);
    } else if (!strcmp(k, "tolerance")) {
      g_free(r->tolerance);
      r->tolerance = g_strdup(v);
      g_free(k);
    } else {
      g_hash_table_replace(r->args, g_strdup(k), g_strdup(v));
      g_hash_table_replace(r->res, k, re);
    }
  }
  for (int i = 0; rc == BIAO_OK && req[i]; i++)
    if (!g_hash_table_contains(r->args, req[i]))
      rc = bz_fail_at(err, BIAO_ERR_RULES, file, 0, lineno, -1, "%s rule '%s' needs %s=", r->kind, r->name, req[i]);
  g_strfreev(argv);
  if (rc != BIAO_OK) {
    rule_free(r);
    return rc;
  }
  g_ptr_array_add(out, r);
  return BIAO_OK;
}

int bz_check_rules_parse(const char *text, const char *file, GPtrArray *out, biao_error *err) {
  char **lines = g_strsplit(text, "\n", -1);
  int rc = BIAO_OK;
  for (int i = 0; lines[i] && rc == BIAO_OK; i++) {
    char *l = g_strstrip(lines[i]);
    if (!*l || *l == '#') continue;
    rc = parse_line(l, file, i + 1, out, err);
  }
  g_strfreev(lines);
  return rc;
}

static int parse_one(const char *path, const char *text, gsize len, void *data, biao_error *err) {
  (void)len;
  return bz_check_rules_parse(text, path, data, err);
}

int bz_check_rules_load(const char *user_dir, GPtrArray **out, biao_error *err) {
  GPtrArray *rules = bz_check_rules_new();
  int rc = bz_rule_files_each(NULL, "checks", parse_one, rules, err);
  if (rc == BIAO_OK && user_dir) rc = bz_rule_files_each(user_dir, "checks", parse_one, rules, err);
  if (rc != BIAO_OK) {
    g_ptr_array_free(rules, TRUE);
    return rc;
  }
  *out = rules;
  return BIAO_OK;
}
