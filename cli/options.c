/* options.c — command-line options shared by extract, check and batch: the input options
 * (which reader, password, pages, rules, unit, size cap), the output format and number parsing,
 * so every command accepts them the same way and says the same thing when they are wrong. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cli_input_options_help[] =
    "Input:\n"
    "      --input KIND     force the reader: pdf, docx or text (default: detect from content)\n"
    "      --password PW    password of an encrypted PDF\n"
    "      --pages LIST     PDF pages to read, e.g. 3-5,8\n"
    "      --rules DIR      add the rule files (*.rules) in DIR to the built-in rules\n"
    "                       (and DIR/checks/*.rules to the check rules)\n"
    "      --unit U         money columns: keep (default), yuan (元) or wan (万元)\n"
    "      --max-size MB    refuse inputs larger than MB megabytes (default: 1 GiB)\n"
    "      --strict         a rule that hits PCRE2's match limit fails the document (exit 7)\n"
    "                       instead of a warning naming its file and line\n"
    "Bounds: a document over 5 Mi cells, a table over 16 Mi grid positions or a cell over\n"
    "1 MiB of text is refused (exit 4); so is input that is not PDF, DOCX or text.\n";

int cli_parse_long(const char *s, long lo, long hi, long *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (!*s || *end || errno || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int cli_input_option(int c, const char *arg, biao_options *opt) {
  long v;
  switch (c) {
  case CLI_OPT_INPUT:
    if (!strcmp(arg, "pdf")) opt->input = BIAO_INPUT_PDF;
    else if (!strcmp(arg, "docx")) opt->input = BIAO_INPUT_DOCX;
    else if (!strcmp(arg, "text")) opt->input = BIAO_INPUT_TEXT;
    else return cli_error(NULL, "--input takes pdf, docx or text"), -1;
    return 1;
  case CLI_OPT_PASSWORD: opt->password = arg; return 1;
  case CLI_OPT_STRICT: opt->strict = 1; return 1;
  case CLI_OPT_PAGES: opt->pages = arg; return 1;
  case CLI_OPT_RULES: opt->rules_dir = arg; return 1;
  case CLI_OPT_UNIT:
    if (!strcmp(arg, "keep")) opt->unit = BIAO_UNIT_KEEP;
    else if (!strcmp(arg, "yuan")) opt->unit = BIAO_UNIT_YUAN;
    else if (!strcmp(arg, "wan")) opt->unit = BIAO_UNIT_WAN;
    else return cli_error(NULL, "--unit takes keep, yuan or wan"), -1;
    return 1;
  case CLI_OPT_MAXSIZE:
    if (cli_parse_long(arg, 1, 1L << 20, &v)) return cli_error(NULL, "--max-size takes megabytes from 1"), -1;
    opt->max_input_bytes = (size_t)v * 1000000u;
    return 1;
  default: return 0;
  }
}

int cli_parse_format(const char *arg, int allow_xlsx, biao_format *fmt) {
  if (!strcmp(arg, "json")) *fmt = BIAO_FORMAT_JSON;
  else if (!strcmp(arg, "ndjson")) *fmt = BIAO_FORMAT_NDJSON;
  else if (!strcmp(arg, "csv")) *fmt = BIAO_FORMAT_CSV;
  else if (!strcmp(arg, "long")) *fmt = BIAO_FORMAT_LONG_CSV;
  else if (!strcmp(arg, "long-ndjson")) *fmt = BIAO_FORMAT_LONG_NDJSON;
  else if (allow_xlsx && !strcmp(arg, "xlsx")) *fmt = BIAO_FORMAT_XLSX;
  else if (allow_xlsx && !strcmp(arg, "sqlite")) *fmt = BIAO_FORMAT_SQLITE;
  else {
    cli_error(NULL, "unknown format '%s' (%s)", arg,
              allow_xlsx ? "json, ndjson, csv, long, long-ndjson, xlsx or sqlite" : "json, ndjson, csv, long or long-ndjson");
    return -1;
  }
  return 0;
}
