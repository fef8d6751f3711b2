/* rules.h — PCRE2 rules kept as data (rules/NAME.rules), loaded at run time.
 *
 * A rule set is the built-in rules (compiled into libbiao from rules/ at build time; $BIAO_RULES_DIR,
 * when set, replaces them for rule development) plus, optionally, the *.rules files of a user folder;
 * user rules are tried first. A missing or unreadable folder is an error (BIAO_ERR_RULES).
 * Sets are loaded once per process and per user folder, cached, and never freed: the pointers
 * returned stay valid for the life of the process and may be used from several threads.
 * File format: rules/README.md. */
#ifndef BZ_RULES_H
#define BZ_RULES_H

#include <glib.h>

#include "biao.h"

typedef struct bz_rules bz_rules;

#define BZ_RULE_MAX_CAPS 10

/* One successful match. Strings are owned by the match: call bz_rule_match_clear(). */
typedef struct bz_rule_match {
  const char *category; /* static for the process */
  const char *name;     /* rule name, static for the process */
  int ncaps;            /* caps[0] is the whole match, caps[1..ncaps-1] the groups ("" if unset) */
  char *caps[BZ_RULE_MAX_CAPS];
  gsize start, end;     /* byte offsets of the whole match in the subject */
} bz_rule_match;

/* The rule set for `user_dir` (NULL = built-in rules only). Fails with BIAO_ERR_RULES naming the
 * file, line, PCRE2 message and offset (err->path, err->line, err->offset) when a file is bad,
 * or naming the folder when user_dir (or $BIAO_RULES_DIR) is missing or cannot be read. */
int bz_rules_get(const bz_rules **out, const char *user_dir, biao_error *err);

/* Load one directory into a fresh, uncached set (tests, tools). Free with bz_rules_free(). */
int bz_rules_load_dir(bz_rules **out, const char *dir, biao_error *err);
void bz_rules_free(bz_rules *rs);

/* Where the built-in rules come from: $BIAO_RULES_DIR when set, else BZ_RULES_BUILTIN (the copy
 * compiled into libbiao). */
#define BZ_RULES_BUILTIN "(built in)"
const char *bz_rules_builtin_dir(void);

/* Calls fn(path, text, len, data, err) for every *.rules file of dir (or of its sub-folder `sub`,
 * NULL for none), in file-name order, stopping at the first non-OK return. dir NULL or
 * BZ_RULES_BUILTIN reads the built-in rules (paths shown as "(built in) rules/NAME"). A dir that
 * does not exist is BIAO_ERR_RULES; a sub-folder that does not exist holds no files. */
typedef int (*bz_rule_file_fn)(const char *path, const char *text, gsize len, void *data, biao_error *err);
int bz_rule_files_each(const char *dir, const char *sub, bz_rule_file_fn fn, void *data, biao_error *err);

/* First rule of `category` (in order) that matches `s`. `m` may be NULL. */
gboolean bz_rules_match(const bz_rules *rs, const char *category, const char *s, bz_rule_match *m);
/* Like bz_rules_match but only a rule whose match covers the whole string (after trimming
 * white space, including U+3000) counts. */
gboolean bz_rules_match_full(const bz_rules *rs, const char *category, const char *s, bz_rule_match *m);
/* `s` with every match of every rule of `category` removed (new string). */
char *bz_rules_strip(const bz_rules *rs, const char *category, const char *s);
/* Number of rules in `category` (0 when none). */
guint bz_rules_count(const bz_rules *rs, const char *category);

/* Matching is bounded (PCRE2 match and depth limits, JIT where available). Between begin and end,
 * on the calling thread, a rule that hits a limit while reading `doc` gets a warning on it naming the
 * rule file and line, and is skipped for the rest of the document; with `strict`, run_end then
 * returns BIAO_ERR_RULES with that message (err->path and err->line: the rule file and line). */
typedef struct bz_rules_run {
  biao_doc *doc;
  int strict, failed;
  GHashTable *skipped; /* bz_rule* that hit a limit */
  biao_error failure;
} bz_rules_run;
void bz_rules_run_begin(bz_rules_run *run, biao_doc *doc, int strict);
int bz_rules_run_end(bz_rules_run *run, biao_error *err);

/* The pcre2_match_context with the limits above, for other PCRE2 matching of rule-file patterns
 * (the check rules' label patterns in meaning.c). */
void *bz_rules_match_context(void);

/* Capture 1 when the rule has one and it matched, else the whole match. Never NULL. */
const char *bz_rule_match_value(const bz_rule_match *m);
void bz_rule_match_clear(bz_rule_match *m);

#endif
