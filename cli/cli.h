/* cli.h — the `biao` program: option parsing and I/O only; all work is done by libbiao. */
#ifndef BIAO_CLI_H
#define BIAO_CLI_H

#include "biao.h"

/* Exit codes: stable, documented in `biao --help` and the README. */
enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,    /* a bug or out of memory */
  EXIT_USAGE = 2,       /* bad command line */
  EXIT_INPUT = 3,       /* input missing, unreadable, a directory, or empty */
  EXIT_UNSUPPORTED = 4, /* unsupported, damaged, encrypted or over a safety limit */
  EXIT_NO_TABLES = 5,   /* read fine, but no table found in any input */
  EXIT_CHECK = 6,       /* `biao check`: a consistency check failed */
  EXIT_RULES = 7,       /* a rule file is invalid */
  EXIT_OUTPUT = 8,      /* output could not be written */
  EXIT_PARTIAL = 9,     /* `biao batch`: some files failed, the others are done */
  EXIT_BUSY = 10,       /* `biao batch`: another batch is writing to the same output folder */
  EXIT_INTERRUPTED = 130
};

int cli_exit_code(int biao_code);
void cli_error(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_report(const biao_error *err);

int cmd_extract(int argc, char **argv);
int cmd_debug(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_batch(int argc, char **argv);
const char *cli_exit_codes_help(void);

/* Options shared by extract, check and batch (cli/options.c). Commands put CLI_INPUT_LONG_OPTS in
 * their getopt table and pass each option to cli_input_option() first. */
enum {
  CLI_OPT_INPUT = 200,
  CLI_OPT_PASSWORD,
  CLI_OPT_PAGES,
  CLI_OPT_RULES,
  CLI_OPT_UNIT,
  CLI_OPT_MAXSIZE,
  CLI_OPT_STRICT
};
#define CLI_INPUT_LONG_OPTS                                                                                  \
  {"input", required_argument, NULL, CLI_OPT_INPUT},                                                         \
      {"password", required_argument, NULL, CLI_OPT_PASSWORD},                                               \
      {"pages", required_argument, NULL, CLI_OPT_PAGES}, {"rules", required_argument, NULL, CLI_OPT_RULES},  \
      {"unit", required_argument, NULL, CLI_OPT_UNIT},                                                       \
      {"max-size", required_argument, NULL, CLI_OPT_MAXSIZE}, {                                              \
    "strict", no_argument, NULL, CLI_OPT_STRICT                                                              \
  }
extern const char cli_input_options_help[];
/* 1: c was an input option and is applied; 0: not an input option; -1: bad argument (reported). */
int cli_input_option(int c, const char *arg, biao_options *opt);
/* -1 (reported) for an unknown name; xlsx only where allow_xlsx. */
int cli_parse_format(const char *arg, int allow_xlsx, biao_format *fmt);
/* A whole decimal number in [lo, hi]; -1 otherwise (not reported). */
int cli_parse_long(const char *s, long lo, long hi, long *out);

#endif
