#!/usr/bin/python3
"""Reproducible pick of helper d's round-2 held-out tables (广州 gz, 重庆 cq, 长沙 cs, and real/).

  python3 corpus/pdf-cities-holdout/pick-r2-d.py BIAO   (BIAO: biao at b34911f, /work/holdout-bin2/biao)

Adapted from pick-b.py (round 1). Candidates: every (file, page) where biao finds a table, in the
non-scanned gz/cq/cs files of ../shared/corpus/cities/, less the pages of corpus/pdf-cities-truth,
corpus/pdf-cities-holdout (round 1) and corpus/pdf-cities (pages fixes were made on or that were
already scored) as they were at b34911f, read with git so the excerpts added since do not count. Round 2 asks for kinds round 1 did not cover, so the candidates are sorted into
strata by the title biao gives:
  jb    基本支出 (一般公共预算基本支出 / 部门预算基本支出预算表)
  fund  政府性基金 or 国有资本经营 (often empty)
  sg    三公经费
  xm    项目支出 (not a 绩效目标表)
  zt    部门整体(支出)绩效目标表
  wide  10 or more columns, none of the above
  any   everything else
random.Random(20261209) draws, per city, one page from each stratum of its list, in order:
  gz: jb, fund, sg, xm      cq: zt, wide, sg      cs: zt, fund, any
preferring (where the stratum has one) a file and then a producer not yet drawn in that city. Then
one page of each of govbc-10 and govbc-11 of real/ (WPS Office, a producer no city file has; their
whole-file goldens do not exist, and govbc-10 p.29 is left out: tests/test_meaning_real.c reads
it). A pick stands for the table on its page; a table longer than 3 pages is cut to the 3 pages
from the pick (or the last 3). Prints: excerpt name, source, pages, biao's title.
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITIES = ROOT.parent / 'shared/corpus/cities'
REAL = ROOT.parent / 'shared/corpus/real'
BASE = 'b34911f'  # the commit the pick was made at (main, scored by /work/holdout-bin2/biao)
PLAN = {'gz': ('jb', 'fund', 'sg', 'xm'), 'cq': ('zt', 'wide', 'sg'), 'cs': ('zt', 'fund', 'any')}


def git(*args):
    return subprocess.run(['git', '-C', str(ROOT), *args], capture_output=True, text=True, check=True).stdout


def used_pages():
    """(file, page) already used at BASE: the truth set, round 1 of the held-out set, the golden
    excerpts. Read from git at BASE, so that the excerpts this pick added do not change it."""
    used = {('govbc-10.pdf', 29)}
    for path in git('ls-tree', '-r', '--name-only', BASE, 'corpus').splitlines():
        if re.match(r'corpus/pdf-cities-(truth|holdout)/.*\.truth\.json$', path):
            j = json.loads(git('show', f'{BASE}:{path}'))
            a, _, b = j['pages'].partition('-')
            used |= {(j['source'], p) for p in range(int(a), int(b or a) + 1)}
        m = re.match(r'corpus/pdf-cities/([a-z]+-\d+)-p(\d+)(?:-(\d+))?\.pdf$', path)
        if m:
            used |= {(m[1] + '.pdf', k) for k in range(int(m[2]), int(m[3] or m[2]) + 1)}
    return used


def tables(biao, pdf):
    out = subprocess.run([biao, 'extract', str(pdf)], capture_output=True, text=True)
    return json.loads(out.stdout)['tables'] if out.returncode == 0 else []


def producer(pdf):
    info = subprocess.run(['pdfinfo', str(pdf)], capture_output=True, text=True).stdout
    return ' / '.join(m.strip() for m in re.findall(r'^(?:Creator|Producer):(.*)$', info, re.M))


def stratum(t):
    title = t['title'] or ''
    if '基本支出' in title:
        return 'jb'
    if '政府性基金' in title or '国有资本' in title:
        return 'fund'
    if '三公' in title:
        return 'sg'
    if '项目支出' in title and '绩效' not in title:
        return 'xm'
    if '整体' in title and '绩效' in title:
        return 'zt'
    return 'wide' if t['n_cols'] >= 10 else 'any'


def window(t, p):
    s, e = t['page_start'], t['page_end']
    if e - s < 3:
        return s, e
    s = min(p, e - 2)
    return s, s + 2


def draw(rng, cands, files, prods):
    """One candidate, from a file and then a producer not yet drawn where the stratum has one."""
    for keep in (lambda c: c[0] not in files and c[3] not in prods, lambda c: c[0] not in files,
                 lambda c: True):
        pool = [c for c in cands if keep(c)]
        if pool:
            return rng.choice(pool)
    return None


def main():
    biao = sys.argv[1]
    rng = random.Random(20261209)
    used = used_pages()
    scanned = {e['local'] for e in json.load(open(CITIES / 'sources.json')) if e['scanned']}
    picks = []
    for city, plan in PLAN.items():
        strata = {}
        for pdf in sorted(CITIES.glob(city + '-*.pdf')):
            if pdf.name in scanned:
                continue
            prod = producer(pdf)
            for t in tables(biao, pdf):
                for p in range(t['page_start'], t['page_end'] + 1):
                    if (pdf.name, p) not in used:
                        strata.setdefault(stratum(t), []).append((pdf, p, t, prod))
        files, prods = set(), set()
        for k in plan:
            pdf, p, t, prod = draw(rng, strata.get(k, []), files, prods)
            files.add(pdf)
            prods.add(prod)
            picks.append((city, pdf, window(t, p), t['title']))
    for name in ('govbc-10', 'govbc-11'):
        pdf = REAL / 'govbc' / (name + '.pdf')
        cands = [(p, t) for t in tables(biao, pdf) for p in range(t['page_start'], t['page_end'] + 1)
                 if (pdf.name, p) not in used]
        p, t = rng.choice(cands)
        picks.append(('govbc', pdf, window(t, p), t['title']))
    for city, pdf, (s, e), title in picks:
        num = re.search(r'-(\d+)', pdf.stem)[1]
        name = f"{city}{num}-p{s}" + (f"-{e}" if e > s else '')
        print(name, pdf.relative_to(ROOT.parent), f"{s}-{e}", title)


main()
