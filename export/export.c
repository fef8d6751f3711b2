/* export.c — public export entry points and atomic file output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "export.h"

void biao_export_options_init(biao_export_options *o) {
  memset(o, 0, sizeof *o);
  o->pretty = 1;
}

static biao_table *find_table(const biao_doc *doc, int index) {
  for (guint i = 0; i < doc->tables->len; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    if (index <= 0 || t->index == index) return t;
  }
  return NULL;
}

static int render(GString *out, const biao_doc *doc, biao_format fmt, const biao_export_options *o,
                  int flags, bz_sink *sink, biao_error *err) {
  switch (fmt) {
  case BIAO_FORMAT_JSON: return bz_json_doc(out, doc, o, sink);
  case BIAO_FORMAT_NDJSON: return bz_ndjson_doc(out, doc, o, sink);
  case BIAO_FORMAT_CSV: {
    biao_table *t = find_table(doc, o->table);
    if (!t) return bz_fail(err, BIAO_ERR_USAGE, doc->path, "no table %d (the document has %u)", o->table, doc->tables->len);
    bz_csv_table(out, t, o);
    return BIAO_OK;
  }
  case BIAO_FORMAT_LONG_CSV: return bz_long_doc(out, doc, o, 0, !(flags & BZ_STREAM_NO_HEADER), sink);
  case BIAO_FORMAT_LONG_NDJSON: return bz_long_doc(out, doc, o, 1, 0, sink);
  default: return bz_fail(err, BIAO_ERR_USAGE, doc->path, "format not available as a string");
  }
}

int biao_export(const biao_doc *doc, biao_format fmt, const biao_export_options *o, char **out,
                size_t *len, biao_error *err) {
  *out = NULL;
  /* Streamed into a memory FILE: the writers flush every table (and every megabyte of a large one)
   * into it, and a buffer that cannot grow fails the write with ENOMEM (BIAO_ERR_NOMEM) instead of
   * aborting in GLib. The buffer comes from malloc, which g_free()/biao_free() release. */
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&buf, &size);
  if (!f) return bz_fail_nomem(err, doc ? doc->path : "", 65536);
  int rc = bz_export_stream(doc, fmt, o, f, 0, err);
  if (fclose(f) != 0 && rc == BIAO_OK) rc = bz_fail_nomem(err, doc->path, size);
  if (rc != BIAO_OK) {
    free(buf);
    return rc;
  }
  if (len) *len = size;
  *out = buf;
  return BIAO_OK;
}

int bz_export_stream(const biao_doc *doc, biao_format fmt, const biao_export_options *o, FILE *f,
                     int flags, biao_error *err) {
  biao_export_options defaults;
  if (!o) {
    biao_export_options_init(&defaults);
    o = &defaults;
  }
  bz_sink sink = {f, 0, 0};
  GString *s = g_string_new(NULL);
  int rc = render(s, doc, fmt, o, flags, &sink, err);
  if (flags & BZ_STREAM_STRIP_NEWLINE)
    while (s->len && s->str[s->len - 1] == '\n') g_string_truncate(s, s->len - 1);
  if (rc == BIAO_OK) bz_sink_flush(s, &sink);
  g_string_free(s, TRUE);
  if (rc == BIAO_OK && sink.failed)
    rc = bz_fail(err, sink.err == ENOMEM ? BIAO_ERR_NOMEM : BIAO_ERR_IO, doc->path, "write failed: %s",
                 g_strerror(sink.err));
  return rc;
}

int biao_export_stream(const biao_doc *doc, biao_format fmt, const biao_export_options *o, FILE *f,
                       biao_error *err) {
  if (!doc || !f || fmt == BIAO_FORMAT_XLSX || fmt == BIAO_FORMAT_SQLITE)
    return bz_fail(err, BIAO_ERR_USAGE, doc ? doc->path : "", "format not available as a stream");
  return bz_export_stream(doc, fmt, o, f, 0, err);
}

int bz_xlsx_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err);
int bz_sqlite_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err);

int biao_write_file(const char *path, const void *data, size_t len, biao_error *err) {
  bz_out out;
  int rc = bz_out_open(&out, path, err);
  if (rc != BIAO_OK) return rc;
  if (len && fwrite(data, 1, len, out.f) != len) {
    rc = bz_fail(err, BIAO_ERR_IO, path, "write failed: %s", g_strerror(errno));
    bz_out_abort(&out);
    return rc;
  }
  return bz_out_commit(&out, err);
}

int biao_export_file(const biao_doc *doc, biao_format fmt, const biao_export_options *o,
                     const char *path, biao_error *err) {
  if (fmt == BIAO_FORMAT_SQLITE) /* a database is updated in place, one transaction per document */
    return bz_sqlite_write(doc, o, path, err);
  if (fmt == BIAO_FORMAT_XLSX) {
    /* libxlsxwriter writes its own file: it writes our locked temporary file by name, which is then
     * renamed like any other output */
    bz_out out;
    int rc = bz_out_open(&out, path, err);
    if (rc != BIAO_OK) return rc;
    rc = bz_xlsx_write(doc, o, out.tmp ? out.tmp : path, err); /* no tmp: a FIFO or device */
    if (rc != BIAO_OK) {
      if (err) g_strlcpy(err->path, path, sizeof err->path); /* the name the user gave */
      bz_out_abort(&out);
      return rc;
    }
    return bz_out_commit(&out, err);
  }
  bz_out out;
  int rc = bz_out_open(&out, path, err);
  if (rc != BIAO_OK) return rc;
  rc = bz_export_stream(doc, fmt, o, out.f, 0, err);
  if (rc != BIAO_OK) {
    if (err && rc == BIAO_ERR_IO) g_strlcpy(err->path, path, sizeof err->path);
    bz_out_abort(&out);
    return rc;
  }
  return bz_out_commit(&out, err);
}
