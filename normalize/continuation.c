/* continuation.c — one table printed over several pages becomes one table.
 *
 * Table B continues table A when B comes right after A (A last on its page, B first on the next
 * page, or adjacent in a text dump), B has the same number of columns, B has no title of its own
 * (or says 续表), and — when the reader knows cell boxes — each of B's column boundaries lines up
 * (within a few points) with one of A's, so B may merge columns A splits; an untitled B whose grid
 * differs more (a form's lower part with columns of its own, or without A's label column) joins on
 * the union of both grids when it lies within A's x-span and does not open a new form (union_map,
 * starts_new_form). Readers without pages (DOCX) never
 * join; a text reader that knows page breaks (form feeds) sets page_start/page_end and gets the same joining.
 * Header rows that the continuation page repeats are dropped (so is a sub-header the page prints again:
 * 指标名称 | 指标性质 under 绩效指标), and a row split by the page break (its label
 * overflowing onto the next page) is joined back into one row, and a merged label cut by the break is one
 * cell again — its text too, when it flowed over the break (效益指标 / （30分）), and a merged number
 * beside it (a project's code and amount, printed again on the next page). */
#include <math.h>
#include <string.h>

#include "normalize.h"

#define COL_TOL 4.0 /* points */

/* x of the left edge of each column (and the right edge of the last), from single-column cells;
 * NULL when the table has no geometry. */
static double *column_edges(const biao_table *t) {
  if (t->n_cols <= 0) return NULL;
  double *e = g_new(double, t->n_cols + 1);
  gboolean *seen = g_new0(gboolean, t->n_cols + 1);
  for (guint k = 0; k < t->cells->len; k++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, k);
    const bz_geom *g = bz_cell_geom(t, c);
    if (!g || g->page == 0) continue;
    if (!seen[c->col]) e[c->col] = g->x0, seen[c->col] = TRUE;
    if (!seen[c->col + c->colspan]) e[c->col + c->colspan] = g->x1, seen[c->col + c->colspan] = TRUE;
  }
  gboolean all = TRUE;
  for (int i = 0; i <= t->n_cols; i++)
    all &= seen[i];
  g_free(seen);
  if (!all) {
    g_free(e);
    return NULL;
  }
  return e;
}

static int nearest_edge(const double *e, guint n, double x) {
  int best = 0;
  for (guint i = 1; i < n; i++)
    if (fabs(e[i] - x) < fabs(e[best] - x)) best = (int)i;
  return best;
}

/* How far b's edge i may lie from the edge of a it stands for: a few points, or up to a quarter of
 * the narrower column beside it — a continuation page may be laid out anew (Excel/WPS fit each
 * page's columns to its own text: 238.6 against 250.1 pt); an edge further off, towards the middle
 * of a's column, is a rule of b's own (union_map). */
static double edge_tolerance(const double *eb, int n, int i) {
  double w = G_MAXDOUBLE;
  if (i > 0) w = MIN(w, eb[i] - eb[i - 1]);
  if (i < n) w = MIN(w, eb[i + 1] - eb[i]);
  return MAX(COL_TOL, w / 4);
}

/* Are the n columns of a (edges ea) and b (edges eb) the same columns, each moved a little — every
 * column of b overlapping a's column of the same index more than any other (Excel/WPS widen a
 * column on the page where its text is longest: 558.5 against 533.0 pt)? */
static gboolean same_columns(const double *ea, const double *eb, int n) {
  for (int i = 0; i < n; i++) {
    double own = MIN(ea[i + 1], eb[i + 1]) - MAX(ea[i], eb[i]);
    if (own <= 0) return FALSE;
    for (int k = MAX(i - 1, 0); k <= MIN(i + 1, n - 1); k++) {
      if (k == i) continue;
      /* b's column i against a's column k, and a's column i against b's column k */
      if (MIN(ea[k + 1], eb[i + 1]) - MAX(ea[k], eb[i]) >= own) return FALSE;
      if (MIN(eb[k + 1], ea[i + 1]) - MAX(eb[k], ea[i]) >= own) return FALSE;
    }
  }
  return TRUE;
}

/* Map b's column edges onto a's: map[i] is the column of a where b's edge i lies (the nearest
 * edge of a, within edge_tolerance, in order). A continuation page may draw fewer inner rules (a
 * row whose cells are merged), so b's edges need only be a subset of a's. Without geometry the
 * column counts must agree. Returns NULL when they do not fit. */
static int *column_map(const biao_table *a, const biao_table *b) {
  double *ea = column_edges(a), *eb = column_edges(b);
  int *map = NULL;
  if (!ea || !eb) {
    if (a->n_cols == b->n_cols) {
      map = g_new(int, b->n_cols + 1);
      for (int i = 0; i <= b->n_cols; i++)
        map[i] = i;
    }
  } else if (b->n_cols <= a->n_cols) {
    map = g_new(int, b->n_cols + 1);
    for (int i = 0, j = 0; i <= b->n_cols && map; i++) {
      /* the nearest edge of a at or after the previous one's successor */
      int lo = i == 0 ? 0 : map[i - 1] + 1, best = -1;
      /* leave room for b's remaining edges */
      for (int k = lo; k <= a->n_cols - (b->n_cols - i); k++)
        if (best < 0 || fabs(ea[k] - eb[i]) < fabs(ea[best] - eb[i])) best = k;
      j = best;
      if (j < 0 || fabs(ea[j] - eb[i]) > edge_tolerance(eb, b->n_cols, i))
        g_clear_pointer(&map, g_free);
      else
        map[i] = j;
    }
    if (map && (map[0] != 0 || map[b->n_cols] != a->n_cols)) g_clear_pointer(&map, g_free);
    if (!map && a->n_cols == b->n_cols && same_columns(ea, eb, a->n_cols)) {
      map = g_new(int, b->n_cols + 1);
      for (int i = 0; i <= b->n_cols; i++)
        map[i] = i;
    }
  }
  g_free(ea);
  g_free(eb);
  return map;
}

/* When b draws a rule that a does not (a form whose second page has its own columns: 分值 | 得分
 * split where the first page has 执行率 | 得分), neither maps onto the other; nor when b leaves out
 * a's outer columns (xa-06: the lower part of a 绩效目标表 on the next page without the 年度绩效指标
 * column on its left). Then the columns of the joined table are the union of both pages' edges —
 * an edge of b within edge_tolerance of one of a's is a's, moved — provided b's columns lie within
 * a's x-span. a's cells are widened onto the union (a cell across a new edge spans one more
 * column) and b's map is returned.
 * With `any` (b is untitled: nothing but its grid tells it from a) every edge of b may be new — a
 * form whose upper part has other columns than its lower part (cq-07: 项目名称 | … | 主管部门 | …
 * over one page, 绩效指标 | 指标名称 | 指标性质 | 指标值 | … on the next) and b may lie inside a's
 * span; otherwise (a title with 续) the outer edges must agree and at most a third of b's inner
 * edges (at least one) be new. NULL, and a untouched, when they do not fit. */
static int *union_map(biao_table *a, const biao_table *b, gboolean any) {
  double *ea = column_edges(a), *eb = column_edges(b);
  int *map = NULL;
  if (!ea || !eb) goto done;
  double tol0 = edge_tolerance(eb, b->n_cols, 0), tol1 = edge_tolerance(eb, b->n_cols, b->n_cols);
  if (any ? eb[0] < ea[0] - tol0 || eb[b->n_cols] > ea[a->n_cols] + tol1
          : fabs(ea[0] - eb[0]) > tol0 || fabs(ea[a->n_cols] - eb[b->n_cols]) > tol1)
    goto done;
  /* u: a's edges and b's new ones, merged in order (both lists are increasing) */
  GArray *u = g_array_new(FALSE, FALSE, sizeof(double));
  int fresh = 0, j = 0;
  for (int i = any ? 0 : 1; i <= (any ? b->n_cols : b->n_cols - 1); i++) {
    gboolean known = FALSE;
    for (int k = 0; k <= a->n_cols && !known; k++)
      known = fabs(ea[k] - eb[i]) <= edge_tolerance(eb, b->n_cols, i); /* moved a little, as in column_map */
    if (known) continue;
    while (j <= a->n_cols && ea[j] < eb[i])
      g_array_append_val(u, ea[j]), j++;
    g_array_append_val(u, eb[i]), fresh++;
  }
  for (; j <= a->n_cols; j++)
    g_array_append_val(u, ea[j]);
  if (!any && (fresh == 0 || fresh * 3 > b->n_cols - 1)) {
    g_array_free(u, TRUE);
    goto done;
  }
  /* index in u of an edge (the nearest) */
#define U_AT(x) nearest_edge(&g_array_index(u, double, 0), u->len, x)
  map = g_new(int, b->n_cols + 1);
  for (int i = 0; i <= b->n_cols; i++)
    map[i] = U_AT(eb[i]);
  /* two edges of b taken for one: b's columns are not a's */
  for (int i = 1; i <= b->n_cols && map; i++)
    if (map[i] <= map[i - 1]) g_clear_pointer(&map, g_free);
  if (map && fresh > 0) {
    for (guint k = 0; k < a->cells->len; k++) {
      bz_cell *c = &g_array_index(a->cells, bz_cell, k);
      int c0 = U_AT(ea[c->col]), c1 = U_AT(ea[c->col + c->colspan]);
      c->col = c0, c->colspan = c1 - c0;
    }
    bz_table_finish(a);
  }
#undef U_AT
  g_array_free(u, TRUE);
done:
  g_free(ea);
  g_free(eb);
  return map;
}

/* The non-empty texts of row 0, left to right, joined by '|' (owned). */
static char *first_row_texts(biao_table *t) {
  GString *s = g_string_new(NULL);
  for (guint k = 0; k < t->cells->len; k++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, k);
    if (c->row == 0 && *c->text) g_string_append(g_string_append(s, c->text), "|");
  }
  return g_string_free(s, FALSE);
}

/* Does untitled b start a new form of a's kind: its first row opens with a's first label and goes
 * on with another value (专项（项目）名称 | 社保大厦物业费 after 专项（项目）名称 | 网络建设维护, one
 * form per project and page, xa-09)? A first row equal to a's is a repeated header, not a new form.
 * Compared by text alone, before any column map (union_map widens a). */
static gboolean starts_new_form(biao_table *a, biao_table *b) {
  char *ta = first_row_texts(a), *tb = first_row_texts(b);
  const char *bar = strchr(ta, '|');
  gboolean same_label = bar && strncmp(ta, tb, (size_t)(bar - ta) + 1) == 0;
  gboolean fresh = same_label && strcmp(ta, tb) != 0;
  g_free(ta);
  g_free(tb);
  return fresh;
}

/* Is every context line of b (表3, title, 部门名称：…, 单位：万元) one of a's? Then b's page repeats
 * the title block of a's first page. A line that differs (another 部门名称, another 表 code) makes
 * b a table of its own. */
static gboolean repeats_title_block(const biao_table *a, const biao_table *b) {
  if (!a->title || !b->title || strcmp(a->title, b->title) != 0) return FALSE;
  for (guint i = 0; b->context && i < b->context->len; i++) {
    const char *line = g_ptr_array_index(b->context, i);
    gboolean found = strstr(line, "续") != NULL;
    for (guint j = 0; !found && a->context && j < a->context->len; j++)
      found = strcmp(line, g_ptr_array_index(a->context, j)) == 0;
    if (!found) return FALSE;
  }
  return TRUE;
}

static int repeated_rows(biao_table *a, biao_table *b, const int *map);

/* Does b's first row share a text with a's first row (in the same column)? After a repeated title
 * block, a page that neither repeats a's header rows nor starts like a's first row goes on with a's
 * body (a 绩效目标表 form whose indicators overflow); one that starts like it (项目名称 …) is the
 * next form. */
static gboolean starts_like(biao_table *a, biao_table *b, const int *map) {
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *bc = &g_array_index(b->cells, bz_cell, k);
    if (bc->row != 0 || !*bc->text) continue;
    const bz_cell *ac = bz_table_owner(a, 0, map[bc->col]);
    if (ac && ac->row == 0 && strcmp(ac->text, bc->text) == 0) return TRUE;
  }
  return FALSE;
}

/* b's column map onto a (column_map) when b continues a; NULL when it does not. */
static int *continuation_map(biao_table *a, biao_table *b) {
  if (a->parent || b->parent) return NULL;
  /* only paged tables: a DOCX has no pages, and two adjacent untitled DOCX tables are two tables */
  if (a->page_end <= 0 || b->page_start != a->page_end + 1) return NULL;
  /* a title of its own starts a new table, unless it says 续 (continued) or b's page repeats the
   * whole title block of a (then b must repeat a's header rows too: 绩效目标表 forms repeat title
   * and unit, one form per project, and their first rows name the project) */
  gboolean repeated_block = FALSE;
  if (b->title && !strstr(b->title, "续")) {
    if (!repeats_title_block(a, b) || a->header_rows <= 0) return NULL;
    repeated_block = TRUE;
  }
  /* an untitled page that opens the next form of a's kind is no continuation, whatever its grid */
  if (!b->title && starts_new_form(a, b)) return NULL;
  int *map = column_map(a, b);
  /* any grid inside a's span only between drawn grids: the columns of an unruled table come from
   * the whitespace of its own texts, so two unruled tables never share a grid (SAS output, one
   * untitled table after another) and a differing one says nothing of a form's other part */
  if (!map && !repeated_block) map = union_map(a, b, !b->title && a->ruled && b->ruled); /* last: it widens a */
  if (map && repeated_block && repeated_rows(a, b, map) < a->header_rows && starts_like(a, b, map))
    g_clear_pointer(&map, g_free);
  return map;
}

/* Does row r of b print row R of a again? Each text of b's row is a's text in the same place — a
 * cell of one row against a cell of one row, a label that goes on down (绩效指标 beside a sub-header)
 * against the label beside a's row, however far each goes on — and a's row has no text of its own
 * that b's row lacks. Empty boxes are not compared, since a page that draws a rule of its own
 * (union_map) splits a header cell into its text and an empty box. */
static gboolean repeats_row(biao_table *a, int R, biao_table *b, int r, const int *map) {
  int nb = 0, na = 0;
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *bc = &g_array_index(b->cells, bz_cell, k);
    if (bc->row != r || !*bc->text) continue;
    const bz_cell *ac = bz_table_owner(a, R, map[bc->col]);
    if (!ac || strcmp(ac->text, bc->text) != 0 || (bc->rowspan == 1) != (ac->row == R && ac->rowspan == 1))
      return FALSE;
    nb += ac->row == R;
  }
  for (guint k = 0; k < a->cells->len; k++) {
    const bz_cell *ac = &g_array_index(a->cells, bz_cell, k);
    na += ac->row == R && *ac->text;
  }
  return nb > 0 && nb == na;
}

/* Is row R of a the row that numbers the columns (栏次 | 1 | 2 | 3 …, or ** | ** | 1 | 2 | 3): one-row
 * cells holding 1, 2, 3 … from left to right (at least three, or two beside a label), beside at
 * most a few labels (栏次, 行次, **, 甲, A)? The meaning pass makes it a header row later
 * (headers.c); here it decides whether a page that prints it again under the header repeats it. */
static gboolean colnum_row(biao_table *a, int R) {
  int expect = 1, seen = 0, labels = 0;
  for (int c = 0; c < a->n_cols; c++) {
    const bz_cell *o = bz_table_owner(a, R, c);
    if (!o || o->col != c || !*o->text) continue;
    if (o->row != R || o->rowspan != 1) return FALSE;
    char *end = NULL;
    gint64 n = g_ascii_strtoll(o->text, &end, 10);
    if (end != o->text && !*end) {
      if (n != expect) return FALSE;
      expect++, seen++;
    } else if (bz_text_is_colnum_label(o->text)) {
      labels++;
    } else {
      return FALSE;
    }
  }
  return (seen >= 3 || (seen >= 2 && labels >= 1)) && labels <= 4;
}

/* Number of leading rows of b that repeat a's leading rows (a repeated header, as Word and
 * LibreOffice print rows marked tblHeader on every page), and the row numbering the columns right
 * under them when the page prints it again (长沙's ** ** 1 2 3, 西安's 栏次 1 2 3: at this point it is
 * not yet counted as a header row). b's columns are mapped onto a's. */
static int repeated_rows(biao_table *a, biao_table *b, const int *map) {
  int limit = a->header_rows > 0 ? a->header_rows : 3;
  if (limit > a->n_rows) limit = a->n_rows;
  if (limit > b->n_rows - 1) limit = b->n_rows - 1;
  int r = 0;
  while (r < limit && repeats_row(a, r, b, r, map))
    r++;
  if (r > 0 && r == a->header_rows && r < a->n_rows && r < b->n_rows - 1 && colnum_row(a, r) &&
      repeats_row(a, r, b, r, map))
    r++;
  return r;
}

/* Is row R of a a header row, or a row that names the columns under it — a sub-header such as
 * 指标名称 | 指标性质 | 指标值 under a 绩效指标 span, which a form prints again at the top of each page?
 * Such a row has text in two or more cells of its own and no number, and none of its texts is a
 * value of its column further down (a column's name is not one of its values: a body row that
 * merely repeats — 定性 | 是 — shares its texts with the rows around it). */
static gboolean header_like(biao_table *a, int R) {
  if (R < a->header_rows) return TRUE;
  int own = 0;
  for (int c = 0; c < a->n_cols; c++) {
    const bz_cell *ac = bz_table_cell_at(a, R, c);
    if (!ac || ac->rowspan != 1 || !*ac->text) continue;
    if (bz_text_is_numeric(ac->text)) return FALSE;
    own++;
    for (int r = R + 1; r < a->n_rows; r++) {
      const bz_cell *below = bz_table_cell_at(a, r, c);
      if (below && strcmp(below->text, ac->text) == 0) return FALSE;
    }
  }
  return own >= 2;
}

/* Does row r of b print again a header or header-like row of a, anywhere above the break? */
static gboolean repeats_header_row(biao_table *a, biao_table *b, const int *map, int r) {
  for (int R = 0; R < a->n_rows; R++)
    if (header_like(a, R) && repeats_row(a, R, b, r, map)) return TRUE;
  return FALSE;
}

/* Does row `r` of b finish the last row of a, split by the page break (a word processor let the
 * row break across pages)? The signs: the row holds one short piece of text (at most
 * SPLIT_MAX_CHARS), or only pieces under long text cells (SPLIT_LONG_CELL or more: sentences that
 * did not fit), none starting a new item, or nothing at all (the row's text all fit above the break),
 * under a text cell of a's last row — never under a number — and a's last row has numbers, so it
 * is a complete data row whose text overflowed. Its other cells are empty (merged labels may go
 * on through it).
 * b's columns are mapped onto a's with `map` (b may merge columns). */
#define SPLIT_MAX_CHARS 12
#define SPLIT_LONG_CELL 12

/* A new item, not the rest of a line: （一）…, (1)…, 其中…, 十、…, 3.…, 1）… A bracket that opens a
 * remark — （30分）, （含专用结余） — is not an item: it is the end of the label above. */
static gboolean starts_item(const char *s) {
  gunichar first = g_utf8_get_char(s);
  if (g_str_has_prefix(s, "其中")) return TRUE;
  gboolean bracket = first == 0xFF08 || first == '(';
  const char *p = bracket ? g_utf8_next_char(s) : s;
  for (int n = 0; n < 4 && *p; n++, p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (bracket ? c == ')' || c == 0xFF09 : c == 0x3001 || c == '.' || c == 0xFF0E || c == ')' || c == 0xFF09)
      return n > 0;
    if (!g_unichar_isdigit(c) && !g_utf8_strchr("一二三四五六七八九十", -1, c)) return FALSE;
  }
  return FALSE;
}

/* A remark in brackets and nothing else — （30分）: never a label of its own. */
static gboolean is_remark(const char *s) {
  gunichar first = g_utf8_get_char(s);
  return (first == 0xFF08 || first == '(') && (g_str_has_suffix(s, "）") || g_str_has_suffix(s, ")")) &&
         !starts_item(s);
}

/* Is `below` the rest of the amount `above`, cut by the page break ("12,437.3" + "6")? above ends
 * where an amount cannot end (after a separator, a short group, one decimal) and the two together
 * are an amount with two decimals or full groups. */
static gboolean completes_amount(const char *above, const char *below) {
  static GRegex *amount, *cut;
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    amount = g_regex_new("^-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d{2})?$", G_REGEX_OPTIMIZE, 0, NULL);
    cut = g_regex_new("(?:[.,]|\\.\\d|,\\d{1,2})$", G_REGEX_OPTIMIZE, 0, NULL);
    g_once_init_leave(&once, 1);
  }
  if (!*below || strlen(below) > 3 || !g_ascii_isdigit(*below) || !g_regex_match(cut, above, 0, NULL)) return FALSE;
  char *joined = g_strconcat(above, below, NULL);
  gboolean ok = g_regex_match(amount, joined, 0, NULL);
  g_free(joined);
  return ok;
}

static gboolean split_row(biao_table *a, biao_table *b, const int *map, int r) {
  if (r >= b->n_rows || a->n_rows == 0) return FALSE;
  const char **ga = bz_table_grid(a, 0);
  int last = a->n_rows - 1, numbers = 0, texts = 0, overflows = 0, runs_on = 0;
  for (int c = 0; c < a->n_cols; c++) {
    const bz_cell *ao = bz_table_owner(a, last, c);
    if (!ao || ao->row + ao->rowspan - 1 != last) return FALSE;
    numbers += bz_text_is_numeric(ga[last * a->n_cols + c]);
  }
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *bc = &g_array_index(b->cells, bz_cell, k);
    if (bc->row > r || bc->row + bc->rowspan <= r) continue;
    if (bc->row != r) return FALSE;
    if (!*bc->text) continue; /* empty, possibly the rest of a merged label: fine */
    if (bc->colspan == 1 && completes_amount(ga[last * a->n_cols + map[bc->col]], bc->text)) continue;
    if (starts_item(bc->text)) return FALSE;
    texts++;
    runs_on += bc->rowspan > 1; /* a merged label cut together with its first row */
    const bz_cell *ao = bz_table_owner(a, last, map[bc->col]);
    if (g_utf8_strlen(ao->text, -1) >= SPLIT_LONG_CELL)
      overflows++; /* the rest of a long text */
    else if (g_utf8_strlen(bc->text, -1) > SPLIT_MAX_CHARS)
      return FALSE;
    for (int c = map[bc->col]; c < map[bc->col + bc->colspan]; c++) {
      const char *at = ga[last * a->n_cols + c];
      if (bz_text_is_numeric(at) || (c == map[bc->col] && !*at)) return FALSE;
    }
  }
  /* one short piece, with or without overflows of long text cells beside it (深圳市发展和改革委 /
   * 员会（本级） beside the rest of its 绩效目标), or the rest of a merged label that goes on below
   * (a new row would start its own label, not continue a one-row one) — or nothing: the lower part
   * of a row whose text all fit on the page before (ONLYOFFICE draws it as a row of empty boxes,
   * govbc-01) */
  return numbers > 0 && (texts - overflows <= 1 || runs_on > 0);
}

/* Two pieces of one cell's text cut by the page break, joined as wrapped lines are. */
static const char *joined_text(biao_doc *doc, const char *above, const char *below) {
  const char *sep = bz_text_wrap_sep(bz_text_last_char(above, -1), g_utf8_get_char(below));
  char *joined = g_strconcat(above, sep, below, NULL);
  const char *s = bz_doc_intern(doc, joined);
  g_free(joined);
  return s;
}

static void join_split_row(biao_doc *doc, biao_table *a, biao_table *b, const int *map, int r) {
  int last = a->n_rows - 1;
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *bc = &g_array_index(b->cells, bz_cell, k);
    if (bc->row != r || !*bc->text) continue;
    bz_cell *ao = (bz_cell *)bz_table_owner(a, last, map[bc->col]);
    if (completes_amount(ao->text, bc->text)) {
      char *amount = g_strconcat(ao->text, bc->text, NULL);
      ao->text = bz_doc_intern(doc, amount);
      g_free(amount);
    } else {
      ao->text = joined_text(doc, ao->text, bc->text);
    }
    ao->rowspan += bc->rowspan - 1; /* a merged label: the rows below the split one are its rows too */
  }
}

/* A merged label cut by the page break: the page before shows the top of the cell in the last row,
 * the next page the rest in the same columns at the top. They are one cell when
 * - the lower part is an empty box and either part spans several rows (绩效指标 over rows on both
 *   pages) — so a one-row label above a one-row empty cell (收入支出总表: 八、其他收入 over an empty
 *   income column) stays apart; or the label is nested in a parent label that itself runs over the
 *   break (效益指标（30分） in the column right of 绩效指标): a row inside such a group always names
 *   its sub-group, so an empty box there is the rest of the one above;
 * - or the lower part is text that cannot be a label of its own — only a remark in brackets
 *   (效益指标 / （30分）) — under a text label: the label's text flowed over the break, and the two
 *   texts are joined as wrapped lines of one cell are (no space next to CJK). */
static gboolean parent_runs_over(biao_table *a, int boundary, int c) {
  if (c == 0) return FALSE;
  const bz_cell *up = bz_table_owner(a, boundary - 1, c - 1), *down = bz_table_owner(a, boundary, c - 1);
  return up && up == down;
}

/* Does the column of top print its label again for every group (烟台's iText forms: 绩效指标 | 产出指标
 * beside each 二级指标 group, one cell per group) — two cells one under the other with the same text,
 * at least one of them merged over rows (a group's label, not a column of "-"), other than the pair
 * at this break? */
static gboolean repeats_labels(biao_table *a, const bz_cell *top, const bz_cell *bot) {
  for (guint k = 0; k < a->cells->len; k++) {
    const bz_cell *o = &g_array_index(a->cells, bz_cell, k);
    if (o == top || o->col != top->col || o->colspan != top->colspan || !*o->text || o->row + o->rowspan >= a->n_rows)
      continue;
    const bz_cell *n = bz_table_owner(a, o->row + o->rowspan, o->col);
    if (n && n != bot && n->row == o->row + o->rowspan && n->col == o->col && n->colspan == o->colspan &&
        (o->rowspan > 1 || n->rowspan > 1) && strcmp(n->text, o->text) == 0)
      return TRUE;
  }
  return FALSE;
}

/* Does column c hold no label merged over rows from row `from` down — a column of items (三级指标
 * names, one row each), not of groups? */
static gboolean item_column(biao_table *a, int c, int from) {
  for (guint k = 0; k < a->cells->len; k++) {
    const bz_cell *o = &g_array_index(a->cells, bz_cell, k);
    if (o->col == c && o->row >= from && o->rowspan > 1 && *o->text) return FALSE;
  }
  return TRUE;
}

/* In a column that names every group again, the label is its group's: it goes on over the break only
 * when the group does. Going right from it, the labels printed again on both sides name the group;
 * the first column where the two sides differ must be one of items (the group went on with other
 * items: 数量指标 over 10 + 10 indicators), not of groups (时效指标 closing one page, 效益指标 opening
 * the next: two groups, each with its own 绩效指标). Such a producer may also cut one group into
 * two cells of the same name on one page (质量指标 over 10 and then 4 rows), so the names alone
 * do not tell a group from the next. */
static gboolean group_goes_on(biao_table *a, int boundary, const bz_cell *top) {
  /* the groups begin where the first column's label at the break is first printed (绩效指标, under
   * the form's head) */
  int from = top->row;
  const bz_cell *lead = bz_table_owner(a, boundary - 1, 0);
  for (guint k = 0; lead && *lead->text && k < a->cells->len; k++) {
    const bz_cell *o = &g_array_index(a->cells, bz_cell, k);
    if (o->col == 0 && o->row < from && strcmp(o->text, lead->text) == 0) from = o->row;
  }
  for (int c = top->col + top->colspan; c < a->n_cols;) {
    const bz_cell *t = bz_table_owner(a, boundary - 1, c), *b = bz_table_owner(a, boundary, c);
    if (!t || !b) return FALSE;
    if (t == b) return TRUE; /* one cell over the break already */
    if (t->col != c || b->col != c || t->colspan != b->colspan || t->row + t->rowspan != boundary || b->row != boundary)
      return FALSE;
    if (!*t->text || strcmp(t->text, b->text) != 0) return item_column(a, c, from);
    c += t->colspan;
  }
  return TRUE;
}

static gboolean label_goes_on(biao_table *a, int boundary, const bz_cell *top, const bz_cell *bot) {
  /* an empty top part and the label printed in the lower part (centred in the whole merged cell,
   * it fell on the next page: 产出指标 under 年度绩效指标): inside a parent that runs over the break
   * (one empty row of 时效指标 at the foot of the page is enough), or in the first column, which has
   * no parent, when both parts are merged boxes (年度绩效指标 over 11 empty rows and 12 below) */
  if (!*top->text) {
    if (!*bot->text) return FALSE;
    if (parent_runs_over(a, boundary, top->col)) return top->rowspan > 1 || bot->rowspan > 1;
    return top->col == 0 && top->rowspan > 1 && bot->rowspan > 1;
  }
  if (!*bot->text) return top->rowspan > 1 || bot->rowspan > 1 || parent_runs_over(a, boundary, top->col);
  /* the label printed again on the next page: one cell, one text — also a one-row label inside a
   * parent that runs over the break (时效指标 in the last row of the page and again in the first row
   * of the next, both under 产出指标): a group does not name two sub-groups alike. Where the column
   * names every group again (绩效指标 beside each 二级指标 group), the same text says nothing: the
   * group right of it decides. */
  if (strcmp(top->text, bot->text) == 0) {
    if (repeats_labels(a, top, bot)) return group_goes_on(a, boundary, top);
    return top->rowspan > 1 || bot->rowspan > 1 || parent_runs_over(a, boundary, top->col);
  }
  return is_remark(bot->text);
}

/* A number in a merged cell cut by the break (a project's 单位编码 201056 and 资金总额 270.00, printed
 * again on the next page or left empty there, or printed only on one side, or empty on both) is one
 * cell when a label beside it now runs over the break within its rows — the project's name went on, so its code and
 * amount did too (a unit's code merged over several projects goes on with any of them). Two cells
 * that merely hold the same number (two projects of 270.00 each, one ending at the break, one
 * starting) have no label running over the break between them. */
static gboolean number_goes_on(biao_table *a, int boundary, const bz_cell *top, const bz_cell *bot) {
  if (*top->text && *bot->text && strcmp(top->text, bot->text) != 0) return FALSE;
  /* a merged number: a row's own number (an indicator's score) stays its row's, even beside a
   * one-row label printed again */
  if (top->rowspan == 1 && bot->rowspan == 1) return FALSE;
  int end = bot->row + bot->rowspan;
  for (guint k = 0; k < a->cells->len; k++) {
    const bz_cell *o = &g_array_index(a->cells, bz_cell, k);
    if (o->row >= top->row && o->row < boundary && o->row + o->rowspan > boundary && o->row + o->rowspan <= end &&
        (o->col + o->colspan <= top->col || o->col >= top->col + top->colspan) && *o->text &&
        !bz_text_is_numeric(o->text))
      return TRUE;
  }
  return FALSE;
}

/* Two empty boxes, one each side of the break: an empty column of a row that runs over the break
 * (长沙's 政府性基金拨款 beside a unit printed again on every page) goes on as its amounts do; a group
 * left unnamed in a label column (二级指标 blank under 效益指标) goes on within a parent that runs
 * over the break, as an empty lower part does in label_goes_on. */
static gboolean empty_goes_on(biao_table *a, int boundary, const bz_cell *top, const bz_cell *bot) {
  return number_goes_on(a, boundary, top, bot) ||
         ((top->rowspan > 1 || bot->rowspan > 1) && parent_runs_over(a, boundary, top->col));
}

static void merge_across_break(biao_doc *doc, biao_table *a, int boundary) {
  if (boundary <= 0 || boundary >= a->n_rows) return;
  /* labels first: a number goes on only beside a label that does */
  for (int numbers = 0; numbers <= 1; numbers++)
    for (int c = 0; c < a->n_cols; c++) {
      const bz_cell *top = bz_table_owner(a, boundary - 1, c), *bot = bz_table_owner(a, boundary, c);
      if (!top || !bot || top == bot || top->col != c || bot->row != boundary || bot->col != top->col ||
          bot->colspan != top->colspan || top->row + top->rowspan != boundary)
        continue;
      /* two empty boxes are decided with the numbers, once the labels beside them are joined */
      gboolean empty = !*top->text && !*bot->text;
      gboolean number = empty || bz_text_is_numeric(top->text) || bz_text_is_numeric(bot->text);
      if (number != numbers || !(empty     ? empty_goes_on(a, boundary, top, bot)
                                 : number ? number_goes_on(a, boundary, top, bot)
                                          : label_goes_on(a, boundary, top, bot)))
        continue;
      bz_cell *t = (bz_cell *)top; /* the owner lookup returns a pointer into a->cells */
      t->rowspan += bot->rowspan;
      if (!*t->text) t->text = bot->text;
      else if (*bot->text && strcmp(t->text, bot->text) != 0) t->text = joined_text(doc, t->text, bot->text);
      bz_table_remove_cell(a, (guint)(bot - &g_array_index(a->cells, bz_cell, 0)));
      bz_table_finish(a);
    }
}

/* b's rows (from `boundary` down) in a's columns outside b's span [lo, hi) — b left them out (a
 * label column on the left whose rules the next page does not draw): a merged label that reaches
 * a's last row there and lies wholly outside b's span goes on over b's rows (年度绩效指标 beside
 * the indicators of the next page); any other position gets an empty cell, so the grid has no hole. */
static void cover_outside(biao_doc *doc, biao_table *a, int boundary, int lo, int hi) {
  if ((lo == 0 && hi == a->n_cols) || boundary <= 0 || boundary >= a->n_rows) return;
  int n_rows = a->n_rows;
  for (int c = 0; c < a->n_cols; c++) {
    if (c >= lo && c < hi) continue;
    bz_cell *up = (bz_cell *)bz_table_owner(a, boundary - 1, c);
    if (up && up->col == c && up->rowspan > 1 && up->row + up->rowspan == boundary &&
        (up->col + up->colspan <= lo || up->col >= hi)) {
      up->rowspan = n_rows - up->row;
      c = up->col + up->colspan - 1;
      bz_table_finish(a);
      continue;
    }
    for (int r = boundary; r < n_rows; r++)
      if (!bz_table_owner(a, r, c)) {
        bz_table_add_cell(doc, a, r, c, 1, 1, "");
        bz_table_finish(a);
      }
  }
}

static void append(biao_doc *doc, biao_table *a, biao_table *b, const int *map) {
  int boundary = a->n_rows; /* where b's rows begin in a */
  int drop = repeated_rows(a, b, map);
  /* then a sub-header (or a header row out of order) printed again at the top of the page */
  while (drop < b->n_rows - 1 && repeats_header_row(a, b, map, drop))
    drop++;
  int offset = a->n_rows - drop;
  int split = split_row(a, b, map, drop) ? drop : -1;
  if (split >= 0) {
    join_split_row(doc, a, b, map, split);
    offset--;
  }
  for (guint k = 0; k < b->cells->len; k++) {
    const bz_cell *c = &g_array_index(b->cells, bz_cell, k);
    if (c->row + c->rowspan <= drop) continue;
    if (c->row == split && (*c->text || c->rowspan == 1)) continue; /* joined into a's last row */
    int row = c->row < drop ? drop : c->row;
    if (c->row == split) row = split + 1; /* the rest of a merged cell that went through the split row */
    int rowspan = c->rowspan - (row - c->row);
    int col = map[c->col], colspan = map[c->col + c->colspan] - col;
    bz_cell *n = bz_table_add_cell(doc, a, row + offset, col, rowspan, colspan, c->text);
    if (bz_cell_geom(b, c)) *bz_cell_geom_mut(a, n) = *bz_cell_geom(b, c);
  }
  if (b->page_end > a->page_end) a->page_end = b->page_end;
  bz_table_finish(a);
  cover_outside(doc, a, boundary, map[0], map[b->n_cols]);
  merge_across_break(doc, a, boundary);
}

void bz_join_continuations(biao_doc *doc) {
  for (guint i = 1; i < doc->tables->len;) {
    biao_table *a = g_ptr_array_index(doc->tables, i - 1), *b = g_ptr_array_index(doc->tables, i);
    int *map = continuation_map(a, b);
    if (map) {
      append(doc, a, b, map);
      g_free(map);
      bz_table_remove(doc, b);
      continue;
    }
    i++;
  }
}
