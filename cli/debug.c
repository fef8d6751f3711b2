/* debug.c — `biao debug FILE.pdf --page N -o page.png`: the page with the detected rules, cells and
 * tables drawn over it (see extract/pdf_debug.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../extract/pdf_debug.h"
#include "cli.h"

static const char debug_help[] =
    "Usage: biao debug FILE.pdf --page N -o PAGE.png [--scale S] [--password PW]\n"
    "\n"
    "Render page N with what the PDF reader found drawn over it: ruling lines in red, cell boxes in\n"
    "blue (inset, so a merged cell shows as one box), table outlines and numbers in green.\n"
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
  int rc = biao_debug_render_page(argv[optind], password, (int)page, scale, out, &err);
  if (rc != BIAO_OK) {
    cli_report(&err);
    return cli_exit_code(rc);
  }
  return EXIT_OK;
}
