"""What changed between two versions: a text diff in HTML and the findings fixed or introduced."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Lines this similar are shown as one edited line with the changed characters marked.
_PAIR_RATIO = 0.5
_CONTEXT = 1


def _inline(old: str, new: str) -> tuple[str, str]:
    """Character-level marks inside one edited line (Chinese has no word boundaries to diff on)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    before: list[str] = []
    after: list[str] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        a, b = escape(old[a1:a2]), escape(new[b1:b2])
        if tag == "equal":
            before.append(a)
            after.append(b)
            continue
        if a:
            before.append(f"<del>{a}</del>")
        if b:
            after.append(f"<ins>{b}</ins>")
    return "".join(before), "".join(after)


def _line(kind: str, html: str) -> str:
    sign = {"del": "−", "ins": "+", "ctx": " "}[kind]
    return (
        f'<div class="dl {kind}"><span class="sign" aria-hidden="true">{sign}</span>{html or "&nbsp;"}</div>'
    )


def _replace_block(old: Sequence[str], new: Sequence[str]) -> list[str]:
    out: list[str] = []
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        if a is not None and b is not None and difflib.SequenceMatcher(None, a, b).ratio() >= _PAIR_RATIO:
            marked_a, marked_b = _inline(a, b)
            out += [_line("del", marked_a), _line("ins", marked_b)]
            continue
        if a is not None:
            out.append(_line("del", f"<del>{escape(a)}</del>"))
        if b is not None:
            out.append(_line("ins", f"<ins>{escape(b)}</ins>"))
    return out


def _context(lines: Sequence[str], first: bool, last: bool) -> list[str]:
    """Unchanged lines: one line of context on each side of a change, the rest folded."""
    if len(lines) <= 2 * _CONTEXT + 1:
        return [_line("ctx", escape(line)) for line in lines]
    head = [] if first else [_line("ctx", escape(line)) for line in lines[:_CONTEXT]]
    tail = [] if last else [_line("ctx", escape(line)) for line in lines[-_CONTEXT:]]
    folded = len(lines) - len(head) - len(tail)
    return [*head, f'<div class="dl fold">……（{folded} 段未改动）</div>', *tail]


def diff_html(old_text: str, new_text: str) -> SafeString:
    """HTML for the paragraph-by-paragraph difference between two normalised texts."""
    old, new = old_text.split("\n"), new_text.split("\n")
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    out: list[str] = []
    for index, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        if tag == "equal":
            out += _context(old[a1:a2], index == 0, index == len(opcodes) - 1)
        else:
            out += _replace_block(old[a1:a2], new[b1:b2])
    if all(tag == "equal" for tag, *_ in opcodes):
        return mark_safe('<p class="muted">两个版本的文字完全相同。</p>')
    return mark_safe('<div class="diff">' + "".join(out) + "</div>")


def source_text(*, data: bytes, filename: str, fallback: str) -> str:
    """A version's text as the member wrote it, one source paragraph a line (Word's list labels included).

    The stored text is normalised (（三） for (三）, full-width punctuation …), so a diff of it would hide
    exactly the punctuation fixes the findings list counts as fixed; the diff reads the original instead.
    """
    from mingjing_web import analysis
    from mingjing_web.errors import UploadError

    if not data:
        return fallback
    try:
        document = analysis.read_upload(data=data, filename=filename)
    except UploadError:
        return fallback
    return "\n".join(f"{p.numbering or ''}{p.text}" for p in document.paragraphs)


@dataclass(frozen=True)
class FindingsDelta:
    fixed: list[Mapping[str, Any]]
    introduced: list[Mapping[str, Any]]
    kept: int


def _key(finding: Mapping[str, Any]) -> tuple[str, str]:
    return str(finding.get("rule", "")), str(finding.get("text", ""))


def _unmatched(
    findings: Iterable[Mapping[str, Any]], other: Counter[tuple[str, str]]
) -> list[Mapping[str, Any]]:
    remaining = Counter(other)
    result = []
    for finding in findings:
        if remaining[_key(finding)] > 0:
            remaining[_key(finding)] -= 1
        else:
            result.append(finding)
    return result


def findings_delta(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> FindingsDelta:
    """Findings matched by rule and quoted text: those only in ``old`` were fixed, only in ``new`` introduced."""
    old_keys, new_keys = Counter(map(_key, old)), Counter(map(_key, new))
    fixed = _unmatched(old, new_keys)
    introduced = _unmatched(new, old_keys)
    return FindingsDelta(fixed=fixed, introduced=introduced, kept=len(new) - len(introduced))
