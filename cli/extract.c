/* extract.c — `biao extract`: parse options, open each input, write the chosen format. */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../export/export.h"
#include "../export/sqlite.h"
#include "cli.h"

static const char extract_help[] =
    "Usage: biao extract [OPTIONS] FILE...\n"
    "\n"
    "Extract every table of each FILE (PDF, DOCX or text dump; '-' reads stdin).\n"
    "\n"
    "Output:\n"
    "  -f, --format FMT     json (default), ndjson, csv, xlsx, sqlite, long or long-ndjson\n"
    "                       long: one CSV row per body value of every table (document, table,\n"
    "                       form code, row label path, 科目 code, row kind, column path, text,\n"
    "                       typed value, unit; docs/long.md); long-ndjson: the same as NDJSON\n"
    "                       sqlite: a database of documents, tables, cells, values and checks\n"
    "                       (docs/sqlite.md); re-running a file replaces its rows\n"
    "  -o, --output PATH    json/ndjson/long/xlsx/sqlite: this file (written atomically;\n"
    "                       sqlite: created or updated); csv: a directory, one file per table\n"
    "                       named STEM-tNN.csv, or a FILE.csv with --table N or one table\n"
    "                       (default: stdout; csv to stdout needs --table N or a single table)\n"
    "      --table N        only table N (1-based)\n"
    "      --fill-merged    repeat a merged cell's text into every position it covers\n"
    "      --compact        json on one line (ndjson is always one table per line)\n"
    "      --bom            csv: start with a UTF-8 byte order mark (for Excel)\n"
    "      --crlf           csv: CRLF line ends\n"
    "      --header MODE    csv: rows (default: the header rows as printed) or flat (one header\n"
    "                       row, multi-level headers joined with \" / \", names unique; the 栏次\n"
    "                       row and repeated header rows left out)\n"
    "      --numbers MODE   csv: printed (default) or plain (amounts as plain decimals without\n"
    "                       thousands separators, converted by --unit; placeholders like —— empty)\n"
    "                       (csv takes --unit only with --numbers plain: printed text keeps its unit)\n"
    "      --records        canonical records of the recognised forms instead of tables (json,\n"
    "                       or ndjson: one document per line; 绩效自评表, 绩效目标表, 决算/预算\n"
    "                       tables; see schemas/ and docs/meaning.md)\n"
    "\n"
    "JSON: {source, pages, tables: [{index, page_start, page_end, title, context, meta, n_rows,\n"
    "n_cols, header_rows, cells: [{row, col, rowspan, colspan, text}], rows: [[...]]}], warnings}.\n"
    "`cells` lists every real cell with its spans; `rows` is the dense grid, a merged cell's text\n"
    "in its top-left position and \"\" in the positions it covers (unless --fill-merged).\n"
    "Several FILEs give a JSON array of such objects; a file that fails is reported on stderr\n"
    "and skipped, the others are still written.\n"
    "\n";

enum { OPT_TABLE = 256, OPT_FILL, OPT_COMPACT, OPT_BOM, OPT_CRLF, OPT_HELP, OPT_RECORDS, OPT_HEADER, OPT_NUMBERS };

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},   {"output", required_argument, NULL, 'o'},
    {"table", required_argument, NULL, OPT_TABLE}, {"fill-merged", no_argument, NULL, OPT_FILL},
    {"compact", no_argument, NULL, OPT_COMPACT}, {"bom", no_argument, NULL, OPT_BOM},
    {"crlf", no_argument, NULL, OPT_CRLF},      {"help", no_argument, NULL, OPT_HELP},
    {"records", no_argument, NULL, OPT_RECORDS}, {"header", required_argument, NULL, OPT_HEADER},
    {"numbers", required_argument, NULL, OPT_NUMBERS}, CLI_INPUT_LONG_OPTS,
    {NULL, 0, NULL, 0}};

/* 0 for `off`, 1 for `on`, -1 (reported) for anything else. */
static int two_way(const char *opt, const char *arg, const char *off, const char *on) {
  if (!strcmp(arg, on)) return 1;
  if (!strcmp(arg, off)) return 0;
  cli_error(NULL, "%s takes %s or %s", opt, off, on);
  return -1;
}

/* File stem for CSV names: basename without extension; "stdin" for '-'. */
static char *stem_of(const char *path) {
  if (!strcmp(path, "-")) return g_strdup("stdin");
  char *base = g_path_get_basename(path);
  char *dot = strrchr(base, '.');
  if (dot && dot != base) *dot = '\0';
  return base;
}

static int write_out(const char *path, const char *buf, size_t len) {
  if (!path || !strcmp(path, "-")) {
    if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
      cli_error(NULL, "cannot write to stdout");
      return EXIT_OUTPUT;
    }
    return EXIT_OK;
  }
  biao_error err;
  if (biao_write_file(path, buf, len, &err) != BIAO_OK) {
    cli_report(&err);
    return EXIT_OUTPUT;
  }
  return EXIT_OK;
}

static int write_csvs(biao_doc *doc, const char *input, const char *outdir, int csv_file, biao_export_options *eo) {
  size_t n = biao_doc_table_count(doc);
  if (!outdir || csv_file) {
    if (!eo->table && n > 1) {
      cli_error(input, "%zu tables: choose one with --table N, or give -o DIR for one CSV per table", n);
      return EXIT_USAGE;
    }
    char *buf = NULL;
    size_t len = 0;
    biao_error err;
    if (biao_export(doc, BIAO_FORMAT_CSV, eo, &buf, &len, &err) != BIAO_OK) {
      cli_report(&err);
      return cli_exit_code(err.code);
    }
    int rc = write_out(csv_file ? outdir : NULL, buf, len);
    biao_free(buf);
    return rc;
  }
  /* all the CSVs of a document or none: a full disk must not leave a partial set */
  char *stem = stem_of(input);
  biao_error err;
  bz_outset set;
  if (bz_outset_open(&set, outdir, stem, &err) != BIAO_OK) {
    g_free(stem);
    cli_report(&err);
    return EXIT_OUTPUT;
  }
  int rc = BIAO_OK;
  for (size_t i = 0; i < n && rc == BIAO_OK; i++) {
    const biao_table *t = biao_doc_table(doc, i);
    if (eo->table && biao_table_index(t) != eo->table) continue;
    biao_export_options one = *eo;
    one.table = biao_table_index(t);
    char *base = g_strdup_printf("%s-t%02d.csv", stem, one.table);
    char *name = bz_outset_add(&set, base);
    rc = biao_export_file(doc, BIAO_FORMAT_CSV, &one, name, &err);
    if (rc != BIAO_OK) g_strlcpy(err.path, outdir, sizeof err.path);
    g_free(name);
    g_free(base);
  }
  if (rc == BIAO_OK)
    rc = bz_outset_commit(&set, &err);
  else
    bz_outset_abort(&set);
  g_free(stem);
  if (rc != BIAO_OK) {
    cli_report(&err);
    return EXIT_OUTPUT;
  }
  return EXIT_OK;
}

/* JSON/NDJSON output, written document by document and table by table as they come (a large
 * document's JSON is never held whole in memory): to stdout, or to a temporary file beside -o PATH
 * renamed over it at the end. Opened at the first document that reads, so that nothing is created
 * when every input fails. Several inputs in JSON make one array. */
typedef struct json_out {
  FILE *f;
  bz_out file;
  int wrap, emitted, failed;
  int docs; /* documents written: the long CSV's header comes once */
} json_out;

static int json_out_fail(json_out *jo, const char *output, const biao_error *err) {
  jo->failed = 1;
  if (err) cli_report(err);
  else cli_error(output, "cannot write to stdout");
  return EXIT_OUTPUT;
}

static int json_out_doc(json_out *jo, const char *output, biao_doc *doc, biao_format fmt,
                        const biao_export_options *eo, int records) {
  biao_error err;
  gboolean to_file = output && strcmp(output, "-") != 0;
  if (jo->failed) return EXIT_OK; /* already reported */
  if (!jo->f) {
    if (to_file && bz_out_open(&jo->file, output, &err) != BIAO_OK) return json_out_fail(jo, output, &err);
    jo->f = to_file ? jo->file.f : stdout;
    if (jo->wrap) fputs("[\n", jo->f);
  }
  if (jo->wrap && jo->emitted++) fputs(",\n", jo->f);
  if (records) {
    char *buf = NULL;
    size_t len = 0;
    if (biao_export_records(doc, fmt == BIAO_FORMAT_NDJSON ? 0 : eo->pretty, &buf, &len, &err) != BIAO_OK) {
      cli_report(&err);
      return cli_exit_code(err.code);
    }
    if (jo->wrap)
      while (len && buf[len - 1] == '\n') len--;
    size_t n = fwrite(buf, 1, len, jo->f);
    biao_free(buf);
    if (n != len) return json_out_fail(jo, output, NULL);
    return EXIT_OK;
  }
    int flags = (jo->wrap ? BZ_STREAM_STRIP_NEWLINE : 0) | (jo->docs++ ? BZ_STREAM_NO_HEADER : 0);
  int rc = bz_export_stream(doc, fmt, eo, jo->f, flags, &err);
  if (rc == BIAO_ERR_IO) return json_out_fail(jo, output, to_file ? &err : NULL);
  if (rc != BIAO_OK) {
    cli_report(&err);
    return cli_exit_code(err.code);
  }
  return EXIT_OK;
}

static int json_out_close(json_out *jo, const char *output) {
  if (!jo->f) return EXIT_OK;
  if (jo->wrap && !jo->failed) fputs("\n]\n", jo->f);
  if (jo->f == stdout) {
    if (fflush(stdout) != 0 || ferror(stdout)) return jo->failed ? EXIT_OUTPUT : json_out_fail(jo, output, NULL);
    return jo->failed ? EXIT_OUTPUT : EXIT_OK;
  }
  if (jo->failed) {
    bz_out_abort(&jo->file);
    return EXIT_OUTPUT;
  }
  biao_error err;
  if (bz_out_commit(&jo->file, &err) != BIAO_OK) return json_out_fail(jo, output, &err);
  return EXIT_OK;
}

int cmd_extract(int argc, char **argv) {
  biao_options opt;
  biao_options_init(&opt);
  biao_export_options eo;
  biao_export_options_init(&eo);
  biao_format fmt = BIAO_FORMAT_JSON;
  const char *output = NULL;
  int records = 0;
  long v;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "f:o:h", long_opts, NULL)) != -1) {
    int in = cli_input_option(c, optarg, &opt);
    if (in < 0) return EXIT_USAGE;
    if (in > 0) continue;
    switch (c) {
    case 'f':
      if (cli_parse_format(optarg, 1, &fmt)) return EXIT_USAGE;
      break;
    case 'o': output = optarg; break;
    case OPT_TABLE:
      if (cli_parse_long(optarg, 1, 1000000, &v)) {
        cli_error(NULL, "--table takes a table number from 1");
        return EXIT_USAGE;
      }
      eo.table = (int)v;
      break;
    case OPT_FILL: eo.fill_merged = 1; break;
    case OPT_COMPACT: eo.pretty = 0; break;
    case OPT_BOM: eo.csv_bom = 1; break;
    case OPT_CRLF: eo.csv_crlf = 1; break;
    case OPT_RECORDS: records = 1; break;
    case OPT_HEADER:
      if ((eo.header_flat = two_way("--header", optarg, "rows", "flat")) < 0) return EXIT_USAGE;
      break;
    case OPT_NUMBERS:
      if ((eo.numbers_plain = two_way("--numbers", optarg, "printed", "plain")) < 0) return EXIT_USAGE;
      break;
    case 'h':
    case OPT_HELP:
      fputs(extract_help, stdout);
      fputs(cli_input_options_help, stdout);
      fputs("\n", stdout);
      fputs(cli_exit_codes_help(), stdout);
      return EXIT_OK;
    default: cli_error(NULL, "try 'biao extract --help'"); return EXIT_USAGE;
    }
  }
  int nfiles = argc - optind;
  if (nfiles < 1) {
    cli_error(NULL, "no input FILE (use '-' for stdin; try 'biao extract --help')");
    return EXIT_USAGE;
  }
  /* CSV as printed has no place to say a unit: converting its text would leave "单位：万元" above
   * amounts in 元, so --unit needs --numbers plain (plain decimals, converted) and is refused
   * otherwise rather than ignored */
  if (fmt == BIAO_FORMAT_CSV && opt.unit != BIAO_UNIT_KEEP && !eo.numbers_plain) {
    cli_error(NULL, "--unit with -f csv needs --numbers plain (printed CSV text keeps its printed unit); "
                    "or use json, ndjson, xlsx, long or --records");
    return EXIT_USAGE;
  }
  /* csv -o: a FILE.csv (one table: --table N or a one-table document) or a directory */
  int csv_file = 0;
  if (fmt == BIAO_FORMAT_CSV && output && strcmp(output, "-") != 0) {
    struct stat st;
    csv_file = g_str_has_suffix(output, ".csv") && !(stat(output, &st) == 0 && S_ISDIR(st.st_mode));
    if (csv_file && nfiles > 1) {
      cli_error(output, "CSV of several files needs -o DIR");
      return EXIT_USAGE;
    }
    char *parent = csv_file ? g_path_get_dirname(output) : NULL;
    int bad_parent = parent && g_mkdir_with_parents(parent, 0777) != 0;
    g_free(parent);
    if (bad_parent) {
      cli_error(output, "cannot create the output's directory");
      return EXIT_OUTPUT;
    }
    if (!csv_file && stat(output, &st) != 0 && g_mkdir_with_parents(output, 0777) != 0) {
      cli_error(output, "cannot create output directory");
      return EXIT_OUTPUT;
    }
    if (!csv_file && (stat(output, &st) != 0 || !S_ISDIR(st.st_mode))) {
      cli_error(output, "with -f csv, -o names a directory (one CSV per table) or a FILE.csv");
      return EXIT_USAGE;
    }
  }
  if (records && fmt != BIAO_FORMAT_JSON && fmt != BIAO_FORMAT_NDJSON) {
    cli_error(NULL, "--records writes JSON or NDJSON (one document's records per line)");
    return EXIT_USAGE;
  }
  if (fmt == BIAO_FORMAT_XLSX && (!output || nfiles != 1)) {
    cli_error(NULL, "-f xlsx needs exactly one FILE and -o FILE.xlsx");
    return EXIT_USAGE;
  }
  if (fmt == BIAO_FORMAT_SQLITE && (!output || !strcmp(output, "-"))) {
    cli_error(NULL, "-f sqlite needs -o FILE.db");
    return EXIT_USAGE;
  }
  if (fmt == BIAO_FORMAT_CSV && !output && nfiles > 1) {
    cli_error(NULL, "CSV of several files needs -o DIR");
    return EXIT_USAGE;
  }
  bz_db *db = NULL;
  if (fmt == BIAO_FORMAT_SQLITE) {
    biao_error err;
    if (bz_db_open(&db, output, &err) != BIAO_OK) {
      cli_report(&err);
      return EXIT_OUTPUT;
    }
  }

  if (output && strcmp(output, "-") != 0 && fmt != BIAO_FORMAT_CSV) {
    struct stat so, si;
    if (stat(output, &so) == 0)
      for (int i = optind; i < argc; i++)
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &si) == 0 && si.st_dev == so.st_dev &&
            si.st_ino == so.st_ino) {
          cli_error(output, "the output is the input file %s: choose another -o", argv[i]);
          return EXIT_USAGE;
        }
  }
  int worst = EXIT_OK, ok_docs = 0;
  size_t total_tables = 0;
  json_out jo = {NULL, {0}, fmt == BIAO_FORMAT_JSON && nfiles > 1, 0, 0, 0};
  for (int i = optind; i < argc; i++) {
    const char *path = argv[i];
    biao_doc *doc = NULL;
    biao_error err;
    int rc = biao_doc_open_file(&doc, path, &opt, &err);
    if (rc != BIAO_OK) {
      cli_report(&err);
      int ec = cli_exit_code(rc);
      if (ec > worst) worst = ec;
      if (rc == BIAO_ERR_RULES) break; /* the same rules for every file: said once */
      continue;
    }
    ok_docs++;
    total_tables += biao_doc_table_count(doc);
    int ec = EXIT_OK;
    if (eo.table && (size_t)eo.table > biao_doc_table_count(doc)) { /* said once, here */
      cli_error(path, "no table %d (the document has %zu)", eo.table, biao_doc_table_count(doc));
      ec = EXIT_USAGE;
    } else if (fmt == BIAO_FORMAT_CSV) {
      ec = write_csvs(doc, path, output, csv_file, &eo);
    } else if (fmt == BIAO_FORMAT_SQLITE) {
      if (bz_db_put_doc(db, doc, &eo, &err) != BIAO_OK) {
        cli_report(&err);
        ec = EXIT_OUTPUT;
      }
    } else if (fmt == BIAO_FORMAT_XLSX) {
      if (biao_export_file(doc, BIAO_FORMAT_XLSX, &eo, output, &err) != BIAO_OK) {
        cli_report(&err);
        ec = EXIT_OUTPUT;
      }
    } else {
      ec = json_out_doc(&jo, output, doc, fmt, &eo, records);
    }
    if (ec > worst) worst = ec;
    biao_doc_free(doc);
  }
  if (db) {
    biao_error err;
    if (bz_db_close(db, &err) != BIAO_OK) {
      cli_report(&err);
      worst = EXIT_OUTPUT;
    }
  }
  int ec = json_out_close(&jo, output);
  if (ec > worst) worst = ec;
  if (worst == EXIT_OK && ok_docs && total_tables == 0) worst = EXIT_NO_TABLES;
  return worst;
}
