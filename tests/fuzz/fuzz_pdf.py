"""Fuzz target: a PDF file → ``document_from_bytes`` → pdftotext under its limits → paragraphs.

pdftotext is C in a child process (about 0.1–0.2 s a call) and not instrumented, so this target runs few
inputs and mostly checks the wrapper: whatever pdftotext does with a damaged PDF (fails, hangs, floods
its output, prints NULs), the caller gets a document of clean text or a Chinese error. The Python half of
the route, ``pdf_paragraphs``, is fuzzed fast in ``fuzz_parser.py``. Run by ``test_atheris.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: make `tests` importable

from tests.fuzz.harness import SEED_REPORTS, check_document, instrumented, main, result_or_error

with instrumented():
    from mingjing.readers import document_from_bytes

from tests.readers.pdfbuild import make_pdf

HEADER = b"%PDF-1.4\n"


def target(data: bytes) -> None:
    """Read ``data`` as a PDF (the header is added if a mutation lost it, so pdftotext always runs)."""
    pdf = data if data.startswith(b"%PDF") else HEADER + data
    document = result_or_error(lambda: document_from_bytes(pdf, filename="报告.pdf", accept={"pdf"}))
    if document is not None:
        check_document(document)


def seeds() -> list[bytes]:
    """Small PDFs made by code (one text object per line, a CID font with a ToUnicode map)."""
    return [make_pdf(SEED_REPORTS[0].splitlines()), make_pdf(SEED_REPORTS[3].splitlines(), font_size=9)]


if __name__ == "__main__":
    main(target, seeds)
