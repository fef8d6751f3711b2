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
