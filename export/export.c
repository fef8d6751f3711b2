/* export.c — public export entry points and atomic file output. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
  biao_export_options defaults;
  if (!o) {
    biao_export_options_init(&defaults);
    o = &defaults;
  }
  GString *s = g_string_new(NULL);
  int rc = render(s, doc, fmt, o, 0, NULL, err);
  if (rc != BIAO_OK) {
    g_string_free(s, TRUE);
    *out = NULL;
    return rc;
  }
  if (len) *len = s->len;
  *out = g_string_free(s, FALSE);
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
    rc = bz_fail(err, BIAO_ERR_IO, doc->path, "write failed: %s", g_strerror(sink.err));
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

int bz_out_open(bz_out *out, const char *path, biao_error *err) {
  memset(out, 0, sizeof *out);
  char *dir = g_path_get_dirname(path);
  char *base = g_path_get_basename(path);
  out->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
  g_free(base);
  g_free(dir);
  int fd = g_mkstemp(out->tmp);
  if (fd < 0 || !(out->f = fdopen(fd, "wb"))) {
    int rc = bz_fail(err, BIAO_ERR_IO, path, "cannot create output: %s", g_strerror(errno));
    if (fd >= 0) {
      close(fd);
      unlink(out->tmp);
    }
    g_clear_pointer(&out->tmp, g_free);
    return rc;
  }
  out->path = g_strdup(path);
  return BIAO_OK;
}

void bz_out_abort(bz_out *out) {
  if (out->f) fclose(out->f);
  if (out->tmp) unlink(out->tmp);
  g_free(out->tmp);
  g_free(out->path);
  memset(out, 0, sizeof *out);
}

int bz_out_commit(bz_out *out, biao_error *err) {
  int rc = BIAO_OK;
  gboolean bad = ferror(out->f) != 0;
  if (fclose(out->f) != 0 || bad) rc = bz_fail(err, BIAO_ERR_IO, out->path, "write failed: %s", g_strerror(errno));
  out->f = NULL;
  if (rc == BIAO_OK && rename(out->tmp, out->path) != 0)
    rc = bz_fail(err, BIAO_ERR_IO, out->path, "cannot write output: %s", g_strerror(errno));
  if (rc == BIAO_OK) g_clear_pointer(&out->tmp, g_free); /* renamed: nothing to remove */
  bz_out_abort(out);
  return rc;
}

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
    /* libxlsxwriter writes its own file: give it a temporary name, then rename */
    char *tmp = g_strdup_printf("%s.part%d", path, (int)getpid());
    int rc = bz_xlsx_write(doc, o, tmp, err);
    if (rc == BIAO_OK && rename(tmp, path) != 0)
      rc = bz_fail(err, BIAO_ERR_IO, path, "cannot write output: %s", g_strerror(errno));
    if (rc != BIAO_OK) unlink(tmp);
    if (rc != BIAO_OK && err) g_strlcpy(err->path, path, sizeof err->path); /* the name the user gave */
    g_free(tmp);
    return rc;
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
