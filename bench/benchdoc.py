"""The one place the bench scripts write their results: a marked block of docs/benchmarks.md per script."""

from __future__ import annotations

from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def write_section(
    key: str, body: str, *, legacy_heading: str | None = None, path: Path = BENCHMARKS_MD
) -> Path:
    """Replace the block between ``<!-- key:start -->`` and ``<!-- key:end -->`` with ``body``, or append it.

    ``legacy_heading`` finds the section an earlier run wrote without markers (from that heading to the next
    ``## `` heading), so re-running a script never leaves two copies behind.
    """
    start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
    block = f"{start}\n{body.replace(start, '').replace(end, '').strip()}\n{end}\n"
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1].lstrip("\n")
    elif legacy_heading and legacy_heading in text:
        head, rest = text.split(legacy_heading, 1)
        # The old section ends at the next heading or at the next script's marker, whichever comes first.
        cuts = [i for i in (rest.find("\n## "), rest.find("\n<!-- ")) if i >= 0]
        text = head + block + (rest[min(cuts) + 1 :] if cuts else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n", "utf-8")
    return path
