"""Characters in the wrong order or typed twice.

* ``proofread.duplicated``: a word typed twice (决策决策) — a dictionary noun-like word of two to four
  characters immediately repeated, not a verb that is reduplicated on purpose (研究研究, list in
  checks/data/slips.toml); and a stray copy of a neighbouring character (大下大力气 → 下大力气);
* ``proofread.scrambled``: a character that forms no word where it stands but, moved by one to three
  places, forms words and lifts the clause's word-unigram score by ``order.min-gain`` (贯学习彻 → 贯彻学习).

Both look only at characters that form no dictionary word with either neighbour, like the confusion
detector, so ordinary text costs one set look-up per character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from mingjing.checks.data import load_data
from mingjing.proofread.confusion import Scan
from mingjing.proofread.curated import Hit
from mingjing.proofread.resources import Tables, curated, threshold
from mingjing.proofread.segment import best_route

_RUN_RE = re.compile("[\u4e00-\u9fff]{2,}")
_REPEAT_RE = re.compile("([\u4e00-\u9fff]{2,4})\\1")
_WINDOW = 4


@cache
def _aba_continuation(text: str, start: int, end: int) -> bool:
    """面对面对接: an ABA phrase (slips.toml [aba]) followed by a word that begins with its last character."""
    aba: dict[str, str] = load_data("slips")["aba"]
    head = text[start : start + 3]
    return end - start == 4 and head in aba and text[end : end + 1] in aba[head]


@cache
def _function_chars() -> frozenset[str]:
    return frozenset(str(c) for c in curated("vocabulary")["confusion"]["exempt_chars"])


@cache
def _reduplicable() -> frozenset[str]:
    return frozenset(str(w) for w in load_data("slips")["reduplicable"])


def repeated_words(text: str, tabs: Tables) -> Iterator[Hit]:
    allowed = _reduplicable()
    min_freq = threshold("order.repeat-min-freq")
    for match in _REPEAT_RE.finditer(text):
        unit = match.group(1)
        if unit in allowed or len(set(unit)) == 1 or tabs.freq.get(unit, 0) < min_freq:
            continue
        if tabs.freq.get(unit + unit, 0) > 0 or _aba_continuation(text, match.start(), match.end()):
            continue  # a dictionary word of its own, or 面对面 + 对接
        start = match.start() + len(unit)
        yield Hit("proofread.duplicated", start, match.end(), "", f"“{unit}”重复")


def misplaced(text: str, skip: Sequence[int], found: Scan, tabs: Tables) -> Iterator[Hit]:
    """Misplaced characters (see the module docstring); ``skip`` marks positions left alone.

    Only characters that form no dictionary word with a neighbour (``found.strict``) and that have another
    such character within three places are tried: moving one character leaves two lone ones behind.
    """
    min_gain = threshold("order.min-gain")
    strict = found.strict
    function_chars = _function_chars()
    max_free = threshold("order.max-free")
    pos = strict.find(1)
    while pos >= 0:
        partner = strict.find(1, pos + 1, pos + 4) >= 0 or strict.rfind(1, max(0, pos - 3), pos) >= 0
        if (
            partner
            and not skip[pos]
            and text[pos] not in function_chars
            and _bound_char(text[pos], tabs, max_free)
        ):
            start, end = found.run_at(pos)
            hit = _moved(text[start:end], pos - start, start, tabs, min_gain)
            if hit is not None:
                yield hit
        pos = strict.find(1, pos + 1)


def stray_copies(text: str, skip: Sequence[int], found: Scan, tabs: Tables) -> Iterator[Hit]:
    """A character typed once too often next to its twin (大下大力气): ``X?X`` (``found.aba``) where dropping
    one X leaves a word of three or more characters; ``skip`` marks positions left alone (quotations)."""
    min_gain = threshold("order.min-gain")
    for i in found.aba:
        base, end = _run_around(text, i)
        seg = text[base:end]
        for pos in (i, i + 2):
            if base <= pos < base + len(seg) and not skip[pos]:
                hit = _stray_copy(seg, pos - base, base, tabs, min_gain)
                if hit is not None:
                    yield hit
                    break


def _window(seg: str, k: int) -> tuple[int, int]:
    return max(0, k - _WINDOW), min(len(seg), k + _WINDOW + 1)


def _stray_copy(seg: str, k: int, base: int, tabs: Tables, min_gain: float) -> Hit | None:
    """seg[k] stands alone between words, and the word beside it (three or more characters) begins or
    ends with the same character two places away: the lone one is a stray copy (大|下大力气)."""
    lo, hi = _window(seg, k)
    words = best_route(seg[lo:hi], tabs)[1]
    index = _index_at(words, k - lo)
    if len(words[index]) != 1:
        return None
    char = seg[k]
    if char in _function_chars():
        return None  # 不了了之了: particles legitimately follow a word that holds them
    after = words[index + 1] if index + 1 < len(words) else ""
    before = words[index - 1] if index > 0 else ""
    # The twin word must be a set phrase (下大力气): a stray copy beside an ordinary compound is too often an
    # abbreviation the dictionary lacks (在研|科研项目).
    if after in tabs.idioms and after[1] == char and tabs.freq.get(char + after, 0) == 0:
        twin = after
    elif before in tabs.idioms and before[-2] == char and tabs.freq.get(before + char, 0) == 0:
        twin = before
    else:
        return None
    return Hit(
        "proofread.duplicated", base + k, base + k + 1, "", f"多余的“{char}”（应为“{twin}”）", sure=False
    )


def _moved(seg: str, k: int, base: int, tabs: Tables, min_gain: float) -> Hit | None:
    lo, hi = _window(seg, k)
    window = seg[lo:hi]
    pos = k - lo
    if window.count(window[pos]) > 1:
        return None  # 紧而又紧, 一心一意: a repeated character is a pattern, not a slip
    min_pair = threshold("order.min-pair-freq")
    original, original_words = best_route(window, tabs)
    singles = _singles(original_words)
    best: tuple[float, str, int, int] | None = None
    for target in range(max(0, pos - 3), min(len(window), pos + 4)):
        if abs(target - pos) < 2:
            continue  # swapping neighbours mostly meets words the dictionary lacks (卫片图斑, 危化品)
        chars = list(window)
        char = chars.pop(pos)
        chars.insert(target, char)
        moved = "".join(chars)
        pair = _landing_word(moved, target, tabs, min_pair)
        if pair is None:
            continue  # the character would form no common word where it lands
        score, words = best_route(moved, tabs)
        # The moved character must end up inside a word, and two lone characters must disappear.
        if _singles(words) > singles - 2 or len(_word_at(words, target)) < 2:
            continue
        gain = score - original
        if gain >= min_gain and (best is None or gain > best[0]):
            a, b = _cover(words, min(pos, target), max(pos, target) + 1)
            best = (gain, moved, a, b)
    if best is None:
        return None
    _, moved, a, b = best
    return Hit("proofread.scrambled", base + lo + a, base + lo + b, moved[a:b], "字序颠倒", sure=False)


def _singles(words: Sequence[str]) -> int:
    return sum(1 for w in words if len(w) == 1)


def _word_at(words: Sequence[str], pos: int) -> str:
    i = 0
    for word in words:
        if i <= pos < i + len(word):
            return word
        i += len(word)
    return ""


def _run_around(text: str, i: int) -> tuple[int, int]:
    """The stretch of CJK characters around position ``i``, at most ``_WINDOW`` + 3 on each side."""
    lo = i
    while lo > max(0, i - _WINDOW - 3) and "\u4e00" <= text[lo - 1] <= "\u9fff":
        lo -= 1
    hi = i
    while hi < min(len(text), i + _WINDOW + 6) and "\u4e00" <= text[hi] <= "\u9fff":
        hi += 1
    return lo, hi


def _cover(words: Sequence[str], a: int, b: int) -> tuple[int, int]:
    """[a, b) widened to whole words of the segmentation ``words``."""
    i, lo, hi = 0, a, b
    for word in words:
        j = i + len(word)
        if i < b and a < j:
            lo, hi = min(lo, i), max(hi, j)
        i = j
    return lo, hi


def _landing_word(moved: str, target: int, tabs: Tables, min_freq: float) -> str | None:
    """The common two-character word the moved character forms with a lone, bound neighbour (贯 + 彻)."""
    for pair in (moved[target : target + 2], moved[max(0, target - 1) : target + 1]):
        if len(pair) == 2 and tabs.freq.get(pair, 0) >= min_freq:
            return pair
    return None


def _bound_char(char: str, tabs: Tables, max_free: float) -> bool:
    """Whether ``char`` mostly lives inside longer words (贯, 彻), so that standing alone is suspicious."""
    alone = tabs.freq.get(char, 0)
    return alone / (alone + tabs.in_words.get(char, 0) + 1) <= max_free


def _index_at(words: Sequence[str], pos: int) -> int:
    """Index of the word of ``words`` (a segmentation) that holds position ``pos``."""
    i = 0
    for index, word in enumerate(words):
        if i <= pos < i + len(word):
            return index
        i += len(word)
    return len(words) - 1
