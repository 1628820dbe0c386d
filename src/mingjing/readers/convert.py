"""External converters: LibreOffice for .doc/.wps/.rtf/.odt (to .docx), pdftotext for PDF.

Each converter runs under :mod:`._guard` in its own process group with its own limits
(:class:`~.limits.ReadLimits`: wall-clock time, address space, CPU seconds, size of files written);
the whole group is killed on timeout, on any error, on Ctrl-C, and — through the guard — when the
calling process itself is killed. pdftotext reads the PDF from its standard input, so a PDF leaves no
temporary file at all; its output is read with a cap and it stops after ``max_pdf_pages + 1`` pages.
LibreOffice needs files: they live in a folder ``mingjing-convert-<pid>-*`` that is removed in a
``finally``, by the guard if this process is killed, and by the next conversion if both were killed
(folders whose process is gone are swept). A missing tool raises
:class:`~mingjing.errors.ConversionUnavailableError` telling the user what to install or how to
re-save the file.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from mingjing.errors import ConversionUnavailableError, ReadError
from mingjing.readers.limits import DEFAULT_LIMITS, ReadLimits, exceeded, megabytes

LIBREOFFICE_COMMANDS = ("soffice", "libreoffice")
GUARD = Path(__file__).with_name("_guard.py")
WORKDIR_PREFIX = "mingjing-convert-"
_DOCX_FILTER = "docx:MS Word 2007 XML"
_STDERR_CAP = 64 * 1024
_RTF_BRACE = re.compile(rb"\\[\\{}]|[{}]")
_PIPE_CHUNK = 4096
_TIME_STATUSES = frozenset({128 + signal.SIGXCPU, 128 + signal.SIGKILL})
_CRASH_STATUSES = frozenset({128 + signal.SIGABRT, 128 + signal.SIGSEGV, 128 + signal.SIGBUS})
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
_LINE_END = tuple("。！？；：!?;:”」』）)")
_LINE_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、是]|第[一二三四五六七八九十]+|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[①-⑳])"
)


@dataclass(frozen=True)
class ToolLimits:
    """What one converter run may use."""

    tool: str
    seconds: float
    memory_bytes: int  # 0: no limit
    output_bytes: int  # standard output read at most; 0: no cap
    file_bytes: int  # RLIMIT_FSIZE; 0: no limit


@dataclass(frozen=True)
class ToolResult:
    returncode: int  # the tool's exit code, or 128 + the signal that ended it
    stdout: bytes
    stderr: bytes


class _OutputTooLarge(Exception):
    pass


def find_libreoffice() -> str | None:
    """Path of the LibreOffice command, or None when it is not installed."""
    for command in LIBREOFFICE_COMMANDS:
        found = shutil.which(command)
        if found:
            return found
    return None


def convert_to_docx(
    data: bytes, *, suffix: str, name: str, html: bool = False, limits: ReadLimits = DEFAULT_LIMITS
) -> bytes:
    """Convert a .doc/.wps/.rtf/.odt (or Word-HTML) file to .docx bytes with LibreOffice."""
    if suffix == ".rtf":
        check_rtf_depth(data, limits=limits, name=name)
    office = find_libreoffice()
    label = suffix.lstrip(".").upper() or "DOC"
    if office is None:
        raise ConversionUnavailableError(
            f"读取 {label} 文件“{name}”需要 LibreOffice，但本机没有安装。",
            hint="请安装 LibreOffice（如 apt-get install libreoffice-writer-nogui），"
            "或在 WPS/Word 中打开后“另存为” .docx 再上传。",
        )
    tool = ToolLimits(
        "LibreOffice",
        limits.office_seconds,
        limits.office_memory_bytes,
        _STDERR_CAP,
        limits.converter_output_bytes,
    )
    with private_workdir() as work:
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
        # LibreOffice also writes lock and temporary files under $TMPDIR: keep them in the work folder.
        env = {**os.environ, "HOME": str(work), "TMPDIR": str(work)}
        result = run_tool(command, limits=tool, name=name, env=env, workdir=work)
        _raise_for_limits(result, tool, name)
        converted = work / "out" / "input.docx"
        if not converted.is_file():
            raise ReadError(
                f"LibreOffice 未能转换“{name}”（文件可能已损坏或设有打开密码）。",
                hint="请在 WPS/Word 中打开，取消密码后“另存为” .docx 再试。",
            )
        if converted.stat().st_size > limits.max_file_bytes:
            raise exceeded(
                f"“{name}”转换后的文档超过 {megabytes(limits.max_file_bytes)} MB 上限。",
                limit="max_file_bytes",
            )
        return converted.read_bytes()


def check_rtf_depth(data: bytes, *, limits: ReadLimits, name: str) -> None:
    """Refuse RTF groups nested deeper than ``max_rtf_depth`` before LibreOffice spends minutes on them.

    Real RTF (Word, WPS, LibreOffice) nests groups a few levels deep; escaped braces and backslashes
    are skipped. Braces inside ``\\bin`` data could only overcount.
    """
    if data.count(b"{") <= limits.max_rtf_depth:
        return
    depth = 0
    for match in _RTF_BRACE.finditer(data):
        token = match.group()
        if token == b"{":
            depth += 1
            if depth > limits.max_rtf_depth:
                raise exceeded(
                    f"RTF 文件“{name}”的结构嵌套过深（超过 {limits.max_rtf_depth} 层的上限）。",
                    limit="max_rtf_depth",
                    hint="请在 WPS/Word 中打开后另存为 .docx 再试。",
                )
        elif token == b"}":
            depth = max(0, depth - 1)


def pdf_to_text(data: bytes, *, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> str:
    """Extract the text of a PDF with ``pdftotext -enc UTF-8`` (reading order, no layout).

    The PDF goes in on standard input (no temporary file); pages past ``max_pdf_pages`` and output
    past what ``max_chars`` allows stop the tool.
    """
    tool_path = shutil.which("pdftotext")
    if tool_path is None:
        raise ConversionUnavailableError(
            f"读取 PDF 文件“{name}”需要 pdftotext，但本机没有安装。",
            hint="请安装 poppler-utils（apt-get install poppler-utils），或将 PDF 另存为 Word/文本后再上传。",
        )
    # UTF-8 is at most 4 bytes a character; pdftotext adds line breaks and page feeds.
    output_cap = 0 if limits.max_chars >= 1 << 40 else 4 * limits.max_chars + 4 * limits.max_pdf_pages + 65536
    tool = ToolLimits(
        "pdftotext",
        limits.pdftotext_seconds,
        limits.pdftotext_memory_bytes,
        output_cap,
        limits.converter_output_bytes,
    )
    last_page = min(limits.max_pdf_pages + 1, 1 << 30)
    command = [tool_path, "-enc", "UTF-8", "-l", str(last_page), "fd://0", "-"]
    try:
        result = run_tool(command, limits=tool, name=name, stdin=data)
    except _OutputTooLarge as exc:
        raise _pdf_chars_error(name, limits) from exc
    _raise_for_limits(result, tool, name)
    if result.returncode != 0:
        raise _pdf_error(name, result.stderr.decode("utf-8", "replace"))
    pages = result.stdout.count(b"\f")
    if pages > limits.max_pdf_pages:
        raise exceeded(
            f"PDF 文件“{name}”的页数过多（超过 {limits.max_pdf_pages} 页的上限）。",
            limit="max_pdf_pages",
            hint="请只上传对照检查材料本身，附件请分开处理。",
        )
    return result.stdout.decode("utf-8", "replace")


def _pdf_chars_error(name: str, limits: ReadLimits) -> Exception:
    return exceeded(
        f"PDF 文件“{name}”的文字过多（超过 {limits.max_chars:,} 字的上限）。",
        limit="max_chars",
        hint="请只上传对照检查材料本身，附件请分开处理。",
    )


def _pdf_error(name: str, message: str) -> ReadError:
    if "password" in message.lower():
        return ReadError(
            f"PDF 文件“{name}”设有密码，无法读取。", hint="请去掉密码后再上传，或提供 Word/文本版本。"
        )
    return ReadError(f"PDF 文件“{name}”已损坏或无法读取。", hint="请重新导出 PDF，或提供 Word/文本版本。")


def _raise_for_limits(result: ToolResult, tool: ToolLimits, name: str) -> None:
    """A converter ended by its CPU limit or by running out of its address space: say which limit."""
    stderr = result.stderr.decode("utf-8", "replace").lower()
    if result.returncode in _TIME_STATUSES:
        raise _timeout_error(tool, name)
    # Only a failed run is blamed on memory: a successful one may well have printed such words.
    out_of_memory = result.returncode != 0 and ("memory" in stderr or "alloc" in stderr)
    if tool.memory_bytes and (result.returncode in _CRASH_STATUSES or out_of_memory):
        raise exceeded(
            f"{tool.tool} 处理“{name}”时内存超过 {megabytes(tool.memory_bytes)} MB 的上限，已停止"
            "（文件可能是恶意构造的或已损坏）。",
            limit="converter_memory",
            hint="请在 WPS/Word 中打开后另存为 .docx 再试。",
        )


def _timeout_error(tool: ToolLimits, name: str) -> Exception:
    return exceeded(
        f"{tool.tool} 转换“{name}”超时（超过 {tool.seconds:g} 秒的上限），已停止。",
        limit="converter_seconds",
        hint="文件可能过大、已损坏或是恶意构造的；请在 WPS/Word 中另存为 .docx 再试。",
    )


# ---------------------------------------------------------------------------
# Running a tool: guard, process group, deadline, capped output
# ---------------------------------------------------------------------------


def run_tool(
    command: list[str],
    *,
    limits: ToolLimits,
    name: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    workdir: Path | None = None,
) -> ToolResult:
    """Run ``command`` under the guard; whatever happens, its whole process group is gone afterwards."""
    cpu = 0 if limits.seconds >= 3600 else math.ceil(limits.seconds) + 1
    guarded = [
        sys.executable or "python3",
        "-I",
        "-S",
        str(GUARD),
        str(os.getpid()),
        str(limits.memory_bytes),
        str(cpu),
        str(limits.file_bytes),
        str(workdir) if workdir is not None else "-",
        "--",
        *command,
    ]
    process = subprocess.Popen(
        guarded,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        stdout, stderr = _communicate(process, stdin, time.monotonic() + limits.seconds, limits.output_bytes)
        returncode = process.wait(timeout=max(0.1, limits.seconds))
    except subprocess.TimeoutExpired as exc:
        raise _timeout_error(limits, name) from exc
    finally:
        _kill_group(process)  # also on success: nothing the tool started outlives the call
    return ToolResult(returncode, stdout, stderr)


def _communicate(
    process: subprocess.Popen[bytes], data: bytes | None, deadline: float, output_cap: int
) -> tuple[bytes, bytes]:
    """Feed stdin and read stdout/stderr until both close; raise at the deadline or the output cap."""
    assert process.stdout is not None and process.stderr is not None
    out, err = bytearray(), bytearray()
    sink = {process.stdout.fileno(): out, process.stderr.fileno(): err}
    offset = 0
    with selectors.DefaultSelector() as selector:
        for stream in (process.stdout, process.stderr):
            selector.register(stream, selectors.EVENT_READ)
        if process.stdin is not None:
            selector.register(process.stdin, selectors.EVENT_WRITE)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise subprocess.TimeoutExpired(process.args, 0)
            for key, _events in selector.select(min(remaining, 1.0)):
                if process.stdin is not None and key.fileobj is process.stdin:
                    offset = _feed(selector, process.stdin, data or b"", offset)
                    continue
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    selector.unregister(key.fileobj)
                    continue
                buffer = sink[key.fd]
                if buffer is err and len(err) >= _STDERR_CAP:
                    continue
                buffer += chunk
                if buffer is out and output_cap and len(out) > output_cap:
                    raise _OutputTooLarge
    return bytes(out), bytes(err)


def _feed(selector: selectors.BaseSelector, stdin: IO[bytes], data: bytes, offset: int) -> int:
    fd = stdin.fileno()
    try:
        offset += os.write(fd, data[offset : offset + _PIPE_CHUNK])
    except BrokenPipeError:
        offset = len(data)  # the tool stopped reading (a damaged PDF): its exit status tells why
    if offset >= len(data):
        selector.unregister(stdin)
        stdin.close()
    return offset


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


@contextlib.contextmanager
def private_workdir() -> Iterator[Path]:
    """A folder of this process's own, removed afterwards; folders left by killed processes are swept."""
    base = Path(tempfile.gettempdir())
    sweep_workdirs(base)
    folder = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_workdirs(base: Path) -> int:
    """Remove work folders whose process no longer exists; returns how many were removed."""
    removed = 0
    for folder in base.glob(f"{WORKDIR_PREFIX}*"):
        pid_text = folder.name.removeprefix(WORKDIR_PREFIX).split("-", 1)[0]
        if pid_text.isdigit() and not _process_exists(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
