"""The parser: a Document becomes a structured, span-accurate ParsedReport.

Pipeline (each step's rules are in its module docstring):

1. :mod:`mingjing.text` normalises the Document into one text with a character map back to the
   source paragraphs and a same-length simplified shadow (``match_text``) used for all matching.
2. :mod:`.lines` — the parser's lines; run-on paragraphs are cut where a new section starts.
3. :mod:`.frame` — header block at the top, closing lines at the bottom.
4. :mod:`.parts` + :mod:`.headings` + :mod:`.vocabulary` — part headings (problems → causes →
   measures) chosen among heading-shaped lines only; a missing part is reported, never invented.
5. :mod:`.aspects` — aspect headings in the problems part (ending in 方面, naming a framework aspect,
   or a sentence followed by numbered items; unnumbered ones alone on a line or run in before
   their items: "理论学习方面：一是……").
6. :mod:`.items` + :mod:`.examples` — items per aspect/part (numbering families and sequences,
   inline items, missing numerals, sub-items, headlines, examples).
7. :mod:`.builder` — framework detection (:mod:`mingjing.frameworks`), aspect mapping (with the
   elimination rule of :func:`mingjing.frameworks.map_aspects`), warnings.

The rules describe the genre (how 对照检查材料 are written), not any particular report.

Two decisions about reports that do not have the usual three parts:

* Problems and causes written together ("一、存在的问题及原因分析", each aspect with its problems and then
  "原因分析：……"): the part is the problems part, with aspects whose items are the problems only; each
  aspect's cause block stays in the aspect section's span but is no item. ``ParsedReport.causes`` is None (the
  report has no causes part of its own; parts never overlap, so per-aspect causes cannot be a Part) and
  a ``part.combined`` warning replaces ``part.missing`` for the causes.
* A text with no part headings at all (a collection of excerpts, a fragment) degrades gracefully: no
  part is invented — problems only when at least two aspect headings are found — and each missing part
  gets a ``part.missing`` warning; header, preamble and closing are still found.
"""

from __future__ import annotations

from mingjing.parse.builder import parse_document

__all__ = ["parse_document"]
