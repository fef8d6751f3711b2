/* test_text_hostile.c — odd and hostile text input: invalid UTF-8, NUL bytes, a 100 MB single
 * line, CRLF, UTF-16 and GBK encodings; --rules with a user rule file; a bad rule file through
 * the CLI (exit 7 naming file, line and PCRE2's message). */
#include <string.h>
#include <glib/gstdio.h>

#include "testutil.h"

/* A small PDF-style dump: title lines, a 3-row tab-separated table. */
static const char dump[] =
    "收入支出决算总表\n"
    "公开 01 表\n"
    "单位：万元\n"
    "项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t1\t1,006.09\n"
    "二、政府性基金预算财政拨款收入\t2\t0.00\n"
    "三、国有资本经营预算财政拨款收入\t3\t0.00\n"
    "四、上级补助收入\t4\t0.00\n"
    "五、事业收入\t5\t0.00\n"
    "六、经营收入\t6\t0.00\n"
    "七、附属单位上缴收入\t7\t0.00\n"
    "八、其他收入\t8\t0.00\n";

static biao_doc *open_mem(const void *data, gsize len) {
  biao_options opt;
  biao_options_init(&opt);
  opt.input = BIAO_INPUT_TEXT;
  biao_doc *doc = NULL;
  biao_error err;
  int rc = biao_doc_open_memory(&doc, data, len, "mem.txt", &opt, &err);
  cr_assert_eq(rc, BIAO_OK, "%s (%s)", err.message, biao_code_name(rc));
  return doc;
}

static gboolean has_warning(const biao_doc *doc, const char *needle) {
  for (size_t i = 0; i < biao_doc_warning_count(doc); i++)
    if (strstr(biao_doc_warning(doc, i), needle)) return TRUE;
  return FALSE;
}

/* The reference table every encoding variant must give. */
static void expect_reference(const biao_doc *doc) {
  cr_assert_eq(biao_doc_table_count(doc), 1);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_str_eq(biao_table_title(t), "收入支出决算总表");
  cr_expect_eq(biao_table_rows(t), 9);
  cr_expect_eq(biao_table_cols(t), 3);
  cr_expect_str_eq(biao_table_text_at(t, 1, 0), "一、一般公共预算财政拨款收入");
  cr_expect_str_eq(biao_table_text_at(t, 1, 2), "1,006.09");
  cr_expect_str_eq(biao_table_text_at(t, 8, 0), "八、其他收入");
}

Test(text_hostile, plain_reference) {
  biao_doc *doc = open_mem(dump, strlen(dump));
  expect_reference(doc);
  cr_expect_eq(biao_doc_warning_count(doc), 0);
  biao_doc_free(doc);
}

Test(text_hostile, invalid_utf8_and_cut_character) {
  GString *s = g_string_new(dump);
  /* a line cut in the middle of 收 (E6 94 B6) and a stray 0xFF byte in a cell */
  g_string_replace(s, "五、事业收入", "五、事业\xE6\x94", 1);
  g_string_replace(s, "\t6\t", "\t6\xFF\t", 1);
  biao_doc *doc = open_mem(s->str, s->len);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_assert_not_null(t);
  cr_expect_str_eq(biao_table_text_at(t, 5, 0), "五、事业\xEF\xBF\xBD\xEF\xBF\xBD");
  cr_expect_str_eq(biao_table_text_at(t, 6, 1), "6\xEF\xBF\xBD");
  cr_expect_str_eq(biao_table_text_at(t, 1, 2), "1,006.09");
  cr_expect(has_warning(doc, "invalid UTF-8"));
  biao_doc_free(doc);
  g_string_free(s, TRUE);
}

Test(text_hostile, nul_bytes_removed) {
  GString *s = g_string_new(NULL);
  for (const char *p = dump; *p; p++) {
    g_string_append_c(s, *p);
    if (*p == '\t') g_string_append_c(s, '\0');
  }
  biao_doc *doc = open_mem(s->str, s->len);
  expect_reference(doc);
  cr_expect(has_warning(doc, "NUL"));
  biao_doc_free(doc);
  g_string_free(s, TRUE);
}

Test(text_hostile, crlf_line_ends) {
  GString *s = g_string_new(dump);
  g_string_replace(s, "\n", "\r\n", 0);
  biao_doc *doc = open_mem(s->str, s->len);
  expect_reference(doc);
  biao_doc_free(doc);
  g_string_free(s, TRUE);
}

Test(text_hostile, utf16_with_and_without_bom) {
  gsize n = 0;
  char *le = g_convert(dump, -1, "UTF-16LE", "UTF-8", NULL, &n, NULL);
  cr_assert_not_null(le);
  GString *bom = g_string_new_len("\xFF\xFE", 2);
  g_string_append_len(bom, le, (gssize)n);
  biao_doc *doc = open_mem(bom->str, bom->len);
  expect_reference(doc);
  cr_expect(has_warning(doc, "UTF-16LE"));
  biao_doc_free(doc);
  gsize nb = 0;
  char *be = g_convert(dump, -1, "UTF-16BE", "UTF-8", NULL, &nb, NULL);
  /* no BOM: the reader recognises UTF-16BE from its NUL pattern */
  biao_doc *d2 = open_mem(be, nb);
  expect_reference(d2);
  cr_expect(has_warning(d2, "UTF-16BE"));
  biao_doc_free(d2);
  g_free(le);
  g_free(be);
  g_string_free(bom, TRUE);
}

Test(text_hostile, gbk_dump_converted) {
  gsize n = 0;
  char *gbk = g_convert(dump, -1, "GB18030", "UTF-8", NULL, &n, NULL);
  cr_assert_not_null(gbk);
  biao_doc *doc = open_mem(gbk, n);
  expect_reference(doc);
  cr_expect(has_warning(doc, "GB18030"));
  biao_doc_free(doc);
  g_free(gbk);
}

/* pdftotext output: a form feed before each page, a page footer and a running header around it,
 * the header row repeated on the new page. One table over pages 1-2. */
Test(text_hostile, form_feeds_give_pages_and_join_the_table) {
  static const char ff[] = "部门收支总表\n单位：万元\n项目\t行次\t金额\n栏次\t\t1\n一、收入\t1\t5.00\n"
                           "二、支出\t2\t3.00\n- 1 -\n\f长沙市某中心2023年部门决算\n项目\t行次\t金额\n"
                           "三、结余\t3\t2.00\n合计\t4\t10.00\n\f注：本表反映收支。\n";
  biao_doc *doc = open_mem(ff, strlen(ff));
  cr_assert_eq(biao_doc_table_count(doc), 1);
  cr_expect_eq(biao_doc_pages(doc), 3);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_page_start(t), 1);
  cr_expect_eq(biao_table_page_end(t), 2);
  cr_expect_eq(biao_table_rows(t), 6, "the repeated header and the page lines are gone");
  cr_expect_str_eq(biao_table_text_at(t, 4, 0), "三、结余");
  cr_expect_str_eq(biao_table_text_at(t, 5, 2), "10.00");
  biao_doc_free(doc);
}

Test(text_hostile, hundred_mb_single_line, .timeout = 300) {
  char *dir = g_dir_make_tmp("biao-big-XXXXXX", NULL);
  char *path = g_build_filename(dir, "big.txt", NULL);
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  char block[65536];
  for (gsize i = 0; i < sizeof block; i += 3) memcpy(block + i, "表", MIN(3, sizeof block - i)); /* cut at the end */
  gsize total = 0, want = (gsize)100 * 1000 * 1000;
  while (total < want) {
    gsize k = MIN(sizeof block - sizeof block % 3, want - total);
    cr_assert_eq(fwrite(block, 1, k, f), k);
    total += k;
  }
  fclose(f);
  biao_options opt;
  biao_options_init(&opt);
  opt.input = BIAO_INPUT_TEXT;
  biao_doc *doc = NULL;
  biao_error err;
  cr_assert_eq(biao_doc_open_file(&doc, path, &opt, &err), BIAO_OK, "%s", err.message);
  cr_expect_eq(biao_doc_table_count(doc), 0);
  cr_expect(has_warning(doc, "were cut"));
  biao_doc_free(doc);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* DOCX dump: a cell whose last paragraph ends in 表 (见下表) does not end the table, a 附件 line
 * right after the last cell does. */
Test(text_hostile, docx_dump_cell_ending_in_biao) {
  static const char d[] = "附件1\n某某绩效自评表\n\t项目\n\t说明\n\n\t甲\n\t详细数据\n见下表\n\n\t乙\n\t无\n"
                          "附件2\n另一张统计表\n\t名称\n\t数量\n\n\t丙\n\t3\n";
  biao_doc *doc = open_mem(d, strlen(d));
  cr_assert_eq(biao_doc_table_count(doc), 2);
  const biao_table *t = biao_doc_table(doc, 0);
  cr_expect_eq(biao_table_rows(t), 3);
  cr_expect_str_eq(biao_table_text_at(t, 1, 1), "详细数据\n见下表");
  cr_expect_str_eq(biao_table_text_at(t, 2, 1), "无");
  cr_expect_str_eq(biao_table_title(t), "某某绩效自评表");
  cr_expect_str_eq(biao_table_title(biao_doc_table(doc, 1)), "另一张统计表");
  cr_expect_str_eq(biao_table_text_at(biao_doc_table(doc, 1), 1, 1), "3");
  biao_doc_free(doc);
}

/* ---- through the CLI ---- */

static char *write_tmp(const char *dir, const char *name, const char *content) {
  char *p = g_build_filename(dir, name, NULL);
  cr_assert(g_file_set_contents(p, content, -1, NULL));
  return p;
}

Test(text_cli, user_rules_change_the_title) {
  char *dir = g_dir_make_tmp("biao-cli-XXXXXX", NULL);
  char *rdir = g_build_filename(dir, "rules", NULL);
  g_mkdir(rdir, 0700);
  char *input = write_tmp(dir, "d.txt", "表三 收支情况\n项目\t金额\n合计\t5.00\n其他\t1.00\n");
  char *rule = write_tmp(rdir, "mine.rules", "# my titles\ntitle numbered /^(表[一二三四五六七八九十]+\\s*\\S+)$/\n");
  char *out = NULL;
  const char *plain[] = {"extract", "--compact", input, NULL};
  cr_assert_eq(tu_run_cli(plain, NULL, 0, &out, NULL), 0);
  cr_expect(strstr(out, "\"title\":null") != NULL, "no built-in rule makes a title of it: %s", out);
  g_free(out);
  const char *with[] = {"extract", "--compact", "--rules", rdir, input, NULL};
  cr_assert_eq(tu_run_cli(with, NULL, 0, &out, NULL), 0);
  cr_expect(strstr(out, "\"title\":\"表三收支情况\"") != NULL, "user rule gives the title: %s", out);
  g_free(out);
  g_unlink(rule);
  g_unlink(input);
  g_rmdir(rdir);
  g_rmdir(dir);
  g_free(rule);
  g_free(input);
  g_free(rdir);
  g_free(dir);
}

Test(text_cli, bad_rule_file_exit_7) {
  char *dir = g_dir_make_tmp("biao-cli-XXXXXX", NULL);
  char *input = write_tmp(dir, "d.txt", "项目\t金额\n合计\t5.00\n");
  char *rule = write_tmp(dir, "bad.rules", "title fine /表$/\nunit broken /单位(万元/\n");
  char *err = NULL;
  const char *args[] = {"extract", "--rules", dir, input, NULL};
  int rc = tu_run_cli(args, NULL, 0, NULL, &err);
  cr_expect_eq(rc, 7, "exit code %d, stderr: %s", rc, err);
  cr_expect(strstr(err, "bad.rules") != NULL, "names the file: %s", err);
  cr_expect(strstr(err, "line 2") != NULL, "names the line: %s", err);
  cr_expect(strstr(err, "missing closing parenthesis") != NULL, "PCRE2 message: %s", err);
  cr_expect(strstr(err, "offset") != NULL, "offset: %s", err);
  g_free(err);
  g_unlink(rule);
  g_unlink(input);
  g_rmdir(dir);
  g_free(rule);
  g_free(input);
  g_free(dir);
}

Test(text_cli, input_text_forces_the_reader) {
  char *out = NULL;
  char *p = tu_corpus("text/001_1858244e01563f01.txt");
  const char *args[] = {"extract", "--input", "text", "-f", "csv", "--table", "5", p, NULL};
  cr_assert_eq(tu_run_cli(args, NULL, 0, &out, NULL), 0);
  cr_expect(strstr(out, "2010406,社会事业发展规划,285.21,0.00,285.21") != NULL, "%s", out);
  g_free(out);
  g_free(p);
}
