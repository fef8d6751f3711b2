/* batch.c — `biao batch`: options, the worker pool (fork per document, wall-time and memory
 * limits), the manifest and the --ndjson stream. Only this parent process writes the manifest and
 * the stream, one whole line per write(), so they stay valid whatever happens to a worker. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/rules.h"
#include "../export/export.h"
#include "../export/sqlite.h"
#include "batch.h"

static const char batch_help[] =
    "Usage: biao batch [OPTIONS] PATH...   (or '-' to read a list of paths from stdin)\n"
    "\n"
    "Extract the tables of many documents. Directories are walked recursively; every file is\n"
    "tried whatever its extension (the format is detected from content); hidden files are skipped.\n"
    "Each document runs in its own worker process with a time and a memory limit, so a file that\n"
    "crashes, hangs or blows up memory is recorded in the manifest and the batch goes on.\n"
    "\n"
    "  -j, --jobs N          N workers in parallel (default: number of cores)\n"
    "  -o, --output DIR      outputs and manifest go here (default: biao-out); an input\n"
    "                        a/b.pdf gives DIR/a/b.pdf.json, mirroring the input tree\n"
    "  -f, --format FMT      json (default), ndjson, csv (DIR/a/b.pdf-tNN.csv per table), xlsx,\n"
    "                        long (DIR/a/b.pdf.long.csv) or long-ndjson (docs/long.md)\n"
    "      --records         canonical records of the recognised forms (DIR/a/b.pdf.records.json)\n"
    "      --db FILE         also write every document into the SQLite database FILE\n"
    "                        (docs/sqlite.md): only this process writes it, one transaction\n"
    "                        per document, a document already there (same SHA-256) replaced\n"
    "      --ndjson FILE     also stream every table as NDJSON to FILE ('-' = stdout)\n"
    "      --resume          skip files the manifest already has as ok, skipped or error (same\n"
    "                        file, however its path is written, and same SHA-256); retry those\n"
    "                        that timed out, crashed, ran out of memory or could not be written\n"
    "                        (write-error)\n"
    "      --timeout SEC     kill a worker after SEC seconds of wall time (default 600)\n"
    "      --max-memory MB   memory limit of a worker (default 2048; 0 = none)\n"
    "      --quiet           no progress line\n"
    "      --progress        progress line on stderr even when it is not a terminal\n"
    "      --fill-merged, --compact: as in biao extract\n"
    "\n"
    "  biao batch --merge-manifests A.ndjson B.ndjson ...   merged manifest (one record per path,\n"
    "                                                       sorted) on stdout\n"
    "\n"
    "The manifest DIR/manifest.ndjson has one JSON object per document: path, sha256,\n"
    "status (ok|scanned|skipped|error|write-error|timeout|crash|oom), code, message, pages,\n"
    "tables, ms, output. 'scanned': a PDF of page images with no text layer (send it to OCR);\n"
    "'skipped': not a document (Markdown, JSON, HTML, XLSX, images...). It is appended to,\n"
    "never truncated. Only regular files are read: a FIFO, socket or device gets an error\n"
    "record. One batch at a time per DIR (it is locked).\n"
    "Exit status: 0 all ok (or scanned, skipped), 9 some files failed (see the manifest), 10\n"
    "another batch is writing to DIR, 130 interrupted (Ctrl-C: workers are stopped, the\n"
    "manifest stays valid; --resume continues).\n"
    "\n";

enum { OPT_NDJSON = 300, OPT_RESUME, OPT_TIMEOUT, OPT_MAXMEM, OPT_QUIET, OPT_PROGRESS, OPT_MERGE,
       OPT_FILL, OPT_COMPACT, OPT_HELP, OPT_RECORDS, OPT_DB };

static const struct option long_opts[] = {
    {"jobs", required_argument, NULL, 'j'},        {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, 'f'},      {"ndjson", required_argument, NULL, OPT_NDJSON},
    {"resume", no_argument, NULL, OPT_RESUME},     {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"max-memory", required_argument, NULL, OPT_MAXMEM}, {"quiet", no_argument, NULL, OPT_QUIET},
    {"progress", no_argument, NULL, OPT_PROGRESS}, {"merge-manifests", no_argument, NULL, OPT_MERGE},
    {"fill-merged", no_argument, NULL, OPT_FILL},  {"compact", no_argument, NULL, OPT_COMPACT},
    {"help", no_argument, NULL, OPT_HELP},         {"records", no_argument, NULL, OPT_RECORDS},
    {"db", required_argument, NULL, OPT_DB},       CLI_INPUT_LONG_OPTS,
    {NULL, 0, NULL, 0}};

enum { KILL_NONE = 0, KILL_TIMEOUT, KILL_MEMORY };

typedef struct job {
  pid_t pid;
  int fd;
  bb_input *in;
  gint64 start_us;
  GString *buf;    /* bytes received, not yet a whole frame */
  GString *ndjson; /* BB_MSG_NDJSON payload */
  bb_result res;
  int have_res;
  long pages_done; /* in flight, from BB_MSG_PROGRESS */
  int killed;
  long rss_mb;
} job;

typedef struct batch {
  bb_config cfg;
  int manifest_fd, ndjson_fd;
  gint64 last_sync_us;
  int output_failed;
  bb_progress prog;
  bz_db *db; /* --db: written by this process only */
} batch;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) {
  (void)sig;
  interrupted = 1;
}

static int write_whole(int fd, const char *data, size_t len) {
  while (len) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* ---- manifest ---- */

static void manifest_append(batch *b, const bb_record *r) {
  biao_error err;
  if (b->db && bz_db_put_manifest(b->db, r->path, r->sha256, r->status, r->message, (int)r->pages, (int)r->tables,
                                  r->ms, &err) != BIAO_OK && !b->output_failed) {
    cli_report(&err);
    b->output_failed = 1;
  }
  GString *line = g_string_new(NULL);
  bb_record_to_json(line, r);
  g_string_append_c(line, '\n');
  /* One write() per line on an O_APPEND descriptor: a reader never sees half a record. */
  if (write_whole(b->manifest_fd, line->str, line->len) != 0 && !b->output_failed) {
    cli_error(NULL, "cannot write the manifest: %s", g_strerror(errno));
    b->output_failed = 1;
  }
  g_string_free(line, TRUE);
  gint64 now = g_get_monotonic_time();
  if (now - b->last_sync_us > 1000000) { /* durable within a second, without an fsync per file */
    fdatasync(b->manifest_fd);
    b->last_sync_us = now;
  }
}

/* The manifest is never truncated: a batch appends to it (docs/batch.md, "Manifest"). Its lock
 * is the lock of the output folder: a second batch into the same folder would duplicate the work and
 * interleave its records, so it is refused (EXIT_BUSY). */
static int open_manifest(batch *b, const char *path) {
  b->manifest_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (b->manifest_fd < 0) {
    cli_error(path, "cannot open the manifest: %s", g_strerror(errno));
    return EXIT_OUTPUT;
  }
  if (flock(b->manifest_fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      cli_error(b->cfg.outdir,
                "another biao batch is writing to this folder; wait for it to end or choose another -o");
      return EXIT_BUSY;
    }
    /* a file system without locks: go on unprotected */
  }
  /* A torn last line (power cut) must not swallow the next record. */
  struct stat st;
  char last = '\n';
  int rfd = open(path, O_RDONLY | O_CLOEXEC);
  if (rfd >= 0 && fstat(rfd, &st) == 0 && st.st_size > 0 && pread(rfd, &last, 1, st.st_size - 1) == 1 &&
      last != '\n')
    write_whole(b->manifest_fd, "\n", 1);
  if (rfd >= 0) close(rfd);
  return EXIT_OK;
}

/* ---- resume ---- */

/* Final records by the real path of their file: a document given again another way (a folder walk,
 * then a list on stdin; a relative path, then an absolute one) is the same file, recognised with
 * its sha256; copies of one document at two paths stay two inputs. */
static GHashTable *done_by_realpath(GHashTable *done) {
  GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, done);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    bb_record *r = v;
    char *real = realpath(r->path, NULL);
    if (real) g_hash_table_insert(h, real, r);
  }
  return h;
}

static int already_done(const batch *b, GHashTable *done, GHashTable *by_real, const bb_input *in, int *was_error) {
  const bb_config *cfg = &b->cfg;
  bb_record *r = g_hash_table_lookup(done, in->path);
  if (!r) {
    char *real = realpath(in->path, NULL);
    if (real) r = g_hash_table_lookup(by_real, real);
    free(real);
  }
  if (!r || !r->sha256) return 0;
  char *sum = bb_file_sha256(in->path);
  if (!sum) return 0;
  int same = r && r->sha256 && !strcmp(r->sha256, sum);
  int ok = same && (!strcmp(r->status, "ok") || !strcmp(r->status, "scanned")); /* both wrote an output */
  if (same && !ok && strcmp(r->status, "error") && strcmp(r->status, "skipped")) same = 0; /* timeout, crash, oom */
  if (same && ok && cfg->fmt != BIAO_FORMAT_CSV && r->output) {
    char *out = g_build_filename(cfg->outdir, r->output, NULL);
    same = g_file_test(out, G_FILE_TEST_EXISTS); /* output deleted since: redo it */
    g_free(out);
  }
  if (same && ok && b->db && !bz_db_has_doc(b->db, sum)) same = 0; /* --db added since: put it in */
  g_free(sum);
  *was_error = same && !strcmp(r->status, "error");
  return same;
}

/* ---- workers ---- */

static int spawn(batch *b, job *j, bb_input *in) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    cli_error(NULL, "pipe: %s", g_strerror(errno));
    return -1;
  }
  fflush(NULL); /* or the worker's exit() would flush our buffers a second time */
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    cli_error(NULL, "fork: %s", g_strerror(errno));
    close(p[0]);
    close(p[1]);
    return -1;
  }
  if (pid == 0) {
    /* If the parent is killed outright (SIGKILL, OOM killer), its workers go with it. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    close(p[0]);
    close(b->manifest_fd); /* a misbehaving document must not reach the parent's outputs */
    if (b->ndjson_fd > STDERR_FILENO) close(b->ndjson_fd);
    bb_child_main(&b->cfg, in, p[1]);
  }
  close(p[1]);
  fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
  j->pid = pid;
  j->fd = p[0];
  j->in = in;
  j->start_us = g_get_monotonic_time();
  j->buf = g_string_new(NULL);
  j->ndjson = g_string_new(NULL);
  j->have_res = 0;
  j->pages_done = 0;
  j->killed = KILL_NONE;
  j->rss_mb = 0;
  return 0;
}

static long rss_mb(pid_t pid) {
  char path[64], buf[128];
  snprintf(path, sizeof path, "/proc/%ld/statm", (long)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  char *p = strchr(buf, ' ');
  if (!p) return 0;
  long pages = strtol(p + 1, NULL, 10);
  return (long)((double)pages * (double)sysconf(_SC_PAGESIZE) / (1 << 20));
}

/* Kill workers over their wall time, or over the memory limit in resident memory (the only limit
 * in sanitizer builds, a backstop to RLIMIT_AS otherwise). */
static void watchdog(batch *b, job *jobs, int n) {
  gint64 now = g_get_monotonic_time();
  for (int i = 0; i < n; i++) {
    job *j = &jobs[i];
    if (j->killed) continue;
    if (b->cfg.timeout_s > 0 && (now - j->start_us) / 1e6 > b->cfg.timeout_s) {
      j->killed = KILL_TIMEOUT;
      kill(j->pid, SIGKILL);
      continue;
    }
    long mb = rss_mb(j->pid);
    if (mb > j->rss_mb) j->rss_mb = mb;
    if (b->cfg.max_memory_mb > 0 && mb > b->cfg.max_memory_mb) {
      j->killed = KILL_MEMORY;
      kill(j->pid, SIGKILL);
    }
  }
}

/* A worker's one-document database (--db), and SQLite's journal files beside it. */
static void remove_part(const batch *b, pid_t pid) {
  if (!b->cfg.db) return;
  char *part = bb_part_db_path(&b->cfg, pid);
  static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
  for (guint i = 0; i < G_N_ELEMENTS(sfx); i++) {
    char *p = g_strconcat(part, sfx[i], NULL);
    unlink(p);
    g_free(p);
  }
  g_free(part);
}

/* Worker databases left by an earlier batch that was killed outright (its workers died with it):
 * FILE.part-PID whose PID is no longer running. A live batch's parts (same FILE, another -o) stay. */
static void remove_stale_parts(const batch *b) {
  char *dir = g_path_get_dirname(b->cfg.db), *base = g_path_get_basename(b->cfg.db);
  char *prefix = g_strconcat(base, ".part-", NULL);
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    if (!g_str_has_prefix(name, prefix)) continue;
    long pid = strtol(name + strlen(prefix), NULL, 10);
    if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
      char *path = g_build_filename(dir, name, NULL);
      unlink(path);
      g_free(path);
    }
  }
  if (d) g_dir_close(d);
  g_free(prefix);
  g_free(base);
  g_free(dir);
}

static void classify(batch *b, job *j, int status, bb_record *r, const bb_result **res) {
  const bb_config *cfg = &b->cfg;
  *res = NULL;
  if (j->killed == KILL_TIMEOUT) {
    r->status = g_strdup("timeout");
    r->message = g_strdup_printf("no result after %g s: worker killed (--timeout)", cfg->timeout_s);
  } else if (j->killed == KILL_MEMORY) {
    r->status = g_strdup("oom");
    r->message = g_strdup_printf("worker over the %ld MB memory limit: killed (--max-memory)", cfg->max_memory_mb);
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && j->have_res) {
    const bb_result *x = &j->res;
    *res = x;
    /* a scan read without error but gave nothing: a harvester routes it to OCR, not to review */
    gboolean scanned = x->code == BIAO_OK && x->tables == 0 && x->scanned_pages > 0;
    r->status = g_strdup(x->skipped                     ? "skipped"
                         : scanned                      ? "scanned"
                         : x->code == BIAO_OK           ? "ok"
                         : x->code == BIAO_ERR_NOMEM    ? "oom"
                         : x->output_failed             ? "write-error"
                                                        : "error");
    if (scanned) r->message = g_strdup(x->message);
    if (x->code != BIAO_OK) {
      r->code = g_strdup(biao_code_name(x->code));
      r->message = g_strdup(x->message);
    }
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == BB_EXIT_OOM) {
    r->status = g_strdup("oom");
    r->message = g_strdup_printf("out of memory (limit %ld MB, --max-memory)", cfg->max_memory_mb);
  } else if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    /* SIGKILL we did not send: the kernel's OOM killer. */
    r->status = g_strdup(sig == SIGKILL ? "oom" : "crash");
    r->message = g_strdup_printf("worker killed by signal %d (%s)", sig, strsignal(sig));
  } else {
    r->status = g_strdup("crash");
    r->message = g_strdup_printf("worker exited with status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
}

/* The worker's pipe is closed: collect its exit status and record the document. */
static void reap(batch *b, job *j) {
  int status = 0;
  struct rusage ru;
  while (wait4(j->pid, &status, 0, &ru) < 0 && errno == EINTR) {
  }
  close(j->fd);
  bb_record r = {0};
  r.path = j->in->path;
  r.pages = r.tables = -1;
  r.ms = (long)((g_get_monotonic_time() - j->start_us) / 1000);
  const bb_result *res;
  classify(b, j, status, &r, &res);
  if (res && res->sha256[0]) r.sha256 = g_strdup(res->sha256);
  else r.sha256 = bb_file_sha256(j->in->path); /* the worker died before telling */
  int ok = res && res->code == BIAO_OK;
  if (ok && b->db) { /* the document goes in before its manifest record: a record means it is in */
    char *part = bb_part_db_path(&b->cfg, j->pid);
    biao_error err;
    if (bz_db_merge(b->db, part, &err) != BIAO_OK) {
      cli_report(&err);
      b->output_failed = 1;
    }
    g_free(part);
  }
  remove_part(b, j->pid);
  if (ok) {
    r.pages = res->pages;
    r.tables = res->tables;
    char *out = bb_output_path(&b->cfg, j->in);
    r.output = g_strdup(out + strlen(b->cfg.outdir) + 1);
    g_free(out);
    b->prog.pages += res->pages > 0 ? res->pages : 0;
  } else if (!(res && res->skipped)) {
    b->prog.failed++;
  }
  if (ok && b->ndjson_fd >= 0 && j->ndjson->len && write_whole(b->ndjson_fd, j->ndjson->str, j->ndjson->len) != 0 &&
      !b->output_failed) {
    cli_error(b->cfg.ndjson, "cannot write NDJSON: %s", g_strerror(errno));
    b->output_failed = 1;
  }
  manifest_append(b, &r);
  r.path = NULL; /* borrowed */
  g_free(r.status);
  g_free(r.code);
  g_free(r.message);
  g_free(r.output);
  g_free(r.sha256);
  g_string_free(j->buf, TRUE);
  g_string_free(j->ndjson, TRUE);
  b->prog.done++;
}

/* Take the whole frames out of j->buf. */
static void parse_frames(job *j) {
  gsize off = 0;
  while (j->buf->len - off >= sizeof(bb_frame)) {
    bb_frame f;
    memcpy(&f, j->buf->str + off, sizeof f);
    if (j->buf->len - off - sizeof f < f.len) break;
    const char *payload = j->buf->str + off + sizeof f;
    if (f.type == BB_MSG_PROGRESS && f.len == 2 * sizeof(long)) memcpy(&j->pages_done, payload, sizeof(long));
    else if (f.type == BB_MSG_RESULT && f.len == sizeof(bb_result)) {
      memcpy(&j->res, payload, sizeof j->res);
      j->res.sha256[sizeof j->res.sha256 - 1] = j->res.message[sizeof j->res.message - 1] = '\0';
      j->have_res = 1;
    } else if (f.type == BB_MSG_NDJSON) g_string_append_len(j->ndjson, payload, f.len);
    off += sizeof f + f.len;
  }
  g_string_erase(j->buf, 0, (gssize)off);
}

/* Read what is available; returns 1 when the worker closed its pipe. */
static int drain(job *j) {
  char chunk[65536];
  for (;;) {
    ssize_t n = read(j->fd, chunk, sizeof chunk);
    if (n > 0) {
      g_string_append_len(j->buf, chunk, n);
      parse_frames(j);
      continue;
    }
    if (n == 0) return 1;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : 1;
  }
}

/* Only regular files are read: a FIFO, socket or device named on the command line or in the stdin
 * list gets its manifest record here, and no worker (reading it could block forever, and its
 * sha256 could not be taken). stat() itself never blocks. */
static int refuse_special(batch *b, bb_input *in) {
  struct stat st;
  if (stat(in->path, &st) != 0 || S_ISREG(st.st_mode)) return 0;
  bb_record r = {0};
  r.path = in->path;
  r.pages = r.tables = r.ms = -1;
  r.status = "error";
  r.code = (char *)biao_code_name(BIAO_ERR_IO);
  r.message =
      g_strdup_printf("not a regular file (%s): only regular files are read", bb_file_kind(st.st_mode));
  manifest_append(b, &r);
  g_free(r.message);
  b->prog.failed++;
  b->prog.done++;
  return 1;
}

static void stop_all(batch *b, job *jobs, int n) {
  for (int i = 0; i < n; i++) kill(jobs[i].pid, SIGKILL);
  for (int i = 0; i < n; i++) {
    while (waitpid(jobs[i].pid, NULL, 0) < 0 && errno == EINTR) {
    }
    remove_part(b, jobs[i].pid);
    close(jobs[i].fd);
    g_string_free(jobs[i].buf, TRUE);
    g_string_free(jobs[i].ndjson, TRUE);
  }
}

static int run_pool(batch *b, GPtrArray *todo) {
  int max = b->cfg.jobs, running = 0;
  job *jobs = g_new0(job, max);
  struct pollfd *pfd = g_new0(struct pollfd, max);
  guint next = 0;
  int rc = 0;
  while ((next < todo->len || running > 0) && !interrupted && !b->output_failed) {
    while (running < max && next < todo->len && !interrupted) {
      if (refuse_special(b, g_ptr_array_index(todo, next))) {
        next++;
        continue;
      }
      if (spawn(b, &jobs[running], g_ptr_array_index(todo, next)) != 0) {
        rc = -1;
        break;
      }
      running++;
      next++;
    }
    if (rc) break;
    for (int i = 0; i < running; i++) pfd[i] = (struct pollfd){.fd = jobs[i].fd, .events = POLLIN};
    int n = poll(pfd, (nfds_t)running, 50);
    if (n < 0 && errno != EINTR) break;
    for (int i = running - 1; i >= 0; i--) {
      if (n <= 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (!drain(&jobs[i])) continue;
      reap(b, &jobs[i]);
      jobs[i] = jobs[--running]; /* pfd is rebuilt before the next poll */
    }
    watchdog(b, jobs, running);
    b->prog.pages_running = 0;
    for (int i = 0; i < running; i++) b->prog.pages_running += jobs[i].pages_done;
    bb_progress_draw(&b->prog, 0);
  }
  stop_all(b, jobs, running); /* interrupted: unfinished documents get no record; --resume redoes them */
  g_free(jobs);
  g_free(pfd);
  return rc;
}

/* ---- options ---- */

static int parse_args(int argc, char **argv, bb_config *cfg, int *merge) {
  long v;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "j:o:f:h", long_opts, NULL)) != -1) {
    int in = cli_input_option(c, optarg, &cfg->opt);
    if (in < 0) return -1;
    if (in > 0) continue;
    switch (c) {
    case 'j':
      if (cli_parse_long(optarg, 1, 256, &v)) return cli_error(NULL, "-j takes a number of workers from 1 to 256"), -1;
      cfg->jobs = (int)v;
      break;
    case 'o': cfg->outdir = optarg; break;
    case 'f':
      if (cli_parse_format(optarg, 1, &cfg->fmt)) return -1;
      if (cfg->fmt == BIAO_FORMAT_SQLITE) return cli_error(NULL, "batch writes SQLite with --db FILE"), -1;
      break;
    case OPT_RECORDS: cfg->records = 1; break;
    case OPT_DB: cfg->db = optarg; break;
    case OPT_NDJSON: cfg->ndjson = optarg; break;
    case OPT_RESUME: cfg->resume = 1; break;
    case OPT_TIMEOUT: {
      char *end = NULL;
      cfg->timeout_s = g_ascii_strtod(optarg, &end);
      if (!*optarg || *end || cfg->timeout_s < 0) return cli_error(NULL, "--timeout takes seconds (0 = none)"), -1;
      break;
    }
    case OPT_MAXMEM:
      if (cli_parse_long(optarg, 0, 1L << 30, &v)) return cli_error(NULL, "--max-memory takes megabytes (0 = none)"), -1;
      cfg->max_memory_mb = v;
      break;
    case OPT_QUIET: cfg->progress = 0; break;
    case OPT_PROGRESS: cfg->progress = 1; break;
    case OPT_MERGE: *merge = 1; break;
    case OPT_FILL: cfg->eo.fill_merged = 1; break;
    case OPT_COMPACT: cfg->eo.pretty = 0; break;
    case 'h':
    case OPT_HELP:
      fputs(batch_help, stdout);
      fputs(cli_input_options_help, stdout);
      fputs("\n", stdout);
      fputs(cli_exit_codes_help(), stdout);
      return 1;
    default: cli_error(NULL, "try 'biao batch --help'"); return -1;
    }
  }
  return 0;
}

static void config_defaults(bb_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  cfg->jobs = cores > 0 ? (int)MIN(cores, 256) : 1;
  cfg->outdir = "biao-out";
  cfg->fmt = BIAO_FORMAT_JSON;
  cfg->timeout_s = 600;
  cfg->max_memory_mb = 2048;
  cfg->progress = isatty(STDERR_FILENO);
  biao_options_init(&cfg->opt);
  biao_export_options_init(&cfg->eo);
}

static void install_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns at once */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
}

/* Files still to do after --resume; counts the skipped ones (and those skipped as errors). */
static GPtrArray *filter_resume(batch *b, GPtrArray *inputs, const char *manifest, long *skipped_errors) {
  GPtrArray *todo = g_ptr_array_new();
  GHashTable *done = NULL, *by_real = NULL;
  if (b->cfg.resume) {
    const char *files[] = {manifest};
    done = bb_manifest_load(files, 1, NULL);
    by_real = done_by_realpath(done);
  }
  for (guint i = 0; i < inputs->len; i++) {
    bb_input *in = g_ptr_array_index(inputs, i);
    int was_error = 0;
    if (done && already_done(b, done, by_real, in, &was_error)) {
      b->prog.skipped++;
      b->prog.done++;
      *skipped_errors += was_error;
    } else {
      g_ptr_array_add(todo, in);
    }
  }
  if (by_real) g_hash_table_destroy(by_real);
  if (done) g_hash_table_destroy(done);
  return todo;
}

int cmd_batch(int argc, char **argv) {
  batch b;
  memset(&b, 0, sizeof b);
  b.ndjson_fd = -1;
  b.manifest_fd = -1;
  config_defaults(&b.cfg);
  int merge = 0;
  int pr = parse_args(argc, argv, &b.cfg, &merge);
  if (pr) return pr > 0 ? EXIT_OK : EXIT_USAGE;
  if (merge) return bb_merge_manifests(argv + optind, argc - optind);
  if (b.cfg.records && b.cfg.fmt != BIAO_FORMAT_JSON && b.cfg.fmt != BIAO_FORMAT_NDJSON) {
    cli_error(NULL, "--records writes JSON or NDJSON");
    return EXIT_USAGE;
  }
  if (optind >= argc) {
    cli_error(NULL, "no input PATH (a file, a directory, or '-' for a list on stdin)");
    return EXIT_USAGE;
  }
  /* Load the rules once here: a bad --rules folder fails the batch at once rather than every
   * document, and the workers inherit the compiled set instead of each compiling it again. */
  const bz_rules *rules = NULL;
  biao_error rerr;
  if (bz_rules_get(&rules, b.cfg.opt.rules_dir, &rerr) != BIAO_OK) {
    cli_report(&rerr);
    return cli_exit_code(rerr.code);
  }
  if (g_mkdir_with_parents(b.cfg.outdir, 0777) != 0) {
    cli_error(b.cfg.outdir, "cannot create the output directory: %s", g_strerror(errno));
    return EXIT_OUTPUT;
  }
  GPtrArray *inputs = bb_collect_inputs(argv + optind, argc - optind, b.cfg.outdir);
  if (!inputs) return EXIT_INPUT;
  char *manifest = g_build_filename(b.cfg.outdir, "manifest.ndjson", NULL);
  int rc = EXIT_OK;
  long skipped_errors = 0;
  GPtrArray *todo = NULL;
  if ((rc = open_manifest(&b, manifest)) != EXIT_OK) goto cleanup;
  /* temporary files and CSV folders of workers killed in an earlier run (nobody else writes here
   * now: we hold the folder's lock; a live writer's files are locked and stay) */
  bz_clean_stale(b.cfg.outdir, NULL, TRUE);
  if (b.cfg.db) {
    biao_error err;
    if (bz_db_open(&b.db, b.cfg.db, &err) != BIAO_OK) {
      cli_report(&err);
      rc = EXIT_OUTPUT;
      goto cleanup;
    }    remove_stale_parts(&b);
  }
  if (b.cfg.ndjson) {
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (b.cfg.resume ? O_APPEND : O_TRUNC);
    b.ndjson_fd = !strcmp(b.cfg.ndjson, "-") ? STDOUT_FILENO : open(b.cfg.ndjson, flags, 0666);
    if (b.ndjson_fd < 0) {
      cli_error(b.cfg.ndjson, "cannot open: %s", g_strerror(errno));
      rc = EXIT_OUTPUT;
      goto cleanup;
    }
  }
  b.prog.enabled = b.cfg.progress;
  b.prog.total = inputs->len;
  b.prog.start_us = g_get_monotonic_time();
  todo = filter_resume(&b, inputs, manifest, &skipped_errors);
  install_signals();
  if (run_pool(&b, todo) != 0) rc = EXIT_INTERNAL;
  fdatasync(b.manifest_fd);
  bb_progress_end(&b.prog);
  if (interrupted) rc = EXIT_INTERRUPTED;
  else if (b.output_failed) rc = EXIT_OUTPUT;
  else if (rc == EXIT_OK && (b.prog.failed || skipped_errors)) rc = EXIT_PARTIAL;
cleanup:
  if (b.db) {
    biao_error err;
    if (bz_db_close(b.db, &err) != BIAO_OK) {
      cli_report(&err);
      rc = EXIT_OUTPUT;
    }
  }
  if (b.manifest_fd >= 0) close(b.manifest_fd);
  if (b.ndjson_fd > STDOUT_FILENO) close(b.ndjson_fd);
  if (todo) g_ptr_array_free(todo, TRUE);
  bb_inputs_free(inputs);
  g_free(manifest);
  return rc;
}
