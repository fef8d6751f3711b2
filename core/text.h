/* text.h — text helpers shared by the readers (extract/), the passes (normalize/) and the writers
 * (export/): cell text cleanup, CJK and number tests, line joins, header keys (internal). */
#ifndef BZ_TEXT_H
#define BZ_TEXT_H

#include <glib.h>

#include "model.h"

/* Cell text cleanup shared by all readers: trims each line, drops empty leading/trailing lines,
 * removes spaces between two CJK characters, folds runs of spaces. Returns a new string. */
char *bz_text_clean(const char *s);

/* An amount, count, code or percentage as printed (digits with , . - % + and spaces): what data
 * rows hold and header rows do not. Shared by the PDF reader and page-continuation joining. */
gboolean bz_text_is_numeric(const char *s);
/* A label beside the numbers of a row that numbers the columns or lines: 栏次, 行次, 甲, A, **. */
gboolean bz_text_is_colnum_label(const char *s);

/* Amounts in `s` (a token with a digit and a decimal point or a thousands comma: 0.00, 1,204, not
 * a code like 201); `*run` counts tokens that are two amounts run together ("1,373.741,361.71").
 * Used by the PDF reader and the quality pass. */
int bz_text_amounts_in(const char *s, int *run);

/* One amount as printed ("1,204.50", "0.00", "-3.2"): digits with a decimal point or thousands
 * commas, nothing else. */
gboolean bz_is_amount(const char *s);

/* Wide characters (Han, kana, Hangul, full-width forms, CJK punctuation): never a space between
 * two of them; Latin words and numbers keep theirs. */
gboolean bz_text_is_cjk(gunichar c);

/* What joins two lines of one cell's text (a wrapped line, or a label cut by a page break), from
 * the last character `a` of the line above and the first `b` of the next: one space between two
 * words (Latin letters, numbers); nothing next to a CJK character, inside a number wrapped in a
 * narrow column (92.6 / 1, 100 / %), after a comparison or currency sign before a number (≥ / 90%),
 * after a dash, slash or opening bracket, before closing punctuation. Static string. */
const char *bz_text_wrap_sep(gunichar a, gunichar b);
/* The last character of s (len bytes, or up to its NUL when len < 0); 0 for "". */
gunichar bz_text_last_char(const char *s, gssize len);

/* Header text with line breaks and spaces removed ("年初\n预算数" -> "年初预算数"); interned in doc
 * (the text itself when it has no space). */
const char *bz_header_key(biao_doc *doc, const char *text);
/* bz_header_key() of a cell's text. bz_owner_key: of the cell covering (row, col), "" when none. */
const char *bz_cell_key(biao_doc *doc, const biao_table *t, const bz_cell *c);
const char *bz_owner_key(biao_doc *doc, biao_table *t, int row, int col);

#endif
