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
                  biao_error *err) {
  switch (fmt) {
  case BIAO_FORMAT_JSON: return bz_json_doc(out, doc, o);
  case BIAO_FORMAT_NDJSON: return bz_ndjson_doc(out, doc, o);
  case BIAO_FORMAT_CSV: {
    biao_table *t = find_table(doc, o->table);
    if (!t) return bz_fail(err, BIAO_ERR_USAGE, doc->path, "no table %d (the document has %u)", o->table, doc->tables->len);
    bz_csv_table(out, t, o);
    return BIAO_OK;
  }
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
  int rc = render(s, doc, fmt, o, err);
  if (rc != BIAO_OK) {
    g_string_free(s, TRUE);
    *out = NULL;
    return rc;
  }
  if (len) *len = s->len;
  *out = g_string_free(s, FALSE);
  return BIAO_OK;
}

int bz_xlsx_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err);

int biao_write_file(const char *path, const void *data, size_t len, biao_error *err) {
  char *dir = g_path_get_dirname(path);
  char *base = g_path_get_basename(path);
  char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
  int rc = BIAO_OK;
  int fd = g_mkstemp(tmpl);
  if (fd < 0) {
    rc = bz_fail(err, BIAO_ERR_IO, path, "cannot create output: %s", g_strerror(errno));
    goto cleanup;
  }
  for (size_t off = 0; off < len;) {
    ssize_t n = write(fd, (const char *)data + off, len - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      rc = bz_fail(err, BIAO_ERR_IO, path, "write failed: %s", g_strerror(errno));
      break;
    }
    off += (size_t)n;
  }
  if (close(fd) != 0 && rc == BIAO_OK) rc = bz_fail(err, BIAO_ERR_IO, path, "write failed: %s", g_strerror(errno));
  if (rc == BIAO_OK && rename(tmpl, path) != 0)
    rc = bz_fail(err, BIAO_ERR_IO, path, "cannot write output: %s", g_strerror(errno));
  if (rc != BIAO_OK) unlink(tmpl);
cleanup:
  g_free(tmpl);
  g_free(base);
  g_free(dir);
  return rc;
}

int biao_export_file(const biao_doc *doc, biao_format fmt, const biao_export_options *o,
                     const char *path, biao_error *err) {
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
  char *buf = NULL;
  size_t len = 0;
  int rc = biao_export(doc, fmt, o, &buf, &len, err);
  if (rc == BIAO_OK) rc = biao_write_file(path, buf, len, err);
  g_free(buf);
  return rc;
}
