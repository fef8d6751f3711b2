/* debug.c — `biao debug FILE.pdf --page N -o page.png`: the page with the detected rules, cells and
 * tables drawn over it (see extract/pdf_debug.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/model.h"
#include "../extract/pdf_debug.h"
#include "cli.h"

/* Boxes on page `page` of the document's tables, numbered as `biao extract` numbers them (the whole
 * document is read: continuation and dropped tables change the numbers). */
static GArray *page_labels(const biao_doc *doc, int page) {
  GArray *out = g_array_new(FALSE, FALSE, sizeof(bz_debug_label));
  for (guint i = 0; i < doc->tables->len; i++) {
    const biao_table *t = g_ptr_array_index(doc->tables, i);
    bz_debug_label l = {t->index, G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE};
    for (guint k = 0; k < t->cells->len; k++) {
      const bz_geom *g = bz_cell_geom(t, &g_array_index(t->cells, bz_cell, k));
      if (!g || g->page != page) continue;
      l.x0 = MIN(l.x0, g->x0), l.y0 = MIN(l.y0, g->y0), l.x1 = MAX(l.x1, g->x1), l.y1 = MAX(l.y1, g->y1);
    }
    if (l.x1 > l.x0) g_array_append_val(out, l);
  }
  return out;
}

static const char debug_help[] =
    "Usage: biao debug FILE.pdf --page N -o PAGE.png [--scale S] [--password PW]\n"
    "\n"
    "Render page N with what the PDF reader found drawn over it: ruling lines in red, cell boxes in\n"
    "blue (inset, so a merged cell shows as one box), table outlines and numbers in green. Tables\n"
    "are numbered as 'biao extract' numbers them (T4 is table 4 of the JSON; T? a table the later\n"
    "passes dropped); each table on the page is also listed on stdout: 'T4 支出决算表'.\n"
    "  --scale S   pixels per point (default 1.5)\n";

int cmd_debug(int argc, char **argv) {
  static const struct option opts[] = {
      {"page", required_argument, NULL, 'p'},  {"output", required_argument, NULL, 'o'},
      {"scale", required_argument, NULL, 's'}, {"password", required_argument, NULL, 'w'},
      {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
  long page = 1;
  double scale = 1.5;
  const char *out = NULL, *password = NULL;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "p:o:s:w:h", opts, NULL)) != -1) {
    char *end = NULL;
    switch (c) {
    case 'p':
      page = strtol(optarg, &end, 10);
      if (!*optarg || *end || page < 1) {
        cli_error(NULL, "--page needs a page number, got '%s'", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'o': out = optarg; break;
    case 's':
      scale = strtod(optarg, &end);
      if (!*optarg || *end || scale <= 0 || scale > 10) {
        cli_error(NULL, "--scale needs a number in (0, 10], got '%s'", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'w': password = optarg; break;
    case 'h': fputs(debug_help, stdout); return EXIT_OK;
    default: fputs(debug_help, stderr); return EXIT_USAGE;
    }
  }
  if (optind != argc - 1 || !out) {
    fputs(debug_help, stderr);
    return EXIT_USAGE;
  }
  biao_error err;
  biao_options opt;
  biao_options_init(&opt);
  opt.password = password;
  biao_doc *doc = NULL;
  int rc = biao_doc_open_file(&doc, argv[optind], &opt, &err);
  if (rc != BIAO_OK) {
    cli_report(&err);
    return cli_exit_code(rc);
  }
  GArray *labels = page_labels(doc, (int)page);
  rc = biao_debug_render_page(argv[optind], password, (int)page, scale, out, (const bz_debug_label *)labels->data,
                              (int)labels->len, &err);
  for (guint i = 0; rc == BIAO_OK && i < labels->len; i++) { /* the numbers drawn, as text too */
    int index = g_array_index(labels, bz_debug_label, i).index;
    const char *title = biao_table_title(biao_doc_table(doc, (size_t)index - 1));
    printf("T%d %s\n", index, title ? title : "");
  }
  g_array_free(labels, TRUE);
  biao_doc_free(doc);
  if (rc != BIAO_OK) {
    cli_report(&err);
    return cli_exit_code(rc);
  }
  return EXIT_OK;
}
