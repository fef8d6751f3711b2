/* output.c — atomic file output. A file is written to a hidden temporary name beside it and renamed
 * over it; a set of files (CSV, one per table) is written into a hidden temporary folder and moved
 * into place only when every file is complete. Temporary files and folders are named
 * ".NAME.biao-tmp-XXXXXX" and hold an exclusive flock() while their writer lives, so a later
 * writer to the same place can tell the leftovers of a killed process (no lock) from the work of a
 * running one (locked), and removes only the former. Outputs get the mode open(…, 0666) gives
 * under the umask; a replaced file keeps its mode. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/error.h"
#include "export.h"

#define TMP_TAG ".biao-tmp-"
#define TMP_RAND 6 /* the XXXXXX of the templates */

/* "DIR/.BASE.biao-tmp-XXXXXX" for path DIR/BASE. */
static char *tmp_template(const char *path) {
  char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
  char *t = g_strdup_printf("%s/.%s" TMP_TAG "XXXXXX", dir, base);
  g_free(dir);
  g_free(base);
  return t;
}

gboolean bz_is_tmp_name(const char *name, const char *base) {
  const char *tag = strstr(name, TMP_TAG);
  if (name[0] != '.' || !tag || strlen(tag) != strlen(TMP_TAG) + TMP_RAND) return FALSE;
  if (!base) return TRUE;
  gsize n = strlen(base);
  return (gsize)(tag - name) == n + 1 && !strncmp(name + 1, base, n);
}

/* Remove a temporary file or folder whose writer is gone (its flock can be taken). */
static void remove_if_unlocked(const char *path) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st;
  if (fstat(fd, &st) == 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) {
    if (S_ISDIR(st.st_mode)) {
      GDir *d = g_dir_open(path, 0, NULL); /* a staging folder holds plain files only */
      for (const char *n; d && (n = g_dir_read_name(d));) {
        char *f = g_build_filename(path, n, NULL);
        unlink(f);
        g_free(f);
      }
      if (d) g_dir_close(d);
      rmdir(path);
    } else if (S_ISREG(st.st_mode)) {
      unlink(path);
    }
  }
  close(fd);
}

void bz_clean_stale(const char *dir, const char *base, gboolean recurse) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return;
  for (const char *n; (n = g_dir_read_name(d));) {
    char *p = g_build_filename(dir, n, NULL);
    if (bz_is_tmp_name(n, base))
      remove_if_unlocked(p);
    else if (recurse && n[0] != '.' && g_file_test(p, G_FILE_TEST_IS_DIR) &&
             !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
      bz_clean_stale(p, base, TRUE);
    g_free(p);
  }
  g_dir_close(d);
}

/* The mode a new file gets from open(…, 0666) under the umask, or the mode of the file it replaces. */
static void give_mode(int fd, const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) fchmod(fd, st.st_mode & 07777);
}

static gboolean clean_on_open = TRUE;

void bz_out_clean_on_open(gboolean on) { clean_on_open = on; }

int bz_out_open(bz_out *out, const char *path, biao_error *err) {
  memset(out, 0, sizeof *out);
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    /* a FIFO or a device (-o /dev/stdout): written in place; renaming a file over it would
     * replace the device node itself */
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 || !(out->f = fdopen(fd, "wb"))) {
      int rc = bz_fail(err, BIAO_ERR_IO, path, "cannot open output: %s", g_strerror(errno));
      if (fd >= 0) close(fd);
      return rc;
    }
    out->path = g_strdup(path);
    return BIAO_OK;
  }
  if (clean_on_open) {
    char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    bz_clean_stale(dir, base, FALSE);
    g_free(dir);
    g_free(base);
  }
  out->tmp = tmp_template(path);
  int fd = g_mkstemp_full(out->tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd >= 0) {
    flock(fd, LOCK_EX); /* a new file: never contended */
    give_mode(fd, path);
  }
  if (fd < 0 || !(out->f = fdopen(fd, "wb"))) {
    int rc = bz_fail(err, BIAO_ERR_IO, path, "cannot create output: %s", g_strerror(errno));
    if (fd >= 0) {
      close(fd);
      unlink(out->tmp);
    }
    g_clear_pointer(&out->tmp, g_free);
    return rc;
  }
  out->path = g_strdup(path);
  return BIAO_OK;
}

void bz_out_abort(bz_out *out) {
  if (out->tmp) unlink(out->tmp); /* before fclose: the lock keeps a cleaner off until it is gone */
  if (out->f) fclose(out->f);
  g_free(out->tmp);
  g_free(out->path);
  memset(out, 0, sizeof *out);
}

int bz_out_commit(bz_out *out, biao_error *err) {
  int rc = BIAO_OK;
  if (fflush(out->f) != 0 || ferror(out->f))
    rc = bz_fail(err, BIAO_ERR_IO, out->path, "write failed: %s", g_strerror(errno));
  /* rename while the lock is held, so that no cleaner can take the finished file for a leftover */
  if (rc == BIAO_OK && out->tmp && rename(out->tmp, out->path) != 0)
    rc = bz_fail(err, BIAO_ERR_IO, out->path, "cannot write output: %s", g_strerror(errno));
  if (rc == BIAO_OK) g_clear_pointer(&out->tmp, g_free); /* renamed: nothing to remove */
  bz_out_abort(out);
  return rc;
}

/* ---- sets of files ---- */

int bz_outset_open(bz_outset *set, const char *dir, const char *stem, biao_error *err) {
  memset(set, 0, sizeof *set);
  set->fd = -1;
  if (clean_on_open) bz_clean_stale(dir, stem, FALSE);
  char *name = g_build_filename(dir, stem, NULL);
  set->stage = tmp_template(name);
  g_free(name);
  if (!g_mkdtemp_full(set->stage, 0777) ||
      (set->fd = open(set->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
    int rc = bz_fail(err, BIAO_ERR_IO, dir, "cannot create output: %s", g_strerror(errno));
    if (set->fd < 0 && g_file_test(set->stage, G_FILE_TEST_IS_DIR)) rmdir(set->stage);
    g_clear_pointer(&set->stage, g_free);
    return rc;
  }
  flock(set->fd, LOCK_EX);
  set->dir = g_strdup(dir);
  set->names = g_ptr_array_new_with_free_func(g_free);
  return BIAO_OK;
}

char *bz_outset_add(bz_outset *set, const char *name) {
  g_ptr_array_add(set->names, g_strdup(name));
  return g_build_filename(set->stage, name, NULL);
}

void bz_outset_abort(bz_outset *set) {
  if (set->stage) {
    for (guint i = 0; i < set->names->len; i++) {
      char *f = g_build_filename(set->stage, g_ptr_array_index(set->names, i), NULL);
      unlink(f);
      g_free(f);
    }
    rmdir(set->stage);
  }
  if (set->fd >= 0) close(set->fd);
  if (set->names) g_ptr_array_free(set->names, TRUE);
  g_free(set->stage);
  g_free(set->dir);
  memset(set, 0, sizeof *set);
  set->fd = -1;
}

int bz_outset_commit(bz_outset *set, biao_error *err) {
  int rc = BIAO_OK;
  /* Every file is complete in the staging folder: moving them is renames only, which need no space. */
  for (guint i = 0; i < set->names->len && rc == BIAO_OK; i++) {
    const char *n = g_ptr_array_index(set->names, i);
    char *from = g_build_filename(set->stage, n, NULL), *to = g_build_filename(set->dir, n, NULL);
    struct stat st;
    if (stat(to, &st) == 0 && S_ISREG(st.st_mode)) chmod(from, st.st_mode & 07777);
    if (rename(from, to) != 0)
      rc = bz_fail(err, BIAO_ERR_IO, to, "cannot write output: %s", g_strerror(errno));
    g_free(from);
    g_free(to);
  }
  bz_outset_abort(set);
  return rc;
}
