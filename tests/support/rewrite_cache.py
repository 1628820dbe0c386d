"""Write pytest's cache of assertion-rewritten test modules before a run (``scripts/test.sh``).

pytest rewrites the ``assert`` statements of every test module and conftest when it imports them, and
keeps the result in ``__pycache__/*-pytest-*.pyc`` unless ``PYTHONDONTWRITEBYTECODE`` is set, as it is on
this machine and its CI. There, each process that collects the suite — both xdist workers and the
PostgreSQL pass — rewrote all ~300 modules again: ~7 of the ~12 CPU-s of a collection (measured
2026-12-03). Writing the cache once here, two processes at a time, lets them all read it instead.

It uses pytest's own rewriting functions, so the files are exactly what pytest would write; pytest
checks each cached file against its source's hash, so an edited module is rewritten again. Should a
future pytest rename those functions, this does nothing and the run only loses the saving.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules(folder: Path) -> list[Path]:
    """The files pytest rewrites under ``folder`` with the default ``python_files`` and conftests."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        name = path.name
        if name == "conftest.py" or (name.startswith("test_") or name.endswith("_test.py")):
            found.append(path)
    return found


def write(path: Path) -> bool:
    """Rewrite one module and store it where pytest looks; False when pytest's internals are not there."""
    try:
        from _pytest.assertion.rewrite import PYC_TAIL, _rewrite_test, _write_pyc_fp, get_cache_dir
    except ImportError:
        return False
    # config=None rewrites as pytest does with the default ``enable_assertion_pass_hook = false``.
    source_hash, code = _rewrite_test(path, None)  # type: ignore[arg-type]
    folder = get_cache_dir(path)
    folder.mkdir(exist_ok=True)
    target = folder / (path.name[:-3] + PYC_TAIL)
    partial = target.with_name(f"{target.name}.{os.getpid()}")
    with partial.open("wb") as handle:
        _write_pyc_fp(handle, source_hash, code)
    partial.replace(target)  # atomic: a pytest starting now reads the old file or the whole new one
    return True


def main() -> int:
    files = modules(ROOT / "tests")
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        written = sum(pool.map(write, files, chunksize=16))
    print(f"[test.sh] pytest's rewritten-assertion cache: {written} of {len(files)} test modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
