/* input.h — reading a whole input into memory with a size cap (file, directory check, stdin). */
#ifndef BZ_INPUT_H
#define BZ_INPUT_H

#include <glib.h>

#include "biao.h"

/* Read `path` ("-" = stdin) into *out (g_free it). Fails with BIAO_ERR_IO (missing, directory,
 * unreadable), BIAO_ERR_LIMIT (larger than `cap`) or BIAO_ERR_EMPTY (0 bytes). */
int bz_read_input(const char *path, gsize cap, guint8 **out, gsize *len, biao_error *err);

#endif
