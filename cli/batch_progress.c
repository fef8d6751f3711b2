/* batch_progress.c — the one-line status of `biao batch` on stderr: files done/total, pages/s,
 * failures, ETA. Redrawn in place at most ten times a second so a fast batch does not spend its
 * time writing to the terminal. */
#include <stdio.h>

#include "batch.h"

static void fmt_eta(char *buf, size_t n, double s) {
  if (s < 0 || s > 360000) snprintf(buf, n, "--:--");
  else if (s >= 3600) snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
  else snprintf(buf, n, "%02d:%02d", (int)(s / 60), (int)s % 60);
}

void bb_progress_draw(bb_progress *p, int force) {
  if (!p->enabled) return;
  gint64 now = g_get_monotonic_time();
  if (!force && now - p->last_draw_us < 100000) return;
  p->last_draw_us = now;
  double el = (now - p->start_us) / 1e6;
  long work = p->total - p->skipped, done = p->done - p->skipped;
  double eta = done > 0 && el > 0 ? (work - done) * el / done : -1;
  char etabuf[32];
  fmt_eta(etabuf, sizeof etabuf, eta);
  fprintf(stderr, "\r\033[K%ld/%ld files  %.1f pages/s  %ld failed  ETA %s", p->done, p->total,
          el > 0 ? (p->pages + p->pages_running) / el : 0.0, p->failed, etabuf);
  fflush(stderr);
}

void bb_progress_end(bb_progress *p) {
  if (!p->enabled) return;
  bb_progress_draw(p, 1);
  double el = (g_get_monotonic_time() - p->start_us) / 1e6;
  fprintf(stderr, "\n%ld files (%ld skipped as already done), %ld failed, %ld pages in %.1f s\n", p->done,
          p->skipped, p->failed, p->pages, el);
}
