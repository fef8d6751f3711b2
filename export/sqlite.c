/* sqlite.c — documents, tables, cells, long values, checks and the batch manifest in one SQLite
 * database (docs/sqlite.md). WAL mode, one transaction per document: a reader never sees half a
 * document and a crash loses at most the document being written. A document is keyed by its
 * sha256: writing it again deletes its old rows first, so re-runs never duplicate. */
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "../core/error.h"
#include "../core/semantic.h"
#include "export.h"
#include "long.h"
#include "sqlite.h"
#include "xlsx.h"

/* Bumped when the schema changes incompatibly; a database of another version is refused. */
#define BZ_DB_SCHEMA 1

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  doc_id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, format TEXT,\n"
    "  pages INTEGER, n_tables INTEGER, department TEXT, year TEXT, written_at TEXT);\n"
    "CREATE TABLE IF NOT EXISTS tables(\n"
    "  doc_id INTEGER NOT NULL, table_index INTEGER NOT NULL, title TEXT, form_code TEXT, form TEXT,\n"
    "  form_family TEXT, unit TEXT, department TEXT, year TEXT, page_start INTEGER, page_end INTEGER,\n"
    "  n_rows INTEGER, n_cols INTEGER, header_rows INTEGER, PRIMARY KEY(doc_id, table_index));\n"
    "CREATE TABLE IF NOT EXISTS cells(\n"
    "  doc_id INTEGER NOT NULL, table_index INTEGER NOT NULL, row INTEGER NOT NULL, col INTEGER NOT NULL,\n"
    "  rowspan INTEGER, colspan INTEGER, text TEXT);\n"
    "CREATE TABLE IF NOT EXISTS cell_values(\n"
    "  doc_id INTEGER NOT NULL, table_index INTEGER NOT NULL, row INTEGER NOT NULL, col INTEGER NOT NULL,\n"
    "  page INTEGER, row_label TEXT, code TEXT, kind TEXT, column TEXT, text TEXT, value REAL,\n"
    "  decimal TEXT, unit TEXT, value_kind TEXT);\n"
    "CREATE TABLE IF NOT EXISTS checks(\n"
    "  doc_id INTEGER NOT NULL, table_index INTEGER NOT NULL, rule TEXT, ok INTEGER, exact INTEGER,\n"
    "  expected TEXT, actual TEXT, what TEXT, row INTEGER, col INTEGER);\n"
    "CREATE TABLE IF NOT EXISTS manifest(\n"
    "  path TEXT PRIMARY KEY, sha256 TEXT, status TEXT NOT NULL, message TEXT, pages INTEGER,\n"
    "  tables INTEGER, ms INTEGER, finished_at TEXT);\n"
    "CREATE INDEX IF NOT EXISTS tables_form ON tables(form_code);\n"
    "CREATE INDEX IF NOT EXISTS tables_dept_year ON tables(department, year);\n"
    "CREATE INDEX IF NOT EXISTS documents_dept ON documents(department);\n"
    "CREATE INDEX IF NOT EXISTS documents_year ON documents(year);\n"
    "CREATE INDEX IF NOT EXISTS cells_doc ON cells(doc_id, table_index);\n"
    "CREATE INDEX IF NOT EXISTS values_doc ON cell_values(doc_id, table_index);\n"
    "CREATE INDEX IF NOT EXISTS values_code ON cell_values(code);\n"
    "CREATE INDEX IF NOT EXISTS checks_doc ON checks(doc_id);\n"
    "CREATE INDEX IF NOT EXISTS manifest_sha ON manifest(sha256);\n"
    /* the -f long columns, one row per body value */
    "CREATE VIEW IF NOT EXISTS long AS SELECT d.path, d.sha256, v.table_index AS \"table\", t.title,\n"
    "  t.form_code, t.department, t.year, v.page, v.row, v.row_label, v.code, v.kind, v.col,\n"
    "  v.column, v.text, v.value, v.unit FROM cell_values v JOIN tables t USING(doc_id, table_index)\n"
    "  JOIN documents d USING(doc_id);\n"
    /* every 合计/总计 of 收入支出决算总表 (公开01表), by department and year */
    "CREATE VIEW IF NOT EXISTS totals_01 AS SELECT t.department, t.year, d.path, v.row_label,\n"
    "  v.column, v.value, v.unit FROM cell_values v JOIN tables t USING(doc_id, table_index)\n"
    "  JOIN documents d USING(doc_id) WHERE t.form_code = '公开01表' AND v.kind IN ('合计', '总计');\n"
    /* amounts by 功能分类科目 code, to compare one 科目 across departments and years */
    "CREATE VIEW IF NOT EXISTS subject_values AS SELECT t.department, t.year, t.form_code, v.code,\n"
    "  v.row_label, v.column, v.value, v.decimal, v.unit, d.path FROM cell_values v\n"
    "  JOIN tables t USING(doc_id, table_index) JOIN documents d USING(doc_id) WHERE v.code IS NOT NULL;\n"
    "CREATE VIEW IF NOT EXISTS failed_checks AS SELECT d.path, c.table_index, t.title, c.rule,\n"
    "  c.expected, c.actual, c.what FROM checks c JOIN tables t USING(doc_id, table_index)\n"
    "  JOIN documents d USING(doc_id) WHERE c.ok = 0;\n";

enum { S_DEL_DOC, S_DEL_TABLES, S_DEL_CELLS, S_DEL_VALUES, S_DEL_CHECKS, S_DOC, S_TABLE, S_CELL, S_VALUE, S_CHECK, S_MANIFEST, S_N };

static const char *const stmt_sql[S_N] = {
    [S_DEL_DOC] = "DELETE FROM documents WHERE doc_id = ?1",
    [S_DEL_TABLES] = "DELETE FROM tables WHERE doc_id = ?1",
    [S_DEL_CELLS] = "DELETE FROM cells WHERE doc_id = ?1",
    [S_DEL_VALUES] = "DELETE FROM cell_values WHERE doc_id = ?1",
    [S_DEL_CHECKS] = "DELETE FROM checks WHERE doc_id = ?1",
    [S_DOC] = "INSERT INTO documents(path, sha256, format, pages, n_tables, department, year, written_at)"
              " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_TABLE] = "INSERT INTO tables VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [S_CELL] = "INSERT INTO cells VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_VALUE] = "INSERT INTO cell_values VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [S_CHECK] = "INSERT INTO checks VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [S_MANIFEST] = "INSERT OR REPLACE INTO manifest VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

struct bz_db {
  sqlite3 *db;
  char *path;
  sqlite3_stmt *st[S_N];
  int rc;        /* first SQLite error while writing a document */
  char msg[256]; /* its message */
};

static int db_fail(bz_db *d, biao_error *err, const char *what) {
  return bz_fail(err, BIAO_ERR_IO, d->path, "%s: %s", what, d->msg[0] ? d->msg : sqlite3_errmsg(d->db));
}

static int exec(bz_db *d, const char *sql) {
  char *e = NULL;
  if (sqlite3_exec(d->db, sql, NULL, NULL, &e) == SQLITE_OK) return 0;
  g_strlcpy(d->msg, e ? e : sqlite3_errmsg(d->db), sizeof d->msg);
  sqlite3_free(e);
  return -1;
}

/* Run a bound statement to its end and reset it; the first error is kept in d. */
static void step(bz_db *d, sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  if (rc != SQLITE_DONE && !d->rc) {
    d->rc = rc;
    g_strlcpy(d->msg, sqlite3_errmsg(d->db), sizeof d->msg);
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v) {
  if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void bind_pos(sqlite3_stmt *s, int i, int v) { /* > 0, else NULL */
  if (v > 0) sqlite3_bind_int(s, i, v);
}

static int schema_version(bz_db *d) {
  sqlite3_stmt *s = NULL;
  int v = -1;
  if (sqlite3_prepare_v2(d->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    v = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  return v;
}

static int has_tables(bz_db *d) {
  sqlite3_stmt *s = NULL;
  int n = 0;
  if (sqlite3_prepare_v2(d->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    n = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  return n;
}

int bz_db_open(bz_db **out, const char *path, biao_error *err) {
  *out = NULL;
  bz_db *d = g_new0(bz_db, 1);
  d->path = g_strdup(path);
  int rc = BIAO_OK;
  if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    rc = db_fail(d, err, "cannot open database");
    goto fail;
  }
  sqlite3_busy_timeout(d->db, 10000);
  if (exec(d, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")) {
    rc = db_fail(d, err, "not a usable database");
    goto fail;
  }
  int v = schema_version(d);
  if (v != BZ_DB_SCHEMA && (v != 0 || has_tables(d))) {
    rc = bz_fail(err, BIAO_ERR_IO, path, "not a biao database of schema %d (user_version %d)", BZ_DB_SCHEMA, v);
    goto fail;
  }
  if (exec(d, "BEGIN") || exec(d, schema_sql) || exec(d, "PRAGMA user_version=" G_STRINGIFY(BZ_DB_SCHEMA)) ||
      exec(d, "COMMIT")) {
    rc = db_fail(d, err, "cannot create the schema");
    goto fail;
  }
  for (int i = 0; i < S_N; i++)
    if (sqlite3_prepare_v2(d->db, stmt_sql[i], -1, &d->st[i], NULL) != SQLITE_OK) {
      rc = db_fail(d, err, "cannot prepare");
      goto fail;
    }
  *out = d;
  return BIAO_OK;
fail:
  bz_db_close(d, NULL);
  return rc;
}

int bz_db_close(bz_db *d, biao_error *err) {
  if (!d) return BIAO_OK;
  for (int i = 0; i < S_N; i++) sqlite3_finalize(d->st[i]);
  int rc = BIAO_OK;
  if (d->db && sqlite3_close(d->db) != SQLITE_OK) rc = bz_fail(err, BIAO_ERR_IO, d->path, "cannot close database");
  g_free(d->path);
  g_free(d);
  return rc;
}

/* Delete the rows of the document with this sha256 (inside the caller's transaction). */
static void delete_sha(bz_db *d, const char *sha256) {
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(d->db, "SELECT doc_id FROM documents WHERE sha256 = ?1", -1, &s, NULL) != SQLITE_OK) {
    if (!d->rc) d->rc = SQLITE_ERROR;
    return;
  }
  sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_int64 id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
  sqlite3_finalize(s);
  if (id < 0) return;
  static const int del[] = {S_DEL_CELLS, S_DEL_VALUES, S_DEL_CHECKS, S_DEL_TABLES, S_DEL_DOC};
  for (guint i = 0; i < G_N_ELEMENTS(del); i++) {
    sqlite3_bind_int64(d->st[del[i]], 1, id);
    step(d, d->st[del[i]]);
  }
}

static char *now_iso(void) {
  GDateTime *t = g_date_time_new_now_utc();
  char *s = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
  g_date_time_unref(t);
  return s;
}

typedef struct value_ctx {
  bz_db *d;
  sqlite3_int64 id;
} value_ctx;

static int put_value(const bz_long_row *r, void *user) {
  value_ctx *x = user;
  sqlite3_stmt *s = x->d->st[S_VALUE];
  sqlite3_bind_int64(s, 1, x->id);
  sqlite3_bind_int(s, 2, r->t->index);
  sqlite3_bind_int(s, 3, r->row + 1);
  sqlite3_bind_int(s, 4, r->col + 1);
  bind_pos(s, 5, r->page);
  bind_text(s, 6, r->row_label);
  bind_text(s, 7, r->code);
  bind_text(s, 8, r->kind);
  bind_text(s, 9, r->column);
  bind_text(s, 10, r->text);
  if (r->decimal) sqlite3_bind_double(s, 11, g_ascii_strtod(r->decimal, NULL));
  bind_text(s, 12, r->decimal);
  bind_text(s, 13, r->unit);
  bind_text(s, 14, bz_vkind_name(r->value->kind));
  step(x->d, s);
  return x->d->rc;
}

static void put_table(bz_db *d, sqlite3_int64 id, const biao_doc *doc, biao_table *t) {
  const bz_meaning *m = bz_meaning_of(t);
  sqlite3_stmt *s = d->st[S_TABLE];
  const char *dept = bz_table_get_meta(t, "department"), *year = bz_table_get_meta(t, "year");
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int(s, 2, t->index);
  bind_text(s, 3, t->title);
  bind_text(s, 4, bz_xlsx_table_code(t));
  bind_text(s, 5, m ? m->form : NULL);
  bind_text(s, 6, m ? m->form_family : NULL);
  bind_text(s, 7, m && m->unit ? m->unit : bz_table_get_meta(t, "unit"));
  bind_text(s, 8, dept ? dept : bz_long_doc_meta(doc, "department"));
  bind_text(s, 9, year ? year : bz_long_doc_meta(doc, "year"));
  bind_pos(s, 10, t->page_start);
  bind_pos(s, 11, t->page_end);
  sqlite3_bind_int(s, 12, t->n_rows);
  sqlite3_bind_int(s, 13, t->n_cols);
  sqlite3_bind_int(s, 14, t->header_rows);
  step(d, s);
  s = d->st[S_CELL];
  for (guint i = 0; i < t->cells->len && !d->rc; i++) {
    const bz_cell *c = &g_array_index(t->cells, bz_cell, i);
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int(s, 2, t->index);
    sqlite3_bind_int(s, 3, c->row + 1);
    sqlite3_bind_int(s, 4, c->col + 1);
    sqlite3_bind_int(s, 5, c->rowspan);
    sqlite3_bind_int(s, 6, c->colspan);
    bind_text(s, 7, c->text);
    step(d, s);
  }
  value_ctx x = {d, id};
  if (!d->rc) bz_long_table(doc, t, put_value, &x);
  s = d->st[S_CHECK];
  for (guint i = 0; m && m->checks && i < m->checks->len && !d->rc; i++) {
    const bz_check *k = g_ptr_array_index(m->checks, i);
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int(s, 2, t->index);
    bind_text(s, 3, k->rule);
    sqlite3_bind_int(s, 4, k->ok);
    sqlite3_bind_int(s, 5, k->exact);
    bind_text(s, 6, k->expected);
    bind_text(s, 7, k->actual);
    bind_text(s, 8, k->what);
    if (k->n_cells > 0) {
      sqlite3_bind_int(s, 9, k->cells[0] + 1);
      sqlite3_bind_int(s, 10, k->cells[1] + 1);
    }
    step(d, s);
  }
  bz_table_release_caches(t);
}

int bz_db_put_doc(bz_db *d, const biao_doc *doc, const biao_export_options *o, biao_error *err) {
  d->rc = 0;
  d->msg[0] = '\0';
  if (exec(d, "BEGIN IMMEDIATE")) return db_fail(d, err, "cannot start a transaction");
  delete_sha(d, doc->sha256);
  char *now = now_iso();
  sqlite3_stmt *s = d->st[S_DOC];
  bind_text(s, 1, doc->path);
  bind_text(s, 2, doc->sha256);
  bind_text(s, 3, doc->format);
  if (doc->pages >= 0) sqlite3_bind_int(s, 4, doc->pages);
  sqlite3_bind_int(s, 5, (int)doc->tables->len);
  bind_text(s, 6, bz_long_doc_meta(doc, "department"));
  bind_text(s, 7, bz_long_doc_meta(doc, "year"));
  bind_text(s, 8, now);
  step(d, s);
  g_free(now);
  sqlite3_int64 id = sqlite3_last_insert_rowid(d->db);
  for (guint i = 0; i < doc->tables->len && !d->rc; i++) {
    biao_table *t = g_ptr_array_index(doc->tables, i);
    if (o && o->table && t->index != o->table) continue;
    put_table(d, id, doc, t);
  }
  if (d->rc || exec(d, "COMMIT")) {
    int rc = db_fail(d, err, "cannot write the document");
    exec(d, "ROLLBACK");
    return rc;
  }
  return BIAO_OK;
}

int bz_db_put_manifest(bz_db *d, const char *path, const char *sha256, const char *status, const char *message,
                       int pages, int tables, long ms, biao_error *err) {
  d->rc = 0;
  d->msg[0] = '\0';
  char *now = now_iso();
  sqlite3_stmt *s = d->st[S_MANIFEST];
  bind_text(s, 1, path);
  bind_text(s, 2, sha256);
  bind_text(s, 3, status);
  bind_text(s, 4, message);
  if (pages >= 0) sqlite3_bind_int(s, 5, pages);
  if (tables >= 0) sqlite3_bind_int(s, 6, tables);
  if (ms >= 0) sqlite3_bind_int64(s, 7, ms);
  bind_text(s, 8, now);
  step(d, s);
  g_free(now);
  return d->rc ? db_fail(d, err, "cannot write the manifest") : BIAO_OK;
}

int bz_db_has_doc(bz_db *d, const char *sha256) {
  sqlite3_stmt *s = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM documents WHERE sha256 = ?1", -1, &s, NULL) == SQLITE_OK) {
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    found = sqlite3_step(s) == SQLITE_ROW;
  }
  sqlite3_finalize(s);
  return found;
}

/* Copy one document of the attached database `part` under a new doc_id. */
static void merge_one(bz_db *d, sqlite3_int64 part_id, const char *sha256) {
  delete_sha(d, sha256);
  char *sql = g_strdup_printf(
      "INSERT INTO documents(path, sha256, format, pages, n_tables, department, year, written_at)"
      " SELECT path, sha256, format, pages, n_tables, department, year, written_at FROM part.documents"
      " WHERE doc_id = %lld",
      (long long)part_id);
  if (exec(d, sql) && !d->rc) d->rc = SQLITE_ERROR;
  g_free(sql);
  sqlite3_int64 id = sqlite3_last_insert_rowid(d->db);
  static const char *const copy[] = {
      "INSERT INTO tables SELECT %lld, table_index, title, form_code, form, form_family, unit, department,"
      " year, page_start, page_end, n_rows, n_cols, header_rows FROM part.tables WHERE doc_id = %lld",
      "INSERT INTO cells SELECT %lld, table_index, row, col, rowspan, colspan, text FROM part.cells WHERE doc_id = %lld",
      "INSERT INTO cell_values SELECT %lld, table_index, row, col, page, row_label, code, kind, column, text,"
      " value, decimal, unit, value_kind FROM part.cell_values WHERE doc_id = %lld",
      "INSERT INTO checks SELECT %lld, table_index, rule, ok, exact, expected, actual, what, row, col"
      " FROM part.checks WHERE doc_id = %lld"};
  for (guint i = 0; i < G_N_ELEMENTS(copy) && !d->rc; i++) {
    char *q = g_strdup_printf(copy[i], (long long)id, (long long)part_id);
    if (exec(d, q)) d->rc = SQLITE_ERROR;
    g_free(q);
  }
}

int bz_db_merge(bz_db *d, const char *part, biao_error *err) {
  d->rc = 0;
  d->msg[0] = '\0';
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(d->db, "ATTACH DATABASE ?1 AS part", -1, &s, NULL) != SQLITE_OK) return db_fail(d, err, "cannot attach");
  sqlite3_bind_text(s, 1, part, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return db_fail(d, err, "cannot attach");
  GArray *ids = g_array_new(FALSE, FALSE, sizeof(sqlite3_int64));
  GPtrArray *shas = g_ptr_array_new_with_free_func(g_free);
  if (sqlite3_prepare_v2(d->db, "SELECT doc_id, sha256 FROM part.documents ORDER BY doc_id", -1, &s, NULL) == SQLITE_OK)
    while (sqlite3_step(s) == SQLITE_ROW) {
      sqlite3_int64 id = sqlite3_column_int64(s, 0);
      g_array_append_val(ids, id);
      g_ptr_array_add(shas, g_strdup((const char *)sqlite3_column_text(s, 1)));
    }
  sqlite3_finalize(s);
  int out = BIAO_OK;
  for (guint i = 0; i < ids->len && out == BIAO_OK; i++) {
    if (exec(d, "BEGIN IMMEDIATE")) {
      out = db_fail(d, err, "cannot start a transaction");
      break;
    }
    merge_one(d, g_array_index(ids, sqlite3_int64, i), g_ptr_array_index(shas, i));
    if (d->rc || exec(d, "COMMIT")) {
      out = db_fail(d, err, "cannot merge the document");
      exec(d, "ROLLBACK");
    }
  }
  g_array_free(ids, TRUE);
  g_ptr_array_free(shas, TRUE);
  exec(d, "DETACH DATABASE part");
  return out;
}

int bz_sqlite_write(const biao_doc *doc, const biao_export_options *o, const char *path, biao_error *err) {
  bz_db *d = NULL;
  int rc = bz_db_open(&d, path, err);
  if (rc != BIAO_OK) return rc;
  rc = bz_db_put_doc(d, doc, o, err);
  int crc = bz_db_close(d, rc == BIAO_OK ? err : NULL);
  return rc != BIAO_OK ? rc : crc;
}
