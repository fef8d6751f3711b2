/* docx_text.h — small text decisions of the DOCX reader: w:sym characters and the choice of a table
 * title among the paragraphs before it. */
#ifndef BZ_DOCX_TEXT_H
#define BZ_DOCX_TEXT_H

#include <glib.h>

/* The character a w:sym element shows. Word stores symbol-font glyphs as private-use code points
 * U+F020..U+F0FF (the font's byte + 0xF000); the common Symbol and Wingdings glyphs (Greek letters,
 * math operators, check marks and boxes) are mapped to their Unicode characters, others are kept
 * as the private-use character so nothing is lost. `hex` is the w:char value, `font` w:font. */
gunichar bz_docx_sym_char(const char *hex, const char *font);

/* Index in `lines` (paragraphs before a table, in order) of the best title, or -1: the last
 * paragraph that is neither a unit line (单位：万元), an attachment label (附件3-1), a bare year in
 * brackets (（2020年度）) nor a long body paragraph; one that names a 表 is preferred. */
int bz_docx_pick_title(GPtrArray *lines);

#endif
