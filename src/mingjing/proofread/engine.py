"""``proofread_text``: every detector over one text, then protection, de-duplication and messages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from mingjing.model import Severity
from mingjing.proofread import confusion, curated, de, order
from mingjing.proofread.curated import Hit
from mingjing.proofread.model import ProofFinding
from mingjing.proofread.resources import Tables, tables, threshold
from mingjing.proofread.resources import curated as curated_data
from mingjing.text.chars import to_simplified

# Quotations (a speech, a slogan) and titles are left to their authors: no statistical guesses inside.
_QUOTE_RE = re.compile(r"“[^“”\n]{1,300}”|‘[^‘’\n]{1,300}’|「[^「」\n]{1,300}」|《[^《》\n]{1,100}》")
# ABAC and ABCB parallel wording (真管真严, 急用急学, 以学铸魂、以学增智) is deliberate (Scan.aba finds it).
# Items of an enumeration separated by 、 are often abbreviations (明责、履责、监责): up to this many
# characters before a 、, and a whole item of up to this many after one, get no statistical guess.
_LIST_ITEM = 4
_ITEM_END = "、，。；"
_NAME_LENGTHS = (2, 3, 4)

# Which detector wins where findings overlap (lower first).
_PRIORITY = {
    "proofread.term": 0,
    "proofread.idiom": 1,
    "proofread.dropped": 2,
    "proofread.confusion": 3,
    "proofread.duplicated": 4,
    "proofread.de": 5,
    "proofread.scrambled": 6,
}
LEVELS = ("strict", "sensitive")


def proofread_text(
    text: str, *, whitelist: Iterable[str] = (), level: str = "strict"
) -> tuple[ProofFinding, ...]:
    """Suspected wrong characters, set phrases, names of theories and meetings, 的/地/得 and character order
    in ``text``, sorted by position. Offsets index ``text`` itself.

    ``whitelist``: terms never flagged (names of people, places, units …), in addition to the shipped list
    in ``proofread/data/whitelist.toml``. ``level``: "strict" (default; tuned so that real reports get
    almost no false alarm) or "sensitive" (more statistical guesses, for text with frequent slips).
    Nothing is flagged inside person or place names the dictionaries know, and no statistical guess is
    made inside quotations and titles, nor in a text with traditional characters. Raises
    :class:`~mingjing.proofread.resources.ProofreadDataError` when jieba or pycorrector is not installed.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if not text:
        return ()
    tabs = tables()
    mtext = to_simplified(text)
    protected = _protected_spans(mtext, whitelist)
    found = confusion.scan(mtext, tabs)
    skip = _statistical_mask(mtext, protected, found.aba)
    quotes = _quote_mask(mtext, protected)
    if mtext != text:
        # Traditional characters: the per-character shadow leaves ambiguous ones (瞭解 keeps 瞭), and the
        # dictionaries are simplified, so only the curated lists judge such a text.
        skip = quotes = bytearray(b"\x01" * len(mtext))
    hits: list[tuple[Hit, str]] = []
    hits.extend((h, "list") for h in curated.known_forms(mtext, tabs))
    hits.extend((h, "list") for h in curated.term_names(mtext))
    hits.extend((h, "list") for h in curated.idioms(mtext, found.loose, tabs))
    hits.extend((h, "list") for h in de.de_misuse(mtext, tabs))
    hits.extend((h, "list") for h in order.repeated_words(mtext, tabs))
    hits.extend((h, "stat") for h in order.misplaced(mtext, skip, found, tabs))
    hits.extend((h, "stat") for h in order.stray_copies(mtext, quotes, found, tabs))
    sure = threshold("confusion.sure-score")
    for corr in confusion.detect(mtext, skip, found, tabs, level=level):
        kind = "音近" if corr.same_sound else "形近或音近"
        note = f"{kind}，“{corr.word}”"
        hits.append(
            (
                Hit(
                    "proofread.confusion",
                    corr.start,
                    corr.start + 1,
                    corr.replacement,
                    note,
                    corr.score >= sure,
                ),
                "stat",
            )
        )
    kept = _select(mtext, hits, protected, tabs)
    return tuple(_finding(text, hit) for hit in kept)


# ---------------------------------------------------------------------------
# Protection
# ---------------------------------------------------------------------------


@cache
def _shipped_whitelist() -> tuple[str, ...]:
    return tuple(str(t) for t in curated_data("whitelist")["terms"])


def _protected_spans(text: str, whitelist: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for term in {*_shipped_whitelist(), *(to_simplified(w.strip()) for w in whitelist)}:
        if not term:
            continue
        i = text.find(term)
        while i >= 0:
            spans.append((i, i + len(term)))
            i = text.find(term, i + 1)
    return spans


def _quote_mask(text: str, protected: list[tuple[int, int]]) -> bytearray:
    skip = bytearray(len(text))
    for match in _QUOTE_RE.finditer(text):
        skip[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    for start, end in protected:
        skip[start:end] = b"\x01" * (end - start)
    return skip


def _statistical_mask(text: str, protected: list[tuple[int, int]], aba: Iterable[int]) -> bytearray:
    skip = bytearray(len(text))
    for match in _QUOTE_RE.finditer(text):
        skip[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    for i in aba:  # X?X: ABAC and ABCB parallel wording
        lo, hi = max(0, i - 1), min(len(text), i + 4)
        skip[lo:hi] = b"\x01" * (hi - lo)
    for start, end in _list_items(text):
        skip[start:end] = b"\x01" * (end - start)
    for start, end in protected:
        skip[start:end] = b"\x01" * (end - start)
    return skip


def _list_items(text: str) -> Iterator[tuple[int, int]]:
    """Spans of short enumeration items around each 、 (see _LIST_ITEM)."""
    n = len(text)
    j = text.find("、")
    while j >= 0:
        lo = j
        while lo > j - _LIST_ITEM and lo > 0 and _is_cjk(text[lo - 1]):
            lo -= 1
        yield lo, j
        hi = j + 1
        while hi < min(n, j + 1 + _LIST_ITEM) and _is_cjk(text[hi]):
            hi += 1
        if hi > j + 1 and hi < n and text[hi] in _ITEM_END:
            yield j + 1, hi
        j = text.find("、", j + 1)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _in_name(text: str, start: int, end: int, tabs: Tables) -> bool:
    names = tabs.names
    for length in _NAME_LENGTHS:
        for lo in range(max(0, end - length), start + 1):
            if text[lo : lo + length] in names:
                return True
    return False


def _select(
    text: str, hits: list[tuple[Hit, str]], protected: list[tuple[int, int]], tabs: Tables
) -> list[Hit]:
    candidates = []
    for hit, kind in hits:
        if any(s < hit.end and hit.start < e for s, e in protected):
            continue
        if kind == "stat" and _in_name(text, hit.start, hit.end, tabs):
            continue
        candidates.append(hit)
    candidates.sort(key=lambda h: (_PRIORITY[h.rule], h.start))
    kept: list[Hit] = []
    for hit in candidates:
        if all(hit.end <= k.start or k.end <= hit.start for k in kept):
            kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end))
    return kept


# ---------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------


def _finding(text: str, hit: Hit) -> ProofFinding:
    wrong = text[hit.start : hit.end]
    severity = Severity.ERROR if hit.sure else Severity.WARNING
    if hit.rule == "proofread.duplicated":
        message = f"{hit.note}，疑为笔误，建议删去“{wrong}”。"
    elif hit.rule == "proofread.scrambled":
        message = f"“{wrong}”字序疑颠倒，应为“{hit.suggestion}”。"
    elif hit.rule == "proofread.de":
        message = f"此处“{wrong}”疑应为“{hit.suggestion}”：{hit.note}。"
    elif hit.rule == "proofread.dropped":
        message = f"“{wrong}”疑漏字，应为“{hit.suggestion}”（{hit.note}）。"
    elif hit.rule == "proofread.term":
        message = f"疑为{hit.note}的误写：“{wrong}”应为“{hit.suggestion}”。"
        if not hit.suggestion:
            message = f"疑为{hit.note}的误写：多了“{wrong}”。"
    elif hit.rule == "proofread.idiom":
        message = f"“{wrong}”疑为“{hit.suggestion}”的误写（{hit.note}）。"
    else:
        message = f"“{wrong}”疑为“{hit.suggestion}”的误写（{hit.note}）。"
    return ProofFinding(hit.rule, severity, message, hit.start, hit.end, wrong, hit.suggestion)
