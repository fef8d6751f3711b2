/* docx_zip.c — libzip from memory, with entry-count, size and ratio caps enforced both on the
 * sizes the archive declares and on the bytes actually inflated (a bomb may lie about its size). */
#include "docx_zip.h"

#include <string.h>

#include "../core/error.h"

struct bz_zip {
  zip_t *za;
  const char *path;
};

struct bz_zip_stream {
  bz_zip *z;
  zip_file_t *zf;
  char *name;
  zip_uint64_t cap, done;
  gboolean over_cap; /* inflated past cap */
  int zip_code;       /* libzip error that stopped reading, or ZIP_ER_OK */
};

/* libzip's text for an error code. */
static void ze_text(int ze, char *buf, gsize size) {
  zip_error_t e;
  zip_error_init_with_code(&e, ze);
  g_strlcpy(buf, zip_error_strerror(&e), size);
  zip_error_fini(&e);
}

/* The one place libzip error codes become biao codes and messages. */
static int zip_fail(biao_error *err, const char *path, int ze, const char *what) {
  char zs[128];
  ze_text(ze, zs, sizeof zs);
  switch (ze) {
  case ZIP_ER_NOZIP:
    return bz_fail(err, BIAO_ERR_CORRUPT, path,
                   "truncated or damaged zip: no end-of-central-directory record (%s)", what);
  case ZIP_ER_INCONS:
  case ZIP_ER_EOF:
  case ZIP_ER_SEEK:
  case ZIP_ER_READ:
    return bz_fail(err, BIAO_ERR_CORRUPT, path, "truncated or damaged zip: %s (%s)", zs,
                   what);
  case ZIP_ER_CRC:
  case ZIP_ER_ZLIB:
  case ZIP_ER_COMPRESSED_DATA:
    return bz_fail(err, BIAO_ERR_CORRUPT, path, "damaged zip entry: %s (%s)", zs, what);
  case ZIP_ER_MULTIDISK:
  case ZIP_ER_COMPNOTSUPP:
    return bz_fail(err, BIAO_ERR_FORMAT, path, "unsupported zip: %s (%s)", zs, what);
  case ZIP_ER_NOPASSWD:
  case ZIP_ER_WRONGPASSWD:
  case ZIP_ER_ENCRNOTSUPP:
    return bz_fail(err, BIAO_ERR_ENCRYPTED, path,
                   "encrypted zip entry (%s): save the document without a password and try again", what);
  case ZIP_ER_MEMORY: return bz_fail(err, BIAO_ERR_NOMEM, path, "out of memory reading zip (%s)", what);
  case ZIP_ER_NOENT: return bz_fail(err, BIAO_ERR_CORRUPT, path, "zip entry missing (%s)", what);
  default:
    return bz_fail(err, BIAO_ERR_CORRUPT, path, "cannot read zip: %s (%s)", zs, what);
  }
}

int bz_zip_open(bz_zip **out, const guint8 *data, gsize len, const char *path, biao_error *err) {
  *out = NULL;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
  if (!src) {
    int rc = zip_fail(err, path, zip_error_code_zip(&ze), "opening");
    zip_error_fini(&ze);
    return rc;
  }
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!za) {
    int rc = zip_fail(err, path, zip_error_code_zip(&ze), "opening");
    zip_source_free(src);
    zip_error_fini(&ze);
    return rc;
  }
  zip_error_fini(&ze);
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n > BZ_ZIP_MAX_ENTRIES) {
    zip_discard(za);
    return bz_fail(err, BIAO_ERR_LIMIT, path, "zip has %lld entries, over the limit of %d", (long long)n,
                   BZ_ZIP_MAX_ENTRIES);
  }
  bz_zip *z = g_new0(bz_zip, 1);
  z->za = za;
  z->path = path;
  *out = z;
  return BIAO_OK;
}

void bz_zip_close(bz_zip *z) {
  if (!z) return;
  zip_discard(z->za); /* read-only: nothing to write back */
  g_free(z);
}

gboolean bz_zip_has(bz_zip *z, const char *name) { return zip_name_locate(z->za, name, 0) >= 0; }

/* Refuse an entry on its declared sizes before inflating anything. */
static int check_declared(bz_zip *z, const zip_stat_t *st, const char *name, zip_uint64_t cap, biao_error *err) {
  if ((st->valid & ZIP_STAT_SIZE) && st->size > cap)
    return bz_fail(err, BIAO_ERR_LIMIT, z->path, "zip entry %s declares %.0f MB, over the %.0f MB limit", name,
                   st->size / 1e6, cap / 1e6);
  if ((st->valid & ZIP_STAT_SIZE) && (st->valid & ZIP_STAT_COMP_SIZE) && st->size > BZ_ZIP_RATIO_MIN_SIZE &&
      st->size / (st->comp_size ? st->comp_size : 1) > BZ_ZIP_MAX_RATIO)
    return bz_fail(err, BIAO_ERR_LIMIT, z->path,
                   "zip entry %s inflates %.0f:1 (over %d:1): refusing a likely zip bomb", name,
                   (double)st->size / (st->comp_size ? st->comp_size : 1), BZ_ZIP_MAX_RATIO);
  return BIAO_OK;
}

int bz_zip_stream_open(bz_zip *z, const char *name, zip_uint64_t cap, bz_zip_stream **out, biao_error *err) {
  *out = NULL;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z->za, name, 0, &st) != 0) return zip_fail(err, z->path, zip_error_code_zip(zip_get_error(z->za)), name);
  int rc = check_declared(z, &st, name, cap, err);
  if (rc != BIAO_OK) return rc;
  zip_file_t *zf = zip_fopen(z->za, name, 0);
  if (!zf) return zip_fail(err, z->path, zip_error_code_zip(zip_get_error(z->za)), name);
  bz_zip_stream *s = g_new0(bz_zip_stream, 1);
  s->z = z;
  s->zf = zf;
  s->name = g_strdup(name);
  /* Enforced on inflated bytes too: the declared size may be a lie. */
  s->cap = cap;
  if ((st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size * BZ_ZIP_MAX_RATIO > BZ_ZIP_RATIO_MIN_SIZE)
    s->cap = MIN(cap, st.comp_size * BZ_ZIP_MAX_RATIO);
  else
    s->cap = MIN(cap, BZ_ZIP_RATIO_MIN_SIZE);
  *out = s;
  return BIAO_OK;
}

int bz_zip_stream_read(bz_zip_stream *s, char *buf, int len) {
  if (s->over_cap || s->zip_code != ZIP_ER_OK) return -1;
  if (len <= 0) return 0;
  zip_int64_t n = zip_fread(s->zf, buf, (zip_uint64_t)len);
  if (n < 0) {
    s->zip_code = zip_error_code_zip(zip_file_get_error(s->zf));
    if (s->zip_code == ZIP_ER_OK) s->zip_code = ZIP_ER_READ;
    return -1;
  }
  s->done += (zip_uint64_t)n;
  if (s->done > s->cap) {
    s->over_cap = TRUE;
    return -1;
  }
  return (int)n;
}

int bz_zip_stream_error(bz_zip_stream *s, biao_error *err) {
  if (s->over_cap)
    return bz_fail(err, BIAO_ERR_LIMIT, s->z->path,
                   "zip entry %s inflates past %.0f MB (size or compression-ratio limit): refusing a likely "
                   "zip bomb",
                   s->name, s->cap / 1e6);
  if (s->zip_code != ZIP_ER_OK) return zip_fail(err, s->z->path, s->zip_code, s->name);
  return BIAO_OK;
}

zip_uint64_t bz_zip_stream_bytes(const bz_zip_stream *s) { return s->done; }

void bz_zip_stream_close(bz_zip_stream *s) {
  if (!s) return;
  zip_fclose(s->zf);
  g_free(s->name);
  g_free(s);
}

int bz_zip_read_all(bz_zip *z, const char *name, zip_uint64_t cap, char **out, gsize *len, biao_error *err) {
  *out = NULL;
  *len = 0;
  bz_zip_stream *s;
  int rc = bz_zip_stream_open(z, name, cap, &s, err);
  if (rc != BIAO_OK) return rc;
  GString *buf = g_string_new(NULL);
  char chunk[16384];
  int n;
  while ((n = bz_zip_stream_read(s, chunk, sizeof chunk)) > 0) g_string_append_len(buf, chunk, n);
  if (n < 0) {
    rc = bz_zip_stream_error(s, err);
    g_string_free(buf, TRUE);
    bz_zip_stream_close(s);
    return rc;
  }
  bz_zip_stream_close(s);
  *len = buf->len;
  *out = g_string_free(buf, FALSE);
  return BIAO_OK;
}
