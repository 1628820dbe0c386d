"""Fuzz target: text → ``parse_document`` → ``check_report``, as pasted text and decoded files reach them.

The input is UTF-8 (invalid bytes become U+FFFD, as no reader ever hands over undecodable text). Text with
a page feed (``\f``) stands for pdftotext's output and takes the PDF route's Python half instead:
``pdf_paragraphs`` must give non-blank one-line paragraphs, which are then parsed and checked. The
parsed report must keep the span invariants of ``tests/parse/parse_checks.py`` and every finding must
point at its own text; a rule that raises is a crash (``MINGJING_STRICT=1``, as in the test suite).
A dictionary of report labels and headings lets the mutator insert "（一）" or "整改措施" whole.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: make `tests` importable
os.environ.setdefault("MINGJING_STRICT", "1")  # a rule that raises must fail here, not lose its findings

from tests.fuzz.harness import SEED_REPORTS, check_xml_safe, instrumented, main, result_or_error
from tests.parse.parse_checks import check_invariants  # imports only mingjing.model

# The checks (and the proofreader and meeting helpers they call) run on every input, so a rule that raises
# is found, but are not instrumented: instrumented, they cut the runs per second from ~150 to ~20 and
# their data loading (jieba, confusion tables) would take most of the CI budget.
SKIP = ("mingjing.checks", "mingjing.proofread", "mingjing.meeting")

with instrumented(SKIP):
    from mingjing.checks import check_report
    from mingjing.model import Document, SourceParagraph
    from mingjing.parse import parse_document
    from mingjing.readers import document_from_text
    from mingjing.readers.convert import pdf_paragraphs
    from mingjing.readers.text import xml_safe


_WORDS = (
    "对照检查材料 民主生活会 组织生活会 一、 二、 三、 四、 （一） （二） (三) 1. 2、 3． （1） (2) ① ② 一是 二是 三是 "
    "第一， 第二， 首先， 其次， 最后， 存在问题 存在的问题 原因剖析 问题产生的原因 整改措施 下一步 努力方向 "
    "理论学习方面 政治素质方面 工作作风方面 廉洁自律方面 比如， 例如： 如， 方面 。 ； ： ， 年 月 日 XX ××× "
    "以上是我的对照检查，请批评指正。 来源：XX网 來源 # ** - 第 页 共"
)
TOKENS = [*_WORDS.split(), "\n", "\n\n", "\r\n", "\u3000", "\t", "\f", " "]


def _from_pdf_text(text: str) -> Document | None:
    lines = pdf_paragraphs(text)
    for line in lines:
        if not line.strip() or "\n" in line or "\f" in line:
            raise AssertionError(f"pdf_paragraphs gave a blank or multi-line paragraph: {line[:80]!r}")
    kept = [line for line in map(xml_safe, lines) if line.strip()]  # as readers._read_pdf does
    paragraphs = tuple(SourceParagraph(index=i, text=line) for i, line in enumerate(kept))
    return Document(paragraphs=paragraphs, path="fuzz.pdf", format="pdf") if paragraphs else None


def target(data: bytes) -> None:
    """Parse and check the text; every span of the result and of each finding must hold."""
    text = data.decode("utf-8", "replace")
    if "\f" in text:
        document = _from_pdf_text(text)
    else:
        document = result_or_error(lambda: document_from_text(text, name="fuzz.txt"))
    if document is None:
        return
    report = parse_document(document)
    check_invariants(report)
    check_xml_safe(report.text, "the parsed text")  # stored by the web, written into .docx files
    review = check_report(report)
    for finding in review.findings:
        if not 0 <= finding.start <= finding.end <= len(report.text):
            raise AssertionError(f"{finding.rule}: span {finding.start}–{finding.end} outside the text")
        if finding.text != report.text[finding.start : finding.end]:
            raise AssertionError(f"{finding.rule}: finding text differs from its span")
    if not 0 <= review.score <= 100:
        raise AssertionError(f"score {review.score} outside 0–100")


def seeds() -> list[bytes]:
    """Short report texts in the shapes the parser knows, and two as pdftotext prints them."""
    pdf_like = (
        "对照检查材料\n\n一、存在问题\n（一）理论学习方面\n一是学习不够深入，对新思想新观点的理解还停留在\n"
        "表面，例如去年只读了两本书，联系实际不够紧密。\n2\n\f- 3 -\n二是调查研究不够，到基层的次数偏少，\n"
        "听取群众意见的渠道不够畅通。\nlong English words wrap\nhere.\n①一\n第 4 页 共 10 页\n\f"
    )
    texts = [*SEED_REPORTS, pdf_like, SEED_REPORTS[1].replace("\n\n", "\n\f")]
    return [text.encode("utf-8") for text in texts]


if __name__ == "__main__":
    main(target, seeds, dictionary=TOKENS, skip=SKIP)
