/* json.c — the JSON and NDJSON writers. The layout is fixed so output diffs cleanly: one cell
 * object and one grid row per line when pretty, one table per line in NDJSON. */
#include <errno.h>
#include <string.h>

#include "export.h"
#include "../core/semantic.h"
#include "meaning_json.h"

/* Bytes a valid UTF-8 string may hold without escaping: printable ASCII except '"' and '\\', and
 * every byte of a multi-byte character except U+2028/U+2029's (E2 80 A8/A9, checked apart). */
static gboolean plain_byte(guchar c) { return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f && c != 0xe2; }

void bz_json_str(GString *out, const char *s) {
  const char *end = s + strlen(s);
  if (g_utf8_validate(s, end - s, NULL)) { /* nearly always: copy runs of plain bytes at once */
    const char *p = s;
    while (p < end && plain_byte((guchar)*p)) p++;
    if (p == end) {
      g_string_append_c(out, '"');
      g_string_append_len(out, s, end - s);
      g_string_append_c(out, '"');
      return;
    }
  }
  g_string_append_c(out, '"');
  for (const char *p = s; *p;) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) {
      switch (c) {
      case '"': g_string_append(out, "\\\""); break;
      case '\\': g_string_append(out, "\\\\"); break;
      case '\n': g_string_append(out, "\\n"); break;
      case '\r': g_string_append(out, "\\r"); break;
      case '\t': g_string_append(out, "\\t"); break;
      case '\b': g_string_append(out, "\\b"); break;
      case '\f': g_string_append(out, "\\f"); break;
      default:
        if (c < 0x20 || c == 0x7f) g_string_append_printf(out, "\\u%04x", c);
        else g_string_append_c(out, (char)c);
      }
      p++;
      continue;
    }
    const char *next = NULL;
    if (g_utf8_validate(p, MIN(end - p, 4), &next) || next > p) {
      gunichar u = g_utf8_get_char_validated(p, end - p);
      if (u != (gunichar)-1 && u != (gunichar)-2) {
        const char *q = g_utf8_next_char(p);
        if (u == 0x2028 || u == 0x2029) g_string_append_printf(out, "\\u%04x", u); /* JS-safe */
        else g_string_append_len(out, p, q - p);
        p = q;
        continue;
      }
    }
    g_string_append(out, "\xef\xbf\xbd"); /* invalid byte */
    p++;
  }
  g_string_append_c(out, '"');
}

/* "%d" of v. */
static void append_int(GString *out, int v) {
  char buf[16];
  int n = 0;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  do {
    buf[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) buf[n++] = '-';
  while (n) g_string_append_c(out, buf[--n]);
}

void bz_json_nl(GString *out, int pretty, int indent) {
  if (!pretty) return;
  g_string_append_c(out, '\n');
  for (int i = 0; i < indent; i++) g_string_append_c(out, ' ');
}

void bz_json_key(GString *out, const char *k, int pretty) {
  bz_json_str(out, k);
  g_string_append(out, pretty ? ": " : ":");
}

static void sep(GString *out, int pretty) { g_string_append(out, pretty ? ", " : ","); }

static void int_or_null(GString *out, int v) {
  if (v > 0) g_string_append_printf(out, "%d", v);
  else g_string_append(out, "null");
}

void bz_json_source(GString *out, const biao_doc *doc) {
  g_string_append(out, "{\"path\": ");
  bz_json_str(out, doc->path);
  g_string_append(out, ", \"format\": ");
  bz_json_str(out, doc->format);
  g_string_append(out, ", \"sha256\": ");
  bz_json_str(out, doc->sha256);
  g_string_append_c(out, '}');
}

static int table_position(const biao_doc *doc, const biao_table *t) {
  for (guint i = 0; i < doc->tables->len; i++)
    if (g_ptr_array_index(doc->tables, i) == t) return (int)i + 1;
  return 0;
}

/* Streaming inside a table: a table of millions of cells would otherwise sit whole in `out`
 * (300 MB for the widest text dump of scripts/bench-limits.sh). */
#define FLUSH_AT (1u << 20)

static void flush_big(GString *out, bz_sink *sink) {
  if (sink && out->len >= FLUSH_AT) bz_sink_flush(out, sink);
}

void bz_json_table(GString *out, const biao_doc *doc, biao_table *t, const biao_export_options *o, int pretty,
                   int indent, const char *lead, bz_sink *sink) {
  int in1 = indent + 2, in2 = indent + 4;
  g_string_append_c(out, '{');
  if (lead) g_string_append(out, lead);
  bz_json_nl(out, pretty, in1);
  bz_json_key(out, "index", pretty);
  g_string_append_printf(out, "%d", t->index);
  sep(out, pretty);
  bz_json_key(out, "page_start", pretty);
  int_or_null(out, t->page_start);
  sep(out, pretty);
  bz_json_key(out, "page_end", pretty);
  int_or_null(out, t->page_end);
  g_string_append_c(out, ',');
  bz_json_nl(out, pretty, in1);
  bz_json_key(out, "title", pretty);
  if (t->title) bz_json_str(out, t->title);
  else g_string_append(out, "null");
  g_string_append_c(out, ',');
  bz_json_nl(out, pretty, in1);
  bz_json_key(out, "context", pretty);
  g_string_append_c(out, '[');
  for (guint i = 0; i < t->context->len; i++) {
    if (i) sep(out, pretty);
    bz_json_str(out, g_ptr_array_index(t->context, i));
  }
  g_string_append(out, "],");
  bz_json_nl(out, pretty, in1);
  bz_json_key(out, "meta", pretty);
  g_string_append_c(out, '{');
  for (guint i = 0; i < t->meta->len; i++) {
    const bz_kv *kv = g_ptr_array_index(t->meta, i);
    if (i) sep(out, pretty);
    bz_json_key(out, kv->key, pretty);
    bz_json_str(out, kv->value);
  }
  g_string_append(out, "},");
  bz_json_nl(out, pretty, in1);
  if (t->parent) {
    bz_json_key(out, "parent", pretty);
    g_string_append_printf(out, pretty ? "{\"table\": %d, \"row\": %d, \"col\": %d}," : "{\"table\":%d,\"row\":%d,\"col\":%d},",
                           table_position(doc, t->parent), t->parent_row, t->parent_col);
    bz_json_nl(out, pretty, in1);
  }
  if (t->scanned) {
    bz_json_key(out, "scanned", pretty);
    g_string_append(out, "true,");
    bz_json_nl(out, pretty, in1);
  }
  if (t->grid_source) { /* PDF: where the grid came from (pdf_tags.c) */
    bz_json_key(out, "grid_source", pretty);
    bz_json_str(out, t->grid_source);
    g_string_append_c(out, ',');
    bz_json_nl(out, pretty, in1);
  }
  bz_json_key(out, "n_rows", pretty);
  g_string_append_printf(out, "%d", t->n_rows);
  sep(out, pretty);
  bz_json_key(out, "n_cols", pretty);
  g_string_append_printf(out, "%d", t->n_cols);
  sep(out, pretty);
  bz_json_key(out, "header_rows", pretty);
  g_string_append_printf(out, "%d,", t->header_rows);
  bz_json_nl(out, pretty, in1);
  bz_json_table_meaning(out, t, pretty, in1);
  bz_json_key(out, "cells", pretty);
  g_string_append_c(out, '[');
  for (guint i = 0; i < t->cells->len; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    if (i) g_string_append_c(out, ',');
    bz_json_nl(out, pretty, in2);
    /* the line every cell has: written without printf, which was a tenth of the writer's time */
    g_string_append(out, pretty ? "{\"row\": " : "{\"row\":");
    append_int(out, c->row);
    g_string_append(out, pretty ? ", \"col\": " : ",\"col\":");
    append_int(out, c->col);
    g_string_append(out, pretty ? ", \"rowspan\": " : ",\"rowspan\":");
    append_int(out, c->rowspan);
    g_string_append(out, pretty ? ", \"colspan\": " : ",\"colspan\":");
    append_int(out, c->colspan);
    g_string_append(out, pretty ? ", \"text\": " : ",\"text\":");
    bz_json_str(out, c->text);
    bz_json_cell_value(out, t, c, pretty);
    g_string_append_c(out, '}');
    flush_big(out, sink);
  }
  if (t->cells->len) bz_json_nl(out, pretty, in1);
  g_string_append(out, "],");
  bz_json_nl(out, pretty, in1);
  bz_json_key(out, "rows", pretty);
  g_string_append_c(out, '[');
  const char **grid = bz_table_grid(t, o->fill_merged);
  for (int r = 0; r < t->n_rows; r++) {
    if (r) g_string_append_c(out, ',');
    bz_json_nl(out, pretty, in2);
    g_string_append_c(out, '[');
    for (int k = 0; k < t->n_cols; k++) {
      if (k) sep(out, pretty);
      bz_json_str(out, grid[(size_t)r * t->n_cols + k]);
    }
    g_string_append_c(out, ']');
    flush_big(out, sink);
  }
  if (o->fill_merged) g_free(grid);
  if (t->n_rows) bz_json_nl(out, pretty, in1);
  g_string_append_c(out, ']');
  bz_json_nl(out, pretty, indent);
  g_string_append_c(out, '}');
}

static gboolean selected(const biao_export_options *o, const biao_table *t) {
  return o->table <= 0 || t->index == o->table;
}

void bz_sink_flush(GString *out, bz_sink *sink) {
  if (!sink || !sink->f || out->len == 0) return;
  if (!sink->failed && fwrite(out->str, 1, out->len, sink->f) != out->len) {
    sink->failed = 1;
    sink->err = errno;
  }
  g_string_truncate(out, 0);
}

int bz_json_doc(GString *out, const biao_doc *doc, const biao_export_options *o, bz_sink *sink) {
  int pretty = o->pretty;
  g_string_append_c(out, '{');
  bz_json_nl(out, pretty, 2);
  bz_json_key(out, "source", pretty);
  bz_json_source(out, doc);
  g_string_append_c(out, ',');
  bz_json_nl(out, pretty, 2);
  bz_json_key(out, "pages", pretty);
  int_or_null(out, doc->pages);
  g_string_append_c(out, ',');
  bz_json_nl(out, pretty, 2);
  bz_json_key(out, "tables", pretty);
  g_string_append_c(out, '[');
  int n = 0;
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    if (!selected(o, t)) continue;
    if (n++) g_string_append_c(out, ',');
    bz_json_nl(out, pretty, 4);
    bz_json_table(out, doc, t, o, pretty, 4, NULL, sink);
    bz_table_release_caches(t);
    bz_sink_flush(out, sink);
  }
  if (n) bz_json_nl(out, pretty, 2);
  g_string_append(out, "],");
  bz_json_nl(out, pretty, 2);
  bz_json_key(out, "warnings", pretty);
  g_string_append_c(out, '[');
  for (guint i = 0; i < doc->warnings->len; i++) {
    if (i) g_string_append_c(out, ',');
    bz_json_nl(out, pretty, 4);
    bz_json_str(out, g_ptr_array_index(doc->warnings, i));
  }
  if (doc->warnings->len) bz_json_nl(out, pretty, 2);
  g_string_append_c(out, ']');
  bz_json_nl(out, pretty, 0);
  g_string_append(out, "}\n");
  return BIAO_OK;
}

int bz_ndjson_doc(GString *out, const biao_doc *doc, const biao_export_options *o, bz_sink *sink) {
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    if (!selected(o, t)) continue;
    GString *lead = g_string_new("\"source\":"); /* "source" is the first member of each line */
    bz_json_source(lead, doc);
    g_string_append_c(lead, ',');
    bz_json_table(out, doc, t, o, 0, 0, lead->str, sink);
    g_string_free(lead, TRUE);
    bz_table_release_caches(t);
    g_string_append_c(out, '\n');
    bz_sink_flush(out, sink);
  }
  return BIAO_OK;
}
