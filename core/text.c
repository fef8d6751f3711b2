/* text.c — text helpers every stage needs (see text.h): cell text cleanup shared by all readers,
 * CJK and number tests, line joins, header keys. */
#include "text.h"
#include "regex.h"

#include <string.h>

gboolean bz_text_is_cjk(gunichar c) { return c >= 0x2E80 && g_unichar_iswide(c) && c != 0x3000; }

gunichar bz_text_last_char(const char *s, gssize len) {
  const char *end = g_utf8_find_prev_char(s, s + (len < 0 ? (gssize)strlen(s) : len));
  return end ? g_utf8_get_char(end) : 0;
}

static gboolean in_number(gunichar c) { return g_ascii_isdigit(c) || c == '.' || c == ','; }

/* A sign written after a number without a space: 90%, 5‰, 30°, 25℃. */
static gboolean unit_sign(gunichar c) {
  return c == '%' || c == 0x2030 || c == 0x2031 || c == 0x00B0 || c == 0x2103 || c == 0x2109;
}

/* A wrap is a break where a space was only when the text is words: a space is written between two
 * Latin words (or a word and a number) and nowhere else. So nothing goes in when the break falls
 * next to a CJK glyph; inside a number (92.6 / 1) or before its unit sign (100 / %); after a
 * comparison, math or currency sign before a number (≥ / 90%, ± / 0.5, ~ / 3, ¥ / 100: these signs
 * end a line only where CJK text or a formula wraps, never where a space was); after a dash or slash
 * (2025- / 2026, Log- / Rank, km/ / h); after an opening bracket or before closing punctuation
 * (( / a, a / ), a / , — no word text puts a space there). */
const char *bz_text_wrap_sep(gunichar a, gunichar b) {
  if (bz_text_is_cjk(a) || bz_text_is_cjk(b)) return "";
  if (in_number(a) && (in_number(b) || unit_sign(b))) return ""; /* 92.6 / 1, 100 / % in a narrow column */
  GUnicodeType ta = g_unichar_type(a), tb = g_unichar_type(b);
  if ((ta == G_UNICODE_MATH_SYMBOL || ta == G_UNICODE_CURRENCY_SYMBOL) && (g_unichar_isdigit(b) || b == '.'))
    return "";
  if (ta == G_UNICODE_DASH_PUNCTUATION || a == '/') return "";
  if (ta == G_UNICODE_OPEN_PUNCTUATION || ta == G_UNICODE_INITIAL_PUNCTUATION) return "";
  if (tb == G_UNICODE_CLOSE_PUNCTUATION || tb == G_UNICODE_FINAL_PUNCTUATION || (b && b < 0x80 && strchr(",.;:!?", (int)b)))
    return "";
  return " ";
}

static char *clean_line(const char *line) {
  GString *out = g_string_new(NULL);
  gunichar prev = 0;     /* last non-space character written */
  gboolean pending = FALSE; /* whitespace seen since prev */
  for (const char *p = line; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isspace(c) || c == 0x00A0 || c == 0xFEFF || c == 0x200B) {
      pending = prev != 0;
      continue;
    }
    if (pending && !(bz_text_is_cjk(prev) && bz_text_is_cjk(c))) g_string_append_c(out, ' ');
    pending = FALSE;
    g_string_append_unichar(out, c);
    prev = c;
  }
  return g_string_free(out, FALSE);
}

char *bz_text_clean(const char *s) {
  if (!s) return g_strdup("");
  char *valid = g_utf8_make_valid(s, -1);
  char **lines = g_strsplit(valid, "\n", -1);
  GString *out = g_string_new(NULL);
  int pending_blank = 0;
  for (char **l = lines; *l; l++) {
    char *c = clean_line(*l);
    if (!*c) {
      if (out->len) pending_blank++;
    } else {
      if (out->len) {
        g_string_append_c(out, '\n');
        /* keep at most one blank line inside a cell (paragraph break) */
        if (pending_blank) g_string_append_c(out, '\n');
      }
      g_string_append(out, c);
      pending_blank = 0;
    }
    g_free(c);
  }
  g_strfreev(lines);
  g_free(valid);
  return g_string_free(out, FALSE);
}

gboolean bz_text_is_numeric(const char *s) {
  int digits = 0;
  for (const char *p = s; *p; p++) {
    if (g_ascii_isdigit(*p))
      digits++;
    else if (!strchr(",.-%+ ", *p))
      return FALSE;
  }
  return digits > 0;
}

/* Does s hold a character bz_header_key() removes? */
static gboolean has_space(const char *s) {
  for (const char *p = s; *p;) {
    if ((guchar)*p < 0x80) {
      if (g_ascii_isspace(*p)) return TRUE;
      p++;
      continue;
    }
    if (g_unichar_isspace(g_utf8_get_char(p))) return TRUE;
    p = g_utf8_next_char(p);
  }
  return FALSE;
}

const char *bz_header_key(biao_doc *doc, const char *text) {
  if (!text) return "";
  if (!has_space(text)) return text; /* the cell's own (interned) text: most cells */
  GString *o = g_string_new(NULL);
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!g_unichar_isspace(c)) g_string_append_unichar(o, c);
  }
  const char *r = bz_doc_intern(doc, o->str);
  g_string_free(o, TRUE);
  return r;
}

const char *bz_cell_key(biao_doc *doc, const biao_table *t, const bz_cell *c) {
  (void)t; /* most keys are the text itself; the others are interned once, de-duplicated */
  return bz_header_key(doc, c->text);
}

const char *bz_owner_key(biao_doc *doc, biao_table *t, int row, int col) {
  const bz_cell *o = bz_table_owner(t, row, col);
  return o ? bz_cell_key(doc, t, o) : "";
}

/* Length of the amount-like run at s: digits, thousands commas and decimal points (with a sign). */
static gsize number_run(const char *s) {
  gsize n = (*s == '-' && g_ascii_isdigit(s[1])) ? 1 : 0;
  while (g_ascii_isdigit(s[n]) || ((s[n] == ',' || s[n] == '.') && g_ascii_isdigit(s[n + 1])))
    n++;
  return n;
}

/* A date printed with points (2022.1.1): not two amounts. */
static gboolean is_dotted_date(const char *s, gsize n) {
  int groups = 1, digits = 0, first = 0;
  for (gsize i = 0; i < n; i++) {
    if (s[i] == '.') {
      if (groups == 1) first = digits;
      groups++, digits = 0;
    } else if (g_ascii_isdigit(s[i])) {
      digits++;
    } else if (s[i] == ',') {
      return FALSE;
    }
  }
  return groups == 3 && first == 4 && digits <= 2;
}

int bz_text_amounts_in(const char *s, int *run) {
  int n = 0;
  for (const char *p = s; *p;) {
    gsize len = g_ascii_isdigit(*p) || *p == '-' ? number_run(p) : 0;
    if (!len) {
      p++;
      continue;
    }
    int points = 0, commas = 0;
    for (gsize i = 0; i < len; i++)
      points += p[i] == '.', commas += p[i] == ',';
    if (points + commas > 0 && !(p > s && (g_ascii_isalnum(p[-1]) || p[-1] == '.'))) {
      n++;
      if (points >= 2 && !is_dotted_date(p, len)) (*run)++;
    }
    p += len;
  }
  return n;
}

gboolean bz_is_amount(const char *s) {
  int run = 0;
  gsize len = number_run(s);
  return len && !s[len] && bz_text_amounts_in(s, &run) == 1 && !run;
}

gboolean bz_text_is_colnum_label(const char *s) { return bz_re_match("栏次|行次|^[甲乙丙丁]$|^[A-Za-z]$|^\\*+$", s); }
