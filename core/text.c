/* text.c — text helpers every stage needs (see text.h): cell text cleanup shared by all readers,
 * CJK and number tests, line joins, header keys. */
#include "text.h"

#include <string.h>

gboolean bz_text_is_cjk(gunichar c) { return c >= 0x2E80 && g_unichar_iswide(c) && c != 0x3000; }

gunichar bz_text_last_char(const char *s, gssize len) {
  const char *end = g_utf8_find_prev_char(s, s + (len < 0 ? (gssize)strlen(s) : len));
  return end ? g_utf8_get_char(end) : 0;
}

static gboolean in_number(gunichar c) { return g_ascii_isdigit(c) || c == '.' || c == ','; }

const char *bz_text_wrap_sep(gunichar a, gunichar b) {
  if (bz_text_is_cjk(a) || bz_text_is_cjk(b)) return "";
  if (in_number(a) && (in_number(b) || b == '%')) return ""; /* 92.6 / 1, 100 / % in a narrow column */
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
