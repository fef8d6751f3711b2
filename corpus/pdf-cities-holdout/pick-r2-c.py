#!/usr/bin/python3
"""Reproducible pick of the round-2 held-out tables of helper c (深圳 sz, 西安 xa, 烟台 yt, 上海 sh;
北京 bj prints no table).

  python3 corpus/pdf-cities-holdout/pick-r2-c.py BIAO   (BIAO: biao at b34911f, /work/holdout-bin2/biao)

Candidates: every (file, page) where BIAO finds a table, in the non-scanned sz/xa/yt/sh/bj files of
../shared/corpus/cities/, less every page of corpus/pdf-cities-truth, corpus/pdf-cities-holdout
(round 1) and corpus/pdf-cities (the pages fixes were made on); a pick whose excerpt would take
such a page is no candidate either. Round 2 asks for table kinds round 1 did not cover, so the
candidates fall into strata by title and width; random.Random(20261208) draws, stratum by stratum in
this order, one (file, page) at a time:
  zt   部门整体支出绩效目标表                           1
  sg   三公经费 tables                                  2
  fund 政府性基金 / 国有资本经营 tables (often empty)   2
  jb   基本支出 tables                                  2
  xm   项目支出 / 专项业务经费支出 tables (no 绩效 form) 2
  wide any other table of 10 or more columns            2
  any  any other table                                  1
with 3 tables per city, the two picks of a stratum from two cities, never two picks from one file;
a pick a stratum cannot make (no candidate left) goes to any table of a city with quota left.
A pick stands for the table on its page; a table longer than 3 pages is cut to the 3 pages from the
pick (or the last 3). Prints: excerpt name, source, pages, stratum, title.
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITIES = ROOT.parent / 'shared/corpus/cities'
SEED = 20261208
QUOTA = {'sz': 3, 'xa': 3, 'yt': 3, 'sh': 3, 'bj': 0}
STRATA = [('zt', 1), ('sg', 2), ('fund', 2), ('jb', 2), ('xm', 2), ('wide', 2), ('any', 1)]


def used_pages():
    """(file, page) already used: the truth set, round 1 of the held-out set, the golden excerpts."""
    used = set()
    for d in ('pdf-cities-truth', 'pdf-cities-holdout'):
        for t in (ROOT / 'corpus' / d).glob('*.truth.json'):
            j = json.load(open(t, encoding='utf-8'))
            a, _, b = j['pages'].partition('-')
            used |= {(j['source'], p) for p in range(int(a), int(b or a) + 1)}
    for p in (ROOT / 'corpus/pdf-cities').glob('*.pdf'):
        m = re.match(r'([a-z]+-\d+)-p(\d+)(?:-(\d+))?', p.stem)
        used |= {(m[1] + '.pdf', k) for k in range(int(m[2]), int(m[3] or m[2]) + 1)}
    return used


def stratum(t):
    title = t['title'] or ''
    if '整体' in title and '绩效目标' in title:
        return 'zt'
    if '三公' in title:
        return 'sg'
    if '政府性基金' in title or '国有资本经营' in title:
        return 'fund'
    if '基本支出' in title:
        return 'jb'
    if ('项目支出' in title or '专项业务经费支出' in title) and '绩效' not in title:
        return 'xm'
    return 'wide' if t['n_cols'] >= 10 else 'any'


def window(t, p):
    s, e = t['page_start'], t['page_end']
    if e - s < 3:
        return s, e
    s = min(p, e - 2)
    return s, s + 2


def main():
    biao = sys.argv[1]
    rng = random.Random(SEED)
    used = used_pages()
    scanned = {e['local'] for e in json.load(open(CITIES / 'sources.json')) if e['scanned']}
    cands = {k: [] for k, _ in STRATA}
    for pdf in sorted(CITIES.glob('*.pdf')):
        if pdf.name[:2] not in QUOTA or pdf.name in scanned:
            continue
        out = subprocess.run([biao, 'extract', str(pdf)], capture_output=True, text=True)
        for t in json.loads(out.stdout)['tables'] if out.returncode == 0 else []:
            for p in range(t['page_start'], t['page_end'] + 1):
                s, e = window(t, p)
                if not any((pdf.name, k) in used for k in range(s, e + 1)):
                    cands[stratum(t)].append((pdf.name, p, s, e, t['title'] or ''))
    left, files, picks = dict(QUOTA), set(), []
    for k, n in STRATA:
        cities = set()
        for _ in range(n):
            pool = [c for c in cands[k] if left[c[0][:2]] > 0 and c[0][:2] not in cities
                    and c[0] not in files]
            if not pool:
                print('# stratum', k, 'has no candidate left', file=sys.stderr)
                break
            c = rng.choice(pool)
            picks.append((k, c))
            left[c[0][:2]] -= 1
            cities.add(c[0][:2])
            files.add(c[0])
    # a stratum short of candidates (wide: only 深圳 and 烟台 print 10+ columns, their quota spent)
    # leaves its pick to any table of a city with quota left
    while len(picks) < sum(n for _, n in STRATA):
        pool = [(k, c) for k, _ in STRATA for c in cands[k] if left[c[0][:2]] > 0
                and c[0] not in files]
        k, c = rng.choice(pool)
        picks.append((k, c))
        left[c[0][:2]] -= 1
        files.add(c[0])
    for k, (src, p, s, e, title) in picks:
        name = f"{src[:2]}{src[3:5]}-p{s}" + (f"-{e}" if e > s else '')
        print(name, src, f"{s}-{e}", k, title, sep='\t')


main()
