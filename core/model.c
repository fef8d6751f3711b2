/* model.c — documents, tables and cells: construction, grid, public accessors. */
#include "model.h"

#include <stdarg.h>
#include <string.h>

biao_doc *bz_doc_new(const char *path) {
  biao_doc *doc = g_new0(biao_doc, 1);
  doc->path = g_strdup(path ? path : "-");
  doc->format = "text";
  doc->pages = -1;
  doc->tables = g_ptr_array_new();
  doc->warnings = g_ptr_array_new_with_free_func(g_free);
  doc->strings = g_string_chunk_new(4096);
  return doc;
}

static void table_free(biao_table *t) {
  if (!t) return;
  bz_meaning_free(t->meaning);
  g_ptr_array_free(t->context, TRUE);
  g_ptr_array_free(t->meta, TRUE);
  g_array_free(t->cells, TRUE);
  if (t->geom) g_array_free(t->geom, TRUE);
  g_free(t->grid);
  g_free(t->owner);
  g_free(t);
}

void biao_doc_free(biao_doc *doc) {
  if (!doc) return;
  for (guint i = 0; i < doc->tables->len; i++) table_free(g_ptr_array_index(doc->tables, i));
  g_ptr_array_free(doc->tables, TRUE);
  g_ptr_array_free(doc->warnings, TRUE);
  if (doc->orphans) g_array_free(doc->orphans, TRUE);
  g_string_chunk_free(doc->strings);
  g_free(doc->path);
  g_free(doc);
}

const char *bz_doc_intern(biao_doc *doc, const char *s) {
  return g_string_chunk_insert_const(doc->strings, s ? s : "");
}

const char *bz_doc_intern_len(biao_doc *doc, const char *s, gssize len) {
  if (!s) return bz_doc_intern(doc, "");
  if (len < 0) return bz_doc_intern(doc, s);
  return g_string_chunk_insert_len(doc->strings, s, len);
}

const char *bz_doc_intern_scratch(biao_doc *doc, const char *s) {
  return g_string_chunk_insert(doc->scratch ? doc->scratch : doc->strings, s ? s : "");
}

void bz_doc_warn(biao_doc *doc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *w = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  for (guint i = 0; i < doc->warnings->len; i++) /* the same warning once */
    if (strcmp(g_ptr_array_index(doc->warnings, i), w) == 0) {
      g_free(w);
      return;
    }
  g_ptr_array_add(doc->warnings, w);
}

void bz_doc_number_tables(biao_doc *doc) {
  for (guint i = 0; i < doc->tables->len; i++) ((biao_table *)g_ptr_array_index(doc->tables, i))->index = (int)i + 1;
}

biao_table *bz_table_new(biao_doc *doc) {
  biao_table *t = g_new0(biao_table, 1);
  t->context = g_ptr_array_new();
  t->meta = g_ptr_array_new_with_free_func(g_free);
  t->cells = g_array_new(FALSE, TRUE, sizeof(bz_cell));
  g_ptr_array_add(doc->tables, t);
  t->index = (int)doc->tables->len;
  return t;
}

void bz_table_remove(biao_doc *doc, biao_table *t) {
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *o = g_ptr_array_index(doc->tables, i);
    if (o->parent == t) o->parent = t->parent;
  }
  if (g_ptr_array_remove(doc->tables, t)) table_free(t);
}

static void table_invalidate(biao_table *t) {
  g_clear_pointer(&t->grid, g_free);
  g_clear_pointer(&t->owner, g_free);
}

bz_cell *bz_table_add_cell(biao_doc *doc, biao_table *t, int row, int col, int rowspan, int colspan,
                           const char *text) {
  g_return_val_if_fail(row >= 0 && col >= 0, NULL);
  bz_cell c = {0};
  c.row = row;
  c.col = col;
  c.rowspan = rowspan < 1 ? 1 : rowspan;
  c.colspan = colspan < 1 ? 1 : colspan;
  c.text = bz_doc_intern(doc, text);
  g_array_append_val(t->cells, c);
  if (t->geom) g_array_set_size(t->geom, t->cells->len); /* zeros: no geometry yet */
  table_invalidate(t);
  return &g_array_index(t->cells, bz_cell, t->cells->len - 1);
}

static guint cell_index(const biao_table *t, const bz_cell *c) {
  const bz_cell *first = &g_array_index(t->cells, bz_cell, 0);
  g_return_val_if_fail(c >= first && c < first + t->cells->len, 0);
  return (guint)(c - first);
}

const bz_geom *bz_cell_geom(const biao_table *t, const bz_cell *c) {
  if (!t->geom || !t->cells->len) return NULL;
  return &g_array_index(t->geom, bz_geom, cell_index(t, c));
}

bz_geom *bz_cell_geom_mut(biao_table *t, const bz_cell *c) {
  if (!t->geom) {
    t->geom = g_array_new(FALSE, TRUE, sizeof(bz_geom));
    g_array_set_size(t->geom, t->cells->len);
  }
  return &g_array_index(t->geom, bz_geom, cell_index(t, c));
}

void bz_table_remove_cell(biao_table *t, guint i) {
  g_return_if_fail(i < t->cells->len);
  g_array_remove_index(t->cells, i);
  if (t->geom) g_array_remove_index(t->geom, i);
  table_invalidate(t);
}

void bz_table_add_context(biao_doc *doc, biao_table *t, const char *line) {
  g_ptr_array_add(t->context, (gpointer)bz_doc_intern(doc, line));
}

void bz_table_set_meta(biao_doc *doc, biao_table *t, const char *key, const char *value) {
  for (guint i = 0; i < t->meta->len; i++) {
    bz_kv *kv = g_ptr_array_index(t->meta, i);
    if (strcmp(kv->key, key) == 0) {
      kv->value = bz_doc_intern(doc, value);
      return;
    }
  }
  bz_kv *kv = g_new0(bz_kv, 1);
  kv->key = bz_doc_intern(doc, key);
  kv->value = bz_doc_intern(doc, value);
  g_ptr_array_add(t->meta, kv);
}

const char *bz_table_get_meta(const biao_table *t, const char *key) {
  for (guint i = 0; i < t->meta->len; i++) {
    bz_kv *kv = g_ptr_array_index(t->meta, i);
    if (strcmp(kv->key, key) == 0) return kv->value;
  }
  return NULL;
}

static gint cell_cmp(gconstpointer a, gconstpointer b) {
  const bz_cell *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return 0;
}

static gint pair_cmp(gconstpointer a, gconstpointer b, gpointer user) {
  (void)user;
  return cell_cmp(a, b); /* the cell is the pair's first member */
}

/* Sort the cells and their geometry together. */
static void sort_with_geom(biao_table *t) {
  typedef struct {
    bz_cell c;
    bz_geom g;
  } pair;
  guint n = t->cells->len;
  pair *p = g_new(pair, n ? n : 1);
  for (guint i = 0; i < n; i++) {
    p[i].c = g_array_index(t->cells, bz_cell, i);
    p[i].g = g_array_index(t->geom, bz_geom, i);
  }
  g_qsort_with_data(p, (gint)n, sizeof *p, pair_cmp, NULL);
  for (guint i = 0; i < n; i++) {
    g_array_index(t->cells, bz_cell, i) = p[i].c;
    g_array_index(t->geom, bz_geom, i) = p[i].g;
  }
  g_free(p);
}

void bz_table_finish(biao_table *t) {
  /* Cells removed without bz_table_remove_cell would leave the geometry out of step: caught in
   * the sanitizer/debug build; a release build keeps going with the extra boxes cut off. */
#ifndef NDEBUG
  g_assert(!t->geom || t->geom->len == t->cells->len);
#endif
  if (t->geom && t->geom->len != t->cells->len) g_array_set_size(t->geom, t->cells->len);
  if (t->geom) sort_with_geom(t);
  else g_array_sort(t->cells, cell_cmp);
  int nr = 0, nc = 0;
  for (guint i = 0; i < t->cells->len; i++) {
    bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    nr = MAX(nr, c->row + c->rowspan);
    nc = MAX(nc, c->col + c->colspan);
  }
  t->n_rows = nr;
  t->n_cols = nc;
  if (t->header_rows > nr) t->header_rows = nr;
  table_invalidate(t);
}

void bz_table_release_caches(biao_table *t) { table_invalidate(t); }

static void build_owner(biao_table *t) {
  if (t->owner) return;
  size_t n = (size_t)t->n_rows * (size_t)t->n_cols;
  t->owner = g_new0(const bz_cell *, n ? n : 1);
  for (guint i = 0; i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    for (int r = c->row; r < c->row + c->rowspan && r < t->n_rows; r++)
      for (int k = c->col; k < c->col + c->colspan && k < t->n_cols; k++)
        if (!t->owner[(size_t)r * t->n_cols + k]) t->owner[(size_t)r * t->n_cols + k] = c;
  }
}

const bz_cell *bz_table_owner(biao_table *t, int row, int col) {
  if (row < 0 || col < 0 || row >= t->n_rows || col >= t->n_cols) return NULL;
  build_owner(t);
  return t->owner[(size_t)row * t->n_cols + col];
}

const bz_cell *bz_table_cell_at(biao_table *t, int row, int col) {
  const bz_cell *c = bz_table_owner(t, row, col);
  return c && c->row == row && c->col == col ? c : NULL;
}

const char **bz_table_grid(biao_table *t, int fill) {
  size_t n = (size_t)t->n_rows * (size_t)t->n_cols;
  if (!fill && t->grid) return t->grid;
  build_owner(t);
  const char **g = g_new0(const char *, n ? n : 1);
  for (int r = 0; r < t->n_rows; r++)
    for (int k = 0; k < t->n_cols; k++) {
      const bz_cell *c = t->owner[(size_t)r * t->n_cols + k];
      const char *s = "";
      if (c && (fill || (c->row == r && c->col == k))) s = c->text;
      g[(size_t)r * t->n_cols + k] = s;
    }
  if (!fill) t->grid = g;
  return g;
}

/* ---- public accessors ---- */

const char *biao_doc_path(const biao_doc *doc) { return doc->path; }
const char *biao_doc_format(const biao_doc *doc) { return doc->format; }
const char *biao_doc_sha256(const biao_doc *doc) { return doc->sha256; }
int biao_doc_pages(const biao_doc *doc) { return doc->pages; }
size_t biao_doc_table_count(const biao_doc *doc) { return doc->tables->len; }
const biao_table *biao_doc_table(const biao_doc *doc, size_t i) {
  return i < doc->tables->len ? g_ptr_array_index(doc->tables, i) : NULL;
}
size_t biao_doc_warning_count(const biao_doc *doc) { return doc->warnings->len; }
int biao_doc_scanned_pages(const biao_doc *doc, const char **list) {
  if (list) *list = doc->scanned;
  return doc->scanned_pages;
}
const char *biao_doc_warning(const biao_doc *doc, size_t i) {
  return i < doc->warnings->len ? g_ptr_array_index(doc->warnings, i) : NULL;
}

int biao_table_index(const biao_table *t) { return t->index; }
int biao_table_rows(const biao_table *t) { return t->n_rows; }
int biao_table_cols(const biao_table *t) { return t->n_cols; }
int biao_table_header_rows(const biao_table *t) { return t->header_rows; }
int biao_table_page_start(const biao_table *t) { return t->page_start; }
int biao_table_page_end(const biao_table *t) { return t->page_end; }
const char *biao_table_title(const biao_table *t) { return t->title; }
size_t biao_table_cell_count(const biao_table *t) { return t->cells->len; }

int biao_table_cell(const biao_table *t, size_t i, int *row, int *col, int *rowspan, int *colspan,
                    const char **text) {
  if (i >= t->cells->len) return BIAO_ERR_USAGE;
  const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
  if (row) *row = c->row;
  if (col) *col = c->col;
  if (rowspan) *rowspan = c->rowspan;
  if (colspan) *colspan = c->colspan;
  if (text) *text = c->text;
  return BIAO_OK;
}

const char *biao_table_text_at(const biao_table *t, int row, int col) {
  const bz_cell *c = bz_table_cell_at((biao_table *)t, row, col);
  return c ? c->text : "";
}

void biao_free(void *p) { g_free(p); }
