"""A minimal text PDF writer for tests: one page, one line per string, Chinese via a ToUnicode map.

The font is not embedded (nothing needs to render it); text extraction only needs the CID →
Unicode map, which is what pdftotext reads.
"""

from __future__ import annotations


def make_pdf(lines: list[str], *, font_size: int = 12) -> bytes:
    chars = sorted({ch for line in lines for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    operations = ["BT", f"/F1 {font_size} Tf", f"{font_size + 4} TL", "50 780 Td"]
    operations += ["<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*" for line in lines]
    operations.append("ET")
    content = "\n".join(operations).encode()
    pairs = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def /CMapType 2 def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{len(chars)} beginbfchar\n{pairs}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    widths = " ".join(f"{cid[ch]} [{1000 if ord(ch) > 127 else 500}]" for ch in chars)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] "
        b"/ToUnicode 7 0 R >>",
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /W [{widths}] >>".encode(),
        _stream(cmap),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    return assemble_pdf(objects)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def assemble_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of numbered objects (object 1 is the catalogue), with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
