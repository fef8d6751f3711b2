/* docx_zip.h — the DOCX package: a zip archive opened from memory with libzip, the main part found
 * through _rels/.rels, and entries streamed with size and compression-ratio caps (zip bombs).
 * All libzip errors are translated into biao_error in docx_zip.c (bz_zip_fail). */
#ifndef BZ_DOCX_ZIP_H
#define BZ_DOCX_ZIP_H

#include <zip.h>

#include "../core/model.h"

/* Safety caps. A DOCX main part is rarely over a few MB; 256 MB of XML streams in seconds. */
#define BZ_ZIP_MAX_ENTRIES 20000
#define BZ_ZIP_MAX_MAIN_PART ((zip_uint64_t)256 << 20)
#define BZ_ZIP_MAX_SMALL_PART ((zip_uint64_t)4 << 20) /* _rels/.rels and other small XML */
/* Deflate can reach ~1030:1; real WordprocessingML compresses 5-30:1, generated repetitive tables
 * up to ~150:1. Entries over BZ_ZIP_RATIO_MIN_SIZE that claim more than this ratio are refused. */
#define BZ_ZIP_MAX_RATIO 400
#define BZ_ZIP_RATIO_MIN_SIZE ((zip_uint64_t)8 << 20)

typedef struct bz_zip bz_zip;

/* Open the archive held in data[0..len) (borrowed: must outlive the bz_zip). */
int bz_zip_open(bz_zip **out, const guint8 *data, gsize len, const char *path, biao_error *err);
void bz_zip_close(bz_zip *z);

/* Whether the archive has an entry of that exact name. */
gboolean bz_zip_has(bz_zip *z, const char *name);

/* A capped read stream over one entry. */
typedef struct bz_zip_stream bz_zip_stream;
int bz_zip_stream_open(bz_zip *z, const char *name, zip_uint64_t cap, bz_zip_stream **out, biao_error *err);
/* Read up to len bytes: returns bytes read, 0 at the end, -1 on error (then bz_zip_stream_error). */
int bz_zip_stream_read(bz_zip_stream *s, char *buf, int len);
/* The error that made bz_zip_stream_read return -1 (BIAO_OK if none); fills err. */
int bz_zip_stream_error(bz_zip_stream *s, biao_error *err);
zip_uint64_t bz_zip_stream_bytes(const bz_zip_stream *s);
void bz_zip_stream_close(bz_zip_stream *s);

/* Read a whole small entry (<= cap) into memory; g_free *out. */
int bz_zip_read_all(bz_zip *z, const char *name, zip_uint64_t cap, char **out, gsize *len, biao_error *err);

#endif
