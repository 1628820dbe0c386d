"""The copy-check corpus of each organisation, kept in step with the database.

The database is the source of truth; the corpus (``mingjing.reuse``) is a derived index that
:func:`corpus_sync` brings up to date (it runs before every check and after every change), so a
lost update or a crash between commit and indexing heals itself. Each organisation has its own
corpus, named by its never-reused ``corpus_key``: an SQLite file per organisation, or a schema per
organisation on PostgreSQL. Nothing from one unit can appear as a source in another unit's check.

Corpus documents carry ``owner`` = our key (``report:<id>`` or ``library:<id>``) and ``source`` =
that key plus the version it was built from.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

if TYPE_CHECKING:
    from mingjing.reuse import Corpus
    from mingjing_web.analysis import ReuseFn
    from mingjing_web.meetings.models import Meeting
    from mingjing_web.orgs.models import Membership, Organisation
    from mingjing_web.reports.models import Report

_SCHEMAS_MADE: set[str] = set()
_LOCK = threading.Lock()


def _postgres_base() -> str | None:
    """The corpus database URL: MINGJING_CORPUS_URL, else Django's own PostgreSQL database."""
    explicit = getattr(settings, "MINGJING_CORPUS_URL", "")
    if explicit:
        return explicit if explicit.startswith(("postgres://", "postgresql://")) else None
    if connection.vendor != "postgresql":
        return None
    db = connection.settings_dict
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    return f"postgresql://{auth}@{host}/{db['NAME']}"


def _sqlite_folder() -> Path:
    """``sqlite:///abs/folder`` (or a plain folder path) from MINGJING_CORPUS_URL, else the data folder."""
    explicit = getattr(settings, "MINGJING_CORPUS_URL", "")
    if explicit:
        return Path(explicit.removeprefix("sqlite://"))
    return Path(settings.DATA_DIR) / "corpus"


def corpus_location(organisation: Organisation) -> str:
    """Where an organisation's corpus lives: a PostgreSQL URL with its own schema, or an SQLite file."""
    base = _postgres_base()
    if base is not None:
        schema = f"mj_{organisation.corpus_key}"
        _ensure_schema(base, schema)
        joiner = "&" if "?" in base else "?"
        return f"{base}{joiner}options=-csearch_path%3D{schema}"
    folder = _sqlite_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / f"{organisation.corpus_key}.sqlite3")


def _ensure_schema(base: str, schema: str) -> None:
    with _LOCK:
        if schema in _SCHEMAS_MADE:
            return
        import psycopg

        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        _SCHEMAS_MADE.add(schema)


@contextmanager
def corpus_open(organisation: Organisation) -> Iterator[Corpus]:
    from mingjing.reuse import Corpus

    corpus = Corpus.open(corpus_location(organisation))
    try:
        yield corpus
    finally:
        corpus.close()


@dataclass(frozen=True)
class Wanted:
    """A document the corpus should hold: our key, the version it is built from, and its metadata."""

    owner: str
    tag: str
    kind: str
    title: str
    year: int | None
    row_id: int  # the ReportVersion or LibraryDocument to read the text from


def _wanted(organisation: Organisation) -> dict[str, Wanted]:
    from mingjing_web.library.models import DocumentKind, LibraryDocument
    from mingjing_web.reports.models import Report

    wanted: dict[str, Wanted] = {}
    reports = Report.objects.filter(meeting__organisation=organisation, latest__isnull=False)
    for r in reports.values("id", "latest_id", "meeting__year", "meeting__title", "author__display_name"):
        owner = f"report:{r['id']}"
        title = f"{r['author__display_name']} · {r['meeting__title']}"
        wanted[owner] = Wanted(
            owner, f"{owner}@{r['latest_id']}", "peer", title, r["meeting__year"], r["latest_id"]
        )
    for d in LibraryDocument.objects.filter(organisation=organisation).values("id", "kind", "title", "year"):
        owner = f"library:{d['id']}"
        kind = "template" if d["kind"] == DocumentKind.TEMPLATE else "past-report"
        wanted[owner] = Wanted(owner, f"{owner}@1", kind, d["title"], d["year"], d["id"])
    return wanted


def _text(item: Wanted) -> str:
    from mingjing_web.library.models import LibraryDocument
    from mingjing_web.reports.models import ReportVersion

    if item.owner.startswith("report:"):
        return str(ReportVersion.objects.values_list("text", flat=True).get(pk=item.row_id))
    return str(LibraryDocument.objects.values_list("text", flat=True).get(pk=item.row_id))


def _apply(corpus: Corpus, organisation: Organisation, wanted: dict[str, Wanted]) -> int:
    """Remove stale and duplicate documents, add missing ones; returns how many were changed."""
    from mingjing.reuse import CorpusDocument

    kept: set[str] = set()
    changes = 0
    for info in corpus.list():
        item = wanted.get(info.owner or "")
        if item is None or info.source != item.tag or info.owner in kept:
            corpus.remove(info.id)
            changes += 1
        else:
            kept.add(item.owner)
    for owner, item in wanted.items():
        if owner in kept:
            continue
        doc = CorpusDocument(
            _text(item),
            title=item.title,
            source=item.tag,
            kind=item.kind,
            owner=owner,
            year=item.year,
            unit=organisation.name,
        )
        corpus.add(doc)
        changes += 1
    return changes


@contextmanager
def _write_lock(organisation: Organisation) -> Iterator[None]:
    """One writer per organisation's corpus at a time, across threads and gunicorn workers.

    The index merges posting buckets read-modify-write, so two concurrent writers could lose each
    other's changes. PostgreSQL: a session advisory lock; SQLite: a lock file beside the corpus.
    """
    if connection.vendor == "postgresql":
        key = int(organisation.corpus_key[:15], 16)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    import fcntl

    folder = _sqlite_folder()
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{organisation.corpus_key}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _synced(corpus: Corpus, organisation: Organisation) -> int:
    wanted = _wanted(organisation)
    with _write_lock(organisation):
        return _apply(corpus, organisation, wanted)


def corpus_sync(*, organisation: Organisation) -> int:
    """Bring the organisation's corpus in line with the database; returns the number of changes."""
    with corpus_open(organisation) as corpus:
        return _synced(corpus, organisation)


def _excluded_ids(corpus: Corpus, meeting: Meeting) -> tuple[int, ...]:
    kinds = ([] if meeting.check_peers else ["peer"]) + (
        [] if meeting.check_templates else ["template", "past-report"]
    )
    return tuple(info.id for kind in kinds for info in corpus.list(kind=kind))


def _passage_json(passage: Any, owners: dict[int, str]) -> dict[str, Any]:
    data: dict[str, Any] = passage.to_json()
    data["source_key"] = owners.get(passage.source_id) if passage.source_id is not None else None
    return data


def reuse_fn(*, meeting: Meeting, author: Membership) -> ReuseFn:
    """The copy check for one member's report: against the unit's library and reports, never itself."""
    from mingjing.reuse import find_reuse
    from mingjing_web.reports.models import Report

    own = Report.objects.filter(meeting=meeting, author=author).values_list("id", flat=True).first()

    def check(report: Any) -> dict[str, Any]:
        organisation = meeting.organisation
        with corpus_open(organisation) as corpus:
            _synced(corpus, organisation)
            exclude_owner = f"report:{own}" if own is not None else None
            result = find_reuse(
                report, corpus, exclude_owner=exclude_owner, exclude_ids=_excluded_ids(corpus, meeting)
            )
            ids = [p.source_id for p in result.passages if p.source_id is not None]
            owners = {i: info.owner or "" for i, info in corpus.infos(ids).items()} if ids else {}
        data: dict[str, Any] = result.to_json()
        data["passages"] = [_passage_json(p, owners) for p in result.passages]
        return data

    return check


def report_indexed(*, version_id: int) -> None:
    """After a version is committed: refresh its organisation's corpus (best effort; the next check heals)."""
    from mingjing_web.reports.models import ReportVersion

    found = ReportVersion.objects.filter(pk=version_id).values_list(
        "report__meeting__organisation_id", flat=True
    )
    org_id = found.first()
    if org_id is not None:
        _refresh(org_id)


def library_indexed(*, document_id: int) -> None:
    from mingjing_web.library.models import LibraryDocument

    org_id = LibraryDocument.objects.filter(pk=document_id).values_list("organisation_id", flat=True).first()
    if org_id is not None:
        _refresh(org_id)


def library_removed(*, organisation_id: int, document_id: int) -> None:
    _refresh(organisation_id)


def _refresh(organisation_id: int) -> None:
    """Index now, or — in the server — in a background thread so the response is not kept waiting."""
    if getattr(settings, "MINGJING_BACKGROUND_INDEXING", False):
        threading.Thread(target=_in_background, args=(organisation_id,), daemon=True).start()
    else:
        _quietly(organisation_id)


def _in_background(organisation_id: int) -> None:
    try:
        _quietly(organisation_id)
    finally:
        connection.close()  # this thread's own database connection


def _quietly(organisation_id: int) -> None:
    import logging

    from mingjing_web.orgs.models import Organisation

    try:
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is not None:
            corpus_sync(organisation=organisation)
    except Exception:  # the corpus is derived data: a failure here must not fail the request
        logging.getLogger(__name__).exception("corpus sync failed for organisation %s", organisation_id)


def source_label(source_key: str | None, *, viewer: Membership, report: Report) -> dict[str, str | None]:
    """How a copy source is shown: colleagues' names and texts only to reviewers and admins."""
    from mingjing_web.library.models import LibraryDocument
    from mingjing_web.reports.models import Report as ReportModel

    kind, _, raw_id = (source_key or "").partition(":")
    if kind == "library" and raw_id.isdigit():
        doc = LibraryDocument.objects.filter(
            pk=int(raw_id), organisation_id=report.meeting.organisation_id
        ).first()
        if doc is not None:
            return {"source_label": doc.title, "source_kind": doc.get_kind_display(), "source_url": None}
    if kind == "report" and raw_id.isdigit():
        other = ReportModel.objects.select_related("meeting", "author").filter(pk=int(raw_id)).first()
        if other is not None and other.meeting.organisation_id == report.meeting.organisation_id:
            return _report_source(other, viewer=viewer, report=report)
    return {"source_label": "多份材料中的通用表述", "source_kind": "通用表述", "source_url": None}


def _report_source(other: Report, *, viewer: Membership, report: Report) -> dict[str, str | None]:
    from django.urls import reverse

    same_meeting = other.meeting_id == report.meeting_id
    same_author = other.author_id == report.author_id
    kind = "本人往年材料" if same_author else ("同事材料" if same_meeting else "往年材料")
    if viewer.can_oversee:
        url = reverse("report_detail", args=[other.pk])
        return {
            "source_label": f"{other.author.display_name} · {other.meeting.title}",
            "source_kind": kind,
            "source_url": url,
        }
    if same_author:
        return {
            "source_label": other.meeting.title,
            "source_kind": kind,
            "source_url": reverse("report_detail", args=[other.pk]),
        }
    # A member learns that the text matches a colleague's, never whose or what it says.
    return {
        "source_label": "本单位其他同志的材料",
        "source_kind": kind,
        "source_url": None,
        "hide_source_text": "1",
    }
