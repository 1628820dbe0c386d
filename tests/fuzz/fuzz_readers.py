"""Fuzz target: bytes → ``document_from_bytes`` as a server reads uploads (.docx, .txt, .md, .pdf, no extension).

The first byte picks the file name's extension, the rest is the file. Formats are those a server accepts
(``NATIVE_FORMATS``), so a PDF's content is refused before pdftotext would start (``fuzz_pdf.py`` covers
that route). Run by ``test_atheris.py``; see ``harness.py`` for running it by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: make `tests` importable

from tests.fuzz.harness import SEED_REPORTS, check_document, instrumented, main, result_or_error

with instrumented():
    from mingjing.readers import NATIVE_FORMATS, document_from_bytes

from tests.hostile import cases
from tests.readers.pdfbuild import make_pdf
from tests.support.docx_build import docx_bytes

EXTENSIONS = (".docx", ".txt", ".md", ".pdf", "", ".doc")


def target(data: bytes) -> None:
    """Read ``data[1:]`` under the extension ``data[0]`` picks; a document that comes back must be clean text."""
    if not data:
        return
    name = f"报告{EXTENSIONS[data[0] % len(EXTENSIONS)]}"
    document = result_or_error(lambda: document_from_bytes(data[1:], filename=name, accept=NATIVE_FORMATS))
    if document is not None:
        check_document(document)


def seeds() -> list[bytes]:
    """One file of each kind a reader meets, behind the extension byte that routes it as named."""
    report = SEED_REPORTS[0]
    return [
        bytes([0]) + docx_bytes(report),
        bytes([0])
        + cases.package(
            cases.document(cases.paragraphs_xml(cases.REPORT_LINES, numbered=True)), cases.numbering()
        ),
        bytes([1]) + report.encode("utf-8"),
        bytes([1]) + SEED_REPORTS[1].encode("gb18030"),
        bytes([1]) + b"\xef\xbb\xbf" + SEED_REPORTS[3].encode("utf-8"),
        bytes([1]) + SEED_REPORTS[3].encode("utf-16"),
        bytes([2]) + SEED_REPORTS[2].encode("utf-8"),
        bytes([3]) + make_pdf(cases.REPORT_LINES),
        bytes([4]) + b"<html><body><p>\xe5\xaf\xb9\xe7\x85\xa7</p></body></html>",
        bytes([5]) + cases.small_rtf(),
    ]


if __name__ == "__main__":
    main(target, seeds)
