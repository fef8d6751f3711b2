#!/usr/bin/python3
"""Reproducible pick of round 3 (helper e): 10 held-out tables of ../shared/corpus/real/.

  python3 corpus/pdf-cities-holdout/pick-r3-e.py BIAO   (BIAO: biao at 0985520, /work/holdout-bin3/biao)

Source: the PDFs of ../shared/corpus/real/ with no golden test in corpus/pdf-real/ (govbc-05, 07..13,
jsob-02, jsob-03, tbxt-03: WPS 文字 / WPS 表格 / WPS Office / WPS Office 专业版). Candidates: every
(file, page) where biao finds a table, less the pages already in this folder (jsob-02 p.8, round 1).
jsob-03 prints no table (its 预算表 part is a heading page; biao finds none) and no file prints a
绩效目标表 form (the 项目经费情况说明 pages say 详见单位的项目绩效目标表): pages of the text layer
with amounts but no biao table were looked at, all prose. So the strata, drawn in this order with
random.Random(20261210), one pick per file (10 files with tables, 10 picks): a two-sided 收支总表
(财务收支/财政拨款收支/收入支出 总表, 收支预算总表) ×3, a page of another table over 2+ pages ×5,
any other table ×2. A pick stands for the table on its page; a table longer than 3 pages is cut to
the 3 pages from the pick (or the last 3). Prints: excerpt name, source, pages, stratum.
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / 'shared/corpus/real'
FILES = ['govbc/govbc-05', 'govbc/govbc-07', 'govbc/govbc-08', 'govbc/govbc-09', 'govbc/govbc-10',
         'govbc/govbc-11', 'govbc/govbc-12', 'govbc/govbc-13', 'jsob/jsob-02', 'jsob/jsob-03',
         'tbxt/tbxt-03']


def used_pages():
    """(file, page) of this folder's earlier rounds: the excerpts indexed in README.md and
    INDEX-r2-*.md (not this round's own, so the pick reruns the same after they were added)."""
    used = set()
    here = ROOT / 'corpus/pdf-cities-holdout'
    for idx in [here / 'README.md', *sorted(here.glob('INDEX-r2-*.md'))]:
        for name in re.findall(r'^\| ([a-z]+\d+-p[\d-]+) \|', idx.read_text(encoding='utf-8'), re.M):
            d = json.load(open(here / (name + '.truth.json'), encoding='utf-8'))
            a, _, b = d['pages'].partition('-')
            used |= {(d['source'], p) for p in range(int(a), int(b or a) + 1)}
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


def stratum(t):
    title = t['title'] or ''
    if re.search(r'收支.*总表|收入支出.*总表', title):
        return 'szzb'
    return 'multi' if t['page_end'] > t['page_start'] else 'one'


def main():
    biao = sys.argv[1]
    rng = random.Random(20261210)
    used = used_pages()
    cands = {'szzb': [], 'multi': [], 'one': []}
    for f in FILES:
        pdf = REAL / (f + '.pdf')
        for t in tables(biao, pdf):
            pages = range(t['page_start'], t['page_end'] + 1)
            if any((pdf.name, p) in used for p in pages):
                continue
            for p in pages:
                cands[stratum(t)].append((pdf, p, t))
    taken = set()
    for k, n in (('szzb', 3), ('multi', 5), ('one', 2)):
        for _ in range(n):
            pool = [c for c in cands[k] if c[0].name not in taken]
            pdf, p, t = rng.choice(pool)
            taken.add(pdf.name)
            s, e = window(t, p)
            m = re.match(r'([a-z]+)-(\d+)', pdf.stem)
            name = f"{m[1]}{m[2]}-p{s}" + (f"-{e}" if e > s else '')
            print(name, pdf.relative_to(ROOT.parent), f"{s}-{e}", k)


main()
