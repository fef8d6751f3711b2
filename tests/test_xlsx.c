/* test_xlsx.c — the XLSX writer, checked by reading the written file back: the zip is opened with
 * libzip and the sheet XML queried with libxml2 XPath (sheet names, merges, cell types, values,
 * number formats, frozen panes). */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "core/model.h"
#include "export/xlsx.h"
#include "normalize/meaning.h"
#include "testutil.h"

/* ---- a minimal XLSX reader ---- */

typedef struct book {
  zip_t *zip;
  xmlDoc *workbook, *sst, *styles;
} book;

static xmlDoc *zip_xml(zip_t *z, const char *name) {
  zip_stat_t st;
  if (zip_stat(z, name, 0, &st) != 0) return NULL;
  zip_file_t *f = zip_fopen(z, name, 0);
  cr_assert_not_null(f, "%s opens", name);
  char *buf = g_malloc(st.size + 1);
  cr_assert_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
  zip_fclose(f);
  xmlDoc *d = xmlReadMemory(buf, (int)st.size, name, NULL, XML_PARSE_NONET);
  g_free(buf);
  cr_assert_not_null(d, "%s is well-formed XML", name);
  return d;
}

static book *book_open(const char *path) {
  int e = 0;
  book *b = g_new0(book, 1);
  b->zip = zip_open(path, ZIP_RDONLY, &e);
  cr_assert_not_null(b->zip, "%s is a zip (error %d)", path, e);
  b->workbook = zip_xml(b->zip, "xl/workbook.xml");
  cr_assert_not_null(b->workbook);
  b->sst = zip_xml(b->zip, "xl/sharedStrings.xml");
  b->styles = zip_xml(b->zip, "xl/styles.xml");
  return b;
}

static void book_close(book *b) {
  xmlFreeDoc(b->workbook);
  xmlFreeDoc(b->sst);
  xmlFreeDoc(b->styles);
  zip_close(b->zip);
  g_free(b);
}

/* String value of an XPath expression evaluated on `d` ("" when nothing matches; g_free it). */
static char *xq(xmlDoc *d, const char *expr) {
  xmlXPathContext *ctx = xmlXPathNewContext(d);
  xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST "http://schemas.openxmlformats.org/spreadsheetml/2006/main");
  xmlXPathObject *o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
  cr_assert_not_null(o, "XPath %s", expr);
  xmlChar *s = xmlXPathCastToString(o);
  char *out = g_strdup((const char *)s);
  xmlFree(s);
  xmlXPathFreeObject(o);
  xmlXPathFreeContext(ctx);
  return out;
}

static char *sheet_name(book *b, int i) {
  char *e = g_strdup_printf("string(/x:workbook/x:sheets/x:sheet[%d]/@name)", i);
  char *s = xq(b->workbook, e);
  g_free(e);
  return s;
}

static int sheet_count(book *b) {
  char *s = xq(b->workbook, "count(/x:workbook/x:sheets/x:sheet)");
  int n = (int)g_ascii_strtod(s, NULL);
  g_free(s);
  return n;
}

static xmlDoc *sheet(book *b, int i) {
  char *name = g_strdup_printf("xl/worksheets/sheet%d.xml", i);
  xmlDoc *d = zip_xml(b->zip, name);
  cr_assert_not_null(d, "%s exists", name);
  g_free(name);
  return d;
}

/* Cell `ref` of a sheet: its type ("n", "s", "inlineStr", or "" for blank/number) and its value,
 * with shared strings resolved. */
static char *cell(book *b, xmlDoc *ws, const char *ref, char **type) {
  char *e = g_strdup_printf("string(//x:c[@r='%s']/@t)", ref);
  char *t = xq(ws, e);
  g_free(e);
  char *v;
  if (!strcmp(t, "s")) {
    e = g_strdup_printf("string(//x:c[@r='%s']/x:v)", ref);
    char *idx = xq(ws, e);
    g_free(e);
    e = g_strdup_printf("string(/x:sst/x:si[%d])", (int)g_ascii_strtoll(idx, NULL, 10) + 1);
    v = xq(b->sst, e);
    g_free(idx);
  } else if (!strcmp(t, "inlineStr")) {
    e = g_strdup_printf("string(//x:c[@r='%s']/x:is)", ref);
    v = xq(ws, e);
  } else {
    e = g_strdup_printf("string(//x:c[@r='%s']/x:v)", ref);
    v = xq(ws, e);
  }
  g_free(e);
  if (type) *type = t;
  else g_free(t);
  return v;
}

/* Number format code of cell `ref` ("General" when it has none). */
static char *numfmt(book *b, xmlDoc *ws, const char *ref) {
  char *e = g_strdup_printf("string(//x:c[@r='%s']/@s)", ref);
  char *s = xq(ws, e);
  g_free(e);
  e = g_strdup_printf("string(/x:styleSheet/x:cellXfs/x:xf[%d]/@numFmtId)", (int)g_ascii_strtoll(s, NULL, 10) + 1);
  char *id = xq(b->styles, e);
  g_free(e);
  e = g_strdup_printf("string(/x:styleSheet/x:numFmts/x:numFmt[@numFmtId='%s']/@formatCode)", id);
  char *code = xq(b->styles, e);
  g_free(e);
  if (!*code) { /* built-in formats */
    g_free(code);
    code = g_strdup(!strcmp(id, "0") || !*id ? "General" : !strcmp(id, "1") ? "0" : !strcmp(id, "2") ? "0.00"
                    : !strcmp(id, "3") ? "#,##0" : !strcmp(id, "4") ? "#,##0.00" : !strcmp(id, "9") ? "0%"
                    : !strcmp(id, "10") ? "0.00%" : id);
  }
  g_free(s);
  g_free(id);
  return code;
}

static gboolean bold(book *b, xmlDoc *ws, const char *ref) {
  char *e = g_strdup_printf("string(//x:c[@r='%s']/@s)", ref);
  char *s = xq(ws, e);
  g_free(e);
  e = g_strdup_printf("count(/x:styleSheet/x:fonts/x:font[(/x:styleSheet/x:cellXfs/x:xf[%d]/@fontId)+1]/x:b)",
                      (int)g_ascii_strtoll(s, NULL, 10) + 1);
  char *n = xq(b->styles, e);
  gboolean hit = strcmp(n, "1") == 0;
  g_free(e);
  g_free(s);
  g_free(n);
  return hit;
}

static char *merges(xmlDoc *ws) {
  GString *out = g_string_new(NULL);
  char *n = xq(ws, "count(//x:mergeCell)");
  int count = (int)g_ascii_strtod(n, NULL);
  g_free(n);
  for (int i = 1; i <= count; i++) {
    char *e = g_strdup_printf("string((//x:mergeCell)[%d]/@ref)", i);
    char *r = xq(ws, e);
    g_string_append_printf(out, "%s%s", out->len ? " " : "", r);
    g_free(r);
    g_free(e);
  }
  return g_string_free(out, FALSE);
}

#define assert_cell(b, ws, ref, want_type, want_value)                                                    \
  do {                                                                                                   \
    char *t_, *v_ = cell(b, ws, ref, &t_);                                                               \
    cr_assert_str_eq(t_, want_type, "%s type: '%s'", ref, t_);                                                    \
    cr_assert_str_eq(v_, want_value, "%s value: '%s'", ref, v_);                                                  \
    g_free(t_);                                                                                          \
    g_free(v_);                                                                                          \
  } while (0)

/* A number cell: no t attribute (or t="n") and the value within 1e-9. */
#define assert_number(b, ws, ref, want)                                                               \
  do {                                                                                               \
    char *t_, *v_ = cell(b, ws, ref, &t_);                                                           \
    cr_assert(!*t_ || !strcmp(t_, "n"), "%s type: '%s'", ref, t_);                                  \
    cr_assert(*v_, "%s has a value", ref);                                                           \
    cr_assert_float_eq(g_ascii_strtod(v_, NULL), want, 1e-9, "%s value: '%s'", ref, v_);             \
    g_free(t_);                                                                                      \
    g_free(v_);                                                                                      \
  } while (0)

/* ---- documents built with the model API (the shape of 公开 tables) ---- */

/* 收入支出决算表-like: two header rows with merges, codes, amounts with separators, a percentage. */
/* The meaning pass types the cells (codes, 栏次, percentages) as the pipeline would. */
static void typed(biao_doc *doc) {
  biao_error err;
  cr_assert_eq(bz_meaning_run(doc, NULL, &err), BIAO_OK, "%s", err.message);
}

static biao_doc *budget_doc(void) {
  biao_doc *doc = bz_doc_new("budget.docx");
  doc->format = "docx";
  biao_table *t = bz_table_new(doc);
  t->title = bz_doc_intern(doc, "一般公共预算财政拨款支出决算表");
  t->page_start = 3;
  t->page_end = 4;
  bz_table_set_meta(doc, t, "code", "公开05表");
  bz_table_set_meta(doc, t, "unit", "万元");
  t->header_rows = 2;
  bz_table_add_cell(doc, t, 0, 0, 1, 2, "项目");
  bz_table_add_cell(doc, t, 0, 2, 1, 2, "本年支出");
  bz_table_add_cell(doc, t, 1, 0, 1, 1, "科目代码");
  bz_table_add_cell(doc, t, 1, 1, 1, 1, "科目名称");
  bz_table_add_cell(doc, t, 1, 2, 1, 1, "合计");
  bz_table_add_cell(doc, t, 1, 3, 1, 1, "占比");
  bz_table_add_cell(doc, t, 2, 0, 1, 1, "栏次");
  bz_table_add_cell(doc, t, 2, 1, 1, 1, "");
  bz_table_add_cell(doc, t, 2, 2, 1, 1, "1");
  bz_table_add_cell(doc, t, 2, 3, 1, 1, "2");
  bz_table_add_cell(doc, t, 3, 0, 1, 1, "201");
  bz_table_add_cell(doc, t, 3, 1, 1, 1, "一般公共服务支出");
  bz_table_add_cell(doc, t, 3, 2, 1, 1, "1,006.09");
  bz_table_add_cell(doc, t, 3, 3, 1, 1, "67.07%");
  bz_table_add_cell(doc, t, 4, 0, 1, 1, "20104");
  bz_table_add_cell(doc, t, 4, 1, 1, 1, "发展与改革事务\n（含下级）");
  bz_table_add_cell(doc, t, 4, 2, 1, 1, "-12.5");
  bz_table_add_cell(doc, t, 4, 3, 1, 1, "——");
  bz_table_add_cell(doc, t, 5, 0, 1, 2, "合计");
  bz_table_add_cell(doc, t, 5, 2, 1, 1, "993.59");
  bz_table_add_cell(doc, t, 5, 3, 1, 1, "100%");
  bz_table_finish(t);

  /* a second table without code, with a title too long for a sheet name and forbidden characters */
  biao_table *u = bz_table_new(doc);
  u->title = bz_doc_intern(doc, "2023年部门预算项目支出绩效目标表：/信息化建设[运维]项目*绩效自评结果汇总表");
  bz_table_add_cell(doc, u, 0, 0, 1, 1, "编号");
  bz_table_add_cell(doc, u, 0, 1, 1, 1, "金额");
  bz_table_add_cell(doc, u, 1, 0, 1, 1, "007");
  bz_table_add_cell(doc, u, 1, 1, 1, 1, "12345");
  bz_table_add_cell(doc, u, 2, 0, 1, 1, "123456789012345678");
  bz_table_add_cell(doc, u, 2, 1, 2, 1, "3");
  bz_table_finish(u);

  /* a third and fourth table with the same code: names must be de-duplicated */
  for (int i = 0; i < 2; i++) {
    biao_table *v = bz_table_new(doc);
    bz_table_set_meta(doc, v, "code", "公开05表");
    bz_table_add_cell(doc, v, 0, 0, 1, 1, "x");
    bz_table_finish(v);
  }
  bz_doc_number_tables(doc);
  typed(doc);
  return doc;
}

static char *write_tmp(const biao_doc *doc, const biao_export_options *o) {
  char *dir = g_dir_make_tmp("biao-xlsx-XXXXXX", NULL);
  cr_assert_not_null(dir);
  char *path = g_build_filename(dir, "out.xlsx", NULL);
  g_free(dir);
  biao_error err;
  int rc = biao_export_file(doc, BIAO_FORMAT_XLSX, o, path, &err);
  cr_assert_eq(rc, BIAO_OK, "export: %s", err.message);
  return path;
}

static void remove_tmp(char *path) {
  char *dir = g_path_get_dirname(path);
  unlink(path);
  rmdir(dir);
  g_free(dir);
  g_free(path);
}

Test(xlsx, sheets_named_from_code_title_and_deduplicated) {
  biao_doc *doc = budget_doc();
  char *path = write_tmp(doc, NULL);
  book *b = book_open(path);
  cr_assert_eq(sheet_count(b), 5);
  const char *want[] = {"index", "公开05表 一般公共预算财政拨款支出决算表", "2023年部门预算项目支出绩效目标表：_信息化建设_运维_项目",
                        "公开05表", "公开05表 (2)"};
  for (int i = 0; i < 5; i++) {
    char *n = sheet_name(b, i + 1);
    cr_assert_str_eq(n, want[i], "sheet %d: '%s'", i + 1, n);
    cr_assert_leq(g_utf8_strlen(n, -1), 31);
    g_free(n);
  }
  book_close(b);
  remove_tmp(path);
  biao_doc_free(doc);
}

Test(xlsx, merges_types_values_and_formats) {
  biao_doc *doc = budget_doc();
  char *path = write_tmp(doc, NULL);
  book *b = book_open(path);
  xmlDoc *ws = sheet(b, 2);
  char *m = merges(ws);
  cr_assert_str_eq(m, "A3:B3 C3:D3 A8:B8");
  g_free(m);
  assert_cell(b, ws, "A3", "s", "项目");
  assert_cell(b, ws, "A6", "s", "201");            /* a code stays text */
  assert_cell(b, ws, "A7", "s", "20104");
  assert_cell(b, ws, "C5", "s", "1");              /* 栏次 row stays text */
  assert_cell(b, ws, "C6", "", "1006.09");         /* numbers have no t attribute */
  assert_number(b, ws, "D6", 67.07);               /* a percentage is its printed figure, as in JSON */
  assert_cell(b, ws, "C7", "", "-12.5");
  assert_cell(b, ws, "D7", "s", "——");
  assert_cell(b, ws, "B7", "s", "发展与改革事务\n（含下级）");
  assert_cell(b, ws, "D8", "", "100");
  char *f = numfmt(b, ws, "C6");
  cr_assert_str_eq(f, "#,##0.00");
  g_free(f);
  f = numfmt(b, ws, "D6");
  cr_assert_str_eq(f, "0.00\"%\"");
  g_free(f);
  f = numfmt(b, ws, "D8");
  cr_assert_str_eq(f, "0\"%\"");
  g_free(f);
  f = numfmt(b, ws, "C7");
  cr_assert_str_eq(f, "0.0");
  g_free(f);
  cr_assert(bold(b, ws, "A3"), "header bold");
  cr_assert(bold(b, ws, "D4"), "second header row bold");
  cr_assert_not(bold(b, ws, "C6"), "body not bold");
  char *pane = xq(ws, "string(//x:pane/@ySplit)");
  cr_assert_str_eq(pane, "5", "the title and unit rows, two header rows and the 栏次 row (the meaning pass joins it) frozen");
  g_free(pane);
  xmlFreeDoc(ws);

  ws = sheet(b, 3);
  assert_cell(b, ws, "A4", "s", "007");                  /* leading zero */
  assert_cell(b, ws, "A5", "s", "123456789012345678");   /* long digit string */
  assert_cell(b, ws, "B4", "", "12345");
  m = merges(ws);
  cr_assert_str_eq(m, "B5:B6");
  g_free(m);
  assert_cell(b, ws, "B5", "", "3");                     /* a merged number stays a number */
  xmlFreeDoc(ws);
  book_close(b);
  remove_tmp(path);
  biao_doc_free(doc);
}

Test(xlsx, index_sheet_lists_tables) {
  biao_doc *doc = budget_doc();
  char *path = write_tmp(doc, NULL);
  book *b = book_open(path);
  xmlDoc *ws = sheet(b, 1);
  assert_cell(b, ws, "A1", "s", "table");
  assert_cell(b, ws, "A2", "", "1");
  assert_cell(b, ws, "B2", "s", "公开05表 一般公共预算财政拨款支出决算表");
  assert_cell(b, ws, "C2", "s", "3-4");
  assert_cell(b, ws, "D2", "s", "公开05表");
  assert_cell(b, ws, "E2", "s", "一般公共预算财政拨款支出决算表");
  assert_cell(b, ws, "F2", "s", "万元");
  assert_cell(b, ws, "G2", "", "6");
  assert_cell(b, ws, "B7", "s", "budget.docx");
  char *link = xq(ws, "string(//x:hyperlink[@ref='B2']/@location)");
  cr_assert_str_eq(link, "'公开05表 一般公共预算财政拨款支出决算表'!A1");
  g_free(link);
  xmlFreeDoc(ws);
  book_close(b);
  remove_tmp(path);
  biao_doc_free(doc);
}

Test(xlsx, one_table_selected) {
  biao_doc *doc = budget_doc();
  biao_export_options o;
  biao_export_options_init(&o);
  o.table = 2;
  char *path = write_tmp(doc, &o);
  book *b = book_open(path);
  cr_assert_eq(sheet_count(b), 2);
  book_close(b);
  remove_tmp(path);
  o.table = 9;
  biao_error err;
  cr_assert_eq(biao_export_file(doc, BIAO_FORMAT_XLSX, &o, "/tmp/biao-never-written.xlsx", &err), BIAO_ERR_USAGE);
  cr_assert_eq(access("/tmp/biao-never-written.xlsx", F_OK), -1, "no file left behind");
  biao_doc_free(doc);
}

Test(xlsx, unwritable_output_is_io_error) {
  biao_doc *doc = budget_doc();
  biao_error err;
  cr_assert_eq(biao_export_file(doc, BIAO_FORMAT_XLSX, NULL, "/nonexistent-dir/x.xlsx", &err), BIAO_ERR_IO);
  biao_doc_free(doc);
}

Test(xlsx, number_parsing) {
  bz_xnum n;
  cr_assert(bz_xlsx_parse_number("1,006.09", &n));
  cr_assert_float_eq(n.value, 1006.09, 1e-9);
  cr_assert(n.thousands && n.decimals == 2 && !n.percent);
  cr_assert(bz_xlsx_parse_number(" 12,345,678 ", &n) && n.value == 12345678 && n.thousands);
  cr_assert(bz_xlsx_parse_number("\xe2\x88\x92" "3.5", &n) && n.value == -3.5);
  cr_assert(bz_xlsx_parse_number("0.50%", &n) && n.percent && n.decimals == 2);
  cr_assert_float_eq(n.value, 0.50, 1e-12);
  char *pf = bz_xlsx_num_format(&n);
  cr_assert_str_eq(pf, "0.00\"%\"", "a literal %: the value is the figure, not a fraction");
  g_free(pf);
  cr_assert(bz_xlsx_parse_number("0", &n) && n.value == 0);
  const char *texts[] = {"", "01", "1,00", "12,3456", "1.", ".5", "1.2.3", "2023年", "——", "-", "1 006",
                         "123456789012", "1234567890123456.5", "a1", "1e5", NULL};
  for (int i = 0; texts[i]; i++) cr_assert_not(bz_xlsx_parse_number(texts[i], &n), "'%s' is text", texts[i]);
  char *f = bz_xlsx_num_format(&(bz_xnum){.decimals = 3, .thousands = 1});
  cr_assert_str_eq(f, "#,##0.000");
  g_free(f);
}

Test(xlsx, code_column_found_without_header) {
  biao_doc *doc = bz_doc_new("x");
  biao_table *t = bz_table_new(doc);
  const char *rows[][2] = {{"201", "100.00"}, {"20101", "50.00"}, {"2010101", "50.00"}, {"合计", "100.00"}};
  for (int r = 0; r < 4; r++)
    for (int k = 0; k < 2; k++) bz_table_add_cell(doc, t, r, k, 1, 1, rows[r][k]);
  bz_table_finish(t);
  bz_doc_number_tables(doc);
  typed(doc);
  double v[8];
  unsigned char is_num[8];
  cr_assert_eq(biao_table_numbers(t, v, is_num), BIAO_OK);
  cr_assert(!is_num[0] && !is_num[2] && !is_num[4], "codes column is text");
  cr_assert(is_num[1] && is_num[3], "amounts column is numeric");
  cr_assert_str_eq(bz_vkind_name(bz_value_at(t, 1, 0, &(bz_value){0})->kind), "code", "the same in JSON");
  biao_doc_free(doc);
}

/* govbc 支出决算表: "科目编码" spans 类/款/项, and the 类/款/项 row falls below the counted header. */
Test(xlsx, code_label_below_header_rows) {
  biao_doc *doc = bz_doc_new("x");
  biao_table *t = bz_table_new(doc);
  t->header_rows = 2;
  bz_table_add_cell(doc, t, 0, 0, 1, 3, "科目编码");
  bz_table_add_cell(doc, t, 0, 3, 2, 1, "科目名称");
  bz_table_add_cell(doc, t, 0, 4, 2, 1, "本年支出合计");
  bz_table_add_cell(doc, t, 1, 0, 1, 3, "");
  const char *rows[][5] = {{"类", "款", "项", "合计", "2,940.05"},
                           {"201", "", "", "一般公共服务支出", "2,106.66"},
                           {"201", "06", "01", "行政运行", "1,511.89"}};
  for (int r = 0; r < 3; r++)
    for (int k = 0; k < 5; k++) bz_table_add_cell(doc, t, r + 2, k, 1, 1, rows[r][k]);
  bz_table_finish(t);
  bz_doc_number_tables(doc);
  typed(doc);
  double v[25];
  unsigned char is_num[25];
  cr_assert_eq(biao_table_numbers(biao_doc_table(doc, 0), v, is_num), BIAO_OK);
  cr_assert_not(is_num[3 * 5 + 0], "201 under 科目编码/类 stays text");
  cr_assert_not(is_num[4 * 5 + 1], "06 stays text");
  cr_assert(is_num[4 * 5 + 4], "the amount is a number");
  cr_assert_float_eq(v[4 * 5 + 4], 1511.89, 1e-9);
  cr_assert(is_num[2 * 5 + 4] && v[2 * 5 + 4] == 2940.05);
  biao_doc_free(doc);
}

/* "科目编码及名称" spans the code and the name: it must not turn the amounts beside into text. */
Test(xlsx, wide_code_and_name_label_is_not_a_code_column) {
  biao_doc *doc = bz_doc_new("x");
  biao_table *t = bz_table_new(doc);
  t->header_rows = 1;
  bz_table_add_cell(doc, t, 0, 0, 1, 2, "科目编码及名称");
  bz_table_add_cell(doc, t, 1, 0, 1, 1, "合计");
  bz_table_add_cell(doc, t, 1, 1, 1, 1, "12.50");
  bz_table_finish(t);
  unsigned char is_num[4];
  biao_table_numbers(t, NULL, is_num);
  cr_assert(is_num[3]);
  biao_doc_free(doc);
}

/* A real report (corpus/pdf-real/govbc-01.pdf, page 10: 支出决算表, reviewed against the rendered
 * page): the sheet is named from the form code and title, the header merges are real merges,
 * 科目编码 stay text, amounts are numbers in their printed format, three header rows are frozen. */
Test(xlsx, real_report_expenditure_table) {
  biao_doc *doc = tu_open("pdf-real/govbc-01.pdf");
  char *path = write_tmp(doc, NULL);
  book *b = book_open(path);
  cr_assert_eq(sheet_count(b), 1 + (int)biao_doc_table_count(doc));
  char *n = sheet_name(b, 5);
  cr_assert_str_eq(n, "公开03表 支出决算表");
  g_free(n);
  xmlDoc *ws = sheet(b, 5);
  char *m = merges(ws);
  cr_assert(strstr(m, "A3:D3") && strstr(m, "E3:E5") && strstr(m, "A4:C4"), "merges: %s", m);
  g_free(m);
  assert_cell(b, ws, "A3", "s", "项目");
  assert_cell(b, ws, "A7", "s", "201");
  assert_cell(b, ws, "B8", "s", "06");
  assert_cell(b, ws, "C9", "s", "01");
  assert_cell(b, ws, "D9", "s", "行政运行");
  assert_number(b, ws, "E6", 2940.05);
  assert_number(b, ws, "E9", 1511.89);
  assert_number(b, ws, "G9", 8.37);
  char *f = numfmt(b, ws, "E6");
  cr_assert_str_eq(f, "#,##0.00");
  g_free(f);
  f = numfmt(b, ws, "G9");
  cr_assert_str_eq(f, "0.00");
  g_free(f);
  char *pane = xq(ws, "string(//x:pane/@ySplit)");
  cr_assert_str_eq(pane, "5");
  g_free(pane);
  /* the title and unit rows above the grid; printed to the page width, landscape (7 wide columns),
   * the three header rows (sheet rows 3-5) repeated on every page */
  assert_cell(b, ws, "A1", "s", "公开03表 支出决算表");
  assert_cell(b, ws, "A2", "s", "单位：万元");
  char *p = xq(ws, "string(//x:sheetPr/x:pageSetUpPr/@fitToPage)");
  cr_assert_str_eq(p, "1");
  g_free(p);
  p = xq(ws, "concat(//x:pageSetup/@orientation, ' ', //x:pageSetup/@fitToHeight)");
  cr_assert_str_eq(p, "landscape 0");
  g_free(p);
  p = xq(b->workbook, "string(//x:definedName[@name='_xlnm.Print_Titles'][@localSheetId='4'])");
  cr_assert_str_eq(p, "'公开03表 支出决算表'!$3:$5");
  g_free(p);
  xmlFreeDoc(ws);
  ws = sheet(b, 1);
  assert_cell(b, ws, "C2", "s", "5"); /* pages: text whether one page or a range */
  assert_cell(b, ws, "B5", "s", "公开03表 支出决算表");
  assert_cell(b, ws, "C5", "s", "10-11");
  assert_cell(b, ws, "D5", "s", "公开03表");
  assert_cell(b, ws, "F5", "s", "万元");
  xmlFreeDoc(ws);
  book_close(b);
  remove_tmp(path);
  biao_doc_free(doc);
}

/* --unit yuan converts 万元 amounts: the XLSX holds the converted numbers, as the JSON does. */
Test(xlsx, real_report_unit_conversion) {
  biao_options opt;
  biao_options_init(&opt);
  opt.unit = BIAO_UNIT_YUAN;
  biao_doc *doc = tu_open_opts("pdf-real/govbc-01.pdf", &opt);
  char *path = write_tmp(doc, NULL);
  book *b = book_open(path);
  xmlDoc *ws = sheet(b, 5);
  assert_number(b, ws, "E9", 15118900);
  assert_cell(b, ws, "A7", "s", "201");
  xmlFreeDoc(ws);
  book_close(b);
  remove_tmp(path);
  biao_doc_free(doc);
}

/* A sentence mentioning 编码 in a body cell (绩效自评表) must not make its column text. */
Test(xlsx, sentence_mentioning_code_is_not_a_label) {
  biao_doc *doc = bz_doc_new("x");
  biao_table *t = bz_table_new(doc);
  bz_table_add_cell(doc, t, 0, 0, 1, 1, "年度资金总额");
  bz_table_add_cell(doc, t, 0, 1, 1, 1, "1,006.09");
  bz_table_add_cell(doc, t, 1, 0, 1, 1, "资产管理");
  bz_table_add_cell(doc, t, 1, 1, 1, 1, "建立固定资产台账，实行编码管理；固定资产无闲置浪费现象。");
  bz_table_finish(t);
  unsigned char is_num[4];
  biao_table_numbers(t, NULL, is_num);
  cr_assert(is_num[1], "1,006.09 is a number");
  biao_doc_free(doc);
}

/* A text dump of a 绩效自评表 (corpus/text/004_...): cells that print a unit after the number keep it
 * as a literal in the number format, so Excel shows what the report printed. */
Test(xlsx, units_printed_in_cells_stay_in_the_format) {
  biao_doc *doc = tu_open("text/004_2bbc2e3e09f5e5b5.txt");
  char *path = write_tmp(doc, NULL);
  book *b = book_open(path);
  xmlDoc *ws = sheet(b, 2);
  assert_number(b, ws, "C4", 3379.81);
  char *f = numfmt(b, ws, "C4");
  cr_assert_str_eq(f, "0.00\"万元\"");
  g_free(f);
  assert_number(b, ws, "E27", 1712);
  f = numfmt(b, ws, "E27");
  cr_assert_str_eq(f, "0\"平方\"");
  g_free(f);
  xmlFreeDoc(ws);
  book_close(b);
  remove_tmp(path);
  biao_doc_free(doc);
}

/* 绩效 forms all have the same title: their sheets are named from the project (项目名称). */
Test(xlsx, performance_sheets_named_from_the_project) {
  biao_doc *doc = tu_open("docx/form-000.docx");
  char *path = write_tmp(doc, NULL);
  book *b = book_open(path);
  char *n = sheet_name(b, 2), *n2 = sheet_name(b, 3);
  cr_assert_str_eq(n, "业务工作经费");
  cr_assert_str_eq(n2, "运行维护经费");
  g_free(n);
  g_free(n2);
  xmlDoc *ws = sheet(b, 2);
  assert_cell(b, ws, "A1", "s", "2020年度项目支出绩效自评表 业务工作经费");
  xmlFreeDoc(ws);
  book_close(b);
  remove_tmp(path);
  biao_doc_free(doc);
}
