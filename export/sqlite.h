/* sqlite.h — the SQLite writer (internal; schema in docs/sqlite.md). One database holds many
 * documents; each document goes in with one transaction, replacing the rows of an earlier run on
 * the same contents (same sha256), so a crash leaves either the old document or the new one. */
#ifndef BZ_SQLITE_H
#define BZ_SQLITE_H

#include "../core/model.h"

typedef struct bz_db bz_db;

/* Open (creating it and its schema when new) the database at path, in WAL mode. */
int bz_db_open(bz_db **out, const char *path, biao_error *err);
/* Close; NULL is fine. Returns BIAO_ERR_IO when the close fails. */
int bz_db_close(bz_db *db, biao_error *err);
/* Write doc (tables, cells, long values, checks) in one transaction, replacing its sha256's rows. */
int bz_db_put_doc(bz_db *db, const biao_doc *doc, const biao_export_options *o, biao_error *err);
/* Copy the documents of another biao database (a batch worker's one-document file) in, one
 * transaction per document, replacing rows of the same sha256. */
int bz_db_merge(bz_db *db, const char *part, biao_error *err);
/* One manifest row (batch): replaces the row of the same path. sha256/message may be NULL;
 * pages/tables < 0 are NULL. */
int bz_db_put_manifest(bz_db *db, const char *path, const char *sha256, const char *status,
                       const char *message, int pages, int tables, long ms, biao_error *err);
/* Is the document with this sha256 already in (ok in the manifest or in documents)? */
int bz_db_has_doc(bz_db *db, const char *sha256);

#endif
