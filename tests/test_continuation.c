/* test_continuation.c — joining a table continued on the next page (normalize/continuation.c) on
 * hand-built tables, as a paged reader leaves them: the title block repeated or not, columns that
 * move, an amount cut by the page break. */
#include <string.h>

#include "core/model.h"
#include "normalize/normalize.h"
#include "testutil.h"

/* A table on `page` with context lines, a title, header rows and rows of cells ("" = empty); column
 * edges `xs` (n_cols + 1 values) give every cell its box, or NULL for none. */
static biao_table *table(biao_doc *doc, int page, const char *title, const char *const *context, int header_rows,
                         int n_cols, const char *const *cells, const double *xs) {
  biao_table *t = bz_table_new(doc);
  t->page_start = t->page_end = page;
  if (title) t->title = bz_doc_intern(doc, title);
  for (const char *const *l = context; l && *l; l++)
    bz_table_add_context(doc, t, *l);
  for (int k = 0; cells[k]; k++) {
    bz_cell *c = bz_table_add_cell(doc, t, k / n_cols, k % n_cols, 1, 1, cells[k]);
    if (!xs) continue;
    bz_geom *g = bz_cell_geom_mut(t, c);
    g->x0 = xs[k % n_cols], g->x1 = xs[k % n_cols + 1];
    g->y0 = 100 + 20 * (k / n_cols), g->y1 = g->y0 + 20;
    g->page = page;
  }
  bz_table_finish(t);
  t->header_rows = header_rows;
  return t;
}

static const char *const block[] = {"表3", "支出总表", "部门名称：某局", "单位：万元", NULL};

/* "12,437.3" at the foot of one page, "6" alone in a row at the top of the next: one amount. */
Test(continuation, amount_cut_by_the_page_break) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const char *a[] = {"科目", "金额", "合计", "20,000.00", "一般公共服务支出", "12,437.3", NULL};
  const char *b[] = {"", "6", "教育支出", "7,562.64", NULL};
  table(doc, 1, "支出总表", block, 1, 2, a, NULL);
  table(doc, 2, NULL, NULL, 0, 2, b, NULL);
  bz_join_continuations(doc);
  cr_assert_eq(doc->tables->len, 1);
  biao_table *t = g_ptr_array_index(doc->tables, 0);
  cr_expect_eq(t->page_end, 2);
  cr_expect_eq(t->n_rows, 4);
  cr_expect_str_eq(tu_text(doc, 1, 2, 1), "12,437.36");
  cr_expect_str_eq(tu_text(doc, 1, 3, 0), "教育支出");
  biao_doc_free(doc);
}

/* A complete amount above and a number below are two rows, not one amount. */
Test(continuation, complete_amount_stays) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const char *a[] = {"科目", "金额", "一般公共服务支出", "12,437.36", NULL};
  const char *b[] = {"", "6", "教育支出", "7,562.64", NULL};
  table(doc, 1, "支出总表", block, 1, 2, a, NULL);
  table(doc, 2, NULL, NULL, 0, 2, b, NULL);
  bz_join_continuations(doc);
  cr_assert_eq(doc->tables->len, 1);
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "12,437.36");
  cr_expect_str_eq(tu_text(doc, 1, 2, 1), "6");
  biao_doc_free(doc);
}

/* Each page repeats 表3, the title, 部门名称, 单位 and the header row: one table, one header. */
Test(continuation, repeated_title_block_and_header) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 200, 300};
  const char *a[] = {"科目", "金额", "一般公共服务支出", "1.00", NULL};
  const char *b[] = {"科目", "金额", "教育支出", "2.00", NULL};
  table(doc, 1, "支出总表", block, 1, 2, a, xs);
  table(doc, 2, "支出总表", block, 1, 2, b, xs);
  bz_join_continuations(doc);
  cr_assert_eq(doc->tables->len, 1);
  biao_table *t = g_ptr_array_index(doc->tables, 0);
  cr_expect_eq(t->page_start, 1);
  cr_expect_eq(t->page_end, 2);
  cr_expect_eq(t->n_rows, 3);
  cr_expect_str_eq(tu_text(doc, 1, 2, 0), "教育支出");
  biao_doc_free(doc);
}

/* Another 部门名称 under the same title is another table. */
Test(continuation, other_department_is_another_table) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const char *other[] = {"表3", "支出总表", "部门名称：另一局", "单位：万元", NULL};
  const char *a[] = {"科目", "金额", "一般公共服务支出", "1.00", NULL};
  const char *b[] = {"科目", "金额", "教育支出", "2.00", NULL};
  table(doc, 1, "支出总表", block, 1, 2, a, NULL);
  table(doc, 2, "支出总表", other, 1, 2, b, NULL);
  bz_join_continuations(doc);
  cr_expect_eq(doc->tables->len, 2);
  biao_doc_free(doc);
}

/* One 绩效目标表 form per project: the title repeats, the first rows name another project. */
Test(continuation, next_form_is_another_table) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const char *ctx[] = {"项目支出绩效目标表", NULL};
  const char *a[] = {"项目名称", "甲项目", "预算金额", "5.00", "产出指标", "≥90%", NULL};
  const char *b[] = {"项目名称", "乙项目", "预算金额", "8.00", "产出指标", "≥95%", NULL};
  table(doc, 1, "项目支出绩效目标表", ctx, 2, 2, a, NULL);
  table(doc, 2, "项目支出绩效目标表", ctx, 2, 2, b, NULL);
  bz_join_continuations(doc);
  cr_expect_eq(doc->tables->len, 2);
  biao_doc_free(doc);
}

/* The next page lays the columns out anew: an inner rule 12 pt to the left, the same two columns. */
Test(continuation, columns_moved_a_little) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xa[] = {50, 250, 330, 420}, xb[] = {50, 238, 330, 420};
  const char *a[] = {"科目", "金额", "备注", "一般公共服务支出", "1.00", "", NULL};
  const char *b[] = {"教育支出", "2.00", "", NULL};
  table(doc, 1, "支出总表", block, 1, 3, a, xa);
  table(doc, 2, NULL, NULL, 0, 3, b, xb);
  bz_join_continuations(doc);
  cr_assert_eq(doc->tables->len, 1);
  cr_expect_str_eq(tu_text(doc, 1, 2, 1), "2.00");
  biao_doc_free(doc);
}

/* The second page of a form draws a rule the first does not (分值 | 得分 split elsewhere): the
 * joined table has the union of both pages' columns, a cell across the new rule spanning two. */
Test(continuation, union_of_columns) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xa[] = {50, 100, 150, 250, 350}, xb[] = {50, 100, 150, 300, 350};
  const char *a[] = {"一级", "二级", "内容", "分值", "产出指标", "数量", "培训", "10", NULL};
  const char *b[] = {"效益指标", "社会", "满意度", "20", NULL};
  table(doc, 1, "部门整体支出绩效自评表", NULL, 1, 4, a, xa);
  table(doc, 2, NULL, NULL, 0, 4, b, xb);
  bz_join_continuations(doc);
  cr_assert_eq(doc->tables->len, 1);
  biao_table *t = g_ptr_array_index(doc->tables, 0);
  cr_expect_eq(t->n_cols, 5);
  int rs, cs;
  cr_expect_str_eq(tu_text(doc, 1, 0, 3), "分值");
  tu_span(doc, 1, 0, 3, &rs, &cs);
  cr_expect_eq(cs, 2, "分值 spans the column the new rule cuts");
  cr_expect_str_eq(tu_text(doc, 1, 2, 0), "效益指标");
  cr_expect_str_eq(tu_text(doc, 1, 2, 2), "满意度");
  tu_span(doc, 1, 2, 2, &rs, &cs);
  cr_expect_eq(cs, 2, "满意度 spans from the third column to the new rule");
  cr_expect_str_eq(tu_text(doc, 1, 2, 4), "20");
  biao_doc_free(doc);
}
