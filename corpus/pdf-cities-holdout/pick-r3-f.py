#!/usr/bin/python3
"""Reproducible pick of the round-3 held-out tables of helper f (all eight cities; 北京 prints none).

  python3 corpus/pdf-cities-holdout/pick-r3-f.py BIAO   (BIAO: biao at 0985520, /work/holdout-bin3/biao)

Round 3 draws only kinds earlier rounds did not: tables that start in the lower third of a page
(low), pages with two or more tables (multi), 绩效目标表 forms of 广州/长沙/上海/深圳/重庆 over 2+ pages
(jx), tables whose title wraps over two lines (wrap), tables with a note (注：) under them (note).
Candidates: tables BIAO finds in the non-scanned files of ../shared/corpus/cities/, each put in every
stratum it fits (found from BIAO's tables and Poppler's text: `pdftotext -layout` lines for the
wrapped title and the note, `pdftotext -bbox-layout` line boxes for the title's height on the page);
a candidate whose excerpt takes a page of corpus/pdf-cities-truth, corpus/pdf-cities-holdout (rounds
1-2) or corpus/pdf-cities, as main had them at BASE, is left out. random.Random(20261211) draws,
stratum by stratum in the order low, wrap, multi (one each: only 西安 prints them), jx (4), note (3);
the picks of a stratum from different cities, never two picks from one file nor one table twice, at
most three picks per city; a stratum with no such candidate left draws any table of it not drawn yet
(city cap kept), and picks still missing go to any candidate of a file and city not drawn yet.
Excerpts (kept to 2 pages, for the time the hand check takes): multi -> the page; low/wrap -> the
start page and the next if the table goes on; jx -> the picked page and the next page of the form
(or the one before at its end); note -> the table's last page and the one before if the table
started there.
Prints: excerpt name, source, pages, stratum, title.
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITIES = ROOT.parent / 'shared/corpus/cities'
SEED = 20261211
BASE = '0985520'  # main when the draw was made (the binary /work/holdout-bin3/biao)
# only 西安 prints low-starting tables, wrapped titles and pages of two tables (3, 4 and 7 candidates
# at 0985520): one pick each, drawn first, so the city cap does not starve them
STRATA = [('low', 1), ('wrap', 1), ('multi', 1), ('jx', 4), ('note', 3)]
JX_CITIES = {'gz', 'cs', 'sh', 'sz', 'cq'}
PER_CITY = 3


def used_pages():
    """(file, page) already used, as main had them at BASE (so that this round's own excerpts, added
    after the draw, do not change it): the truth set, rounds 1-2 of the held-out set, the golden
    excerpts of corpus/pdf-cities."""
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


def squash(s):
    return re.sub(r'\s+', '', s or '')


def page_lines(pdf, p):
    out = subprocess.run(['pdftotext', '-layout', '-f', str(p), '-l', str(p), str(pdf), '-'],
                         capture_output=True, text=True).stdout
    return out.split('\n')


def title_height(pdf, p, title):
    """Top of the line holding the title's first characters, as a share of the page height."""
    out = subprocess.run(['pdftotext', '-bbox-layout', '-f', str(p), '-l', str(p), str(pdf), '-'],
                         capture_output=True, text=True).stdout
    m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    if not m:
        return None
    height = float(m[2])
    key = squash(title)[:6]
    for line in re.finditer(r'<line xMin="[\d.]+" yMin="([\d.]+)".*?</line>', out, re.S):
        words = ''.join(re.findall(r'>([^<]*)</word>', line[0]))
        if key and key in squash(words):
            return float(line[1]) / height
    return None


def wraps(lines, title):
    t = squash(title)
    if len(t) < 6 or any(t in squash(l) for l in lines):
        return False
    return any(t in squash(a) + squash(b) for a, b in zip(lines, lines[1:]))


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
        n_pages = max([t['page_end'] for t in tables], default=0)
        on_page = {}
        for i, t in enumerate(tables):
            for p in range(t['page_start'], t['page_end'] + 1):
                on_page.setdefault(p, []).append(i)
        lines = {}

        def text(p):
            if p not in lines:
                lines[p] = page_lines(pdf, p)
            return lines[p]

        def add(k, i, s, e):
            if not any((pdf.name, q) in used for q in range(s, e + 1)):
                cands[k].append((pdf.name, i, s, e, tables[i]['title'] or ''))

        for p in range(1, n_pages + 1):
            if len(on_page.get(p, [])) >= 2:
                add('multi', on_page[p][0], p, p)
        for i, t in enumerate(tables):
            s, e, title = t['page_start'], t['page_end'], t['title']
            nxt = min(e, s + 1)
            if title:
                h = title_height(pdf, s, title)
                if h is not None and h > 2 / 3:
                    add('low', i, s, nxt)
                if wraps(text(s), title):
                    add('wrap', i, s, nxt)
            if pdf.name[:2] in JX_CITIES and '绩效目标' in (title or '') and e > s:
                for p in range(s, e + 1):
                    a = p if p < e else p - 1
                    add('jx', i, a, a + 1)
            last_here = max(on_page[e]) == i
            if last_here and any(re.match(r'\s*注\s*[：:]', l) for l in text(e)):
                add('note', i, max(s, e - 1), e)
    rng = random.Random(SEED)
    picks, files, per_city = [], set(), {}
    for k, n in STRATA:
        cities = set()
        for _ in range(n):
            pool = [c for c in cands[k] if c[0] not in files and c[0][:2] not in cities
                    and per_city.get(c[0][:2], 0) < PER_CITY]
            if not pool:
                # few candidates (multi/low/wrap are rare): drop "other city, other file" but
                # never draw a table twice
                pool = [c for c in cands[k] if c[:2] not in {(d[0], d[1]) for _, d in picks}
                        and per_city.get(c[0][:2], 0) < PER_CITY]
            if not pool:
                print('# stratum', k, 'has no candidate left', file=sys.stderr)
                break
            c = rng.choice(pool)
            picks.append((k, c))
            files.add(c[0])
            cities.add(c[0][:2])
            per_city[c[0][:2]] = per_city.get(c[0][:2], 0) + 1
    # a pick a stratum could not make goes to any candidate of a file and city not drawn yet
    while len(picks) < sum(n for _, n in STRATA):
        pool = [(k, c) for k, _ in STRATA for c in cands[k] if c[0] not in files
                and per_city.get(c[0][:2], 0) < PER_CITY]
        k, c = rng.choice(pool)
        picks.append((k, c))
        files.add(c[0])
        per_city[c[0][:2]] = per_city.get(c[0][:2], 0) + 1
    for k, _ in STRATA:
        for c in cands[k] if k in ('multi', 'low', 'wrap') else []:
            print('#', k, *c, file=sys.stderr)
        print('#', k, len(cands[k]), 'candidates', file=sys.stderr)
    for k, (src, i, s, e, title) in picks:
        name = f"{src[:2]}{src[3:5]}-p{s}" + (f"-{e}" if e > s else '')
        print(name, src, f"{s}-{e}", k, title, sep='\t')


main()
