"""Reading files for copy detection: through the parser when it is there, so offsets match ``mingjing parse``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from mingjing.errors import ReadError
from mingjing.reuse.corpus import CorpusDocument
from mingjing.reuse.result import QueryText

REPORT_EXTENSIONS = (".docx", ".doc", ".wps", ".txt", ".md", ".rtf", ".odt", ".pdf")


def load_query(path: str | Path) -> QueryText:
    """Parse a report file into a QueryText with part and aspect spans (``ParsedReport.text`` offsets)."""
    file = Path(path)
    try:
        from mingjing.api import parse_file
    except ImportError:  # parser not installed: plain paragraphs, no part spans
        return _plain(file)
    return QueryText.from_report(parse_file(file), name=str(path))


def _plain(file: Path) -> QueryText:
    from mingjing.readers import read_document

    document = read_document(file)
    text = "\n".join(p.text for p in document.paragraphs)
    return QueryText.from_text(text, name=str(file))


def load_document(
    path: str | Path,
    *,
    kind: str = "other",
    owner: str | None = None,
    year: int | None = None,
    unit: str | None = None,
    title: str | None = None,
) -> CorpusDocument:
    """A file as a corpus document (same text and offsets as ``mingjing parse`` gives)."""
    query = load_query(path)
    return CorpusDocument(
        query.text,
        query.match_text,
        title=title or Path(path).name,
        source=str(path),
        kind=kind,
        owner=owner,
        year=year,
        unit=unit,
    )


def report_files(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files named, and report files found (recursively, sorted) in folders named."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in REPORT_EXTENSIONS
                and not p.name.startswith((".", "~$"))
            )
            yield from found
        elif path.exists():
            yield path
        else:
            raise ReadError(f"找不到文件或文件夹：{path}。", hint="请检查路径是否正确。")
