/* test_text.c — the text-dump reader on the five seed dumps (corpus/text/): every table against a
 * reviewed expected JSON, and concrete cells of each layout. Cells are looked up by their text
 * with white space removed, since DOCX dumps keep a cell's paragraphs on separate lines. */
#include <string.h>

#include "testutil.h"

#define D000 "text/000_4f5e7c5a56be8784.txt"
#define D001 "text/001_1858244e01563f01.txt"
#define D002 "text/002_77a491ca9b0fee99.txt"
#define D003 "text/003_e9692ecc2a5df705.txt"
#define D004 "text/004_2bbc2e3e09f5e5b5.txt"

static char *squeeze(const char *s) {
  GString *o = g_string_new(NULL);
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!g_unichar_isspace(c)) g_string_append_unichar(o, c);
  }
  return g_string_free(o, FALSE);
}

/* First cell (row-major) of table t whose squeezed text equals `text`; fails when none. */
static void find(const biao_doc *doc, int t, const char *text, int *row, int *col) {
  const biao_table *tb = biao_doc_table(doc, (size_t)t - 1);
  cr_assert_not_null(tb, "no table %d", t);
  for (size_t i = 0; i < biao_table_cell_count(tb); i++) {
    const char *s;
    biao_table_cell(tb, i, row, col, NULL, NULL, &s);
    char *q = squeeze(s);
    int hit = !strcmp(q, text);
    g_free(q);
    if (hit) return;
  }
  cr_assert_fail("table %d: no cell '%s'", t, text);
}

/* Same, searching only row `row`. */
static int col_in_row(const biao_doc *doc, int t, int row, const char *text) {
  const biao_table *tb = biao_doc_table(doc, (size_t)t - 1);
  for (int c = 0; c < biao_table_cols(tb); c++) {
    char *q = squeeze(biao_table_text_at(tb, row, c));
    int hit = !strcmp(q, text);
    g_free(q);
    if (hit) return c;
  }
  cr_assert_fail("table %d row %d: no cell '%s'", t, row, text);
  return -1;
}

static const char *meta(const biao_doc *doc, int t, const char *key) {
  json_object *j = tu_json(doc), *tables, *m, *v;
  cr_assert(json_object_object_get_ex(j, "tables", &tables));
  cr_assert(json_object_object_get_ex(json_object_array_get_idx(tables, t - 1), "meta", &m));
  static char buf[256];
  buf[0] = '\0';
  if (json_object_object_get_ex(m, key, &v)) g_strlcpy(buf, json_object_get_string(v), sizeof buf);
  json_object_put(j);
  return buf;
}

/* The value under header `name` (searched in header row hrow) in row `row`. */
static const char *under(const biao_doc *doc, int t, int hrow, const char *name, int row) {
  return tu_text(doc, t, row, col_in_row(doc, t, hrow, name));
}

Test(text_golden, all_seed_dumps) {
  const char *files[] = {D000, D001, D002, D003, D004};
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
    biao_doc *doc = tu_open(files[i]);
    cr_assert_str_eq(biao_doc_format(doc), "text");
    char *want = g_strdup_printf("%.*s.expected.json", (int)(strlen(files[i]) - 4), files[i]);
    tu_expect_golden(doc, want);
    g_free(want);
    biao_doc_free(doc);
  }
}

Test(text_docx_dump, form1_fund_row_and_total) {
  biao_doc *doc = tu_open(D000);
  cr_assert_eq(biao_doc_table_count(doc), 2);
  cr_assert_str_eq(biao_table_title(biao_doc_table(doc, 0)), "2020年度项目支出绩效自评表");
  cr_assert_str_eq(meta(doc, 1, "attachment"), "附件3-1");
  int r, c, hr, hc;
  find(doc, 1, "年度资金总额", &r, &c);
  find(doc, 1, "年初预算数", &hr, &hc);
  cr_expect_str_eq(under(doc, 1, hr, "年初预算数", r), "186.73");
  cr_expect_str_eq(under(doc, 1, hr, "全年预算数", r), "252.63");
  cr_expect_str_eq(under(doc, 1, hr, "全年执行数", r), "169.45");
  cr_expect_str_eq(under(doc, 1, hr, "分值", r), "10");
  cr_expect_str_eq(under(doc, 1, hr, "执行率", r), "67.07%");
  cr_expect_str_eq(under(doc, 1, hr, "得分", r), "7");
  /* 项目资金（万元） spans its four rows; 绩效指标 the whole indicator block */
  int rs, cs;
  find(doc, 1, "项目资金（万元）", &r, &c);
  tu_span(doc, 1, r, c, &rs, &cs);
  cr_expect_eq(rs, 5);
  find(doc, 1, "一级指标", &hr, &hc);
  find(doc, 1, "总分", &r, &c);
  cr_expect_str_eq(under(doc, 1, hr, "分值", r), "100");
  cr_expect_str_eq(under(doc, 1, hr, "得分", r), "97");
  /* form 2 */
  cr_assert_str_eq(meta(doc, 2, "attachment"), "附件：3-2");
  find(doc, 2, "一级指标", &hr, &hc);
  find(doc, 2, "总分", &r, &c);
  cr_expect_str_eq(under(doc, 2, hr, "分值", r), "100");
  cr_expect_str_eq(under(doc, 2, hr, "得分", r), "98");
  biao_doc_free(doc);
}

Test(text_docx_dump, vertical_labels_merge) {
  biao_doc *doc = tu_open(D000);
  int r, c, rs, cs;
  find(doc, 1, "质量指标", &r, &c);
  tu_span(doc, 1, r, c, &rs, &cs);
  cr_expect_eq(rs, 3, "质量指标 has three 三级指标 rows (重点统筹, 两型示范, 清洁低碳)");
  find(doc, 1, "产出指标(50分)", &r, &c);
  tu_span(doc, 1, r, c, &rs, &cs);
  cr_expect_eq(rs, 6);
  find(doc, 1, "年度总体目标", &r, &c);
  tu_span(doc, 1, r, c, &rs, &cs);
  cr_expect_eq(rs, 2, "年度总体目标 over its header and its text row");
  find(doc, 1, "项目支出名称", &r, &c);
  tu_span(doc, 1, r, c + 1, &rs, &cs);
  cr_expect_eq(cs, 8, "the project name spans the rest of the row");
  biao_doc_free(doc);
}

/* The DOCX corpus holds Word rebuilds of the 000 and 002 forms (corpus/docx/form-NNN.docx, read
 * with the real column widths). The dump of the same form must give the same cells, except row 1
 * (主管部门 | … | 实施单位 | …), whose column widths a dump cannot show. */
static void same_as_docx(const char *dump, const char *docx, int tables) {
  biao_doc *a = tu_open(dump), *b = tu_open(docx);
  cr_assert_eq(biao_doc_table_count(a), (size_t)tables);
  cr_assert_eq(biao_doc_table_count(b), (size_t)tables);
  for (int t = 0; t < tables; t++) {
    const biao_table *x = biao_doc_table(a, (size_t)t), *y = biao_doc_table(b, (size_t)t);
    cr_expect_eq(biao_table_rows(x), biao_table_rows(y), "table %d rows", t + 1);
    cr_expect_eq(biao_table_cols(x), biao_table_cols(y), "table %d cols", t + 1);
    for (size_t i = 0; i < biao_table_cell_count(y); i++) {
      int r, c, rs, cs, r2 = -1, c2, rs2 = 0, cs2 = 0;
      const char *want, *got = NULL;
      biao_table_cell(y, i, &r, &c, &rs, &cs, &want);
      if (r == 1) continue;
      for (size_t k = 0; k < biao_table_cell_count(x) && !got; k++) {
        const char *s;
        biao_table_cell(x, k, &r2, &c2, &rs2, &cs2, &s);
        if (r2 == r && c2 == c) got = s;
      }
      cr_expect_not_null(got, "table %d: no cell at (%d,%d) like the DOCX '%s'", t + 1, r, c, want);
      if (!got) continue;
      cr_expect_str_eq(got, want, "table %d (%d,%d)", t + 1, r, c);
      cr_expect(rs2 == rs && cs2 == cs, "table %d (%d,%d): span %dx%d, DOCX %dx%d", t + 1, r, c, rs2, cs2, rs, cs);
    }
  }
  biao_doc_free(a);
  biao_doc_free(b);
}

Test(text_docx_dump, same_cells_as_the_docx_of_the_form) {
  same_as_docx(D000, "docx/form-000.docx", 2);
  same_as_docx(D002, "docx/form-002.docx", 11);
}

Test(text_pdf_dump, nine_disclosure_tables) {
  biao_doc *doc = tu_open(D001);
  cr_assert_geq(biao_doc_table_count(doc), 9);
  for (int i = 1; i <= 9; i++) {
    char want[32];
    snprintf(want, sizeof want, "公开%02d表", i);
    cr_expect_str_eq(meta(doc, i, "code"), want, "table %d", i);
    cr_expect_str_eq(meta(doc, i, "unit"), "万元");
    cr_expect_str_eq(meta(doc, i, "year"), "2023");
    cr_expect_str_eq(meta(doc, i, "department"), "长沙市长株潭一体化发展事务中心");
  }
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, 0)), "收入支出决算总表");
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, 8)), "财政拨款“三公”经费支出决算表");
  biao_doc_free(doc);
}

Test(text_pdf_dump, table01_income_and_expense_sides) {
  biao_doc *doc = tu_open(D001);
  int r, c;
  find(doc, 1, "一、一般公共预算财政拨款收入", &r, &c);
  cr_assert_eq(c, 0);
  cr_expect_str_eq(tu_text(doc, 1, 1, 1), "行次");
  cr_expect_str_eq(tu_text(doc, 1, r, 1), "1");
  cr_expect_str_eq(tu_text(doc, 1, r, 2), "1,006.09");
  cr_expect_str_eq(tu_text(doc, 1, r, 3), "一、一般公共服务支出");
  cr_expect_str_eq(tu_text(doc, 1, r, 4), "32");
  cr_expect_str_eq(tu_text(doc, 1, r, 5), "860.53");
  cr_expect_eq(biao_table_header_rows(biao_doc_table(doc, 0)), 3);
  /* the page break inside the table (after 十六、金融支出) does not split it */
  find(doc, 1, "十七、援助其他地区支出", &r, &c);
  cr_expect_str_eq(tu_text(doc, 1, r, 4), "48");
  find(doc, 1, "总计", &r, &c);
  cr_expect_str_eq(tu_text(doc, 1, r, 2), "1,006.09");
  biao_doc_free(doc);
}

Test(text_pdf_dump, table06_three_column_groups) {
  biao_doc *doc = tu_open(D001);
  int rs, cs;
  cr_expect_str_eq(tu_text(doc, 6, 0, 0), "人员经费");
  tu_span(doc, 6, 0, 0, &rs, &cs);
  cr_expect_eq(cs, 3);
  cr_expect_str_eq(tu_text(doc, 6, 0, 3), "公用经费");
  tu_span(doc, 6, 0, 3, &rs, &cs);
  cr_expect_eq(cs, 6, "公用经费 covers the second and the third group");
  for (int g = 0; g < 3; g++) cr_expect_str_eq(tu_text(doc, 6, 1, 3 * g), "科目代码");
  cr_expect_str_eq(tu_text(doc, 6, 2, 6), "307");
  cr_expect_str_eq(tu_text(doc, 6, 2, 8), "0.00");
  biao_doc_free(doc);
}

Test(text_pdf_dump, table09_two_level_header) {
  biao_doc *doc = tu_open(D001);
  int rs, cs;
  cr_expect_str_eq(tu_text(doc, 9, 0, 0), "预算数");
  tu_span(doc, 9, 0, 0, &rs, &cs);
  cr_expect_eq(cs, 6);
  cr_expect_str_eq(tu_text(doc, 9, 0, 6), "决算数");
  tu_span(doc, 9, 0, 6, &rs, &cs);
  cr_expect_eq(cs, 6);
  tu_span(doc, 9, 1, 2, &rs, &cs);
  cr_expect_eq(cs, 3, "公务用车购置及运行维护费 over 小计/购置费/运行维护费");
  tu_span(doc, 9, 1, 0, &rs, &cs);
  cr_expect_eq(rs, 2, "合计 spans down to the sub-header row");
  cr_expect_eq(biao_table_header_rows(biao_doc_table(doc, 8)), 4);
  cr_expect_str_eq(tu_text(doc, 9, 4, 6), "3.41");
  biao_doc_free(doc);
}

Test(text_pdf_dump, wrapped_notes_join_their_cells) {
  biao_doc *doc = tu_open(D001);
  int t = tu_find_table(doc, "楼堂馆所控制情况"), r, c;
  cr_assert_gt(t, 0);
  find(doc, t, "楼堂馆所控制情况（2023年完工项目）", &r, &c);
  cr_expect_str_eq(tu_text(doc, t, r, 1), "批复规模\n（m ² ）");
  cr_expect_str_eq(tu_text(doc, t, r, 4), "预算投资\n（万元）");
  cr_expect_str_eq(tu_text(doc, t, r + 1, 0), "厉行节约保障措施", "the note row is gone");
  biao_doc_free(doc);
  doc = tu_open(D004);
  /* "(2分)" printed after the page break ends the label 产出指标 of the row before it, and the
   * repeated vertical label 年度绩效指标6 leaves the row */
  find(doc, 1, "工程完成率", &r, &c);
  cr_expect_str_eq(tu_text(doc, 1, r, 1), "产出指标\n(2分)");
  cr_expect_str_eq(tu_text(doc, 1, r + 1, 0), "");
  cr_expect_str_eq(tu_text(doc, 1, r + 1, 1), "");
  cr_expect_str_eq(tu_text(doc, 1, r + 1, 3), "完成及时率");
  biao_doc_free(doc);
}

Test(text_docx_dump, eleven_forms_with_name_and_total) {
  biao_doc *doc = tu_open(D002);
  cr_assert_eq(biao_doc_table_count(doc), 11);
  for (int t = 1; t <= 11; t++) {
    int r, c, hr, hc;
    find(doc, t, "项目支出名称", &r, &c);
    cr_expect_neq(strlen(tu_text(doc, t, r, c + 1)), 0, "table %d: 项目支出名称 empty", t);
    find(doc, t, "一级指标", &hr, &hc);
    find(doc, t, "总分", &r, &c);
    cr_expect_str_eq(under(doc, t, hr, "分值", r), "100", "table %d", t);
    cr_expect_neq(strlen(under(doc, t, hr, "得分", r)), 0, "table %d: no 得分", t);
    char want[32];
    snprintf(want, sizeof want, "附件4-%d", t);
    cr_expect_str_eq(meta(doc, t, "attachment"), want);
  }
  cr_expect_str_eq(tu_text(doc, 1, 0, 1), "网络平台运行及维护费");
  cr_expect_str_eq(tu_text(doc, 11, 0, 1), "引进推介招商车辆运行信息网络专项经费");
  int r, c, hr, hc;
  find(doc, 1, "一级指标", &hr, &hc);
  find(doc, 1, "总分", &r, &c);
  cr_expect_str_eq(under(doc, 1, hr, "得分", r), "98");
  biao_doc_free(doc);
}

Test(text_bare_dump, form_without_tabs_and_common_indicators) {
  biao_doc *doc = tu_open(D003);
  cr_assert_eq(biao_doc_table_count(doc), 2);
  cr_expect_str_eq(meta(doc, 1, "attachment"), "附件2");
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, 0)), "预算支出绩效自评表");
  int r, c, hr, hc, rs, cs;
  find(doc, 1, "一级指标", &hr, &hc);
  find(doc, 1, "总分", &r, &c);
  cr_expect_str_eq(under(doc, 1, hr, "分值", r), "100");
  cr_expect_str_eq(under(doc, 1, hr, "得分", r), "99");
  find(doc, 1, "成本指标", &r, &c);
  cr_expect_eq(c, hc + 1, "成本指标 is an 二级指标");
  cr_expect_str_eq(under(doc, 1, hr, "年度指标值", r), "100%");
  find(doc, 1, "产出指标(50分)", &r, &c);
  tu_span(doc, 1, r, c, &rs, &cs);
  cr_expect_eq(rs, 4);
  /* what is left of the fund block: 分值 执行率 得分 in the last three columns */
  cr_expect_str_eq(tu_text(doc, 1, 0, 6), "10");
  cr_expect_str_eq(tu_text(doc, 1, 0, 7), "100%");
  cr_expect_str_eq(tu_text(doc, 1, 0, 8), "10");
  find(doc, 2, "一级指标", &hr, &hc);
  cr_expect_eq(biao_table_header_rows(biao_doc_table(doc, 1)), 2, "caption row + header row");
  find(doc, 2, "合计", &r, &c);
  cr_expect_str_eq(under(doc, 2, hr, "分值", r), "100");
  cr_expect_str_eq(under(doc, 2, hr, "自评分", r), "100");
  /* 过程（30分）: its cell ended with an empty paragraph (a blank line), yet it heads its row */
  find(doc, 2, "过程（30分）", &r, &c);
  cr_expect_eq(c, 0);
  tu_span(doc, 2, r, c, &rs, &cs);
  cr_expect_eq(rs, 6);
  cr_expect_str_eq(tu_text(doc, 2, r, 1), "业务管理（10分）");
  cr_expect_str_eq(under(doc, 2, hr, "分值", r), "3");
  biao_doc_free(doc);
}

Test(text_pdf_dump, indicator_block_across_page_break) {
  biao_doc *doc = tu_open(D004);
  cr_assert_str_eq(biao_table_title(biao_doc_table(doc, 0)), "2020年度洪山街道办事处整体绩效自评表");
  int r, c;
  find(doc, 1, "数量指标19（0.5分）", &r, &c);
  cr_expect_str_eq(tu_text(doc, 1, r + 1, c), "数量指标20 (0.5分)");
  cr_expect_str_eq(tu_text(doc, 1, r + 1, c + 1), "工装数量");
  cr_expect_str_eq(tu_text(doc, 1, r + 1, c + 4), "0.5");
  find(doc, 1, "数量指标1（0.5分）", &r, &c);
  cr_expect_str_eq(tu_text(doc, 1, r, c - 1), "产出指标 (17分)");
  /* the interrupting lines are gone */
  const biao_table *tb = biao_doc_table(doc, 0);
  for (int row = 0; row < biao_table_rows(tb); row++) {
    int filled = 0;
    const char *only = "";
    for (int col = 0; col < biao_table_cols(tb); col++)
      if (*biao_table_text_at(tb, row, col)) {
        filled++;
        only = biao_table_text_at(tb, row, col);
      }
    cr_expect(!(filled == 1 && (!strcmp(only, "1") || g_str_has_prefix(only, "年度绩效指标"))),
              "row %d is made of page-break lines ('%s')", row, only);
  }
  biao_doc_free(doc);
}
