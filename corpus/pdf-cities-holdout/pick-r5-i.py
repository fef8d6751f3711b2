#!/usr/bin/python3
"""Reproducible pick of the round-5 held-out tables of helper i (all eight cities; 北京 prints none).

  python3 corpus/pdf-cities-holdout/pick-r5-i.py BIAO   (BIAO: biao at bebb783, /work/holdout-bin5/biao)

Round 5 measures the plain average, unstratified (adapted from pick-r4-g.py): every table BIAO finds
in the non-scanned files of ../shared/corpus/cities/ (bj left out) is one candidate, each equally
likely whatever its kind or length. random.Random(20261214) draws a table; a table over more than 2
pages is cut to 2 consecutive pages drawn at random within it (the same generator). A draw whose
excerpt takes a page of corpus/pdf-cities-truth, corpus/pdf-cities-holdout (rounds 1-4) or
corpus/pdf-cities (as main had them at BASE), or a page of a pick already made, is redrawn.
Draws N tables (default 8). Prints: excerpt name, source, pages, table index, title.
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITIES = ROOT.parent / 'shared/corpus/cities'
SEED = 20261214
BASE = 'bebb783'  # main when the draw was made (the binary /work/holdout-bin5/biao)


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


def main():
    biao = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    used = used_pages()
    scanned = {e['local'] for e in json.load(open(CITIES / 'sources.json')) if e['scanned']}
    cands = []
    for pdf in sorted(CITIES.glob('*.pdf')):
        if pdf.name in scanned or pdf.name.startswith('bj-'):
            continue
        out = subprocess.run([biao, 'extract', str(pdf)], capture_output=True, text=True)
        tables = json.loads(out.stdout)['tables'] if out.returncode == 0 else []
        for i, t in enumerate(tables):
            cands.append((pdf.name, i, t['page_start'], t['page_end'], t['title'] or ''))
    print('#', len(cands), 'tables', file=sys.stderr)
    rng = random.Random(SEED)
    picks = []
    while len(picks) < n:
        src, i, s, e, title = rng.choice(cands)
        if e - s >= 2:
            s = rng.randrange(s, e)
            e = s + 1
        if any((src, q) in used for q in range(s, e + 1)):
            continue
        used |= {(src, q) for q in range(s, e + 1)}
        picks.append((src, i, s, e, title))
    for src, i, s, e, title in picks:
        name = f"{src[:2]}{src[3:5]}-p{s}" + (f"-{e}" if e > s else '')
        print(name, src, f"{s}-{e}", i, title, sep='\t')


main()
