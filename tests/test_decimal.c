/* test_decimal.c — exact decimal arithmetic on digit strings (normalize/decimal.c). */
#include <string.h>

#include "normalize/decimal.h"
#include "testutil.h"

static void eq(char *got, const char *want) {
  cr_assert_not_null(got, "expected %s, got NULL", want);
  cr_assert_str_eq(got, want);
  g_free(got);
}

Test(decimal, canon_and_valid) {
  eq(bz_dec_canon("007.50"), "7.50");
  eq(bz_dec_canon("-0.00"), "0.00");
  cr_assert(!bz_dec_valid("1,006.09"));
  cr_assert(!bz_dec_valid("1."));
  cr_assert(!bz_dec_valid(""));
  cr_assert(bz_dec_valid("-12.5"));
}

Test(decimal, add_sub_keep_the_larger_scale) {
  eq(bz_dec_add("0.1", "0.2"), "0.3"); /* 0.30000000000000004 in binary floating point */
  eq(bz_dec_add("1006.09", "-1006.1"), "-0.01");
  eq(bz_dec_sub("169.45", "252.63"), "-83.18");
  eq(bz_dec_add("99999999999999999999.99", "0.01"), "100000000000000000000.00");
  eq(bz_dec_sub("-5", "-5.00"), "0.00");
}

Test(decimal, compare) {
  cr_assert_eq(bz_dec_cmp("1.50", "1.5"), 0);
  cr_assert_eq(bz_dec_cmp("-2", "1"), -1);
  cr_assert_eq(bz_dec_cmp("10", "9.99"), 1);
}

Test(decimal, shift_by_powers_of_ten) {
  eq(bz_dec_shift("1006.09", 4), "10060900");
  eq(bz_dec_shift("12345.67", -4), "1.234567");
  eq(bz_dec_shift("-0.5", 1), "-5");
  eq(bz_dec_shift("3", -2), "0.03");
}

Test(decimal, round_half_up) {
  eq(bz_dec_round("2.345", 2), "2.35");
  eq(bz_dec_round("2.344", 2), "2.34");
  eq(bz_dec_round("-2.345", 2), "-2.35"); /* half away from zero */
  eq(bz_dec_round("9.995", 2), "10.00");
  eq(bz_dec_round("10060900", 2), "10060900.00");
}

Test(decimal, divide_to_precision) {
  /* seed 000 form 1: 执行率 = 169.45 / 252.63 = 67.07% */
  eq(bz_dec_div("16945", "252.63", 2), "67.07");
  eq(bz_dec_div("14126", "152.53", 2), "92.61");
  eq(bz_dec_div("1", "3", 4), "0.3333");
  eq(bz_dec_div("2", "3", 0), "1");
  eq(bz_dec_div("-1", "8", 2), "-0.13");
  cr_assert_null(bz_dec_div("1", "0.00", 2));
}

Test(decimal, multiply_and_trim) {
  eq(bz_dec_mul("1.5", "-0.25"), "-0.375");
  eq(bz_dec_trim("12.50"), "12.5");
  eq(bz_dec_trim("3.00"), "3");
}
