#!/usr/bin/python3
"""Reproducible pick of the round-4 held-out tables of helper h: 绩效 forms only.

  python3 corpus/pdf-cities-holdout/pick-r4-h.py BIAO   (BIAO: biao at bc5b125, /work/holdout-bin4/biao)

Adapted from pick-r3-f.py. Candidates: the 绩效 forms BIAO finds in the non-scanned files of
../shared/corpus/cities/ (项目支出绩效目标表, 部门整体支出绩效目标表, 重点项目绩效目标, 绩效自评: a table
whose title says 绩效目标/绩效自评, or whose cells name indicators: 一级指标/二级指标/指标值/绩效指标,
or a 项目/预算数/绩效目标 table) that run over two or more pages, as 2-page excerpts (every pair of
consecutive pages of the form), with at least 15 rows on the two pages (rows of a longer form
counted pro rata). A candidate that takes a page of corpus/pdf-cities-truth, corpus/pdf-cities-holdout
(rounds 1-3) or corpus/pdf-cities as main had them at BASE is left out. random.Random(20261213)
draws 8 picks city by city in the order CITY_ORDER (the cities and producers earlier rounds drew
least first: 上海 prints no 绩效 form — its reports state the targets in prose — and 北京 no table),
never two picks from one file nor two overlapping; a city with no candidate left is skipped.
Prints: excerpt name, source, pages, rows, title.
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITIES = ROOT.parent / 'shared/corpus/cities'
SEED = 20261213
BASE = 'bc5b125'  # main when the draw was made (the binary /work/holdout-bin4/biao)
CITY_ORDER = ['sh', 'yt', 'sz', 'gz', 'cq', 'cs', 'xa', 'yt', 'sz', 'gz', 'cq', 'cs', 'xa']
N_PICKS = 8
MIN_ROWS = 15
FORM_TITLE = re.compile(r'绩效(目标|自评)')
FORM_CELLS = re.compile(r'一级指标|二级指标|指标值|绩效指标')


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


def is_form(t):
    cells = ''.join(c['text'] or '' for c in t['cells'])
    head = ''.join(c['text'] or '' for c in t['cells'] if c['row'] < 2)
    return bool(FORM_TITLE.search(t['title'] or '') or FORM_CELLS.search(cells)
                or ('预算数' in head and '绩效目标' in head))


def main():
    biao = sys.argv[1]
    used = used_pages()
    scanned = {e['local'] for e in json.load(open(CITIES / 'sources.json')) if e['scanned']}
    cands = []
    for pdf in sorted(CITIES.glob('*.pdf')):
        if pdf.name in scanned:
            continue
        out = subprocess.run([biao, 'extract', str(pdf)], capture_output=True, text=True)
        tables = json.loads(out.stdout)['tables'] if out.returncode == 0 else []
        for t in tables:
            s, e = t['page_start'], t['page_end']
            if e == s or not is_form(t):
                continue
            rows = t['n_rows'] * 2 / (e - s + 1)
            if rows < MIN_ROWS:
                continue
            for p in range(s, e):
                if not any((pdf.name, q) in used for q in (p, p + 1)):
                    cands.append((pdf.name, t['index'], p, p + 1, round(rows), t['title'] or ''))
    rng = random.Random(SEED)
    picks = []
    for city in CITY_ORDER:
        if len(picks) == N_PICKS:
            break
        files = {c[0] for c in picks}
        pool = [c for c in cands if c[0][:2] == city and c[0] not in files]
        print('#', city, len(pool), 'candidates', file=sys.stderr)
        if pool:
            picks.append(rng.choice(pool))
    for src, i, s, e, rows, title in picks:
        print(f"{src[:2]}{src[3:5]}-p{s}-{e}", src, f"{s}-{e}", rows, title, sep='\t')


main()
