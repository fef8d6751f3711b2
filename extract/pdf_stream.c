/* pdf_stream.c — tables without a full lattice: unruled tables and tables drawn with horizontal
 * rules only (three-line tables).
 *
 * Works on the glyphs no lattice table took. A block is found on coarse segments (text lines split
 * at gaps of one glyph height, wider than any word space): at least MIN_ROWS consecutive lines with
 * two or more segments, up to MAX_WRAPPED one-segment lines between them (wrapped cells). A header or
 * wrapped line just above or below whose words fall into the block's columns joins it. Inside a
 * block the unit is the word (split at WORD_GAP glyph heights, a wide word space): columns are the
 * x ranges words cover, separated by gutters that no word crosses — whitespace alignment across
 * rows, so two columns set closer than a glyph height still part where every row parts them.
 * Each line is a row unless it continues the row above (row_joins). A block is a table when
 * 30% of its rows hold a number, or, without numbers, when it looks like a grid of short cells
 * (text_table): prose, lists and label/paragraph layouts are not tables. */
#include <math.h>
#include <string.h>

#include "pdf_page.h"
#include "../core/text.h"

#define MIN_ROWS 3
#define GUTTER 3.0 /* points of x no word covers that separate two columns */

static gboolean numeric_text(const char *s) {
  int digits = 0, other = 0;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isdigit(c))
      digits++;
    else if (!strchr(",.-%+() ", (int)(c < 128 ? c : 'x')))
      other++;
  }
  return digits > 0 && other == 0;
}

/* A list marker ("1." "12)") is a number but no amount: a numbered list is not a table of figures.
 * Outline numbers of numbered paragraphs ("4.2.1.1." "3.2.2.6.1.6.") are list markers too: groups
 * of one to three digits, each closed by a dot, the last by a dot or a parenthesis. */
static gboolean amount_text(const char *s) {
  if (!numeric_text(s)) return FALSE;
  const char *p = s;
  for (;;) {
    int digits = 0;
    while (g_ascii_isdigit(*p))
      p++, digits++;
    if (digits < 1 || digits > 3) return TRUE;
    if (*p == ')') return p[1] != 0;
    if (*p != '.') return TRUE;
    if (!*++p) return FALSE; /* "1." "12." "4.2.1.1." */
  }
}

/* A contents page laid out with spaces: two columns, the second only page numbers. */
static gboolean table_of_contents(GPtrArray *texts, int nr, int nc) {
  if (nc != 2) return FALSE;
  for (int r = 0; r < nr; r++) {
    const char *p = g_ptr_array_index(texts, r * nc + 1);
    int digits = 0;
    for (; *p; p++) {
      if (!g_ascii_isdigit(*p)) return FALSE;
      digits++;
    }
    if (digits > 3) return FALSE;
  }
  return TRUE;
}

#define WORD_GAP 0.4 /* glyph heights: wider than a word space, narrower than two close columns */
#define EXTEND 2     /* header or wrapped lines that may join a block above or below it */
#define MAX_WRAPPED 4 /* one-segment lines (wrapped cells) between two lines of a block */

/* A printed line: its coarse segments [first, end) and its words [w0, w1). */
typedef struct span {
  guint first, end, w0, w1;
  double y0, y1;
} span;

#define WORD(i) (&g_array_index(words, bz_pseg, i))
#define LINE(k) (&g_array_index(lines, span, k))

/* Column gutters of lines [l0, l1): x ranges covered by no word of a line with two or more segments
 * (a one-segment line — a note, a title, a wrapped label — may span columns). Returns column edges. */
static GArray *columns(const GArray *words, const GArray *lines, guint l0, guint l1) {
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE;
  gboolean any_multi = FALSE;
  for (guint k = l0; k < l1; k++)
    any_multi |= LINE(k)->end - LINE(k)->first >= 2;
  for (guint i = LINE(l0)->w0; i < LINE(l1 - 1)->w1; i++)
    x0 = fmin(x0, WORD(i)->x0), x1 = fmax(x1, WORD(i)->x1);
  int n = (int)ceil(x1 - x0) + 1;
  guint8 *cover = g_new0(guint8, n);
  for (guint k = l0; k < l1; k++) {
    if (any_multi && LINE(k)->end - LINE(k)->first < 2) continue;
    for (guint i = LINE(k)->w0; i < LINE(k)->w1; i++)
      for (int x = (int)floor(WORD(i)->x0 - x0); x <= (int)ceil(WORD(i)->x1 - x0) && x < n; x++)
        cover[x] = 1;
  }
  GArray *edges = g_array_new(FALSE, FALSE, sizeof(double));
  g_array_append_val(edges, x0);
  int gap = 0;
  for (int x = 0; x < n; x++) {
    if (!cover[x]) {
      gap++;
      continue;
    }
    if (gap >= GUTTER && x > gap) { /* not the margin left of the multi-segment lines */
      double mid = x0 + x - gap / 2.0;
      g_array_append_val(edges, mid);
    }
    gap = 0;
  }
  g_array_append_val(edges, x1);
  g_free(cover);
  return edges;
}

static int column_of(const GArray *edges, double x) {
  for (guint i = 0; i + 1 < edges->len; i++)
    if (x < g_array_index(edges, double, i + 1)) return (int)i;
  return (int)edges->len - 2;
}

/* Does a word cross a column edge (a title or prose line over the columns), or lie outside? */
static gboolean crosses(const GArray *edges, const bz_pseg *w) {
  double left = g_array_index(edges, double, 0), right = g_array_index(edges, double, edges->len - 1);
  if (w->x0 < left - GUTTER || w->x1 > right + GUTTER) return TRUE;
  for (guint i = 1; i + 1 < edges->len; i++) {
    double e = g_array_index(edges, double, i);
    if (w->x0 < e - 1 && w->x1 > e + 1) return TRUE;
  }
  return FALSE;
}

/* Words that read as a sentence end or a list marker: prose, not a grid cell. */
static gboolean prose_cell(const char *s) {
  size_t n = strlen(s);
  if (!n) return FALSE;
  const char *last = g_utf8_find_prev_char(s, s + n);
  gunichar c = g_utf8_get_char(last);
  return c == '.' || c == ';' || c == ':' || c == 0x3002 || c == 0xFF1B || c == 0xFF1A;
}

/* Size of a cell's text in words: Latin words, or two CJK characters for one. */
static double words_in(const char *s) {
  double w = 0;
  gboolean in_word = FALSE;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (bz_text_is_cjk(c)) {
      w += 0.5, in_word = FALSE;
    } else if (g_unichar_isspace(c)) {
      in_word = FALSE;
    } else if (!in_word) {
      w += 1, in_word = TRUE;
    }
  }
  return w;
}

/* A block without numbers is a table only when it reads as a grid of short cells: every column
 * filled in at least half of the rows, cells of a few words, and no column of sentence ends or list
 * markers, and three columns or more ("1." + paragraph, "Related Provisions:" + paragraph are lists and prose). */
static gboolean text_table(GPtrArray *texts, int nr, int nc) {
  if (nc < 3) return FALSE; /* two columns of text: a label list or tabbed lines, not told from a table */
  for (int c = 0; c < nc; c++) {
    int filled = 0, prose = 0;
    double w = 0;
    for (int r = 0; r < nr; r++) {
      const char *s = g_ptr_array_index(texts, r * nc + c);
      if (!*s) continue;
      filled++;
      prose += prose_cell(s);
      w += words_in(s);
    }
    if (filled * 2 < nr || prose * 2 >= filled || w > 6.0 * filled) return FALSE;
  }
  return TRUE;
}

/* Gaps between consecutive lines [l0, l1) of a block: the smallest and largest, and the tallest
 * line. */
static void line_gaps(const GArray *lines, guint l0, guint l1, double *gmin, double *gmax, double *h) {
  *gmin = G_MAXDOUBLE, *gmax = -G_MAXDOUBLE, *h = 0;
  for (guint k = l0; k < l1; k++) {
    *h = fmax(*h, LINE(k)->y1 - LINE(k)->y0);
    if (k == l0) continue;
    double g = LINE(k)->y0 - LINE(k - 1)->y1;
    *gmin = fmin(*gmin, g), *gmax = fmax(*gmax, g);
  }
}

/* Wrapped lines are set closer than rows (cell padding, paragraph spacing): a gap is tight when it is
 * within a fifth of a line height of the smallest. The spacing tells only when the block has both
 * kinds, and rows are not a small minority (one wider gap between groups of single-spaced rows
 * does not make those rows wrapped lines). Returns the limit below which a gap is tight, or
 * -G_MAXDOUBLE. */
static double tight_limit(const GArray *lines, guint l0, guint l1) {
  double gmin, gmax, h;
  line_gaps(lines, l0, l1, &gmin, &gmax, &h);
  int tight = 0, wide = 0;
  for (guint k = l0 + 1; k < l1; k++) {
    double g = LINE(k)->y0 - LINE(k - 1)->y1;
    tight += g < gmin + 0.2 * h;
    wide += g >= gmin + 0.4 * h;
  }
  return wide > 0 && wide * 2 >= tight ? gmin + 0.2 * h : -G_MAXDOUBLE;
}

/* The median distance between the tops of consecutive lines [l0, l1). */
static double median_pitch(const GArray *lines, guint l0, guint l1) {
  GArray *p = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint k = l0 + 1; k < l1; k++) {
    double d = LINE(k)->y0 - LINE(k - 1)->y0;
    g_array_append_val(p, d);
  }
  g_array_sort(p, bz_pdf_cmp_double);
  double m = p->len ? g_array_index(p, double, p->len / 2) : 0;
  g_array_free(p, TRUE);
  return m;
}

/* Does line `k` continue the row whose cells are `row` (nc texts) rather than start a new one?
 *  - tight: the block has two line spacings (wrapped lines set closer than rows) and this line is
 *    set close: it continues when its words lie under filled cells of a row with more cells (wrapped
 *    numbers "3.000 / 0" and "0.260 / 5" too), or fill as many cells as the row but all carry on the
 *    text above (lower case, after a hyphen) with no number under a number;
 *  - otherwise when it has no word in the key (first) column and fills at most half of the row's
 *    other cells, all under text, or starts in lower case or CJK under text cells (a wrapped label);
 *  - or, in a block with numbers, while the header is read (no row with a number yet). */
typedef struct rowctx {
  const GArray *words, *lines, *edges;
  gboolean any_num;
  double tight_below;
  int numeric_rows;
} rowctx;

static gboolean row_joins(const rowctx *x, guint k, char **row, int nc) {
  const GArray *words = x->words, *lines = x->lines;
  const span *l = LINE(k);
  int filled = 0, filled_nonkey = 0, ncols = 0, last_col = -1;
  gboolean under = TRUE, clash = FALSE, key = FALSE, has_num = FALSE, lower = TRUE, all_cont = TRUE;
  for (int c = 0; c < nc; c++)
    filled += *row[c] != 0, filled_nonkey += c > 0 && *row[c];
  for (guint i = l->w0; i < l->w1; i++) {
    const bz_pseg *w = WORD(i);
    int c = column_of(x->edges, (w->x0 + w->x1) / 2);
    gboolean num = numeric_text(w->text), above_num = numeric_text(row[c]);
    has_num |= num;
    if (c != last_col) ncols++, last_col = c;
    key |= c == 0;
    under &= *row[c] != 0;
    clash |= num && above_num;
    if (above_num) lower = FALSE;
    /* every word carries on the text above: lower case, or after a hyphen */
    size_t n = strlen(row[c]);
    all_cont &= g_unichar_islower(g_utf8_get_char(w->text)) || (n && row[c][n - 1] == '-');
    if (i == l->w0) {
      gunichar f = g_utf8_get_char(w->text);
      lower &= g_unichar_islower(f) || bz_text_is_cjk(f);
    }
  }
  if (!filled) return FALSE;
  if (!has_num && x->numeric_rows == 0 && x->any_num) return TRUE; /* header lines */
  if (!under) return FALSE;
  double gap = l->y0 - LINE(k - 1)->y1;
  if (gap < x->tight_below) /* a full line of new cells is a row however close */
    return ncols < filled || (all_cont && !clash);
  if (clash || has_num) return FALSE;
  if (!key && ncols * 2 <= filled_nonkey) return TRUE;
  return lower && ncols < filled;
}

/* What goes between a cell's text and the next word: nothing next to a CJK glyph; on a new line
 * (`wrapped`) what joins wrapped lines (bz_text_wrap_sep: nothing inside a wrapped number "3.000" /
 * "0" or after a hyphen "Log-" / "Rank"); else a space. */
static const char *join_sep(const char *prev, const char *next, gboolean wrapped) {
  gunichar a = bz_text_last_char(prev, -1), b = g_utf8_get_char(next);
  if (wrapped) return bz_text_wrap_sep(a, b);
  return bz_text_is_cjk(a) || bz_text_is_cjk(b) ? "" : " ";
}

/* Turn lines [l0, l1) into a table, or NULL when it is prose. The columns are those of the core
 * lines [c0, c1) (header and tail lines may be wider than their column), widened to all lines. */
static bz_ptable *block_table(bz_page *page, const GArray *words, const GArray *lines, guint l0, guint l1, guint c0,
                              guint c1) {
  GArray *edges = columns(words, lines, c0, c1);
  for (guint i = LINE(l0)->w0; i < LINE(l1 - 1)->w1; i++) {
    double *left = &g_array_index(edges, double, 0), *right = &g_array_index(edges, double, edges->len - 1);
    *left = fmin(*left, WORD(i)->x0), *right = fmax(*right, WORD(i)->x1);
  }
  int nc = (int)edges->len - 1;
  if (nc < 2) {
    g_array_free(edges, TRUE);
    return NULL;
  }
  rowctx x = {words, lines, edges, FALSE, tight_limit(lines, l0, l1), 0};
  for (guint i = LINE(l0)->w0; i < LINE(l1 - 1)->w1; i++)
    x.any_num |= amount_text(WORD(i)->text);
  GPtrArray *texts = g_ptr_array_new_with_free_func(g_free); /* nr*nc strings */
  GArray *ys = g_array_new(FALSE, FALSE, sizeof(double));
  int nr = 0;
  for (guint k = l0; k < l1; k++) {
    const span *l = LINE(k);
    gboolean has_num = FALSE;
    for (guint i = l->w0; i < l->w1; i++)
      has_num |= amount_text(WORD(i)->text);
    if (!(nr > 0 && row_joins(&x, k, (char **)&g_ptr_array_index(texts, (nr - 1) * nc), nc))) {
      for (int c = 0; c < nc; c++)
        g_ptr_array_add(texts, g_strdup(""));
      g_array_append_val(ys, l->y0);
      nr++;
      x.numeric_rows += has_num;
    }
    int prev_col = -1;
    for (guint i = l->w0; i < l->w1; i++) {
      const bz_pseg *w = WORD(i);
      int c = column_of(edges, (w->x0 + w->x1) / 2);
      char **slot = (char **)&g_ptr_array_index(texts, (nr - 1) * nc + c);
      const char *sep = **slot ? join_sep(*slot, w->text, c != prev_col) : "";
      char *joined = **slot ? g_strconcat(*slot, sep, w->text, NULL) : g_strdup(w->text);
      g_free(*slot);
      *slot = joined;
      prev_col = c;
    }
  }
  bz_ptable *t = NULL;
  gboolean numeric = x.numeric_rows * 10 >= nr * 3;
  if (nr >= MIN_ROWS && (numeric || text_table(texts, nr, nc)) && !table_of_contents(texts, nr, nc)) {
    t = g_new0(bz_ptable, 1);
    t->xs = edges;
    double bottom = LINE(l1 - 1)->y1;
    g_array_append_val(ys, bottom);
    t->ys = ys;
    t->cells = g_array_new(FALSE, FALSE, sizeof(bz_pcell));
    for (int r = 0; r < nr; r++)
      for (int c = 0; c < nc; c++) {
        bz_pcell cell = {r, c, 1, 1, g_strdup(g_ptr_array_index(texts, r * nc + c))};
        g_array_append_val(t->cells, cell);
      }
    t->x0 = g_array_index(edges, double, 0), t->x1 = g_array_index(edges, double, nc);
    t->y0 = g_array_index(ys, double, 0), t->y1 = bottom;
    /* the glyphs now belong to the table */
    for (guint k = 0; k < page->chars->len; k++) {
      bz_pchar *ch = &g_array_index(page->chars, bz_pchar, k);
      double cx = (ch->x0 + ch->x1) / 2, cy = (ch->y0 + ch->y1) / 2;
      if (!ch->used && cx >= t->x0 - 1 && cx <= t->x1 + 1 && cy >= t->y0 && cy <= t->y1) ch->used = 1;
    }
  } else {
    g_array_free(edges, TRUE);
    g_array_free(ys, TRUE);
  }
  g_ptr_array_free(texts, TRUE);
  return t;
}

/* x extent of the words of each column of lines [l0, l1): 2 doubles per column. */
static GArray *column_content(const GArray *words, const GArray *lines, const GArray *edges, guint l0, guint l1) {
  GArray *r = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint c = 0; c + 1 < edges->len; c++) {
    double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
    g_array_append_val(r, lo);
    g_array_append_val(r, hi);
  }
  for (guint i = LINE(l0)->w0; i < LINE(l1 - 1)->w1; i++) {
    int c = column_of(edges, (WORD(i)->x0 + WORD(i)->x1) / 2);
    double *lo = &g_array_index(r, double, 2 * c), *hi = lo + 1;
    *lo = fmin(*lo, WORD(i)->x0), *hi = fmax(*hi, WORD(i)->x1);
  }
  return r;
}

/* May line `m` join the block whose columns are `edges` (their words span `content`)? Each word
 * must overlap the words of at most one column — a header label may be wider than its column's
 * figures, a title or prose line runs over several — and the line must (`head`) reach two or more
 * columns — a header line — or (!head) put each word under a column the block's last line `last`
 * fills — a wrapped tail. */
static gboolean fits_block(const GArray *words, const GArray *lines, const GArray *edges, const GArray *content,
                           guint m, guint last, gboolean head) {
  int ncols = 0, last_col = -1;
  for (guint i = LINE(m)->w0; i < LINE(m)->w1; i++) {
    const bz_pseg *w = WORD(i);
    int over = 0, c = -1;
    for (guint k = 0; k + 1 < edges->len; k++) {
      double lo = g_array_index(content, double, 2 * k), hi = g_array_index(content, double, 2 * k + 1);
      if (w->x0 < hi - 1 && w->x1 > lo + 1) over++, c = (int)k;
    }
    if (over != 1) return FALSE;
    if (c != last_col) ncols++, last_col = c;
    if (!head) {
      gboolean filled = FALSE;
      for (guint j = LINE(last)->w0; j < LINE(last)->w1; j++)
        filled |= column_of(edges, (WORD(j)->x0 + WORD(j)->x1) / 2) == c;
      if (!filled) return FALSE;
    }
  }
  return head ? ncols >= 2 : TRUE;
}

/* Lines [*l0, *l1) of a block grown by header lines above and wrapped lines below, set no farther
 * apart than the block's own lines (tail lines: no farther than its closest lines). */
static void extend_block(const GArray *words, const GArray *lines, guint floor_line, guint *l0, guint *l1) {
  GArray *edges = columns(words, lines, *l0, *l1);
  GArray *content = column_content(words, lines, edges, *l0, *l1);
  double gmin, gmax, h;
  line_gaps(lines, *l0, *l1, &gmin, &gmax, &h);
  for (int n = 0; n < EXTEND && *l0 > floor_line; n++) {
    guint m = *l0 - 1;
    if (LINE(m + 1)->y0 - LINE(m)->y1 > gmax + 1 || !fits_block(words, lines, edges, content, m, m, TRUE)) break;
    *l0 = m;
  }
  for (int n = 0; n < EXTEND && *l1 < lines->len; n++) {
    guint m = *l1;
    if (LINE(m)->y0 - LINE(m - 1)->y1 > gmin + 0.25 * h || !fits_block(words, lines, edges, content, m, m - 1, FALSE))
      break;
    *l1 = m + 1;
  }
  g_array_free(content, TRUE);
  g_array_free(edges, TRUE);
}

/* Drop last lines of block [k, *last] whose words do not fit the columns of the lines above (a page
 * foot or a note in another layout). Returns how many lines with two or more segments went. */
static guint trim_foot(const GArray *words, const GArray *lines, guint k, guint *last) {
  guint dropped = 0;
  while (*last >= k + MIN_ROWS) {
    GArray *edges = columns(words, lines, k, *last);
    gboolean fits = TRUE;
    for (guint i = LINE(*last)->w0; i < LINE(*last)->w1 && fits; i++)
      fits = !crosses(edges, WORD(i));
    g_array_free(edges, TRUE);
    if (fits) break;
    dropped += LINE(*last)->end - LINE(*last)->first >= 2;
    do
      (*last)--;
    while (*last > k && LINE(*last)->end - LINE(*last)->first < 2);
  }
  return dropped;
}

/* Is line k made only of lines about a table (单位名称：…   单位：万元)? Such a line stands above the
 * table even when it has two items: it never starts or opens a block. */
static gboolean meta_line(const GArray *segs, const GArray *lines, guint k) {
  for (guint i = LINE(k)->first; i < LINE(k)->end; i++)
    if (!bz_pdf_is_meta_line(g_array_index(segs, bz_pseg, i).text)) return FALSE;
  return TRUE;
}

void bz_pdf_stream(bz_page *page, GPtrArray *tables) {
  GArray *segs = bz_pdf_free_segments(page, 0, page->height + 1, BZ_GAP_COLUMNS);
  GArray *words = bz_pdf_free_segments(page, 0, page->height + 1, WORD_GAP);
  GArray *lines = g_array_new(FALSE, FALSE, sizeof(span));
  /* both lists come from the same line grouping: line k's segments and words carry line == k */
  guint w = 0;
  for (guint i = 0; i < segs->len;) {
    const bz_pseg *s = &g_array_index(segs, bz_pseg, i);
    span l = {i, i, w, w, s->y0, s->y1};
    while (l.end < segs->len && g_array_index(segs, bz_pseg, l.end).line == s->line)
      l.end++;
    while (l.w1 < words->len && WORD(l.w1)->line == s->line)
      l.w1++;
    g_array_append_val(lines, l);
    i = l.end, w = l.w1;
  }
#define MULTI(k) (LINE(k)->end - LINE(k)->first >= 2)
  guint k = 0, done = 0; /* lines before `done` belong to an earlier block */
  while (k < lines->len) {
    if (!MULTI(k) || meta_line(segs, lines, k)) {
      k++;
      continue;
    }
    /* a block: lines with >= 2 segments; up to MAX_WRAPPED one-segment lines inside it (wrapped cells) */
    guint last = k, multi = 1;
    for (guint m = k + 1; m < lines->len && m <= last + 1 + MAX_WRAPPED; m++) {
      /* a line set far below the block (a page foot, the next paragraph) starts another */
      if (m - k >= 2 && LINE(m)->y0 - LINE(m - 1)->y0 > 2 * median_pitch(lines, k, m)) break;
      if (MULTI(m)) last = m, multi++;
    }
    multi -= trim_foot(words, lines, k, &last);
    if (multi >= MIN_ROWS) {
      guint l0 = k, l1 = last + 1;
      extend_block(words, lines, done, &l0, &l1);
      while (l0 < k && meta_line(segs, lines, l0))
        l0++;
      bz_ptable *t = block_table(page, words, lines, l0, l1, k, last + 1);
      if (t) {
        g_ptr_array_add(tables, t);
        last = l1 - 1, done = l1;
      }
    }
    k = last + 1;
  }
#undef MULTI
  g_array_free(lines, TRUE);
  bz_pdf_segs_free(words);
  bz_pdf_segs_free(segs);
}
