#!/usr/bin/python3
"""The reproducible pick of the held-out tables (helper a: 深圳 sz, 西安 xa, 烟台 yt, 上海 sh).

  pick.py BIAO_JSON_DIR        (BIAO_JSON_DIR/NAME.json = `biao extract ../shared/corpus/cities/NAME.pdf`)

Candidates: every table biao (main b2ca023) finds in the cities' files, on pages none of which is in
corpus/pdf-cities-truth, in files not scanned, running over 2-3 pages. random.Random(SEED) draws, in
this order: two 收支总表 (two-sided, of two cities), two 绩效目标表 (of two cities), then the rest of
each city's quota (sz 3, xa 2, yt 3, sh 2) among its other tables; never two from one file; within
a city a producer, then a title, not yet picked goes first (the spread the brief asks for).
"""
import collections, glob, json, os, random, sys

SEED = 20261207
QUOTA = {"sz": 3, "xa": 2, "yt": 3, "sh": 2}
here = os.path.dirname(os.path.abspath(__file__))
cities = os.path.join(here, "../../../shared/corpus/cities")
sources = {x["local"]: x for x in json.load(open(os.path.join(cities, "sources.json")))}
scanned = {k for k, x in sources.items() if x["scanned"]}


def producer(src):
    return sources[src]["creator"] + " / " + sources[src]["producer"]

used = collections.defaultdict(set)
for p in glob.glob(os.path.join(here, "../pdf-cities-truth/*.truth.json")):
    d = json.load(open(p))
    a, b = map(int, d["pages"].split("-"))
    used[d["source"]].update(range(a, b + 1))
cands = []
for p in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    src = os.path.basename(p)[:-5] + ".pdf"
    if src[:2] not in QUOTA or src in scanned:
        continue
    for t in json.load(open(p))["tables"]:
        pages = set(range(t["page_start"], t["page_end"] + 1))
        if 2 <= len(pages) <= 3 and not pages & used[src]:
            cands.append((src, t["page_start"], t["page_end"], t["title"] or ""))
rng = random.Random(SEED)
picked, files, left = [], set(), dict(QUOTA)


def draw(pool, n, distinct_city):
    pool = [c for c in pool if c[0] not in files and left[c[0][:2]] > 0]
    rng.shuffle(pool)
    # spread: a producer, then a title, not yet picked in that city first (stable: order kept within)
    prods = {(c[0][:2], producer(c[0])) for c in picked}
    titles = {(c[0][:2], c[3]) for c in picked}
    pool.sort(key=lambda c: ((c[0][:2], producer(c[0])) in prods, (c[0][:2], c[3]) in titles))
    cities_seen = set()
    for c in pool:
        if n == 0:
            break
        if c[0] in files or left[c[0][:2]] == 0 or (distinct_city and c[0][:2] in cities_seen):
            continue
        picked.append(c)
        files.add(c[0])
        left[c[0][:2]] -= 1
        cities_seen.add(c[0][:2])
        n -= 1


draw([c for c in cands if "收支总" in c[3]], 2, True)
draw([c for c in cands if "绩效目标" in c[3]], 2, True)
for city in QUOTA:
    while left[city] and any(c[0].startswith(city) and c[0] not in files for c in cands):
        draw([c for c in cands if c[0].startswith(city)], 1, False)
for c in sorted(picked):
    print(*c, producer(c[0]), sep="\t")
