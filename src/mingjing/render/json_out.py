"""JSON output of a review, schema ``docs/schema/check-v2.json`` (``schema_version`` "2").

Offsets are code-point offsets into ``ParsedReport.text``, the same normalised text ``mingjing parse`` prints;
``source`` gives each finding's place in the file itself and ``original`` its words as written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mingjing.model import Finding, Review
from mingjing.render.sections import family_of, section_label, severity_counts, sorted_findings
from mingjing.render.source import location_to_dict, removed_to_dict

SCHEMA_VERSION = "2"


def finding_to_dict(finding: Finding, section: str) -> dict[str, Any]:
    """One finding as a JSON-ready dict."""
    return {
        "rule": finding.rule,
        "family": family_of(finding),
        "severity": finding.severity.value,
        "message": finding.message,
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "suggestion": finding.suggestion,
        "section": section,
        "related": [{"start": s.start, "end": s.end} for s in finding.related],
        "original": finding.original,
        "count": finding.count,
        "source": location_to_dict(finding.source) if finding.source is not None else None,
        "others": [location_to_dict(location) for location in finding.others],
    }


def review_to_dict(review: Review, *, file: str | None = None, include_text: bool = False) -> dict[str, Any]:
    """A review as a JSON-ready dict; ``include_text`` adds the whole normalised report text."""
    report = review.report
    counts = severity_counts(review.findings)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "file": file if file is not None else report.document.path,
        "framework": report.framework.id if report.framework else None,
        "framework_name": report.framework.name if report.framework else None,
        "meeting_kind": report.meeting_kind,
        "verdict": review.verdict,
        "score": round(float(review.score), 2),
        "counts": {sev.value: n for sev, n in counts.items()},
        "metrics": {name: value for name, value in review.metrics},
        "findings": [
            finding_to_dict(f, section_label(report, f.start)) for f in sorted_findings(review.findings)
        ],
        "removed": [removed_to_dict(item) for item in report.removed],
    }
    if include_text:
        data["text"] = report.text
    return data


def dumps(data: dict[str, Any] | Sequence[dict[str, Any]]) -> str:
    """Serialise with Chinese kept readable (no \\u escapes) and stable indentation."""
    payload = data if isinstance(data, dict) else list(data)
    return json.dumps(payload, ensure_ascii=False, indent=2)
