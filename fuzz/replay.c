/* replay.c — main() for the fuzz targets when built without libFuzzer: runs each file of the given
 * corpus folders (or files) through LLVMFuzzerTestOneInput once, so every seed and every regression
 * input found by fuzzing is an ordinary ctest test in the release and ASan builds. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  gchar *data = NULL;
  gsize len = 0;
  GError *err = NULL;
  if (!g_file_get_contents(path, &data, &len, &err)) {
    fprintf(stderr, "replay: %s: %s\n", path, err->message);
    g_error_free(err);
    return 1;
  }
  LLVMFuzzerTestOneInput((const uint8_t *)data, len);
  g_free(data);
  return 0;
}

static int cmp_str(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  int failed = 0, n = 0;
  for (int i = 1; i < argc; i++) {
    if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
      failed |= run_file(argv[i]);
      n++;
      continue;
    }
    GDir *d = g_dir_open(argv[i], 0, NULL);
    if (!d) {
      fprintf(stderr, "replay: cannot open %s\n", argv[i]);
      return 1;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d))) g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_str);
    for (guint k = 0; k < names->len; k++, n++) failed |= run_file(g_ptr_array_index(names, k));
    g_ptr_array_free(names, TRUE);
  }
  if (n == 0) {
    fprintf(stderr, "replay: no inputs\n");
    return 1;
  }
  printf("replay: %d inputs\n", n);
  return failed;
}
