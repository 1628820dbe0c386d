"""The proofreading data, loaded once per process (thread-safe) and cached on disk per user.

Two sources:

* dictionaries that registry packages ship — jieba's ``dict.txt`` (word frequencies and part-of-speech tags)
  and the data folder of the ``pycorrector`` wheel (same-pinyin and similar-shape character sets, person and
  place names, the set of common characters). pycorrector is located with ``importlib.util.find_spec``,
  which does not run its ``__init__`` (that imports transformers); jieba likewise is never imported;
* our own curated lists in ``mingjing/proofread/data/*.toml`` (see CONTRIBUTING.md, "Proofreading data").

Parsing the dictionaries takes about a second, so the derived tables are pickled into a per-user cache
directory (``$XDG_CACHE_HOME/mingjing`` or ``~/.cache/mingjing``), keyed by the source files' sizes and times.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.util
import math
import os
import pickle
import tempfile
import threading
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mingjing.errors import MingjingError

_FORMAT_VERSION = "10"  # 10: our vocabulary is part of the stored tables
_LOCK = threading.Lock()
_TABLES: Tables | None = None


class ProofreadDataError(MingjingError):
    """A dictionary the proofreader needs is not installed."""

    code = "proofread-data"


@dataclass(frozen=True)
class Tables:
    """Everything derived from the registry packages' dictionaries."""

    freq: dict[str, int]  # word -> frequency; prefixes of words map to 0 (for the segmentation DAG)
    log_total: float
    logp: dict[str, float]  # word -> log probability; prefixes of words map to +inf (see segment.py)
    pair_codes: npt.NDArray[np.uint64]  # sorted codes (see pair_codes()) of the pairs inside dictionary words
    word2_codes: npt.NDArray[np.uint64]  # sorted codes of the two-character words …
    word2_freq: npt.NDArray[np.int64]  # … and their frequencies
    idioms: frozenset[str]  # four-character set phrases (jieba tags i and l)
    idiom_index: dict[str, tuple[str, ...]]  # each set phrase under its wildcard keys (历?弥新 → 历久弥新)
    follow: dict[str, set[str]]  # character -> characters that follow it inside a dictionary word
    precede: dict[str, set[str]]  # character -> characters that precede it inside a dictionary word
    confusable: dict[str, frozenset[str]]  # character -> common characters of similar sound or shape
    same_sound: dict[str, str]  # character -> characters of the same sound (any tone)
    in_words: dict[str, int]  # character -> summed frequency of the longer words that contain it
    shape: dict[str, str]  # character -> characters of similar shape
    names: frozenset[str]  # person and place names (never corrected)
    common_chars: frozenset[str]

    @property
    def unknown_logp(self) -> float:
        """Log probability of a character the dictionary lacks (jieba counts it once)."""
        return -self.log_total


def _package_dir(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def source_files() -> dict[str, Path]:
    """The dictionary files used, by short name; raises ProofreadDataError when a package is missing."""
    jieba_dir = _package_dir("jieba")
    pyc_dir = _package_dir("pycorrector")
    if jieba_dir is None or not (jieba_dir / "dict.txt").is_file():
        raise ProofreadDataError(
            "校对功能需要 jieba 词典，但未安装 jieba。",
            hint="请运行 ./scripts/setup.sh 或 pip install jieba。",
        )
    if pyc_dir is None or not (pyc_dir / "data" / "same_pinyin.txt").is_file():
        raise ProofreadDataError(
            "校对功能需要 pycorrector 附带的字表，但未安装 pycorrector。",
            hint="请运行 ./scripts/setup.sh 或 pip install --no-deps pycorrector==1.1.4。",
        )
    data = pyc_dir / "data"
    return {
        "dict": jieba_dir / "dict.txt",
        "same_pinyin": data / "same_pinyin.txt",
        "same_stroke": data / "same_stroke.txt",
        "person_name": data / "person_name.txt",
        "place_name": data / "place_name.txt",
        "common_char_set": data / "common_char_set.txt",
        "sighan2015_test": data / "sighan2015_test.tsv",
    }


def tables() -> Tables:
    """The dictionary tables, built (or unpickled) on first use; safe to call from several threads."""
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                _TABLES = _load_tables(source_files())
    return _TABLES


def _add_words(tabs: Tables, vocabulary: Iterable[str]) -> None:
    """Our official vocabulary joins the dictionary (jieba lacks 践行-style report words or rates them rare)."""
    words = [str(w) for w in vocabulary]
    count = int(threshold("vocabulary.frequency"))
    for word in words:
        tabs.freq[word] = max(tabs.freq.get(word, 0), count)
        tabs.logp[word] = math.log(tabs.freq[word]) - tabs.log_total
        for i in range(1, len(word)):
            tabs.freq.setdefault(word[:i], 0)
            tabs.logp.setdefault(word[:i], math.inf)
        for i in range(len(word) - 1):
            tabs.follow.setdefault(word[i], set()).add(word[i + 1])
            tabs.precede.setdefault(word[i + 1], set()).add(word[i])
    for word in words:
        if len(word) == 4:
            for k in range(4):
                key = word[:k] + "?" + word[k + 1 :]
                if word not in tabs.idiom_index.get(key, ()):
                    tabs.idiom_index[key] = (*tabs.idiom_index.get(key, ()), word)
    # frozen dataclass: the arrays are replaced in place by object.__setattr__ (the tables are not shared yet)
    added = [w for w in words if len(w) >= 2]
    codes = np.concatenate([pair_codes(w) for w in added]) if added else np.zeros(0, np.uint64)
    object.__setattr__(tabs, "pair_codes", np.union1d(tabs.pair_codes, codes))
    two = {w: tabs.freq[w] for w in added if len(w) == 2}
    if two:
        merged = dict(zip(tabs.word2_codes.tolist(), tabs.word2_freq.tolist(), strict=True))
        merged.update({int(pair_codes(w)[0]): f for w, f in two.items()})
        keys = np.array(sorted(merged), dtype=np.uint64)
        object.__setattr__(tabs, "word2_codes", keys)
        object.__setattr__(tabs, "word2_freq", np.array([merged[int(k)] for k in keys], dtype=np.int64))


def pair_codes(text: str) -> npt.NDArray[np.uint64]:
    """One integer per pair of neighbouring characters: (code point of the first << 21) | the second."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return (points[:-1] << np.uint64(21)) | points[1:]


@cache
def curated(name: str) -> dict[str, Any]:
    """The parsed ``proofread/data/<name>.toml``."""
    raw = resources.files("mingjing.proofread").joinpath(f"data/{name}.toml").read_text("utf-8")
    return tomllib.loads(raw)


def threshold(name: str) -> float:
    """A tuning value from ``data/thresholds.toml``."""
    return float(curated("thresholds")["thresholds"][name])


# ---------------------------------------------------------------------------
# Building and caching the tables
# ---------------------------------------------------------------------------


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mingjing"


def _cache_key(files: dict[str, Path]) -> str:
    """The registry packages' dictionaries (by size and time) and our vocabulary and thresholds (by content)."""
    digest = hashlib.sha1(_FORMAT_VERSION.encode())
    for name in sorted(files):
        if name == "sighan2015_test":
            continue
        stat = files[name].stat()
        digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for curated_file in ("vocabulary", "thresholds"):
        digest.update(
            resources.files("mingjing.proofread").joinpath(f"data/{curated_file}.toml").read_bytes()
        )
    return digest.hexdigest()[:16]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the tables' million objects are made.

    None of them can be garbage yet, but each few hundred new objects started a collection that walked the
    young ones again: unpickling and the log probabilities took ~1.45 CPU-s with it running and ~1.05 without
    (means of three runs each, 2026-12-03), in every server worker, batch command and check that loads them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_tables(files: dict[str, Path]) -> Tables:
    with _collector_paused():
        return _load_or_build(files)


def _load_or_build(files: dict[str, Path]) -> Tables:
    path = _cache_dir() / f"proofread-{_cache_key(files)}.pickle"
    loaded = _read_cached(path)
    if loaded is not None:
        return loaded
    # On a machine without the cache, the processes that start together (the web server's workers, the
    # commands of a batch) would each spend ~6 CPU-s building the same tables: one builds, the others wait
    # for it and read what it stored.
    with _building(path):
        loaded = _read_cached(path)
        if loaded is not None:
            return loaded
        built = _build_tables(files)
        # Stored with our vocabulary in it (the key covers the curated files): adding it took 0.3 CPU-s a load.
        _add_words(built, curated("vocabulary")["words"]["official"])
        _store(path, replace(built, logp={}))
        return built


def _read_cached(path: Path) -> Tables | None:
    try:
        with path.open("rb") as handle:
            loaded = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, TypeError):
        return None
    if not isinstance(loaded, Tables):
        return None
    # the log probabilities are cheaper to recompute than to unpickle
    object.__setattr__(loaded, "logp", _logp(loaded.freq, loaded.log_total))
    return loaded


@contextmanager
def _building(path: Path) -> Iterator[None]:
    """Held while this process builds the tables for ``path``: an exclusive lock on a file beside it.

    Without ``fcntl`` (Windows) or a writable cache folder, every process builds for itself, as before.
    """
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.with_suffix(".lock").open("a")
    except (ImportError, OSError):
        handle = None
    if handle is None:  # outside the except: an error while building is not chained to this one
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _store(path: Path, built: Tables) -> None:
    # Written to a temporary file and renamed, so two processes starting together never read half a file.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in [*path.parent.glob("proofread-*.pickle"), *path.parent.glob("proofread-*.lock")]:
            if stale.stem != path.stem:
                stale.unlink(missing_ok=True)  # tables of an older dictionary or format, and their lock
    except OSError:
        pass  # a read-only home only costs the rebuild next time


def _lines(path: Path) -> Iterable[str]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def _build_tables(files: dict[str, Path]) -> Tables:
    freq: dict[str, int] = {}
    bigrams: set[str] = set()
    idioms: set[str] = set()
    in_words: dict[str, int] = {}
    total = 0
    for line in _lines(files["dict"]):
        parts = line.split(" ")
        word, count = parts[0], int(parts[1])
        tag = parts[2] if len(parts) > 2 else ""
        freq[word] = count
        total += count
        for i in range(1, len(word)):
            freq.setdefault(word[:i], 0)
        if len(word) >= 2:
            for char in set(word):
                in_words[char] = in_words.get(char, 0) + count
            bigrams.update(word[i : i + 2] for i in range(len(word) - 1))
        if len(word) == 4 and tag in ("i", "l"):
            idioms.add(word)
    same_sound, shape, confusable = _confusion_sets(files)
    follow: dict[str, set[str]] = {}
    precede: dict[str, set[str]] = {}
    for pair in bigrams:
        follow.setdefault(pair[0], set()).add(pair[1])
        precede.setdefault(pair[1], set()).add(pair[0])
    two = sorted((int(pair_codes(w)[0]), c) for w, c in freq.items() if len(w) == 2 and c > 0)
    common = {line[0] for line in _lines(files["common_char_set"])}
    names = {line.split("\t")[0] for line in _lines(files["person_name"])}
    names.update(line.split("\t")[0] for line in _lines(files["place_name"]))
    log_total = math.log(total)
    return Tables(
        freq=freq,
        log_total=log_total,
        logp=_logp(freq, log_total),
        pair_codes=np.unique(pair_codes("".join(bigrams))[::2]),
        word2_codes=np.array([k for k, _ in two], dtype=np.uint64),
        word2_freq=np.array([c for _, c in two], dtype=np.int64),
        idioms=frozenset(idioms),
        idiom_index=_wildcards(idioms),
        follow=follow,
        precede=precede,
        confusable={c: frozenset(s) & common for c, s in confusable.items()},
        same_sound=same_sound,
        in_words=in_words,
        shape=shape,
        names=frozenset(n for n in names if len(n) >= 2),
        common_chars=frozenset(common),
    )


_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ing", "in"), ("eng", "en"), ("ang", "an"), ("v", "u"))


def _fuzzy_key(syllable: str) -> str:
    """A toneless syllable with the distinctions speakers of many dialects blur (zh/z, in/ing, n/l …)."""
    for a, b in _FUZZY:
        syllable = syllable.replace(a, b)
    return "n" + syllable[1:] if syllable.startswith("l") else syllable


def _near_sound(files: dict[str, Path]) -> dict[str, set[str]]:
    """Common characters whose readings differ only by tone or a blurred distinction (pypinyin)."""
    from pypinyin import Style, pinyin

    common = [line[0] for line in _lines(files["common_char_set"])]
    groups: dict[str, set[str]] = {}
    keys: dict[str, set[str]] = {}
    for char in common:
        readings = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
        keys[char] = {_fuzzy_key(r) for r in readings}
        for key in keys[char]:
            groups.setdefault(key, set()).add(char)
    return {c: set().union(*(groups[k] for k in ks)) - {c} for c, ks in keys.items()}


def _logp(freq: dict[str, int], log_total: float) -> dict[str, float]:
    return {w: math.log(c) - log_total if c > 0 else math.inf for w, c in freq.items()}


def _wildcards(idioms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each four-character phrase under its four keys with one character replaced by "?"."""
    index: dict[str, list[str]] = {}
    for idiom in sorted(set(idioms)):
        for k in range(4):
            index.setdefault(idiom[:k] + "?" + idiom[k + 1 :], []).append(idiom)
    return {key: tuple(v) for key, v in index.items()}


def _confusion_sets(files: dict[str, Path]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    sound: dict[str, set[str]] = {}
    for line in _lines(files["same_pinyin"]):
        cols = line.split("\t")
        char = cols[0]
        sound.setdefault(char, set()).update("".join(cols[1:3]))
    shape: dict[str, set[str]] = {}
    for line in _lines(files["same_stroke"]):
        group = [c for c in line.split("\t") if c]
        for char in group:
            shape.setdefault(char, set()).update(c for c in group if c != char)
    both = {c: set(s) for c, s in sound.items()}
    for char, chars in shape.items():
        both.setdefault(char, set()).update(chars)
    for char, chars in _near_sound(files).items():
        both.setdefault(char, set()).update(chars)
    return (
        {c: "".join(sorted(s - {c})) for c, s in sound.items()},
        {c: "".join(sorted(s - {c})) for c, s in shape.items()},
        {c: "".join(sorted(s - {c})) for c, s in both.items()},
    )
