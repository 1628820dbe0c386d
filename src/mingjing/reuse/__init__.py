"""Copy detection: find passages reused from templates, past reports and colleagues, with exact spans.

Public API::

    corpus = Corpus.open("corpus.sqlite")          # or "postgresql://…"
    corpus.add(CorpusDocument(text, title="…", kind="template"))
    result = find_reuse(report, corpus)             # a parsed ParsedReport, a QueryText or plain text
    matrix = reuse_matrix(reports)                  # all pairs of a meeting's reports

See docs/reuse.md for the design and the JSON format.
"""

from __future__ import annotations

from mingjing.reuse.corpus import KINDS, Corpus, CorpusDocument, DocumentInfo, Settings, StoredDocument
from mingjing.reuse.matrix import Matrix, Pair, SharedPassage, reuse_matrix, write_heatmap, write_xlsx
from mingjing.reuse.query import find_reuse
from mingjing.reuse.result import Passage, QueryText, Ratio, ReuseResult, Section
from mingjing.reuse.store import CorpusError

__all__ = [
    "KINDS",
    "Corpus",
    "CorpusDocument",
    "CorpusError",
    "DocumentInfo",
    "Matrix",
    "Pair",
    "Passage",
    "QueryText",
    "Ratio",
    "ReuseResult",
    "Section",
    "Settings",
    "SharedPassage",
    "StoredDocument",
    "find_reuse",
    "reuse_matrix",
    "write_heatmap",
    "write_xlsx",
]
