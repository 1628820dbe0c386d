"""Web and PDF leftovers (bylines, site names, page numbers) recognised from a small data list,
plus running page headers and web page footers.

A web footer ("本站文章均来自网络……如有侵权请联系删除", a bulleted list of related articles) is only
recognised in the trailing run of footer and boilerplate lines at the end of a text. Its lines are
kept in the text (the checks report them as web residue: they show the report was copied) but are
never joined to another line, and the parser puts them in the closing, never in a part.

A running header is what a PDF repeats at the top of every page ("XX县委组织部 内部资料"): one of the
first :data:`HEADER_SCAN_LINES` lines, :data:`MIN_RUNNING_HEADER`–:data:`MAX_RUNNING_HEADER`
characters, without sentence punctuation or a numbering label, that comes back at least
:data:`MIN_REPEATS` more times as a whole line, or glued to the end of a line (a PDF converter that
joined a sentence broken at the page end with the next page's header). Titles and headings that
occur once, and per-aspect labels such as "原因分析" (never among the first lines), are not affected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from mingjing.text.numbering import marker_at

MAX_BOILERPLATE_LENGTH = 100
HEADER_SCAN_LINES = 3
MIN_RUNNING_HEADER, MAX_RUNNING_HEADER = 6, 40
MIN_REPEATS = 2
_PUNCTUATION_RE = re.compile(r"[，。；：！？,;:!?]")


@lru_cache(maxsize=2)
def _data_pattern(name: str) -> re.Pattern[str]:
    raw = resources.files("mingjing.text").joinpath(f"data/{name}").read_text("utf-8")
    sources = [line.strip() for line in raw.splitlines()]
    sources = [src for src in sources if src and not src.startswith("#")]
    return re.compile("|".join(f"(?:{src})" for src in sources))


def boilerplate_pattern() -> re.Pattern[str]:
    """All patterns of ``data/boilerplate.txt`` as one compiled alternation."""
    return _data_pattern("boilerplate.txt")


def is_footer(line: str) -> bool:
    """Whether a line is a web page footer (``data/footer.txt``): only meaningful at the end of a text,
    in the trailing run of footer and boilerplate lines (:func:`footer_start`)."""
    if len(line) > MAX_BOILERPLATE_LENGTH:
        return False
    return _data_pattern("footer.txt").search(line) is not None


def footer_start(lines: Sequence[str]) -> int:
    """Index of the first line of the trailing run of footer/boilerplate lines (``len(lines)`` if none)."""
    start = len(lines)
    while start > 0 and (is_footer(lines[start - 1]) or is_boilerplate(lines[start - 1])):
        start -= 1
    return start


def is_boilerplate(line: str) -> bool:
    """Whether a whole (cleaned) line is a web/PDF leftover rather than report text."""
    if len(line) > MAX_BOILERPLATE_LENGTH:
        return False
    return boilerplate_pattern().search(line) is not None


def _header_candidate(line: str) -> bool:
    return MIN_RUNNING_HEADER <= len(line) <= MAX_RUNNING_HEADER and _PUNCTUATION_RE.search(line) is None


def running_header(lines: Sequence[str]) -> str | None:
    """The running page header of a document's cleaned lines (module docstring), or None."""
    for candidate in lines[:HEADER_SCAN_LINES]:
        if not _header_candidate(candidate) or marker_at(candidate, 0) is not None:
            continue
        repeats = sum(1 for line in lines if line.endswith(candidate)) - 1
        if repeats >= MIN_REPEATS:
            return candidate
    return None
