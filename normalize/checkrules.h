/* checkrules.h — arithmetic check rules kept as data in rules/checks/NAME.rules (internal).
 * Format: docs/meaning.md and the header comment of rules/checks/budget.rules. */
#ifndef BZ_CHECKRULES_H
#define BZ_CHECKRULES_H

#include <glib.h>

#include "biao.h"

typedef struct bz_check_rule {
  char *name, *kind;
  GRegex *forms;     /* NULL = every table */
  char *forms_src;   /* its pattern */
  char *tolerance;   /* decimal */
  GHashTable *args;  /* other key=value (char* -> char*) */
  GHashTable *res;   /* compiled regex of each arg (char* -> GRegex*) */
  char *file;
  int line;
} bz_check_rule;

/* An empty rule list (free with bz_check_rules_free). */
GPtrArray *bz_check_rules_new(void);
/* Parse one rule file's text. Appends to `out`, a list from bz_check_rules_new(). */
int bz_check_rules_parse(const char *text, const char *file, GPtrArray *out, biao_error *err);
/* Rules from the built-in rules/checks folder and from DIR/checks when DIR is given. */
int bz_check_rules_load(const char *user_dir, GPtrArray **out, biao_error *err);
void bz_check_rules_free(GPtrArray *rules);
/* The compiled regex of key, or NULL. */
GRegex *bz_check_rule_re(const bz_check_rule *r, const char *key);

#endif
