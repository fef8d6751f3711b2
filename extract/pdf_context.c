/* pdf_context.c — page tables → biao_table, with the lines printed above each table.
 *
 * The lines between the previous table (or the top of the page) and a table are its context, in
 * reading order: title (收入支出决算总表), code (公开01表), unit (单位：万元), department and year
 * lines. The title is the best candidate among them (code and unit lines are never titles); meta
 * (code, unit, department, year) is filled from these lines by the rules-driven pass
 * (normalize/context.c, rules/context.rules), which may also refine the title. */
#include <math.h>
#include <string.h>

#include "pdf_page.h"
#include "../core/text.h"

#define MAX_CONTEXT 8

static GRegex *re_code, *re_unit, *re_pageno;

static void init_regex(void) {
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    re_code =
        g_regex_new("^(?:公开|附)?\\s*(?:[0-9０-９]{1,3}\\s*表|表\\s*[0-9０-９一二三四五六七八九十-]{1,4})$",
                    G_REGEX_OPTIMIZE, 0, NULL);
    /* the unit of amounts: 单位：万元 / 金额单位:元 — not 编制单位：(an organisation) */
    re_unit = g_regex_new(
        "(?<!编制)(?<!填报)(?<!预算)单位\\s*[:：]\\s*((?:人民币)?(?:亿|百万|十万|万|千|百)?元|%|个|人)",
        G_REGEX_OPTIMIZE, 0, NULL);
    re_pageno =
        g_regex_new("^[-—－\\s]*(?:第\\s*)?[0-9]{1,4}\\s*(?:页)?[-—－\\s]*$", G_REGEX_OPTIMIZE, 0, NULL);
    g_once_init_leave(&once, 1);
  }
}

gboolean bz_pdf_is_meta_line(const char *s) {
  init_regex();
  static const char *const labels[] = {"编制单位", "编制部门", "部门名称", "单位名称", "预算单位", "填报单位", NULL};
  const char *p = s;
  while (*p == ' ') p++;
  for (const char *const *l = labels; *l; l++)
    if (g_str_has_prefix(p, *l)) {
      const char *after = p + strlen(*l);
      while (*after == ' ') after++;
      return g_str_has_prefix(after, "：") || *after == ':';
    }
  /* 单位：万元 / 金额单位：元 as a line of its own, not 金额（单位：万元） naming a column */
  for (const char *const *l = (const char *const[]){"单位", "金额单位", "计量单位", NULL}; *l; l++)
    if (g_str_has_prefix(p, *l)) return g_regex_match(re_unit, p, 0, NULL);
  return FALSE;
}

/* How much a line looks like a table title (higher is better; <= 0: not a title). */
static int title_score(const char *s) {
  glong n = g_utf8_strlen(s, -1);
  if (n < 3 || n > 60) return 0;
  if (g_regex_match(re_code, s, 0, NULL) || g_regex_match(re_unit, s, 0, NULL) ||
      g_regex_match(re_pageno, s, 0, NULL))
    return 0;
  if (g_str_has_prefix(s, "编制") || g_str_has_prefix(s, "部门：") || g_str_has_prefix(s, "单位名称"))
    return 0;
  int score = 1;
  if (strstr(s, "表")) score += 2;
  if (g_str_has_prefix(s, "Table ") || g_str_has_prefix(s, "TABLE ")) score += 4; /* "Table 3 …" */
  if (g_str_has_suffix(s, "表") || g_str_has_suffix(s, "情况") ||
      (g_str_has_suffix(s, "）") && strstr(s, "表（")))
    score += 2;
  if (g_str_has_suffix(s, "。") || g_str_has_suffix(s, "：")) score -= 2;
  return score;
}

/* Is segment t the second line of a title wrapped over two lines, s its first? The text: t names a
 * table (…表), s is a line of no other kind (not a code, unit, page number or sentence) that does
 * not name one itself. The print: one font size, one line spacing, one centre or one left edge —
 * a department or year line above a title differs in size or stands apart. */
static gboolean one_block(const bz_pseg *s, const bz_pseg *t) {
  double hs = s->y1 - s->y0, ht = t->y1 - t->y0;
  if (s->line == t->line || hs <= 0 || fabs(hs - ht) > 0.15 * ht) return FALSE;
  if (t->y0 - s->y1 > 0.8 * ht || t->y0 < s->y1 - 0.2 * ht) return FALSE;
  double cs = (s->x0 + s->x1) / 2, ct = (t->x0 + t->x1) / 2;
  if (fabs(cs - ct) > 3 * ht && fabs(s->x0 - t->x0) > ht) return FALSE;
  for (const char *const *p = (const char *const[]){"，", "。", "；", "：", ":", NULL}; *p; p++)
    if (strstr(s->text, *p) || strstr(t->text, *p)) return FALSE; /* prose, or a label line */
  return TRUE;
}

static gboolean wrapped_title(const bz_pseg *s, const bz_pseg *t) {
  if (!one_block(s, t)) return FALSE;
  int ss = title_score(s->text);
  return ss > 0 && ss < 3 && title_score(t->text) >= 3 && !strstr(s->text, "表");
}

/* Or is t the title's qualifier in brackets, set in the title's own size right under it (…基本支出
 * 明细表 / （按支出经济分类科目-不含上年结转）)? A bracketed year — （2026年度）, a date line — is not:
 * a qualifier holds no digit. */
static gboolean bracketed_tail(const bz_pseg *s, const bz_pseg *t) {
  if (!one_block(s, t) || !g_str_has_suffix(s->text, "表") || title_score(s->text) < 3) return FALSE;
  gboolean open = g_str_has_prefix(t->text, "（") || g_str_has_prefix(t->text, "(");
  gboolean close = g_str_has_suffix(t->text, "）") || g_str_has_suffix(t->text, ")");
  if (!open || !close || g_utf8_strlen(t->text, -1) < 4) return FALSE;
  for (const char *p = t->text; *p; p++)
    if (g_ascii_isdigit(*p)) return FALSE;
  return TRUE;
}

/* Context lines of a table: the segments above it, a title wrapped over two lines joined into one. */
static GPtrArray *context_lines(const GArray *segs) {
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < segs->len; i++) {
    const bz_pseg *s = &g_array_index(segs, bz_pseg, i);
    if (g_regex_match(re_pageno, s->text, 0, NULL)) continue;
    const bz_pseg *t = i + 1 < segs->len ? &g_array_index(segs, bz_pseg, i + 1) : NULL;
    if (t && (wrapped_title(s, t) || bracketed_tail(s, t))) {
      g_ptr_array_add(lines, g_strconcat(s->text, t->text, NULL));
      i++;
      continue;
    }
    g_ptr_array_add(lines, g_strdup(s->text));
  }
  return lines;
}

/* A title wrapped over two lines: the second is a short tail ("表", "预算表"). */
static gboolean title_tail(const char *prev, const char *next) {
  return g_utf8_strlen(next, -1) <= 4 && g_str_has_suffix(next, "表") && title_score(prev) > 0;
}

static void add_context(biao_doc *doc, biao_table *t, GPtrArray *lines) {
  guint from = lines->len > MAX_CONTEXT ? lines->len - MAX_CONTEXT : 0;
  int best = 0;
  char *title = NULL;
  for (guint i = from; i < lines->len; i++) {
    const char *s = g_ptr_array_index(lines, i);
    bz_table_add_context(doc, t, s);
    char *cand = g_strdup(s);
    if (i + 1 < lines->len && title_tail(s, g_ptr_array_index(lines, i + 1))) {
      g_free(cand);
      cand = g_strconcat(s, (const char *)g_ptr_array_index(lines, i + 1), NULL);
    }
    int sc = title_score(cand);
    if (sc >= best && sc >= 3) { /* a title names a table (…表); the nearest best one wins */
      best = sc;
      g_free(title);
      title = cand;
    } else {
      g_free(cand);
    }
  }
  /* none among the last lines: the title may stand above header text that the grid left out (a
   * header drawn without the rules of the body), further up — the nearest line that is a table's
   * name (…表, not a heading of the prose such as 十、预算绩效管理情况) */
  for (guint i = from; !title && i-- > 0;) {
    const char *s = g_ptr_array_index(lines, i);
    if (title_score(s) >= 5) title = g_strdup(s);
  }
  if (title) t->title = bz_doc_intern(doc, title);
  g_free(title);
}

/* Median glyph height of the text inside the table's box (its cells' glyphs, marked used). */
static double table_text_height(const bz_page *page, const bz_ptable *p) {
  GArray *hs = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint k = 0; k < page->chars->len; k++) {
    const bz_pchar *c = &g_array_index(page->chars, bz_pchar, k);
    double cx = (c->x0 + c->x1) / 2, cy = (c->y0 + c->y1) / 2, h = c->y1 - c->y0;
    if (c->used && h > 0 && cx > p->x0 && cx < p->x1 && cy > p->y0 && cy < p->y1) g_array_append_val(hs, h);
  }
  double m = 0;
  if (hs->len) {
    g_array_sort(hs, bz_pdf_cmp_double);
    m = g_array_index(hs, double, hs->len / 2);
  }
  g_array_free(hs, TRUE);
  return m;
}

/* A title that does not say 表 (西安市发展和改革委员会内设机构信息): the line set as a display line
 * right above the table — the nearest line that is not a code, unit or department line, alone on
 * its line, centred over the table, in a font clearly larger than the table's text, at most two of
 * its own heights above it (or above the code/unit lines under it). A heading of the prose
 * (二、部门主要工作任务) stands at the left margin, not centred; a sentence is not a title. */
static char *display_title(const bz_page *page, const bz_ptable *p, const GArray *segs) {
  double text_h = table_text_height(page, p), bottom = p->y0, centre = (p->x0 + p->x1) / 2;
  if (text_h <= 0) return NULL;
  for (guint i = segs->len; i-- > 0;) {
    const bz_pseg *s = &g_array_index(segs, bz_pseg, i);
    double h = s->y1 - s->y0;
    if (g_regex_match(re_pageno, s->text, 0, NULL)) return NULL;
    gboolean alone = (i == 0 || g_array_index(segs, bz_pseg, i - 1).line != s->line) &&
                     (i + 1 == segs->len || g_array_index(segs, bz_pseg, i + 1).line != s->line);
    if (bottom - s->y1 > 2 * fmax(h, text_h)) return NULL; /* too far above: not about this table */
    if (bz_pdf_is_meta_line(s->text) || g_regex_match(re_code, s->text, 0, NULL) || !alone) {
      bottom = fmin(bottom, s->y0);
      continue;
    }
    if (h < 1.2 * text_h || fabs((s->x0 + s->x1) / 2 - centre) > 0.1 * (p->x1 - p->x0) || title_score(s->text) <= 0)
      return NULL;
    for (const char *const *q = (const char *const[]){"，", "。", "；", ",", ";", NULL}; *q; q++)
      if (strstr(s->text, *q)) return NULL;
    return g_strdup(s->text);
  }
  return NULL;
}

static gboolean has_title(GPtrArray *lines) {
  for (guint i = 0; i < lines->len; i++)
    if (title_score(g_ptr_array_index(lines, i)) >= 3) return TRUE;
  return FALSE;
}


/* Does every cell that starts in row r span several columns (group headings such as 项目 |
 * 收入预算, whose columns are named in the row below)? */
static gboolean only_group_cells(const biao_table *t, int r) {
  gboolean any = FALSE;
  for (guint k = 0; k < t->cells->len; k++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, k);
    if (c->row != r) continue;
    if (c->colspan < 2) return FALSE;
    any = TRUE;
  }
  return any;
}

/* Is s a total label: 合计 or 总计, spaces aside (合  计)? */
static gboolean is_total_label(const char *s) {
  GString *k = g_string_new(NULL);
  for (const char *p = s; *p; p = g_utf8_next_char(p))
    if (!g_unichar_isspace(g_utf8_get_char(p))) g_string_append_unichar(k, g_utf8_get_char(p));
  gboolean total = !strcmp(k->str, "合计") || !strcmp(k->str, "总计");
  g_string_free(k, TRUE);
  return total;
}

/* Does row r start the body of a table without numbers: nothing in it (the body left blank), or
 * nothing but a 合计/总计 label (the empty total row)? A cell spanning into the row from above
 * counts as text in it. */
static gboolean blank_body_row(biao_table *t, int r) {
  const bz_cell *text = NULL;
  for (int c = 0; c < t->n_cols; c++) {
    const bz_cell *o = bz_table_owner(t, r, c);
    if (!o || !*o->text || o == text) continue;
    if (text) return FALSE;
    text = o;
  }
  return !text || (text->row == r && is_total_label(text->text));
}

/* The kind of an item of a list: the last character of its name, a bracketed note at its end aside
 * (发展规划与区域经济处（政策法规处） → 处, 办公室 → 室); 0 for an empty cell. */
static gunichar item_kind(const char *s) {
  const char *end = s + strlen(s);
  gunichar last = bz_text_last_char(s, end - s);
  if (last == 0xFF09 || last == ')') { /* cut the note at the last opening bracket */
    const char *open = NULL;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      if (c == 0xFF08 || c == '(') open = p;
    }
    if (open && open > s) end = open;
  }
  return bz_text_last_char(s, end - s);
}

/* Does kind k end an item of column c among body rows 1..nb (kinds row-major, nc columns)? */
static gboolean in_body(const gunichar *kind, int nc, int nb, gunichar k, int c) {
  for (int r = 1; r <= nb; r++)
    if (kind[r * nc + c] == k) return TRUE;
  return FALSE;
}

/* Is the table a list of like items set in columns (内设机构: 办公室 | 组织人事处 / 发展规划与区域经济
 * 处 | 国民经济综合处 …), its first row one of them? A grid without numbers or merged cells, every
 * cell filled, where the items of each column end as those of every other column do (the names of
 * one kind of thing: …处, …室) and each first-row cell ends as items of its column do. A header
 * names its columns differently from their items (报表 | 报表名称 over 表1 | 部门综合预算收支总表;
 * 单位名称 over …局, …中心), so such a first row is an item, not a header. */
#define LIST_MIN_ROWS 4
static gboolean list_of_items(biao_table *t) {
  if (t->n_cols < 2 || t->n_rows < LIST_MIN_ROWS || (int)t->cells->len != t->n_rows * t->n_cols) return FALSE;
  const char **g = bz_table_grid(t, 0);
  int nc = t->n_cols, nb = t->n_rows - 1;
  gunichar *kind = g_new(gunichar, t->n_rows * nc);
  gboolean ok = TRUE;
  for (int i = 0; i < t->n_rows * nc && ok; i++)
    ok = (kind[i] = item_kind(g[i])) != 0;
  for (int c = 0; c < nc && ok; c++) {
    int shared = 0;
    for (int r = 1; r <= nb; r++) {
      gboolean all = TRUE;
      for (int o = 0; o < nc && all; o++)
        all = o == c || in_body(kind, nc, nb, kind[r * nc + c], o);
      shared += all;
    }
    ok = shared * 10 >= nb * 7 && in_body(kind, nc, nb, kind[c], c); /* 70% alike across columns; row 0 an item */
  }
  g_free(kind);
  return ok;
}

/* Header rows: the rows above the first row that holds a number, extended so that no header cell
 * hangs into the body. A table without any number may be a blank template (财政拨款“三公”经费 of a
 * department that had none): when its last rows are all blank body rows, its header is the rows
 * above them, if within HEADER_MAX_ROWS (a text form with a blank row between text rows is not a
 * blank template); failing that, its first row and the rows below it while that row
 * holds only group headings (项目 over 功能分类科目编码 / 类 款 项 on an empty 政府性基金预算支出表). */
#define HEADER_MAX_ROWS 6
static int header_rows(biao_table *t) {
  const char **g = bz_table_grid(t, 0);
  int h = -1;
  for (int r = 0; r < t->n_rows && h < 0; r++)
    for (int c = 0; c < t->n_cols; c++)
      if (bz_text_is_numeric(g[r * t->n_cols + c])) {
        h = r;
        break;
      }
  if (h < 0) {
    if (t->n_rows <= 1 || list_of_items(t)) return 0;
    /* the blank body: the rows from the bottom up that are blank */
    h = t->n_rows;
    while (h > 1 && blank_body_row(t, h - 1))
      h--;
    if (h == t->n_rows || h > HEADER_MAX_ROWS) h = 0;
    if (!h)
      for (h = 1; h < t->n_rows - 1 && only_group_cells(t, h - 1);)
        h++;
  }
  for (guint k = 0; k < t->cells->len; k++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, k);
    if (c->row < h && c->row + c->rowspan > h) h = c->row + c->rowspan;
  }
  return h >= t->n_rows ? 0 : h;
}

/* A form whose title is printed inside its frame (first row = one cell across the whole table,
 * e.g. 财政项目支出绩效目标填报表): the row stays in the grid and also names the table. */
static void title_from_first_row(biao_table *t) {
  if (t->title || !t->cells->len) return;
  const bz_cell *c = &g_array_index(t->cells, bz_cell, 0);
  if (c->row == 0 && c->col == 0 && c->colspan == t->n_cols && t->n_cols > 1 && title_score(c->text) >= 3)
    t->title = c->text;
}

void bz_pdf_emit_tables(biao_doc *doc, bz_page *page, GPtrArray *ptables, GPtrArray **carry) {
  init_regex();
  double top = 0;
  biao_table **made = g_new0(biao_table *, ptables->len); /* made[k] from ptables[k] */
  for (guint k = 0; k < ptables->len; k++) {
    bz_ptable *p = g_ptr_array_index(ptables, k);
    biao_table *t = made[k] = bz_table_new(doc);
    t->page_start = t->page_end = page->number;
    t->x0 = p->x0, t->y0 = p->y0, t->x1 = p->x1, t->y1 = p->y1;
    for (guint j = 0; j < k && p->parent; j++) /* a nested table: its parent comes first (higher) */
      if (g_ptr_array_index(ptables, j) == p->parent)
        t->parent = made[j], t->parent_row = p->parent_row, t->parent_col = p->parent_col;
    GArray *segs = bz_pdf_free_segments(page, top, p->y0, BZ_GAP_ITEMS);
    GPtrArray *lines = context_lines(segs);
    /* a title printed at the foot of the previous page belongs to this page's first table */
    if (k == 0 && *carry && has_title(*carry) && !has_title(lines)) {
      for (guint i = 0; i < lines->len; i++)
        g_ptr_array_add(*carry, g_strdup(g_ptr_array_index(lines, i)));
      g_ptr_array_unref(lines);
      lines = g_ptr_array_ref(*carry);
    }
    for (guint i = 0; p->head_lines && i < p->head_lines->len; i++)
      g_ptr_array_add(lines, g_strdup(g_ptr_array_index(p->head_lines, i)));
    add_context(doc, t, lines);
    g_ptr_array_unref(lines);
    if (!t->title) {
      char *d = display_title(page, p, segs);
      if (d) t->title = bz_doc_intern(doc, d);
      g_free(d);
    }
    bz_pdf_segs_free(segs);
    for (guint i = 0; i < p->cells->len; i++) {
      const bz_pcell *c = &g_array_index(p->cells, bz_pcell, i);
      bz_geom *bc = bz_cell_geom_mut(t, bz_table_add_cell(doc, t, c->row, c->col, c->rowspan, c->colspan, c->text));
      bc->x0 = g_array_index(p->xs, double, c->col);
      bc->x1 = g_array_index(p->xs, double, c->col + c->colspan);
      bc->y0 = g_array_index(p->ys, double, c->row);
      bc->y1 = g_array_index(p->ys, double, c->row + c->rowspan);
      bc->page = page->number;
    }
    bz_table_finish(t);
    t->header_rows = p->header_rows > 0 && p->header_rows < t->n_rows ? p->header_rows : header_rows(t);
    t->grid_source = p->source ? p->source : "geometry";
    t->ruled = p->ruled;
    title_from_first_row(t);
    top = fmax(top, p->y1); /* a nested table ends inside its parent */
  }
  g_free(made);
  /* amounts printed alone on a table page but in no table: missed by this page's tables */
  if (ptables->len) {
    GArray *all = bz_pdf_free_segments(page, 0, page->height + 1, BZ_GAP_COLUMNS);
    for (guint i = 0; i < all->len; i++) {
      const bz_pseg *s = &g_array_index(all, bz_pseg, i);
      if (!bz_is_amount(s->text)) continue;
      if (!doc->orphans) doc->orphans = g_array_new(FALSE, FALSE, sizeof(bz_orphan));
      bz_orphan o = {page->number, (s->y0 + s->y1) / 2};
      g_array_append_val(doc->orphans, o);
    }
    bz_pdf_segs_free(all);
  }
  /* the lines after the last table (the whole page when it has none) may title the next page's
   * first table */
  g_clear_pointer(carry, g_ptr_array_unref);
  GArray *segs = bz_pdf_free_segments(page, top, page->height + 1, BZ_GAP_ITEMS);
  GPtrArray *tail = context_lines(segs);
  bz_pdf_segs_free(segs);
  if (tail->len > 6) g_ptr_array_remove_range(tail, 0, tail->len - 6);
  *carry = tail;
}
