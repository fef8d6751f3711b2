"""Tests of biao.dask without a cluster (tests/cli/dask.sh runs it on a real one): the input
expansion, the final-record rule against `biao batch --merge-manifests`, and one task run in this
process against the built biao (BIAO_CLI). Run by tests/cli/python.sh."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import biao.dask as bd  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.environ.get("BIAO_CORPUS", os.path.join(ROOT, "corpus"))
CLI = os.environ.get("BIAO_CLI", "biao")
SHA_A, SHA_B = "a" * 64, "b" * 64


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(data)


class Inputs(unittest.TestCase):
    def test_files_folders_globs_lists(self):
        with tempfile.TemporaryDirectory() as d:
            for name in ("in/b.pdf", "in/a.pdf", "in/sub/c.txt", "in/.hidden.pdf", "in/.git/x.pdf", "other/d.pdf"):
                write(os.path.join(d, name), "x")
            write(os.path.join(d, "paths.lst"), f"{d}/other/d.pdf\n\n{d}/in/a.pdf\n")
            got = bd.expand_inputs([f"{d}/in", f"{d}/other/*.pdf", "@" + os.path.join(d, "paths.lst")])
            rel = [os.path.relpath(p, d) for p in got]
            # the walk is sorted, skips hidden entries, and a path named twice is listed once
            self.assertEqual(rel, ["in/a.pdf", "in/b.pdf", "in/sub/c.txt", "other/d.pdf"])
            self.assertEqual([os.path.relpath(p, d) for p in bd.expand_inputs(f"{d}/**/*.txt")], ["in/sub/c.txt"])
            # the output folder inside an input folder is not an input
            write(os.path.join(d, "in/out/a.pdf.json"), "{}")
            self.assertNotIn(f"{d}/in/out/a.pdf.json", bd.expand_inputs(f"{d}/in", outdir=f"{d}/in/out"))
            with self.assertRaises(FileNotFoundError):
                bd.expand_inputs(f"{d}/nothing-*.pdf")
            with self.assertRaises(FileNotFoundError):
                bd.expand_inputs(f"{d}/missing.pdf")


class FinalRecords(unittest.TestCase):
    def test_same_rule_as_biao_batch_merge(self):
        def rec(path, sha, status):
            return json.dumps({"path": path, "sha256": sha, "status": status, "code": None, "message": None,
                               "pages": None, "tables": None, "ms": 1, "output": None})

        lines = [rec("a", SHA_A, "ok"), rec("a", SHA_A, "timeout"),   # a failure never hides ok of the same file
                 rec("b", SHA_A, "ok"), rec("b", SHA_B, "crash"),     # ... but does when the file changed
                 rec("c", SHA_A, "error"), rec("c", SHA_A, "ok"),     # the latest record wins
                 rec("d", SHA_A, "oom"), '{"path": "d", "sha2']       # a torn last line is ignored
        with tempfile.TemporaryDirectory() as d:
            m = os.path.join(d, "manifest.ndjson")
            write(m, "\n".join(lines))
            mine = {p: (r["sha256"], r["status"]) for p, r in bd.final_records(m).items()}
            out = subprocess.run([CLI, "batch", "--merge-manifests", m], capture_output=True, text=True).stdout
            theirs = {r["path"]: (r["sha256"], r["status"]) for r in map(json.loads, out.splitlines())}
            self.assertEqual(mine, theirs)
            self.assertEqual(mine, {"a": (SHA_A, "ok"), "b": (SHA_B, "crash"), "c": (SHA_A, "ok"), "d": (SHA_A, "oom")})
            self.assertEqual(bd.final_records(os.path.join(d, "none.ndjson")), {})

    def test_manifest_appended_and_locked(self):
        with tempfile.TemporaryDirectory() as d:
            m = os.path.join(d, "manifest.ndjson")
            write(m, '{"path": "a"}\n{"path": "b", "sha2')  # a torn last line
            fd = bd._open_manifest(m)
            try:
                with self.assertRaises(bd.Busy):  # a second run into the same folder is refused
                    bd._open_manifest(m)
                bd._append(fd, '{"path": "c"}')
            finally:
                os.close(fd)
            with open(m, encoding="utf-8") as f:
                self.assertEqual(f.read().splitlines()[-1], '{"path": "c"}')
            self.assertEqual(sorted(bd.final_records(m)), ["a", "c"])
            os.close(bd._open_manifest(m))  # the lock went with the descriptor


class Task(unittest.TestCase):
    """_run_group, the function the Dask workers run, called here directly."""

    def test_outputs_and_lines_of_biao_batch_then_resume(self):
        src = os.path.join(CORPUS, "batch")
        with tempfile.TemporaryDirectory() as d:
            docs = [os.path.join(d, "in", n) for n in ("table.pdf", "table.txt", "empty.pdf")]
            os.makedirs(os.path.join(d, "in"))
            for n in ("table.pdf", "table.txt"):
                with open(os.path.join(src, n), "rb") as f, open(os.path.join(d, "in", n), "wb") as g:
                    g.write(f.read())
            write(docs[2], "")
            argv = bd._batch_argv(CLI, 60, 0, None, ())
            out = os.path.join(d, "out")
            got = bd._run_group([(p, None) for p in docs], out, d, argv)
            subprocess.run([CLI, "batch", "-j1", "--quiet", "-o", os.path.join(d, "ref"), "-"],
                           input="\n".join(docs) + "\n", text=True, cwd=d)
            with open(os.path.join(d, "ref", "manifest.ndjson"), encoding="utf-8") as f:
                ref = {r["path"]: r for r in map(json.loads, f)}
            self.assertEqual([p for p, _ in got], docs)
            for p, line in got:
                r, want = json.loads(line), ref[p]
                r.pop("ms"), want.pop("ms")
                self.assertEqual(r, want)
                if r["status"] == "ok":
                    with open(os.path.join(out, r["output"]), "rb") as f, \
                            open(os.path.join(d, "ref", r["output"]), "rb") as g:
                        self.assertEqual(f.read(), g.read())
            self.assertEqual([json.loads(l)["status"] for _, l in got], ["ok", "ok", "error"])
            self.assertEqual(os.listdir(os.path.join(out, bd.TMP_DIR)), [])  # every part renamed into place
            # resume: an ok with its output and an error of unchanged files are skipped; a changed file is redone
            prev = {p: json.loads(l) for p, l in got}
            write(docs[2], "x")
            again = bd._run_group([(p, prev[p]) for p in docs], out, d, argv)
            self.assertEqual([l is None for _, l in again], [True, True, False])
            # an output that carries another SHA-256 (left by another file of that path) is redone
            pdf_out = os.path.join(out, prev[docs[0]]["output"])
            txt_out = os.path.join(out, prev[docs[1]]["output"])
            with open(txt_out, "rb") as f, open(pdf_out, "wb") as g:
                g.write(f.read())
            again = bd._run_group([(docs[0], prev[docs[0]])], out, d, argv)
            self.assertIsNotNone(again[0][1])
            with open(pdf_out, "rb") as f, open(os.path.join(d, "ref", prev[docs[0]]["output"]), "rb") as g:
                self.assertEqual(f.read(), g.read())

    def test_csv_files_published_and_resumed(self):
        with tempfile.TemporaryDirectory() as d:
            doc = os.path.join(d, "table.pdf")
            with open(os.path.join(CORPUS, "batch", "table.pdf"), "rb") as f, open(doc, "wb") as g:
                g.write(f.read())
            argv = bd._batch_argv(CLI, 60, 0, "csv", ())
            out = os.path.join(d, "out")
            (path, line), = bd._run_group([(doc, None)], out, d, argv)
            subprocess.run(argv + ["-o", os.path.join(d, "ref"), doc], capture_output=True)
            rec = json.loads(line)
            stem = os.path.join(out, rec["output"])
            got = sorted(os.listdir(os.path.dirname(stem)))
            self.assertEqual(got, sorted(os.listdir(os.path.dirname(os.path.join(d, "ref", rec["output"])))))
            self.assertEqual(len(got), rec["tables"])
            self.assertTrue(rec["tables"] >= 1 and all(n.startswith("table.pdf-t") for n in got), got)
            self.assertIsNone(bd._run_group([(doc, rec)], out, d, argv)[0][1])  # resumed: skipped


if __name__ == "__main__":
    unittest.main()
