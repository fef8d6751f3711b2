/* decimal.c — exact decimal arithmetic on digit strings (see decimal.h).
 *
 * Internally a decimal is sign + magnitude + scale: the magnitude is the integer |a| * 10^scale as
 * a string of ASCII digits without leading zeros ("0" for zero). Magnitudes are added, subtracted
 * and divided digit by digit, schoolbook style: budget tables hold at most a few thousand numbers of
 * under 20 digits, so simplicity beats speed here. */
#include "decimal.h"

#include <string.h>

typedef struct {
  int neg;
  GString *mag;
  int scale;
} dec;

gboolean bz_dec_valid(const char *s) {
  if (!s) return FALSE;
  if (*s == '-') s++;
  if (!g_ascii_isdigit(*s)) return FALSE;
  while (g_ascii_isdigit(*s)) s++;
  if (*s == '.') {
    s++;
    if (!g_ascii_isdigit(*s)) return FALSE;
    while (g_ascii_isdigit(*s)) s++;
  }
  return *s == '\0';
}

static void strip_zeros(GString *m) {
  gsize i = 0;
  while (i + 1 < m->len && m->str[i] == '0') i++;
  if (i) g_string_erase(m, 0, (gssize)i);
  if (m->len == 0) g_string_assign(m, "0");
}

static gboolean is_zero(const GString *m) { return m->len == 1 && m->str[0] == '0'; }

static gboolean parse(const char *s, dec *d) {
  if (!bz_dec_valid(s)) return FALSE;
  d->neg = *s == '-';
  if (d->neg) s++;
  d->mag = g_string_new(NULL);
  d->scale = 0;
  const char *dot = strchr(s, '.');
  if (dot) {
    g_string_append_len(d->mag, s, dot - s);
    g_string_append(d->mag, dot + 1);
    d->scale = (int)strlen(dot + 1);
  } else {
    g_string_append(d->mag, s);
  }
  strip_zeros(d->mag);
  if (is_zero(d->mag)) d->neg = 0;
  return TRUE;
}

/* Consumes d. */
static char *format(dec *d) {
  GString *m = d->mag;
  strip_zeros(m);
  if (is_zero(m)) d->neg = 0;
  while ((int)m->len <= d->scale) g_string_prepend_c(m, '0');
  if (d->scale > 0) g_string_insert_c(m, (gssize)(m->len - (gsize)d->scale), '.');
  if (d->neg) g_string_prepend_c(m, '-');
  return g_string_free(m, FALSE);
}

static void rescale_up(dec *d, int scale) {
  for (; d->scale < scale; d->scale++) g_string_append_c(d->mag, '0');
  strip_zeros(d->mag);
}

static int mag_cmp(const GString *a, const GString *b) {
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  int c = memcmp(a->str, b->str, a->len);
  return c < 0 ? -1 : c > 0;
}

static GString *mag_add(const GString *a, const GString *b) {
  GString *r = g_string_new(NULL);
  int carry = 0;
  for (gsize i = 0; i < a->len || i < b->len || carry; i++) {
    int s = carry;
    if (i < a->len) s += a->str[a->len - 1 - i] - '0';
    if (i < b->len) s += b->str[b->len - 1 - i] - '0';
    g_string_prepend_c(r, (char)('0' + s % 10));
    carry = s / 10;
  }
  strip_zeros(r);
  return r;
}

/* a - b with a >= b. */
static GString *mag_sub(const GString *a, const GString *b) {
  GString *r = g_string_new(NULL);
  int borrow = 0;
  for (gsize i = 0; i < a->len; i++) {
    int s = a->str[a->len - 1 - i] - '0' - borrow;
    if (i < b->len) s -= b->str[b->len - 1 - i] - '0';
    borrow = s < 0;
    if (borrow) s += 10;
    g_string_prepend_c(r, (char)('0' + s));
  }
  strip_zeros(r);
  return r;
}

char *bz_dec_canon(const char *s) {
  dec d;
  if (!parse(s, &d)) return NULL;
  return format(&d);
}

int bz_dec_scale(const char *s) {
  const char *dot = s ? strchr(s, '.') : NULL;
  return dot ? (int)strlen(dot + 1) : 0;
}

static char *add_signed(const char *a, const char *b, int negate_b) {
  dec x, y;
  if (!parse(a, &x)) return NULL;
  if (!parse(b, &y)) {
    g_string_free(x.mag, TRUE);
    return NULL;
  }
  if (negate_b && !is_zero(y.mag)) y.neg = !y.neg;
  int scale = MAX(x.scale, y.scale);
  rescale_up(&x, scale);
  rescale_up(&y, scale);
  dec r = {0, NULL, scale};
  if (x.neg == y.neg) {
    r.mag = mag_add(x.mag, y.mag);
    r.neg = x.neg;
  } else if (mag_cmp(x.mag, y.mag) >= 0) {
    r.mag = mag_sub(x.mag, y.mag);
    r.neg = x.neg;
  } else {
    r.mag = mag_sub(y.mag, x.mag);
    r.neg = y.neg;
  }
  g_string_free(x.mag, TRUE);
  g_string_free(y.mag, TRUE);
  return format(&r);
}

char *bz_dec_add(const char *a, const char *b) { return add_signed(a, b, 0); }
char *bz_dec_sub(const char *a, const char *b) { return add_signed(a, b, 1); }

int bz_dec_cmp(const char *a, const char *b) {
  char *d = bz_dec_sub(a, b);
  if (!d) return 0;
  int r = d[0] == '-' ? -1 : (strspn(d, "0.") == strlen(d) ? 0 : 1);
  g_free(d);
  return r;
}

char *bz_dec_shift(const char *a, int n) {
  dec d;
  if (!parse(a, &d)) return NULL;
  if (n >= 0) {
    int drop = MIN(n, d.scale); /* fractional digits become integer digits */
    d.scale -= drop;
    for (int i = drop; i < n; i++) g_string_append_c(d.mag, '0');
  } else {
    d.scale += -n;
  }
  strip_zeros(d.mag);
  return format(&d);
}

/* Magnitude divided by 10^k, rounded half-up. */
static void mag_round_off(dec *d, int k) {
  if (k <= 0) return;
  GString *m = d->mag;
  while ((int)m->len <= k) g_string_prepend_c(m, '0');
  int first_dropped = m->str[m->len - (gsize)k] - '0';
  g_string_truncate(m, m->len - (gsize)k);
  if (first_dropped >= 5) {
    GString *one = g_string_new("1");
    GString *r = mag_add(m, one);
    g_string_free(one, TRUE);
    g_string_free(m, TRUE);
    d->mag = r;
  }
  strip_zeros(d->mag);
  d->scale -= k;
}

char *bz_dec_round(const char *a, int places) {
  dec d;
  if (!parse(a, &d)) return NULL;
  if (places < 0) places = 0;
  if (d.scale > places) mag_round_off(&d, d.scale - places);
  else rescale_up(&d, places);
  return format(&d);
}

char *bz_dec_div(const char *a, const char *b, int places) {
  dec x, y;
  if (!parse(a, &x)) return NULL;
  if (!parse(b, &y)) {
    g_string_free(x.mag, TRUE);
    return NULL;
  }
  if (is_zero(y.mag)) {
    g_string_free(x.mag, TRUE);
    g_string_free(y.mag, TRUE);
    return NULL;
  }
  if (places < 0) places = 0;
  /* x/y = (X/10^sx) / (Y/10^sy); compute Q = X * 10^(sy + places + 1) / Y as an integer, which is
   * the quotient with one guard digit, then round the guard digit off half-up. */
  int extra = y.scale + places + 1 - x.scale;
  GString *num = g_string_new(x.mag->str);
  GString *den = y.mag;
  for (int i = 0; i < extra; i++) g_string_append_c(num, '0');
  for (int i = 0; i > extra; i--) g_string_append_c(den, '0');
  GString *q = g_string_new(NULL), *rem = g_string_new("0");
  for (gsize i = 0; i < num->len; i++) {
    g_string_append_c(rem, num->str[i]);
    strip_zeros(rem);
    int digit = 0;
    while (mag_cmp(rem, den) >= 0) {
      GString *r = mag_sub(rem, den);
      g_string_free(rem, TRUE);
      rem = r;
      digit++;
    }
    g_string_append_c(q, (char)('0' + digit));
  }
  strip_zeros(q);
  dec r = {x.neg != y.neg, q, places + 1};
  mag_round_off(&r, 1);
  g_string_free(num, TRUE);
  g_string_free(rem, TRUE);
  g_string_free(x.mag, TRUE);
  g_string_free(den, TRUE);
  return format(&r);
}

char *bz_dec_trim(const char *a) {
  char *c = bz_dec_canon(a);
  if (!c || !strchr(c, '.')) return c;
  gsize n = strlen(c);
  while (c[n - 1] == '0') c[--n] = '\0';
  if (c[n - 1] == '.') c[--n] = '\0';
  if (!strcmp(c, "-0")) {
    g_free(c);
    return g_strdup("0");
  }
  return c;
}

char *bz_dec_mul(const char *a, const char *b) {
  dec x, y;
  if (!parse(a, &x)) return NULL;
  if (!parse(b, &y)) {
    g_string_free(x.mag, TRUE);
    return NULL;
  }
  gsize n = x.mag->len + y.mag->len;
  int *acc = g_new0(int, n);
  for (gsize i = 0; i < x.mag->len; i++)
    for (gsize j = 0; j < y.mag->len; j++)
      acc[i + j + 1] += (x.mag->str[i] - '0') * (y.mag->str[j] - '0');
  for (gsize k = n - 1; k > 0; k--) {
    acc[k - 1] += acc[k] / 10;
    acc[k] %= 10;
  }
  GString *m = g_string_new(NULL);
  for (gsize k = 0; k < n; k++) g_string_append_c(m, (char)('0' + acc[k]));
  g_free(acc);
  dec r = {x.neg != y.neg, m, x.scale + y.scale};
  g_string_free(x.mag, TRUE);
  g_string_free(y.mag, TRUE);
  strip_zeros(r.mag);
  return format(&r);
}
