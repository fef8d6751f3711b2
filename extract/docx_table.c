/* docx_table.c — see docx_table.h for the span rules. */
#include "docx_table.h"

typedef struct {
  int col, span;
  bz_vmerge vmerge;
  gboolean deleted;
  int paras;
  gboolean glue; /* the next paragraph continues this one */
  GString *text;
} pending_cell;

struct bz_dx_table {
  biao_doc *doc;
  biao_table *t;
  bz_dx_table *parent;
  int grid_cols; /* w:gridCol count */
  int row;       /* committed rows so far: index of the row being read */
  int col;       /* next grid column in the current row */
  int width;     /* widest row extent, gridAfter included */
  gboolean in_row, row_deleted, row_header, header_run;
  int grid_after;
  int carry;        /* grid columns of deleted cells not yet given to a kept cell */
  GArray *cells;    /* pending_cell of the current row */
  int cur;          /* index of the open cell in `cells`, or -1 */
  GArray *vm_owner; /* per grid column: index in t->cells of the merge open there, or -1 */
  gsize *ncells;    /* cells made in the whole document */
  gboolean over;    /* a cap was passed */
};

bz_dx_table *bz_dx_table_begin(biao_doc *doc, bz_dx_table *parent, gsize *cells) {
  bz_dx_table *dx = g_new0(bz_dx_table, 1);
  dx->doc = doc;
  dx->ncells = cells;
  dx->t = bz_table_new(doc);
  dx->parent = parent;
  if (parent && parent->in_row && parent->cur >= 0) {
    dx->t->parent = parent->t;
    dx->t->parent_row = parent->row;
    dx->t->parent_col = g_array_index(parent->cells, pending_cell, parent->cur).col;
  } else if (parent) {
    dx->t->parent = parent->t; /* a table outside any cell of its parent (malformed): keep the link */
    dx->t->parent_row = parent->row;
  }
  dx->cells = g_array_new(FALSE, TRUE, sizeof(pending_cell));
  dx->vm_owner = g_array_new(FALSE, FALSE, sizeof(int));
  dx->cur = -1;
  dx->header_run = TRUE;
  return dx;
}

biao_table *bz_dx_table_get(bz_dx_table *dx) { return dx->t; }

void bz_dx_grid_col(bz_dx_table *dx) {
  if (dx->grid_cols < BZ_DX_MAX_COLS) dx->grid_cols++;
}

gboolean bz_dx_over_limit(const bz_dx_table *dx) { return dx->over; }

static void clear_pending(bz_dx_table *dx) {
  for (guint i = 0; i < dx->cells->len; i++) {
    pending_cell *c = &g_array_index(dx->cells, pending_cell, i);
    if (c->text) g_string_free(c->text, TRUE);
  }
  g_array_set_size(dx->cells, 0);
  dx->cur = -1;
}

void bz_dx_row_begin(bz_dx_table *dx) {
  if (dx->in_row) bz_dx_row_end(dx); /* unclosed row (malformed): commit what we have */
  clear_pending(dx);
  dx->in_row = TRUE;
  dx->row_deleted = dx->row_header = FALSE;
  dx->col = 0;
  dx->grid_after = 0;
  dx->carry = 0;
}

void bz_dx_row_grid_before(bz_dx_table *dx, int n) {
  if (dx->in_row && dx->cells->len == 0 && n > 0) dx->col = MIN(n, BZ_DX_MAX_COLS);
}
void bz_dx_row_grid_after(bz_dx_table *dx, int n) {
  if (n > 0) dx->grid_after = MIN(n, BZ_DX_MAX_COLS);
}
void bz_dx_row_deleted(bz_dx_table *dx) { dx->row_deleted = TRUE; }
void bz_dx_row_header(bz_dx_table *dx, gboolean on) { dx->row_header = on; }

static int owner_at(bz_dx_table *dx, int col) {
  return col < (int)dx->vm_owner->len ? g_array_index(dx->vm_owner, int, col) : -1;
}

static void set_owner(bz_dx_table *dx, int col, int span, int idx) {
  int need = col + span;
  while ((int)dx->vm_owner->len < need) {
    int none = -1;
    g_array_append_val(dx->vm_owner, none);
  }
  for (int k = col; k < need; k++) g_array_index(dx->vm_owner, int, k) = idx;
}

/* Tables nested in a row that is dropped go with it (children follow parents in doc->tables). */
static void drop_nested_in_row(bz_dx_table *dx) {
  GPtrArray *tables = dx->doc->tables;
  GHashTable *gone = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint i = 0; i < tables->len; i++) {
    biao_table *o = g_ptr_array_index(tables, i);
    if ((o->parent == dx->t && o->parent_row == dx->row) || (o->parent && g_hash_table_contains(gone, o->parent)))
      g_hash_table_add(gone, o);
  }
  for (guint i = tables->len; i-- > 0;) {
    biao_table *o = g_ptr_array_index(tables, i);
    if (g_hash_table_contains(gone, o)) bz_table_remove(dx->doc, o);
  }
  g_hash_table_destroy(gone);
}

static void commit_cell(bz_dx_table *dx, pending_cell *c, GArray *touched) {
  int idx = c->vmerge == BZ_VM_CONTINUE ? owner_at(dx, c->col) : -1;
  if (idx >= 0) {
    bz_cell *o = &g_array_index(dx->t->cells, bz_cell, idx);
    if (o->col == c->col) {
      o->rowspan = dx->row - o->row + 1;
      if (c->text->len) { /* Word hides a continuation cell's content; keep it rather than lose it */
        char *joined = g_strconcat(o->text, "\n", c->text->str, NULL);
        o->text = bz_doc_intern(dx->doc, joined);
        g_free(joined);
      }
      for (int k = o->col; k < o->col + o->colspan; k++)
        if (k < (int)touched->len) g_array_index(touched, gboolean, k) = TRUE;
      return;
    }
  }
  /* interned without the arena's de-duplication table: on a 10 MB DOCX its hash table alone is
   * ~15 MB for cell texts that are mostly unique numbers */
  if (c->col >= BZ_DX_MAX_COLS) return; /* past the widest real table: dropped */
  c->span = MIN(c->span, BZ_DX_MAX_COLS - c->col);
  bz_cell *cell = bz_table_add_cell(dx->doc, dx->t, dx->row, c->col, 1, c->span, "");
  (*dx->ncells)++;
  if (c->text->len) cell->text = bz_doc_intern_len(dx->doc, c->text->str, (gssize)c->text->len);
  idx = (int)dx->t->cells->len - 1;
  set_owner(dx, c->col, c->span, c->vmerge != BZ_VM_NONE ? idx : -1);
  for (int k = c->col; k < c->col + c->span; k++)
    if (k < (int)touched->len) g_array_index(touched, gboolean, k) = TRUE;
}

void bz_dx_row_end(bz_dx_table *dx) {
  if (!dx->in_row) return;
  if (dx->cur >= 0) bz_dx_cell_end(dx);
  dx->in_row = FALSE;
  if (dx->row_deleted) { /* tracked changes accepted: the row is gone */
    drop_nested_in_row(dx);
    clear_pending(dx);
    return;
  }
  int extent = dx->col + dx->grid_after;
  GArray *touched = g_array_sized_new(FALSE, TRUE, sizeof(gboolean), MAX(extent, (int)dx->vm_owner->len));
  g_array_set_size(touched, MAX(extent, (int)dx->vm_owner->len));
  for (guint i = 0; i < dx->cells->len; i++) {
    pending_cell *c = &g_array_index(dx->cells, pending_cell, i);
    if (!c->deleted) commit_cell(dx, c, touched);
  }
  /* a merge is interrupted by any row that does not continue it */
  for (guint k = 0; k < dx->vm_owner->len; k++)
    if (!g_array_index(touched, gboolean, k)) g_array_index(dx->vm_owner, int, k) = -1;
  g_array_free(touched, TRUE);
  dx->width = MIN(MAX(dx->width, extent), BZ_DX_MAX_COLS);
  if ((gsize)(dx->row + 1) * (gsize)MAX(dx->width, dx->grid_cols) > BZ_DX_MAX_POSITIONS ||
      *dx->ncells > BZ_DX_MAX_CELLS)
    dx->over = TRUE;
  if (dx->header_run && dx->row_header)
    dx->t->header_rows++;
  else
    dx->header_run = FALSE;
  clear_pending(dx);
  dx->row++;
}

void bz_dx_cell_begin(bz_dx_table *dx) {
  if (!dx->in_row) bz_dx_row_begin(dx); /* w:tc outside w:tr (malformed) */
  if (dx->cur >= 0) bz_dx_cell_end(dx);
  pending_cell c = {0};
  c.col = dx->col;
  c.span = 1;
  c.text = g_string_new(NULL);
  g_array_append_val(dx->cells, c);
  dx->cur = (int)dx->cells->len - 1;
}

gboolean bz_dx_in_cell(const bz_dx_table *dx) { return dx->cur >= 0; }

static pending_cell *cur_cell(bz_dx_table *dx) {
  return dx->cur >= 0 ? &g_array_index(dx->cells, pending_cell, dx->cur) : NULL;
}

void bz_dx_cell_span(bz_dx_table *dx, int n) {
  pending_cell *c = cur_cell(dx);
  if (c && n >= 1) c->span = MIN(n, BZ_DX_MAX_COLS);
}
void bz_dx_cell_vmerge(bz_dx_table *dx, bz_vmerge m) {
  pending_cell *c = cur_cell(dx);
  if (c) c->vmerge = m;
}
void bz_dx_cell_deleted(bz_dx_table *dx) {
  pending_cell *c = cur_cell(dx);
  if (c) c->deleted = TRUE;
}

void bz_dx_cell_add_para(bz_dx_table *dx, const char *text, gsize len, gboolean glue_next) {
  pending_cell *c = cur_cell(dx);
  if (!c) return;
  if (c->paras++ && !c->glue) g_string_append_c(c->text, '\n');
  g_string_append_len(c->text, text, (gssize)len);
  c->glue = glue_next;
}

/* Accepting a cell deletion (w:cellDel) widens a neighbour over the deleted cell's grid columns, as
 * Word does: the previous kept cell of the row, or else the next one. */
void bz_dx_cell_end(bz_dx_table *dx) {
  pending_cell *c = cur_cell(dx);
  if (!c) return;
  dx->cur = -1;
  if (c->deleted) {
    pending_cell *prev = NULL;
    for (guint i = dx->cells->len - 1; i-- > 0;) {
      pending_cell *o = &g_array_index(dx->cells, pending_cell, i);
      if (!o->deleted) {
        prev = o;
        break;
      }
    }
    if (prev) {
      prev->span += c->span;
      dx->col += c->span;
    } else {
      dx->carry += c->span;
    }
    return;
  }
  c->span += dx->carry;
  dx->carry = 0;
  dx->col += c->span;
}

/* Empty 1x1 cells wherever no cell covers a grid position. */
static gboolean pad(bz_dx_table *dx) {
  biao_table *t = dx->t;
  int rows = dx->row, cols = MAX(dx->width, dx->grid_cols);
  for (guint i = 0; i < t->cells->len; i++) {
    bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    cols = MAX(cols, c->col + c->colspan);
  }
  if (rows == 0 || cols == 0) return TRUE;
  if ((gsize)rows * (gsize)cols > BZ_DX_MAX_POSITIONS) return FALSE;
  guint8 *cover = g_malloc0((gsize)rows * cols);
  guint n = t->cells->len;
  for (guint i = 0; i < n; i++) {
    bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    for (int r = c->row; r < c->row + c->rowspan && r < rows; r++)
      for (int k = c->col; k < c->col + c->colspan; k++) cover[(gsize)r * cols + k] = 1;
  }
  gsize missing = 0;
  for (gsize i = 0; i < (gsize)rows * cols; i++) missing += !cover[i];
  gboolean ok = *dx->ncells + missing <= BZ_DX_MAX_CELLS;
  for (int r = 0; ok && r < rows; r++)
    for (int k = 0; k < cols; k++)
      if (!cover[(gsize)r * cols + k]) bz_table_add_cell(dx->doc, t, r, k, 1, 1, "");
  if (ok) *dx->ncells += missing;
  g_free(cover);
  return ok;
}

gboolean bz_dx_table_end(bz_dx_table *dx) {
  if (dx->in_row) bz_dx_row_end(dx);
  gboolean ok = !dx->over && pad(dx);
  bz_table_finish(dx->t);
  clear_pending(dx);
  g_array_free(dx->cells, TRUE);
  g_array_free(dx->vm_owner, TRUE);
  g_free(dx);
  return ok;
}
