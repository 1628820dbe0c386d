"""Character k-gram hashes and winnowing (Schleimer, Wilkerson & Aiken 2003), vectorised with numpy.

Hashes are a polynomial over code points modulo 2**64 followed by the splitmix64 finaliser: stable
across processes and machines (unlike ``hash()``, which PYTHONHASHSEED salts), so they can be stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

HashArray = npt.NDArray[np.uint64]
PosArray = npt.NDArray[np.int64]

K = 13  # shortest run ever reported: the thesis-checker rule of 13 identical characters
T = 20  # every shared run of at least T characters is guaranteed to be found
_BASE = np.uint64(0x100000001B3)


@dataclass(frozen=True)
class Params:
    """k-gram length and guarantee threshold; the winnowing window is ``w = t - k + 1``."""

    k: int = K
    t: int = T

    @property
    def window(self) -> int:
        return self.t - self.k + 1


DEFAULT = Params()


def _mix(h: HashArray) -> HashArray:
    """splitmix64 finaliser: spreads every input bit over the whole word (buckets use the top bits)."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return np.asarray(h ^ (h >> np.uint64(31)), dtype=np.uint64)


def kgram_hashes(codes: npt.NDArray[np.uint32], k: int = K) -> HashArray:
    """Hash of every k-gram: element ``i`` covers ``codes[i:i+k]``. Empty when ``len(codes) < k``."""
    n = len(codes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    wide = codes.astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h *= _BASE
            h += wide[j : j + n]
    return _mix(h)


def winnow(hashes: HashArray, window: int) -> tuple[HashArray, PosArray]:
    """Robust winnowing: the rightmost minimum of every window of ``window`` hashes, each kept once.

    Any run shared by two texts that spans a whole window shares that window's minimum, hence the
    guarantee for runs of ``t = k + window - 1`` characters.
    """
    n = len(hashes)
    if n == 0:
        return hashes, np.zeros(0, dtype=np.int64)
    if n <= window:
        pos = np.array([n - 1 - int(np.argmin(hashes[::-1]))], dtype=np.int64)
        return hashes[pos], pos
    count = n - window + 1
    low = hashes[:count].copy()
    for j in range(1, window):
        np.minimum(low, hashes[j : j + count], out=low)
    # Later offsets overwrite earlier ones, so ties resolve to the rightmost position (robust winnowing).
    offset = np.zeros(count, dtype=np.int64)
    for j in range(1, window):
        offset[hashes[j : j + count] == low] = j
    chosen = np.arange(count, dtype=np.int64) + offset
    # The rightmost minimum never moves left as the window slides, so duplicates are adjacent.
    keep = np.ones(count, dtype=np.bool_)
    keep[1:] = chosen[1:] != chosen[:-1]
    pos = chosen[keep]
    return hashes[pos], pos


def fingerprints(codes: npt.NDArray[np.uint32], params: Params = DEFAULT) -> tuple[HashArray, PosArray]:
    """Winnowed fingerprints of a canonical stream: (hashes, k-gram start positions)."""
    return winnow(kgram_hashes(codes, params.k), params.window)
