#!/usr/bin/python3
"""The figures of docs/check-report.md: `biao check -v` over many files, totalled, with every failure
listed under the verdict a person gave it after looking at the page.

Usage: scripts/check-report.py [--biao BIAO] [-j N] [--verdicts FILE] [--records] FILE...

Runs `biao check -v FILE` once per file (N at a time) and prints: the totals (tables, checks, passed,
failed, not checked), the counts per rule, every "not checked" with its reason, the files where no
table was found or that could not be read, the failures grouped by verdict, and a line per file.

--verdicts FILE: one verdict per line, `REGEX<TAB>VERDICT` ('#' starts a comment). A failure goes
under the first verdict whose REGEX matches its line ("cities/xa-12.pdf: table 18 (…) p.70 row 20
'总分', column 9 (得分): FAIL 总分等于得分之和: …"); a VERDICT starts with "publisher:" (the report's
own numbers disagree) or "biao:" (a reading or checking mistake). Failures no verdict matches are
listed as UNCLASSIFIED, and a verdict that matches nothing is reported as stale.
--records: also read `biao extract --records` of each PDF and DOCX and report the two-sided forms
(收入 | 支出 side by side: 收入支出决算总表, 收支预算总表 ...): how many sides each gives, and every
record that has amounts but no label.
Run from the source tree (the default BIAO is build/release/biao)."""
import argparse
import collections
import concurrent.futures
import json
import re
import subprocess
import sys

RESULT = re.compile(r"^(?P<file>.+?): table (?P<table>\d+) \((?P<title>.*?)\)(?P<where>.*?): "
                    r"(?P<verdict>ok|FAIL|not checked) (?P<rule>[^:]+): (?P<what>.*)$")
SCANNED = re.compile(r"^(?P<file>.+?): (?P<pages>pages? \S+) without a text layer")
SUMMARY = re.compile(r"^(?P<file>.+?): (\d+) tables, (\d+) checks, (\d+) failed, (\d+) passed, (\d+) not checked$")


def short(path):
    """../shared/corpus/cities/xa-12.pdf -> cities/xa-12.pdf; ../shared/seeds/000.txt -> seeds/000.txt"""
    return re.sub(r"^.*?(?:shared/)?(?:corpus/)?(?=(cities|real|seeds|docx-public)/)", "", path)


def run(biao, path):
    p = subprocess.run([biao, "check", "-v", path], capture_output=True, text=True, errors="replace")
    return path, p.returncode, p.stdout, p.stderr


TWO_SIDED = re.compile(r"^(收入支出决算总表|收支预算总表|财政拨款收入支出决算总表|财政拨款收支预算总表|财务收支预算总表|"
                       r"政府性基金预算财政拨款收入支出决算表)$")


def two_sided(biao, path):
    """(form, table, n_sides, rows with amounts but no label) of each two-sided form of one file."""
    p = subprocess.run([biao, "extract", "--records", path], capture_output=True, text=True, errors="replace")
    if p.returncode != 0:
        return []
    out = []
    for rec in json.loads(p.stdout).get("records", []):
        if not TWO_SIDED.match(rec.get("form") or ""):
            continue
        rows = [r for r in rec.get("rows", []) if r.get("amounts")]
        sides = {r.get("side") for r in rows}
        nolabel = [(r["row"], r.get("side"), r["amounts"]) for r in rows if not r.get("label")]
        out.append((rec["form"], rec["table"], len(sides), nolabel))
    return out


def records_report(biao, files, jobs):
    files = [f for f in files if re.search(r"\.(pdf|docx)$", f, re.I)]
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        found = list(ex.map(lambda f: (f, two_sided(biao, f)), files))
    tables = [(short(f), *t) for f, ts in found for t in ts]
    print(f"\nTWO-SIDED FORMS (extract --records): {len(tables)} tables")
    print("  by form: " + ", ".join(f"{k} {n}" for k, n in collections.Counter(t[1] for t in tables).most_common()))
    print("  sides found: " + ", ".join(f"{k} side(s): {n} tables"
                                        for k, n in sorted(collections.Counter(t[3] for t in tables).items())))
    bad = [t for t in tables if t[4]]
    print(f"  {len(tables) - len(bad)} tables give every record with amounts its own label on its own side; "
          f"{len(bad)} have amounts without a label:")
    for f, form, table, n, nolabel in bad:
        rows = "; ".join(f"row {r + 1} side {s} {json.dumps(a, ensure_ascii=False)}" for r, s, a in nolabel)
        print(f"    {f} table {table} ({form}): {rows}")
    print("  one side: " + (" ".join(f"{t[0]} t{t[2]}" for t in tables if t[3] == 1) or "none"))


def parse(path, out):
    """The results of one file: a list of dicts (verdict, rule, line, detail), the summary numbers and
    the pages without a text layer (or None)."""
    results, summary, scanned = [], None, None
    for line in out.splitlines():
        if line.startswith("    ") and results:
            results[-1]["detail"].append(line.strip())
            continue
        m = RESULT.match(line)
        if m:
            d = m.groupdict()
            d["line"] = short(path) + line[len(d["file"]):]
            d["detail"] = []
            results.append(d)
            continue
        m = SCANNED.match(line)
        if m:
            scanned = m.group("pages")
            continue
        m = SUMMARY.match(line)
        if m:
            summary = tuple(int(x) for x in m.groups()[1:])
    return results, summary, scanned


def reason_kind(reason):
    """A not-checked reason without its place and amounts, to count reasons."""
    r = re.sub(r"\([^)]*\)", "", reason)
    r = re.sub(r"'[^']*'", "'…'", r)
    r = re.sub(r"\brow \d+", "row N", r)
    return re.sub(r"\s+", " ", r).strip()


def load_verdicts(path):
    out = []
    if not path:
        return out
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if "\t" not in line:
                sys.exit(f"{path}:{n}: expected REGEX<TAB>VERDICT")
            rx, verdict = line.split("\t", 1)
            out.append((re.compile(rx), verdict.strip()))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--biao", default="build/release/biao")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--verdicts")
    ap.add_argument("--records", action="store_true")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    verdicts = load_verdicts(a.verdicts)

    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        runs = list(ex.map(lambda f: run(a.biao, f), a.files))

    totals = collections.Counter()
    by_rule = collections.defaultdict(collections.Counter)
    skipped, failures, per_file, no_table, unreadable = [], [], [], [], []
    for path, rc, out, err in runs:
        results, summary, scanned = parse(path, out)
        if summary is None:
            unreadable.append(f"{short(path)}: {err.strip() or 'exit %d' % rc}")
            continue
        tables, checks, failed, passed, notc = summary
        totals.update(files=1, tables=tables, checks=checks, failed=failed, passed=passed, skipped=notc)
        if tables == 0:
            no_table.append(short(path) + (f" (scanned: {scanned})" if scanned else ""))
        per_file.append(f"{short(path)}: {tables} tables, {checks} checks, {failed} failed, {passed} passed, "
                        f"{notc} not checked")
        for r in results:
            by_rule[r["rule"]][r["verdict"]] += 1
            if r["verdict"] == "FAIL":
                failures.append(r)
            elif r["verdict"] == "not checked":
                skipped.append(r)

    print(f"TOTALS: {totals['files']} files read, {totals['tables']} tables, {totals['checks']} checks: "
          f"{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} not checked")
    print("\nBy rule (passed / failed / not checked):")
    for rule in sorted(by_rule):
        c = by_rule[rule]
        print(f"  {rule:<28} {c['ok']:>6} {c['FAIL']:>5} {c['not checked']:>5}")
    print(f"\nNot checked ({len(skipped)}), by reason:")
    for kind, n in collections.Counter(reason_kind(" ".join(r["detail"])) for r in skipped).most_common():
        print(f"  {n:>5}  {kind}")
    for r in skipped:
        print(f"  {r['line']}")
        for d in r["detail"]:
            print(f"      {d}")
    print("\nFiles where the reader finds no table (so no check runs): " + (" ".join(no_table) or "none"))
    print("\nFiles that could not be read:" + ("" if unreadable else " none"))
    for u in unreadable:
        print(f"  {u}")

    groups = collections.OrderedDict((v, []) for _, v in verdicts)
    unclassified = []
    for r in failures:
        for rx, v in verdicts:
            if rx.search(r["line"]):
                groups[v].append(r)
                break
        else:
            unclassified.append(r)
    print(f"\nFAILURES ({len(failures)}), grouped by the verdict given after looking at the page:")
    count = collections.Counter()
    for v, rs in groups.items():
        if not rs:
            continue
        count[v.split(":", 1)[0]] += len(rs)
        print(f"\n  => {v}")
        for r in rs:
            print(f"  {r['line']}")
            for d in r["detail"]:
                print(f"      {d}")
    if unclassified:
        count["UNCLASSIFIED"] += len(unclassified)
        print("\n  => UNCLASSIFIED (no verdict yet: look at the page)")
        for r in unclassified:
            print(f"  {r['line']}")
            for d in r["detail"]:
                print(f"      {d}")
    stale = [v for v, rs in groups.items() if not rs]
    print("\nVerdicts: " + ", ".join(f"{k} {n}" for k, n in count.most_common()) if count else "\nVerdicts: none")
    for v in stale:
        print(f"  stale verdict (matches no failure): {v}")
    print("\nPer file:")
    for line in per_file:
        print(f"  {line}")
    if a.records:
        records_report(a.biao, a.files, a.j)


if __name__ == "__main__":
    main()
