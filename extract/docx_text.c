/* docx_text.c — see docx_text.h. */
#include "docx_text.h"

#include <stdlib.h>
#include <string.h>

/* Symbol font bytes 0x41..0x7A: Greek letters in the font's own order. */
static const char symbol_greek[] = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ";

static gunichar symbol_char(unsigned b) {
  if (b >= 0x41 && b <= 0x7A) {
    const char *p = symbol_greek;
    for (unsigned i = 0x41; i < b; i++) p = g_utf8_next_char(p);
    return g_utf8_get_char(p);
  }
  switch (b) {
  case 0xA3: return 0x2264; /* ≤ */
  case 0xA5: return 0x221E; /* ∞ */
  case 0xB0: return 0x00B0; /* ° */
  case 0xB1: return 0x00B1; /* ± */
  case 0xB3: return 0x2265; /* ≥ */
  case 0xB4: return 0x00D7; /* × */
  case 0xB7: return 0x2022; /* • */
  case 0xB8: return 0x00F7; /* ÷ */
  case 0xB9: return 0x2260; /* ≠ */
  case 0xBB: return 0x2248; /* ≈ */
  case 0xD6: return 0x221A; /* √ */
  case 0xE5: return 0x2211; /* ∑ */
  default: return b >= 0x20 && b < 0x41 ? b : 0;
  }
}

static gunichar wingdings_char(unsigned b) {
  switch (b) {
  case 0x6F: return 0x25A1; /* □ */
  case 0x6C: return 0x25CF; /* ● */
  case 0x9F: return 0x2022; /* • */
  case 0xA7: return 0x25AA; /* ▪ */
  case 0xA8: return 0x25FB; /* ◻ */
  case 0xFB: return 0x2717; /* ✗ */
  case 0xFC: return 0x2713; /* ✓ */
  case 0xFD: return 0x2612; /* ☒ */
  case 0xFE: return 0x2611; /* ☑ */
  default: return 0;
  }
}

gunichar bz_docx_sym_char(const char *hex, const char *font) {
  if (!hex) return 0;
  char *end = NULL;
  unsigned long v = strtoul(hex, &end, 16);
  if (end == hex || *end || v == 0 || v > 0x10FFFF) return 0;
  if (v < 0xF000 || v > 0xF0FF) return g_unichar_validate((gunichar)v) ? (gunichar)v : 0;
  gunichar u = 0;
  if (font && g_ascii_strncasecmp(font, "Symbol", 6) == 0) u = symbol_char(v - 0xF000);
  else if (font && g_ascii_strncasecmp(font, "Wingdings", 9) == 0) u = wingdings_char(v - 0xF000);
  return u ? u : (gunichar)v;
}

static gboolean is_unit_line(const char *s) {
  return g_str_has_prefix(s, "单位：") || g_str_has_prefix(s, "单位:") || g_str_has_prefix(s, "金额单位") ||
         g_str_has_prefix(s, "计量单位");
}

/* 附件, 附件3, 附件3-1, 附件：3-2, 附件4-1： */
static gboolean is_attachment_label(const char *s) {
  if (!g_str_has_prefix(s, "附件") && !g_str_has_prefix(s, "附表")) return FALSE;
  for (const char *p = s + strlen("附件"); *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!(g_unichar_isdigit(c) || g_unichar_isspace(c) || (c < 128 && strchr("-:.", (int)c)) || c == 0xFF1A /*：*/ ||
          c == 0x2014 || c == 0xFF0D || c == 0x2013 || c == 0x3000 || (c >= 0xFF10 && c <= 0xFF19)))
      return FALSE;
  }
  return TRUE;
}

/* （2020年度）, (2020年) */
static gboolean is_bracketed(const char *s) {
  gboolean open = g_str_has_prefix(s, "（") || g_str_has_prefix(s, "(");
  gboolean close = g_str_has_suffix(s, "）") || g_str_has_suffix(s, ")");
  return open && close;
}

int bz_docx_pick_title(GPtrArray *lines) {
  int best = -1;
  for (guint i = 0; i < lines->len; i++) {
    const char *s = g_ptr_array_index(lines, i);
    if (!*s || is_unit_line(s) || is_attachment_label(s) || is_bracketed(s) || g_utf8_strlen(s, -1) > 80)
      continue;
    gboolean names_table = strstr(s, "表") != NULL;
    if (best < 0 || names_table || !strstr(g_ptr_array_index(lines, best), "表")) best = (int)i;
  }
  return best;
}
