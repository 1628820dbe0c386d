"""Fuzzing (hypothesis, bounded): the readers and the parser never raise anything but a ReadError.

Random bytes, damaged copies of a real .docx, generated .docx packages with arbitrary numbering, and
text assembled from report fragments. A ReadError subclass (with a Chinese message) is a fine answer;
any other exception is a bug.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mingjing.errors import ReadError
from mingjing.parse import parse_document
from mingjing.readers import NATIVE_FORMATS, document_from_bytes, document_from_text
from tests.hostile import cases

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXTENSIONS = st.sampled_from([".docx", ".txt", ".md", ".doc", ".pdf", ".rtf", "", ".png", ".docm"])
SEED_DOCX = cases.small_report()
HAN = re.compile(r"[\u4e00-\u9fff]")


def _read(data: bytes, extension: str) -> None:
    try:
        document = document_from_bytes(data, filename=f"报告{extension}", accept=NATIVE_FORMATS)
    except ReadError as err:
        assert HAN.search(str(err)), str(err)  # a Chinese sentence, not a developer's message
        return
    assert document.paragraphs


@FUZZ
@given(st.binary(max_size=4096), EXTENSIONS)
def test_random_bytes(data: bytes, extension: str) -> None:
    _read(data, extension)


@FUZZ
@given(
    st.lists(st.tuples(st.integers(0, len(SEED_DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8),
    st.integers(len(SEED_DOCX) // 2, len(SEED_DOCX)),
)
def test_damaged_docx(flips: list[tuple[int, int]], length: int) -> None:
    data = bytearray(SEED_DOCX)
    for position, value in flips:
        data[position] = value
    _read(bytes(data[:length]), ".docx")


_LABEL_TEXT = st.text(alphabet="%123456789.、（）一a", max_size=80)
_START = st.one_of(st.integers(-(2**40), 2**40).map(str), st.sampled_from(["", "x", "9" * 5000, "1e9"]))
_FMT = st.sampled_from(
    ["decimal", "lowerLetter", "upperRoman", "chineseCounting", "bullet", "none", "nonsense"]
)


@FUZZ
@given(st.lists(st.text(max_size=30), min_size=1, max_size=20), _START, _FMT, _LABEL_TEXT)
def test_generated_docx_with_any_numbering(lines: list[str], start: str, fmt: str, template: str) -> None:
    def escape(text: str) -> str:
        kept = "".join(ch for ch in text if ch in "\t\n\r" or (ch >= " " and ch not in "\ufffe\uffff"))
        kept = "".join(ch for ch in kept if not 0xD800 <= ord(ch) <= 0xDFFF)
        return kept.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    body = cases.paragraphs_xml([escape(line) for line in lines], numbered=True)
    numbering = cases.numbering(start=escape(start), fmt=fmt, text=escape(template))
    _read(cases.package(cases.document(body), numbering), ".docx")


_FRAGMENTS = st.sampled_from(
    [
        "对照检查材料",
        "一、存在问题",
        "（一）理论学习方面",
        "一是",
        "二是",
        "例如，",
        "二、原因剖析",
        "三、整改措施",
        "1.",
        "（1）",
        "①",
        "\n",
        "\n\n",
        "\t",
        "。",
        "方面",
        "下一步",
        "存在的问题",
        "学习不够深入",
        "　",
        "#",
        "第一，",
        "…",
        "2023年",
        "\r\n",
        "x",
    ]
)


@FUZZ
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=120))
def test_parser_on_assembled_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    report = parse_document(document_from_text(text, name="fuzz.txt"))
    assert len(report.text) >= 0
    for part in (report.problems, report.causes, report.measures):
        if part is not None:
            assert 0 <= part.start <= part.end <= len(report.text)
