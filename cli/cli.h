/* cli.h — the `biao` program: option parsing and I/O only; all work is done by libbiao. */
#ifndef BIAO_CLI_H
#define BIAO_CLI_H

#include "biao.h"

/* Exit codes: stable, documented in `biao --help` and the README. */
enum {
  EXIT_OK = 0,
  EXIT_INTERNAL = 1,  /* a bug or out of memory */
  EXIT_USAGE = 2,     /* bad command line */
  EXIT_INPUT = 3,     /* input missing, unreadable, a directory, or empty */
  EXIT_UNSUPPORTED = 4, /* unsupported, damaged, encrypted or over a safety limit */
  EXIT_NO_TABLES = 5, /* read fine, but no table found in any input */
  EXIT_CHECK = 6,     /* `biao check`: a consistency check failed */
  EXIT_RULES = 7,     /* a rule file is invalid */
  EXIT_OUTPUT = 8,    /* output could not be written */
  EXIT_PARTIAL = 9,   /* `biao batch`: some files failed, the others are done */
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

#endif
