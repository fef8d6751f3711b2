/* values.c — typing one cell: number, percent, placeholder, empty or text.
 *
 * The text is first folded with NFKC (full-width digits, '％', '（', the ideographic space) and the
 * few signs NFKC leaves alone (U+2212 minus, ≧ ≦) are mapped by hand; then one anchored pattern
 * recognises [comparator] [sign] [(] digits [)] [%] [unit] [以上/以下]. Anything else that holds
 * digits stays text and exposes its number parts, so "1-2次/30天" is not mistaken for a number. */
#include <string.h>

#include "decimal.h"
#include "meaning.h"

const char *bz_vkind_name(bz_vkind k) {
  switch (k) {
  case BZ_V_EMPTY: return "empty";
  case BZ_V_PLACEHOLDER: return "placeholder";
  case BZ_V_TEXT: return "text";
  case BZ_V_NUMBER: return "number";
  case BZ_V_PERCENT: return "percent";
  }
  return "text";
}

/* NFKC, minus signs and comparators folded to ASCII-ish forms, all whitespace removed. */
static char *fold(const char *text) {
  char *nfkc = g_utf8_normalize(text, -1, G_NORMALIZE_NFKC);
  if (!nfkc) return g_strdup("");
  GString *out = g_string_new(NULL);
  for (const char *p = nfkc; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isspace(c) || c == 0x200B || c == 0xFEFF) continue;
    switch (c) {
    case 0x2212: /* − MINUS SIGN */
    case 0x2010: /* ‐ HYPHEN (a lone one is a placeholder, before digits a sign) */
    case 0x2011:
    case 0xFE63: g_string_append_c(out, '-'); break;
    case 0x2267: g_string_append(out, "≥"); break; /* ≧ */
    case 0x2266: g_string_append(out, "≤"); break; /* ≦ */
    default: g_string_append_unichar(out, c);
    }
  }
  g_free(nfkc);
  return g_string_free(out, FALSE);
}

/* Only dashes (-, –, —, ―, ─, …) or slashes, or a word meaning "none". */
static gboolean is_placeholder(const char *s) {
  static const char *const words[] = {"无", "空", "不适用", "N/A", "n/a", "NA", NULL};
  for (int i = 0; words[i]; i++)
    if (!strcmp(s, words[i])) return TRUE;
  if (!*s) return FALSE;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    gboolean dash = c == '-' || c == '/' || c == 0x2013 || c == 0x2014 || c == 0x2015 || c == 0x2500 ||
                    c == 0x2026 || c == 0x22EF || c == 0x2027 || c == 0x30FC || c == 0x2E3A;
    if (!dash) return FALSE;
  }
  return TRUE;
}

static GRegex *number_re(void) {
  static GRegex *re;
  static gsize once;
  if (g_once_init_enter(&once)) {
    GRegex *r = g_regex_new(
        "^(?<op>>=|<=|≥|≤|>|<|大于等于|小于等于|不低于|不少于|不高于|不超过|不多于|大于|小于|超过|低于)?"
        "(?<s1>[-+])?(?<lp>\\()?(?<s2>-)?"
        "(?<num>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)"
        "(?<rp>\\))?(?<pct>%)?"
        "(?:\\((?<punit>万元|亿元|千元|元|平方米|[\\p{Han}a-zA-Z]{1,3})\\))?"
        "(?<unit>(?:万元|亿元|千元|元|平方米|平方|[\\p{Han}a-zA-Z]{1,3}(?:/[\\p{Han}a-zA-Z]{1,2})?))??"
        "(?<tail>\\(含\\)以上|\\(含\\)以下|及以上|及以下|以上|以下)?$",
        G_REGEX_OPTIMIZE, 0, NULL);
    re = r;
    g_once_init_leave(&once, 1);
  }
  return re;
}

static GRegex *parts_re(void) {
  static GRegex *re;
  static gsize once;
  if (g_once_init_enter(&once)) {
    GRegex *r = g_regex_new("\\d+(?:\\.\\d+)?", G_REGEX_OPTIMIZE, 0, NULL);
    re = r;
    g_once_init_leave(&once, 1);
  }
  return re;
}

static const char *canon_op(const char *op, const char *tail) {
  if (op && *op) {
    if (!strcmp(op, ">=") || !strcmp(op, "≥") || !strcmp(op, "不低于") || !strcmp(op, "不少于") ||
        !strcmp(op, "大于等于"))
      return "≥";
    if (!strcmp(op, "<=") || !strcmp(op, "≤") || !strcmp(op, "不高于") || !strcmp(op, "不超过") ||
        !strcmp(op, "不多于") || !strcmp(op, "小于等于"))
      return "≤";
    if (!strcmp(op, ">") || !strcmp(op, "大于") || !strcmp(op, "超过")) return ">";
    if (!strcmp(op, "<") || !strcmp(op, "小于") || !strcmp(op, "低于")) return "<";
  }
  if (tail && *tail) return strstr(tail, "以上") ? "≥" : "≤"; /* 以上/以下 include the bound */
  return NULL;
}

static char *group(GMatchInfo *mi, const char *name) {
  char *s = g_match_info_fetch_named(mi, name);
  if (s && !*s) {
    g_free(s);
    return NULL;
  }
  return s;
}

/* Digits without thousands separators. */
static char *strip_commas(const char *s) {
  GString *o = g_string_new(NULL);
  for (; *s; s++)
    if (*s != ',') g_string_append_c(o, *s);
  return g_string_free(o, FALSE);
}

static gboolean parse_number(biao_doc *doc, const char *f, int percent_col, bz_value *out) {
  GMatchInfo *mi = NULL;
  gboolean ok = g_regex_match(number_re(), f, 0, &mi);
  if (!ok) {
    g_match_info_free(mi);
    return FALSE;
  }
  char *op = group(mi, "op"), *s1 = group(mi, "s1"), *lp = group(mi, "lp"), *s2 = group(mi, "s2");
  char *num = group(mi, "num"), *rp = group(mi, "rp"), *pct = group(mi, "pct"), *unit = group(mi, "unit");
  char *tail = group(mi, "tail"), *punit = group(mi, "punit");
  if (punit && !unit) { /* "≥13459.00(平方米)" */
    unit = punit;
    punit = NULL;
  }
  g_free(punit);
  g_match_info_free(mi);
  /* parentheses must pair: "(12.50)" is a negative amount, "(12.50" is not a number */
  ok = (lp != NULL) == (rp != NULL) && !(s1 && lp && s2);
  if (ok) {
    int neg = (s1 && *s1 == '-') || (s2 != NULL) || lp != NULL;
    char *digits = strip_commas(num);
    char *signed_ = g_strconcat(neg ? "-" : "", digits, NULL);
    char *canon = bz_dec_canon(signed_);
    out->kind = (pct || percent_col) ? BZ_V_PERCENT : BZ_V_NUMBER;
    out->dec = bz_doc_intern(doc, canon);
    out->unit = pct || (percent_col && !unit) ? "%" : (unit ? bz_doc_intern(doc, unit) : NULL);
    out->op = canon_op(op, tail);
    if (percent_col && unit) out->kind = BZ_V_NUMBER; /* "3次" under 执行率 is not a rate */
    g_free(canon);
    g_free(signed_);
    g_free(digits);
  }
  g_free(op), g_free(s1), g_free(lp), g_free(s2), g_free(num), g_free(rp), g_free(pct), g_free(unit);
  g_free(tail);
  return ok;
}

static void number_parts(biao_doc *doc, const char *f, bz_value *out) {
  GMatchInfo *mi = NULL;
  GString *parts = g_string_new(NULL);
  int n = 0;
  g_regex_match(parts_re(), f, 0, &mi);
  while (g_match_info_matches(mi) && n < 32) { /* a cap: long narrative cells hold many */
    char *w = g_match_info_fetch(mi, 0);
    if (parts->len) g_string_append_c(parts, '\n');
    g_string_append(parts, w);
    g_free(w);
    n++;
    g_match_info_next(mi, NULL);
  }
  g_match_info_free(mi);
  out->numbers = parts->len ? bz_doc_intern(doc, parts->str) : NULL;
  g_string_free(parts, TRUE);
}

void bz_value_parse(biao_doc *doc, const char *text, int percent_col, bz_value *out) {
  memset(out, 0, sizeof *out);
  char *f = fold(text ? text : "");
  if (!*f) out->kind = BZ_V_EMPTY;
  else if (is_placeholder(f)) out->kind = BZ_V_PLACEHOLDER;
  else if (!parse_number(doc, f, percent_col, out)) {
    out->kind = BZ_V_TEXT;
    number_parts(doc, f, out);
  }
  g_free(f);
}
