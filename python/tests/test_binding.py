"""Tests of the ctypes binding, run with Debian's /usr/bin/python3 by tests/cli/python.sh:
BIAO_LIBRARY points at the built libbiao.so, BIAO_CLI at the built biao, BIAO_CORPUS at corpus/."""

import ctypes
import glob
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import biao  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.environ.get("BIAO_CORPUS", os.path.join(ROOT, "corpus"))


class Layout(unittest.TestCase):
    def test_structs_match_the_library(self):
        self.assertEqual(biao.layout_mismatches(), [])

    def test_drift_is_detected(self):
        class Drifted(ctypes.Structure):  # biao_options with `unit` moved before `max_input_bytes`
            _fields_ = [(n, t) for n, t in biao._Options._fields_ if n != "unit"]
            _fields_.insert(4, ("unit", ctypes.c_int))

        saved = dict(biao._STRUCTS)
        try:
            biao._STRUCTS["biao_options"] = Drifted
            bad = biao.layout_mismatches()
        finally:
            biao._STRUCTS.clear()
            biao._STRUCTS.update(saved)
        self.assertTrue(any("offsetof(biao_options, unit)" in b for b in bad), bad)

    def test_version_is_the_headers(self):
        with open(os.path.join(ROOT, "include", "biao.h"), encoding="utf-8") as f:
            want = re.search(r'#define BIAO_VERSION "([^"]+)"', f.read()).group(1)
        self.assertEqual(biao.library_version(), want)


class Errors(unittest.TestCase):
    def check(self, source, code, name):
        with self.assertRaises(biao.BiaoError) as ctx:
            biao.extract(source)
        self.assertEqual((ctx.exception.code, ctx.exception.name), (code, name))
        self.assertTrue(ctx.exception.message)
        return ctx.exception

    def test_missing_file(self):
        e = self.check("/nonexistent/report.pdf", biao.ERR_IO, "io")
        self.assertEqual(e.path, "/nonexistent/report.pdf")
        self.assertIn("[io -2]", str(e))

    def test_empty_file_and_bytes(self):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            self.check(f.name, biao.ERR_EMPTY, "empty")
        self.check(b"", biao.ERR_EMPTY, "empty")

    def test_unsupported_format(self):
        self.check(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, biao.ERR_FORMAT, "format")

    def test_directory(self):
        self.check(tempfile.gettempdir(), biao.ERR_IO, "io")

    def test_bad_options(self):
        with self.assertRaises(TypeError):
            biao.extract(b"x", colour="red")
        with self.assertRaises(ValueError):
            biao.extract(b"x", unit="dollars")


class ArgumentChecks(unittest.TestCase):
    """A value that C would read differently from Python raises ValueError, before the library."""

    def test_nul_in_path_and_strings(self):
        path = os.path.join(CORPUS, "batch", "table.txt")
        for args in [(path + "\0.pdf",), (pathlib.Path(path + "\0x"),)]:  # (bytes are a document, not a path)
            with self.assertRaisesRegex(ValueError, "path contains a NUL byte"):
                biao.extract(*args)
        for key, value in [("pages", "3\x005"), ("password", "a\0b"), ("rules_dir", "/tmp\0/x")]:
            with self.assertRaisesRegex(ValueError, f"{key} contains a NUL byte"):
                biao.extract(path, **{key: value})

    def test_numbers_out_of_range(self):
        path = os.path.join(CORPUS, "batch", "table.txt")
        for key, value in [("table", 2 ** 40), ("table", 0), ("table", -1), ("table", "2"), ("table", True),
                           ("max_input_bytes", -1), ("max_input_bytes", 2 ** 64), ("max_input_bytes", 1.5)]:
            with self.assertRaises(ValueError, msg=f"{key}={value!r}"):
                biao.extract(path, **{key: value})
        self.assertEqual(len(biao.extract(path, table=1)["tables"]), 1)
        with self.assertRaises(biao.BiaoError) as ctx:
            biao.extract(path, max_input_bytes=1)
        self.assertEqual(ctx.exception.name, "limit")
        self.assertIn("over the 1 byte input limit", ctx.exception.message)

    def test_out_of_memory_is_an_error(self):
        """Under an address-space limit an input-sized allocation fails: BiaoError 'nomem', and the
        interpreter lives on (it used to die in GLib's abort)."""
        if "libasan" in os.environ.get("LD_PRELOAD", ""):
            self.skipTest("sanitizer runtimes reserve terabytes of address space")
        code = ("import resource, sys; sys.path.insert(0, sys.argv[1]); import biao; biao.library_version();"
                "data = (b'\\xe9\\xa1\\xb9\\t1.00\\t' * 1000 + b'\\n') * 14000;"  # 126 MB of text
                "import os; vm = int(open('/proc/self/statm').read().split()[0]) * os.sysconf('SC_PAGE_SIZE');"
                "resource.setrlimit(resource.RLIMIT_AS, (vm + 100 * 2**20, resource.RLIM_INFINITY));\n"
                "try:\n biao.extract(data)\nexcept biao.BiaoError as e:\n print(e.name, e.message)")
        out = subprocess.run([sys.executable, "-c", code, os.path.join(ROOT, "python")], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr[-500:])
        self.assertRegex(out.stdout, r"^nomem out of memory \(")


class Numbers(unittest.TestCase):
    def test_parse_number(self):
        self.assertAlmostEqual(biao.parse_number("1,006.09"), 1006.09)
        self.assertAlmostEqual(biao.parse_number("67.07%"), 67.07, msg="a percentage is its printed figure")
        self.assertEqual(biao.parse_number("-3"), -3.0)
        for text in ("01", "201a", "——", "12,34", "123456789012", ""):
            self.assertIsNone(biao.parse_number(text), text)


def budget_table():
    """A table in the shape extract() returns: 项目 over two columns, codes, amounts."""
    cells = [(0, 0, 1, 2, "项目"), (0, 2, 2, 1, "金额"), (1, 0, 1, 1, "科目代码"), (1, 1, 1, 1, "科目名称"),
             (2, 0, 1, 1, "201"), (2, 1, 1, 1, "一般公共服务支出"), (2, 2, 1, 1, "1,006.09"),
             (3, 0, 1, 2, "合计"), (3, 2, 1, 1, "")]
    return {"index": 1, "title": "支出决算表", "page_start": 2, "page_end": 2, "meta": {"unit": "万元"},
            "n_rows": 4, "n_cols": 3, "header_rows": 2,
            "cells": [dict(zip(("row", "col", "rowspan", "colspan", "text"), c)) for c in cells]}


class Frames(unittest.TestCase):
    def test_multiindex_filled_merges_and_numbers(self):
        t = budget_table()
        flags = [0] * 12
        values = [0.0] * 12
        flags[2 * 3 + 2], values[2 * 3 + 2] = 1, biao.parse_number("1,006.09")
        df = biao.table_frame(t, values, flags)
        self.assertEqual(df.shape, (2, 3))
        self.assertEqual(list(df.columns), [("项目", "科目代码"), ("项目", "科目名称"), ("金额", "金额")])
        self.assertEqual(df.iloc[0, 0], "201")
        self.assertEqual(df.iloc[1, 1], "合计", "merged cell filled")
        self.assertEqual(df[("金额", "金额")].dtype.kind, "f")
        self.assertAlmostEqual(df.iloc[0, 2], 1006.09)
        self.assertEqual(df.attrs["meta"]["unit"], "万元")

    def test_empty_column_is_numeric(self):
        t = budget_table()
        t["cells"] = [c for c in t["cells"] if c["col"] != 2] + [{"row": 0, "col": 2, "rowspan": 2, "colspan": 1,
                                                                  "text": "金额"}]
        df = biao.table_frame(t)
        self.assertEqual(df.iloc[:, 2].dtype.kind, "f")
        self.assertTrue(df.iloc[:, 2].isna().all())


def expected_number(cell):
    """The number a typed cell holds: the semantic layer's value (a percentage is its printed figure)."""
    v = cell.get("value") or {}
    if "number" in v:
        return v["number"]
    return biao.parse_number(cell["text"])


def real_documents():
    """Corpus documents biao reads with at least one table (none until the readers land)."""
    found = []
    for path in sorted(glob.glob(os.path.join(CORPUS, "**", "*.*"), recursive=True)):
        if path.endswith((".json", ".md", ".txt.expected")) or os.path.getsize(path) > 5_000_000:
            continue
        try:
            doc = biao.extract(path)
        except biao.BiaoError:
            continue
        if doc["tables"]:
            found.append((path, doc))
        if len(found) == 3:
            break
    return found


class RealDocuments(unittest.TestCase):
    """extract(), read_tables() and the XLSX file must tell the same story about real documents."""

    @classmethod
    def setUpClass(cls):
        cls.docs = real_documents()
        if not cls.docs:
            raise unittest.SkipTest("no corpus document is readable yet")

    def test_extract_is_the_cli_json(self):
        import json
        path, doc = self.docs[0]
        out = subprocess.run([os.environ["BIAO_CLI"], "extract", "--compact", path], capture_output=True, check=True)
        cli = json.loads(out.stdout)
        self.assertEqual(cli, doc)

    def test_frames_match_the_json(self):
        for path, doc in self.docs:
            frames = biao.read_tables(path)
            self.assertEqual(len(frames), len(doc["tables"]))
            for df, t in zip(frames, doc["tables"]):
                h = t["header_rows"]
                self.assertEqual(df.shape, (t["n_rows"] - h, t["n_cols"]), path)
                for c in t["cells"]:
                    if c["row"] < h:
                        continue
                    got = df.iat[c["row"] - h, c["col"]]
                    if isinstance(got, float) and c["text"]:
                        self.assertAlmostEqual(got, expected_number(c), msg=f"{path} {c}")
                    elif c["text"]:
                        self.assertEqual(got, c["text"], f"{path} {c}")

    def test_xlsx_matches_the_json(self):
        import openpyxl
        path, doc = self.docs[0]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.xlsx")
            subprocess.run([os.environ["BIAO_CLI"], "extract", "-f", "xlsx", "-o", out, path], check=True)
            wb = openpyxl.load_workbook(out)
            self.assertEqual(wb.sheetnames[0], "index")
            self.assertEqual(len(wb.sheetnames), 1 + len(doc["tables"]))
            frames = biao.read_tables(path)
            for name, t, df in zip(wb.sheetnames[1:], doc["tables"], frames):
                ws = wb[name]
                self.assertLessEqual(len(name), 31)
                top = 2  # the title and unit rows above the grid
                want = sorted(f"{_col(c['col'])}{c['row'] + 1 + top}:{_col(c['col'] + c['colspan'] - 1)}{c['row'] + c['rowspan'] + top}"
                              for c in t["cells"] if c["rowspan"] > 1 or c["colspan"] > 1)
                self.assertEqual(sorted(str(r) for r in ws.merged_cells.ranges), want, name)
                h = t["header_rows"]
                for c in t["cells"]:
                    v = ws.cell(row=c["row"] + 1 + top, column=c["col"] + 1).value
                    typed = c["row"] >= h and isinstance(df.iat[c["row"] - h, c["col"]], float)
                    if typed and c["text"]:
                        self.assertAlmostEqual(v, expected_number(c), msg=f"{name} {c}")
                    elif c["text"]:
                        self.assertEqual(v, c["text"], f"{name} {c}")


class RealReport(unittest.TestCase):
    """corpus/pdf-real/govbc-01.pdf page 10, 支出决算表 (reviewed against the rendered page)."""

    def test_expenditure_table_frame(self):
        path = os.path.join(CORPUS, "pdf-real", "govbc-01.pdf")
        frames = biao.read_tables(path, pages="10-11")  # the pages of this table: fast
        df = next(f for f in frames if f.attrs["title"] == "支出决算表")
        self.assertEqual(df.columns.nlevels, 3)
        self.assertEqual(df.columns[0], ("项目", "支出功能分类", "科目编码"))
        self.assertEqual(df.columns[4], ("本年支出合计", "本年支出合计", "本年支出合计"))
        self.assertTrue(df.columns.is_unique, "科目编码 over 类/款/项 gets unique labels")
        self.assertEqual(list(df.columns[:3]), [("项目", "支出功能分类", "科目编码"), ("项目", "支出功能分类", "科目编码.1"),
                                                ("项目", "支出功能分类", "科目编码.2")])
        by_label = df.set_index(("项目", "科目名称", "科目名称"))  # index a column by its label
        self.assertAlmostEqual(by_label.loc["行政运行", ("本年支出合计", "本年支出合计", "本年支出合计")], 1511.89)
        self.assertEqual(by_label.loc["行政运行", ("项目", "支出功能分类", "科目编码.1")], "06", "codes stay text")
        row = df[df.iloc[:, 3] == "行政运行"].iloc[0]
        self.assertEqual(list(row.iloc[:3]), ["201", "06", "01"])
        self.assertAlmostEqual(row.iloc[4], 1511.89)
        self.assertAlmostEqual(row.iloc[6], 8.37)
        self.assertEqual(df.iloc[:, 4].dtype.kind, "f")
        yuan = next(f for f in biao.read_tables(path, unit="yuan", pages="10-11") if f.attrs["title"] == "支出决算表")
        self.assertAlmostEqual(yuan[yuan.iloc[:, 3] == "行政运行"].iloc[0, 4], 15118900)

    def test_pages_option(self):
        doc = biao.extract(os.path.join(CORPUS, "pdf-real", "govbc-01.pdf"), pages="10-11")
        self.assertEqual([t["title"] for t in doc["tables"]], ["支出决算表"])

    def test_pages_outside_the_document(self):
        with self.assertRaises(biao.BiaoError) as cm:
            biao.extract(os.path.join(CORPUS, "pdf-real", "govbc-01.pdf"), pages=[3, (20, 30)])
        self.assertIn("page 30 is outside the document (25 pages)", str(cm.exception))


def _col(k):
    s = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        s = chr(65 + r) + s
    return s


if __name__ == "__main__":
    unittest.main()
