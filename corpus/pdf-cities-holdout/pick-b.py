#!/usr/bin/python3
"""Reproducible pick of helper b's held-out tables (广州 gz, 重庆 cq, 长沙 cs, and one of real/).

  python3 corpus/pdf-cities-holdout/pick-b.py BIAO   (BIAO: the biao at b2ca023, /work/holdout-bin/biao)

Candidates: every (file, page) where biao finds a table, in the non-scanned gz/cq/cs files of
../shared/corpus/cities/, less the pages of corpus/pdf-cities-truth and corpus/pdf-cities (pages
fixes were made on). A page of the text layer with >= 6 lines of two or more amounts but no table
from biao was looked for too: all such pages are prose. Per city, random.Random(20261207) picks
one page from each of three strata, in this order: a 绩效目标表 page, a 收支总表 (收支总体情况表)
page, a page of any other table running over 2+ pages (any
other table where none is left, as in 长沙). The 10th pick is one page of the real/
files whose producer no city file has and that no golden test uses (jsob-02, jsob-03: WPS Office
专业版). A pick stands for the table on its page; a table longer than 3 pages is cut to the 3
pages from the pick (or the last 3). Prints: excerpt name, source, pages.
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


def used_pages():
    """(file, page) already used for tuning: the truth set and the pdf-cities excerpts."""
    used = set()
    for t in (ROOT / 'corpus/pdf-cities-truth').glob('*.truth.json'):
        d = json.load(open(t, encoding='utf-8'))
        a, _, b = d['pages'].partition('-')
        used |= {(d['source'], p) for p in range(int(a), int(b or a) + 1)}
    for p in (ROOT / 'corpus/pdf-cities').glob('*.pdf'):
        m = re.match(r'([a-z]+-\d+)-p(\d+)(?:-(\d+))?', p.stem)
        used |= {(m[1] + '.pdf', k) for k in range(int(m[2]), int(m[3] or m[2]) + 1)}
    return used


def tables(biao, pdf):
    out = subprocess.run([biao, 'extract', str(pdf)], capture_output=True, text=True)
    return json.loads(out.stdout)['tables'] if out.returncode == 0 else []


def window(t, p):
    s, e = t['page_start'], t['page_end']
    if e - s < 3:
        return s, e
    s = min(p, e - 2)
    return s, s + 2


def main():
    biao = sys.argv[1]
    rng = random.Random(20261207)
    used = used_pages()
    scanned = {e['local'] for e in json.load(open(CITIES / 'sources.json')) if e['scanned']}
    picks = []
    for city in ('gz', 'cq', 'cs'):
        strata = {'jx': [], 'sz': [], 'multi': [], 'one': []}
        for pdf in sorted(CITIES.glob(city + '-*.pdf')):
            if pdf.name in scanned:
                continue
            for t in tables(biao, pdf):
                title = t['title'] or ''
                k = ('jx' if '绩效目标' in title else 'sz' if '收支总' in title
                     else 'multi' if t['page_end'] > t['page_start'] else 'one')
                for p in range(t['page_start'], t['page_end'] + 1):
                    if (pdf.name, p) not in used:
                        strata[k].append((pdf, p, t))
        strata['multi'] = strata['multi'] or strata['one']  # 长沙's are all in the truth set
        for k in ('jx', 'sz', 'multi'):
            pdf, p, t = rng.choice(strata[k])
            picks.append((city, pdf, window(t, p)))
    cands = [(pdf, p, t) for pdf in (REAL / 'jsob/jsob-02.pdf', REAL / 'jsob/jsob-03.pdf')
             for t in tables(biao, pdf) for p in range(t['page_start'], t['page_end'] + 1)]
    pdf, p, t = rng.choice(cands)
    picks.append(('jsob', pdf, window(t, p)))
    for city, pdf, (s, e) in picks:
        num = re.search(r'-(\d+)', pdf.stem)[1]
        name = f"{city}{num}-p{s}" + (f"-{e}" if e > s else '')
        print(name, pdf.relative_to(ROOT.parent), f"{s}-{e}")


main()
