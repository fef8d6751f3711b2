"""biao.dask: extract many documents on a Dask cluster; nothing is lost when a worker or a document dies.

    from distributed import Client
    import biao.dask
    client = Client("tcp://scheduler-host:8786")
    summary = biao.dask.run(client, ["reports/**/*.pdf"], "out/", timeout=300, max_memory=2048)
    cells = biao.dask.cells_frame("out/")          # pandas: one row per table cell, every document
    big = biao.dask.cells_dask_frame("out/")       # the same as a Dask DataFrame read on the workers

or, without writing Python: `biao-dask -s tcp://scheduler-host:8786 -o out/ reports/` (or
`python3 -m biao.dask ...`).

How it works, and why:
- Documents go to the cluster in small groups (`group`, default 4). A task runs the `biao batch` CLI
  on its group (`-j1`, the same --timeout and --max-memory), so every document is extracted in its
  own child process with biao's limits: a document that crashes, hangs or eats memory is recorded as
  `crash`/`timeout`/`oom` and never takes the Dask worker down. `biao batch` runs under
  `setpriv --pdeathsig KILL`, so when a Dask worker is killed its batch goes with it.
- The Dask workers need only `biao` on their PATH (or `biao=...`) and python3-distributed: this
  module's functions are shipped to them by value. Inputs must be readable, and the output folder
  writable, at the same paths on every worker (shared storage); relative paths are taken from the
  client's working directory.
- Outputs are those of `biao batch`, byte for byte, at the same places: an input `a/b.pdf` gives
  `OUT/a/b.pdf.json`, and OUT/manifest.ndjson gets the very line `biao batch` wrote for it (path,
  sha256, status, code, message, pages, tables, ms, output). A task writes each output to a
  temporary file in OUT/.biao-dask-tmp/ and renames it into place, so an output is whole or absent.
- Exactly once: only this client process appends to the manifest, one line per document when its
  task's result arrives; a task that was running on a worker that died is run again elsewhere by
  the scheduler, and its outputs land on the same names (a rename replaces, never duplicates).
- Keyed by SHA-256: with `resume=True` a document is skipped when its final manifest record (the
  rule of `biao batch --resume`: the latest record, except that a failure never hides an earlier
  `ok` of the same contents) is `ok` or `error`, the file's SHA-256 (computed on the worker) still
  equals the record's, and, for `ok`, its output exists and carries that same SHA-256 in its
  "source". So an output left by an older version of the file, or by a run with another input of the
  same path, is redone; `timeout`, `crash` and `oom` are retried.
"""

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

__all__ = ["Busy", "expand_inputs", "run", "final_records", "cells_frame", "cells_dask_frame", "main"]

FAILED = ("error", "write-error", "timeout", "crash", "oom")
DONE = ("ok", "scanned", "skipped", "error")  # not redone on resume (as biao batch --resume)
TMP_DIR = ".biao-dask-tmp"  # inside OUT: same filesystem, so a rename publishes an output atomically
_GLOB_MAGIC = re.compile(r"[*?[]")
_SOURCE_SHA = re.compile(rb'"sha256": ?"([0-9a-f]{64})"')


# ---- inputs ----

def _walk(root, outdir, out):
    """Regular files under `root` in sorted order, hidden entries skipped, symlinks followed once,
    the output folder skipped: the walk of `biao batch`."""
    seen = set()
    for dirpath, dirs, files in os.walk(root, followlinks=True):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in seen or (outdir and os.path.abspath(dirpath) == outdir):
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(f for f in files if not f.startswith(".")):
            p = os.path.join(dirpath, f)
            if os.path.isfile(p):
                out.append(p)


def expand_inputs(specs, outdir=None):
    """The list of document paths named by `specs`: a path or a list of them, where each item is a
    file, a directory (walked like `biao batch` does), a glob pattern (`**` recurses), `@LIST` (a
    text file with one path or pattern per line) or `-` (such lines on stdin). Order is kept and a
    path named twice is listed once. Raises FileNotFoundError for a name that matches nothing."""
    if isinstance(specs, (str, os.PathLike)):
        specs = [specs]
    outdir = os.path.abspath(outdir) if outdir else None
    found = []
    for spec in specs:
        spec = os.fspath(spec)
        if spec == "-" or spec.startswith("@"):
            if spec == "-":
                lines = sys.stdin.read().splitlines()
            else:
                with open(spec[1:], encoding="utf-8") as f:
                    lines = f.read().splitlines()
            found.extend(expand_inputs([l for l in lines if l.strip()], outdir))
        elif os.path.isdir(spec):
            _walk(spec, outdir, found)
        elif os.path.exists(spec):
            found.append(spec)
        elif _GLOB_MAGIC.search(spec):
            matches = [p for p in sorted(glob.glob(spec, recursive=True)) if os.path.isfile(p)]
            if not matches:
                raise FileNotFoundError(f"{spec}: no file matches")
            found.extend(matches)
        else:
            raise FileNotFoundError(f"{spec}: no such file or directory")
    seen, unique = set(), []
    for p in found:
        if "\n" in p:
            raise ValueError(f"{p!r}: a path with a newline cannot be passed to biao batch")
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


# ---- the manifest ----

def final_records(manifest):
    """path -> final record of an append-only manifest (the rule of `biao batch --resume`); lines
    that do not parse (a torn last line) are ignored. {} when the file does not exist."""
    final = {}
    try:
        f = open(manifest, encoding="utf-8")
    except FileNotFoundError:
        return final
    with f:
        for line in f:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if not isinstance(r, dict) or not isinstance(r.get("path"), str):
                continue
            old = final.get(r["path"])
            if old and old.get("status") == "ok" and r.get("status") != "ok" and old.get("sha256") == r.get("sha256"):
                continue  # a failure never hides an ok of the same contents
            final[r["path"]] = r
    return final


class Busy(OSError):
    """Another run (biao-dask or biao batch) holds the output folder's manifest lock."""


def _open_manifest(manifest):
    """The manifest opened for appending (never truncated: earlier records stay, and the final
    record of a path wins), locked as `biao batch` locks it, so that two runs never write into one
    folder; a torn last line gets its newline. Raises Busy."""
    import fcntl

    fd = os.open(manifest, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise Busy(f"{os.path.dirname(manifest)}: another run is writing to this folder") from None
    except OSError:
        pass  # a file system without locks: go on unprotected, as biao batch does
    size = os.fstat(fd).st_size
    if size:
        with open(manifest, "rb") as f:
            f.seek(size - 1)
            if f.read(1) != b"\n":
                _append(fd, "")
    return fd


def _append(fd, line):
    """One manifest line in one write() on an O_APPEND descriptor: readers never see half of it."""
    data = (line + "\n").encode("utf-8")
    while data:
        data = data[os.write(fd, data):]


def _record_line(path, sha256, status, message):
    """A manifest line for a document whose task failed as a whole, in biao batch's field order."""
    r = {"path": path, "sha256": sha256, "status": status, "code": None, "message": message,
         "pages": None, "tables": None, "ms": None, "output": None}
    return json.dumps(r, ensure_ascii=False, separators=(",", ":"))


def _sha256(path):
    """SHA-256 of a regular file's bytes; None for anything else (reading a FIFO could block)."""
    if not os.path.isfile(path):
        return None
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---- the task (runs on a Dask worker) ----

def _still_done(item, outdir):
    """True when a document of a previous run need not be redone (see the module doc)."""
    path, prev = item
    try:
        if _sha256(path) != prev["sha256"]:
            return False
    except OSError:
        return False
    if prev["status"] in ("error", "skipped"):  # nothing was written for them
        return True
    if not prev.get("output"):
        return False
    out = os.path.join(outdir, prev["output"])
    if not out.endswith((".json", ".ndjson")):  # CSV: the output is the stem of one file per table
        return prev.get("tables") == 0 or bool(glob.glob(glob.escape(out) + "-t*.csv"))
    if not os.path.isfile(out):
        return False
    if out.endswith(".ndjson"):
        return True  # NDJSON of a document without tables is empty: existence is all we can check
    with open(out, "rb") as f:
        m = _SOURCE_SHA.search(f.read(1 << 16))
    return bool(m) and m.group(1).decode() == prev["sha256"]


def _publish(src, dst, tmpdir):
    """Copy src to dst atomically: a temporary file on dst's filesystem, fsync, rename."""
    os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
    tmp = os.path.join(tmpdir, f"{uuid.uuid4().hex}.part")
    with open(src, "rb") as fi, open(tmp, "wb") as fo:
        shutil.copyfileobj(fi, fo, 1 << 20)
        fo.flush()
        os.fsync(fo.fileno())
    os.replace(tmp, dst)


def _run_group(items, outdir, cwd, argv):
    """Extract one group: items are (path, previous final record or None). Returns a list of
    (path, manifest line or None when skipped as already done), in the order of `items`."""
    results = {}
    todo = []
    for item in items:  # relative input paths are the client's: never chdir, the worker is shared
        if item[1] is not None and _still_done((os.path.join(cwd, item[0]), item[1]), outdir):
            results[item[0]] = None
        else:
            todo.append(item[0])
    if todo:
        work = tempfile.mkdtemp(prefix="biao-dask-")
        try:
            cmd = list(argv) + ["-o", work, "-"]
            if shutil.which("setpriv"):  # util-linux: our batch dies with the worker
                cmd = ["setpriv", "--pdeathsig", "KILL", "--"] + cmd
            proc = subprocess.run(cmd, input="\n".join(todo) + "\n", capture_output=True, text=True, cwd=cwd)
            lines = {}
            try:
                with open(os.path.join(work, "manifest.ndjson"), encoding="utf-8") as f:
                    for line in f:
                        line = line.rstrip("\n")
                        try:
                            lines[json.loads(line)["path"]] = (line, json.loads(line))
                        except (ValueError, KeyError, TypeError):
                            continue
            except FileNotFoundError:
                pass
            missing = [p for p in todo if p not in lines]
            if missing:
                raise RuntimeError(f"biao batch exited with status {proc.returncode} without a record for "
                                   f"{len(missing)} of {len(todo)} documents: {proc.stderr.strip()[-500:]}")
            pub_tmp = os.path.join(outdir, TMP_DIR)
            os.makedirs(pub_tmp, exist_ok=True)
            for p in todo:
                line, rec = lines[p]
                if rec.get("status") == "ok" and rec.get("output"):
                    out = rec["output"]
                    srcs = [out]
                    if not os.path.exists(os.path.join(work, out)):  # CSV: OUT/stem-tNN.csv per table
                        stem = glob.escape(os.path.join(work, out))
                        srcs = sorted(os.path.relpath(q, work) for q in glob.glob(stem + "-t*"))
                    for rel in srcs:
                        _publish(os.path.join(work, rel), os.path.join(outdir, rel), pub_tmp)
                results[p] = line
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return [(p, results[p]) for p, _ in items]


# ---- the client side ----

def _ship():
    """Workers need not have this module installed: its functions travel with the tasks."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _batch_argv(biao, timeout, max_memory, fmt, extra):
    argv = [biao, "batch", "-j1", "--quiet", "--timeout", str(timeout), "--max-memory", str(max_memory)]
    if fmt:
        argv += ["-f", fmt]
    return argv + list(extra or [])


class _Progress:
    """documents done / failed / per second on stderr, at most twice a second."""

    def __init__(self, total, skipped, stream):
        self.total, self.skipped, self.stream = total, skipped, stream
        self.done = self.failed = 0
        self.start = time.monotonic()
        self.last = 0.0

    def rate(self):
        return self.done / max(time.monotonic() - self.start, 1e-9)

    def draw(self, force=False):
        now = time.monotonic()
        if not self.stream or (not force and now - self.last < 0.5):
            return
        self.last = now
        lead, end = ("\r", " ") if self.stream.isatty() else ("", "\n")  # a log file gets whole lines
        self.stream.write(f"{lead}biao-dask: {self.done + self.skipped}/{self.total} documents, {self.failed} failed, "
                          f"{self.rate():.1f}/s{end}")
        self.stream.flush()

    def end(self):
        if self.stream:
            self.draw(force=True)
            self.stream.write("\n" if self.stream.isatty() else "")
            self.stream.flush()


def _workers_threads(client):
    try:
        return max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
    except Exception:
        return 1


def run(client, paths, outdir, *, timeout=600, max_memory=2048, group=4, resume=False, biao="biao",
        fmt=None, extra_args=(), progress=None, in_flight=None, cells=False):
    """Extract every document of `paths` (see expand_inputs) on the cluster of `client` into `outdir`.

    timeout (s) and max_memory (MB) are biao batch's per-document limits; group is the number of
    documents per task (the work redone when a worker dies); resume skips what an earlier run did;
    biao is the CLI on the workers; fmt ("json", "ndjson" or "csv") and extra_args (e.g.
    ["--unit", "yuan"]) go to `biao batch`; progress is a text stream for the progress line (None:
    silent); in_flight bounds the tasks queued at once (default: 4 per worker thread); cells=True
    adds "cells": cells_frame of these documents (JSON outputs) to the summary.

    Returns a summary dict: total, done (extracted in this run), skipped (done before; skipped_errors
    of them were errors), failed (done, not ok), statuses {status: count of this run}, seconds,
    per_second (documents extracted per second in this run)."""
    from distributed import as_completed

    _ship()
    outdir = os.path.abspath(outdir)
    inputs = expand_inputs(paths, outdir)
    os.makedirs(os.path.join(outdir, TMP_DIR), exist_ok=True)
    manifest = os.path.join(outdir, "manifest.ndjson")
    prev = final_records(manifest) if resume else {}
    items = [(p, prev[p] if prev.get(p, {}).get("status") in DONE and prev[p].get("sha256") else None)
             for p in inputs]
    groups = [items[i:i + group] for i in range(0, len(items), max(1, group))]
    argv = _batch_argv(biao, timeout, max_memory, fmt, extra_args)
    cwd = os.getcwd()
    statuses = {}
    skipped_errors = 0
    prog = _Progress(len(inputs), 0, progress)
    limit = in_flight or 4 * _workers_threads(client)

    mfd = _open_manifest(manifest)
    try:
        pending = {}
        queue = iter(groups)
        ac = as_completed()

        def submit_more():
            while len(pending) < limit:
                g = next(queue, None)
                if g is None:
                    return
                fut = client.submit(_run_group, g, outdir, cwd, argv, pure=False)
                pending[fut] = g
                ac.add(fut)

        submit_more()
        last_sync = time.monotonic()
        try:
            for fut in ac:
                g = pending.pop(fut)
                try:
                    results = fut.result()
                except Exception as e:  # the task itself failed (e.g. it killed its workers repeatedly)
                    msg = f"dask task failed: {type(e).__name__}: {e}".replace("\n", " ")[:500]
                    results = []
                    for p, _ in g:
                        try:
                            sha = _sha256(os.path.join(cwd, p))
                        except OSError:
                            sha = None
                        results.append((p, _record_line(p, sha, "crash", msg)))
                for p, line in results:
                    if line is None:
                        prog.skipped += 1
                        skipped_errors += prev[p]["status"] == "error"
                        continue
                    _append(mfd, line)
                    status = json.loads(line).get("status")
                    statuses[status] = statuses.get(status, 0) + 1
                    prog.done += 1
                    prog.failed += status in FAILED
                fut.release()
                if time.monotonic() - last_sync > 1:  # durable within a second
                    os.fdatasync(mfd)
                    last_sync = time.monotonic()
                prog.draw()
                submit_more()
        except BaseException:
            client.cancel(list(pending))
            raise
        finally:
            os.fdatasync(mfd)
            prog.end()
    finally:
        os.close(mfd)  # releases the lock
    shutil.rmtree(os.path.join(outdir, TMP_DIR), ignore_errors=True)  # parts left by killed workers
    seconds = time.monotonic() - prog.start
    return {"total": len(inputs), "done": prog.done, "skipped": prog.skipped, "skipped_errors": skipped_errors,
            "failed": prog.failed, "statuses": statuses, "seconds": seconds,
            "per_second": prog.done / max(seconds, 1e-9), **({"cells": cells_frame(outdir, inputs)} if cells else {})}


_CELL_COLUMNS = {"path": object, "sha256": object, "table": "int64", "title": object, "form": object,
                 "page_start": "Int64", "page_end": "Int64", "row": "int64", "col": "int64", "rowspan": "int64",
                 "colspan": "int64", "text": object, "kind": object, "number": "float64", "decimal": object,
                 "unit": object}


def _ok_json(outdir, paths=None):
    """(path, record) of the documents of OUT's manifest whose final record is ok with a JSON output,
    in manifest order; only those of `paths` when given."""
    keep = set(paths) if paths is not None else None
    return [(p, r) for p, r in final_records(os.path.join(outdir, "manifest.ndjson")).items()
            if r.get("status") == "ok" and (r.get("output") or "").endswith(".json") and (keep is None or p in keep)]


def _cells(outdir, docs):
    """The cell rows of `docs` ((path, record) pairs) as a pandas DataFrame of _CELL_COLUMNS."""
    import pandas as pd

    rows = []
    for path, rec in docs:
        with open(os.path.join(outdir, rec["output"]), encoding="utf-8") as f:
            doc = json.load(f)
        for t in doc["tables"]:
            form = (t.get("form") or {}).get("name")
            head = (path, rec["sha256"], t["index"], t.get("title"), form, t.get("page_start"), t.get("page_end"))
            for c in t["cells"]:
                v = c.get("value") or {}
                rows.append(head + (c["row"], c["col"], c.get("rowspan", 1), c.get("colspan", 1), c["text"],
                                    v.get("kind"), v.get("number"), v.get("decimal"), v.get("unit")))
    return pd.DataFrame(rows, columns=list(_CELL_COLUMNS)).astype(_CELL_COLUMNS)


def cells_frame(outdir, paths=None):
    """Every cell of every `ok` document of OUT's manifest (or of those among `paths`) as one long
    pandas DataFrame, one row per cell: path, sha256, table (1-based), title, form (its name),
    page_start, page_end, row, col, rowspan, colspan, text, kind (number, text, empty, ...), number
    (float), decimal (the exact digits) and unit of the cell's typed value. Built from the JSON
    outputs; pending: the long value table of the data-out work will replace it once `biao batch`
    can write one."""
    return _cells(outdir, _ok_json(outdir, paths))


def cells_dask_frame(outdir, paths=None, docs_per_partition=64, client=None):
    """cells_frame as a Dask DataFrame whose partitions (`docs_per_partition` documents each) are
    read on the workers of `client` (default: the current one) from the shared output folder: for
    more cells than the client can hold. The reading starts at once."""
    import dask.dataframe as dd
    from distributed import get_client

    client = client or get_client()
    _ship()
    outdir = os.path.abspath(outdir)
    docs = _ok_json(outdir, paths)
    # client.submit, not dask.delayed: a function inside a graph is pickled by reference, and a
    # worker without this package installed would fail to load it (and drop its connection)
    parts = [client.submit(_cells, outdir, docs[i:i + docs_per_partition], pure=False)
             for i in range(0, len(docs), docs_per_partition)]
    return dd.from_delayed(parts or [client.submit(_cells, outdir, [], pure=False)], meta=_cells(outdir, []))


# ---- the command ----

def main(argv=None):
    import argparse

    ap = argparse.ArgumentParser(
        prog="biao-dask",
        description="Extract the tables of many documents on a Dask cluster (dask scheduler / dask worker). "
                    "Each document runs in its own `biao batch` child on a worker, with its time and memory "
                    "limits; outputs and OUT/manifest.ndjson are those of `biao batch`.",
        epilog="Exit status: 0 all ok, 9 some documents failed (see the manifest), 2 usage, 3 an input is "
               "missing or the scheduler cannot be reached, 8 the output cannot be written, 10 another run is "
               "writing to the output folder, 130 interrupted "
               "(the manifest stays valid; --resume continues).")
    ap.add_argument("paths", nargs="*",
                    help="files, folders (walked), glob patterns, @LIST files, or - (list on stdin)")
    ap.add_argument("-s", "--scheduler", required=True, help="scheduler address, e.g. tcp://host:8786, "
                    "or a --scheduler-file written by `dask scheduler`")
    ap.add_argument("-o", "--output", default="biao-out", help="output folder on shared storage (default biao-out)")
    ap.add_argument("-l", "--list", action="append", default=[], help="a text file of paths, one a line")
    ap.add_argument("-f", "--format", choices=["json", "ndjson", "csv"], default=None)
    ap.add_argument("--timeout", type=float, default=600, help="seconds per document (default 600)")
    ap.add_argument("--max-memory", type=int, default=2048, help="MB per document (default 2048; 0 = none)")
    ap.add_argument("--group", type=int, default=4, help="documents per Dask task (default 4)")
    ap.add_argument("--resume", action="store_true", help="skip documents done by an earlier run")
    ap.add_argument("--biao", default="biao", help="the biao program on the workers (default: biao on PATH)")
    ap.add_argument("--progress", action="store_true", help="progress line even when stderr is not a terminal")
    ap.add_argument("--quiet", action="store_true", help="no progress line and no summary")
    ap.add_argument("--batch-arg", action="append", default=[], metavar="ARG",
                    help="an extra option for `biao batch` (repeat: --batch-arg=--unit --batch-arg=yuan)")
    a = ap.parse_args(argv)
    specs = a.paths + ["@" + l for l in a.list]
    if not specs:
        ap.error("no input (PATH..., --list FILE, or - for a list on stdin)")
    if a.group < 1:
        ap.error("--group takes a positive number")
    from distributed import Client

    try:
        inputs = expand_inputs(specs, a.output)
    except (OSError, ValueError) as e:
        print(f"biao-dask: {e}", file=sys.stderr)
        return 3
    show = not a.quiet and (a.progress or sys.stderr.isatty())
    sched = dict(scheduler_file=a.scheduler) if os.path.isfile(a.scheduler) else dict(address=a.scheduler)
    try:
        client = Client(**sched, timeout="30s")
    except (OSError, ValueError) as e:  # TimeoutError is an OSError
        print(f"biao-dask: cannot reach the scheduler {a.scheduler}: {e}", file=sys.stderr)
        return 3
    with client:
        try:
            s = run(client, inputs, a.output, timeout=a.timeout, max_memory=a.max_memory, group=a.group,
                    resume=a.resume, biao=a.biao, fmt=a.format, extra_args=a.batch_arg,
                    progress=sys.stderr if show else None)
        except KeyboardInterrupt:
            print("biao-dask: interrupted", file=sys.stderr)
            return 130
        except OSError as e:  # the manifest or the output folder cannot be written
            print(f"biao-dask: {e}", file=sys.stderr)
            return 10 if isinstance(e, Busy) else 8
    if not a.quiet:
        by = ", ".join(f"{k} {v}" for k, v in sorted(s["statuses"].items()))
        by += f", skipped {s['skipped']}" if s["skipped"] else ""
        print(f"biao-dask: {s['total']} documents ({by.lstrip(', ')}) in {s['seconds']:.1f} s, "
              f"{s['per_second']:.2f}/s; "
              f"manifest {os.path.join(a.output, 'manifest.ndjson')}", file=sys.stderr)
    return 0 if s["failed"] == 0 and s["skipped_errors"] == 0 else 9


if __name__ == "__main__":
    sys.exit(main())
