"""Converters: the "not installed" path always; the real LibreOffice/pdftotext path when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from mingjing.errors import ConversionUnavailableError, LimitExceededError, ReadError
from mingjing.readers import ReadLimits, convert, read_document
from tests.conftest import seed_files
from tests.readers import badfiles
from tests.readers.pdfbuild import make_pdf
from tests.support.docx_build import build_docx_with_numbering, expected_labels, split_label

HAS_OFFICE = convert.find_libreoffice() is not None
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None
needs_office = pytest.mark.skipif(
    not HAS_OFFICE, reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)"
)
needs_pdftotext = pytest.mark.skipif(
    not HAS_PDFTOTEXT, reason="pdftotext not installed (apt-get install poppler-utils)"
)

RTF = (
    r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil SimSun;}}"
    r"\pard\uc1\u19968?\u12289?\u23384?\u22312?\u38382?\u39064?\par"
    r"\pard\uc1\u19968?\u26159?\u23398?\u20064?\u19981?\u22815?\u12290?\par}"
)
OFFICE_FILES = {
    ".doc": badfiles.ole_with_stream("WordDocument"),
    ".wps": badfiles.ole_with_stream("WordDocument"),
    ".rtf": RTF.encode("ascii"),
    ".odt": badfiles.zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    ),
}


@pytest.fixture
def no_converters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert.shutil, "which", lambda _name: None)


@pytest.mark.usefixtures("no_converters")
@pytest.mark.parametrize("suffix", sorted(OFFICE_FILES))
def test_office_formats_without_libreoffice(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"报告{suffix}"
    path.write_bytes(OFFICE_FILES[suffix])
    with pytest.raises(ConversionUnavailableError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "LibreOffice" in message and "另存为" in message and ".docx" in message


@pytest.mark.usefixtures("no_converters")
def test_pdf_without_pdftotext(tmp_path: Path) -> None:
    path = tmp_path / "报告.pdf"
    path.write_bytes(make_pdf(["一、存在问题"]))
    with pytest.raises(ConversionUnavailableError, match="poppler-utils"):
        read_document(path)


def _fake_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(convert.shutil, "which", lambda name: str(fake) if name == "soffice" else None)


def test_hung_converter_is_killed_after_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "child.pid"
    _fake_office(tmp_path, monkeypatch, f"sleep 30 &\necho $! > {pid_file}\nwait")
    path = tmp_path / "慢.doc"
    path.write_bytes(OFFICE_FILES[".doc"])
    started = time.monotonic()
    with pytest.raises(LimitExceededError, match="超时"):
        read_document(path, limits=ReadLimits(office_seconds=1))
    assert time.monotonic() - started < 10
    child = int(pid_file.read_text())
    time.sleep(0.2)
    assert not _alive(child), "the converter's children must be killed too"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")  # a zombie is dead


def test_converter_that_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_office(tmp_path, monkeypatch, "exit 0")
    path = tmp_path / "坏.doc"
    path.write_bytes(OFFICE_FILES[".doc"])
    with pytest.raises(ReadError, match="未能转换"):
        read_document(path)


# ---------------------------------------------------------------------------
# PDF lines → paragraphs (no tool needed)
# ---------------------------------------------------------------------------


def test_pdf_lines_are_joined_into_paragraphs() -> None:
    wide = "一是学习不够系统，对理论的整体把握还有"
    text = "\n".join(
        [
            "一、存在问题",
            wide,
            "差距，学用结合不紧。",
            wide,
            "（一）下一条不能并入上一行",
            "- 1 -",
            "\f第 2 页",
            "二是另一段。",
        ]
    )
    assert convert.pdf_paragraphs(text) == [
        "一、存在问题",
        wide + "差距，学用结合不紧。",
        wide,
        "（一）下一条不能并入上一行",
        "二是另一段。",
    ]


def test_pdf_blank_lines_end_paragraphs_and_latin_words_keep_a_space() -> None:
    text = "the quick brown fox jumps\nover\n\nnext paragraph here ok"
    assert convert.pdf_paragraphs(text) == ["the quick brown fox jumps over", "next paragraph here ok"]


# ---------------------------------------------------------------------------
# Real tools
# ---------------------------------------------------------------------------


@needs_pdftotext
def test_real_pdf_reads_chinese_paragraphs(tmp_path: Path) -> None:
    lines = [
        "一、存在问题",
        "（一）理论学习方面。",
        "一是学习不够系统，对理论的整体把握还有",
        "差距，学用结合不紧。",
        "二是测试。",
    ]
    path = tmp_path / "报告.pdf"
    path.write_bytes(make_pdf(lines))
    document = read_document(path)
    assert document.format == "pdf"
    assert [p.text for p in document.paragraphs] == [*lines[:2], lines[2] + lines[3], lines[4]]


@needs_pdftotext
def test_pdf_without_text_is_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "扫描.pdf"
    path.write_bytes(make_pdf([]))
    with pytest.raises(ReadError, match="扫描件"):
        read_document(path)


@needs_office
def test_real_rtf(tmp_path: Path) -> None:
    path = tmp_path / "报告.rtf"
    path.write_bytes(OFFICE_FILES[".rtf"])
    document = read_document(path)
    assert document.format == "rtf"
    assert [p.text for p in document.paragraphs if p.text] == ["一、存在问题", "一是学习不够。"]


def _office(tmp_path: Path, target: str, *files: Path) -> Path:
    office = convert.find_libreoffice()
    assert office is not None
    out = tmp_path / "out"
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(
        [office, profile, "--headless", "--convert-to", target, "--outdir", str(out), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    return out


@needs_office
def test_real_doc_keeps_automatic_numbering(tmp_path: Path) -> None:
    lines = seed_files()[0].read_text("utf-8").split("\n")
    source = build_docx_with_numbering(tmp_path / "numbered.docx", lines)
    doc = _office(tmp_path, "doc", source) / "numbered.doc"
    document = read_document(doc)
    assert document.format == "doc"
    labels = [p.numbering for p in document.paragraphs if p.text.strip()]
    assert labels == [
        label for label, line in zip(expected_labels(lines), lines, strict=True) if line.strip()
    ]


@needs_office
def test_labels_match_what_libreoffice_draws(tmp_path: Path) -> None:
    """LibreOffice's text export prints list labels: an independent check of the reconstruction."""
    sources = []
    for seed in seed_files():
        lines = seed.read_text("utf-8").split("\n")
        sources.append(build_docx_with_numbering(tmp_path / f"{seed.stem}.docx", lines))
        sources.append(build_docx_with_numbering(tmp_path / f"{seed.stem}-style.docx", lines, via_style=True))
    out = _office(tmp_path, "txt:Text (encoded):UTF8", *sources)
    for source in sources:
        drawn = (out / f"{source.stem}.txt").read_text("utf-8-sig").split("\n")
        ours = read_document(source).paragraphs
        for paragraph, line in zip(ours, drawn, strict=False):
            expected = f"{paragraph.numbering or ''}{paragraph.text}"
            assert "".join(line.split()) == "".join(expected.split()), source.name
        assert sum(p.numbering is not None for p in ours) == sum(
            split_label(line).label is not None for line in drawn
        )
