"""What every renderer shows of a finding's place in the source: the words as written, the location, the count.

``mingjing.checks.locate`` fills ``Finding.original`` (the characters as the author wrote them, before
half-width marks were made full-width or stray blanks deleted), ``Finding.source`` and ``Finding.count``;
a finding made outside the engine has none of them, so each helper falls back to the normalised text.
"""

from __future__ import annotations

from typing import Any

from mingjing.model import Finding, RemovedText, SourceLocation


def quoted_text(finding: Finding) -> str:
    """The words to quote as 原文: as written in the source when known, else the normalised span."""
    return finding.original if finding.original is not None else finding.text


def location_label(finding: Finding) -> str | None:
    """ "行 12 列 5" (text files) or "第 3 段第 14 字", or None without a source location."""
    return finding.source.label if finding.source is not None else None


def count_note(finding: Finding) -> str | None:
    """ "共 15 处" for a finding that stands for several identical slips."""
    return f"共 {finding.count} 处" if finding.count > 1 else None


def location_to_dict(location: SourceLocation) -> dict[str, Any]:
    """A source location as JSON (schema check-v2 ``location``)."""
    return {
        "paragraph": location.paragraph,
        "offset": location.offset,
        "end_paragraph": location.end_paragraph,
        "end_offset": location.end_offset,
        "line": location.line,
        "column": location.column,
        "file_start": location.file_start,
        "file_end": location.file_end,
        "label": location.label,
    }


def removed_to_dict(removed: RemovedText) -> dict[str, Any]:
    return {
        "reason": removed.reason,
        "label": removed.label,
        "text": removed.text,
        "paragraph": removed.paragraph,
        "offset": removed.offset,
        "at": removed.at,
    }
