"""The parser: a Document becomes a structured, span-accurate Report."""

from __future__ import annotations

from mingjing.parse.builder import parse_document

__all__ = ["parse_document"]
