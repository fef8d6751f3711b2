#!/usr/bin/python3
"""Rough accuracy check of the PDF reader with no hand-made truth: every amount printed on a page
(pdftotext's text layer: 1,234.56, 1234.56 or 1,234,567 standing alone in the layout) should appear in a cell of
a table that biao found on that page. Prints recall per document and overall.

Usage: scripts/pdf-number-recall.py [BIAO] FILE.pdf...
Only pages where biao found a table are counted, so a table missed on a page of its own is not
seen here: the golden tests cover that. Amounts in prose are glued to words and are skipped."""
import collections
import json
import re
import subprocess
import sys

# an amount: 1,234.56 / 1234.56 / 1,234,567 (grouped integer)
NUM = re.compile(r"(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2})(?![\d])")
# in pdftotext -layout output, a table amount stands alone: two spaces or a line end on each side
# (prose amounts are glued to their words: "预算总计 13649.07 万元")
ALONE = re.compile(r"(?:^|(?<=\s\s))(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{2}))(?=\s\s|\s*$)", re.M)


def page_texts(pdf):
    out = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    return out.split("\f")


def recall(pdf, doc):
    """(found, total): amounts standing alone on the pages of `pdf` where the biao JSON `doc` has a
    table, and how many of them appear in some cell (scripts/corpus-health uses this too)."""
    cells = collections.Counter()  # amounts in the document's cells
    table_pages = set()
    for t in doc["tables"]:
        for p in range(t["page_start"] or 0, (t["page_end"] or 0) + 1):
            table_pages.add(p)
        for c in t["cells"]:
            for n in NUM.findall(c["text"]):
                cells[n] += 1
    want = collections.Counter()
    for i, text in enumerate(page_texts(pdf), 1):
        if i in table_pages:
            want.update(ALONE.findall(text))
    return sum(min(k, cells[n]) for n, k in want.items()), sum(want.values())


def main(argv):
    biao = "build/release/biao"
    if argv and not argv[0].endswith(".pdf"):
        biao, argv = argv[0], argv[1:]
    tot_found = tot_all = 0
    for pdf in argv:
        doc = json.loads(subprocess.run([biao, "extract", "--compact", pdf], capture_output=True, text=True).stdout or '{"tables": []}')
        found, total = recall(pdf, doc)
        tot_found += found
        tot_all += total
        print("%-40s %5d/%-5d amounts on table pages found in cells (%.1f%%)" % (pdf.split("/")[-1], found, total, 100.0 * found / total if total else 100))
    print("%-40s %5d/%-5d (%.2f%%)" % ("all", tot_found, tot_all, 100.0 * tot_found / tot_all if tot_all else 100))


if __name__ == "__main__":
    main(sys.argv[1:])
