/* semantic.h — the part of the model that the meaning pass (normalize/meaning.c) fills and the
 * writers read (internal): typed cell values, the table's money unit, header rows and column paths,
 * 栏次/行次, 科目 codes, total rows, the form a table is, and arithmetic check results. Everything is
 * computed once while the document is opened and then only read: the accessors below never compute
 * nor cache (the dense grid and owner index of model.h still are caches built on demand); a value
 * is kept compactly and only decoded by bz_value_at. Strings are interned in the document, or
 * (values) in the meaning's own arena. */
#ifndef BZ_SEMANTIC_H
#define BZ_SEMANTIC_H

#include <glib.h>

#include "biao.h"

typedef enum bz_vkind {
  BZ_V_EMPTY = 0,    /* "" or only spaces (full-width too) */
  BZ_V_PLACEHOLDER,  /* —— — - / 无 ...: printed "nothing here" */
  BZ_V_TEXT,         /* anything else; number parts are exposed in `numbers` */
  BZ_V_NUMBER,       /* 1,006.09  (12.50)  −12.5  3379.81万元  1712平方 */
  BZ_V_PERCENT,      /* 67.07%  ≥80%  92.61 in a 执行率 column: the value is the printed figure */
  BZ_V_CODE          /* digits that identify: 科目编码, 类/款/项, 行次/栏次, 序号, header numbers; text */
} bz_vkind;

/* A typed value as it is read: bz_value_at() decodes one into the caller's bz_value (the model keeps
 * them compactly, see bz_vslot). Its strings live as long as the document, but for `digits`. */
typedef struct bz_value {
  bz_vkind kind;
  const char *dec;     /* number/percent: exact decimal as printed ("1006.09"), else NULL */
  const char *unit;    /* "万元", "元", "%", "平方", "人/次" ... or NULL */
  const char *op;      /* comparator kept from the text: "≥" "≤" ">" "<" "以上" "以下"..., or NULL */
  const char *numbers; /* text: its number parts joined by '\n' ("1\n2\n30"), or NULL */
  const char *orig_dec;  /* before --unit conversion (NULL when not converted) */
  const char *orig_unit;
  char digits[48];     /* the decimal `dec` or `orig_dec` may point at: an amount printed with
                          separators ("1,006.09") read back without them, or a decimal parsed and
                          not stored yet; copy a bz_value and these pointers still point here */
} bz_value;

/* How the model keeps a value: 8 bytes per grid position (a 10 MB DOCX has ~460K positions; the
 * 56-byte bz_value kept for each, with a copy of every decimal, raised its peak memory by 30 MB:
 * issue 17). A decimal is mostly the cell's own text, as printed ("1511.90"), without its
 * thousands separators ("1,511.90") or before its unit ("67.07%"), so it costs no string; the unit is one of the table's few
 * distinct units; any other decimal, op, number parts and the --unit originals, which few cells
 * have, are behind `extra`. Written by bz_meaning_value_set, read by bz_value_at, which find the
 * position's text among the table's cells (so the cells stay as they are once typed). */
typedef enum bz_vdec {
  BZ_VDEC_NONE = 0,
  BZ_VDEC_TEXT,      /* the text itself: "1511.90" */
  BZ_VDEC_UNGROUPED, /* the text without its ',': "1,511.90" */
  BZ_VDEC_LEADING,   /* the decimal the text starts with: "67.07%", "3379.81万元" */
  BZ_VDEC_EXTRA      /* in the value's extra */
} bz_vdec;

typedef struct bz_vslot {
  guint32 extra; /* 1-based index in the meaning's value_extras, 0 = none */
  guint8 kind;   /* bz_vkind */
  guint8 unit;   /* 1-based index in the meaning's value_units, 0 = none (or more than 255: extra) */
  guint8 dec;    /* bz_vdec: where `dec` is */
  guint8 orig;   /* bz_vdec: where `orig_dec` is */
} bz_vslot;

typedef struct bz_vextra {
  const char *dec, *unit, *op, *numbers, *orig_dec, *orig_unit;
} bz_vextra;

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

/* One side of a table printed as several tables side by side (收入 | 支出 of a 总表, 人员经费 |
 * 公用经费): its columns, its own label and code column, and its own row labels, codes and totals.
 * Every table has at least one side; a one-sided table's side 0 spans all columns. */
typedef struct bz_side {
  int first_col, end_col; /* columns [first_col, end_col) */
  int label_col;          /* this side's label column, or -1 */
  int code_col;           /* this side's 科目编码 column, or -1 */
  const char *name;       /* header part shared by the side's columns ("收入", "支出"), or NULL */
  bz_rowmeta *rows;       /* n_rows: side 0 shares the meaning's `rows` */
} bz_side;

typedef struct bz_check {
  const char *rule;     /* rule name from rules/checks/ files */
  const char *what;     /* human description: "20106 财政事务 = Σ 4 children, column 本年收入合计" */
  const char *where;    /* the checked cell as a person finds it on the page: "p.12 row 14 '2010101
                           行政运行', column 项目支出" (1-based row, its label, the column header) */
  const char *skip;     /* not checked: why the check cannot decide (a part not read as a number,
                           children that may continue past the table's end ...), else NULL */
  int ok;               /* equal within the rule's tolerance (TRUE when not checked: never a FAIL) */
  int exact;            /* equal to the last digit */
  const char *expected; /* decimal */
  const char *actual;   /* decimal */
  int n_cells;          /* (row, col) pairs in `cells` */
  const int *cells;     /* row0, col0, row1, col1 ...: the cells involved, the checked cell first;
                           stored in the same allocation as the check (a 10 MB DOCX has ~80K) */
} bz_check;

typedef struct bz_meaning {
  int n_rows, n_cols;
  bz_vslot *values;         /* n_rows * n_cols, by top-left position of each cell (read them with
                               bz_value_at, write them with bz_meaning_value_set) */
  GArray *value_extras;     /* bz_vextra: the rare fields of `values` */
  GPtrArray *value_units;   /* the distinct units of `values` (their `unit` indexes) */
  GStringChunk *value_strings; /* strings of `values` */
  const char **col_path;    /* n_cols: flattened header path, or NULL */
  bz_colrole *col_role;     /* n_cols */
  const char **col_unit;    /* n_cols: unit printed in the header ("万元"), or NULL */
  bz_rowmeta *rows;         /* n_rows */
  int column_numbers_row;   /* the 栏次 row (1 2 3 ...), or -1 */
  int row_number_col;       /* the 行次 column, or -1 */
  int code_col;             /* column holding 科目编码 (or 类 when split), or -1 */
  int label_col;            /* column holding row labels, or -1 */
  const char *unit;         /* the unit the table's money values are in: as printed ("万元", "元"), or
                               after --unit the unit converted to; NULL when none is printed */
  const char *unit_printed; /* the unit as printed, when --unit converted to another one, else NULL */
  const char *form;         /* canonical form name, e.g. "收入支出决算总表", or NULL */
  const char *form_code;    /* "公开01表" etc., or NULL */
  const char *form_family;  /* "决算", "预算", "绩效" */
  GPtrArray *checks;        /* bz_check* */
  int n_sides;              /* >= 1 once the headers are read */
  bz_side *sides;           /* n_sides, left to right */
} bz_meaning;

/* A fresh, empty meaning sized to t's grid (roles OTHER, rows DATA, every index -1, no values yet),
 * replacing the one t had; t owns it and frees it with itself. */
bz_meaning *bz_table_attach_meaning(biao_table *t);
void bz_meaning_free(bz_meaning *m);
/* Empty typed values for every position, and a fresh arena for their strings (drops old ones). */
void bz_meaning_values_reset(bz_meaning *m);

/* Split m into n sides (n >= 1) starting at the columns `starts` (starts[0] == 0): side 0 keeps
 * m->rows, the others get rows of their own (kind DATA, nothing found yet). */
void bz_meaning_set_sides(bz_meaning *m, int n, const int *starts);

/* The table's meaning, or NULL when the pass did not run. */
const bz_meaning *bz_meaning_of(const biao_table *t);
bz_meaning *bz_meaning_mut(biao_table *t);
/* The typed value at the top-left position (row, col), decoded into *buf: returns buf, or NULL (no
 * meaning, out of range). */
const bz_value *bz_value_at(const biao_table *t, int row, int col, bz_value *buf);
/* Store v at (row, col) of t's meaning (inside the grid). Its strings must live as long as the
 * document, but for those in v->digits, which are copied. */
void bz_meaning_value_set(biao_table *t, int row, int col, const bz_value *v);
/* The decimal of a number cell at (row, col) as printed (after conversion), or NULL; it may be in
 * buf (the value is decoded there). */
const char *bz_meaning_dec(const biao_table *t, int row, int col, bz_value *buf);
/* "empty", "placeholder", "text", "number", "percent". */
const char *bz_vkind_name(bz_vkind k);

#endif
