/* export.h — writers (internal): each appends a serialisation of the document to a GString. */
#ifndef BZ_EXPORT_H
#define BZ_EXPORT_H

#include "../core/model.h"

/* JSON string literal with quotes; control characters, quote and backslash escaped, valid UTF-8
 * passed through, invalid bytes replaced by U+FFFD. */
void bz_json_str(GString *out, const char *s);
/* Pretty layout helpers shared by the JSON writers: a newline and `indent` spaces (nothing when
 * !pretty); a member name and its colon ("k": when pretty, "k": without the space otherwise). */
void bz_json_nl(GString *out, int pretty, int indent);
void bz_json_key(GString *out, const char *k, int pretty);

/* One table as a JSON object (single line when !pretty, else indented by `indent` spaces). `lead`
 * (may be NULL): members written first, right after the '{' (NDJSON's "source"). With a sink, what
 * is written so far goes out every megabyte, so a huge table is never whole in memory. */
typedef struct bz_sink bz_sink;
void bz_json_table(GString *out, const biao_doc *doc, biao_table *t, const biao_export_options *o, int pretty,
                   int indent, const char *lead, bz_sink *sink);
void bz_json_source(GString *out, const biao_doc *doc);
/* Streaming: the JSON/NDJSON writers call bz_sink_flush() after each table, so a large document
 * never sits whole in memory. With sink == NULL everything stays in `out`. */
struct bz_sink {
  FILE *f;
  int failed; /* a write failed (errno kept in `err`) */
  int err;
};
void bz_sink_flush(GString *out, bz_sink *sink);
int bz_json_doc(GString *out, const biao_doc *doc, const biao_export_options *o, bz_sink *sink);
int bz_ndjson_doc(GString *out, const biao_doc *doc, const biao_export_options *o, bz_sink *sink);
/* Serialise doc to f table by table (JSON, NDJSON, CSV, long CSV/NDJSON). Flags: STRIP_NEWLINE
 * leaves out the final newline (the CLI joins several documents into one JSON array); NO_HEADER
 * leaves out the long CSV's header line (every document after the first in one file). */
enum { BZ_STREAM_STRIP_NEWLINE = 1, BZ_STREAM_NO_HEADER = 2 };
int bz_export_stream(const biao_doc *doc, biao_format fmt, const biao_export_options *o, FILE *f,
                     int flags, biao_error *err);

/* Atomic output (output.c): a temporary file ".NAME.biao-tmp-XXXXXX" beside `path`, locked with
 * flock() while it is written, renamed over `path` by bz_out_commit(), removed by bz_out_abort(), so
 * a failure never leaves a half-written file. bz_out_open() first removes the unlocked (dead
 * writer's) temporary files of the same path. An existing FIFO or device is written in place
 * (tmp == NULL). */
typedef struct bz_out {
  FILE *f;
  char *tmp, *path;
} bz_out;
int bz_out_open(bz_out *out, const char *path, biao_error *err);
int bz_out_commit(bz_out *out, biao_error *err);
void bz_out_abort(bz_out *out);
/* A set of files in `dir` that appears whole or not at all: written into a locked staging folder
 * DIR/.STEM.biao-tmp-XXXXXX, moved into DIR by bz_outset_commit(). bz_outset_add() names one file
 * and returns the path to write it at (g_free it). */
typedef struct bz_outset {
  char *dir, *stage;
  int fd;
  GPtrArray *names;
} bz_outset;
int bz_outset_open(bz_outset *set, const char *dir, const char *stem, biao_error *err);
char *bz_outset_add(bz_outset *set, const char *name);
int bz_outset_commit(bz_outset *set, biao_error *err);
void bz_outset_abort(bz_outset *set);
/* Is `name` a temporary name of ours (of output `base`, or of any output when base is NULL)? */
gboolean bz_is_tmp_name(const char *name, const char *base);
/* Remove the temporary files and folders in `dir` (and below it when `recurse`) whose writer is
 * gone: those of output `base`, or all when base is NULL. Locked ones (a live writer) stay. */
void bz_clean_stale(const char *dir, const char *base, gboolean recurse);
/* Whether bz_out_open() and bz_outset_open() clean first (default TRUE). A batch worker turns it
 * off: its parent cleaned the whole output tree under the folder's lock, and a scan of the output
 * folder per document would make a batch of n files in one folder O(n^2). */
void bz_out_clean_on_open(gboolean on);
/* RFC 4180 CSV of one table. */
void bz_csv_table(GString *out, biao_table *t, const biao_export_options *o);
/* The project a 绩效 form is about (the value beside 项目名称), or NULL (records.c). */
const char *bz_records_project_name(const biao_doc *doc, biao_table *t);
/* One CSV field, quoted only when it must be. */
void bz_csv_field(GString *out, const char *s);
/* The long view of doc (export/long.c) as CSV (a header line first when `header`) or NDJSON. */
int bz_long_doc(GString *out, const biao_doc *doc, const biao_export_options *o, int ndjson, int header,
                bz_sink *sink);

#endif
