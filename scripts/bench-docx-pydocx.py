#!/usr/bin/python3
"""Baseline for scripts/bench-docx.sh: read the text of every cell of every table (nested ones
included) of each DOCX with Debian's python3-docx. Prints 'files tables cells seconds failed'.

The grid is taken once per table (Table._cells): the public idiom `for row in t.rows: for cell in
row.cells` recomputes the whole grid for every row and takes many minutes on a 2,304-row table, so
this is python-docx at its best."""
import sys
import time

from docx import Document


def walk(tables):
    n = c = 0
    for t in tables:
        n += 1
        seen = set()
        for cell in t._cells:  # merged cells repeat: read each once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            _ = cell.text
            c += 1
            sub = walk(cell.tables)
            n += sub[0]
            c += sub[1]
    return n, c


t0 = time.perf_counter()
tables = cells = failed = 0
for path in sys.argv[1:]:
    try:
        n, c = walk(Document(path).tables)
    except Exception as e:  # Strict OOXML, .dotx: python-docx refuses them
        print(f"python-docx: {path}: {type(e).__name__}", file=sys.stderr)
        failed += 1
        continue
    tables += n
    cells += c
print(len(sys.argv) - 1, tables, cells, f"{time.perf_counter() - t0:.3f}", failed)
