"""Web and PDF leftovers (bylines, site names, navigation, download invitations, page numbers) recognised
from a data file (``data/leftovers.toml``: groups of patterns, each with a reason code and a Chinese label),
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
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from mingjing.text.numbering import marker_at

MAX_BOILERPLATE_LENGTH = 100
HEADER_SCAN_LINES = 3
MIN_RUNNING_HEADER, MAX_RUNNING_HEADER = 6, 40
MIN_REPEATS = 2
_PUNCTUATION_RE = re.compile(r"[，。；：！？,;:!?]")


@lru_cache(maxsize=1)
def _data_pattern(name: str) -> re.Pattern[str]:
    raw = resources.files("mingjing.text").joinpath(f"data/{name}").read_text("utf-8")
    sources = [line.strip() for line in raw.splitlines()]
    sources = [src for src in sources if src and not src.startswith("#")]
    return re.compile("|".join(f"(?:{src})" for src in sources))


@dataclass(frozen=True)
class LeftoverKind:
    """One group of ``data/leftovers.toml``: why such a line is dropped, and its compiled patterns."""

    reason: str  # stable code: "web-page", "page-number"
    label: str  # Chinese: what kind of leftover it is
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def leftover_kinds() -> tuple[LeftoverKind, ...]:
    """The groups of ``data/leftovers.toml`` in file order."""
    raw = resources.files("mingjing.text").joinpath("data/leftovers.toml").read_text("utf-8")
    groups = tomllib.loads(raw)["group"]
    return tuple(
        LeftoverKind(g["reason"], g["label"], re.compile("|".join(f"(?:{p})" for p in g["patterns"])))
        for g in groups
    )


@lru_cache(maxsize=1)
def boilerplate_pattern() -> re.Pattern[str]:
    """All patterns of ``data/leftovers.toml`` as one compiled alternation (a fast first test)."""
    return re.compile("|".join(f"(?:{kind.pattern.pattern})" for kind in leftover_kinds()))


def leftover_kind(line: str) -> LeftoverKind | None:
    """The group a whole (cleaned) line belongs to as a web/PDF leftover, or None for report text."""
    if len(line) > MAX_BOILERPLATE_LENGTH or boilerplate_pattern().search(line) is None:
        return None
    return next((kind for kind in leftover_kinds() if kind.pattern.search(line)), None)


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
    return leftover_kind(line) is not None


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
