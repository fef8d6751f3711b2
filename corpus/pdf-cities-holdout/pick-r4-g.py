#!/usr/bin/python3
"""Reproducible pick of the round-4 held-out tables of helper g (all eight cities; 北京 prints none).

  python3 corpus/pdf-cities-holdout/pick-r4-g.py BIAO   (BIAO: biao at bc5b125, /work/holdout-bin4/biao)

Round 4 draws only the ends of long tables and page breaks where the grid changes (adapted from
pick-r3-f.py):
  tail: a table BIAO finds over 4 or more pages; the excerpt is its last 2 pages (合计 rows, a short
        last page, notes under it);
  grid: a table BIAO finds over 2 or more pages where, at one of its breaks, the column grid of the
        next page differs from the page before: the right edge of the rightmost amount column
        (pdftotext -bbox word boxes holding an amount) moves by more than 6 pt, or the left edge of
        the leftmost amount column moves by more than 6 pt; the excerpt is the two pages of that break.
Candidates come from the non-scanned files of ../shared/corpus/cities/; one whose excerpt takes a page
of corpus/pdf-cities-truth, corpus/pdf-cities-holdout (rounds 1-3) or corpus/pdf-cities, as main had
them at BASE, is left out. random.Random(20261212) draws tail 5, grid 3, then rules 2; the picks of a stratum
from different cities while any is left, never two picks from one file nor one table twice, at most two
picks per city. Prints: excerpt name, source, pages, stratum, title.
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITIES = ROOT.parent / 'shared/corpus/cities'
SEED = 20261212
BASE = 'bc5b125'  # main when the draw was made (the binary /work/holdout-bin4/biao)
STRATA = [('tail', 5), ('grid', 3), ('rules', 2)]
PER_CITY = 2
DARK = bytes(1 if i < 160 else 0 for i in range(256))
AMOUNT = re.compile(r'^-?[\d,]+\.\d+$')


def used_pages():
    """(file, page) already used, as main had them at BASE."""
    def git(*a):
        return subprocess.run(['git', '-C', str(ROOT), *a], capture_output=True, text=True,
                              check=True).stdout
    used = set()
    for d in ('pdf-cities-truth', 'pdf-cities-holdout'):
        for f in git('ls-tree', '--name-only', BASE, f'corpus/{d}/').split():
            if f.endswith('.truth.json'):
                j = json.loads(git('show', f'{BASE}:{f}'))
                a, _, b = j['pages'].partition('-')
                used |= {(j['source'], p) for p in range(int(a), int(b or a) + 1)}
    for f in git('ls-tree', '--name-only', BASE, 'corpus/pdf-cities/').split():
        m = re.match(r'([a-z]+-\d+)-p(\d+)(?:-(\d+))?\.pdf$', Path(f).name)
        if m:
            used |= {(m[1] + '.pdf', k) for k in range(int(m[2]), int(m[3] or m[2]) + 1)}
    return used


def amount_edges(pdf, p):
    """(leftmost xMin, rightmost xMax) of the words on page p that are amounts, or None."""
    out = subprocess.run(['pdftotext', '-bbox', '-f', str(p), '-l', str(p), str(pdf), '-'],
                         capture_output=True, text=True).stdout
    xs = [(float(a), float(b)) for a, b, w in
          re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                     out) if AMOUNT.match(w)]
    if len(xs) < 3:
        return None
    return min(a for a, _ in xs), max(b for _, b in xs)


def vertical_rules(pdf, p):
    """x positions (px at 72 dpi) of the vertical rules drawn on page p."""
    out = subprocess.run(['pdftoppm', '-gray', '-r', '72', '-f', str(p), '-l', str(p), str(pdf)],
                         capture_output=True).stdout
    head = out.split(b'\n', 3)
    w, h = map(int, head[1].split())
    px = head[3][:w * h].translate(DARK)
    xs = [x for x in range(w) if max(map(len, px[x::w].split(b'\x00'))) >= 18]
    clusters = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= 2:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [sum(c) / len(c) for c in clusters]


def rules_differ(a, b):
    return len(a) != len(b) or any(abs(x - y) > 3 for x, y in zip(a, b))


def main():
    biao = sys.argv[1]
    used = used_pages()
    scanned = {e['local'] for e in json.load(open(CITIES / 'sources.json')) if e['scanned']}
    cands = {k: [] for k, _ in STRATA}
    for pdf in sorted(CITIES.glob('*.pdf')):
        if pdf.name in scanned:
            continue
        out = subprocess.run([biao, 'extract', str(pdf)], capture_output=True, text=True)
        tables = json.loads(out.stdout)['tables'] if out.returncode == 0 else []
        edges, vrules = {}, {}
        on_page = {}
        for i, t in enumerate(tables):
            for p in range(t['page_start'], t['page_end'] + 1):
                on_page.setdefault(p, []).append(i)

        def vr(p):
            if p not in vrules:
                vrules[p] = vertical_rules(pdf, p)
            return vrules[p]

        def edge(p):
            if p not in edges:
                edges[p] = amount_edges(pdf, p)
            return edges[p]

        def add(k, i, s, e):
            if not any((pdf.name, q) in used for q in range(s, e + 1)):
                cands[k].append((pdf.name, i, s, e, tables[i]['title'] or ''))

        for i, t in enumerate(tables):
            s, e = t['page_start'], t['page_end']
            if e - s >= 3:
                add('tail', i, e - 1, e)
            for p in range(s, e):
                a, b = edge(p), edge(p + 1)
                if a and b and (abs(a[0] - b[0]) > 6 or abs(a[1] - b[1]) > 6):
                    add('grid', i, p, p + 1)
                    break
            for p in range(s, e):
                if on_page[p] == [i] and on_page[p + 1] == [i] and rules_differ(vr(p), vr(p + 1)):
                    add('rules', i, p, p + 1)
                    break
    rng = random.Random(SEED)
    picks, files, per_city = [], set(), {}
    for k, n in STRATA:
        cities = set()
        for _ in range(n):
            drawn = {(d[0], d[1]) for _, d in picks}
            pool = [c for c in cands[k] if c[0] not in files and c[0][:2] not in cities
                    and per_city.get(c[0][:2], 0) < PER_CITY and c[:2] not in drawn]
            if not pool:
                pool = [c for c in cands[k] if c[0] not in files and c[:2] not in drawn
                        and per_city.get(c[0][:2], 0) < PER_CITY]
            if not pool:
                print('# stratum', k, 'has no candidate left', file=sys.stderr)
                break
            c = rng.choice(pool)
            picks.append((k, c))
            files.add(c[0])
            cities.add(c[0][:2])
            per_city[c[0][:2]] = per_city.get(c[0][:2], 0) + 1
    for k, _ in STRATA:
        print('#', k, len(cands[k]), 'candidates', file=sys.stderr)
    for k, (src, i, s, e, title) in picks:
        name = f"{src[:2]}{src[3:5]}-p{s}" + (f"-{e}" if e > s else '')
        print(name, src, f"{s}-{e}", k, title, sep='\t')


main()
