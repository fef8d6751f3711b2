/* regex.h — matching text against PCRE2 patterns written in the code, cached per process
 * (internal; the rule files have their own engine, rules.h). */
#ifndef BZ_REGEX_H
#define BZ_REGEX_H

#include <glib.h>

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

#endif
