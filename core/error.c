/* error.c — biao_error helpers and code names. */
#include "error.h"
#include "limits.h"

#include <stdarg.h>
#include <string.h>

const char *biao_code_name(int code) {
  switch (code) {
  case BIAO_OK: return "ok";
  case BIAO_ERR_USAGE: return "usage";
  case BIAO_ERR_IO: return "io";
  case BIAO_ERR_FORMAT: return "format";
  case BIAO_ERR_CORRUPT: return "corrupt";
  case BIAO_ERR_ENCRYPTED: return "encrypted";
  case BIAO_ERR_LIMIT: return "limit";
  case BIAO_ERR_RULES: return "rules";
  case BIAO_ERR_NOMEM: return "nomem";
  case BIAO_ERR_ENCODING: return "encoding";
  case BIAO_ERR_EMPTY: return "empty";
  case BIAO_ERR_INTERNAL: return "internal";
  default: return "unknown";
  }
}

void bz_error_clear(biao_error *err) {
  if (!err) return;
  memset(err, 0, sizeof *err);
  err->offset = -1;
}

static int vfail(biao_error *err, int code, const char *path, int page, int line, long offset,
                 const char *fmt, va_list ap) {
  if (!err) return code;
  bz_error_clear(err);
  err->code = code;
  err->page = page;
  err->line = line;
  err->offset = offset;
  if (path) g_strlcpy(err->path, path, sizeof err->path);
  g_vsnprintf(err->message, sizeof err->message, fmt, ap);
  for (char *p = err->message; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  return code;
}

int bz_fail(biao_error *err, int code, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfail(err, code, path, 0, 0, -1, fmt, ap);
  va_end(ap);
  return r;
}

int bz_fail_at(biao_error *err, int code, const char *path, int page, int line, long offset,
               const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfail(err, code, path, page, line, offset, fmt, ap);
  va_end(ap);
  return r;
}

int bz_fail_nomem(biao_error *err, const char *path, gsize size) {
  char *n = bz_format_bytes(size);
  int rc = bz_fail(err, BIAO_ERR_NOMEM, path, "out of memory (%s more were needed)", n);
  g_free(n);
  return rc;
}
