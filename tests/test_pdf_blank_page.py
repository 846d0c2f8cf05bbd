"""An empty page of a typed PDF (the last page a table's page break leaves) is no scanned page: it is not
OCR'd and no file.scanned follows. The PDF is written by hand: a text page and an empty one."""

from __future__ import annotations

from extractors.readers.pdf import read_pdf


def _pdf(pages: list[bytes]) -> bytes:
    """A minimal PDF, one page per content stream (b"" for an empty page), Helvetica for the text."""
    n = len(pages)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n)) + b"] /Count %d >>" % n,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, content in enumerate(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (5 + 2 * i))
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_an_empty_page_is_not_a_scan():
    doc = read_pdf(_pdf([b"BT /F1 14 Tf 72 760 Td (Application form: filled in and signed) Tj ET", b""]))
    assert doc.pages == 2
    assert not doc.ocr_pages and doc.warnings == []
    assert "Application form" in "\n".join(doc.lines())
