/* input.c — bounded whole-file reads. Inputs are untrusted: the cap is checked before and while
 * reading, so a huge file or an endless pipe cannot exhaust memory. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "limits.h"

int bz_read_input(const char *path, gsize cap, guint8 **out, gsize *len, biao_error *err) {
  *out = NULL;
  *len = 0;
  int fd = 0, rc = BIAO_OK;
  gboolean is_stdin = strcmp(path, "-") == 0;
  if (!is_stdin) {
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return bz_fail(err, BIAO_ERR_IO, path, "%s",
                     errno == ENOENT ? "no such file" : g_strerror(errno));
    }
  }
  struct stat st = {0};
  GByteArray *buf = NULL;
  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      rc = bz_fail(err, BIAO_ERR_IO, path, "is a directory (use `biao batch` to process a folder)");
      goto done;
    }
    if (S_ISREG(st.st_mode) && (guint64)st.st_size > cap) {
      char *size = bz_format_bytes((guint64)st.st_size), *lim = bz_format_bytes(cap);
      rc = bz_fail(err, BIAO_ERR_LIMIT, path, "file is %s, over the %s input limit (--max-size)", size, lim);
      g_free(size);
      g_free(lim);
      goto done;
    }
  }
  buf = g_byte_array_sized_new(S_ISREG(st.st_mode) ? (guint)MIN((guint64)st.st_size + 1, cap + 1) : 65536);
  guint8 chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      rc = bz_fail(err, BIAO_ERR_IO, path, "read failed: %s", g_strerror(errno));
      break;
    }
    if (n == 0) break;
    if (buf->len + (gsize)n > cap) {
      char *lim = bz_format_bytes(cap);
      rc = bz_fail(err, BIAO_ERR_LIMIT, path, "input is over the %s input limit (--max-size)", lim);
      g_free(lim);
      break;
    }
    g_byte_array_append(buf, chunk, (guint)n);
  }
  if (rc == BIAO_OK && buf->len == 0) rc = bz_fail(err, BIAO_ERR_EMPTY, path, "empty file");
  if (rc != BIAO_OK) {
    g_byte_array_free(buf, TRUE);
  } else {
    *len = buf->len;
    *out = g_byte_array_free(buf, FALSE);
  }
done:
  if (!is_stdin) close(fd);
  return rc;
}
