#!/usr/bin/python3
"""Generate the tagged-PDF cases of corpus/pdf-gen/ (read by tests/test_pdf_tags.c), with the forms
and export of scripts/gen-pdf-forms.py:

- tagged-wrapped: a table without any rules whose cells wrap over several lines, and a 合计 row
  across two columns, so that whitespace alone cannot tell rows apart; the structure tree gives the
  grid.
- tagged-text: an unruled table of text only (no amounts), which geometry takes for prose (narrative
  pages must yield no tables); the tags say it is a table.
- tagged-split: an unruled table with one description wrapped over five lines: geometry cuts it
  into two tables and loses the wrapped lines; the tags give one table.
- tagged-mixed: a ruled table (tagged: Table/TR/TD) and, below it, a table typed as paragraphs with
  tab stops, which LibreOffice tags as paragraphs: no Table element, geometry alone finds it.
- tagged-wrong.pdf: tagged-mixed.tagged.pdf with wrong tags (qpdf): the cells of each data row of the
  tagged table are listed in a rotated order, as a careless producer might; geometry must win.

Usage: scripts/gen-pdf-tagged.py   (Debian's /usr/bin/python3 with python3-docx, LibreOffice, qpdf;
scripts/install-deps.sh --corpus installs them)
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

from docx import Document
from docx.shared import Cm

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen_pdf_forms", os.path.join(HERE, "gen-pdf-forms.py"))
forms = importlib.util.module_from_spec(spec)
spec.loader.exec_module(forms)


def wrapped():
    grid = [
        ["项目名称", "项目内容及绩效目标说明", "预算金额（万元）"],
        ["信息化系统运行维护项目", "办公自动化系统运行维护及网络安全等级保护测评服务，全年系统可用率不低于99%", "120.00"],
        ["财政干部业务培训", "全区财政干部业务能力提升培训，含线上课程和集中面授，参训人数不少于300人次", "35.50"],
        ["通用办公设备购置", "购置办公电脑、打印机等通用办公设备，按资产配置标准执行", "86.20"],
        ["预算执行专项审计", "委托第三方机构开展2024年度预算执行情况专项审计", "42.00"],
        ["合计", "", "283.70"],
    ]
    return forms.Form("2025年度项目支出预算表", grid, merges=[(5, 0, 1, 2)], header_rows=1, ruled=False,
                      widths=[3.0, 6.5, 2.6])


def text_only():
    grid = [
        ["工作任务", "牵头单位", "配合单位", "完成时限"],
        ["预算绩效目标审核", "预算科", "各业务科室", "三月底前"],
        ["绩效运行监控", "绩效管理科", "项目单位", "八月底前"],
        ["部门整体支出评价", "绩效管理科", "第三方机构", "十月底前"],
        ["评价结果公开", "办公室", "预算科", "十二月底前"],
    ]
    return forms.Form("预算绩效管理工作安排表", grid, header_rows=1, ruled=False, widths=[4.0, 3.0, 3.0, 2.6])


def split():
    grid = [["科目编码", "项目名称及说明", "预算数"]]
    for i in range(3):
        grid.append(["20103%02d" % (i + 1), "行政运行%d" % (i + 1), "%d.00" % (100 + i)])
    grid.append(["2010350", "事业运行：用于保障机关所属事业单位日常运转，包括水电费、物业管理费、办公设备维护费以及"
                 "公务用车运行维护费等基本支出", "96.40"])
    for i in range(3):
        grid.append(["20805%02d" % (i + 1), "离退休%d" % (i + 1), "%d.00" % (200 + i)])
    return forms.Form("2025年度支出预算明细表", grid, header_rows=1, ruled=False, widths=[2.4, 5.0, 2.6])


def ruled():
    grid = [
        ["科目编码", "科目名称", "金额"],
        ["30101", "基本工资", "537.64"],
        ["30102", "津贴补贴", "987.86"],
        ["30107", "绩效工资", "1,594.02"],
    ]
    return forms.Form("一般公共预算基本支出表", grid, header_rows=1, widths=[3.0, 5.0, 3.0])


TABBED = [("科目编码", "科目名称", "金额"), ("30201", "办公费", "45.10"), ("30205", "水费", "3.80"),
          ("30211", "差旅费", "27.35"), ("30213", "维修（护）费", "12.00")]


def add_tabbed(doc):
    doc.add_paragraph("商品和服务支出明细表")
    doc.add_paragraph("单位：万元")
    for row in TABBED:
        p = doc.add_paragraph("\t".join(row))
        for x in (3.5, 9.0):
            p.paragraph_format.tab_stops.add_tab_stop(Cm(x))
    return {"title": "商品和服务支出明细表", "n_rows": len(TABBED), "n_cols": 3,
            "cells": [{"row": r, "col": c, "rowspan": 1, "colspan": 1, "text": t}
                      for r, row in enumerate(TABBED) for c, t in enumerate(row)]}


def write(name, build):
    doc = Document()
    forms.set_cjk_font(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    truth = build(doc)
    base = os.path.join(forms.OUT, name)
    doc.save(base + ".docx")
    forms.export(base + ".docx", base + ".tagged.pdf", True)
    forms.export(base + ".docx", base + ".untagged.pdf", False)
    with open(base + ".truth.json", "w", encoding="utf-8") as fh:
        json.dump({"tables": truth}, fh, ensure_ascii=False, indent=1)
    print("wrote", base)


def build_wrapped(doc):
    f = wrapped()
    f.add_to(doc)
    return [f.truth()]


def build_text(doc):
    f = text_only()
    f.add_to(doc)
    return [f.truth()]


def build_split(doc):
    f = split()
    f.add_to(doc)
    return [f.truth()]


def build_mixed(doc):
    f = ruled()
    f.add_to(doc)
    return [f.truth(), add_tabbed(doc)]


def rotate_cells(src, dst):
    """Rotate the TD list of every table row but the first (a TR whose /K lists three cells)."""
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "x.qdf.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", src, qdf], check=True)
        data = open(qdf, "rb").read()
        rows = list(re.finditer(rb"/K \[\n    (\d+ 0 R)\n    (\d+ 0 R)\n    (\d+ 0 R)\n  \]\n  /P \d+ 0 R\n"
                                rb"  /Pg \d+ 0 R\n  /S /TR", data))
        for m in reversed(rows[1:]):
            a, b, c = m.group(1), m.group(2), m.group(3)
            new = m.group(0).replace(a + b"\n    " + b + b"\n    " + c, b + b"\n    " + c + b"\n    " + a)
            data = data[:m.start()] + new + data[m.end():]
        edited = os.path.join(tmp, "y.qdf.pdf")
        with open(edited, "wb") as fh:
            fh.write(data)
        with open(os.path.join(tmp, "z.qdf.pdf"), "wb") as fh:  # offsets and xref made right again
            subprocess.run(["fix-qdf", edited], stdout=fh, check=True)
        subprocess.run(["qpdf", "--object-streams=generate", "--compress-streams=y",
                        os.path.join(tmp, "z.qdf.pdf"), dst], check=True)
    print("wrote", dst, "(%d rows rotated)" % (len(rows) - 1))


def main():
    write("tagged-wrapped", build_wrapped)
    write("tagged-mixed", build_mixed)
    write("tagged-text", build_text)
    write("tagged-split", build_split)
    rotate_cells(os.path.join(forms.OUT, "tagged-mixed.tagged.pdf"), os.path.join(forms.OUT, "tagged-wrong.pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
