"""What a reuse query returns, and the input it takes (a parsed ParsedReport or plain text with spans)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mingjing.model import ParsedReport
from mingjing.reuse.canon import simplified_shadow

JSON_SCHEMA_VERSION = 1
PART_LABELS = {"problems": "存在问题", "causes": "原因剖析", "measures": "整改措施"}


@dataclass(frozen=True)
class Section:
    """A part (``aspect`` None) or an aspect of the problems part, as a text span."""

    part: str  # problems | causes | measures
    start: int
    end: int
    aspect: str | None = None  # canonical aspect name, or the heading text when unknown


@dataclass(frozen=True)
class QueryText:
    """A text to check: ``text`` (offsets refer to it), its simplified shadow, optional part spans."""

    text: str
    match_text: str
    name: str | None = None
    sections: tuple[Section, ...] = ()
    # Structural lines (title/header lines, part and aspect headings): not content, never copying.
    structure: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_text(
        cls, text: str, *, name: str | None = None, sections: tuple[Section, ...] = ()
    ) -> QueryText:
        return cls(text, simplified_shadow(text), name, sections)

    @classmethod
    def from_report(cls, report: ParsedReport, *, name: str | None = None) -> QueryText:
        """Take text, match text and part/aspect spans from a parsed report."""
        sections: list[Section] = []
        structure = [(span.start, span.end) for span in report.header]
        for part in report.parts():
            sections.append(Section(part.kind, part.start, part.end))
            if part.heading is not None:
                structure.append((part.heading.start, part.heading.end))
            for aspect in part.aspects:
                label = aspect.aspect or (aspect.heading.text if aspect.heading else None) or "未识别方面"
                sections.append(Section(part.kind, aspect.start, aspect.end, label))
                if aspect.heading is not None:
                    structure.append((aspect.heading.start, aspect.heading.end))
        path = name or report.document.path
        return cls(report.text, report.match_text, path, tuple(sections), tuple(sorted(structure)))


@dataclass(frozen=True)
class Passage:
    """One reused stretch of the checked text, in the offsets of ``mingjing parse`` (``ParsedReport.text``).

    ``kind`` is ``copy`` or ``boilerplate``. A boilerplate passage found only by document frequency has
    no source document; ``documents`` then says in how many corpus documents it occurs.
    """

    start: int
    end: int
    text: str
    kind: str
    similarity: float
    chars: int  # content characters (punctuation, spaces and item numerals not counted)
    source_id: int | None = None
    source_title: str | None = None
    source_kind: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    source_text: str | None = None
    documents: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "source": self.source_title,
            "source_id": self.source_id,
            "source_kind": self.source_kind,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "source_text": self.source_text,
            "similarity": round(self.similarity, 4),
            "chars": self.chars,
            "documents": self.documents,
        }


@dataclass(frozen=True)
class Ratio:
    """Copied content characters ÷ content characters of one part or aspect."""

    part: str
    aspect: str | None
    chars: int
    copied: int

    @property
    def ratio(self) -> float:
        return self.copied / self.chars if self.chars else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"chars": self.chars, "copied": self.copied, "ratio": round(self.ratio, 4)}


@dataclass(frozen=True)
class ReuseResult:
    """Everything found for one checked text."""

    file: str | None
    chars: int
    copied_chars: int
    boilerplate_chars: int
    passages: tuple[Passage, ...]
    sections: tuple[Ratio, ...] = ()

    @property
    def copy_ratio(self) -> float:
        """Copied content characters ÷ content characters (boilerplate never counts)."""
        return self.copied_chars / self.chars if self.chars else 0.0

    def copies(self) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if p.kind == "copy")

    def boilerplate(self) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if p.kind == "boilerplate")

    def parts(self) -> dict[str, dict[str, Any]]:
        """Ratios per part, with per-aspect ratios nested under ``aspects``."""
        out: dict[str, dict[str, Any]] = {}
        for r in self.sections:
            if r.aspect is None:
                out[r.part] = {"label": PART_LABELS.get(r.part, r.part), **r.to_json(), "aspects": {}}
        for r in self.sections:
            if r.aspect is not None and r.part in out:
                out[r.part]["aspects"][r.aspect] = r.to_json()
        return out

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (see docs/reuse.md)."""
        return {
            "schema_version": JSON_SCHEMA_VERSION,
            "file": self.file,
            "copy_ratio": round(self.copy_ratio, 4),
            "chars": self.chars,
            "copied_chars": self.copied_chars,
            "boilerplate_chars": self.boilerplate_chars,
            "parts": self.parts(),
            "passages": [p.to_json() for p in self.passages],
        }
