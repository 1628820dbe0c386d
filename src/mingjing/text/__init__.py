"""Text normalisation: a Document becomes one normalised text with a map back to its source."""

from __future__ import annotations

from mingjing.text.chars import to_simplified
from mingjing.text.normalise import INSERTED, Line, NormalisedText, normalise_document

__all__ = ["INSERTED", "Line", "NormalisedText", "normalise_document", "to_simplified"]
