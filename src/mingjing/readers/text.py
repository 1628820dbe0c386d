"""Plain text: one source paragraph per line."""

from __future__ import annotations

from mingjing.model import Document, SourceParagraph


def document_from_text(text: str, *, name: str | None = None, fmt: str = "text") -> Document:
    """Build a Document from already-decoded text; CRLF and lone CR count as line breaks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs = tuple(SourceParagraph(index=i, text=line) for i, line in enumerate(lines))
    return Document(paragraphs=paragraphs, path=name, format=fmt)
