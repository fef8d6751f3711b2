/* test_context.c — the context pass (normalize/context.c) on hand-built tables, as any reader
 * (PDF, DOCX, text) leaves them: titles and meta from the lines before a table, by the rules. */
#include <string.h>

#include "core/model.h"
#include "normalize/context.h"
#include "testutil.h"

static const bz_rules *rules(void) {
  const bz_rules *rs = NULL;
  biao_error err;
  cr_assert_eq(bz_rules_get(&rs, NULL, &err), BIAO_OK, "%s", err.message);
  return rs;
}

static biao_table *table_with(biao_doc *doc, const char *const *lines, const char *title) {
  biao_table *t = bz_table_new(doc);
  for (const char *const *l = lines; *l; l++) bz_table_add_context(doc, t, *l);
  if (title) t->title = bz_doc_intern(doc, title);
  bz_table_add_cell(doc, t, 0, 0, 1, 1, "项目");
  bz_table_finish(t);
  return t;
}

Test(context, disclosure_table_lines) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const char *lines[] = {"第二部分", "一、收入支出决算总表", "收入支出决算总表", "公开 01 表",
                         "部门：长沙市长株潭一体化发展事务中心", "2023 年度", "单位：万元", NULL};
  biao_table *t = table_with(doc, lines, "reader title");
  bz_context_classify(doc, rules());
  cr_expect_str_eq(t->title, "收入支出决算总表", "the nearest title line, not the code line");
  cr_expect_str_eq(bz_table_get_meta(t, "code"), "公开01表");
  cr_expect_str_eq(bz_table_get_meta(t, "unit"), "万元");
  cr_expect_str_eq(bz_table_get_meta(t, "department"), "长沙市长株潭一体化发展事务中心");
  cr_expect_str_eq(bz_table_get_meta(t, "year"), "2023");
  biao_doc_free(doc);
}

Test(context, reader_title_kept_without_a_rule_match) {
  biao_doc *doc = bz_doc_new("x.docx");
  const char *lines[] = {"（一）基本支出", "具体情况如下：", NULL};
  biao_table *t = table_with(doc, lines, "表格标题");
  bz_context_classify(doc, rules());
  cr_expect_str_eq(t->title, "表格标题");
  cr_expect_null(bz_table_get_meta(t, "unit"));
  biao_doc_free(doc);
}

Test(context, attachment_and_bracket_unit) {
  biao_doc *doc = bz_doc_new("x.docx");
  const char *lines[] = {"附件：3-2", "2020年度项目支出绩效自评表", "（万元）", NULL};
  biao_table *t = table_with(doc, lines, NULL);
  bz_context_classify(doc, rules());
  cr_expect_str_eq(t->title, "2020年度项目支出绩效自评表");
  cr_expect_str_eq(bz_table_get_meta(t, "attachment"), "附件：3-2");
  cr_expect_str_eq(bz_table_get_meta(t, "unit"), "万元");
  cr_expect_str_eq(bz_table_get_meta(t, "year"), "2020");
  biao_doc_free(doc);
}

Test(context, reader_meta_wins) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const char *lines[] = {"单位：元", NULL};
  biao_table *t = table_with(doc, lines, NULL);
  bz_table_set_meta(doc, t, "unit", "万元");
  bz_context_classify(doc, rules());
  cr_expect_str_eq(bz_table_get_meta(t, "unit"), "万元");
  biao_doc_free(doc);
}
