#!/usr/bin/python3
"""Print tables of a biao JSON (an expected file or `biao extract` output) as readable grids, for
reviewing them against the rendered page.

  scripts/show-table.py corpus/pdf-real/govbc-01.expected.json [TABLE_INDEX ...]

Each table: index, pages, title, header_rows, then one line per row with its cells separated by
' | '. A cell spanning several rows/columns is printed once, where it starts, marked [rs x cs]; the
grid positions it covers are printed as '^' (covered from above) or '<' (covered from the left).
"""
import json
import sys


def show(t):
    print(f"=== table {t['index']}  pages {t['page_start']}-{t['page_end']}  "
          f"{t['n_rows']}x{t['n_cols']}  header_rows={t['header_rows']}")
    print(f"title: {t['title']!r}")
    print(f"meta: {t.get('meta')}")
    grid = [[None] * t['n_cols'] for _ in range(t['n_rows'])]
    for c in t['cells']:
        r0, c0, rs, cs = c['row'], c['col'], c['rowspan'], c['colspan']
        for r in range(r0, r0 + rs):
            for k in range(c0, c0 + cs):
                if r == r0 and k == c0:
                    mark = f"[{rs}x{cs}]" if rs > 1 or cs > 1 else ""
                    grid[r][k] = (c['text'] or '').replace('\n', '⏎') + mark
                else:
                    grid[r][k] = '^' if r > r0 else '<'
    for r, row in enumerate(grid):
        sep = '=' if r == t['header_rows'] - 1 else ' '
        print(f"{r:3d}{sep} " + ' | '.join('·' if x is None else (x or '∅') for x in row))
    print()


def main():
    doc = json.load(open(sys.argv[1], encoding='utf-8'))
    want = {int(a) for a in sys.argv[2:]}
    for t in doc['tables']:
        if not want or t['index'] in want:
            show(t)
    for w in doc.get('warnings', []):
        print('warning:', w)


main()
