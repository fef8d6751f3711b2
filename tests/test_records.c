/* test_records.c — `--records` output validated against the JSON Schemas in schemas/, with a small
 * validator for the JSON Schema subset the schemas use (type, enum, required, properties,
 * additionalProperties, items; annotations ignored). Any other keyword fails the test, so the
 * validator cannot silently skip a constraint. Values are asserted on real forms too. */
#include <string.h>

#include "testutil.h"

static const char *const known[] = {"$schema", "$id", "title", "description", "type", "enum", "required",
                                    "properties", "additionalProperties", "items", NULL};

static gboolean type_ok(json_object *inst, const char *t) {
  json_type jt = json_object_get_type(inst);
  if (!strcmp(t, "null")) return jt == json_type_null;
  if (!strcmp(t, "string")) return jt == json_type_string;
  if (!strcmp(t, "integer")) return jt == json_type_int;
  if (!strcmp(t, "number")) return jt == json_type_int || jt == json_type_double;
  if (!strcmp(t, "boolean")) return jt == json_type_boolean;
  if (!strcmp(t, "object")) return jt == json_type_object;
  if (!strcmp(t, "array")) return jt == json_type_array;
  return FALSE;
}

/* Appends one line per violation to errs. */
static void validate(json_object *schema, json_object *inst, const char *path, GString *errs) {
  json_object_object_foreach(schema, kw, val) {
    (void)val;
    gboolean ok = FALSE;
    for (int i = 0; known[i]; i++) ok |= !strcmp(kw, known[i]);
    if (!ok) g_string_append_printf(errs, "%s: schema keyword '%s' not supported by the test validator\n", path, kw);
  }
  json_object *v;
  if (json_object_object_get_ex(schema, "type", &v)) {
    gboolean ok = FALSE;
    if (json_object_is_type(v, json_type_string)) ok = type_ok(inst, json_object_get_string(v));
    else
      for (size_t i = 0; i < json_object_array_length(v); i++)
        ok |= type_ok(inst, json_object_get_string(json_object_array_get_idx(v, i)));
    if (!ok) {
      g_string_append_printf(errs, "%s: type %s not allowed (%s)\n", path, json_type_to_name(json_object_get_type(inst)),
                             json_object_to_json_string(v));
      return;
    }
  }
  if (json_object_object_get_ex(schema, "enum", &v)) {
    gboolean ok = FALSE;
    for (size_t i = 0; i < json_object_array_length(v); i++) ok |= json_object_equal(json_object_array_get_idx(v, i), inst);
    if (!ok) g_string_append_printf(errs, "%s: %s not in enum\n", path, json_object_to_json_string(inst));
  }
  if (json_object_is_type(inst, json_type_object)) {
    json_object *props = NULL, *addl = NULL;
    if (json_object_object_get_ex(schema, "required", &v))
      for (size_t i = 0; i < json_object_array_length(v); i++) {
        const char *k = json_object_get_string(json_object_array_get_idx(v, i));
        if (!json_object_object_get_ex(inst, k, NULL)) g_string_append_printf(errs, "%s: missing '%s'\n", path, k);
      }
    json_object_object_get_ex(schema, "properties", &props);
    json_object_object_get_ex(schema, "additionalProperties", &addl);
    json_object_object_foreach(inst, k, child) {
      char *sub = g_strdup_printf("%s.%s", path, k);
      json_object *ps = NULL;
      if (props && json_object_object_get_ex(props, k, &ps)) validate(ps, child, sub, errs);
      else if (addl && json_object_is_type(addl, json_type_boolean) && !json_object_get_boolean(addl))
        g_string_append_printf(errs, "%s: property not allowed\n", sub);
      else if (addl && json_object_is_type(addl, json_type_object)) validate(addl, child, sub, errs);
      g_free(sub);
    }
  }
  if (json_object_is_type(inst, json_type_array) && json_object_object_get_ex(schema, "items", &v))
    for (size_t i = 0; i < json_object_array_length(inst); i++) {
      char *sub = g_strdup_printf("%s[%zu]", path, i);
      validate(v, json_object_array_get_idx(inst, i), sub, errs);
      g_free(sub);
    }
}

static json_object *schema(const char *kind) {
  char *rel = g_strdup_printf("../schemas/%s.schema.json", kind);
  char *path = tu_corpus(rel);
  json_object *s = json_object_from_file(path);
  cr_assert_not_null(s, "cannot read %s", path);
  g_free(rel);
  g_free(path);
  return s;
}

/* Validate a whole --records document; returns the violations ("" when valid). */
static char *violations(json_object *doc) {
  GString *errs = g_string_new(NULL);
  json_object *top = schema("records"), *recs;
  validate(top, doc, "$", errs);
  json_object_put(top);
  if (json_object_object_get_ex(doc, "records", &recs))
    for (size_t i = 0; i < json_object_array_length(recs); i++) {
      json_object *r = json_object_array_get_idx(recs, i), *k;
      json_object_object_get_ex(r, "kind", &k);
      json_object *s = schema(json_object_get_string(k));
      char *p = g_strdup_printf("$.records[%zu]", i);
      validate(s, r, p, errs);
      g_free(p);
      json_object_put(s);
    }
  return g_string_free(errs, FALSE);
}

static json_object *records_of(const char *rel, biao_unit_mode unit) {
  biao_options opt;
  biao_options_init(&opt);
  opt.unit = unit;
  biao_doc *doc = tu_open_opts(rel, &opt);
  char *buf = NULL;
  size_t len = 0;
  cr_assert_eq(biao_export_records(doc, 1, &buf, &len, NULL), BIAO_OK);
  json_object *j = json_tokener_parse(buf);
  cr_assert_not_null(j, "records are not JSON");
  biao_free(buf);
  biao_doc_free(doc);
  return j;
}

static json_object *rec(json_object *doc, size_t i) {
  json_object *recs;
  cr_assert(json_object_object_get_ex(doc, "records", &recs));
  cr_assert_gt(json_object_array_length(recs), i);
  return json_object_array_get_idx(recs, i);
}

static json_object *get(json_object *o, const char *k) {
  json_object *v = NULL;
  cr_assert(json_object_object_get_ex(o, k, &v), "no '%s'", k);
  return v;
}

/* Exact decimal as written in the JSON text (json-c keeps the original digits of a double). */
static const char *num_text(json_object *v) { return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN); }

Test(records, self_evaluation_seed000_valid_and_exact) {
  json_object *doc = records_of("text/000_4f5e7c5a56be8784.txt", BIAO_UNIT_KEEP);
  char *errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  json_object *r = rec(doc, 0);
  cr_assert_str_eq(json_object_get_string(get(r, "kind")), "performance-evaluation");
  cr_assert_str_eq(json_object_get_string(get(r, "项目名称")), "业务工作经费");
  cr_assert_str_eq(json_object_get_string(get(r, "主管部门")), "湖南省长株潭两型社会建设服务中心");
  cr_assert_str_eq(json_object_get_string(get(r, "unit")), "万元");
  json_object *f = get(r, "funds");
  cr_assert_str_eq(num_text(get(f, "全年预算数")), "252.63");
  cr_assert_str_eq(num_text(get(f, "全年执行数")), "169.45");
  cr_assert_str_eq(num_text(get(f, "执行率")), "67.07");
  cr_assert_str_eq(num_text(get(r, "总分")), "97");
  cr_assert_str_eq(num_text(get(r, "满分")), "100");
  json_object *ind = get(r, "indicators");
  cr_assert_eq(json_object_array_length(ind), 11);
  json_object *i1 = json_object_array_get_idx(ind, 1);
  cr_assert_str_eq(json_object_get_string(get(i1, "一级指标")), "产出指标(50分)", "carried down from the row above");
  cr_assert_str_eq(json_object_get_string(get(i1, "二级指标")), "质量指标");
  cr_assert_str_eq(num_text(get(i1, "分值")), "8");
  json_object *r2 = rec(doc, 1);
  json_object *i7 = json_object_array_get_idx(get(r2, "indicators"), 7);
  cr_assert_str_eq(json_object_get_string(get(i7, "偏差原因")), "需提高微信公众号粉丝粘度，及新粉丝关注数");
  cr_assert_str_eq(num_text(get(i7, "得分")), "18");
  json_object_put(doc);
}

Test(records, docx_form_gives_the_same_record) {
  json_object *doc = records_of("docx/form-000.docx", BIAO_UNIT_KEEP);
  char *errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  json_object *r = rec(doc, 0), *f = get(r, "funds");
  cr_assert_str_eq(json_object_get_string(get(r, "项目名称")), "业务工作经费");
  cr_assert_str_eq(num_text(get(f, "执行率")), "67.07");
  cr_assert_str_eq(num_text(get(r, "总分")), "97");
  cr_assert_eq(json_object_array_length(get(r, "indicators")), 11);
  json_object_put(doc);
}

Test(records, funds_converted_to_yuan_exactly) {
  json_object *doc = records_of("text/000_4f5e7c5a56be8784.txt", BIAO_UNIT_YUAN);
  json_object *r = rec(doc, 0), *f = get(r, "funds");
  cr_assert_str_eq(num_text(get(f, "全年预算数")), "2526300.00");
  cr_assert_str_eq(num_text(get(f, "年初预算数")), "1867300.00");
  cr_assert_str_eq(num_text(get(f, "分值")), "10", "scores are never converted");
  cr_assert_str_eq(num_text(get(f, "执行率")), "67.07", "rates are never converted");
  json_object_put(doc);
}

Test(records, budget_tables_of_a_real_final_account) {
  json_object *doc = records_of("pdf-real/govbc-01.pdf", BIAO_UNIT_KEEP);
  char *errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  /* 收入决算表 (公开02表): 2010601 行政运行 本年收入合计 1,511.90 */
  json_object *recs = get(doc, "records"), *found = NULL;
  for (size_t i = 0; i < json_object_array_length(recs) && !found; i++) {
    json_object *r = json_object_array_get_idx(recs, i), *code;
    if (json_object_object_get_ex(r, "code", &code) && json_object_get_string(code) &&
        !strcmp(json_object_get_string(code), "公开02表"))
      found = r;
  }
  cr_assert_not_null(found);
  json_object *rows = get(found, "rows"), *row = NULL;
  for (size_t i = 0; i < json_object_array_length(rows); i++) {
    json_object *c = get(json_object_array_get_idx(rows, i), "code");
    if (json_object_get_string(c) && !strcmp(json_object_get_string(c), "2010601")) row = json_object_array_get_idx(rows, i);
  }
  cr_assert_not_null(row);
  cr_assert_str_eq(json_object_get_string(get(row, "parent")), "20106");
  cr_assert_str_eq(json_object_get_string(get(row, "label")), "行政运行");
  cr_assert_str_eq(num_text(get(get(row, "amounts"), "本年收入合计")), "1511.90");
  json_object_put(doc);
}

Test(records, performance_target_of_a_real_budget) {
  /* tbxt-01 pp.31-35: 财政项目支出绩效目标填报表, amounts in 元 */
  json_object *doc = records_of("pdf-real/tbxt-01.pdf", BIAO_UNIT_KEEP);
  char *errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  json_object *recs = get(doc, "records"), *r = NULL;
  for (size_t i = 0; i < json_object_array_length(recs) && !r; i++)
    if (!strcmp(json_object_get_string(get(json_object_array_get_idx(recs, i), "kind")), "performance-target"))
      r = json_object_array_get_idx(recs, i);
  cr_assert_not_null(r);
  cr_assert_str_eq(json_object_get_string(get(r, "项目名称")), "新建万里街道社区公共服务中心");
  cr_assert_str_eq(json_object_get_string(get(r, "unit")), "元");
  json_object *i0 = json_object_array_get_idx(get(r, "indicators"), 0);
  cr_assert_str_eq(json_object_get_string(get(i0, "一级指标")), "产出指标");
  cr_assert_str_eq(json_object_get_string(get(i0, "三级指标")), "规划建筑面积");
  cr_assert_str_eq(json_object_get_string(get(i0, "年度指标值")), "≥13459.00(平方米)");
  json_object *i2 = json_object_array_get_idx(get(r, "indicators"), 2);
  cr_assert_str_eq(json_object_get_string(get(i2, "一级指标")), "产出指标", "carried over the merged cell");
  cr_assert_str_eq(json_object_get_string(get(i2, "二级指标")), "成本指标");
  json_object_put(doc);
}

Test(records, validator_rejects_a_broken_record) {
  json_object *doc = records_of("text/000_4f5e7c5a56be8784.txt", BIAO_UNIT_KEEP);
  json_object *r = rec(doc, 0);
  json_object_object_add(r, "总分", json_object_new_string("97"));
  json_object_object_del(r, "主管部门");
  json_object_object_add(r, "extra", json_object_new_int(1));
  char *errs = violations(doc);
  cr_assert(strstr(errs, "$.records[0].总分: type string not allowed"), "%s", errs);
  cr_assert(strstr(errs, "$.records[0]: missing '主管部门'"), "%s", errs);
  cr_assert(strstr(errs, "$.records[0].extra: property not allowed"), "%s", errs);
  g_free(errs);
  json_object_put(doc);
}

/* ---- two-sided forms: each side its own records (label, its amounts, its side) ---- */

static json_object *records_at(const char *path) {
  biao_doc *doc = NULL;
  biao_error err;
  cr_assert_eq(biao_doc_open_file(&doc, path, NULL, &err), BIAO_OK, "%s: %s", path, err.message);
  char *buf = NULL;
  cr_assert_eq(biao_export_records(doc, 0, &buf, NULL, NULL), BIAO_OK);
  json_object *j = json_tokener_parse(buf);
  cr_assert_not_null(j);
  biao_free(buf);
  biao_doc_free(doc);
  return j;
}

/* The record of `form` (name or code) with this label on this side, or NULL. */
static json_object *side_row(json_object *doc, const char *form, int side, const char *label) {
  json_object *recs = get(doc, "records");
  for (size_t i = 0; i < json_object_array_length(recs); i++) {
    json_object *r = json_object_array_get_idx(recs, i), *code = NULL;
    json_object_object_get_ex(r, "code", &code);
    if (strcmp(json_object_get_string(get(r, "form")), form) &&
        !(json_object_get_string(code) && !strcmp(json_object_get_string(code), form)))
      continue;
    json_object *rows = get(r, "rows");
    for (size_t k = 0; k < json_object_array_length(rows); k++) {
      json_object *row = json_object_array_get_idx(rows, k);
      const char *l = json_object_get_string(get(row, "label"));
      if (json_object_get_int(get(row, "side")) == side && l && !strcmp(l, label)) return row;
    }
  }
  return NULL;
}

/* The amounts of a record as "path=number ..." in column order. */
static char *amounts_text(json_object *row) {
  GString *s = g_string_new(NULL);
  json_object_object_foreach(get(row, "amounts"), k, v) g_string_append_printf(s, "%s%s=%s", s->len ? " " : "", k, num_text(v));
  return g_string_free(s, FALSE);
}

static void assert_side_row(json_object *doc, const char *form, int side, const char *side_name, const char *label,
                            const char *amounts) {
  json_object *row = side_row(doc, form, side, label);
  cr_assert_not_null(row, "%s: no record '%s' on side %d", form, label, side);
  const char *name = json_object_get_string(get(row, "side_name"));
  cr_assert_str_eq(name ? name : "(null)", side_name, "%s '%s'", form, label);
  char *got = amounts_text(row);
  cr_assert_str_eq(got, amounts, "%s '%s' side %d", form, label, side);
  g_free(got);
}

/* govbc-01 pp.6-7 公开01表 and 公开04表 (the example: 八、其他收入 used to carry the 支出 amount
 * 326.71 of 八、社会保障和就业支出, and the 支出 labels were lost). */
Test(records, two_sided_final_account) {
  json_object *doc = records_of("pdf-real/govbc-01.pdf", BIAO_UNIT_KEEP);
  char *errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  assert_side_row(doc, "公开01表", 1, "收入", "八、其他收入", "收入/决算数=6.20");
  assert_side_row(doc, "公开01表", 2, "支出", "八、社会保障和就业支出", "支出/决算数=326.71");
  assert_side_row(doc, "公开01表", 2, "支出", "十九、住房保障支出", "支出/决算数=445.69");
  assert_side_row(doc, "公开01表", 1, "收入", "本年收入合计", "收入/决算数=2946.25");
  assert_side_row(doc, "公开01表", 2, "支出", "本年支出合计", "支出/决算数=2940.05");
  assert_side_row(doc, "公开01表", 2, "支出", "年末结转和结余", "支出/决算数=55.34");
  cr_assert_str_eq(json_object_get_string(get(side_row(doc, "公开01表", 2, "本年支出合计"), "total")), "合计");
  assert_side_row(doc, "公开04表", 1, "收入", "一、一般公共预算财政拨款", "收入/决算数=2940.05");
  assert_side_row(doc, "公开04表", 2, "支出", "九、卫生健康支出", "支出/合计=60.99 支出/一般公共预算财政拨款=60.99");
  cr_assert_null(side_row(doc, "公开01表", 1, "八、社会保障和就业支出"), "a 支出 label is not on the 收入 side");
  json_object_put(doc);
}

/* Budget 总表s: govbc-06 (财务收支预算总表, 元), jsob-01 (收支预算总表 in three sides: 收入 | 支出 by
 * function | 支出 by use), and a city's 部门收支总体情况表 (cq-01 p.9). */
Test(records, two_sided_budgets) {
  json_object *doc = records_of("pdf-real/govbc-06.pdf", BIAO_UNIT_KEEP);
  char *errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  assert_side_row(doc, "财务收支预算总表", 1, "本年收入", "1.一般公共预算资金", "本年收入/预算数=91016775.35");
  assert_side_row(doc, "财务收支预算总表", 2, "本年支出", "二、社会保障和就业支出", "本年支出/预算数=4213779.28");
  assert_side_row(doc, "财政拨款收支预算总表", 2, "财政拨款支出", "四、住房保障支出",
                  "财政拨款支出/合计=3609125.22 财政拨款支出/一般公共预算=3609125.22");
  json_object_put(doc);

  doc = records_of("pdf-real/jsob-01.pdf", BIAO_UNIT_KEEP);
  errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  assert_side_row(doc, "收支预算总表", 1, "收入", "一、财政拨款", "收入/金额=13649.07");
  assert_side_row(doc, "收支预算总表", 2, "支出/功能分类", "八、社会保障和就业支出", "支出/功能分类/金额=1608.51");
  assert_side_row(doc, "收支预算总表", 3, "支出/支出用途", "二、项目支出", "支出/支出用途/金额=5853.96");
  cr_assert_str_eq(json_object_get_string(get(side_row(doc, "收支预算总表", 3, "当年支出小计"), "total")), "小计",
                   "a label merged over two sides is a total on both");
  json_object_put(doc);

  char *cq = tu_shared("corpus/cities/cq-01.pdf");
  doc = records_at(cq);
  g_free(cq);
  errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  assert_side_row(doc, "收支预算总表", 1, "收入", "五、事业收入资金", "收入/预算数=812.48");
  assert_side_row(doc, "收支预算总表", 2, "支出", "六、住房保障支出", "支出/预算数=539.91");
  assert_side_row(doc, "收支预算总表", 2, "支出", "合计", "支出/预算数=19230.18");
  json_object_put(doc);

  /* sz-01 p.23, the second page of a 收支总表: the 收入 side is empty there, the 支出 side keeps its
   * labels (the issue: right-side labels were lost, "label": null) */
  char *sz = tu_shared("corpus/cities/sz-01.pdf");
  doc = records_at(sz);
  g_free(sz);
  errs = violations(doc);
  cr_assert_str_eq(errs, "", "%s", errs);
  g_free(errs);
  assert_side_row(doc, "收支预算总表", 2, "支出", "其他污染减排支出", "支出/2026年预算数=13029.16");
  assert_side_row(doc, "收支预算总表", 2, "支出", "五、城乡社区支出", "支出/2026年预算数=13760.22");
  json_object_put(doc);

  /* xa-09 p.29: 收入 | 支出 by function | by 部门预算 economic class | by 政府预算 economic class, the
   * first data row (一、部门预算) read as a header row, so the label columns are known by their text */
  char *xa = tu_shared("corpus/cities/xa-09.pdf");
  doc = records_at(xa);
  g_free(xa);
  assert_side_row(doc, "收支预算总表", 1, "收入/项目", "(1)一般公共预算拨款收入", "收入/预算数=181716.56");
  assert_side_row(doc, "收支预算总表", 2, "支出/支出功能分类", "1、一般公共服务", "支出/预算数=56.52");
  assert_side_row(doc, "收支预算总表", 3, "支出/部门预算支出经济分类", "(1)工资福利支出", "支出/预算数=7804.52");
  assert_side_row(doc, "收支预算总表", 4, "支出/政府预算支出经济分类", "1、机关工资福利支出", "支出/预算数=5900.98");
  json_object_put(doc);
}

/* --unit yuan: the records say the unit their amounts are in. */
Test(records, unit_of_converted_records) {
  json_object *doc = records_of("pdf-real/govbc-01.pdf", BIAO_UNIT_YUAN);
  json_object *r = rec(doc, 0);
  cr_assert_str_eq(json_object_get_string(get(r, "unit")), "元");
  assert_side_row(doc, "公开01表", 2, "支出", "八、社会保障和就业支出", "支出/决算数=3267100.00");
  json_object_put(doc);
}
