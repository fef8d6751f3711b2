/* decimal.h — exact decimal arithmetic on digit strings, for money: never binary floating point.
 *
 * A decimal is a plain C string "-1234.50": optional '-', digits, optional '.' and digits. The
 * number of fractional digits (the scale) is kept as printed, because it carries the precision the
 * report was written to ("10060900.00" 元 is exact to the fen). Every function returning char*
 * returns a new string (g_free it); NULL only when an argument is not a decimal. */
#ifndef BZ_DECIMAL_H
#define BZ_DECIMAL_H

#include <glib.h>

/* TRUE when s is "[-]D+[.D+]" (ASCII digits only). */
gboolean bz_dec_valid(const char *s);
/* Canonical form: no leading zeros, "-0" becomes "0", scale kept. */
char *bz_dec_canon(const char *s);
/* Number of fractional digits. */
int bz_dec_scale(const char *s);
/* -1, 0, 1 by numeric value (1.50 == 1.5). */
int bz_dec_cmp(const char *a, const char *b);
/* a + b, a - b; the result has the larger of the two scales. */
char *bz_dec_add(const char *a, const char *b);
char *bz_dec_sub(const char *a, const char *b);
/* a * 10^n (n may be negative); exact: the scale grows as needed, never shrinks below a's scale
 * minus n, and is at least 0. */
char *bz_dec_shift(const char *a, int n);
/* Round half-up (away from zero on .5) to `places` fractional digits; pads with zeros when the
 * scale is smaller. */
char *bz_dec_round(const char *a, int places);
/* a / b rounded half-up to `places` fractional digits; NULL when b is zero. */
char *bz_dec_div(const char *a, const char *b, int places);
/* Drop trailing fractional zeros ("12.50" -> "12.5", "3.00" -> "3"). */
char *bz_dec_trim(const char *a);
/* a * b exactly (scale = sum of scales). */
char *bz_dec_mul(const char *a, const char *b);

#endif
