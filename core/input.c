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
  /* The buffer's size follows from the input: allocate it with g_try_*, so that a process short of
   * memory gets BIAO_ERR_NOMEM instead of GLib's abort (which kills a Python interpreter too). */
  gsize size = S_ISREG(st.st_mode) ? (gsize)MIN((guint64)st.st_size + 1, (guint64)cap + 1) : 65536, used = 0;
  guint8 *buf = g_try_malloc(size);
  if (!buf) {
    rc = bz_fail_nomem(err, path, size);
    goto done;
  }
  for (;;) {
    if (used == size) { /* a pipe, or a file that grew: double, within the cap */
      gsize want = MIN(size * 2, (gsize)cap + 1);
      guint8 *more = want > size ? g_try_realloc(buf, want) : NULL;
      if (!more) {
        rc = want > size ? bz_fail_nomem(err, path, want) : BIAO_OK;
        if (rc != BIAO_OK) break;
      } else {
        buf = more;
        size = want;
      }
    }
    ssize_t n = read(fd, buf + used, size - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      rc = bz_fail(err, BIAO_ERR_IO, path, "read failed: %s", g_strerror(errno));
      break;
    }
    if (n == 0) break;
    used += (gsize)n;
    if (used > cap) {
      char *lim = bz_format_bytes(cap);
      rc = bz_fail(err, BIAO_ERR_LIMIT, path, "input is over the %s input limit (--max-size)", lim);
      g_free(lim);
      break;
    }
  }
  if (rc == BIAO_OK && used == 0) rc = bz_fail(err, BIAO_ERR_EMPTY, path, "empty file");
  if (rc != BIAO_OK) {
    g_free(buf);
  } else {
    *len = used;
    *out = buf;
  }
done:
  if (!is_stdin) close(fd);
  return rc;
}
