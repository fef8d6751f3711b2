/* bench-docx-phases.c — compiled and run by scripts/bench-docx.sh (not part of the build): CPU time
 * of the DOCX reader alone, of the normalize passes and of the JSON writer over the given files, and
 * the peak RSS right after reading (the reader's own footprint: input + model). */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "core/model.h"
#include "extract/extract.h"
#include "normalize/normalize.h"

static double cpu(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double peak_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0;
}

int main(int argc, char **argv) {
  double t_read = 0, t_norm = 0, t_json = 0, rss_read = 0;
  gsize bytes = 0, tables = 0;
  for (int i = 1; i < argc; i++) {
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(argv[i], &data, &len, NULL)) continue;
    bytes += len;
    biao_options opt;
    biao_options_init(&opt);
    biao_error err;
    biao_doc *d = bz_doc_new(argv[i]);
    d->opt = &opt;
    d->format = "docx";
    double a = cpu();
    int rc = bz_docx_read(d, (const guint8 *)data, len, &opt, &err);
    double b = cpu();
    rss_read = MAX(rss_read, peak_mb());
    tables += d->tables->len;
    if (rc == BIAO_OK) rc = bz_normalize(d, &opt, &err);
    double c = cpu();
    bz_doc_number_tables(d);
    char *out = NULL;
    size_t olen = 0;
    if (rc == BIAO_OK && biao_export(d, BIAO_FORMAT_JSON, NULL, &out, &olen, &err) == BIAO_OK) biao_free(out);
    double e = cpu();
    t_read += b - a;
    t_norm += c - b;
    t_json += e - c;
    biao_doc_free(d);
    g_free(data);
  }
  printf("%.3f %.3f %.3f %zu %.1f %.2f\n", t_read, t_norm, t_json, tables, rss_read, bytes / 1e6);
  return 0;
}
