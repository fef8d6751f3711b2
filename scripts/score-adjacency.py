#!/usr/bin/python3
"""Table accuracy as the ICDAR 2013 table competition measures it: cell adjacency relations.

Every non-empty cell is related to its nearest non-empty neighbour to the right (in each row it
spans) and below (in each column it spans); a relation is (text, neighbour text, direction) with
the texts normalised (all whitespace removed, NFKC). The relations of all tables of a document
form a multiset; precision = found relations that are true / found, recall = true relations found
/ true, F1 their harmonic mean. Empty cells and the exact split into tables do not count, only what
reads next to what — so the score is comparable across tools and with the competition's figures.

Truth and result may each be:
  - biao JSON (`biao extract` output, or any {"tables": [{"cells": [{row, col, rowspan, colspan,
    text}]}]}; `rows` is used when `cells` is absent),
  - an ICDAR 2013 structure file (*-str.xml: document/table/region/cell with start-row, start-col,
    end-row, end-col and content).

Usage:
  score-adjacency.py TRUTH RESULT            one document: P, R, F1 and the relations that differ (-v)
  score-adjacency.py --pairs LIST            LIST has "TRUTH RESULT" per line; per-file and total
  score-adjacency.py --truth-dir DIR BIAO    hand-checked tables (DIR/NAME.truth.json beside NAME.pdf,
                                             e.g. corpus/pdf-cities-truth): runs BIAO extract on each
                                             PDF and prints per table the cell-exact share and the
                                             adjacency F1, then the totals
  score-adjacency.py --causes ...            also sorts each document's lost relations (true, not
                                             found) by what the result did with their two texts:
      merged-rows   a text is no cell of its own but a line of a result cell spanning rows
                    (lines set in sub-rows with no rule between them, read as one cell)
      merged        a text is part of another result cell (columns or lines run together)
      unread        a text is in no result cell (a table missed, a caption or note row outside
                    the result table, text read otherwise)
      other-table   both texts are result cells, of different tables (a table cut in two)
      not-next      both are cells of one result table, not next to each other (a row or column
                    more or less between them)
Cell-exact: a non-empty truth cell counts when the result table matched to its table has a cell at
the same (row, col) with the same spans and the same text (exact, not normalised). A truth table is
matched to the result table sharing most adjacency relations with it (each result table once).
Exit status 0 (a score is a figure, not a test).
"""
import collections
import glob
import json
import os
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    return "".join(s.split())


def cells_from_json(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, list):  # biao extract of several files: one document here
        tables = [t for d in doc for t in d.get("tables", [])]
    else:
        tables = doc.get("tables", [])
    out = []
    for t in tables:
        cells = t.get("cells")
        if cells is None:  # only the dense grid
            cells = [{"row": r, "col": c, "rowspan": 1, "colspan": 1, "text": v}
                     for r, row in enumerate(t.get("rows", [])) for c, v in enumerate(row) if v]
        out.append([(c["row"], c["col"], c.get("rowspan", 1), c.get("colspan", 1), c.get("text", ""))
                    for c in cells])
    return out


def cells_from_icdar(path):
    # The competition files are plain XML without a DTD; ElementTree does not fetch entities.
    root = ET.parse(path).getroot()
    out = []
    for table in root.iter("table"):
        cells = []
        for region in table.iter("region"):
            for c in region.iter("cell"):
                r0, c0 = int(c.get("start-row")), int(c.get("start-col"))
                r1, c1 = int(c.get("end-row", r0)), int(c.get("end-col", c0))
                content = c.find("content")
                cells.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1, content.text if content is not None else ""))
        out.append(cells)
    return out


def cells_from_doc(doc):
    return [[(c["row"], c["col"], c.get("rowspan", 1), c.get("colspan", 1), c.get("text", ""))
             for c in t.get("cells", [])] for t in doc.get("tables", [])]


def load(path):
    if path.endswith(".xml"):
        return cells_from_icdar(path)
    return cells_from_json(path)


def relations(tables):
    rel = collections.Counter()
    for cells in tables:
        at = {}
        for (r, c, rs, cs, text) in cells:
            t = norm(text)
            if not t:
                continue
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    at[(rr, cc)] = (r, c, t)
        if not at:
            continue
        n_rows = max(k[0] for k in at) + 1
        n_cols = max(k[1] for k in at) + 1
        seen = set()

        def relate(me, text, starts, step, direction):
            # from each start, walk until the first non-empty cell: that is the neighbour
            for (rr, cc) in starts:
                while rr < n_rows and cc < n_cols:
                    hit = at.get((rr, cc))
                    if hit:
                        key = (me, hit[:2], direction)
                        if key not in seen:
                            seen.add(key)
                            rel[(text, hit[2], direction)] += 1
                        break
                    rr, cc = rr + step[0], cc + step[1]

        for (r, c, rs, cs, text) in cells:
            t = norm(text)
            if not t:
                continue
            relate((r, c), t, [(rr, c + cs) for rr in range(r, r + rs)], (0, 1), "h")  # right, each row
            relate((r, c), t, [(r + rs, cc) for cc in range(c, c + cs)], (1, 0), "v")  # below, each column
    return rel


def score(truth_path, result_path):
    truth, result = relations(load(truth_path)), relations(load(result_path))
    correct = sum((truth & result).values())
    return correct, sum(result.values()), sum(truth.values()), truth, result


CAUSES = ("merged-rows", "merged", "unread", "other-table", "not-next")


def lost_causes(lost, result_tables):
    """Counter cause -> relations, for the relations `lost` (a Counter) given the result's cells."""
    tables_of = collections.defaultdict(set)
    spanning, other = [], []
    for i, cells in enumerate(result_tables):
        for (r, c, rs, cs, text) in cells:
            t = norm(text)
            if t:
                tables_of[t].add(i)
                (spanning if rs > 1 else other).append(t)
    spanning, other = "\x00".join(spanning), "\x00".join(other)

    def state(t):
        if t in tables_of:
            return "cell"
        return "merged-rows" if t in spanning else "merged" if t in other else "unread"

    out = collections.Counter()
    for (a, b, _), n in lost.items():
        sa, sb = state(a), state(b)
        if sa == sb == "cell":
            out["other-table" if not tables_of[a] & tables_of[b] else "not-next"] += n
        else:
            out[next(c for c in ("unread", "merged-rows", "merged") if c in (sa, sb))] += n
    return out


def causes_line(counter):
    return "  lost: " + ", ".join(f"{c} {counter[c]}" for c in CAUSES if counter[c])


def prf(correct, found, true):
    p = correct / found if found else (1.0 if not true else 0.0)
    r = correct / true if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def exact_cells(truth_cells, result_cells):
    """(non-empty truth cells found identically in the result, non-empty truth cells)"""
    got = {(r, c): (rs, cs, text) for (r, c, rs, cs, text) in result_cells}
    want = [(r, c, rs, cs, text) for (r, c, rs, cs, text) in truth_cells if norm(text)]
    hit = sum(1 for (r, c, rs, cs, text) in want if got.get((r, c)) == (rs, cs, text))
    return hit, len(want)


def score_truth_dir(folder, biao, verbose):
    """Every NAME.truth.json of folder against `biao extract NAME.pdf`: per table and in total."""
    n_tables = n_right = 0
    tot_hit = tot_cells = tc = tf = tt = 0
    wrong = []
    for truth_path in sorted(glob.glob(os.path.join(folder, "*.truth.json"))):
        name = os.path.basename(truth_path)[: -len(".truth.json")]
        with open(truth_path, encoding="utf-8") as f:
            truth_doc = json.load(f)
        run = subprocess.run([biao, "extract", os.path.join(folder, name + ".pdf")],
                             capture_output=True, text=True)
        result_doc = json.loads(run.stdout) if run.returncode == 0 and run.stdout else {"tables": []}
        truth, result = cells_from_doc(truth_doc), cells_from_doc(result_doc)
        # document level: the ICDAR multiset over all tables
        rt, rr = relations(truth), relations(result)
        tc, tf, tt = tc + sum((rt & rr).values()), tf + sum(rr.values()), tt + sum(rt.values())
        free = set(range(len(result)))
        doc_right = len(truth) == len(result)
        if not truth:
            print(f"{name}: no table printed; biao finds {len(result)}")
        for i, (tcells, tmeta) in enumerate(zip(truth, truth_doc["tables"])):
            rel_t = relations([tcells])
            best, best_shared = None, -1
            for j in sorted(free):
                shared = sum((rel_t & relations([result[j]])).values())
                if shared > best_shared or (shared == best_shared and j == i):
                    best, best_shared = j, shared
            rcells = result[best] if best is not None else []
            if best is not None:
                free.discard(best)
            rel_r = relations([rcells])
            p, r, f = prf(sum((rel_t & rel_r).values()), sum(rel_r.values()), sum(rel_t.values()))
            hit, cells = exact_cells(tcells, rcells)
            tot_hit, tot_cells = tot_hit + hit, tot_cells + cells
            rmeta = result_doc["tables"][best] if best is not None else {}
            notes = []
            for key in ("n_rows", "n_cols", "title", "page_start", "page_end", "header_rows"):
                if tmeta.get(key) is not None and (tmeta.get(key) or None) != (rmeta.get(key) or None):
                    notes.append(f"{key} {rmeta.get(key)!r} want {tmeta.get(key)!r}")
            right = hit == cells and not notes and len(rcells) == len(tcells)
            doc_right = doc_right and right
            n_tables, n_right = n_tables + 1, n_right + right
            print(f"{name} table {i + 1} p{tmeta['page_start']}-{tmeta['page_end']}: cells exact "
                  f"{hit}/{cells} ({hit / cells if cells else 1:.3f})  F1 {f:.3f}"
                  + ("  RIGHT" if right else "  " + "; ".join(notes)))
            if verbose and not right:
                got = {(x[0], x[1]): x for x in rcells}
                for x in tcells:
                    if norm(x[4]) and got.get((x[0], x[1]), (None,) * 5)[2:] != x[2:]:
                        print(f"   ({x[0]},{x[1]}) want {x[2]}x{x[3]} {x[4]!r} got {got.get((x[0], x[1]))}")
        if len(result) > len(truth):
            print(f"{name}: {len(result) - len(truth)} table(s) more than printed")
        if not doc_right:
            wrong.append(name)
    p, r, f = prf(tc, tf, tt)
    print(f"TOTAL {n_tables} tables in {len(glob.glob(os.path.join(folder, '*.truth.json')))} excerpts: "
          f"{n_right} exactly right; cells exact {tot_hit}/{tot_cells} "
          f"({tot_hit / tot_cells if tot_cells else 1:.3f}); adjacency P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print("excerpts not exactly right: " + (" ".join(wrong) or "none"))
    return 0


def main(argv):
    verbose = "-v" in argv
    causes = "--causes" in argv
    argv = [a for a in argv if a not in ("-v", "--causes")]
    if len(argv) == 3 and argv[0] == "--truth-dir":
        return score_truth_dir(argv[1], argv[2], verbose)
    if len(argv) == 2 and argv[0] == "--pairs":
        with open(argv[1], encoding="utf-8") as f:
            pairs = [line.split() for line in f if line.strip()]
    elif len(argv) == 2:
        pairs = [argv]
    else:
        sys.stderr.write(__doc__)
        return 2
    tc = tf = tt = 0
    all_causes = collections.Counter()
    for truth_path, result_path in pairs:
        c, found, true, truth, result = score(truth_path, result_path)
        tc, tf, tt = tc + c, tf + found, tt + true
        p, r, f = prf(c, found, true)
        line = f"{result_path}: P {p:.3f} R {r:.3f} F1 {f:.3f} ({c}/{found} found, {true} true)"
        if causes:
            lost = lost_causes(truth - result, load(result_path))
            all_causes += lost
            line += causes_line(lost)
        print(line)
        if verbose:
            for k in sorted((truth - result).elements()):
                print("   missing ", k)
            for k in sorted((result - truth).elements()):
                print("   spurious", k)
    if len(pairs) > 1:
        p, r, f = prf(tc, tf, tt)
        print(f"TOTAL {len(pairs)} documents: P {p:.3f} R {r:.3f} F1 {f:.3f} ({tc}/{tf} found, {tt} true)"
              + (causes_line(all_causes) if causes else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
