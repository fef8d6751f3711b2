#!/usr/bin/python3
"""Write a long ruled-table PDF for the memory/time benchmark (scripts/bench-limits.sh): N pages
(default 1000), each with a title and one 25 x 5 ruled table of numbers, deterministic content.
Usage: /usr/bin/python3 scripts/gen-big-pdf.py OUT.pdf [PAGES]"""
import importlib.util
import os
import sys

spec = importlib.util.spec_from_file_location(
    "gen_pdf_small", os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen-pdf-small.py"))
small = importlib.util.module_from_spec(spec)
spec.loader.exec_module(small)


def main():
    out = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    doc = small.Doc()
    small.helvetica(doc)
    for p in range(1, pages + 1):
        rows = [["Item", "Budget", "Actual", "Change", "Rate"]]
        for r in range(1, 25):
            v = (p * 37 + r * 11) % 9000 + 100
            rows.append([f"Line {p}.{r}", f"{v:,}.00", f"{v - r:,}.50", f"{r}.25", f"{(r * 3) % 100}.07%"])
        content = small.text("F1", 14, 72, 740, f"Table {p}: expenditure by item") + \
            small.ruled_table(72, 720, [150, 90, 90, 70, 60], rows)
        doc.page(content, compress=True)
    with open(out, "wb") as f:
        f.write(doc.bytes())
    print(f"{out}: {pages} pages")


if __name__ == "__main__":
    main()
