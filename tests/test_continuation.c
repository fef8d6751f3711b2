/* test_continuation.c — joining a table continued on the next page (normalize/continuation.c) on
 * hand-built tables, as a paged reader leaves them: the title block repeated or not, columns that
 * move, an amount cut by the page break. */
#include <string.h>

#include "core/model.h"
#include "normalize/normalize.h"
#include "testutil.h"

/* A table on `page` with context lines, a title, header rows and rows of cells ("" = empty; "^" =
 * covered by the cell above, "<" = by the cell on the left, as scripts/show-table.py prints them);
 * column edges `xs` (n_cols + 1 values) give every cell its box, drawn as a lattice's are, or NULL for
 * none. */
static biao_table *table(biao_doc *doc, int page, const char *title, const char *const *context, int header_rows,
                         int n_cols, const char *const *cells, const double *xs) {
  biao_table *t = bz_table_new(doc);
  t->page_start = t->page_end = page;
  if (title) t->title = bz_doc_intern(doc, title);
  for (const char *const *l = context; l && *l; l++)
    bz_table_add_context(doc, t, *l);
  int n = 0;
  while (cells[n])
    n++;
  guint *at = g_new(guint, n); /* index in t->cells of the cell covering each position */
  for (int k = 0; k < n; k++) {
    int r = k / n_cols, c = k % n_cols;
    gboolean up = strcmp(cells[k], "^") == 0, left = strcmp(cells[k], "<") == 0;
    if (!up && !left) {
      bz_table_add_cell(doc, t, r, c, 1, 1, cells[k]);
      at[k] = t->cells->len - 1;
      continue;
    }
    at[k] = at[up ? k - n_cols : k - 1];
    bz_cell *o = &g_array_index(t->cells, bz_cell, at[k]);
    if (up && c == o->col) o->rowspan++;
    if (left && r == o->row) o->colspan++;
  }
  g_free(at);
  for (guint i = 0; xs && i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    bz_geom *g = bz_cell_geom_mut(t, c);
    g->x0 = xs[c->col], g->x1 = xs[c->col + c->colspan];
    g->y0 = 100 + 20 * c->row, g->y1 = 100 + 20 * (c->row + c->rowspan);
    g->page = page;
  }
  t->ruled = xs != NULL; /* boxes given: a lattice's */
  bz_table_finish(t);
  t->header_rows = header_rows;
  return t;
}

/* How many cells of table 1 hold `text`. */
static int count_text(biao_doc *doc, const char *text) {
  biao_table *t = g_ptr_array_index(doc->tables, 0);
  int n = 0;
  for (guint k = 0; k < t->cells->len; k++)
    n += strcmp(g_array_index(t->cells, bz_cell, k).text, text) == 0;
  return n;
}

static const char *const block[] = {"表3", "支出总表", "部门名称：某局", "单位：万元", NULL};

/* Page 1 with the title block and one header row, page 2 going on without a title, joined: the one
 * table they must make. */
static biao_table *join_two(biao_doc *doc, const char *title, int n_cols, const char *const *a,
                            const char *const *b, const double *xs) {
  table(doc, 1, title, block, 1, n_cols, a, xs);
  table(doc, 2, NULL, NULL, 0, n_cols, b, xs);
  bz_join_continuations(doc);
  cr_assert_eq(doc->tables->len, 1);
  return g_ptr_array_index(doc->tables, 0);
}

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

/* A form whose upper part has other columns than its lower part (cq-07 p.29-30: 项目名称 | … |
 * 主管部门 | … on one page, 绩效指标 | 指标名称 | 指标性质 | 指标值 | … on the next, untitled): most of
 * the next page's rules are new, and the joined table has the union of both grids — an edge of
 * both pages is one edge, each part's cells span the columns of their x-extent. */
Test(continuation, upper_and_lower_part_with_other_grids) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xa[] = {60.6, 144.4, 448.7, 533.5, 782.8};
  const double xb[] = {60.6, 144.4, 371.4, 448.7, 533.5, 618.4, 703.2, 782.8};
  const char *a[] = {"项目名称", "规划专项", "主管部门", "某局", "项目概况", "一是……", "<", "<", NULL};
  const char *b[] = {"当年绩效目标", "完成……", "<", "<", "<", "<", "<",
                     "绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)", "是否核心",
                     "^", "提交找矿靶区数量", "≥", "7", "处", "15", "是", NULL};
  table(doc, 1, "2026年市级重点专项资金绩效目标表（一级项目）", NULL, 1, 4, a, xa);
  table(doc, 2, NULL, NULL, 0, 7, b, xb);
  bz_join_continuations(doc);
  cr_assert_eq(doc->tables->len, 1);
  biao_table *t = g_ptr_array_index(doc->tables, 0);
  cr_expect_eq(t->n_rows, 5);
  cr_expect_eq(t->n_cols, 7);
  cr_expect_eq(t->page_end, 2);
  tu_expect_cell(doc, 1, 0, 1, "规划专项", 1, 2); /* above 指标名称 and 指标性质, as printed */
  tu_expect_cell(doc, 1, 0, 3, "主管部门", 1, 1);
  tu_expect_cell(doc, 1, 0, 4, "某局", 1, 3);
  tu_expect_cell(doc, 1, 1, 1, "一是……", 1, 6);
  tu_expect_cell(doc, 1, 3, 0, "绩效指标", 2, 1);
  tu_expect_cell(doc, 1, 4, 6, "是", 1, 1);
  biao_doc_free(doc);
}

/* The same two parts read from whitespace (unruled: columns where the texts leave gaps, as SAS
 * output prints one untitled table after another) keep apart: a grid of its own says nothing there. */
Test(continuation, unruled_parts_with_other_grids_stay_apart) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xa[] = {60, 140, 450, 530, 780}, xb[] = {60, 140, 370, 450, 530, 620, 700, 780};
  const char *a[] = {"Test", "Chi-Square", "DF", "Pr", "Log-Rank", "1.5209", "1", "0.2175", NULL};
  const char *b[] = {"Obs", "t", "status", "x", "y", "z", "w", "1", "3", "1", "0", "2", "5", "6", NULL};
  table(doc, 1, NULL, NULL, 1, 4, a, xa)->ruled = FALSE;
  table(doc, 2, NULL, NULL, 0, 7, b, xb)->ruled = FALSE;
  bz_join_continuations(doc);
  cr_expect_eq(doc->tables->len, 2);
  biao_doc_free(doc);
}

/* The next page leaves out a's label column on the left (xa-06 p.50-51: 年度绩效指标 merged over
 * the indicators, no rule drawn for it on p.51) and its other edges are a's: joined, the label
 * goes on over the next page's rows, the merged 产出指标 cut by the break is one cell. */
Test(continuation, next_page_without_the_label_column) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xa[] = {56.5, 82.5, 123.5, 185.5, 361.5, 485.5, 538.5};
  const double xb[] = {82.5, 123.5, 185.5, 361.5, 485.5, 538.5};
  const char *a[] = {"部门名称", "某局", "<", "<", "<", "<",
                     "年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "分值",
                     "^", "产出指标", "数量指标", "清查户数", "≥110", "3",
                     "^", "^", "质量指标", "准确率", "100", "3", NULL};
  const char *b[] = {"", "时效指标", "上报及时率", "100", "3",
                     "效益指标", "社会效益指标", "提供资料", "是", "12", NULL};
  table(doc, 1, "部门整体支出绩效目标表", NULL, 1, 6, a, xa);
  table(doc, 2, NULL, NULL, 0, 5, b, xb);
  bz_join_continuations(doc);
  cr_assert_eq(doc->tables->len, 1);
  biao_table *t = g_ptr_array_index(doc->tables, 0);
  cr_expect_eq(t->n_rows, 6);
  cr_expect_eq(t->n_cols, 6);
  cr_expect_eq(t->page_end, 2);
  tu_expect_cell(doc, 1, 1, 0, "年度绩效指标", 5, 1); /* goes on over the rows of page 2 */
  tu_expect_cell(doc, 1, 2, 1, "产出指标", 3, 1);     /* and the empty box below the break */
  tu_expect_cell(doc, 1, 4, 2, "时效指标", 1, 1);
  tu_expect_cell(doc, 1, 5, 1, "效益指标", 1, 1);
  tu_expect_cell(doc, 1, 5, 5, "12", 1, 1);
  biao_doc_free(doc);
}

/* An untitled form on the next page that opens with a's first label and another value (xa-09
 * p.51-52: 专项（项目）名称 | 社保大厦物业费 after … | 网络建设维护) is the next project's form, even
 * when its grid would fit inside a's. */
Test(continuation, untitled_next_form_stays_apart) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xa[] = {50, 150, 250, 350, 450}, xb[] = {50, 150, 200, 300, 450};
  const char *a[] = {"专项（项目）名称", "网络建设维护", "<", "<", "一级指标", "二级指标", "三级指标", "指标值", NULL};
  const char *b[] = {"专项（项目）名称", "社保大厦物业费", "<", "<", "一级指标", "二级指标", "三级指标", "指标值", NULL};
  table(doc, 1, "重点项目绩效目标表", NULL, 0, 4, a, xa);
  table(doc, 2, NULL, NULL, 0, 4, b, xb);
  bz_join_continuations(doc);
  cr_expect_eq(doc->tables->len, 2);
  biao_doc_free(doc);
}

/* A form prints its sub-header (指标名称 | 指标值 | 计量单位, beside the 绩效指标 span) again at the top
 * of the next page, 绩效指标 too (cq-02 p.26-27): the sub-header is not a body row, 绩效指标 is one
 * cell over both pages. */
Test(continuation, sub_header_printed_again) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 100, 250, 300, 350};
  const char *a[] = {"项目名称", "商务发展专项", "<", "<",     /* the form's header row */
                     "绩效指标", "指标名称", "指标值", "计量单位", /* the sub-header */
                     "^", "重要商品储备数量", "7500", "吨",
                     "^", "蚕茧产量", "12000", "吨", NULL};
  const char *b[] = {"绩效指标", "指标名称", "指标值", "计量单位",
                     "^", "网络零售额同比增速", "8", "%",
                     "^", "年度预算执行率", "100", "%", NULL};
  biao_table *t = join_two(doc, "市级重点专项资金绩效目标表", 4, a, b, xs);
  cr_expect_eq(t->n_rows, 6, "the sub-header of page 2 is dropped (got %d rows)", t->n_rows);
  cr_expect_eq(count_text(doc, "指标名称"), 1);
  cr_expect_str_eq(tu_text(doc, 1, 4, 1), "网络零售额同比增速");
  cr_expect_str_eq(tu_text(doc, 1, 5, 2), "100");
  int rs, cs;
  tu_span(doc, 1, 1, 0, &rs, &cs);
  cr_expect_eq(rs, 5, "绩效指标 spans the sub-header and the four indicators (got %d)", rs);
  cr_expect_eq(count_text(doc, "绩效指标"), 1);
  biao_doc_free(doc);
}

/* A body row at the top of the next page that is the same as one above is kept: its texts are
 * values of their columns (定性 and 是 recur below it), not the names of the columns. */
Test(continuation, repeated_body_row_is_kept) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 200, 250, 300};
  const char *a[] = {"指标", "类型", "核心", "服务满意度", "定性", "是", "安全运行", "定性", "否", NULL};
  const char *b[] = {"服务满意度", "定性", "是", "宣传覆盖", "定性", "否", NULL};
  biao_table *t = join_two(doc, "项目支出绩效目标表", 3, a, b, xs);
  cr_expect_eq(t->n_rows, 5);
  cr_expect_str_eq(tu_text(doc, 1, 3, 0), "服务满意度");
  cr_expect_eq(count_text(doc, "服务满意度"), 2);
  biao_doc_free(doc);
}

/* A project's code and amount in merged cells, printed again at the top of the next page beside
 * its name and goal (cs-06 p.22-23): each is one cell over both pages, like the name. */
Test(continuation, merged_number_printed_again) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 100, 200, 250, 300, 350};
  const char *a[] = {"单位编码", "项目名称", "资金总额", "三级指标", "指标值",
                     "201056", "水电气经费", "270.00", "水费", "120",
                     "^", "^", "^", "电费", "140", NULL};
  const char *b[] = {"201056", "水电气经费", "270.00", "用水量", "92.32",
                     "^", "^", "^", "用电量", "653.99", NULL};
  biao_table *t = join_two(doc, "项目支出绩效目标表", 5, a, b, xs);
  cr_expect_eq(t->n_rows, 5);
  int rs, cs;
  for (int c = 0; c < 3; c++) {
    tu_span(doc, 1, 1, c, &rs, &cs);
    cr_expect_eq(rs, 4, "column %d: one cell over the four rows of both pages (got %d)", c, rs);
  }
  cr_expect_str_eq(tu_text(doc, 1, 1, 0), "201056");
  cr_expect_str_eq(tu_text(doc, 1, 1, 2), "270.00");
  cr_expect_eq(count_text(doc, "270.00"), 1);
  cr_expect_str_eq(tu_text(doc, 1, 3, 3), "用水量");
  biao_doc_free(doc);
}

/* Two projects of the same amount, one ending at the foot of the page and the next starting at the
 * top of the next: their amounts stay two cells (no label runs over the break between them). */
Test(continuation, same_number_of_two_projects) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 200, 250, 300, 350};
  const char *a[] = {"项目名称", "资金总额", "三级指标", "指标值",
                     "甲项目", "270.00", "水费", "120",
                     "^", "^", "电费", "140", NULL};
  const char *b[] = {"乙项目", "270.00", "用水量", "92.32",
                     "^", "^", "用电量", "653.99", NULL};
  join_two(doc, "项目支出绩效目标表", 4, a, b, xs);
  int rs, cs;
  tu_span(doc, 1, 1, 1, &rs, &cs);
  cr_expect_eq(rs, 2);
  cr_expect_str_eq(tu_text(doc, 1, 3, 1), "270.00");
  tu_span(doc, 1, 3, 1, &rs, &cs);
  cr_expect_eq(rs, 2);
  cr_expect_eq(count_text(doc, "270.00"), 2);
  biao_doc_free(doc);
}

/* A one-row sub-group label at the foot of the page printed again at the top of the next, inside a
 * group that runs over the break (时效指标 under 产出指标, xa-03 p.51-52): one cell; the score beside
 * each indicator stays its own row's. */
Test(continuation, one_row_label_printed_again_in_a_group) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 100, 150, 300, 350};
  const char *a[] = {"一级指标", "二级指标", "三级指标", "分值",
                     "产出指标", "数量指标", "训练场地租赁", "4",
                     "^", "时效指标", "租赁时间", "4", NULL};
  const char *b[] = {"产出指标", "时效指标", "监控时长", "4",
                     "效益指标", "社会效益指标", "训练能力", "6", NULL};
  biao_table *t = join_two(doc, "部门专项业务经费绩效目标表", 4, a, b, xs);
  cr_expect_eq(t->n_rows, 5);
  int rs, cs;
  tu_span(doc, 1, 1, 0, &rs, &cs);
  cr_expect_eq(rs, 3, "产出指标 over its rows on both pages (got %d)", rs);
  tu_span(doc, 1, 2, 1, &rs, &cs);
  cr_expect_eq(rs, 2, "时效指标 one cell over the break (got %d)", rs);
  cr_expect_eq(count_text(doc, "时效指标"), 1);
  tu_span(doc, 1, 2, 3, &rs, &cs);
  cr_expect_eq(rs, 1, "the score stays its row's");
  cr_expect_str_eq(tu_text(doc, 1, 3, 3), "4");
  biao_doc_free(doc);
}

/* A producer that names every group again (烟台's iText forms: 绩效指标 | 产出指标 beside each 二级指标
 * group, one cell per group): the group closing page 1 (时效指标) and the one opening page 2 (社会效益
 * 指标) keep their own 绩效指标 cells; a group that goes on over the break (时效指标 on both pages)
 * is one cell in each label column. */
static const char *const per_group_a[] = {"一级", "二级", "三级", "指标",
                                          "绩效指标", "产出指标", "数量指标", "场次", "^", "^", "^", "人次",
                                          "绩效指标", "产出指标", "时效指标", "及时率", "^", "^", "^", "完成时间",
                                          NULL};

Test(continuation, labels_named_again_per_group_stay_apart) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 100, 150, 200, 300};
  const char *b[] = {"绩效指标", "效益指标", "社会效益指标", "事故率", "^", "^", "^", "提升度", NULL};
  biao_table *t = join_two(doc, "政策和项目预算绩效目标表", 4, per_group_a, b, xs);
  cr_expect_eq(t->n_rows, 7);
  cr_expect_eq(count_text(doc, "绩效指标"), 3, "one 绩效指标 per group");
  int rs, cs;
  tu_span(doc, 1, 3, 0, &rs, &cs);
  cr_expect_eq(rs, 2, "the 时效指标 group's 绩效指标 ends on page 1 (got %d)", rs);
  tu_span(doc, 1, 5, 0, &rs, &cs);
  cr_expect_eq(rs, 2);
  biao_doc_free(doc);
}

Test(continuation, group_named_again_goes_on_over_the_break) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 100, 150, 200, 300};
  const char *b[] = {"绩效指标", "产出指标", "时效指标", "响应时间", "^", "^", "^", "办结时限", NULL};
  biao_table *t = join_two(doc, "政策和项目预算绩效目标表", 4, per_group_a, b, xs);
  cr_expect_eq(t->n_rows, 7);
  int rs, cs;
  for (int c = 0; c < 3; c++) {
    tu_span(doc, 1, 3, c, &rs, &cs);
    cr_expect_eq(rs, 4, "column %d: the 时效指标 group is one cell over both pages (got %d)", c, rs);
  }
  cr_expect_eq(count_text(doc, "时效指标"), 1);
  cr_expect_eq(count_text(doc, "绩效指标"), 2);
  biao_doc_free(doc);
}

/* A label centred in a cell that runs over the break fell on page 2: the empty box at the foot of
 * page 1 is its top (年度绩效指标, xa-05 p.42-43); the groups beside it stay two. */
Test(continuation, label_printed_only_below_the_break) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 100, 150, 300};
  const char *a[] = {"", "一级指标", "三级指标", "", "成本指标", "人工成本", "^", "^", "材料成本", NULL};
  const char *b[] = {"年度绩效指标", "产出指标", "场次", "^", "^", "人次", NULL};
  biao_table *t = join_two(doc, "部门整体支出绩效目标表", 3, a, b, xs);
  cr_expect_eq(t->n_rows, 5);
  int rs, cs;
  tu_span(doc, 1, 1, 0, &rs, &cs);
  cr_expect_eq(rs, 4, "one cell over the empty box and the label (got %d)", rs);
  cr_expect_str_eq(tu_text(doc, 1, 1, 0), "年度绩效指标");
  tu_span(doc, 1, 1, 1, &rs, &cs);
  cr_expect_eq(rs, 2, "成本指标 and 产出指标 stay two groups");
  biao_doc_free(doc);
}

/* A unit printed again on every page with its amounts, beside a column left empty (长沙's
 * 政府性基金拨款): the empty box goes on over the break as the amounts do. */
Test(continuation, empty_box_beside_a_row_printed_again) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 100, 200, 250, 300, 400};
  const char *a[] = {"单位编码", "单位名称", "资金总额", "政府性基金", "三级指标",
                     "106001", "长沙市公安局", "68,632.12", "", "案件破案率",
                     "^", "^", "^", "^", "安全隐患整改", NULL};
  const char *b[] = {"106001", "长沙市公安局", "68,632.12", "", "执法规范率",
                     "^", "^", "^", "^", "群众满意度", NULL};
  biao_table *t = join_two(doc, "部门整体支出绩效目标表", 5, a, b, xs);
  cr_expect_eq(t->n_rows, 5);
  int rs, cs;
  for (int c = 0; c < 4; c++) {
    tu_span(doc, 1, 1, c, &rs, &cs);
    cr_expect_eq(rs, 4, "column %d: one cell over both pages (got %d)", c, rs);
  }
  biao_doc_free(doc);
}

/* The row numbering the columns (** ** 1 2 3), printed again under the header on page 2, goes with
 * the repeated header even though it is not yet a header row when the pages are joined. */
Test(continuation, column_numbers_printed_again) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 100, 200, 250, 300, 350};
  const char *a[] = {"经济科目编码", "经济科目名称", "总计", "人员类", "公用经费",
                     "**", "**", "1", "2", "3",
                     "30201", "办公费", "33.00", "", "33.00", NULL};
  const char *b[] = {"经济科目编码", "经济科目名称", "总计", "人员类", "公用经费",
                     "**", "**", "1", "2", "3",
                     "30202", "印刷费", "14.00", "", "14.00", NULL};
  biao_table *t = join_two(doc, "一般公共预算基本支出情况表", 5, a, b, xs);
  cr_expect_eq(t->n_rows, 4, "header, numbers, two body rows (got %d)", t->n_rows);
  cr_expect_eq(count_text(doc, "**"), 2);
  cr_expect_str_eq(tu_text(doc, 1, 3, 1), "印刷费");
  biao_doc_free(doc);
}

/* A row split by the break: a short piece of its unit's name and the rest of its long goal text
 * (深圳市发展和改革委 / 员会（本级）, sz-10 p.10-11) are one row. */
Test(continuation, split_row_with_a_short_piece_and_an_overflow) {
  biao_doc *doc = bz_doc_new("x.pdf");
  const double xs[] = {50, 150, 250, 300, 500};
  const char *a[] = {"二级预算单位名称", "一级项目名称", "预算数（万元）", "绩效目标",
                     "深圳市发展和改革委", "物资储备业务", "124.73", "对储备粮油进行检查，开展", NULL};
  const char *b[] = {"员会（本级）", "", "", "储备费用结算审计，落实粮食安全责任制。",
                     "深圳市发展和改革委员会（本级）", "项目管理业务", "924.27", "完成年度扶持项目评审。", NULL};
  biao_table *t = join_two(doc, NULL, 4, a, b, xs);
  cr_expect_eq(t->n_rows, 3, "the split row is one row (got %d)", t->n_rows);
  cr_expect_str_eq(tu_text(doc, 1, 1, 0), "深圳市发展和改革委员会（本级）");
  cr_expect_str_eq(tu_text(doc, 1, 1, 3), "对储备粮油进行检查，开展储备费用结算审计，落实粮食安全责任制。");
  cr_expect_str_eq(tu_text(doc, 1, 2, 2), "924.27");
  biao_doc_free(doc);
}
