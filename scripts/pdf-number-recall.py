#!/usr/bin/python3
"""Rough accuracy check of the PDF reader with no hand-made truth: every amount printed on a page
(1,234.56, 1234.56 or 1,234,567 standing alone in its line) should appear in a cell of a table that
biao found on that page. Prints recall per document and overall.

Usage: scripts/pdf-number-recall.py [-v] [BIAO] FILE.pdf...

The amounts are read from Poppler's word boxes (`pdftotext -bbox`), not from `pdftotext -layout`:
some producers (重庆's 创建者/生产者) place the decimals of every amount a little lower than its
integer part, and -layout then prints "174,900" and ".64" on two lines, so neither was an amount.
Word fragments that touch on one line are read together, as a person reads the page. An amount
counts when it stands alone: a gap of one and a half of its character widths on each side (prose
amounts are glued to their words: "预算总计 13649.07 万元"). Only pages where biao found a table are
counted, so a table missed on a page of its own is not seen in the recall: scripts/corpus-health
lists the pages without a table that have three or more amounts standing alone (notab).
-v lists every amount not found in a cell, with its page."""
import collections
import html
import json
import re
import subprocess
import sys

# an amount: 1,234.56 / 1234.56 / 1,234,567 (grouped integer)
NUM = re.compile(r"(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2})(?![\d])")
AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2})$")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r"<page ")


def page_words(pdf):
    """[[(x0, y0, x1, y1, text)]] per page, from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    pages = []
    for chunk in PAGE.split(out)[1:]:
        pages.append([(float(a), float(b), float(c), float(d), html.unescape(t))
                      for a, b, c, d, t in WORD.findall(chunk)])
    return pages


def lines_of(words):
    """Words grouped into printed lines (vertical overlap of at least half the smaller height),
    each line sorted left to right."""
    lines = []
    for w in sorted(words, key=lambda w: (w[1] + w[3]) / 2):
        h = w[3] - w[1]
        for ln in lines:
            top, bot = ln["top"], ln["bot"]
            overlap = min(bot, w[3]) - max(top, w[1])
            if overlap >= 0.5 * min(h, bot - top):
                ln["words"].append(w)
                ln["top"], ln["bot"] = min(top, w[1]), max(bot, w[3])
                break
        else:
            lines.append({"top": w[1], "bot": w[3], "words": [w]})
    return [sorted(ln["words"], key=lambda w: w[0]) for ln in lines]


def width(run):
    """Mean character width of a run [x0, x1, y0, y1, text]."""
    return (run[1] - run[0]) / max(1, len(run[4]))


def runs_of(line):
    """Touching word fragments of one line joined: [x0, x1, y0, y1, text] each."""
    runs = []
    for x0, y0, x1, y1, t in line:
        # touching: closer than a third of the previous run's character width (boxes of the
        # same word may even overlap); heights are font boxes, often twice the glyphs, so widths
        # are the measure of spacing
        if runs and x0 - runs[-1][1] < 0.3 * width(runs[-1]):
            r = runs[-1]
            r[1], r[2], r[3], r[4] = max(r[1], x1), min(r[2], y0), max(r[3], y1), r[4] + t
        else:
            runs.append([x0, x1, y0, y1, t])
    return runs


def completes(head, rest):
    """Whether `rest` can be the wrapped end of the amount `head`: its decimals (".38" after an
    amount without any) or its last decimal ("8" after one decimal). Only a wide amount wraps in
    its cell, so the head is at least six characters ("1,263,231.7")."""
    if len(head) < 6:
        return False
    if re.match(r"^\.\d{1,2}$", rest):
        return "." not in head
    return bool(re.match(r"^\d$", rest)) and bool(re.search(r"\.\d$", head))


def wrapped_rest(run, lines, all_runs):
    """The digits of an amount wrapped in its cell: a short run of digits (".38", "8") that is the
    next thing printed under the amount (overlapping it horizontally), at most one line height
    lower, aligned with it as the cell aligns its text (same right edge, left edge or centre), in a
    row that is two lines high: some other cell's text is centred between the two lines. ("3.5"
    over "6" in rows of one line is two rows of a table printing one decimal, not "3.56".)"""
    x0, x1, y0, y1, _ = run
    h = y1 - y0
    for runs in lines:
        for r in runs:
            if r[0] >= x1 or r[1] <= x0:
                continue
            aligned = min(abs(r[1] - x1), abs(r[0] - x0), abs((r[0] + r[1]) - (x0 + x1)) / 2) < 1.0
            if not (0 <= r[2] - y1 < h and aligned and completes(run[4], r[4])):
                return None, None
            lo, hi = (y0 + y1) / 2 + h / 4, (r[2] + r[3]) / 2 - h / 4
            if any(lo < (o[2] + o[3]) / 2 < hi for o in all_runs):
                return runs, r
            return None, None
    return None, None


def beside(run, other, gap):
    """Whether `other` is printed on the line of `run` (their boxes overlap vertically by half the
    smaller height: text of a neighbouring cell set a little higher or lower is not) and closer
    than `gap` to its left or right."""
    overlap = min(run[3], other[3]) - max(run[2], other[2])
    if overlap < 0.5 * min(run[3] - run[2], other[3] - other[2]):
        return False
    return -gap < other[0] - run[1] < gap or -gap < run[0] - other[1] < gap


def alone_amounts(words):
    """Amounts standing alone on a page: touching fragments of a line joined (and the digits of an
    amount wrapped onto the next line of its cell), then every word that is an amount with a gap
    of one and a half characters before and after it."""
    found = []
    lines = [runs_of(ln) for ln in lines_of(words)]
    all_runs = [r for runs in lines for r in runs]
    for n, runs in enumerate(lines):
        for i, run in enumerate(runs):
            x0, x1, y0, y1, t = run
            gap = 0.75 * width(run)  # wider than a blank between words
            if not re.match(r"^-?[\d,.]+$", t):
                continue
            if any(o is not run and beside(run, o, gap) for o in all_runs):
                continue
            line, rest = wrapped_rest(run, lines[n + 1:n + 4], all_runs)
            if rest and AMOUNT.match(t + rest[4]):
                line.remove(rest)
                t += rest[4]
            if AMOUNT.match(t):
                found.append(t)
    return found


# a page with this many amounts standing alone but no table found may hold a table biao missed
UNTABLED_MIN = 3


def recall(pdf, doc, missed=None, untabled=None):
    """(found, total): amounts standing alone on the pages of `pdf` where the biao JSON `doc` has a
    table, and how many of them appear in some cell (scripts/corpus-health uses this too). If
    `missed` is a list, (page, amount) of each amount not found is appended to it. If `untabled`
    is a list, (page, amounts) of each page without a table that has UNTABLED_MIN or more
    amounts standing alone is appended to it (a table missed whole, or prose with spaced
    amounts: look at the page)."""
    cells = collections.Counter()  # amounts in the document's cells
    table_pages = set()
    for t in doc["tables"]:
        for p in range(t["page_start"] or 0, (t["page_end"] or 0) + 1):
            table_pages.add(p)
        pages = (t["page_end"] or 0) - (t["page_start"] or 0) + 1
        for c in t["cells"]:
            # a merged cell of a table over several pages may be printed again on each page it
            # runs over (iText repeats a project's code and amount): one cell, up to one copy per
            # page (the JSON has no page per row, so the pages of the table bound it)
            copies = min(c.get("rowspan", 1), pages) if pages > 1 else 1
            for n in NUM.findall(c["text"]):
                cells[n] += copies
    want = collections.Counter()
    where = collections.defaultdict(list)
    for i, words in enumerate(page_words(pdf), 1):
        if i in table_pages:
            for a in alone_amounts(words):
                want[a] += 1
                where[a].append(i)
        elif untabled is not None:
            alone = alone_amounts(words)
            if len(alone) >= UNTABLED_MIN:
                untabled.append((i, alone))
    if missed is not None:
        for n, k in sorted(want.items()):
            for p in where[n][:max(0, k - cells[n])]:
                missed.append((p, n))
    return sum(min(k, cells[n]) for n, k in want.items()), sum(want.values())


def main(argv):
    biao = "build/release/biao"
    verbose = bool(argv) and argv[0] == "-v"
    if verbose:
        argv = argv[1:]
    if argv and not argv[0].endswith(".pdf"):
        biao, argv = argv[0], argv[1:]
    tot_found = tot_all = 0
    for pdf in argv:
        doc = json.loads(subprocess.run([biao, "extract", "--compact", pdf], capture_output=True, text=True).stdout or '{"tables": []}')
        missed = [] if verbose else None
        found, total = recall(pdf, doc, missed)
        tot_found += found
        tot_all += total
        print("%-40s %5d/%-5d amounts on table pages found in cells (%.1f%%)" % (pdf.split("/")[-1], found, total, 100.0 * found / total if total else 100))
        for p, n in sorted(missed or []):
            print("    missed p.%d %s" % (p, n))
    print("%-40s %5d/%-5d (%.2f%%)" % ("all", tot_found, tot_all, 100.0 * tot_found / tot_all if tot_all else 100))


if __name__ == "__main__":
    main(sys.argv[1:])
