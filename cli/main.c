/* main.c — `biao` entry point: subcommand dispatch, --help, --version, error reporting. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli.h"

static const char usage_text[] =
    "biao " BIAO_VERSION " - pull tables out of PDF, DOCX and text dumps of reports\n"
    "\n"
    "Usage:\n"
    "  biao extract [OPTIONS] FILE...   tables of each FILE as JSON, NDJSON or CSV ('-' = stdin)\n"
    "  biao debug FILE.pdf --page N -o PAGE.png   draw what the PDF reader sees on a page\n"
    "  biao check [OPTIONS] FILE...     verify the arithmetic of the tables (exit 6 on a failure)\n"
    "  biao batch [OPTIONS] PATH...     many files or folders, one worker process per file,\n"
    "                                   outputs + manifest in a folder, --resume after a stop\n"
    "  biao --help | --version\n"
    "  biao COMMAND --help              options of one command\n"
    "\n"
    "The input format is detected from the content (PDF, DOCX, or a UTF-8/UTF-16/GBK text dump),\n"
    "never from the file name. Every table comes out with its true grid: merged cells keep their\n"
    "row/column spans, wrapped text stays in one cell, and tables continued over pages are joined.\n"
    "\n"
    "Examples:\n"
    "  biao extract report.pdf                      all tables as JSON on stdout\n"
    "  biao extract -f csv --table 2 report.docx     table 2 as CSV on stdout\n"
    "  biao extract -f csv -o out/ report.pdf        one CSV per table: out/report-t01.csv ...\n"
    "  biao extract -f ndjson *.pdf | jq .title      one table per line, for pipelines\n"
    "  biao extract -f xlsx -o out.xlsx report.pdf   Excel: an index sheet, then one sheet per table\n"
    "  cat dump.txt | biao extract -                 a text dump from stdin\n"
    "\n";

const char *cli_exit_codes_help(void) {
  return "Exit codes:\n"
         "  0  success\n"
         "  1  internal error (a bug: please report it), or out of memory\n"
         "  2  usage error (bad option or argument)\n"
         "  3  input missing, unreadable, a directory, or empty\n"
         "  4  input unsupported, damaged, encrypted, not text, or over a safety limit\n"
         "  5  inputs read, but no table found in any of them\n"
         "  6  a consistency check failed (biao check)\n"
         "  7  a rule file or folder is invalid, missing or unreadable (--strict: a rule hit\n"
         "     PCRE2's match limit)\n"
         "  8  output could not be written\n"
         "  9  some files of a batch failed (the others are done)\n"
         "  10 another biao batch is writing to the same output folder\n"
         "  130 interrupted\n"
         "Errors are one line on stderr: 'biao: FILE: message'.\n";
}

int cli_exit_code(int code) {
  switch (code) {
  case BIAO_OK: return EXIT_OK;
  case BIAO_ERR_USAGE: return EXIT_USAGE;
  case BIAO_ERR_IO:
  case BIAO_ERR_EMPTY: return EXIT_INPUT;
  case BIAO_ERR_FORMAT:
  case BIAO_ERR_CORRUPT:
  case BIAO_ERR_ENCRYPTED:
  case BIAO_ERR_LIMIT:
  case BIAO_ERR_ENCODING: return EXIT_UNSUPPORTED;
  case BIAO_ERR_RULES: return EXIT_RULES;
  default: return EXIT_INTERNAL;
  }
}

/* Control characters (a newline in a file name, an escape sequence) are written as \n, \t or
 * \xNN, so that an error is always one line on stderr and cannot drive the terminal. */
static void put_escaped(GString *out, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '\n')
      g_string_append(out, "\\n");
    else if (*p == '\t')
      g_string_append(out, "\\t");
    else if (*p < 0x20 || *p == 0x7f)
      g_string_append_printf(out, "\\x%02x", *p);
    else
      g_string_append_c(out, (char)*p);
  }
}

void cli_error(const char *path, const char *fmt, ...) {
  va_list ap;
  GString *line = g_string_new("biao: ");
  if (path && *path) {
    put_escaped(line, path);
    g_string_append(line, ": ");
  }
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  put_escaped(line, msg);
  g_free(msg);
  g_string_append_c(line, '\n');
  fputs(line->str, stderr);
  g_string_free(line, TRUE);
}

void cli_report(const biao_error *err) {
  char where[64] = "";
  if (err->page > 0 && err->line > 0) snprintf(where, sizeof where, "page %d, line %d: ", err->page, err->line);
  else if (err->page > 0) snprintf(where, sizeof where, "page %d: ", err->page);
  else if (err->line > 0) snprintf(where, sizeof where, "line %d: ", err->line);
  cli_error(err->path, "%s%s", where, err->message[0] ? err->message : biao_code_name(err->code));
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage_text, stderr);
    fputs(cli_exit_codes_help(), stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    fputs(usage_text, stdout);
    fputs(cli_exit_codes_help(), stdout);
    return EXIT_OK;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
    printf("biao %s\n", BIAO_VERSION);
    return EXIT_OK;
  }
  if (!strcmp(cmd, "extract")) return cmd_extract(argc - 1, argv + 1);
  if (!strcmp(cmd, "debug")) return cmd_debug(argc - 1, argv + 1);
  if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
  if (!strcmp(cmd, "batch")) return cmd_batch(argc - 1, argv + 1);
  cli_error(NULL, "unknown command '%s' (try 'biao --help')", cmd);
  return EXIT_USAGE;
}
