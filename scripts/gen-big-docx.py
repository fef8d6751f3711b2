#!/usr/bin/python3
"""Write a large DOCX for the memory benchmark: many budget-style tables with Word-like markup
(cell widths, fonts, a merged header), deterministic content. Default target about 10 MB.
Usage: /usr/bin/python3 scripts/gen-big-docx.py OUT.docx [MEGABYTES]"""
import random
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
RPR = '<w:rPr><w:rFonts w:ascii="宋体" w:eastAsia="宋体" w:hAnsi="宋体" w:hint="eastAsia"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
NAMES = ["一般公共服务支出", "教育支出", "科学技术支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出",
         "农林水支出", "住房保障支出", "行政运行", "事业运行", "机关服务", "其他一般公共服务支出"]


RND = random.Random(7)


def para(text):
    # Word 2010+ gives every paragraph random w14:paraId/w14:textId values: most of the entropy
    ids = f'w14:paraId="{RND.getrandbits(31):08X}" w14:textId="{RND.getrandbits(31):08X}"'
    return f'<w:p {ids} w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"><w:pPr><w:jc w:val="center"/>{RPR}</w:pPr><w:r>{RPR}<w:t>{text}</w:t></w:r></w:p>'


def cell(text, width, extra=""):
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{extra}<w:vAlign w:val="center"/></w:tcPr>'
            f'{para(text)}</w:tc>')


def table(rnd, n, rows):
    cols = 6
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="4"/>'
           f'<w:bottom w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>' +
           "".join('<w:gridCol w:w="1500"/>' for _ in range(cols)) + "</w:tblGrid>"]
    out.append('<w:tr><w:trPr><w:tblHeader/></w:trPr>' + cell("科目编码", 1500, '<w:vMerge w:val="restart"/>') +
               cell("科目名称", 1500, '<w:vMerge w:val="restart"/>') +
               cell("本年支出（万元）", 6000, '<w:gridSpan w:val="4"/>') + "</w:tr>")
    out.append('<w:tr><w:trPr><w:tblHeader/></w:trPr>' + cell("", 1500, "<w:vMerge/>") + cell("", 1500, "<w:vMerge/>") +
               "".join(cell(h, 1500) for h in ("合计", "基本支出", "项目支出", "其他")) + "</w:tr>")
    for r in range(rows):
        vals = [rnd.randint(0, 9999999) / 100 for _ in range(3)]
        out.append("<w:tr>" + cell(f"{2010000 + rnd.randint(0, 99999)}", 1500) + cell(rnd.choice(NAMES), 1500) +
                   cell(f"{sum(vals):,.2f}", 1500) + "".join(cell(f"{v:,.2f}", 1500) for v in vals) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def main():
    out = sys.argv[1]
    target = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    rnd = random.Random(42)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body>'.encode())
            n = 0
            while True:
                n += 1
                f.write((para(f"附件{n}") + para(f"2021年部门支出决算表（{n}）") + para("单位：万元") +
                         table(rnd, n, 200)).encode())
                # deflate output so far is not visible here; estimate from a 6:1 ratio measured on this markup
                if n % 20 == 0 and z.fp.tell() > target * 1e6:
                    break
            f.write(b"<w:sectPr/></w:body></w:document>")
    print(f"{out}: {n} tables")


if __name__ == "__main__":
    main()
