#!/usr/bin/python3
"""Write the hostile DOCX inputs of corpus/hostile/ (each one tiny; see corpus/hostile/README.md).
Usage: /usr/bin/python3 scripts/gen-hostile.py [OUT_DIR]"""
import io
import os
import random
import sys
import zipfile

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "hostile")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
TABLE = f'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'


def docx(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    # zip bomb: a 1 GB document.xml of spaces inside a valid package, deflated to about 1 MB
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'.encode()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", CT), ("_rels/.rels", RELS)):
            z.writestr(zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/document.xml", date_time=(2021, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write(head)
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                f.write(chunk)
            f.write(b"</w:body></w:document>")
    write("zip-bomb.docx", bomb.getvalue())
    # billion laughs in document.xml
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE w:document [{ents}]><w:document xmlns:w="{W}"><w:body>'
              f'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
    write("billion-laughs.docx", docx([("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("word/document.xml", laughs)]))
    # a zip that is not a DOCX (an XLSX-like package)
    write("no-document.docx", docx([("[Content_Types].xml", CT), ("xl/workbook.xml", "<workbook/>")]))
    # a valid small DOCX, then cut in half
    good = docx([("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                 ("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{TABLE}</w:body></w:document>' + " " * 4000)])
    write("truncated.docx", good[: len(good) // 2])
    write("empty.docx", b"")
    rnd = random.Random(1234)
    # random bytes behind a zip signature, so the zip reader (not the text reader) gets them
    write("random.docx", b"PK\x03\x04" + bytes(rnd.getrandbits(8) for _ in range(4092)))
    # a bomb that lies: 200 MB of spaced-out empty paragraphs declared as 100 KB in both zip headers
    lie = io.BytesIO()
    with zipfile.ZipFile(lie, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", CT), ("_rels/.rels", RELS)):
            z.writestr(zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/document.xml", date_time=(2021, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w") as f:
            f.write(head)
            for _ in range(200):
                f.write((b"<w:p/>" + b" " * 4090) * 256)
            f.write(b"</w:body></w:document>")
    data = bytearray(lie.getvalue())
    true_size = len(head) + 200 * (1 << 20) + len(b"</w:body></w:document>")
    old, new = true_size.to_bytes(4, "little"), (100000).to_bytes(4, "little")
    at = 0
    while (at := data.find(old, at)) >= 0:  # the size field in the local and the central header
        data[at:at + 4] = new
        at += 4
    write("zip-bomb-lying.docx", bytes(data))
    # legacy Word 97-2003 / encrypted OOXML: an OLE compound file header
    write("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + bytes(rnd.getrandbits(8) for _ in range(1024)))
    # a tiny table grid that would pad out to 20M cells: 1024 grid columns, 20,000 one-cell rows
    grid = "<w:tblGrid>" + '<w:gridCol w:w="10"/>' * 1024 + "</w:tblGrid>"
    rows = "<w:tr><w:tc><w:p/></w:tc></w:tr>" * 20000
    write("huge-grid.docx", docx([("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                                  ("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'
                                   f'<w:tbl>{grid}{rows}</w:tbl></w:body></w:document>')]))
    # broken XML inside a valid zip
    write("broken-xml.docx", docx([("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                                   ("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:tbl><w:tr>')]))
    print(f"wrote hostile inputs to {OUT}")


if __name__ == "__main__":
    main()
