#!/usr/bin/python3
"""Write small PDFs by hand (no libraries), each exercising one part of the PDF reader:

  corpus/pdf/private-use.pdf   pages whose glyphs decode to private-use characters or U+FFFD
                               (tests/test_pdf_input.c asserts the warning and its pages)
  corpus/pdf/blank-rows.pdf    ruled tables without numbers: a text list with a blank row, and a
                               blank template (header rows of both asserted in test_pdf_input.c)
  corpus/pdf/outline-list.pdf  paragraphs numbered "4.2.1.1." (a gap after each number, the wrapped
                               lines back at the margin) above an unruled table of amounts: the list
                               is no table, the table is (test_pdf_unruled.c)
  fuzz/corpus/pdf/*.pdf        seeds of the PDF fuzz target: a ruled table, an unruled table, a
                               rotated page, a page with only an image (scanned), a Type3 font,
                               a compressed content stream, thin filled rectangles as rules,
                               a truncated file (fuzz/corpus/pdf/ also holds two LibreOffice
                               exports with CJK fonts copied from corpus/pdf-gen/)

Usage: scripts/gen-pdf-small.py   (rewrites those files; output is deterministic)
"""
import os
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def pdf(objs):
    """Objects (bytes, numbered from 1; object 1 is the catalog) → a PDF with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def stream(data, extra=b"", compress=False):
    if compress:
        data = zlib.compress(data, 9)
        extra += b"/Filter /FlateDecode "
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


class Doc:
    """Pages with content streams; fonts: F1 = Helvetica, T3/TU/TS = Type3 fonts (below)."""

    def __init__(self):
        self.objs = [None, None]  # catalog, pages
        self.pages = []
        self.fonts = {}

    def add(self, obj):
        self.objs.append(obj)
        return len(self.objs)

    def font(self, name, obj):
        self.fonts[name] = self.add(obj)

    def page(self, content, size=(612, 792), rotate=0, compress=False, xobjects=b""):
        c = self.add(stream(content, compress=compress))
        fonts = b" ".join(b"/%s %d 0 R" % (k.encode(), v) for k, v in self.fonts.items())
        extra = b" /Rotate %d" % rotate if rotate else b""
        self.pages.append(self.add(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]%s /Resources << /Font << %s >> %s>> "
            b"/Contents %d 0 R >>" % (size[0], size[1], extra, fonts, xobjects, c)))

    def bytes(self):
        self.objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
        kids = b" ".join(b"%d 0 R" % p for p in self.pages)
        self.objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self.pages))
        return pdf(self.objs)


def helvetica(doc):
    doc.font("F1", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")


def type3(doc, name, names, tounicode=None):
    """A Type3 font whose codes 65.. ('A'..) draw a bar each and are named `names`; with
    `tounicode` ([hex UTF-16 strings]) a ToUnicode CMap maps those codes to them."""
    glyph = doc.add(stream(b"500 0 0 0 500 700 d1 60 0 380 700 re f"))
    procs = b" ".join(b"/%s %d 0 R" % (n.encode(), glyph) for n in sorted(set(names)))
    diffs = b" ".join(b"/" + n.encode() for n in names)
    extra = b""
    if tounicode:
        lines = b"\n".join(b"<%02X> <%s>" % (65 + i, u.encode()) for i, u in enumerate(tounicode))
        cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /BiaoTest def\n"
                b"1 begincodespacerange <00> <FF> endcodespacerange\n%d beginbfchar\n%s\nendbfchar\n"
                b"endcmap CMapName currentdict /CMap defineresource pop end end" % (len(tounicode), lines))
        extra = b" /ToUnicode %d 0 R" % doc.add(stream(cmap))
    doc.font(name, b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] "
                   b"/CharProcs << %s >> /Encoding << /Type /Encoding /Differences [65 %s] >> /FirstChar 65 "
                   b"/LastChar %d /Widths [%s]%s >>"
             % (procs, diffs, 64 + len(names), b" ".join([b"500"] * len(names)), extra))


def text(font, size, x, y, s):
    s = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"BT /%s %d Tf %g %g Td (%s) Tj ET\n" % (font.encode(), size, x, y, s.encode("latin-1"))


def ruled_table(x0, y0, widths, rows, height=20, fill=False):
    """Content drawing a grid (stroked lines, or thin filled rectangles with fill=True) with Helvetica text."""
    out = bytearray(b"0 0 0 RG 0 0 0 rg 0.8 w\n")
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [y0 - i * height for i in range(len(rows) + 1)]
    for y in ys:
        out += (b"%g %g %g 0.8 re f\n" % (xs[0], y, xs[-1] - xs[0]) if fill
                else b"%g %g m %g %g l S\n" % (xs[0], y, xs[-1], y))
    for x in xs:
        out += (b"%g %g 0.8 %g re f\n" % (x, ys[-1], ys[0] - ys[-1]) if fill
                else b"%g %g m %g %g l S\n" % (x, ys[0], x, ys[-1]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            out += text("F1", 10, xs[c] + 4, ys[r] - height + 6, cell)
    return bytes(out)


ROWS = [["Item", "Budget", "Actual"], ["Salaries", "1,200.00", "1,180.50"],
        ["Travel", "35.00", "12.40"], ["Total", "1,235.00", "1,192.90"]]


def private_use():
    """Five pages: 1 and 3 plain text; 2 a Type3 font without ToUnicode whose glyph names are
    uniE000.. (Poppler maps them into the private-use area); 4 a ToUnicode map to U+FFFD; 5 a
    ToUnicode map to supplementary private-use characters (U+F0000..)."""
    d = Doc()
    helvetica(d)
    type3(d, "PU", ["uniE000", "uniE001", "uniE002", "uniE003"])
    type3(d, "FD", ["g1", "g2"], ["FFFD", "FFFD"])
    type3(d, "SP", ["g1", "g2"], ["DB80DC00", "DB80DC01"])
    d.page(text("F1", 12, 72, 700, "Page one: ordinary text with a Unicode map."))
    d.page(text("F1", 12, 72, 700, "Page two:") + text("PU", 12, 150, 700, "ABCD ABCD"))
    d.page(text("F1", 12, 72, 700, "Page three: ordinary text again."))
    d.page(text("F1", 12, 72, 700, "Page four:") + text("FD", 12, 150, 700, "ABAB"))
    d.page(text("F1", 12, 72, 700, "Page five:") + text("SP", 12, 150, 700, "ABBA"))
    return d.bytes()


def blank_rows():
    """Two ruled tables without numbers: a text list with a blank row between its entries (its
    header is 1 row), and a blank template — two header rows over an empty body (header 2)."""
    d = Doc()
    helvetica(d)
    content = text("F1", 12, 72, 740, "Units and remarks")
    content += ruled_table(72, 720, [180, 200], [["Unit", "Remark"], ["Finance Bureau", "own budget"], ["", ""],
                                                ["Treasury Centre", "merged into the bureau"]])
    content += text("F1", 12, 72, 580, "Spending of funds the unit did not have")
    content += ruled_table(72, 560, [160, 100, 100], [["Fund", "Spending", "Spending"], ["Item", "Budget", "Actual"],
                                                      ["", "", ""], ["", "", ""], ["", "", ""]])
    d.page(content)
    return d.bytes()


def outline_list():
    """Numbered paragraphs as Word sets them (number, tab, text; wrapped lines from the margin), then
    an unruled table of amounts, on one page."""
    doc = Doc()
    helvetica(doc)
    paras = [("4.2.1.1.", "Load the data of the sections and zones", "of the object in line with the programming table."),
             ("4.2.1.2.", "Link the zones with the sections in line", "with the data of the programming table."),
             ("4.2.1.3.", "Mark which kind of system each zone belongs to.", None),
             ("4.2.1.4.", "Load the floor plans of the object.", None),
             ("4.2.1.5.", "Create the layers of the interactive plan:", None),
             ("4.2.1.5.1.", "Plan of the object.", None),
             ("4.2.1.5.2.", "Sections of the object.", None)]
    out = bytearray()
    y = 720
    for number, first, wrapped in paras:
        out += text("F1", 10, 72, y, number) + text("F1", 10, 140, y, first)
        y -= 13
        if wrapped:
            out += text("F1", 10, 72, y, wrapped)
            y -= 13
    y -= 40
    for row in ROWS:
        for x, cell in zip((72, 200, 300), row):
            out += text("F1", 10, x, y, cell)
        y -= 16
    doc.page(bytes(out))
    return doc.bytes()


def seeds():
    out = {}
    d = Doc()
    helvetica(d)
    d.page(text("F1", 14, 72, 740, "Table 1 Spending") + ruled_table(72, 720, [160, 100, 100], ROWS))
    out["ruled-table.pdf"] = d.bytes()

    d = Doc()
    helvetica(d)
    content = text("F1", 14, 72, 740, "Table 2 Unruled")
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            content += text("F1", 10, 72 + 160 * c, 710 - 18 * r, cell)
    d.page(content, compress=True)
    out["unruled-compressed.pdf"] = d.bytes()

    d = Doc()
    helvetica(d)
    d.page(text("F1", 14, 72, 560, "Rotated landscape table") + ruled_table(72, 540, [200, 120, 120], ROWS),
           size=(842, 595), rotate=90)
    out["rotated.pdf"] = d.bytes()

    d = Doc()
    helvetica(d)
    d.page(ruled_table(72, 720, [160, 100, 100], ROWS, fill=True))
    out["filled-rules.pdf"] = d.bytes()

    d = Doc()
    img = d.add(stream(bytes(range(64)) * 3, b"/Type /XObject /Subtype /Image /Width 8 /Height 8 "
                                             b"/ColorSpace /DeviceRGB /BitsPerComponent 8 "))
    d.page(b"q 200 0 0 200 100 400 cm /Im1 Do Q", xobjects=b"/XObject << /Im1 %d 0 R >> " % img)
    out["scanned-image.pdf"] = d.bytes()

    d = Doc()
    helvetica(d)
    type3(d, "PU", ["uniE000", "uniE001", "g1"], ["E000", "FFFD", "0041"])
    d.page(text("PU", 12, 72, 700, "ABC CBA") + text("F1", 12, 72, 680, "mixed fonts"))
    out["type3.pdf"] = d.bytes()
    out["truncated.pdf"] = out["ruled-table.pdf"][:900]  # no xref: Poppler rebuilds it
    return out


def main():
    os.makedirs(os.path.join(ROOT, "corpus", "pdf"), exist_ok=True)
    with open(os.path.join(ROOT, "corpus", "pdf", "private-use.pdf"), "wb") as f:
        f.write(private_use())
    with open(os.path.join(ROOT, "corpus", "pdf", "blank-rows.pdf"), "wb") as f:
        f.write(blank_rows())
    with open(os.path.join(ROOT, "corpus", "pdf", "outline-list.pdf"), "wb") as f:
        f.write(outline_list())
    fuzz = os.path.join(ROOT, "fuzz", "corpus", "pdf")
    os.makedirs(fuzz, exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(fuzz, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
