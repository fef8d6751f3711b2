/* meaning.h — the semantic layer over every extracted table (internal): typed cell values, the
 * table's money unit, header rows and column paths, 栏次/行次, 科目 codes, total rows, the form a
 * table is, and arithmetic checks. Filled by bz_meaning() at the end of bz_normalize(); read by the
 * JSON writer, the records writer and `biao check`. All strings are interned in the document. */
#ifndef BZ_MEANING_H
#define BZ_MEANING_H

#include "../core/model.h"

typedef enum bz_vkind {
  BZ_V_EMPTY = 0,    /* "" or only spaces (full-width too) */
  BZ_V_PLACEHOLDER,  /* —— — - / 无 ...: printed "nothing here" */
  BZ_V_TEXT,         /* anything else; number parts are exposed in `numbers` */
  BZ_V_NUMBER,       /* 1,006.09  (12.50)  −12.5  3379.81万元  1712平方 */
  BZ_V_PERCENT       /* 67.07%  ≥80%  92.61 in a 执行率 column */
} bz_vkind;

typedef struct bz_value {
  bz_vkind kind;
  const char *dec;     /* number/percent: exact decimal as printed ("1006.09"), else NULL */
  const char *unit;    /* "万元", "元", "%", "平方", "人/次" ... or NULL */
  const char *op;      /* comparator kept from the text: "≥" "≤" ">" "<" "以上" "以下"..., or NULL */
  const char *numbers; /* text: its number parts joined by '\n' ("1\n2\n30"), or NULL */
  const char *orig_dec;  /* before --unit conversion (NULL when not converted) */
  const char *orig_unit;
} bz_value;

/* What a column holds; decides unit conversion and which checks apply. */
typedef enum bz_colrole {
  BZ_COL_OTHER = 0,
  BZ_COL_LABEL,   /* 项目 / 科目名称 / 指标 names */
  BZ_COL_CODE,    /* 科目编码 or 类/款/项 */
  BZ_COL_LINENO,  /* 行次 */
  BZ_COL_MONEY,   /* amounts: converted by --unit */
  BZ_COL_SCORE,   /* 分值 / 得分 */
  BZ_COL_PERCENT, /* 执行率 ... */
  BZ_COL_COUNT    /* 人数 / 车辆数 ... */
} bz_colrole;

typedef enum bz_rowkind { BZ_ROW_DATA = 0, BZ_ROW_HEADER, BZ_ROW_COLNUM, BZ_ROW_TOTAL } bz_rowkind;

typedef struct bz_rowmeta {
  bz_rowkind kind;
  const char *code;   /* 功能分类科目编码 "2010406", or NULL */
  const char *parent; /* "20104", or NULL */
  const char *label;  /* row label (科目名称 / 项目), or NULL */
  const char *total;  /* "合计" "小计" "总计" when a total row, else NULL */
} bz_rowmeta;

typedef struct bz_check {
  const char *rule;     /* rule name from rules/checks/ files */
  const char *what;     /* human description: "合计 = Σ children (col 本年支出/合计, row 12)" */
  int ok;               /* equal within the rule's tolerance */
  int exact;            /* equal to the last digit */
  const char *expected; /* decimal */
  const char *actual;   /* decimal */
  int n_cells;          /* (row, col) pairs in `cells` */
  const int *cells;     /* row0, col0, row1, col1 ...: the cells involved, the checked cell first;
                           stored in the same allocation as the check (a 10 MB DOCX has ~80K) */
} bz_check;

typedef struct bz_meaning {
  int n_rows, n_cols;
  bz_value *values;         /* n_rows * n_cols, by top-left position of each cell; NULL when released:
                               read them through bz_value_at(), which types the table again */
  const char **col_path;    /* n_cols: flattened header path, or NULL */
  bz_colrole *col_role;     /* n_cols */
  const char **col_unit;    /* n_cols: unit printed in the header ("万元"), or NULL */
  bz_rowmeta *rows;         /* n_rows */
  int column_numbers_row;   /* the 栏次 row (1 2 3 ...), or -1 */
  int row_number_col;       /* the 行次 column, or -1 */
  int code_col;             /* column holding 科目编码 (or 类 when split), or -1 */
  int label_col;            /* column holding row labels, or -1 */
  const char *unit;         /* table unit as printed: "万元", "元", or NULL */
  const char *form;         /* canonical form name, e.g. "收入支出决算总表", or NULL */
  const char *form_code;    /* "公开01表" etc., or NULL */
  const char *form_family;  /* "决算", "预算", "绩效" */
  GPtrArray *checks;        /* bz_check* */
  biao_doc *doc;            /* the document (strings, and typing the values again) */
  biao_unit_mode unit_mode; /* --unit of the pass */
  GStringChunk *value_strings; /* strings of `values` (freed with them) */
} bz_meaning;

/* The pass: analyse every table of doc (called once from bz_normalize). */
int bz_meaning_run(biao_doc *doc, const biao_options *opt, biao_error *err);
/* The table's meaning, or NULL when the pass did not run. */
const bz_meaning *bz_meaning_of(const biao_table *t);
bz_meaning *bz_meaning_mut(biao_table *t);
const bz_value *bz_value_at(const biao_table *t, int row, int col);

/* values.c: type one cell's text. `percent_col`: the column header says it holds a rate. */
void bz_value_parse(biao_doc *doc, const char *text, int percent_col, bz_value *out);
const char *bz_vkind_name(bz_vkind k);

/* headers.c */
void bz_meaning_headers(biao_doc *doc, biao_table *t, bz_meaning *m);
/* units.c */
void bz_meaning_units(biao_doc *doc, biao_table *t, bz_meaning *m, biao_unit_mode mode);
/* Unit words: "万元" -> 4, "元" -> 0, "千元" -> 3, "亿元" -> 8; -1 otherwise. */
int bz_unit_exponent(const char *unit);
/* subjects.c */
void bz_meaning_subjects(biao_doc *doc, biao_table *t, bz_meaning *m);
/* forms.c */
void bz_meaning_form(biao_doc *doc, biao_table *t, bz_meaning *m);
/* checks.c: load rules/checks/ (built-in dir and opt->rules_dir/checks); run the per-table rules on
 * one table (its values typed); run the per-document rules (forms present, cross-table sums). */
int bz_meaning_checks_load(const biao_options *opt, GPtrArray **rules, biao_error *err);
void bz_meaning_checks_table(biao_doc *doc, biao_table *t, const GPtrArray *rules);
void bz_meaning_checks_doc(biao_doc *doc, const GPtrArray *rules);
void bz_meaning_checks_unload(GPtrArray *rules);
/* Free the table's typed values (bz_value_at types them again on demand): writers call it when
 * done with a table. Pointers from bz_value_at() are valid until then. */
void bz_meaning_release_values(biao_table *t);

/* Does s match the PCRE pattern (UTF, Unicode properties)? Compiled once per process and cached by
 * the pattern's text; a pattern that does not compile, or a NULL s, never matches. */
gboolean bz_re_match(const char *pattern, const char *s);
/* First match of pattern in s from byte `start`: out[2i], out[2i+1] = byte offsets of group i
 * (0 = the whole match; n <= 16 groups), -1 when the group is unset. FALSE when no match. */
gboolean bz_re_groups(const char *pattern, const char *s, gsize start, int n, gssize *out);
/* Number of the named group, or a negative value. */
int bz_re_group_index(const char *pattern, const char *name);
/* Group i of a bz_re_groups() result as a new string (g_free it), NULL when unset or empty. */
char *bz_re_group_dup(const char *s, const gssize *out, int i);
/* Header text with line breaks and spaces removed ("年初\n预算数" -> "年初预算数"); interned. */
/* The total word a label starts or ends with — 合计, 小计 or 总计 ("本年支出合计", "合 计" keyed) —
 * or NULL (subjects.c). */
const char *bz_total_word(const char *k);
const char *bz_header_key(biao_doc *doc, const char *text);
/* bz_header_key() of a cell's text. bz_owner_key: of the cell covering (row, col), "" when none. */
const char *bz_cell_key(biao_doc *doc, const biao_table *t, const bz_cell *c);
const char *bz_owner_key(biao_doc *doc, biao_table *t, int row, int col);
/* The decimal of a number cell at (row, col) as printed (after conversion), or NULL. */
const char *bz_meaning_dec(const biao_table *t, int row, int col);

#endif
