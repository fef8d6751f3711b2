/* error.h — filling biao_error (internal). Library errors from GLib/Poppler, libxml2 and libzip are
 * translated into biao_error where they arise, with these helpers. */
#ifndef BZ_ERROR_H
#define BZ_ERROR_H

#include <glib.h>

#include "biao.h"

/* Fill err (may be NULL) and return code. The message is one line: newlines become spaces. */
int bz_fail(biao_error *err, int code, const char *path, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* Same with a page/line/offset position. */
int bz_fail_at(biao_error *err, int code, const char *path, int page, int line, long offset,
               const char *fmt, ...) G_GNUC_PRINTF(7, 8);
void bz_error_clear(biao_error *err);
/* BIAO_ERR_NOMEM: "out of memory (N MB needed for ...)" after a failed g_try_* allocation of `size`. */
int bz_fail_nomem(biao_error *err, const char *path, gsize size);

#endif
