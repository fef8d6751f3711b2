/* batch_walk.c — the list of documents of a batch: files given directly, directories walked
 * recursively (every file whatever its extension: the format is detected from content), or paths
 * read from stdin. Hidden entries (".name") are skipped, and so is the output folder when it lies
 * inside an input folder, so a second run does not read its own outputs. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"

typedef struct walk {
  GPtrArray *inputs;
  GHashTable *seen_paths; /* path strings already queued */
  GHashTable *seen_dirs;  /* "dev:ino" of directories entered (symlink loops) */
  dev_t out_dev;
  ino_t out_ino;
  int has_out;
  int failed;
} walk;

/* Relative output name of a file given directly: its path without leading "/" or "./", and ".."
 * components renamed so that nothing is written outside OUTDIR. */
static char *rel_of_path(const char *path) {
  char **parts = g_strsplit(path, "/", -1);
  GString *rel = g_string_new(NULL);
  for (char **p = parts; *p; p++) {
    if (!**p || !strcmp(*p, ".")) continue;
    if (rel->len) g_string_append_c(rel, '/');
    g_string_append(rel, strcmp(*p, "..") ? *p : "__");
  }
  g_strfreev(parts);
  if (!rel->len) g_string_assign(rel, "input");
  return g_string_free(rel, FALSE);
}

static void add_input(walk *w, const char *path, char *rel) {
  if (g_hash_table_contains(w->seen_paths, path)) {
    g_free(rel);
    return;
  }
  bb_input *in = g_new0(bb_input, 1);
  in->path = g_strdup(path);
  in->rel = rel;
  g_hash_table_add(w->seen_paths, g_strdup(path));
  g_ptr_array_add(w->inputs, in);
}

static int cmp_str(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(walk *w, const char *dir, const char *rel_dir) {
  struct stat st;
  if (stat(dir, &st) != 0) return;
  if (w->has_out && st.st_dev == w->out_dev && st.st_ino == w->out_ino) return;
  char *key = g_strdup_printf("%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
  if (g_hash_table_contains(w->seen_dirs, key)) {
    g_free(key);
    return;
  }
  g_hash_table_add(w->seen_dirs, key);
  GError *gerr = NULL;
  GDir *d = g_dir_open(dir, 0, &gerr);
  if (!d) {
    cli_error(dir, "cannot read directory: %s", gerr->message);
    g_error_free(gerr);
    w->failed = 1;
    return;
  }
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)))
    if (name[0] != '.') g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  g_ptr_array_sort(names, cmp_str);
  for (guint i = 0; i < names->len; i++) {
    const char *n = g_ptr_array_index(names, i);
    char *path = g_build_filename(dir, n, NULL);
    char *rel = *rel_dir ? g_strconcat(rel_dir, "/", n, NULL) : g_strdup(n);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      walk_dir(w, path, rel);
      g_free(rel);
    } else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      add_input(w, path, rel);
    } else {
      g_free(rel); /* sockets, fifos, dangling links: not documents */
    }
    g_free(path);
  }
  g_ptr_array_free(names, TRUE);
}

static void add_path(walk *w, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    /* Still queued: the worker records "no such file" in the manifest like any other failure. */
    add_input(w, path, rel_of_path(path));
    return;
  }
  if (S_ISDIR(st.st_mode)) walk_dir(w, path, "");
  else add_input(w, path, rel_of_path(path));
}

static void add_stdin_list(walk *w) {
  char line[8192];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0]) add_path(w, line);
  }
}

GPtrArray *bb_collect_inputs(char **paths, int n, const char *outdir) {
  walk w = {0};
  w.inputs = g_ptr_array_new();
  w.seen_paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  w.seen_dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  struct stat st;
  if (outdir && stat(outdir, &st) == 0) {
    w.has_out = 1;
    w.out_dev = st.st_dev;
    w.out_ino = st.st_ino;
  }
  for (int i = 0; i < n; i++) {
    if (!strcmp(paths[i], "-")) add_stdin_list(&w);
    else add_path(&w, paths[i]);
  }
  g_hash_table_destroy(w.seen_paths);
  g_hash_table_destroy(w.seen_dirs);
  if (w.failed) {
    bb_inputs_free(w.inputs);
    return NULL;
  }
  return w.inputs;
}

void bb_inputs_free(GPtrArray *inputs) {
  if (!inputs) return;
  for (guint i = 0; i < inputs->len; i++) {
    bb_input *in = g_ptr_array_index(inputs, i);
    g_free(in->path);
    g_free(in->rel);
    g_free(in);
  }
  g_ptr_array_free(inputs, TRUE);
}
