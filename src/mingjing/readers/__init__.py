"""Readers turn a file (or pasted text) into a :class:`~mingjing.model.Document`."""

from __future__ import annotations

from mingjing.readers.text import document_from_text

__all__ = ["document_from_text"]
