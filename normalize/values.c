/* values.c — typing one cell: number, percent, placeholder, empty or text.
 *
 * The text is first folded with NFKC (full-width digits, '％', '（', the ideographic space) and the
 * few signs NFKC leaves alone (U+2212 minus, ≧ ≦) are mapped by hand; then one anchored pattern
 * recognises [comparator] [sign] [(] digits [)] [%] [unit] [以上/以下]. Anything else that holds
 * digits stays text and exposes its number parts, so "1-2次/30天" is not mistaken for a number. */
#include <string.h>

#include "decimal.h"
#include "meaning.h"

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

static const char number_re[] =
    "^(?<op>>=|<=|≥|≤|>|<|大于等于|小于等于|不低于|不少于|不高于|不超过|不多于|大于|小于|超过|低于)?"
    "(?<s1>[-+])?(?<lp>\\()?(?<s2>-)?"
    "(?<num>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)"
    "(?<rp>\\))?(?<pct>%)?"
    "(?:\\((?<punit>万元|亿元|千元|元|平方米|[\\p{Han}a-zA-Z]{1,3})\\))?"
    "(?<unit>(?:万元|亿元|千元|元|平方米|平方|[\\p{Han}a-zA-Z]{1,3}(?:/[\\p{Han}a-zA-Z]{1,2})?))??"
    "(?<tail>\\(含\\)以上|\\(含\\)以下|及以上|及以下|以上|以下)?$";

static const char parts_re[] = "\\d+(?:\\.\\d+)?";

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

/* number_re's named groups, numbered once (looking a name up per call was a third of the typing). */
enum { G_OP, G_S1, G_LP, G_S2, G_NUM, G_RP, G_PCT, G_UNIT, G_TAIL, G_PUNIT, G_COUNT };

static int group_number(int g) {
  static const char *const names[G_COUNT] = {"op", "s1", "lp", "s2", "num", "rp", "pct", "unit", "tail", "punit"};
  static int numbers[G_COUNT];
  static gsize done;
  if (g_once_init_enter(&done)) {
    for (int i = 0; i < G_COUNT; i++) numbers[i] = bz_re_group_index(number_re, names[i]);
    g_once_init_leave(&done, 1);
  }
  return numbers[g];
}

static char *group(const char *f, const gssize *ov, int g) {
  return bz_re_group_dup(f, ov, group_number(g));
}

/* Digits without thousands separators. */
static char *strip_commas(const char *s) {
  GString *o = g_string_new(NULL);
  for (; *s; s++)
    if (*s != ',') g_string_append_c(o, *s);
  return g_string_free(o, FALSE);
}

/* out->dec = the decimal d, in out's own digits when it fits: the model keeps most decimals as the
 * cell text they are read from (bz_meaning_value_set), so a copy in the arena would be wasted. */
static void keep_dec(biao_doc *doc, const char *d, bz_value *out) {
  if (strlen(d) < sizeof out->digits) out->dec = memcpy(out->digits, d, strlen(d) + 1);
  else out->dec = bz_doc_intern_scratch(doc, d);
}

static gboolean parse_number(biao_doc *doc, const char *f, int percent_col, bz_value *out) {
  gssize ov[32];
  if (!bz_re_groups(number_re, f, 0, 16, ov)) return FALSE;
  gboolean ok;
  char *op = group(f, ov, G_OP), *s1 = group(f, ov, G_S1), *lp = group(f, ov, G_LP), *s2 = group(f, ov, G_S2);
  char *num = group(f, ov, G_NUM), *rp = group(f, ov, G_RP), *pct = group(f, ov, G_PCT), *unit = group(f, ov, G_UNIT);
  char *tail = group(f, ov, G_TAIL), *punit = group(f, ov, G_PUNIT);
  if (punit && !unit) { /* "≥13459.00(平方米)" */
    unit = punit;
    punit = NULL;
  }
  g_free(punit);
  /* parentheses must pair: "(12.50)" is a negative amount, "(12.50" is not a number; and an
   * amount has at most 40 digits (a run of thousands is an identifier, and would make exact
   * arithmetic on it slow) */
  ok = (lp != NULL) == (rp != NULL) && !(s1 && lp && s2) && num && strlen(num) <= 40;
  if (ok) {
    int neg = (s1 && *s1 == '-') || (s2 != NULL) || lp != NULL;
    char *digits = strip_commas(num);
    char *signed_ = g_strconcat(neg ? "-" : "", digits, NULL);
    char *canon = bz_dec_canon(signed_);
    out->kind = (pct || percent_col) ? BZ_V_PERCENT : BZ_V_NUMBER;
    keep_dec(doc, canon, out);
    out->unit = pct || (percent_col && !unit) ? "%" : (unit ? bz_doc_intern_scratch(doc, unit) : NULL);
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
  GString *parts = g_string_new(NULL);
  gssize ov[2];
  gsize at = 0;
  for (int n = 0; n < 32 && bz_re_groups(parts_re, f, at, 1, ov); n++) { /* a cap: long cells hold many */
    if (parts->len) g_string_append_c(parts, '\n');
    g_string_append_len(parts, f + ov[0], ov[1] - ov[0]);
    at = (gsize)ov[1];
  }
  out->numbers = parts->len ? bz_doc_intern_scratch(doc, parts->str) : NULL;
  g_string_free(parts, TRUE);
}

/* "[-]D{1,3}(,DDD)+[.D+]" without its commas in buf, or NULL when text is not exactly that. */
static const char *grouped_amount(const char *text, char *buf, gsize size) {
  const char *p = text;
  gsize n = 0;
  if (strlen(text) >= size) return NULL;
  if (*p == '-') buf[n++] = *p++;
  int lead = 0;
  while (g_ascii_isdigit(p[lead])) lead++;
  if (lead < 1 || lead > 3 || p[lead] != ',') return NULL;
  memcpy(buf + n, p, (gsize)lead);
  n += (gsize)lead;
  p += lead;
  while (*p == ',') {
    if (!g_ascii_isdigit(p[1]) || !g_ascii_isdigit(p[2]) || !g_ascii_isdigit(p[3])) return NULL;
    memcpy(buf + n, p + 1, 3);
    n += 3;
    p += 4;
  }
  if (*p == '.') {
    if (!g_ascii_isdigit(p[1])) return NULL;
    buf[n++] = *p++;
    while (g_ascii_isdigit(*p)) buf[n++] = *p++;
  }
  if (*p) return NULL;
  buf[n] = '\0';
  return buf;
}

/* Most cells are "" or a plain ASCII amount ("1511.90", "-3"): typed without folding or regex. */
static gboolean fast_path(biao_doc *doc, const char *text, int percent_col, bz_value *out) {
  if (!*text) {
    out->kind = BZ_V_EMPTY;
    return TRUE;
  }
  if (strlen(text) > 40) return FALSE;
  const char *printed = text;
  char plain[48]; /* "-12,345.67" as "-12345.67": what parse_number makes of an amount with separators */
  if (!bz_dec_valid(text) && !(text = grouped_amount(text, plain, sizeof plain))) return FALSE;
  char *canon = bz_dec_canon(text);
  out->kind = percent_col ? BZ_V_PERCENT : BZ_V_NUMBER;
  if (strcmp(canon, printed)) keep_dec(doc, canon, out);
  else out->dec = printed; /* "1511.90" */
  out->unit = percent_col ? "%" : NULL;
  g_free(canon);
  return TRUE;
}

/* Labels ("项目支出", "合计（万元）") hold no digit and nothing NFKC turns into one or into a dash:
 * only ASCII other than digits, CJK ideographs (U+4E00..U+9FFF, unchanged by NFKC) and the
 * punctuation 、。（），：；. For those, folding would only drop spaces and map the punctuation
 * to ASCII non-dashes, so the kind follows from the text with its ASCII spaces removed, without
 * NFKC or regex. Returns FALSE when text is not such a label. */
static gboolean label_path(const char *text, bz_value *out) {
  char buf[256];
  gsize n = 0;
  for (const char *p = text; *p;) {
    guchar b = (guchar)*p;
    if (b < 0x80) {
      if (g_ascii_isdigit(b) || b == 0x0b || b < 0x09 || (b > 0x0d && b < 0x20) || b == 0x7f) return FALSE;
      if (!g_ascii_isspace(b)) {
        if (n + 1 >= sizeof buf) return FALSE;
        buf[n++] = (char)b;
      }
      p++;
      continue;
    }
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2) return FALSE;
    if (!((c >= 0x4E00 && c <= 0x9FFF) || c == 0x3001 || c == 0x3002 || c == 0xFF08 || c == 0xFF09 ||
          c == 0xFF0C || c == 0xFF1A || c == 0xFF1B))
      return FALSE;
    const char *q = g_utf8_next_char(p);
    if (n + (gsize)(q - p) >= sizeof buf) return FALSE;
    memcpy(buf + n, p, (gsize)(q - p));
    n += (gsize)(q - p);
    p = q;
  }
  buf[n] = '\0';
  out->kind = !n ? BZ_V_EMPTY : is_placeholder(buf) ? BZ_V_PLACEHOLDER : BZ_V_TEXT;
  return TRUE;
}

void bz_value_parse(biao_doc *doc, const char *text, int percent_col, bz_value *out) {
  memset(out, 0, sizeof *out);
  if (fast_path(doc, text ? text : "", percent_col, out)) return;
  if (label_path(text ? text : "", out)) return;
  char *f = fold(text ? text : "");
  if (!*f) out->kind = BZ_V_EMPTY;
  else if (is_placeholder(f)) out->kind = BZ_V_PLACEHOLDER;
  else if (!strpbrk(f, "0123456789")) out->kind = BZ_V_TEXT; /* NFKC made every digit ASCII */
  else if (!parse_number(doc, f, percent_col, out)) {
    out->kind = BZ_V_TEXT;
    number_parts(doc, f, out);
  }
  g_free(f);
}
