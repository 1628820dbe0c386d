"""External converters: LibreOffice for .doc/.wps/.rtf/.odt (to .docx), pdftotext for PDF.

Both run in a private temporary directory with a 60-second limit; LibreOffice gets its own user
profile per call so that parallel conversions (web workers) never share a lock. A missing tool
raises :class:`~mingjing.errors.ConversionUnavailableError` telling the user what to install or
how to re-save the file.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from mingjing.errors import ConversionUnavailableError, ReadError

TIMEOUT_SECONDS = 60
LIBREOFFICE_COMMANDS = ("soffice", "libreoffice")
_DOCX_FILTER = "docx:MS Word 2007 XML"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
_LINE_END = tuple("。！？；：!?;:”」』）)")
_LINE_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、是]|第[一二三四五六七八九十]+|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[①-⑳])"
)


def find_libreoffice() -> str | None:
    """Path of the LibreOffice command, or None when it is not installed."""
    for command in LIBREOFFICE_COMMANDS:
        found = shutil.which(command)
        if found:
            return found
    return None


def convert_to_docx(data: bytes, *, suffix: str, name: str, html: bool = False) -> bytes:
    """Convert a .doc/.wps/.rtf/.odt (or Word-HTML) file to .docx bytes with LibreOffice."""
    office = find_libreoffice()
    label = suffix.lstrip(".").upper() or "DOC"
    if office is None:
        raise ConversionUnavailableError(
            f"读取 {label} 文件“{name}”需要 LibreOffice，但本机没有安装。",
            hint="请安装 LibreOffice（如 apt-get install libreoffice-writer-nogui），"
            "或在 WPS/Word 中打开后“另存为” .docx 再上传。",
        )
    with tempfile.TemporaryDirectory(prefix="mingjing-convert-") as folder:
        work = Path(folder)
        source = work / f"input{suffix or '.doc'}"
        source.write_bytes(data)
        command = [
            office,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nologo",
            "--nodefault",
            *(["--infilter=HTML (StarWriter)"] if html else []),
            "--convert-to",
            _DOCX_FILTER,
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        _run(command, tool="LibreOffice", name=name, env={**os.environ, "HOME": folder})
        converted = work / "out" / "input.docx"
        if not converted.is_file():
            raise ReadError(
                f"LibreOffice 未能转换“{name}”（文件可能已损坏或设有打开密码）。",
                hint="请在 WPS/Word 中打开，取消密码后“另存为” .docx 再试。",
            )
        return converted.read_bytes()


def pdf_to_text(data: bytes, *, name: str) -> str:
    """Extract the text of a PDF with ``pdftotext -enc UTF-8`` (reading order, no layout)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ConversionUnavailableError(
            f"读取 PDF 文件“{name}”需要 pdftotext，但本机没有安装。",
            hint="请安装 poppler-utils（apt-get install poppler-utils），或将 PDF 另存为 Word/文本后再上传。",
        )
    with tempfile.TemporaryDirectory(prefix="mingjing-pdf-") as folder:
        source = Path(folder) / "input.pdf"
        source.write_bytes(data)
        result = _run([tool, "-enc", "UTF-8", str(source), "-"], tool="pdftotext", name=name)
    if result.returncode != 0:
        raise _pdf_error(name, result.stderr.decode("utf-8", "replace"))
    return result.stdout.decode("utf-8", "replace")


def _pdf_error(name: str, message: str) -> ReadError:
    if "password" in message.lower():
        return ReadError(
            f"PDF 文件“{name}”设有密码，无法读取。", hint="请去掉密码后再上传，或提供 Word/文本版本。"
        )
    return ReadError(f"PDF 文件“{name}”已损坏或无法读取。", hint="请重新导出 PDF，或提供 Word/文本版本。")


def _run(
    command: list[str], *, tool: str, name: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run a converter in its own process group so a hung LibreOffice can be killed entirely."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        _kill_group(process)
        raise ReadError(
            f"{tool} 转换“{name}”超时（超过 {TIMEOUT_SECONDS} 秒）。",
            hint="文件可能过大或已损坏；请在 WPS/Word 中另存为 .docx 再试。",
        ) from exc
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


# ---------------------------------------------------------------------------
# PDF lines → paragraphs
# ---------------------------------------------------------------------------


def pdf_paragraphs(text: str) -> list[str]:
    """Rebuild paragraphs from pdftotext's visual lines.

    A PDF has no paragraphs, only lines. A line is joined to the next when it is (nearly) as wide
    as the widest lines, does not end a sentence, and the next line does not start with a list
    label (一、/（一）/一是/1./①). Blank lines end paragraphs; page numbers alone on a line at the
    top or bottom of a page are dropped.
    """
    pages = [_drop_page_numbers(page.split("\n")) for page in text.split("\f")]
    lines = [line.rstrip() for page in pages for line in page]
    full = _full_width(lines)
    paragraphs: list[str] = []
    current, previous = "", ""
    for line in lines:
        if current and line.strip() and _continues(previous, line, full):
            current = _join(current, line)
        else:
            if current:
                paragraphs.append(current)
            current = line
        previous = line
    if current.strip():
        paragraphs.append(current)
    return [paragraph for paragraph in paragraphs if paragraph.strip()]


def _drop_page_numbers(lines: list[str]) -> list[str]:
    kept = list(lines)
    for position in (0, -1):
        non_blank = [i for i, line in enumerate(kept) if line.strip()]
        if non_blank and _PAGE_NUMBER.match(kept[non_blank[position]]):
            del kept[non_blank[position]]
    return kept


def _width(line: str) -> int:
    return sum(1 if ch.isascii() else 2 for ch in line.strip())


def _full_width(lines: list[str]) -> int:
    widths = sorted(_width(line) for line in lines if line.strip())
    if not widths:
        return 0
    return widths[int(len(widths) * 0.9)] if len(widths) >= 10 else widths[-1]


def _continues(previous: str, line: str, full: int) -> bool:
    """Does ``line`` continue the paragraph whose last visual line was ``previous``?"""
    return (
        full > 0
        and _width(previous) >= 0.85 * full
        and not previous.rstrip().endswith(_LINE_END)
        and not _LINE_START.match(line)
    )


def _join(current: str, line: str) -> str:
    # Chinese lines join without a space; Latin words wrapped at a line end need one.
    if current[-1:].isascii() and current[-1:].isalnum() and line.lstrip()[:1].isascii():
        return f"{current} {line.lstrip()}"
    return current + line.lstrip()
