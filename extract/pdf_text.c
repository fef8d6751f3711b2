/* pdf_text.c — glyphs → lines → text, by geometry.
 *
 * Poppler's own word splitting only looks at spaces, so the text of neighbouring CJK cells fuses;
 * we keep one box per glyph and regroup: lines by vertical overlap, glyphs by x, a space only
 * where Poppler saw one or the gap is wide, and never between two CJK characters. */
#include <math.h>

#include "pdf_page.h"
#include "../core/text.h"


/* U+FFFD or a private-use character (the BMP area and planes 15–16): a glyph without a real
 * Unicode value. */
static gboolean is_private_or_bad(gunichar c) { return c == 0xFFFD || g_unichar_type(c) == G_UNICODE_PRIVATE_USE; }

static int cmp_index_x0(gconstpointer a, gconstpointer b, gpointer data) {
  const bz_pchar *x = &g_array_index((GArray *)data, bz_pchar, *(const guint *)a);
  const bz_pchar *y = &g_array_index((GArray *)data, bz_pchar, *(const guint *)b);
  return x->x0 < y->x0 ? -1 : (x->x0 > y->x0);
}

/* A punctuation mark printed over a CJK glyph of its own line (a stray 。 set on the 单 of
 * 计量单位: its box is that glyph's box) is no part of the text a reader reads: kept, it would split
 * the word ("计量。单位"). A mark counts as over a glyph when 80% of its width and half its height
 * lie in that glyph's box and their centres are on one line (text of two lines printed over each
 * other, an overflowing cell, is left as it is). Amount glyphs (. ,) are never dropped: their
 * boxes may touch digits. */
static void drop_overprints(bz_page *page) {
  GArray *chars = page->chars;
  guint n = chars->len, *byx = g_new(guint, n ? n : 1);
  for (guint i = 0; i < n; i++) byx[i] = i;
  g_qsort_with_data(byx, (gint)n, sizeof(guint), cmp_index_x0, chars);
  guint8 *drop = g_new0(guint8, n ? n : 1);
  gboolean any = FALSE;
  for (guint i = 0; i < n; i++) {
    const bz_pchar *c = &g_array_index(chars, bz_pchar, byx[i]);
    double w = c->x1 - c->x0, h = c->y1 - c->y0;
    if (!g_unichar_ispunct(c->c) || c->c == '.' || c->c == ',' || w <= 0 || h <= 0) continue;
    /* the glyphs that start less than a few glyph heights left of c (no glyph is wider) */
    guint lo = 0, hi = i;
    while (lo < hi) {
      guint mid = (lo + hi) / 2;
      if (g_array_index(chars, bz_pchar, byx[mid]).x0 < c->x0 - 3 * h) lo = mid + 1;
      else hi = mid;
    }
    for (guint j = lo; j < n && !drop[byx[i]]; j++) {
      const bz_pchar *o = &g_array_index(chars, bz_pchar, byx[j]);
      if (o->x0 >= c->x1) break;
      if (j == i || o->x1 <= c->x0 || !bz_text_is_cjk(o->c) || g_unichar_ispunct(o->c)) continue;
      double ox = fmin(c->x1, o->x1) - fmax(c->x0, o->x0), oy = fmin(c->y1, o->y1) - fmax(c->y0, o->y0);
      double dy = fabs((c->y0 + c->y1) / 2 - (o->y0 + o->y1) / 2);
      if (ox >= 0.8 * w && oy >= 0.5 * h && dy < 0.15 * h) drop[byx[i]] = 1, any = TRUE;
    }
  }
  if (any) {
    guint k = 0;
    for (guint i = 0; i < n; i++)
      if (!drop[i]) g_array_index(chars, bz_pchar, k++) = g_array_index(chars, bz_pchar, i);
    g_array_set_size(chars, k);
  }
  g_free(drop);
  g_free(byx);
}

void bz_pdf_read_chars(bz_page *page, PopplerPage *pp) {
  char *text = poppler_page_get_text(pp);
  PopplerRectangle *rects = NULL;
  guint n = 0;
  if (!text || !poppler_page_get_text_layout(pp, &rects, &n)) n = 0;
  guint i = 0;
  int space_before = 0;
  for (const char *p = text; p && *p && i < n; p = g_utf8_next_char(p), i++) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isspace(c)) { /* U+00A0 and U+3000 too (Zs) */
      space_before = 1;
      continue;
    }
    const PopplerRectangle *r = &rects[i];
    /* glyphs off the page (clipped away, or hostile coordinates) are not content */
    double cx = (r->x1 + r->x2) / 2, cy = (r->y1 + r->y2) / 2;
    if (!(cx >= -2 && cx <= page->width + 2 && cy >= -2 && cy <= page->height + 2)) continue;
    if (is_private_or_bad(c)) page->suspicious++;
    bz_pchar ch = {.c = c,
                   .x0 = fmin(r->x1, r->x2),
                   .x1 = fmax(r->x1, r->x2),
                   .y0 = fmin(r->y1, r->y2),
                   .y1 = fmax(r->y1, r->y2),
                   .space_before = space_before};
    g_array_append_val(page->chars, ch);
    space_before = 0;
  }
  g_free(rects);
  g_free(text);
  drop_overprints(page);
}

typedef struct line {
  double y0, y1, x0, x1;
  GArray *ch; /* const bz_pchar* */
} line;

static int cmp_char_y(gconstpointer a, gconstpointer b) {
  const bz_pchar *x = *(const bz_pchar *const *)a, *y = *(const bz_pchar *const *)b;
  double cx = (x->y0 + x->y1) / 2, cy = (y->y0 + y->y1) / 2;
  if (fabs(cx - cy) > 0.01) return cx < cy ? -1 : 1;
  return x->x0 < y->x0 ? -1 : (x->x0 > y->x0);
}

static int cmp_char_x(gconstpointer a, gconstpointer b) {
  const bz_pchar *x = *(const bz_pchar *const *)a, *y = *(const bz_pchar *const *)b;
  return x->x0 < y->x0 ? -1 : (x->x0 > y->x0);
}

static int cmp_line_y(gconstpointer a, gconstpointer b) {
  const line *x = a, *y = b;
  double cx = (x->y0 + x->y1) / 2, cy = (y->y0 + y->y1) / 2;
  return cx < cy ? -1 : (cx > cy);
}

/* Group glyph pointers into lines: a glyph joins a line when its vertical centre falls inside the
 * line's band (glyphs of one baseline overlap vertically; superscripts are rare in these reports). */
static GArray *group_lines(GPtrArray *glyphs) {
  g_ptr_array_sort(glyphs, cmp_char_y);
  GArray *lines = g_array_new(FALSE, FALSE, sizeof(line));
  for (guint i = 0; i < glyphs->len; i++) {
    const bz_pchar *c = g_ptr_array_index(glyphs, i);
    double cy = (c->y0 + c->y1) / 2;
    line *hit = NULL;
    for (guint k = lines->len; k-- > 0;) {
      line *l = &g_array_index(lines, line, k);
      double band = fmax(l->y1 - l->y0, c->y1 - c->y0) * 0.35;
      if (fabs(cy - (l->y0 + l->y1) / 2) < band) {
        hit = l;
        break;
      }
      if (cy - l->y1 > 50) break;
    }
    if (!hit) {
      line nl = {c->y0, c->y1, c->x0, c->x1, g_array_new(FALSE, FALSE, sizeof(const bz_pchar *))};
      g_array_append_val(lines, nl);
      hit = &g_array_index(lines, line, lines->len - 1);
    } else {
      hit->x0 = fmin(hit->x0, c->x0);
      hit->x1 = fmax(hit->x1, c->x1);
    }
    g_array_append_val(hit->ch, c);
  }
  for (guint k = 0; k < lines->len; k++) {
    line *l = &g_array_index(lines, line, k);
    g_array_sort(l->ch, cmp_char_x);
  }
  g_array_sort(lines, cmp_line_y);
  return lines;
}

static void free_lines(GArray *lines) {
  for (guint k = 0; k < lines->len; k++)
    g_array_free(g_array_index(lines, line, k).ch, TRUE);
  g_array_free(lines, TRUE);
}

/* A glyph that can be part of a printed amount ("14,770.62"). */
static gboolean amount_glyph(gunichar c) { return g_ascii_isdigit(c) || c == ',' || c == '.'; }

/* Are `prev` and `c` (`next` follows, or NULL) two glyphs of one amount, a gap of `gap` apart on
 * a line `h` high? Some producers place the decimals of an amount as a separate run: it starts
 * inside the box of the integer part ("14,770" + ".62", and Poppler's text stream has a space at
 * that backward step where a reader sees none), or a little to its right ("25180591 .33"). A
 * reader takes either as one number, and so does the typed value: digits that touch, and a decimal
 * point or thousands comma between digits less than a glyph height apart, are one token. */
static gboolean inside_amount(gunichar prev, gunichar c, gunichar next, double gap, double h) {
  if (!amount_glyph(prev) || !amount_glyph(c)) return FALSE;
  if (gap < h * 0.15) return TRUE;
  return g_ascii_isdigit(prev) && (c == '.' || c == ',') && g_ascii_isdigit(next) && gap < h;
}

/* Glyphs [from, to) of a line as text. Two glyphs get a space between them when the text stream
 * had one or the gap is wider than a third of the glyph height — never between two CJK glyphs,
 * nor inside an amount (inside_amount). */
static void line_text(GString *out, const line *l, guint from, guint to) {
  const bz_pchar *prev = NULL;
  for (guint i = from; i < to; i++) {
    const bz_pchar *c = g_array_index(l->ch, const bz_pchar *, i);
    if (prev) {
      double h = fmax(c->y1 - c->y0, 1.0);
      double gap = c->x0 - prev->x1;
      gboolean a = bz_text_is_cjk(prev->c), b = bz_text_is_cjk(c->c), sp;
      if (a && b)
        sp = FALSE;
      else if (a || b) /* CJK next to Latin: only a wide gap */
        sp = gap > h * 0.9;
      else
        sp = (c->space_before || gap > h * 0.33) &&
             !inside_amount(prev->c, c->c, i + 1 < to ? g_array_index(l->ch, const bz_pchar *, i + 1)->c : 0, gap, h);
      if (sp) g_string_append_c(out, ' ');
    }
    g_string_append_unichar(out, c->c);
    prev = c;
  }
}

/* Does this line start a new item (a list marker such as "1." "（一）" "一、" "•")? Such lines keep
 * their own line in a cell; other wrapped lines are joined (so "项目资金" + "（元）" is one label). */
static gboolean starts_item(const char *s) {
  gunichar c = g_utf8_get_char(s);
  if (c == 0x2022 || c == 0x25CF || c == 0x25A0 || c == 0x2014) return TRUE; /* • ● ■ — */
  const char *p = s;
  gboolean paren = c == '(' || c == 0xFF08;
  if (paren) p = g_utf8_next_char(p);
  static const char *const cn = "一二三四五六七八九十";
  int n = 0;
  while (*p && n < 3) { /* up to three digits or Chinese numerals */
    gunichar d = g_utf8_get_char(p);
    if (!(g_unichar_isdigit(d) || g_utf8_strchr(cn, -1, d))) break;
    p = g_utf8_next_char(p);
    n++;
  }
  if (!n) return FALSE;
  if (paren) return *p == ')' || g_str_has_prefix(p, "）");
  /* a digit after the point makes a decimal, not a marker: ≥ / 135.016米 wraps, it lists nothing */
  if (*p == '.') return !g_ascii_isdigit(p[1]);
  if (g_str_has_prefix(p, "．")) return !g_ascii_isdigit(p[strlen("．")]);
  return *p == ')' || g_str_has_prefix(p, "、") || g_str_has_prefix(p, "）");
}

/* The separator between two lines of one cell: none when the break falls next to a CJK glyph
 * (a wrapped CJK line) or inside a number (92.6 / 1, 100 / %), a space between two Latin glyphs, "\n" when
 * the next line starts a new item. */
static const char *join_sep(const GString *prev_text, const char *next_text) {
  if (starts_item(next_text)) return "\n";
  return bz_text_wrap_sep(bz_text_last_char(prev_text->str, (gssize)prev_text->len), g_utf8_get_char(next_text));
}

char *bz_pdf_text_of(const bz_page *page, const GArray *idx) {
  GPtrArray *glyphs = g_ptr_array_sized_new(idx->len);
  for (guint i = 0; i < idx->len; i++)
    g_ptr_array_add(glyphs, &g_array_index(page->chars, bz_pchar, g_array_index(idx, guint, i)));
  GArray *lines = group_lines(glyphs);
  GString *out = g_string_new(NULL);
  for (guint k = 0; k < lines->len; k++) {
    const line *l = &g_array_index(lines, line, k);
    GString *t = g_string_new(NULL);
    line_text(t, l, 0, l->ch->len);
    if (out->len) g_string_append(out, join_sep(out, t->str));
    g_string_append(out, t->str);
    g_string_free(t, TRUE);
  }
  free_lines(lines);
  g_ptr_array_free(glyphs, TRUE);
  return g_string_free(out, FALSE);
}

char *bz_pdf_first_line(const bz_page *page, const GArray *idx, double *y1, gboolean *more) {
  GPtrArray *glyphs = g_ptr_array_sized_new(idx->len);
  for (guint i = 0; i < idx->len; i++)
    g_ptr_array_add(glyphs, &g_array_index(page->chars, bz_pchar, g_array_index(idx, guint, i)));
  GArray *lines = group_lines(glyphs);
  char *text = NULL;
  if (lines->len) {
    const line *l = &g_array_index(lines, line, 0);
    GString *t = g_string_new(NULL);
    line_text(t, l, 0, l->ch->len);
    text = g_string_free(t, FALSE);
    *y1 = l->y1;
    *more = lines->len > 1;
  }
  free_lines(lines);
  g_ptr_array_free(glyphs, TRUE);
  return text;
}

GArray *bz_pdf_free_segments(const bz_page *page, double y0, double y1, double gap) {
  GPtrArray *glyphs = g_ptr_array_new();
  for (guint i = 0; i < page->chars->len; i++) {
    const bz_pchar *c = &g_array_index(page->chars, bz_pchar, i);
    double cy = (c->y0 + c->y1) / 2;
    if (!c->used && cy >= y0 && cy < y1) g_ptr_array_add(glyphs, (gpointer)c);
  }
  GArray *lines = group_lines(glyphs);
  GArray *segs = g_array_new(FALSE, FALSE, sizeof(bz_pseg));
  for (guint k = 0; k < lines->len; k++) {
    const line *l = &g_array_index(lines, line, k);
    guint from = 0;
    for (guint i = 1; i <= l->ch->len; i++) {
      const bz_pchar *a = g_array_index(l->ch, const bz_pchar *, i - 1);
      const bz_pchar *b = i < l->ch->len ? g_array_index(l->ch, const bz_pchar *, i) : NULL;
      /* a gap of `gap` glyph heights separates two items on one line ("编制部门：…   单位：元") */
      if (b && b->x0 - a->x1 < gap * fmax(a->y1 - a->y0, 1.0)) continue;
      GString *t = g_string_new(NULL);
      line_text(t, l, from, i);
      const bz_pchar *f = g_array_index(l->ch, const bz_pchar *, from);
      bz_pseg s = {f->x0, l->y0, a->x1, l->y1, g_string_free(t, FALSE), (int)k};
      g_array_append_val(segs, s);
      from = i;
    }
  }
  free_lines(lines);
  g_ptr_array_free(glyphs, TRUE);
  return segs;
}

void bz_pdf_segs_free(GArray *segs) {
  if (!segs) return;
  for (guint i = 0; i < segs->len; i++)
    g_free(g_array_index(segs, bz_pseg, i).text);
  g_array_free(segs, TRUE);
}

GArray *bz_pdf_line_bands(const bz_page *page, double x0, double y0, double x1, double y1, const GArray *xs) {
  GPtrArray *glyphs = g_ptr_array_new();
  for (guint i = 0; i < page->chars->len; i++) {
    const bz_pchar *c = &g_array_index(page->chars, bz_pchar, i);
    double cx = (c->x0 + c->x1) / 2, cy = (c->y0 + c->y1) / 2;
    if (!c->used && cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1) g_ptr_array_add(glyphs, (gpointer)c);
  }
  GArray *lines = group_lines(glyphs);
  GArray *bands = g_array_new(FALSE, FALSE, sizeof(bz_band));
  for (guint k = 0; k < lines->len; k++) {
    const line *l = &g_array_index(lines, line, k);
    bz_band b = {G_MAXDOUBLE, -G_MAXDOUBLE, 0, 0};
    int last_col = -1;
    for (guint i = 0; i < l->ch->len; i++) {
      const bz_pchar *c = g_array_index(l->ch, const bz_pchar *, i);
      b.y0 = fmin(b.y0, c->y0), b.y1 = fmax(b.y1, c->y1);
      b.digits |= g_unichar_isdigit(c->c);
      double cx = (c->x0 + c->x1) / 2;
      int col = 0;
      while (col + 2 < (int)xs->len && cx >= g_array_index(xs, double, col + 1))
        col++;
      if (col != last_col) b.cols++, last_col = col; /* glyphs are sorted by x */
    }
    g_array_append_val(bands, b);
  }
  free_lines(lines);
  g_ptr_array_free(glyphs, TRUE);
  return bands;
}
