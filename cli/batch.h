/* batch.h — `biao batch`: many documents, one forked worker per document (internal to the CLI).
 *
 * The parent walks the inputs, forks up to N workers, enforces the wall-time and memory limits,
 * and is the only writer of the manifest and of the --ndjson stream. A worker opens one document,
 * writes its output file atomically and reports a bb_result (then NDJSON bytes) through a pipe.
 * See docs/batch.md. */
#ifndef BIAO_CLI_BATCH_H
#define BIAO_CLI_BATCH_H

#include <glib.h>
#include <sys/types.h>

#include "cli.h"

/* Worker exit status meaning "out of memory" (GLib allocation failure caught in the worker). */
#define BB_EXIT_OOM 86

typedef struct bb_config {
  int jobs;
  const char *outdir;
  const char *ndjson;     /* NULL, "-" or a file */
  biao_format fmt;        /* JSON, NDJSON, CSV, XLSX or long output per document */
  int records;            /* --records: canonical records instead of tables (JSON/NDJSON) */
  const char *db;         /* --db FILE: the SQLite database the parent fills, or NULL */
  int resume;
  double timeout_s;
  long max_memory_mb;     /* 0 = no limit */
  int progress;           /* draw progress on stderr */
  biao_options opt;
  biao_export_options eo;
} bb_config;

/* One input document: its path as found and the path of its output relative to OUTDIR. */
typedef struct bb_input {
  char *path;
  char *rel;
} bb_input;

/* One manifest line. Strings are owned (g_free); NULL prints as null. */
typedef struct bb_record {
  char *path, *sha256, *status, *code, *message, *output;
  long pages, tables, ms;
} bb_record;

/* Worker -> parent messages: a bb_frame header, then `len` bytes of payload. */
enum { BB_MSG_PROGRESS = 'P', /* two longs: pages done, pages total (library progress callback) */
       BB_MSG_RESULT = 'R',   /* a bb_result, once, at the end */
       BB_MSG_NDJSON = 'N' }; /* NDJSON of the document's tables (--ndjson), before the result */
typedef struct bb_frame {
  unsigned type;
  unsigned len;
} bb_frame;

/* What a worker reports when it is done. */
typedef struct bb_result {
  int code; /* biao_code of the open/export, BIAO_OK on success */
  int output_failed; /* the document was read but its output could not be written */
  long pages, tables;
  long scanned_pages; /* pages without a text layer */
  char sha256[65];
  char message[512];
  int skipped; /* not a document (Markdown, JSON, HTML, XLSX...): recorded as "skipped" */
} bb_result;

/* batch_walk.c: inputs from PATH arguments (directories walked recursively, sorted) or from a list
 * of paths on stdin ("-"). Returns a GPtrArray of bb_input* (free with bb_inputs_free), or NULL
 * after reporting an error. */
GPtrArray *bb_collect_inputs(char **paths, int n, const char *outdir);
void bb_inputs_free(GPtrArray *inputs);

/* batch_child.c: run in the forked worker; never returns. */
G_GNUC_NORETURN void bb_child_main(const bb_config *cfg, const bb_input *in, int wfd);
/* Output file of an input (OUTDIR/REL.json|.ndjson, or the CSV stem OUTDIR/REL); g_free it. */
char *bb_output_path(const bb_config *cfg, const bb_input *in);
/* The one-document database a worker writes for --db (the parent merges it, then removes it). */
char *bb_part_db_path(const bb_config *cfg, pid_t worker);
/* SHA-256 (hex) of a file's contents, or NULL when unreadable or not a regular file. */
char *bb_file_sha256(const char *path);
/* Map a regular file read-only without ever blocking (a FIFO, socket or device is refused, with
 * the reason in *why when why is given: g_free it). */
GMappedFile *bb_map_regular(const char *path, char **why);
/* "FIFO", "socket", "character device", ... for a st_mode. */
const char *bb_file_kind(mode_t mode);

/* batch_manifest.c */
void bb_record_free(bb_record *r);
/* One JSON object, no newline. */
void bb_record_to_json(GString *out, const bb_record *r);
/* Parse one manifest line; NULL when it is not a complete record (torn or foreign line). */
bb_record *bb_record_parse(const char *line);
/* Read manifests (in order) and keep the final record of each path: the latest one, except that an
 * "ok" record is kept over a later failure of the same contents (same sha256). path -> bb_record*. */
GHashTable *bb_manifest_load(const char *const *files, int n, int *unreadable);
/* `biao batch --merge-manifests A B ...`: the merged manifest, sorted by path, on stdout. */
int bb_merge_manifests(char **files, int n);

/* batch_progress.c: a one-line status on stderr, redrawn at most 10 times a second. */
typedef struct bb_progress {
  int enabled;
  long total, done, failed, skipped, pages;
  long pages_running; /* pages done so far by the running workers */
  gint64 start_us, last_draw_us;
} bb_progress;
void bb_progress_draw(bb_progress *p, int force);
void bb_progress_end(bb_progress *p);

int cmd_batch(int argc, char **argv);

#endif
