/* batch_child.c — the worker side of `biao batch`: one document per forked process. Whatever the
 * document does to this process (crash, hang, memory blow-up) the parent sees it from outside and
 * records it; the worker itself only reports what the library returned. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../export/export.h"
#include "batch.h"

/* ASan/UBSan reserve terabytes of address space for shadow memory, so RLIMIT_AS cannot be used in
 * sanitizer builds; there the parent's resident-memory watchdog is the only memory limit. */
#if defined(__SANITIZE_ADDRESS__)
#define BB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BB_SANITIZED 1
#endif
#endif

char *bb_output_path(const bb_config *cfg, const bb_input *in) {
  const char *ext = "";
  switch (cfg->fmt) {
  case BIAO_FORMAT_JSON: ext = cfg->records ? ".records.json" : ".json"; break;
  case BIAO_FORMAT_NDJSON: ext = cfg->records ? ".records.ndjson" : ".ndjson"; break;
  case BIAO_FORMAT_XLSX: ext = ".xlsx"; break;
  case BIAO_FORMAT_LONG_CSV: ext = ".long.csv"; break;
  case BIAO_FORMAT_LONG_NDJSON: ext = ".long.ndjson"; break;
  default: break; /* CSV: the stem of OUTDIR/REL-tNN.csv */
  }
  return g_strdup_printf("%s/%s%s", cfg->outdir, in->rel, ext);
}

char *bb_part_db_path(const bb_config *cfg, pid_t worker) {
  return g_strdup_printf("%s.part-%ld", cfg->db, (long)worker);
}

/* A name that says "document" (.pdf, .docx, .doc, .txt): a file so named that biao cannot read is
 * an error to look at (a PNG saved as .pdf, a legacy .doc), not a file to pass over. */
static int claims_document(const char *path) {
  static const char *const exts[] = {".pdf", ".docx", ".doc", ".txt"};
  char *lower = g_ascii_strdown(path, -1);
  int hit = 0;
  for (guint k = 0; k < G_N_ELEMENTS(exts) && !hit; k++) hit = g_str_has_suffix(lower, exts[k]);
  g_free(lower);
  return hit;
}

/* Files that are data or markup, not reports: read as text they give no table, and they are
 * recorded as "skipped" rather than "ok with 0 tables". By content (JSON, HTML/XML) or by the
 * name of a file the text reader found nothing in (Markdown, CSV, YAML). */
static const char *not_a_document(const char *path, const char *data, size_t len) {
  size_t i = 0;
  if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) i = 3;
  while (i < len && g_ascii_isspace(data[i])) i++;
  if (i < len && (data[i] == '{' || data[i] == '[')) return "JSON data";
  if (i < len && data[i] == '<') return "HTML/XML markup";
  static const char *const exts[][2] = {{".md", "Markdown"},  {".markdown", "Markdown"}, {".json", "JSON data"},
                                        {".ndjson", "JSON data"}, {".html", "HTML"},       {".htm", "HTML"},
                                        {".xml", "XML"},          {".csv", "CSV data"},    {".yml", "YAML"},
                                        {".yaml", "YAML"}};
  char *lower = g_ascii_strdown(path, -1);
  const char *what = NULL;
  for (guint k = 0; k < G_N_ELEMENTS(exts) && !what; k++)
    if (g_str_has_suffix(lower, exts[k][0])) what = exts[k][1];
  g_free(lower);
  return what;
}

GMappedFile *bb_map_regular(const char *path, char **why) {
  /* O_NONBLOCK: opening a FIFO without a writer would block, and so would the batch */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    if (why) *why = g_strdup(errno == ENOENT ? "no such file" : g_strerror(errno));
    if (fd >= 0) close(fd);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    if (why)
      *why =
          g_strdup_printf("not a regular file (%s): only regular files are read", bb_file_kind(st.st_mode));
    close(fd);
    return NULL;
  }
  GError *gerr = NULL;
  GMappedFile *m = g_mapped_file_new_from_fd(fd, FALSE, &gerr);
  if (!m && why) *why = g_strdup(gerr->message);
  if (gerr) g_error_free(gerr);
  close(fd);
  return m;
}

const char *bb_file_kind(mode_t mode) {
  return S_ISFIFO(mode)   ? "FIFO"
         : S_ISSOCK(mode) ? "socket"
         : S_ISCHR(mode)  ? "character device"
         : S_ISBLK(mode)  ? "block device"
         : S_ISDIR(mode)  ? "directory"
         : S_ISREG(mode)  ? "file"
                          : "special file";
}

char *bb_file_sha256(const char *path) {
  GMappedFile *m = bb_map_regular(path, NULL);
  if (!m) return NULL;
  char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)g_mapped_file_get_contents(m),
                                          g_mapped_file_get_length(m));
  g_mapped_file_unref(m);
  return sum;
}

/* GLib aborts when an allocation fails (g_malloc); it logs first, which lets the worker exit
 * with a status the parent reads as "oom" rather than "crash". */
static void log_handler(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer user) {
  (void)user;
  if (msg && strstr(msg, "failed to allocate")) _exit(BB_EXIT_OOM);
  g_log_default_handler(domain, level, msg, NULL);
}

static void apply_limits(const bb_config *cfg) {
  struct rlimit core = {0, 0};
  setrlimit(RLIMIT_CORE, &core); /* a crashing hostile file should not fill the disk with cores */
#ifndef BB_SANITIZED
  if (cfg->max_memory_mb > 0) {
    rlim_t bytes = (rlim_t)cfg->max_memory_mb << 20;
    struct rlimit as = {bytes, bytes};
    setrlimit(RLIMIT_AS, &as);
  }
#else
  (void)cfg;
#endif
}

static int env_matches(const char *var, const char *path) {
  const char *s = getenv(var);
  return s && *s && strstr(path, s);
}

/* Test-only hooks (documented in docs/batch.md): they make the worker misbehave on chosen files
 * so the tests can prove that a crash, a hang and a memory blow-up are isolated. */
static void test_hooks(const char *path) {
  if (env_matches("BIAO_TEST_CRASH_ON", path)) abort();
  if (env_matches("BIAO_TEST_HANG_ON", path))
    for (;;) pause();
  if (env_matches("BIAO_TEST_HOG_ON", path)) {
    GSList *keep = NULL;
    for (;;) {
      char *block = g_malloc(16u << 20);
      memset(block, 1, 16u << 20);
      keep = g_slist_prepend(keep, block);
      g_usleep(10000);
    }
  }
}

static void send_raw(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3); /* parent gone */
    p += n;
    len -= (size_t)n;
  }
}

static void send_msg(int fd, unsigned type, const void *data, size_t len) {
  bb_frame f = {type, (unsigned)len};
  send_raw(fd, &f, sizeof f);
  send_raw(fd, data, len);
}

/* The library's progress callback: forwarded to the parent, which draws the progress line. */
static int on_progress(void *user, const char *what, long done, long total) {
  if (what && !strcmp(what, "pages")) {
    long v[2] = {done, total};
    send_msg(*(int *)user, BB_MSG_PROGRESS, v, sizeof v);
  }
  return 0;
}

/* All the CSVs of the document or none (see bz_outset). */
static int write_csvs(const bb_config *cfg, biao_doc *doc, const char *stem, biao_error *err) {
  char *dir = g_path_get_dirname(stem), *base = g_path_get_basename(stem);
  bz_outset set;
  int rc = bz_outset_open(&set, dir, base, err);
  for (size_t i = 0; rc == BIAO_OK && i < biao_doc_table_count(doc); i++) {
    biao_export_options one = cfg->eo;
    one.table = biao_table_index(biao_doc_table(doc, i));
    char *file = g_strdup_printf("%s-t%02d.csv", base, one.table);
    char *name = bz_outset_add(&set, file);
    rc = biao_export_file(doc, BIAO_FORMAT_CSV, &one, name, err);
    g_free(name);
    g_free(file);
  }
  if (set.stage) rc = rc == BIAO_OK ? bz_outset_commit(&set, err) : (bz_outset_abort(&set), rc);
  g_free(dir);
  g_free(base);
  return rc;
}

static int write_records(const bb_config *cfg, biao_doc *doc, const char *out, biao_error *err) {
  char *buf = NULL;
  size_t len = 0;
  int rc = biao_export_records(doc, cfg->fmt == BIAO_FORMAT_NDJSON ? 0 : cfg->eo.pretty, &buf, &len, err);
  if (rc == BIAO_OK) rc = biao_write_file(out, buf, len, err);
  biao_free(buf);
  return rc;
}

static int write_output(const bb_config *cfg, const bb_input *in, biao_doc *doc, biao_error *err) {
  char *out = bb_output_path(cfg, in);
  char *dir = g_path_get_dirname(out);
  int rc = BIAO_OK;
  if (g_mkdir_with_parents(dir, 0777) != 0)
    rc = biao_write_file(out, "", 0, err); /* reports the reason with the output path */
  else if (cfg->fmt == BIAO_FORMAT_CSV) rc = write_csvs(cfg, doc, out, err);
  else if (cfg->records) rc = write_records(cfg, doc, out, err);
  else rc = biao_export_file(doc, cfg->fmt, &cfg->eo, out, err);
  if (rc == BIAO_OK && cfg->db) { /* this document's own database; the parent merges it */
    char *part = bb_part_db_path(cfg, getpid());
    unlink(part);
    rc = biao_export_file(doc, BIAO_FORMAT_SQLITE, &cfg->eo, part, err);
    g_free(part);
  }
  g_free(dir);
  g_free(out);
  return rc;
}

static int process(const bb_config *cfg, const bb_input *in, bb_result *res, GString *ndjson, int wfd) {
  biao_error err;
  memset(&err, 0, sizeof err);
  char *why = NULL;
  GMappedFile *m = bb_map_regular(in->path, &why);
  if (!m) {
    g_strlcpy(res->message, why, sizeof res->message);
    g_free(why);
    return BIAO_ERR_IO;
  }
  const char *data = g_mapped_file_get_contents(m);
  size_t len = g_mapped_file_get_length(m);
  char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)(data ? data : ""), len);
  g_strlcpy(res->sha256, sum, sizeof res->sha256);
  g_free(sum);
  biao_doc *doc = NULL;
  biao_options opt = cfg->opt;
  opt.progress = on_progress;
  opt.progress_user = &wfd;
  int rc = biao_doc_open_memory(&doc, data ? data : "", len, in->path, &opt, &err);
  const char *what = NULL;
  if (rc == BIAO_ERR_FORMAT && !claims_document(in->path)) { /* XLSX, PNG...: not for biao */
    res->skipped = 1;
  } else if (rc == BIAO_OK && !strcmp(biao_doc_format(doc), "text") && biao_doc_table_count(doc) == 0 &&
             (what = not_a_document(in->path, data ? data : "", len))) {
    res->skipped = 1;
    rc = BIAO_ERR_FORMAT;
    g_snprintf(err.message, sizeof err.message, "not a document (%s)", what);
  } else if (rc == BIAO_OK) {
    res->pages = biao_doc_pages(doc);
    res->tables = (long)biao_doc_table_count(doc);
    const char *scans = NULL;
    res->scanned_pages = biao_doc_scanned_pages(doc, &scans);
    if (res->scanned_pages)
      snprintf(res->message, sizeof res->message, "%s %s without a text layer (scanned)",
               res->scanned_pages > 1 ? "pages" : "page", scans);
    rc = write_output(cfg, in, doc, &err);
    res->output_failed = rc != BIAO_OK; /* disk full, read-only folder: --resume tries again */
  }
  if (rc == BIAO_OK && cfg->ndjson) {
    char *buf = NULL;
    size_t blen = 0;
    rc = biao_export(doc, BIAO_FORMAT_NDJSON, &cfg->eo, &buf, &blen, &err);
    if (rc == BIAO_OK) g_string_append_len(ndjson, buf, (gssize)blen);
    biao_free(buf);
  }
  if (rc != BIAO_OK) g_strlcpy(res->message, err.message[0] ? err.message : biao_code_name(rc), sizeof res->message);
  biao_doc_free(doc);
  g_mapped_file_unref(m);
  return rc;
}

void bb_child_main(const bb_config *cfg, const bb_input *in, int wfd) {
  signal(SIGINT, SIG_IGN); /* Ctrl-C goes to the parent, which stops the workers itself */
  signal(SIGTERM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  apply_limits(cfg);
  bz_out_clean_on_open(FALSE); /* the parent cleaned OUTDIR's leftovers under the folder's lock */
  g_log_set_default_handler(log_handler, NULL);
  test_hooks(in->path);

  bb_result res;
  memset(&res, 0, sizeof res);
  res.pages = -1;
  GString *ndjson = g_string_new(NULL);
  res.code = process(cfg, in, &res, ndjson, wfd);
  if (ndjson->len) send_msg(wfd, BB_MSG_NDJSON, ndjson->str, ndjson->len);
  send_msg(wfd, BB_MSG_RESULT, &res, sizeof res);
  g_string_free(ndjson, TRUE);
  close(wfd);
  /* exit(), not _exit(): in sanitizer builds LeakSanitizer then checks the worker too. */
  exit(0);
}
