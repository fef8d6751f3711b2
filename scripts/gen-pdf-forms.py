#!/usr/bin/python3
"""Generate DOCX budget forms with exactly known tables, export each to PDF with LibreOffice
(tagged and untagged), and write the truth as JSON. Output: corpus/pdf-gen/.

Run with Debian's /usr/bin/python3 (python3-docx) and LibreOffice installed
(scripts/install-deps.sh --corpus). Usage: scripts/gen-pdf-forms.py

Each form NAME gives NAME.docx, NAME.tagged.pdf, NAME.untagged.pdf and NAME.truth.json:
{"tables": [{"title": ..., "n_rows": R, "n_cols": C,
             "cells": [{"row", "col", "rowspan", "colspan", "text"}]}]}.
Cells are listed row-major by top-left corner, as biao writes them.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Cm

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "pdf-gen")


def set_cjk_font(doc):
    style = doc.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(10)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")


def borders(table, on=True):
    """Single borders on every edge (True), none (False), "columns": the frame and the lines
    between columns, no lines between rows, or "three-line": only the top and bottom rules."""
    tbl_pr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement("w:" + edge)
        drawn = (on is True or (on == "columns" and edge != "insideH")
                 or (on == "three-line" and edge in ("top", "bottom")))
        e.set(qn("w:val"), "single" if drawn else "nil")
        e.set(qn("w:sz"), "4")
        e.set(qn("w:color"), "000000")
        b.append(e)
    tbl_pr.append(b)


def repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:tblHeader")
    h.set(qn("w:val"), "true")
    tr_pr.append(h)


class Form:
    """A table laid out as a grid of strings with explicit merges, and its truth."""

    def __init__(self, title, grid, merges=(), header_rows=0, ruled=True, widths=None):
        self.title, self.grid, self.merges = title, grid, list(merges)
        self.header_rows, self.ruled, self.widths = header_rows, ruled, widths

    def truth(self):
        covered = set()
        cells = []
        spans = {(r, c): (rs, cs) for r, c, rs, cs in self.merges}
        for (r, c), (rs, cs) in spans.items():
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    if (i, j) != (r, c):
                        covered.add((i, j))
        for r, row in enumerate(self.grid):
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                cells.append({"row": r, "col": c, "rowspan": rs, "colspan": cs, "text": text})
        return {"title": self.title, "n_rows": len(self.grid), "n_cols": len(self.grid[0]), "cells": cells}

    def add_to(self, doc):
        p = doc.add_paragraph(self.title)
        p.alignment = 1
        doc.add_paragraph("单位：万元" if not self.title.isascii() else "EUR million")
        rows, cols = len(self.grid), len(self.grid[0])
        t = doc.add_table(rows=rows, cols=cols)
        borders(t, self.ruled)
        for r in range(rows):
            if r < self.header_rows:
                repeat_header(t.rows[r])
        for r, c, rs, cs in self.merges:
            t.cell(r, c).merge(t.cell(r + rs - 1, c + cs - 1))
        for r, row in enumerate(self.grid):
            for c, text in enumerate(row):
                cell = t.cell(r, c)
                if cell._tc is not t.rows[r].cells[c]._tc:
                    continue
                if any(r0 <= r < r0 + rs and c0 <= c < c0 + cs and (r, c) != (r0, c0)
                       for r0, c0, rs, cs in self.merges):
                    continue
                cell.text = text
        if self.widths:
            for r in range(rows):
                for c, w in enumerate(self.widths):
                    t.rows[r].cells[c].width = Cm(w)
        doc.add_paragraph("")


def budget_summary():
    """收入 | 支出 two-level header, a wrapped long label, numbers with thousands separators."""
    grid = [
        ["收入", "", "支出", ""],
        ["项目", "预算数", "项目", "预算数"],
        ["一、一般公共预算财政拨款收入", "1,234.56", "一、一般公共服务支出", "1,000.00"],
        ["二、政府性基金预算财政拨款收入", "", "二、社会保障和就业支出", "134.56"],
        ["三、事业收入", "100.00", "三、住房保障支出（含住房公积金、提租补贴和购房补贴等各项支出）", "200.00"],
        ["本年收入合计", "1,334.56", "本年支出合计", "1,334.56"],
    ]
    return Form("收入支出预算总表", grid, merges=[(0, 0, 1, 2), (0, 2, 1, 2)], header_rows=2,
                widths=[4.5, 2.5, 6.5, 2.5])


def function_table(rows=45):
    """功能分类科目编码 over 类/款/项, a 合计 row spanning four columns, long enough for two pages."""
    grid = [
        ["项目", "", "", "", "一般公共预算支出", "", ""],
        ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
    ]
    merges = [(0, 0, 1, 4), (0, 4, 1, 3), (1, 0, 1, 3), (1, 3, 2, 1), (1, 4, 2, 1), (1, 5, 2, 1), (1, 6, 2, 1)]
    total = 0
    for i in range(rows):
        a = 1000 + 37 * i
        total += a
        grid.append(["201", "%02d" % (i // 10 + 1), "%02d" % (i % 10 + 1), "行政运行%d" % (i + 1),
                     "{:,}.00".format(a), "{:,}.00".format(a - 100), "100.00"])
    grid.append(["合计", "", "", "", "{:,}.00".format(total), "{:,}.00".format(total - 100 * rows),
                 "{:,}.00".format(100 * rows)])
    merges.append((len(grid) - 1, 0, 1, 4))
    return Form("一般公共预算支出功能分类预算表", grid, merges=merges, header_rows=3,
                widths=[1.2, 1.2, 1.2, 5.0, 2.6, 2.6, 2.6])


def unruled_table():
    """No borders at all: columns come from whitespace."""
    grid = [
        ["科目编码", "科目名称", "金额"],
        ["30101", "基本工资", "537.64"],
        ["30102", "津贴补贴", "987.86"],
        ["30107", "绩效工资", "1,594.02"],
        ["30113", "住房公积金", "289.59"],
    ]
    return Form("一般公共预算基本支出表", grid, ruled=False, widths=[3.0, 5.0, 3.0])


def english_unruled():
    """An unruled table in English: word spaces kept, columns from whitespace alone."""
    grid = [
        ["Programme", "Budget 2024", "Outturn 2024"],
        ["General public services", "1,204.50", "1,198.20"],
        ["Social protection and employment", "310.00", "305.75"],
        ["Health care", "96.40", "101.10"],
        ["Housing support", "450.00", "447.95"],
        ["Total", "2,060.90", "2,053.00"],
    ]
    return Form("Table 3 Expenditure by function", grid, ruled=False, widths=[7.0, 3.0, 3.0])


def column_ruled():
    """Rules only around and between columns: rows come from the printed lines."""
    grid = [
        ["经济分类科目编码", "科目名称", "决算数"],
        ["30101", "基本工资", "537.64"],
        ["30102", "津贴补贴", "987.86"],
        ["30103", "奖金", "0.00"],
        ["30107", "绩效工资", "1,594.02"],
        ["30108", "机关事业单位基本养老保险缴费", "446.11"],
    ]
    return Form("一般公共预算财政拨款基本支出决算表", grid, ruled="columns", widths=[3.5, 7.0, 3.0])


def three_line():
    """Only a top and a bottom rule (academic style): columns from whitespace."""
    grid = [
        ["项目", "2023年", "2024年", "增减%"],
        ["一般公共预算收入", "8,215.30", "8,540.12", "3.95"],
        ["政府性基金收入", "1,020.00", "968.40", "-5.06"],
        ["国有资本经营收入", "45.60", "51.20", "12.28"],
    ]
    return Form("表2收入情况表", grid, ruled="three-line", widths=[5.0, 3.0, 3.0, 2.5])


FORMS = {
    "form-summary": [budget_summary()],
    "form-function": [function_table()],
    "form-unruled": [unruled_table()],
    "form-english": [english_unruled()],
    "form-columns": [column_ruled()],
    "form-threeline": [three_line()],
}


def export(docx, pdf, tagged):
    flt = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"%s"}}' % ("true" if tagged else "false")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--convert-to", flt, "--outdir", tmp, docx], check=True, stdout=subprocess.DEVNULL)
        shutil.move(os.path.join(tmp, os.path.splitext(os.path.basename(docx))[0] + ".pdf"), pdf)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, forms in FORMS.items():
        doc = Document()
        set_cjk_font(doc)
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        for f in forms:
            f.add_to(doc)
        base = os.path.join(OUT, name)
        doc.save(base + ".docx")
        export(base + ".docx", base + ".tagged.pdf", True)
        export(base + ".docx", base + ".untagged.pdf", False)
        with open(base + ".truth.json", "w", encoding="utf-8") as fh:
            json.dump({"tables": [f.truth() for f in forms]}, fh, ensure_ascii=False, indent=1)
        print("wrote", base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
