#!/usr/bin/python3
"""Reproducible pick of the round-5 held-out tables of helper j: a plain, unstratified draw.

  python3 corpus/pdf-cities-holdout/pick-r5-j.py BIAO   (BIAO: biao at bebb783, /work/holdout-bin5/biao)

Adapted from pick-r4-g.py. Candidates: every (file, page) of the non-scanned files of
../shared/corpus/cities/ (北京 left out: it prints no table) on which BIAO finds a table, each page
equally likely. The excerpt is that page, plus the next page when a table on the page goes on there.
random.Random(20261215) draws pages one at a time; a draw whose excerpt takes a page of
corpus/pdf-cities-truth, corpus/pdf-cities-holdout (rounds 1-4) or corpus/pdf-cities as main had them
at BASE, or a page of an earlier pick of this round, is drawn again. 8 picks. No steering by city,
producer or kind of table. Prints: excerpt name, source, pages, title(s).
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITIES = ROOT.parent / 'shared/corpus/cities'
SEED = 20261215
BASE = 'bebb783'  # main when the draw was made (the binary /work/holdout-bin5/biao)
N_PICKS = 8


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
    used = used_pages()
    scanned = {e['local'] for e in json.load(open(CITIES / 'sources.json')) if e['scanned']}
    cands = []  # (file, page, last page of the excerpt, titles)
    for pdf in sorted(CITIES.glob('*.pdf')):
        if pdf.name in scanned or pdf.name.startswith('bj'):
            continue
        out = subprocess.run([biao, 'extract', str(pdf)], capture_output=True, text=True)
        tables = json.loads(out.stdout)['tables'] if out.returncode == 0 else []
        on_page = {}
        for t in tables:
            for p in range(t['page_start'], t['page_end'] + 1):
                on_page.setdefault(p, []).append(t)
        for p in sorted(on_page):
            goes_on = any(t['page_end'] > p for t in on_page[p])
            titles = '; '.join(t['title'] or '(untitled)' for t in on_page[p])
            cands.append((pdf.name, p, p + 1 if goes_on else p, titles))
    print('#', len(cands), 'candidate pages', file=sys.stderr)
    rng = random.Random(SEED)
    picks, taken = [], set(used)
    while len(picks) < N_PICKS:
        src, s, e, titles = rng.choice(cands)
        pages = {(src, q) for q in range(s, e + 1)}
        if pages & taken:
            print('# redraw', src, s, e, file=sys.stderr)
            continue
        taken |= pages
        picks.append((src, s, e, titles))
    for src, s, e, titles in picks:
        name = f"{src[:2]}{src[3:5]}-p{s}" + (f"-{e}" if e > s else '')
        print(name, src, f"{s}-{e}", titles, sep='\t')


main()
