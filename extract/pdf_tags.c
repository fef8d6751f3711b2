/* pdf_tags.c — tagged PDFs: the structure tree's tables (Table / TR / TH / TD, rows under
 * THead/TBody/TFoot too), compared with the tables found from the page geometry.
 *
 * Geometry stays the reference (it has coordinates and sees merged cells through missing rules);
 * the tags confirm it, tell which rows are headers (TH) and supply tables geometry cannot see
 * (unruled tables with wrapped cells). Three Poppler 22.12 limits shape this file:
 * - reading a cell's text parses the page's content stream once per marked-content piece (~5 ms a
 *   cell on a real page), so texts are read lazily: a few cells to confirm an agreeing table, all
 *   cells only of a tagged table geometry did not find;
 * - the text comes back as UTF-8 bytes re-read as PDFDocEncoding (收 → "æﬂ¶"), with the bytes 0x9F
 *   and 0xAD lost (U+FFFD); it is turned back into bytes here, a lost byte kept as a wildcard;
 * - get_table_row_span/_column_span refuse TD/TH elements, so spans are not read from tags. */
#include <string.h>

#include "pdf_tags.h"

#define MAX_DEPTH 64
#define AGREE 0.8 /* share of rows whose cell count matches for tags and geometry to agree */
#define MAX_EXTRA_ROWS                                                                                       \
  6                       /* geometry rows the tags may lack at the top of a later page: the repeated        \
                           * header, and the lower part of a row split by the page break */
#define SAMPLES 3         /* rows whose first cell is looked for before a table is rebuilt from tags */
#define MAX_TAG_CELLS 400 /* larger tagged tables are not rebuilt from tags (each cell costs a parse) */
#define MAX_TAG_READS 3000 /* cell texts read per document for rebuilding: ~15 s at worst */

typedef struct ttable {
  GPtrArray *rows; /* bz_trow* */
  int head_rows;   /* leading rows made only of TH */
} ttable;

struct bz_tags {
  GPtrArray *tables; /* ttable* */
  int reads_left;    /* cell texts that may still be read to rebuild tables from tags */
};

static void trow_free(gpointer p) {
  bz_trow *r = p;
  for (guint i = 0; i < r->cells->len; i++) {
    bz_tcell *c = &g_array_index(r->cells, bz_tcell, i);
    g_object_unref(c->el);
    if (c->key) g_string_free(c->key, TRUE);
  }
  g_array_free(r->cells, TRUE);
  g_free(r);
}

static void ttable_free(gpointer p) {
  ttable *t = p;
  g_ptr_array_unref(t->rows);
  g_free(t);
}

/* ---- the text Poppler returns ---------------------------------------------------------------- */

/* PDFDocEncoding 0x80–0xA0 (0x9F undefined). */
static const gunichar pdfdoc_80[] = {0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039,
                                     0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A,
                                     0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160, 0x0178, 0x017D, 0x0131,
                                     0x0142, 0x0153, 0x0161, 0x017E, 0,      0x20AC};

/* The PDFDocEncoding byte of u, BZ_TAG_WILD for a lost byte, -1 if u is not such a byte. */
static int pdfdoc_byte(gunichar u) {
  if (u < 0x80 || (u >= 0xA1 && u <= 0xFF && u != 0xAD)) return (int)u;
  if (u == 0xFFFD) return BZ_TAG_WILD;
  for (guint i = 0; i < G_N_ELEMENTS(pdfdoc_80); i++)
    if (pdfdoc_80[i] && pdfdoc_80[i] == u) return (int)(0x80 + i);
  return -1;
}

/* Poppler's string back to the UTF-8 bytes it was made of, when it is such a re-read (every
 * character a PDFDocEncoding byte, the bytes valid UTF-8 with some non-ASCII); else unchanged. */
static GString *undo_pdfdoc(const char *s) {
  GString *b = g_string_new(NULL);
  gboolean high = FALSE;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    int v = pdfdoc_byte(g_utf8_get_char(p));
    if (v < 0) {
      g_string_assign(b, s);
      return b;
    }
    high |= v >= 0x80 || v == BZ_TAG_WILD;
    g_string_append_c(b, (char)v);
  }
  char *probe = g_strdup(b->str);
  for (char *p = probe; *p; p++)
    if (*p == BZ_TAG_WILD) *p = (char)0x80;
  gboolean utf8 = g_utf8_validate(probe, -1, NULL);
  g_free(probe);
  if (!high || !utf8) g_string_assign(b, s);
  return b;
}

/* Drop whitespace (ASCII, U+00A0, U+3000) from UTF-8 bytes. */
static void strip_space(GString *s) {
  gsize w = 0;
  for (gsize r = 0; r < s->len;) {
    guchar c = (guchar)s->str[r];
    if (g_ascii_isspace(c)) {
      r++;
      continue;
    }
    if (c == 0xC2 && r + 1 < s->len && (guchar)s->str[r + 1] == 0xA0) {
      r += 2;
      continue;
    }
    if (c == 0xE3 && r + 2 < s->len && (guchar)s->str[r + 1] == 0x80 && (guchar)s->str[r + 2] == 0x80) {
      r += 3;
      continue;
    }
    s->str[w++] = s->str[r++];
  }
  g_string_truncate(s, w);
}

const GString *bz_tcell_key(bz_tcell *c) {
  if (!c->key) {
    char *t = poppler_structure_element_get_text(c->el, POPPLER_STRUCTURE_GET_TEXT_RECURSIVE);
    c->key = undo_pdfdoc(t ? t : "");
    g_free(t);
    strip_space(c->key);
  }
  return c->key;
}

gboolean bz_tag_char_eq(const char *k, int kn, const char *s, int n) {
  if (kn != n) return FALSE;
  for (int i = 0; i < n; i++)
    if (k[i] != s[i] && k[i] != BZ_TAG_WILD) return FALSE;
  return TRUE;
}

/* Does the key equal the text (whitespace ignored)? */
static gboolean key_eq(const GString *key, const char *text) {
  GString *t = g_string_new(text);
  strip_space(t);
  gboolean eq = bz_tag_char_eq(key->str, (int)key->len, t->str, (int)t->len);
  g_string_free(t, TRUE);
  return eq;
}

/* ---- the tree -------------------------------------------------------------------------------- */

static int page_of(PopplerStructureElement *e) {
  int p = poppler_structure_element_get_page(e);
  return p >= 0 ? p + 1 : 0;
}

static void walk(PopplerStructureElementIter *it, bz_tags *tags, ttable *tab, bz_trow *row, int depth);

static void descend(PopplerStructureElementIter *it, bz_tags *tags, ttable *tab, bz_trow *row, int depth) {
  if (depth >= MAX_DEPTH) return;
  PopplerStructureElementIter *child = poppler_structure_element_iter_get_child(it);
  if (!child) return;
  walk(child, tags, tab, row, depth + 1);
  poppler_structure_element_iter_free(child);
}

static void walk(PopplerStructureElementIter *it, bz_tags *tags, ttable *tab, bz_trow *row, int depth) {
  do {
    PopplerStructureElement *e = poppler_structure_element_iter_get_element(it);
    if (!e) continue;
    PopplerStructureElementKind k = poppler_structure_element_get_kind(e);
    if (k == POPPLER_STRUCTURE_ELEMENT_TABLE) {
      ttable *t = g_new0(ttable, 1);
      t->rows = g_ptr_array_new_with_free_func(trow_free);
      descend(it, tags, t, NULL, depth);
      g_ptr_array_add(tags->tables, t);
    } else if (k == POPPLER_STRUCTURE_ELEMENT_TABLE_ROW && tab) {
      bz_trow *r = g_new0(bz_trow, 1);
      r->cells = g_array_new(FALSE, TRUE, sizeof(bz_tcell));
      r->page = page_of(e);
      g_ptr_array_add(tab->rows, r);
      descend(it, tags, tab, r, depth);
    } else if ((k == POPPLER_STRUCTURE_ELEMENT_TABLE_HEADING || k == POPPLER_STRUCTURE_ELEMENT_TABLE_DATA) &&
               row) {
      /* a table nested in a cell is read as the cell's text */
      bz_tcell c = {g_object_ref(e), NULL, k == POPPLER_STRUCTURE_ELEMENT_TABLE_HEADING};
      g_array_append_val(row->cells, c);
      int p = page_of(e);
      if (p && (row->cells->len == 1 || !row->page)) row->page = p;
    } else {
      descend(it, tags, tab, row, depth);
    }
    g_object_unref(e);
  } while (poppler_structure_element_iter_next(it));
}

bz_tags *bz_pdf_tags_read(PopplerDocument *pd) {
  PopplerStructureElementIter *it = poppler_structure_element_iter_new(pd);
  if (!it) return NULL;
  bz_tags *tags = g_new0(bz_tags, 1);
  tags->tables = g_ptr_array_new_with_free_func(ttable_free);
  tags->reads_left = MAX_TAG_READS;
  walk(it, tags, NULL, NULL, 0);
  poppler_structure_element_iter_free(it);
  for (guint i = 0; i < tags->tables->len; i++) {
    ttable *t = g_ptr_array_index(tags->tables, i);
    for (guint r = 0; r < t->rows->len; r++) {
      bz_trow *row = g_ptr_array_index(t->rows, r);
      gboolean all_th = row->cells->len > 0;
      for (guint c = 0; c < row->cells->len; c++)
        all_th &= g_array_index(row->cells, bz_tcell, c).header;
      if (!all_th) break;
      t->head_rows++;
    }
  }
  if (!tags->tables->len) {
    bz_pdf_tags_free(tags);
    return NULL;
  }
  return tags;
}

void bz_pdf_tags_free(bz_tags *tags) {
  if (!tags) return;
  g_ptr_array_unref(tags->tables);
  g_free(tags);
}

/* ---- tags against geometry ------------------------------------------------------------------- */

/* Cells per row (by top-left corner) of a geometry table. */
static int *geometry_counts(const bz_ptable *p, int *nr) {
  *nr = (int)p->ys->len - 1;
  int *n = g_new0(int, MAX(*nr, 1));
  for (guint i = 0; i < p->cells->len; i++) {
    const bz_pcell *c = &g_array_index(p->cells, bz_pcell, i);
    if (c->row >= 0 && c->row < *nr) n[c->row]++;
  }
  return n;
}

/* How well the tagged rows' cell counts line up with the geometry rows: the share of rows equal at
 * the best shift (geometry row = tag row + *shift). When the geometry table has a few more rows at
 * the top (a header repeated on a continuation page, which Word and LibreOffice tag as an artifact;
 * the rest of a row the page break split, which belongs to the previous page's TR) the share is of
 * the tagged rows. */
static int count_score(GPtrArray *rows, const int *gc, int ng, int o) {
  int score = 0;
  for (int i = 0; i < (int)rows->len; i++)
    if (i + o >= 0 && i + o < ng && (int)((bz_trow *)g_ptr_array_index(rows, i))->cells->len == gc[i + o])
      score++;
  return score;
}

typedef struct fit {
  double share; /* of rows whose cell counts match */
  int shift;    /* geometry row = tagged row + shift */
} fit;

/* Up to two ways the tagged rows may sit in the geometry table, best first: the shift where most
 * counts match (share of the larger row count), and the tagged rows at the bottom under a few
 * extra geometry rows (share of the tagged rows). */
static int count_fits(GPtrArray *rows, const bz_ptable *p, fit out[2]) {
  int ng = 0, nt = (int)rows->len, n = 0;
  int *gc = geometry_counts(p, &ng);
  int best = -1, shift = 0;
  for (int o = -(nt - 1); o < ng; o++) {
    int score = count_score(rows, gc, ng, o);
    if (score > best) best = score, shift = o;
  }
  out[n++] = (fit){(double)best / MAX(nt, ng), shift};
  if (ng > nt && ng - nt <= MAX_EXTRA_ROWS) {
    fit top = {(double)count_score(rows, gc, ng, ng - nt) / nt, ng - nt};
    if (shift == top.shift)
      out[0] = top;
    else if (top.share > out[0].share)
      out[1] = out[0], out[0] = top, n++;
    else
      out[n++] = top;
  }
  g_free(gc);
  return n;
}

/* The geometry cells of row r, left to right (bz_pcell*). */
static GPtrArray *row_cells(const bz_ptable *p, int r) {
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < p->cells->len; i++) {
    bz_pcell *c = &g_array_index(p->cells, bz_pcell, i);
    if (c->row == r) g_ptr_array_add(out, c);
  }
  return out;
}

/* Confirm a count agreement by text: from the middle row on (wrapping round), in the first row
 * whose counts match and whose longest geometry cell has text, that cell must equal its tagged
 * cell. One cell only: each read costs a page parse (~5 ms). A body row, not the header, so that
 * cells listed in the wrong order in the tree are caught. */
static gboolean texts_agree(GPtrArray *rows, const bz_ptable *p, int shift) {
  int nt = (int)rows->len, ng = (int)p->ys->len - 1;
  for (int n = 0; n < nt; n++) {
    int i = (nt / 2 + n) % nt;
    if (i + shift < 0 || i + shift >= ng) continue;
    bz_trow *tr = g_ptr_array_index(rows, i);
    GPtrArray *gc = row_cells(p, i + shift);
    const char *text = "";
    size_t text_len = 0;
    guint longest = 0;
    if (gc->len == tr->cells->len)
      for (guint k = 0; k < gc->len; k++) {
        const char *t = ((bz_pcell *)g_ptr_array_index(gc, k))->text;
        size_t n = strlen(t);
        if (n > text_len) text = t, text_len = n, longest = k;
      }
    g_ptr_array_free(gc, TRUE);
    if (*text) return key_eq(bz_tcell_key(&g_array_index(tr->cells, bz_tcell, longest)), text);
  }
  return FALSE;
}

/* Characters of a table's cells, without whitespace. */
static GString *table_chars(const bz_ptable *p) {
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < p->cells->len; i++)
    g_string_append(s, g_array_index(p->cells, bz_pcell, i).text);
  strip_space(s);
  return s;
}

/* Does `big` hold every character of `small` (as a multiset)? Replacing a rule-less table by a
 * tagged one must not lose text. */
static gboolean covers(const bz_ptable *big, const bz_ptable *small) {
  GString *a = table_chars(big), *b = table_chars(small);
  GHashTable *count = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (const char *p = a->str; *p; p = g_utf8_next_char(p)) {
    gpointer k = GUINT_TO_POINTER(g_utf8_get_char(p));
    g_hash_table_insert(count, k, GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(count, k)) + 1));
  }
  gboolean ok = TRUE;
  for (const char *p = b->str; ok && *p; p = g_utf8_next_char(p)) {
    gpointer k = GUINT_TO_POINTER(g_utf8_get_char(p));
    int n = GPOINTER_TO_INT(g_hash_table_lookup(count, k));
    ok = n > 0;
    g_hash_table_insert(count, k, GINT_TO_POINTER(n - 1));
  }
  g_hash_table_destroy(count);
  g_string_free(a, TRUE);
  g_string_free(b, TRUE);
  return ok;
}

static gboolean overlaps(const bz_ptable *a, const bz_ptable *b) {
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* A quick look before reading every cell: the first cell of a few rows has each of its characters
 * among the glyphs no lattice table took. Most pieces that disagree with geometry sit inside a
 * lattice table and fail here for the price of a few reads. */
static gboolean plausible(const bz_page *page, GPtrArray *rows, const guint8 *lattice_used) {
  GHashTable *free_chars = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint k = 0; k < page->chars->len; k++)
    if (!lattice_used[k])
      g_hash_table_add(free_chars, GUINT_TO_POINTER(g_array_index(page->chars, bz_pchar, k).c));
  gboolean ok = TRUE;
  guint step = MAX(1, rows->len / SAMPLES);
  for (guint i = 0; ok && i < rows->len; i += step) {
    bz_trow *r = g_ptr_array_index(rows, i);
    const GString *key = bz_tcell_key(&g_array_index(r->cells, bz_tcell, 0));
    const char *end = key->str + key->len;
    for (const char *p = key->str; ok && p < end;) {
      gssize n = MIN(g_utf8_skip[(guchar)*p], end - p);
      if (!memchr(p, BZ_TAG_WILD, (size_t)n)) /* a character with a lost byte is not looked up */
        ok = g_hash_table_contains(free_chars, GUINT_TO_POINTER(g_utf8_get_char_validated(p, n)));
      p += n;
    }
  }
  g_hash_table_destroy(free_chars);
  return ok;
}

/* A tagged table geometry did not find: built from the tags when its text is on the page outside
 * lattice tables. A rule-less table it overlaps is replaced when the tagged one holds all its text;
 * otherwise (and when it overlaps a lattice table) geometry wins and the tagged table is dropped. */
static bz_ptable *add_from_tags(bz_tags *tags, bz_page *page, GPtrArray *tables, guint n_lattice,
                                GPtrArray *rows, const guint8 *lattice_used) {
  int cells = 0;
  for (guint i = 0; i < rows->len; i++)
    cells += (int)((bz_trow *)g_ptr_array_index(rows, i))->cells->len;
  if (cells > MAX_TAG_CELLS || cells > tags->reads_left) return NULL;
  if (!plausible(page, rows, lattice_used)) return NULL;
  tags->reads_left -= cells;
  /* glyphs the tag grid may take: not in a lattice table (rule-less tables may be replaced) */
  GArray *saved = g_array_sized_new(FALSE, FALSE, sizeof(int), page->chars->len);
  for (guint k = 0; k < page->chars->len; k++) {
    bz_pchar *c = &g_array_index(page->chars, bz_pchar, k);
    g_array_append_val(saved, c->used);
  }
  bz_ptable *t = bz_pdf_tags_grid(page, rows, lattice_used);
  if (!t) {
    g_array_free(saved, TRUE);
    return NULL;
  }
  for (guint i = 0; i < tables->len; i++) {
    bz_ptable *g = g_ptr_array_index(tables, i);
    if (!overlaps(t, g)) continue;
    if (i < n_lattice || g->source || !covers(t, g)) { /* geometry keeps what tags cannot account for */
      for (guint k = 0; k < page->chars->len; k++)
        g_array_index(page->chars, bz_pchar, k).used = g_array_index(saved, int, k);
      bz_pdf_ptable_free(t);
      g_array_free(saved, TRUE);
      return NULL;
    }
  }
  for (guint i = tables->len; i-- > n_lattice;)
    if (overlaps(t, g_ptr_array_index(tables, i))) g_ptr_array_remove_index(tables, i);
  g_ptr_array_add(tables, t);
  g_array_free(saved, TRUE);
  return t;
}

void bz_pdf_tags_apply(bz_tags *tags, bz_page *page, GPtrArray *tables, guint n_lattice,
                       const guint8 *lattice_used) {
  if (!tags) return;
  for (guint i = 0; i < tags->tables->len; i++) {
    ttable *tt = g_ptr_array_index(tags->tables, i);
    GPtrArray *rows = g_ptr_array_new();
    guint first = 0;
    for (guint r = 0; r < tt->rows->len; r++) {
      bz_trow *row = g_ptr_array_index(tt->rows, r);
      if (row->page != page->number || !row->cells->len) continue;
      if (!rows->len) first = r;
      g_ptr_array_add(rows, row);
    }
    if (rows->len) {
      bz_ptable *best = NULL;
      double best_a = 0;
      int best_shift = 0;
      guint best_k = 0;
      for (guint k = 0; k < tables->len; k++) {
        bz_ptable *p = g_ptr_array_index(tables, k);
        fit fits[2];
        int n = count_fits(rows, p, fits);
        for (int f = 0; f < n; f++)
          if (fits[f].share >= AGREE && fits[f].share > best_a && texts_agree(rows, p, fits[f].shift)) {
            best = p, best_a = fits[f].share, best_shift = fits[f].shift, best_k = k;
            break;
          }
      }
      /* no agreeing geometry table: the tag grid, when it can be built. A rule-less geometry table
       * guesses no spans: where its rows' shapes differ from the tags' (合计 across two columns),
       * the tag grid is the better one (pdf_stream.c) */
      if (!best || (best_k >= n_lattice && best_a < 1.0)) {
        bz_ptable *t = add_from_tags(tags, page, tables, n_lattice, rows, lattice_used);
        if (t) {
          best = NULL;
          if (first == 0 && tt->head_rows > 0 && tt->head_rows < (int)t->ys->len - 1)
            t->header_rows = tt->head_rows;
        }
      }
      if (best) {
        best->source = "geometry+tags";
        int h = tt->head_rows + best_shift;
        if (first == 0 && tt->head_rows > 0 && best_shift >= 0 && h < (int)best->ys->len - 1)
          best->header_rows = h;
      }
    }
    g_ptr_array_free(rows, TRUE);
  }
}
