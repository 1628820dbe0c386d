"""Canonical stream, k-gram hashes and winnowing."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mingjing.reuse.canon import canonicalize, simplified_shadow
from mingjing.reuse.fingerprint import K, fingerprints, kgram_hashes, winnow


def test_punctuation_space_and_item_numerals_are_dropped() -> None:
    text = "一是学习不够深入。二是，作风不实；\n（三）能力不足。4. 纪律松弛"
    canon = canonicalize(text)
    assert canon.chars == "学习不够深入作风不实能力不足纪律松弛"
    assert [text[p] for p in canon.positions] == list(canon.chars)


def test_numeral_words_inside_sentences_are_kept() -> None:
    assert canonicalize("坚持统一是前提，第一位的任务").chars == "坚持统一是前提第一位的任务"


def test_fullwidth_and_case_fold() -> None:
    assert canonicalize("ＡＢc１2").chars == "abc12"


def test_simplified_shadow_keeps_length() -> None:
    text = "對照檢查材料，學習不夠深入"
    shadow = simplified_shadow(text)
    assert len(shadow) == len(text)
    assert shadow == "对照检查材料，学习不够深入"


def _brute_winnow(hashes: list[int], window: int) -> list[int]:
    chosen: set[int] = set()
    if len(hashes) <= window:
        low = min(hashes)
        return [max(i for i, h in enumerate(hashes) if h == low)]
    for i in range(len(hashes) - window + 1):
        part = hashes[i : i + window]
        low = min(part)
        chosen.add(i + max(j for j, h in enumerate(part) if h == low))
    return sorted(chosen)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=60), st.integers(1, 9))
def test_winnow_matches_the_definition(values: list[int], window: int) -> None:
    hashes = np.array(values, dtype=np.uint64)
    _, pos = winnow(hashes, window)
    assert pos.tolist() == _brute_winnow(values, window)


def test_every_window_has_a_fingerprint_and_density_is_near_two_over_w_plus_one() -> None:
    rng = np.random.default_rng(1)
    codes = rng.integers(0x4E00, 0x9FA5, 20000).astype(np.uint32)
    _, pos = fingerprints(codes)
    gaps = np.diff(pos)
    assert gaps.max() <= 8  # w = t - k + 1 = 8: no window without a fingerprint
    assert 0.18 < len(pos) / (len(codes) - K + 1) < 0.26  # ≈ 2/(w+1) = 0.22


def test_kgram_hash_is_the_same_in_another_process_with_another_hash_seed() -> None:
    codes = np.frombuffer("学习贯彻党的创新理论不够深入系统".encode("utf-32-le"), dtype=np.uint32)
    here = kgram_hashes(codes).tolist()
    script = (
        "import numpy as np;from mingjing.reuse.fingerprint import kgram_hashes;"
        "c=np.frombuffer('学习贯彻党的创新理论不够深入系统'.encode('utf-32-le'),dtype=np.uint32);"
        "print(kgram_hashes(c).tolist())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(here)
    assert here[0] == kgram_hashes(codes[:K]).tolist()[0]
