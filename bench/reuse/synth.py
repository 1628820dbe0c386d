"""Synthetic corpora for copy detection, built from real paragraphs with controlled edits.

Real text: the seed reports (read at run time from ``MINGJING_SEEDS`` or ../shared/seeds, never copied
into the repository) and the sample templates shipped in ``src/mingjing/samples/templates``. Filler
("own writing") is drawn character by character from the unigram distribution of that real text, so it
looks like Chinese to the index but shares no 13-character run with anything by chance. Stock phrases
from the boilerplate list are sprinkled into filler, as honest reports contain them.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("MINGJING_SEEDS", ROOT.parent / "shared" / "seeds"))
TEMPLATES = ROOT / "src" / "mingjing" / "samples" / "templates"
BOILERPLATE = ROOT / "src" / "mingjing" / "reuse" / "data" / "boilerplate.txt"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")
_PUNCT = "，。；、："
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Source:
    name: str
    text: str


@lru_cache(maxsize=1)
def real_sources() -> tuple[Source, ...]:
    """The seeds and the shipped templates (whatever of them exists)."""
    files = sorted(SEEDS.glob("*.txt")) + (sorted(TEMPLATES.glob("*.txt")) if TEMPLATES.exists() else [])
    if not files:
        raise FileNotFoundError(f"no real text found in {SEEDS} or {TEMPLATES}")
    return tuple(Source(f.name, f.read_text("utf-8")) for f in files)


@lru_cache(maxsize=1)
def char_model() -> tuple[np.ndarray, np.ndarray]:
    """Code points of the CJK characters of the real text and their probabilities."""
    counts: dict[str, int] = {}
    for s in real_sources():
        for ch in _CJK.findall(s.text):
            counts[ch] = counts.get(ch, 0) + 1
    chars = np.array([ord(c) for c in counts], dtype=np.uint32)
    p = np.array(list(counts.values()), dtype=np.float64)
    return chars, p / p.sum()


@lru_cache(maxsize=1)
def stock_phrases() -> tuple[str, ...]:
    lines = BOILERPLATE.read_text("utf-8").splitlines()
    return tuple(
        x
        for x in (ln.strip() for ln in lines)
        if x and not x.startswith("#") and "…" not in x and "XX" not in x
    )


def paragraphs(source: Source, minimum: int = 60) -> list[tuple[int, int]]:
    """``[start, end)`` of the source's lines with at least ``minimum`` CJK characters."""
    out, offset = [], 0
    for line in source.text.split("\n"):
        if len(_CJK.findall(line)) >= minimum:
            lead = len(line) - len(line.lstrip())
            out.append((offset + lead, offset + len(line.rstrip())))
        offset += len(line) + 1
    return out


def filler(rng: np.random.Generator, n: int) -> str:
    """``n`` characters of pseudo-Chinese with commas and full stops."""
    chars, p = char_model()
    codes = rng.choice(chars, size=n, p=p)
    text = codes.tobytes().decode("utf-32-le")
    out, i = [], 0
    while i < n:
        step = int(rng.integers(8, 22))
        out.append(text[i : i + step])
        out.append("。" if rng.random() < 0.3 else "，")
        i += step
    return "".join(out)


def own_paragraph(rng: np.random.Generator, n: int, phrases: int = 2) -> str:
    """Filler with a few stock phrases in it, ending in a full stop."""
    body = filler(rng, n)
    stock = stock_phrases()
    for _ in range(phrases):
        at = int(rng.integers(0, max(1, len(body))))
        body = body[:at] + stock[int(rng.integers(0, len(stock)))] + "，" + body[at:]
    return body.rstrip("，。") + "。"


# --------------------------------------------------------------------------------------------------
# Edits (each returns the edited text; light edits keep ≥ 90 % of the characters)
# --------------------------------------------------------------------------------------------------


def edit_verbatim(text: str, rng: random.Random) -> str:
    return text


def edit_punctuation(text: str, rng: random.Random) -> str:
    out = []
    for ch in text:
        if ch in _PUNCT and rng.random() < 0.5:
            choice = rng.choice([*_PUNCT, ""])
            out.append(choice)
        else:
            out.append(ch)
            if _CJK.match(ch) and rng.random() < 0.02:
                out.append("，")
    return "".join(out)


def edit_chars(text: str, rng: random.Random, rate: float = 0.03) -> str:
    """Insert, replace or delete characters at ``rate`` (default 3 %: a few per sentence)."""
    chars, p = char_model()
    out = []
    for ch in text:
        if _CJK.match(ch) and rng.random() < rate:
            op = rng.choice(("insert", "replace", "delete"))
            new = chr(int(chars[int(np.searchsorted(np.cumsum(p), rng.random()))]))
            if op == "insert":
                out.extend((ch, new))
            elif op == "replace":
                out.append(new)
        else:
            out.append(ch)
    return "".join(out)


def edit_reorder(text: str, rng: random.Random) -> str:
    sentences = _SENTENCE.findall(text)
    if len(sentences) < 2:
        return text
    order = list(range(len(sentences)))
    while order == sorted(order):
        rng.shuffle(order)
    return "".join(sentences[i] for i in order)


def edit_renumber(text: str, rng: random.Random) -> str:
    """Change 一是/二是 into （一）/1. and back, or give the paragraph a numeral it did not have."""
    style = rng.choice(("paren", "arabic", "shi"))

    def label(n: int) -> str:
        return {"paren": f"（{_NUMERALS[n]}）", "arabic": f"{n + 1}.", "shi": f"{_NUMERALS[n]}是"}[style]

    count = 0

    def swap(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return m.group(1) + label(_NUMERALS.index(m.group(2)) if m.group(2) in _NUMERALS else 0)

    out = re.sub(r"(^|[。；])([一二三四五六七八九十])是", swap, text)
    return out if count else label(rng.randrange(5)) + text


def edit_mixed(text: str, rng: random.Random) -> str:
    return edit_renumber(edit_chars(edit_punctuation(text, rng), rng, 0.02), rng)


EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "verbatim": edit_verbatim,
    "punctuation": edit_punctuation,
    "chars": edit_chars,
    "reorder": edit_reorder,
    "renumber": edit_renumber,
    "mixed": edit_mixed,
}
