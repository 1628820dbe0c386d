"""The one door from the web application (and any other caller outside the core) into 明镜's core.

``mingjing_web`` imports the core only through this module (an import contract checked by ``lint-imports``):
everything the web needs — reading, parsing, checking, rendering, proofreading, copy detection, frameworks,
the meeting helpers and the demo data — is named here, so the core's internals can move without touching the
web, and the surface the web depends on is visible in one file.
"""

from __future__ import annotations

from mingjing.api import parse_document, parse_file, parse_text, report_to_dict
from mingjing.checks import CheckConfig, OrgProfile, check_report
from mingjing.checks.config import normalise_level
from mingjing.checks.registry import get_rule
from mingjing.checks.rules.measure import stop_bigrams
from mingjing.checks.rules.slip_proofread import _covered_elsewhere as covered_by_other_slip_rules
from mingjing.cli.check import ReviewSettings, review_file
from mingjing.cli.format import report_docx_bytes
from mingjing.errors import MingjingError
from mingjing.frameworks import (
    Framework,
    framework_from_mapping,
    list_frameworks,
    load_framework,
    register_framework,
)
from mingjing.meeting import check_criticism
from mingjing.meeting.ledger import Span, coverage, pair_measures
from mingjing.model import Document, Finding, Heading, Item, ParsedReport, Part, Review, Severity
from mingjing.proofread import ProofreadDataError, proofread_text
from mingjing.readers import NATIVE_FORMATS, document_from_bytes
from mingjing.readers.limits import check_text
from mingjing.readers.sniff import sniff
from mingjing.render.docx_annotate import write_annotated_docx
from mingjing.render.html import render_html
from mingjing.render.json_out import review_to_dict
from mingjing.render.official_docx import (
    Block,
    OfficialHeading,
    OfficialParagraph,
    OfficialTable,
    official_docx_bytes,
)
from mingjing.render.sections import family_label
from mingjing.render.stored import has_source_map, review_from_dict, review_from_stored
from mingjing.render.xlsx import AuditEntry, write_audit_xlsx
from mingjing.reuse import Corpus, CorpusDocument, find_reuse
from mingjing.reuse.boilerplate import default_boilerplate
from mingjing.reuse.matrix import reuse_matrix, write_heatmap
from mingjing.reuse.result import QueryText
from mingjing.reuse.scope import candidate_pairs, clusters, verified_pairs
from mingjing.reuse.thresholds import thresholds
from mingjing.samples import demo_members, demo_organisation, template_entries
from mingjing.text.chars import to_simplified

__all__ = [
    "NATIVE_FORMATS",
    "AuditEntry",
    "Block",
    "CheckConfig",
    "Corpus",
    "CorpusDocument",
    "Document",
    "Finding",
    "Framework",
    "Heading",
    "Item",
    "MingjingError",
    "OfficialHeading",
    "OfficialParagraph",
    "OfficialTable",
    "OrgProfile",
    "ParsedReport",
    "Part",
    "ProofreadDataError",
    "QueryText",
    "Review",
    "ReviewSettings",
    "Severity",
    "Span",
    "candidate_pairs",
    "check_criticism",
    "check_report",
    "check_text",
    "clusters",
    "coverage",
    "covered_by_other_slip_rules",
    "default_boilerplate",
    "demo_members",
    "demo_organisation",
    "document_from_bytes",
    "family_label",
    "find_reuse",
    "framework_from_mapping",
    "get_rule",
    "has_source_map",
    "list_frameworks",
    "load_framework",
    "normalise_level",
    "official_docx_bytes",
    "pair_measures",
    "parse_document",
    "parse_file",
    "parse_text",
    "proofread_text",
    "register_framework",
    "render_html",
    "report_docx_bytes",
    "report_to_dict",
    "reuse_matrix",
    "review_file",
    "review_from_dict",
    "review_from_stored",
    "review_to_dict",
    "sniff",
    "stop_bigrams",
    "template_entries",
    "thresholds",
    "to_simplified",
    "verified_pairs",
    "write_annotated_docx",
    "write_audit_xlsx",
    "write_heatmap",
]
