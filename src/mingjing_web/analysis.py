"""The bridge to the core: read, parse, check and copy-check one upload, as JSON the web stores.

Nothing here touches the database. The copy check gets its sources from a callable the caller
builds (see ``mingjing_web.corpus``), so this module stays a thin, testable adapter. The core is
imported lazily: Django starts (and migrates) even while a core module is being rebuilt.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mingjing_web.errors import UploadError

if TYPE_CHECKING:
    from mingjing.facade import Document, OrgProfile, ParsedReport, Review

ReuseFn = Callable[["ParsedReport"], dict[str, Any]]
ALLOWED_SUFFIXES = (".docx", ".txt", ".md")


def org_profile(*, unit: str, level: str, region: str = "") -> OrgProfile:
    """The core's organisation profile for the context rules (an empty field means "not configured")."""
    from mingjing.facade import OrgProfile

    return OrgProfile(unit=unit or None, level=level or None, region=region or None)


@dataclass(frozen=True)
class Analysis:
    """Everything stored with a version, plus the core objects for immediate rendering."""

    text: str
    parse: dict[str, Any]
    review: dict[str, Any]
    reuse: dict[str, Any]
    report: ParsedReport = field(repr=False)
    core_review: Review = field(repr=False)

    @property
    def verdict(self) -> str:
        return str(self.review.get("verdict", ""))

    @property
    def score(self) -> float:
        return float(self.review.get("score", 0.0))

    @property
    def copy_ratio(self) -> float:
        return float(self.reuse.get("copy_ratio", 0.0))

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.review.get("findings", []))


def read_upload(*, data: bytes, filename: str, max_bytes: int = 20 * 1024 * 1024) -> Document:
    """Decode an uploaded file; any failure becomes an UploadError with the core's Chinese message."""
    from mingjing.facade import NATIVE_FORMATS, MingjingError, document_from_bytes

    if not data:
        raise UploadError("上传的文件是空的，请选择写好的对照检查材料（.docx 或 .txt）。")
    if not filename.lower().endswith(ALLOWED_SUFFIXES):
        raise UploadError("只支持 .docx 或 .txt 文件，请另存为其中一种格式后再上传。")
    try:
        # Only the formats this page takes: no converter ever runs for a web upload (issue 14).
        return document_from_bytes(
            data, filename=safe_filename(filename), max_bytes=max_bytes, accept=NATIVE_FORMATS
        )
    except MingjingError as err:
        raise UploadError(str(err)) from err


@contextmanager
def _as_upload_error() -> Iterator[None]:
    """The core's Chinese errors (unknown framework, unreadable text …) become UploadErrors."""
    from mingjing.facade import MingjingError

    try:
        yield
    except MingjingError as err:
        raise UploadError(str(err)) from err


def parse_document(document: Document, *, framework: str | None) -> ParsedReport:
    from mingjing.facade import parse_document as core_parse_document

    with _as_upload_error():
        return core_parse_document(document, framework=framework or None)


def parse_pasted(text: str, *, framework: str | None, name: str) -> ParsedReport:
    from mingjing.facade import check_text, parse_text

    if not text.strip():
        raise UploadError("粘贴的内容是空的，请粘贴对照检查材料的全文。")
    with _as_upload_error():
        check_text(text)  # the readers' character and paragraph limits, before any parsing
        return parse_text(text, framework=framework or None, name=name)


def ensure_report(report: ParsedReport) -> None:
    """Reject text that is not a 对照检查材料 at all (no problems, causes or measures found)."""
    if not report.parts():
        raise UploadError(
            "没有识别出对照检查材料的结构（存在问题、原因剖析、整改措施），"
            "请确认上传的是对照检查材料，并保留各部分的标题。"
        )


# The meeting framework's length norms (editable by an administrator) → the thresholds of proportion.min-length.
_NORM_THRESHOLDS = {
    "problems": "proportion.min-problems",
    "causes": "proportion.min-causes",
    "measures": "proportion.min-measures",
}


def check(
    report: ParsedReport,
    *,
    profile: OrgProfile,
    opinions: Sequence[str],
    carried: Sequence[str] = (),
    length_norms: Mapping[str, int] | None = None,
) -> Review:
    from mingjing.facade import CheckConfig, check_report

    thresholds = tuple(
        (_NORM_THRESHOLDS[part], float(chars))
        for part, chars in (length_norms or {}).items()
        if part in _NORM_THRESHOLDS and chars
    )
    config = CheckConfig(
        profile=profile, opinions=tuple(o.strip() for o in opinions if o.strip()), thresholds=thresholds
    )
    with _as_upload_error():
        return check_report(report, config=config, carried=carried)


def review_json(review: Review, *, filename: str) -> dict[str, Any]:
    from mingjing.facade import review_to_dict

    return review_to_dict(review, file=filename)


def parse_json(report: ParsedReport) -> dict[str, Any]:
    """The parse JSON a version stores, with the source map its downloads are rendered from."""
    from mingjing.facade import report_to_dict

    data: dict[str, Any] = report_to_dict(report, source_map=True)
    data.pop("text", None)  # stored once, in its own column
    return data


def analyse(
    report: ParsedReport,
    *,
    filename: str,
    profile: OrgProfile,
    opinions: Sequence[str],
    reuse: ReuseFn | None,
    carried: Sequence[str] = (),
    length_norms: Mapping[str, int] | None = None,
) -> Analysis:
    """Check a parsed report and look for copied passages; the JSON is what a version stores."""
    ensure_report(report)
    review = check(report, profile=profile, opinions=opinions, carried=carried, length_norms=length_norms)
    reuse_data = reuse(report) if reuse is not None else {"copy_ratio": 0.0, "passages": []}
    return Analysis(
        text=report.text,
        parse=parse_json(report),
        review=review_json(review, filename=filename),
        reuse=reuse_data,
        report=report,
        core_review=review,
    )


def aspect_stats(report: ParsedReport) -> dict[str, dict[str, int]]:
    """Per aspect of the problems part: how many items and characters the member wrote."""
    stats: dict[str, dict[str, int]] = {}
    if report.problems is None:
        return stats
    for section in report.problems.aspects:
        name = section.aspect or (section.heading.text if section.heading else "")
        if not name:
            continue
        entry = stats.setdefault(name, {"items": 0, "chars": 0})
        entry["items"] += len(section.items)
        entry["chars"] += section.end - section.start
    return stats


def family_counts(review: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in review.get("findings", []):
        family = str(finding.get("family") or str(finding.get("rule", "")).split(".", 1)[0])
        counts[family] = counts.get(family, 0) + 1
    return counts


def framework_aspects(framework_id: str | None) -> list[str]:
    """The canonical aspects of a framework, or [] when the core cannot tell."""
    if not framework_id:
        return []
    try:
        from mingjing.facade import load_framework

        return list(load_framework(framework_id).aspects)
    except Exception:  # an unknown or broken framework only loses the dashboard's empty columns
        return []


def safe_filename(filename: str) -> str:
    """The base name of an uploaded file, without path parts or characters a file system rejects."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    cleaned = "".join(ch for ch in base if ch not in '<>:"|?*\x00' and ord(ch) >= 32)
    return cleaned[-120:] or "report.txt"


def stored_review(*, text: str, parse: Mapping[str, Any], review: Mapping[str, Any]) -> Review | None:
    """The review a version stored, rebuilt from its JSON without reading or checking its file again.

    None for a version stored before the parse JSON carried its source map (see ``reread_report``).
    """
    from mingjing.facade import has_source_map, review_from_stored

    if not has_source_map(parse):
        return None
    return review_from_stored(parse=parse, review=review, text=text)


def reread_report(*, data: bytes, filename: str, pasted: bool, framework: str | None) -> ParsedReport:
    """Parse a stored original again the way its upload (or paste) was parsed.

    Only for versions stored before the parse JSON carried its source map: their downloads need the map.
    """
    if pasted:
        return parse_pasted(data.decode("utf-8"), framework=framework, name=filename)
    document = read_upload(data=data, filename=filename, max_bytes=max(len(data), 1))
    return parse_document(document, framework=framework)


def review_on_report(review: Mapping[str, Any], report: ParsedReport) -> Review:
    """The stored review JSON's findings, score and verdict on ``report`` (the report they were made for)."""
    from mingjing.facade import review_from_dict

    return review_from_dict(review, report)


def annotated_docx_bytes(review: Review, *, original: bytes | None = None) -> bytes:
    """The original document with a Word comment on the words of each finding.

    ``original`` is the uploaded .docx: passed explicitly so the comments land in the member's own
    file even when the temporary copy the review was parsed from is gone.
    """
    from mingjing.facade import write_annotated_docx

    with tempfile.TemporaryDirectory(prefix="mingjing-") as folder:
        written = write_annotated_docx(review, Path(folder) / "annotated.docx", original=original)
        return Path(written.path).read_bytes()


def html_review(review: Review, *, name: str) -> str:
    from mingjing.facade import render_html

    return render_html(review, name=name)


def warm_up() -> None:
    """Review a short text once so every lazily loaded part of the core is in memory."""
    import logging

    sample = "对照检查材料\n一、存在问题\n（一）理论学习方面\n一是学习不够深入。\n二、原因剖析\n一是理想信念不够坚定。\n三、整改措施\n一是加强学习。"
    try:
        from mingjing.facade import default_boilerplate

        check(
            parse_pasted(sample, framework=None, name="warm-up"),
            profile=org_profile(unit="", level=""),
            opinions=(),
        )
        default_boilerplate()
    except Exception:  # never keep the server from starting
        logging.getLogger(__name__).warning("warm-up of the core failed", exc_info=True)


# What a copied passage asks of its writer, in the downloads and the meeting workbook alike.
COPY_SUGGESTION = "用本人的经历、事例和认识重写。"


def with_copy_findings(review: Review, passages: Sequence[dict[str, Any]]) -> Review:
    """``review`` with one finding per copied passage (the stored copy check, labelled as the viewer may see
    its source), so the annotated .docx and the HTML review say what the page says about copying."""
    from dataclasses import replace

    from mingjing.facade import Finding, Severity

    text = review.report.text
    extra = []
    for passage in passages:
        start, end = int(passage.get("start", 0)), int(passage.get("end", 0))
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if end <= start:
            continue
        source = passage.get("source_label") or passage.get("source") or "其他材料"
        extra.append(
            Finding(
                rule="reuse.copy",
                severity=Severity.WARNING,
                message=f"此段与“{source}”雷同（{end - start}字），疑似复制。",
                start=start,
                end=end,
                text=text[start:end],
                suggestion=COPY_SUGGESTION,
                family="reuse",
            )
        )
    if not extra:
        return review
    findings = tuple(sorted((*review.findings, *extra), key=lambda f: (f.start, -f.severity.rank, f.rule)))
    return replace(review, findings=findings)
