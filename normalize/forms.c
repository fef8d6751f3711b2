/* forms.c — which standard form a table is: 部门决算 公开01–09表, the 部门预算 tables, and the
 * performance forms (项目支出绩效自评表, 部门整体支出绩效自评表, 绩效目标表).
 *
 * The title is searched first, then the context lines nearest the table, then the first rows
 * (text dumps often carry the title inside the table). Patterns are tried most specific first:
 * "财政拨款收入支出决算总表" must win over "收入支出决算总表". */
#include <string.h>

#include "meaning.h"

typedef struct {
  const char *pattern; /* PCRE over the folded text (no spaces, no quotes) */
  const char *form, *code, *family;
} form_rule;

static const form_rule rules[] = {
    {"(部门)?整体(支出)?绩效自评表", "部门整体支出绩效自评表", NULL, "绩效"},
    {"项目(支出)?绩效自评表|支出项目自评表|项目资金绩效评价指标表|支出绩效自评表", "项目支出绩效自评表", NULL, "绩效"},
    {"绩效目标(申报|填报)?表|项目支出绩效目标", "绩效目标表", NULL, "绩效"},
    {"财政拨款收入支出决算总表|财政拨款收支决算总表", "财政拨款收入支出决算总表", "公开04表", "决算"},
    {"一般公共预算财政拨款基本支出决算(明细)?表|基本支出决算(明细)?表", "一般公共预算财政拨款基本支出决算表", "公开06表", "决算"},
    {"三公经费.{0,12}支出决算表", "一般公共预算财政拨款三公经费支出决算表", "公开07表", "决算"},
    {"一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出决算表", "公开05表", "决算"},
    {"政府性基金预算财政拨款(收入)?支出决算表|政府性基金决算表", "政府性基金预算财政拨款收入支出决算表", "公开08表",
     "决算"},
    {"国有资本经营预算财政拨款(收入)?支出决算表", "国有资本经营预算财政拨款支出决算表", "公开09表", "决算"},
    {"收入支出决算总表", "收入支出决算总表", "公开01表", "决算"},
    {"收入决算表", "收入决算表", "公开02表", "决算"},
    {"支出决算表", "支出决算表", "公开03表", "决算"},
    /* the 2026 templates of the cities: 收支总表, 部门收支总体情况表, 部门综合预算收支总表 ... */
    {"财政拨款收支(预算)?总(体情况)?表", "财政拨款收支预算总表", NULL, "预算"},
    {"财务收支预算总表", "财务收支预算总表", NULL, "预算"},
    {"收支(预算)?总(体情况)?表", "收支预算总表", NULL, "预算"},
    {"收入(预算)?总(体情况)?表", "收入预算总表", NULL, "预算"},
    {"(?<!基本|项目)支出(预算)?总(体情况)?表", "支出预算总表", NULL, "预算"},
    {"一般公共预算支出(功能分类)?预算表|一般公共预算支出(情况|明细)?表(?!.*经济分类)", "一般公共预算支出功能分类预算表", NULL, "预算"},
    {"一般公共预算基本支出.*表|基本支出预算表", "一般公共预算基本支出表", NULL, "预算"},
    {"三公经费.*预算表|三公经费预算|三公经费支出(情况)?表", "三公经费预算表", NULL, "预算"},
    {"财政拨款支出预算表", "财政拨款支出预算表", NULL, "预算"},
    {"政府性基金(预算)?支出.*表", "政府性基金预算支出表", NULL, "预算"},
    {"国有资本经营(预算)?支出.*表", "国有资本经营预算支出表", NULL, "预算"},
    {"项目支出(预算)?表", "项目支出表", NULL, "预算"},
};

/* Whitespace and quotation marks removed: "“三公”经费 支出决算表" -> "三公经费支出决算表". */
static char *fold_title(const char *s) {
  GString *o = g_string_new(NULL);
  for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isspace(c) || c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 ||
        c == 0x2019 || c == 0x300C || c == 0x300D)
      continue;
    g_string_append_unichar(o, c);
  }
  return g_string_free(o, FALSE);
}

static const form_rule *match(const char *text) {
  char *f = fold_title(text);
  const form_rule *hit = NULL;
  /* every pattern names a 表, a 绩效目标 or a 预算: most texts are none of these */
  gboolean maybe = strstr(f, "表") || strstr(f, "绩效目标") || strstr(f, "预算");
  for (gsize i = 0; maybe && i < G_N_ELEMENTS(rules) && !hit; i++)
    if (bz_re_match(rules[i].pattern, f)) hit = &rules[i];
  g_free(f);
  return hit;
}

/* Untitled performance forms are known by their labels: funds columns and indicator levels make a
 * self-evaluation, indicator levels and target values without scores a target form. */
static const form_rule *by_content(biao_doc *doc, biao_table *t) {
  static const form_rule self_eval = {NULL, "项目支出绩效自评表", NULL, "绩效"};
  static const form_rule target = {NULL, "绩效目标表", NULL, "绩效"};
  gboolean funds = FALSE, levels = FALSE, value = FALSE, score = FALSE;
  for (guint i = 0; i < t->cells->len; i++) {
    const char *k = bz_cell_key(doc, t, &g_array_index(t->cells, bz_cell, i));
    if (strlen(k) > 60) continue;
    funds |= g_str_has_suffix(k, "执行数") || strstr(k, "执行数（") || strstr(k, "执行数(");
    levels |= !strcmp(k, "一级指标") || !strcmp(k, "三级指标");
    value |= strstr(k, "指标值") != NULL;
    score |= !strcmp(k, "得分") || g_str_has_prefix(k, "得分");
  }
  if (funds && levels && score) return &self_eval;
  if (levels && value && !score && !funds) return &target;
  return NULL;
}

void bz_meaning_form(biao_doc *doc, biao_table *t, bz_meaning *m) {
  const form_rule *hit = t->title ? match(t->title) : NULL;
  const char *mt = bz_table_get_meta(t, "title");
  if (!hit && mt) hit = match(mt);
  for (int i = (int)t->context->len - 1; !hit && i >= 0 && i >= (int)t->context->len - 4; i--)
    hit = match(g_ptr_array_index(t->context, i));
  /* the first two rows, when a cell spans (nearly) the whole width: a title inside the table */
  for (guint i = 0; !hit && i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (c->row > 1) break;
    if (c->colspan * 2 >= t->n_cols || t->n_cols <= 2) hit = match(c->text);
  }
  if (!hit) hit = by_content(doc, t);
  if (!hit) return;
  m->form = hit->form;
  m->form_code = hit->code;
  m->form_family = hit->family;
}
