/* context.c — titles and meta of tables from their context lines, driven by the rules
 * (categories title, attachment, code, unit, department, year; see rules/README.md).
 * The nearest line to the table wins for each field; a title found by a rule replaces the
 * reader's title, otherwise the reader's title is kept. */
#include "context.h"

#include <string.h>

#include "normalize.h"

/* Remove all white space (ASCII and U+3000) from s: "公开 01 表" -> "公开01表". */
static char *squeeze(const char *s) {
  GString *o = g_string_new(NULL);
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!g_unichar_isspace(c) && c != 0x3000) g_string_append_unichar(o, c);
  }
  return g_string_free(o, FALSE);
}

/* Set meta `key` from the nearest context line matching `category` (value = capture 1 or the
 * whole match; squeezed when `squeeze_value`). */
static void meta_from(biao_doc *doc, biao_table *t, const bz_rules *rules, const char *category,
                      const char *key, gboolean squeeze_value) {
  if (bz_table_get_meta(t, key)) return; /* a reader knew better */
  for (guint i = t->context->len; i-- > 0;) {
    const char *line = g_ptr_array_index(t->context, i);
    bz_rule_match m;
    if (!bz_rules_match(rules, category, line, &m)) continue;
    char *v = squeeze_value ? squeeze(bz_rule_match_value(&m)) : bz_text_clean(bz_rule_match_value(&m));
    if (*v) bz_table_set_meta(doc, t, key, v);
    g_free(v);
    bz_rule_match_clear(&m);
    return;
  }
}

static void title_from(biao_doc *doc, biao_table *t, const bz_rules *rules) {
  for (guint i = t->context->len; i-- > 0;) {
    const char *line = g_ptr_array_index(t->context, i);
    if (bz_rules_match(rules, "code", line, NULL)) continue; /* 公开 01 表 is a code, not a title */
    bz_rule_match m;
    if (!bz_rules_match(rules, "title", line, &m)) continue;
    char *v = bz_text_clean(bz_rule_match_value(&m));
    if (*v) t->title = bz_doc_intern(doc, v);
    g_free(v);
    bz_rule_match_clear(&m);
    return;
  }
}

void bz_context_classify(biao_doc *doc, const bz_rules *rules) {
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    if (!t->context || t->context->len == 0) continue;
    title_from(doc, t, rules);
    meta_from(doc, t, rules, "code", "code", TRUE);
    meta_from(doc, t, rules, "attachment", "attachment", TRUE);
    meta_from(doc, t, rules, "unit", "unit", TRUE);
    meta_from(doc, t, rules, "department", "department", FALSE);
    meta_from(doc, t, rules, "year", "year", TRUE);
  }
}

int bz_context_pass(biao_doc *doc, const biao_options *opt, biao_error *err) {
  const bz_rules *rules = NULL;
  int rc = bz_rules_get(&rules, opt ? opt->rules_dir : NULL, err);
  if (rc != BIAO_OK) return rc;
  bz_context_classify(doc, rules);
  return BIAO_OK;
}
