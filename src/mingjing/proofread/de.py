"""的/地/得 misuse, by two conservative patterns (word lists in ``data/de.toml``):

* adverbial + 的 + verb + object → 地 (认真的学习党章 → 认真地学习党章), unless the verb heads a noun
  phrase (积极的学习态度);
* verb + 的 + (degree word) + complement + clause end → 得 (落实的不够扎实。 → 落实得不够扎实。).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from mingjing.proofread.curated import Hit
from mingjing.proofread.resources import Tables, curated

_END = r"(?=[，。；、！？,.;!?：:）)\n]|$|[和也还但而却])"


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], tuple[str, ...]]:
    data = curated("de")
    adverbial = re.compile(
        f"(?:{_alternation(data['adverbials'])})(的)(?:{_alternation(data['verbs'])})(?=[\u4e00-\u9fff])"
    )
    complement = (
        f"(?:(?:{_alternation(data['degree'])})(?:{_alternation(data['complements'])})"
        f"|{_alternation(data['bare_complements'])})"
    )
    verb = re.compile(f"(?:{_alternation(data['complement_verbs'])})(的){complement}{_END}")
    return adverbial, verb, frozenset(data["nominal_heads"]), tuple(data["np_markers"])


def de_misuse(text: str, tabs: Tables) -> Iterator[Hit]:
    adverbial, verb, heads, markers = _patterns()
    for match in adverbial.finditer(text):
        after = text[match.end() : match.end() + 2]
        if after in heads or after[:1] in "的和与及是、" or _starts_word_before(text, match.start(), tabs):
            continue
        verb_start = match.end(1)
        if tabs.freq.get(text[verb_start : match.end() + 2], 0) > 0:
            continue  # the verb begins a compound noun (有效的解决方案)
        if text[max(0, match.start() - 3) : match.start()].endswith(markers):
            continue  # the whole is the object of 缺少/进行/开展 …: a noun phrase
        yield Hit("proofread.de", match.start(1), match.end(1), "地", "修饰动词的状语后用“地”", sure=False)
    for match in verb.finditer(text):
        verb_start = match.start()
        verb_len = match.start(1) - verb_start
        if verb_len == 1 and verb_start > 0 and tabs.freq.get(text[verb_start - 1 : verb_start + 1], 0) > 0:
            continue  # 大学的 / 工作的: the character ends a longer word, not a verb of its own
        yield Hit("proofread.de", match.start(1), match.end(1), "得", "动词后接补语用“得”", sure=False)


def _starts_word_before(text: str, start: int, tabs: Tables) -> bool:
    """Whether the adverbial's first character ends a word begun before it (不断 in 判断的)."""
    if start == 0:
        return False
    return tabs.freq.get(text[start - 1 : start + 1], 0) > 0
