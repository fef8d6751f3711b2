#!/usr/bin/python3
"""Build corpus/docx/form-000.docx and form-002.docx: the 项目支出绩效自评表 forms of
../shared/seeds/000_*.txt (2 forms) and 002_*.txt (11 forms), with their real values, as Word would
have them: merged cells (项目资金（万元） over the fund rows, 绩效指标 over the indicator rows,
产出指标/效益指标 over their sub-rows, 数量指标 over its 三级 rows), header cells with line breaks
(年初<w:br/>预算数), tblHeader on the first two rows, and the paragraphs around each table
(附件3-1 / title / （2020年度） / 单位负责人签字…).

The seeds are text dumps of the original documents: a line starting with TAB starts a cell, other
lines continue it, and a blank line followed by a TAB line starts a new row. Merged positions show
as empty cells, which this script turns back into vertical merges by the form's layout (9 grid
columns: 0 labels | 1 一级指标 | 2 二级指标 | 3 三级指标 | 4 年度指标值 | 5 实际完成值 | 6 分值 | 7 得分 |
8 偏差原因; fund rows put 年初预算数..得分 in columns 3-8).

Usage: /usr/bin/python3 scripts/gen-docx-forms.py [SEEDS_DIR] [OUT_DIR]
Needs Debian's python3-docx (scripts/install-deps.sh --corpus)."""
import glob
import os
import sys

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "seeds")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "corpus", "docx")
NCOLS = 9
WIDTHS_CM = [1.2, 1.9, 1.9, 2.6, 3.6, 3.6, 1.1, 1.1, 2.0]


def parse(text):
    """-> list of ('para', str) and ('table', [[cell text, ...], ...]) in document order."""
    items, rows, row, cell = [], None, None, None
    blank = 0

    def end_cell():
        nonlocal cell
        if cell is not None:
            row.append("\n".join(cell).strip("\n"))
        cell = None

    def end_table():
        nonlocal rows, row
        end_cell()
        if row:
            rows.append(row)
        items.append(("table", rows))
        rows = row = None

    for raw in text.split("\n"):
        line = raw.replace("[bookmark: _GoBack]", "").rstrip("\r")
        if rows is None:
            if line.startswith("\t"):
                rows, row, cell, blank = [], [], [line[1:]], 0
            elif line.strip():
                items.append(("para", line.strip()))
            continue
        if line.startswith("\t"):
            end_cell()
            if blank and row:
                rows.append(row)
                row = []
            cell, blank = [line[1:]], 0
        elif not line.strip(" "):
            blank += 1
        elif row and row[0] == "总分":  # text after the total row: the table is over
            end_table()
            items.append(("para", line.strip()))
        else:
            cell.extend([""] * blank + [line])
            blank = 0
    if rows is not None:
        end_table()
    return items


def layout(rows):
    """Grid placement: list of rows of (col, span, text, vmerge) with vmerge None/'restart'/'continue'."""
    out = []
    for cells in rows:
        n, first = len(cells), cells[0]
        cont = lambda s: "continue" if s == "" else "restart"
        if first == "总分":
            spec = [(0, 6), (6, 1), (7, 2 if n == 3 else 1)] + ([(8, 1)] if n == 4 else [])
            out.append([(c, s, t, None) for (c, s), t in zip(spec, cells)])
        elif n == 2:
            out.append([(0, 1, cells[0], None), (1, 8, cells[1], None)])
        elif n == 4:
            out.append([(0, 1, cells[0], None), (1, 3, cells[1], None), (4, 2, cells[2], None),
                        (6, 3, cells[3], None)])
        elif n == 8:
            spec = [(0, 1), (1, 2)] + [(c, 1) for c in range(3, 9)]
            out.append([(c, s, t, cont(t) if c == 0 else None) for (c, s), t in zip(spec, cells)])
        elif n == 3:
            out.append([(0, 1, cells[0], cont(cells[0])), (1, 4, cells[1], None), (5, 4, cells[2], None)])
        elif n == 9:
            header = cells[1] == "一级指标"
            out.append([(c, 1, t, cont(t) if c <= 2 and not (header and c > 0) else None)
                        for c, t in enumerate(cells)])
        else:
            raise SystemExit(f"unexpected row with {n} cells: {cells}")
    return out


def set_cell_text(cell, text):
    """Short label lines become one paragraph with line breaks (年初<w:br/>预算数); longer text and
    text with blank lines become one paragraph per line."""
    lines = text.split("\n")
    as_breaks = all(len(s) <= 8 for s in lines) and "" not in lines
    p = cell.paragraphs[0]
    if as_breaks:
        for i, s in enumerate(lines):
            r = p.add_run(s)
            if i + 1 < len(lines):
                r.add_break()
    else:
        p.add_run(lines[0])
        for s in lines[1:]:
            cell.add_paragraph(s)
    for para in cell.paragraphs:
        for r in para.runs:
            r.font.size = Pt(9)


def set_vmerge(cell, how):
    tcPr = cell._tc.get_or_add_tcPr()
    vm = OxmlElement("w:vMerge")
    if how == "restart":
        vm.set(qn("w:val"), "restart")
    tcPr.append(vm)


def set_header(row):
    trPr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:tblHeader")
    trPr.append(h)


def add_table(doc, rows):
    grid = layout(rows)
    table = doc.add_table(rows=len(grid), cols=NCOLS)
    table.style = "Table Grid"
    table.autofit = False
    for c, w in enumerate(WIDTHS_CM):
        table.columns[c].width = Cm(w)
    for r, cells in enumerate(grid):
        row = table.rows[r]
        for c, w in enumerate(WIDTHS_CM):
            row.cells[c].width = Cm(w)
        # merge horizontally first (right to left keeps the indices of earlier cells valid)
        for col, span, text, vm in reversed(cells):
            if span > 1:
                row.cells[col].merge(row.cells[col + span - 1])
        for col, span, text, vm in cells:
            cell = row.cells[col]
            if text:
                set_cell_text(cell, text)
            if vm:
                set_vmerge(cell, vm)
        if r < 2:
            set_header(row)
    return table


def build(seed, out):
    items = parse(open(seed, encoding="utf-8").read())
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    style.font.size = Pt(10)
    first = True
    for kind, val in items:
        if kind == "para":
            if val.startswith("附件") and not first:
                doc.add_page_break()
            p = doc.add_paragraph(val)
            if "自评表" in val or val.startswith("（"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for r in p.runs:
                    r.bold = "自评表" in val
                    r.font.size = Pt(14 if "自评表" in val else 10)
        else:
            add_table(doc, val)
            first = False
    # fixed metadata so the generated file is reproducible
    cp = doc.core_properties
    cp.author = "biao gen-docx-forms.py"
    cp.title = os.path.basename(out)
    import datetime
    cp.created = cp.modified = datetime.datetime(2021, 1, 1)
    cp.last_modified_by = "biao"
    cp.revision = 1
    doc.save(out)
    print(f"{out}: {sum(1 for k, _ in items if k == 'table')} tables")


def main():
    os.makedirs(OUT, exist_ok=True)
    for n in ("000", "002"):
        seed = glob.glob(os.path.join(SEEDS, f"{n}_*.txt"))[0]
        build(seed, os.path.join(OUT, f"form-{n}.docx"))


if __name__ == "__main__":
    main()
