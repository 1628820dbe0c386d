"""Is a 相互批评意见 a criticism? Flags praise in disguise, wishes, and criticism without a fact.

Mutual criticism at a 民主生活会 is meant to name a colleague's real shortcoming, with the fact behind it.
Two kinds of entries defeat that and are what reviewers complain about: praise dressed as criticism
("工作太拼，要注意身体") and wishes or requests ("希望多来指导"); a third is a label with nothing behind
it ("担当精神不够"). Word lists live in ``data/criticism.toml``. Precision first: a flag names the words
it was raised on, and the no-fact flag is only raised when there is no digit, date or example marker
and no praise/wish flag already explains the entry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

FlagKind = Literal["praise", "wish", "no-fact"]

_LABELS: dict[str, str] = {
    "praise": "以表扬代替批评",
    "wish": "是希望或请求，不是批评",
    "no-fact": "没有具体事实",
}
_DIGITS = re.compile(r"[0-9０-９]|[一二三四五六七八九十两]+(?:次|个|项|件|天|周|月|人)")


@dataclass(frozen=True)
class CriticismFlag:
    """One reason the entry is not a real criticism, with the words it was raised on (may be empty)."""

    kind: FlagKind
    message: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class CriticismCheck:
    text: str
    flags: tuple[CriticismFlag, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.flags

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(f.kind for f in self.flags)

    def summary(self) -> str:
        """One Chinese line for the page ("" when the entry is fine)."""
        return "；".join(f.message for f in self.flags)


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("mingjing.meeting").joinpath("data/criticism.toml").read_text("utf-8")
    return tomllib.loads(raw)


@cache
def _pattern(key: str) -> re.Pattern[str]:
    words = sorted({str(w) for w in _data()[key]}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def _word_flags(text: str, kind: FlagKind) -> list[CriticismFlag]:
    match = _pattern(kind).search(text)
    if match is None:
        return []
    message = f"“{match.group(0)}”{_LABELS[kind]}"
    return [CriticismFlag(kind, message, match.start(), match.end())]


def _has_fact(text: str) -> bool:
    return bool(_DIGITS.search(text) or _pattern("fact_markers").search(text))


def check_criticism(text: str) -> CriticismCheck:
    """Check one criticism given to one colleague."""
    cleaned = text.strip()
    if not cleaned:
        return CriticismCheck(text, (CriticismFlag("no-fact", "批评意见为空"),))
    flags = _word_flags(cleaned, "praise") + _word_flags(cleaned, "wish")
    min_chars = int(_data()["thresholds"]["min_chars"])
    if not flags and len(cleaned) >= min_chars and not _has_fact(cleaned):
        flags.append(CriticismFlag("no-fact", "没有具体事实（时间、场合、事例或数字），请写明所指何事"))
    elif not flags and len(cleaned) < min_chars:
        flags.append(CriticismFlag("no-fact", "过于简短，没有具体事实"))
    # Offsets are into ``cleaned``; shift them back into the text as given.
    shift = len(text) - len(text.lstrip())
    shifted = tuple(
        CriticismFlag(f.kind, f.message, f.start + shift, f.end + shift) if f.end else f for f in flags
    )
    return CriticismCheck(text, shifted)
