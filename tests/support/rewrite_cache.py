"""Write pytest's cache of assertion-rewritten test modules before a run (``scripts/test.sh``).

pytest rewrites the ``assert`` statements of every test module and conftest when it imports them, and
keeps the result in ``__pycache__/*-pytest-*.pyc`` unless ``PYTHONDONTWRITEBYTECODE`` is set, as it is on
this machine and its CI. There, each process that collects the suite — both xdist workers and the
PostgreSQL pass — rewrote all 163 of them again: a collection took 10.2 CPU-s, 4.4 with this cache, which
costs 4.3 CPU-s once (measured 2026-12-03). Written here, two processes at a time, every run reads it.

It uses pytest's own rewriting functions, so the files are exactly what pytest would write; pytest
checks each cached file against its source's hash, so an edited module is rewritten again. Should a
future pytest rename those functions, this does nothing and the run only loses the saving.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]


def modules(folder: Path) -> list[Path]:
    """The files pytest rewrites under ``folder`` with the default ``python_files`` and conftests."""
    return [
        path
        for path in sorted(folder.rglob("*.py"))
        if path.name == "conftest.py" or path.name.startswith("test_") or path.name.endswith("_test.py")
    ]


def write(path: Path) -> bool:
    """Rewrite one module and store it where pytest looks; False when that could not be done."""
    try:
        from _pytest.assertion.rewrite import PYC_TAIL, _rewrite_test, _write_pyc, get_cache_dir
    except ImportError:
        return False
    # config=None rewrites as pytest does with the default ``enable_assertion_pass_hook = false``.
    source_hash, code = _rewrite_test(path, None)  # type: ignore[arg-type]
    folder = get_cache_dir(path)
    folder.mkdir(exist_ok=True)
    # pytest's own writer: a file of this process, renamed into place, so a pytest starting now reads the
    # old cache or the whole new one. Its state argument is only used to trace failures.
    quiet = SimpleNamespace(trace=lambda message: None)
    return bool(_write_pyc(quiet, code, source_hash, folder / (path.name[:-3] + PYC_TAIL)))  # type: ignore[arg-type]


def main() -> int:
    files = modules(ROOT / "tests")
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        written = sum(pool.map(write, files, chunksize=16))
    print(f"[test.sh] pytest's rewritten-assertion cache: {written} of {len(files)} test modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
