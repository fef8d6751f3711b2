/* normalize.h — cleanup and reconstruction passes run on every document after extraction,
 * whatever its format. */
#ifndef BZ_NORMALIZE_H
#define BZ_NORMALIZE_H

#include "../core/model.h"

int bz_normalize(biao_doc *doc, const biao_options *opt, biao_error *err);

/* Cell text cleanup shared by all readers: trims each line, drops empty leading/trailing lines,
 * removes spaces between two CJK characters, folds runs of spaces. Returns a new string. */
char *bz_text_clean(const char *s);

/* One amount as printed ("1,204.50", "0.00", "-3.2"): digits with a decimal point or thousands
 * commas, nothing else (quality.c). */
gboolean bz_is_amount(const char *s);
/* Set every table's quality (quality.c): run last, it reads the checks. */
void bz_quality_pass(biao_doc *doc);

/* Join tables continued over pages (continuation.c). */
void bz_join_continuations(biao_doc *doc);

/* An amount, count, code or percentage as printed (digits with , . - % + and spaces): what data
 * rows hold and header rows do not. Shared by the PDF reader and page-continuation joining. */
gboolean bz_text_is_numeric(const char *s);

/* Wide characters (Han, kana, Hangul, full-width forms, CJK punctuation): never a space between
 * two of them; Latin words and numbers keep theirs. */
gboolean bz_text_is_cjk(gunichar c);

/* What joins two lines of one cell's text (a wrapped line, or a label cut by a page break), from
 * the last character `a` of the line above and the first `b` of the next: nothing next to a CJK
 * character or inside a number wrapped in a narrow column (92.6 / 1, 100 / %); else one space.
 * Static string. */
const char *bz_text_wrap_sep(gunichar a, gunichar b);
/* The last character of s (len bytes, or up to its NUL when len < 0); 0 for "". */
gunichar bz_text_last_char(const char *s, gssize len);

#endif
