"""The report text as HTML with every finding and copied passage marked in place.

Findings and passages are ``{"start", "end", ...}`` dicts over the version's normalised text. The
text is cut at every span boundary; each piece becomes a link to the explanation in the side panel
(keyboard reachable) carrying the classes of everything that covers it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEVERITY_CLASS = {"错误": "sev-error", "警告": "sev-warning", "提示": "sev-hint"}
_SEVERITY_RANK = {"错误": 3, "警告": 2, "提示": 1}


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    findings: tuple[int, ...]
    passages: tuple[int, ...]


def _clamp(span: Mapping[str, Any], length: int) -> tuple[int, int]:
    start = max(0, min(int(span.get("start", 0)), length))
    return start, max(start, min(int(span.get("end", 0)), length))


def _boundaries(spans: Sequence[tuple[int, int]], length: int) -> list[int]:
    points = {0, length}
    for start, end in spans:
        points.update((start, end))
    return sorted(points)


def pieces(
    text: str, findings: Sequence[Mapping[str, Any]], passages: Sequence[Mapping[str, Any]]
) -> list[Piece]:
    """Cut ``text`` into pieces, each covered by the same findings and passages throughout."""
    length = len(text)
    f_spans = [_clamp(f, length) for f in findings]
    p_spans = [_clamp(p, length) for p in passages]
    points = _boundaries(f_spans + p_spans, length)
    result = []
    for start, end in pairwise(points):
        if start == end:
            continue
        covering_f = tuple(i for i, (s, e) in enumerate(f_spans) if s <= start and end <= e)
        covering_p = tuple(i for i, (s, e) in enumerate(p_spans) if s <= start and end <= e)
        result.append(Piece(start, end, covering_f, covering_p))
    return result


def _worst(piece: Piece, findings: Sequence[Mapping[str, Any]]) -> int:
    """The most severe finding covering the piece (the first of equals): its colour and its link."""
    return max(
        piece.findings, key=lambda i: (_SEVERITY_RANK.get(str(findings[i].get("severity", "")), 0), -i)
    )


def _classes(piece: Piece, findings: Sequence[Mapping[str, Any]]) -> str:
    classes = []
    if piece.findings:
        worst = str(findings[_worst(piece, findings)].get("severity", ""))
        classes += ["hl", SEVERITY_CLASS.get(worst, "sev-hint")]
    if piece.passages:
        classes.append("copy")
    return " ".join(classes)


def _title(piece: Piece, findings: Sequence[Mapping[str, Any]]) -> str:
    messages = [str(findings[i].get("message", "")) for i in piece.findings]
    if piece.passages:
        messages.append("疑似复制片段")
    return "；".join(messages)


def _anchor_ids(
    piece: Piece, first_f: dict[int, int], first_p: dict[int, int], elsewhere: Mapping[int, str]
) -> list[str]:
    """Ids of the findings and passages that begin in this piece (the side panel links to them).

    A finding not listed on this page (``elsewhere``) also gets its list anchor ``f-<i>`` here, so that
    a link to it from another page (the meeting's drill-down) still lands on its place in the text.
    """
    ids = [f"m-{i}" for i in piece.findings if first_f.get(i) == piece.start]
    ids += [f"f-{i}" for i in piece.findings if i in elsewhere and first_f.get(i) == piece.start]
    return ids + [f"c-{i}" for i in piece.passages if first_p.get(i) == piece.start]


def _render_piece(
    piece: Piece,
    text: str,
    findings: Sequence[Mapping[str, Any]],
    ids: list[str],
    elsewhere: Mapping[int, str],
) -> str:
    body = escape(text[piece.start : piece.end])
    if not piece.findings and not piece.passages:
        return body
    # One element carries one id; further ids become empty anchors just before it.
    extra = "".join(f'<span id="{name}"></span>' for name in ids[1:])
    id_attr = f' id="{ids[0]}"' if ids else ""
    if piece.findings:
        worst = _worst(piece, findings)
        target = str(escape(elsewhere.get(worst, f"#f-{worst}")))
    else:
        target = f"#p-{piece.passages[0]}"
    title = escape(_title(piece, findings))
    return (
        f'{extra}<a class="{_classes(piece, findings)}" href="{target}" title="{title}"{id_attr}>{body}</a>'
    )


def highlight_html(
    text: str,
    findings: Sequence[Mapping[str, Any]],
    passages: Sequence[Mapping[str, Any]] = (),
    *,
    elsewhere: Mapping[int, str] | None = None,
) -> SafeString:
    """The whole text as safe HTML (render inside an element with ``white-space: pre-wrap``).

    ``elsewhere``: findings whose list item is not on this page (the list is paginated), each with the
    link to the page that lists it; every other finding links to its ``#f-<i>`` item on this page.
    """
    elsewhere = elsewhere or {}
    cut = pieces(text, findings, passages)
    first_f: dict[int, int] = {}
    first_p: dict[int, int] = {}
    for piece in cut:
        for i in piece.findings:
            first_f.setdefault(i, piece.start)
        for i in piece.passages:
            first_p.setdefault(i, piece.start)
    html = "".join(
        _render_piece(p, text, findings, _anchor_ids(p, first_f, first_p, elsewhere), elsewhere) for p in cut
    )
    return mark_safe(html)
