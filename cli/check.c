/* check.c — `biao check FILE...`: extract each file and report the arithmetic checks
 * (rules/checks/): failures always, passes with -v. Exit 6 when any check fails. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char check_help[] =
    "Usage: biao check [OPTIONS] FILE...\n"
    "\n"
    "Extract the tables of each FILE and verify their arithmetic: 合计 = Σ children in the 科目\n"
    "hierarchy, 本年收入合计 = Σ 收入 rows and 总计 equal on both sides of 收入支出决算总表,\n"
    "执行率 = 全年执行数 / 全年预算数, 总分 = Σ 得分, 三公 小计 = Σ parts (rules/checks/*.rules).\n"
    "Amounts are compared exactly as printed. A failure is an extraction error or an error in the\n"
    "document itself; each is reported with its table, page, row (1-based, with its label) and\n"
    "column (by its header). A check that cannot decide (a part not read as a number, a table that\n"
    "ends inside the rows it adds up) is \"not checked\" with the reason, never a failure. Pages\n"
    "without a text layer (scans) are named; when no FILE gives a table, the exit status is 5.\n"
    "\n"
    "Options:\n"
    "  -v, --verbose      also list the checks that pass and those not checked\n"
    "\n";

enum { OPT_HELP = 256 };

static const struct option long_opts[] = {
    {"verbose", no_argument, NULL, 'v'}, {"help", no_argument, NULL, OPT_HELP}, CLI_INPUT_LONG_OPTS,
    {NULL, 0, NULL, 0}};

typedef struct {
  int checks, passed, failed, unchecked;
} tally;

/* Report one document: failures always, passes and undecided checks with -v. A check names its cell
 * as a person finds it: "p.12 table 3 (支出预算总表) row 14 '2010101 行政运行', column 项目支出". */
static void report(const char *path, const biao_doc *doc, int verbose, tally *n) {
  for (size_t i = 0; i < biao_doc_table_count(doc); i++) {
    const biao_table *t = biao_doc_table(doc, i);
    const char *form = biao_table_form(t);
    for (size_t k = 0; k < biao_table_check_count(t); k++) {
      const char *rule, *exp, *act, *what, *where, *reason;
      biao_table_check(t, k, &rule, NULL, &exp, &act, &what, NULL, NULL);
      int status = biao_table_check_status(t, k, &where, &reason);
      n->checks++;
      if (status == BIAO_CHECK_PASSED) n->passed++;
      else if (status == BIAO_CHECK_FAILED) n->failed++;
      else n->unchecked++;
      if (status != BIAO_CHECK_FAILED && !verbose) continue;
      const char *verdict = status == BIAO_CHECK_PASSED ? "ok" : status == BIAO_CHECK_FAILED ? "FAIL" : "not checked";
      printf("%s: table %d (%s) %s: %s %s: %s\n", path, biao_table_index(t), form ? form : "?", where, verdict, rule,
             what);
      if (status == BIAO_CHECK_FAILED) printf("    expected %s, printed %s\n", exp, act);
      if (status == BIAO_CHECK_NOT_CHECKED) printf("    %s\n", reason);
    }
  }
}

int cmd_check(int argc, char **argv) {
  biao_options opt;
  biao_options_init(&opt);
  int verbose = 0, c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "vh", long_opts, NULL)) != -1) {
    int in = cli_input_option(c, optarg, &opt);
    if (in < 0) return EXIT_USAGE;
    if (in > 0) continue;
    switch (c) {
    case 'v': verbose = 1; break;
    case 'h':
    case OPT_HELP:
      fputs(check_help, stdout);
      fputs(cli_input_options_help, stdout);
      fputs("\n", stdout);
      fputs(cli_exit_codes_help(), stdout);
      return EXIT_OK;
    default: cli_error(NULL, "try 'biao check --help'"); return EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    cli_error(NULL, "no input FILE (try 'biao check --help')");
    return EXIT_USAGE;
  }
  int worst = EXIT_OK, failed = 0, read = 0;
  size_t tables = 0;
  for (int i = optind; i < argc; i++) {
    biao_doc *doc = NULL;
    biao_error err;
    int rc = biao_doc_open_file(&doc, argv[i], &opt, &err);
    if (rc != BIAO_OK) {
      cli_report(&err);
      int ec = cli_exit_code(rc);
      if (ec > worst) worst = ec;
      if (rc == BIAO_ERR_RULES) break; /* the same rules for every file: said once */
      continue;
    }
    tally n = {0, 0, 0, 0};
    report(argv[i], doc, verbose, &n);
    /* "0 failed" of a scan would read as a clean bill: say that nothing could be read there */
    const char *scans = NULL;
    int n_scans = biao_doc_scanned_pages(doc, &scans);
    if (n_scans)
      printf("%s: %s %s without a text layer (scanned): %s not checked\n", argv[i], n_scans > 1 ? "pages" : "page",
             scans, n_scans > 1 ? "their tables are" : "its tables are");
    tables += biao_doc_table_count(doc);
    read++;
    printf("%s: %zu tables, %d checks, %d failed, %d passed, %d not checked\n", argv[i], biao_doc_table_count(doc),
           n.checks, n.failed, n.passed, n.unchecked);
    failed += n.failed;
    biao_doc_free(doc);
  }
  fflush(stdout);
  if (worst != EXIT_OK) return worst;
  if (failed) return EXIT_CHECK;
  return read && !tables ? EXIT_NO_TABLES : EXIT_OK; /* as extract: nothing was there to check */
}
