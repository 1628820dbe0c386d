"""The copy index of each organisation, maintained as reports arrive (issue 12.2).

Each organisation has a *unit* corpus (``mingjing.reuse``): its library and its members' latest
report versions, which every copy check of the unit queries. An organisation with subordinate units
also has a *tree* corpus: the latest versions of every report in its subtree, which the upper level
scans for cross-unit clusters (the same 范文 in several units). Corpora are named by the never-reused
``corpus_key``: an SQLite file each, or a schema each on PostgreSQL (docs/reuse.md says why the core's
store is kept rather than Django tables).

Updates are incremental: saving a version replaces that report's document in its unit corpus and in
the tree corpus of every organisation above (and its own, when it has subordinates); removing a report
or a library document removes it. A check never rebuilds: it compares two counts and only when they
differ (a lost update, a deleted file) brings the unit corpus back in line with the database.
The write lock lives in the core (``Corpus.lock``), so the CLI and the web cannot interleave.
A change to a tree corpus marks that organisation's stored cross-unit clusters stale and queues their
(debounced) refresh job (``county.clusters``, docs/jobs.md).

Corpus documents carry ``owner`` = our key (``report:<id>`` or ``library:<id>``) and ``source`` =
that key plus the version it was built from.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from mingjing_web.threads import LazyPool, run_quietly

if TYPE_CHECKING:
    from mingjing.facade import Corpus, CorpusDocument
    from mingjing_web.analysis import ReuseFn
    from mingjing_web.meetings.models import Meeting
    from mingjing_web.orgs.models import Membership, Organisation
    from mingjing_web.reports.models import Report

Scope = Literal["unit", "tree"]
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


def _name(organisation: Organisation, scope: Scope) -> str:
    return organisation.corpus_key if scope == "unit" else f"{organisation.corpus_key}_tree"


def corpus_location(organisation: Organisation, scope: Scope = "unit") -> str:
    """Where an organisation's corpus lives: a PostgreSQL URL with its own schema, or an SQLite file."""
    base = _postgres_base()
    if base is not None:
        schema = f"mj_{_name(organisation, scope)}"
        _ensure_schema(base, schema)
        joiner = "&" if "?" in base else "?"
        return f"{base}{joiner}options=-csearch_path%3D{schema}"
    folder = _sqlite_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / f"{_name(organisation, scope)}.sqlite3")


def _ensure_schema(base: str, schema: str) -> None:
    with _LOCK:
        if schema in _SCHEMAS_MADE:
            return
        import psycopg

        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        _SCHEMAS_MADE.add(schema)


@contextmanager
def corpus_open(organisation: Organisation, scope: Scope = "unit") -> Iterator[Corpus]:
    from mingjing.facade import Corpus

    corpus = Corpus.open(corpus_location(organisation, scope))
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
    unit: str = ""


_REPORT_FIELDS = (
    "id",
    "latest_id",
    "meeting__year",
    "meeting__title",
    "author__display_name",
    "meeting__organisation__name",
)


def _report_wanted(r: dict[str, Any]) -> Wanted:
    owner = f"report:{r['id']}"
    title = f"{r['author__display_name']} · {r['meeting__title']}"
    return Wanted(
        owner,
        f"{owner}@{r['latest_id']}",
        "peer",
        title,
        r["meeting__year"],
        r["latest_id"],
        r["meeting__organisation__name"],
    )


def _wanted(organisation: Organisation, scope: Scope = "unit") -> dict[str, Wanted]:
    from mingjing_web.library.models import DocumentKind, LibraryDocument
    from mingjing_web.reports.models import Report

    org_ids = [organisation.pk] if scope == "unit" else _subtree_ids(organisation)
    wanted: dict[str, Wanted] = {}
    reports = Report.objects.filter(meeting__organisation_id__in=org_ids, latest__isnull=False)
    for r in reports.values(*_REPORT_FIELDS):
        item = _report_wanted(r)
        wanted[item.owner] = item
    if scope == "tree":
        return wanted
    for d in LibraryDocument.objects.filter(organisation=organisation).values("id", "kind", "title", "year"):
        owner = f"library:{d['id']}"
        kind = "template" if d["kind"] == DocumentKind.TEMPLATE else "past-report"
        wanted[owner] = Wanted(owner, f"{owner}@1", kind, d["title"], d["year"], d["id"], organisation.name)
    return wanted


def _expected_count(organisation: Organisation) -> int:
    from mingjing_web.library.models import LibraryDocument
    from mingjing_web.reports.models import Report

    reports = Report.objects.filter(meeting__organisation=organisation, latest__isnull=False).count()
    return reports + LibraryDocument.objects.filter(organisation=organisation).count()


def _subtree_ids(organisation: Organisation) -> list[int]:
    """The organisation and every organisation below it (breadth first, one query per level)."""
    from mingjing_web.orgs.models import Organisation as Org

    found = [organisation.pk]
    level = [organisation.pk]
    while level:
        level = list(Org.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        level = [pk for pk in level if pk not in found]  # a cycle must not loop forever
        found.extend(level)
    return found


def _tree_owners(organisation: Organisation) -> list[Organisation]:
    """Organisations whose tree corpus holds this organisation's reports: itself when it has
    subordinates, and every organisation above it."""
    from mingjing_web.orgs.models import Organisation as Org

    out: list[Organisation] = []
    if Org.objects.filter(parent=organisation).exists():
        out.append(organisation)
    seen = {organisation.pk}
    current = organisation.parent
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        out.append(current)
        current = current.parent
    return out


def _text(item: Wanted) -> str:
    from mingjing_web.library.models import LibraryDocument
    from mingjing_web.reports.models import ReportVersion

    if item.owner.startswith("report:"):
        return str(ReportVersion.objects.values_list("text", flat=True).get(pk=item.row_id))
    return str(LibraryDocument.objects.values_list("text", flat=True).get(pk=item.row_id))


def _document(item: Wanted, text: str | None = None) -> CorpusDocument:
    from mingjing.facade import CorpusDocument

    return CorpusDocument(
        text if text is not None else _text(item),
        title=item.title,
        source=item.tag,
        kind=item.kind,
        owner=item.owner,
        year=item.year,
        unit=item.unit,
    )


def _apply(corpus: Corpus, wanted: dict[str, Wanted]) -> int:
    """Remove stale and duplicate documents, add missing ones; returns how many were changed."""
    changes = 0
    with corpus.lock():
        kept: set[str] = set()
        for info in corpus.list():
            item = wanted.get(info.owner or "")
            if item is None or info.source != item.tag or info.owner in kept:
                corpus.remove(info.id)
                changes += 1
            else:
                kept.add(item.owner)
        for owner, item in wanted.items():
            if owner not in kept:
                corpus.add(_document(item))
                changes += 1
    return changes


def corpus_sync(*, organisation: Organisation, scope: Scope = "unit") -> int:
    """Bring one corpus fully in line with the database (repair, or a tree's first build); returns
    the number of changes. Checks never call this unless the counts disagree."""
    with corpus_open(organisation, scope) as corpus:
        return _apply(corpus, _wanted(organisation, scope))


def _excluded_ids(corpus: Corpus, meeting: Meeting) -> tuple[int, ...]:
    kinds = ([] if meeting.check_peers else ["peer"]) + (
        [] if meeting.check_templates else ["template", "past-report"]
    )
    return tuple(info.id for kind in kinds for info in corpus.list(kind=kind))


def _passage_json(passage: Any, owners: dict[int, str]) -> dict[str, Any]:
    data: dict[str, Any] = passage.to_json()
    data["source_key"] = owners.get(passage.source_id) if passage.source_id is not None else None
    return data


def _heal_if_drifted(corpus: Corpus, organisation: Organisation) -> None:
    """Two counts; a full repair only when they differ (a lost update or a deleted corpus file)."""
    if corpus.count() != _expected_count(organisation):
        _apply(corpus, _wanted(organisation))


def reuse_fn(*, meeting: Meeting, author: Membership) -> ReuseFn:
    """The copy check for one member's report: against the unit's library and reports, never itself.

    It queries the unit corpus as it stands: no rebuild, no write unless the corpus has drifted."""
    from mingjing.facade import find_reuse
    from mingjing_web.reports.models import Report

    own = Report.objects.filter(meeting=meeting, author=author).values_list("id", flat=True).first()
    # The member's own reports of earlier meetings are theirs, not copied from a colleague or a 范文 (what
    # became of last year's promises is checked by measure.carried-unreported).
    earlier = {
        f"report:{pk}"
        for pk in Report.objects.filter(author=author).exclude(meeting=meeting).values_list("id", flat=True)
    }

    def check(report: Any) -> dict[str, Any]:
        organisation = meeting.organisation
        with corpus_open(organisation) as corpus:
            _heal_if_drifted(corpus, organisation)
            exclude_owner = f"report:{own}" if own is not None else None
            excluded = _excluded_ids(corpus, meeting)
            if earlier:
                excluded += tuple(i.id for owner in sorted(earlier) for i in corpus.list(owner=owner))
            result = find_reuse(report, corpus, exclude_owner=exclude_owner, exclude_ids=excluded)
            ids = [p.source_id for p in result.passages if p.source_id is not None]
            owners = {i: info.owner or "" for i, info in corpus.infos(ids).items()} if ids else {}
        data: dict[str, Any] = result.to_json()
        data["passages"] = [_passage_json(p, owners) for p in result.passages]
        return data

    return check


# -- incremental maintenance -----------------------------------------------------------------------


def report_indexed(*, version_id: int) -> None:
    """After a version is committed: it replaces its report's document in every corpus that holds it."""
    _later(_index_version, version_id)


def _index_version(version_id: int) -> None:
    from mingjing_web.orgs.models import Organisation
    from mingjing_web.reports.models import Report

    row = (
        Report.objects.filter(latest_id=version_id)
        .values(*_REPORT_FIELDS, "meeting__organisation_id")
        .first()
    )
    if row is None:  # superseded by a newer version already: that one's indexing will run
        return
    item = _report_wanted(row)
    doc = _document(item)
    organisation = Organisation.objects.select_related("parent").get(pk=row["meeting__organisation_id"])
    targets: list[tuple[Organisation, Scope]] = [(organisation, "unit")]
    targets += [(o, "tree") for o in _tree_owners(organisation)]
    for target, scope in targets:
        with corpus_open(target, scope) as corpus, corpus.lock():
            # Checked again under the lock: a newer version indexed meanwhile must not be overwritten.
            if not Report.objects.filter(latest_id=version_id).exists():
                return
            corpus.replace(doc)
    _trees_changed([o for o, scope in targets if scope == "tree"])


def report_removed(*, report_id: int, organisation_id: int) -> None:
    """After a report is deleted: remove it from its unit's and the upper levels' corpora."""
    _later(_remove_owner, f"report:{report_id}", organisation_id, True)


def library_indexed(*, document_id: int) -> None:
    _later(_index_library, document_id)


def _index_library(document_id: int) -> None:
    from mingjing_web.library.models import LibraryDocument

    doc = LibraryDocument.objects.select_related("organisation").filter(pk=document_id).first()
    if doc is None:
        return
    organisation = doc.organisation
    item = _wanted_library(doc)
    with corpus_open(organisation) as corpus:
        corpus.replace(_document(item, doc.text))


def _wanted_library(doc: Any) -> Wanted:
    from mingjing_web.library.models import DocumentKind

    owner = f"library:{doc.pk}"
    kind = "template" if doc.kind == DocumentKind.TEMPLATE else "past-report"
    return Wanted(owner, f"{owner}@1", kind, doc.title, doc.year, doc.pk, doc.organisation.name)


def library_removed(*, organisation_id: int, document_id: int) -> None:
    _later(_remove_owner, f"library:{document_id}", organisation_id, False)


def _remove_owner(owner: str, organisation_id: int, with_trees: bool) -> None:
    from mingjing_web.orgs.models import Organisation

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return
    targets: list[tuple[Organisation, Scope]] = [(organisation, "unit")]
    if with_trees:
        targets += [(o, "tree") for o in _tree_owners(organisation)]
    for target, scope in targets:
        with corpus_open(target, scope) as corpus:
            corpus.remove_owner(owner)
    _trees_changed([o for o, scope in targets if scope == "tree"])


def _trees_changed(organisations: list[Organisation]) -> None:
    """Each tree corpus changed: its stored cross-unit clusters are stale, a (debounced) refresh queued."""
    if not organisations:
        return
    from mingjing_web.county.clusters import clusters_mark_stale

    for organisation in organisations:
        clusters_mark_stale(organisation=organisation)


def _later(fn: Any, *args: Any) -> None:
    """Index now, or — in the server — in a background thread so the response is not kept waiting.
    A failure is logged, never raised: the corpus is derived data and the next check heals it."""
    if getattr(settings, "MINGJING_BACKGROUND_INDEXING", False):
        _indexer.submit_quietly(fn, *args, what="copy index update")
    else:
        run_quietly(fn, *args, what="copy index update")


# One indexing thread per process, fed in order: a burst of uploads queues up instead of opening one
# database connection per upload (a PostgreSQL soak ran out of connections that way).
_indexer = LazyPool("mingjing-index", 1)


def _on_report_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.db import transaction

    org_id = getattr(instance, "_corpus_org_id", None)
    if org_id is None:
        from mingjing_web.meetings.models import Meeting

        org_id = (
            Meeting.objects.filter(pk=instance.meeting_id).values_list("organisation_id", flat=True).first()
        )
    if org_id is not None:
        report_id = instance.pk
        transaction.on_commit(lambda: report_removed(report_id=report_id, organisation_id=org_id))


def connect_signals() -> None:
    """Keep the index in step when reports disappear (e.g. a meeting deleted with its reports)."""
    from django.db.models.signals import pre_delete

    from mingjing_web.reports.models import Report

    pre_delete.connect(_on_report_deleted, sender=Report, dispatch_uid="mingjing-corpus-report-deleted")


@dataclass(frozen=True)
class ClusterMember:
    report_id: int
    organisation_id: int
    unit: str
    author: str
    meeting: str


@dataclass(frozen=True)
class CrossUnitCluster:
    """Reports of at least two units tied by long shared passages (one 范文, one hand)."""

    members: tuple[ClusterMember, ...]
    longest: int  # the longest shared stretch in characters

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(sorted({m.unit for m in self.members}))


def tree_index_state(*, organisation: Organisation) -> str:
    """A cheap digest of what the tree corpus should hold: count, sum and maximum of the subtree's
    latest version ids (version ids only grow, so a new version, a removal or a unit attached to or
    detached from the tree changes it). One aggregate query after the subtree walk."""
    from django.db.models import Count, Max, Sum

    from mingjing_web.reports.models import Report

    found = Report.objects.filter(
        meeting__organisation_id__in=_subtree_ids(organisation), latest__isnull=False
    ).aggregate(n=Count("id"), total=Sum("latest_id"), top=Max("latest_id"))
    return f"{found['n']}:{found['total'] or 0}:{found['top'] or 0}"


def cross_unit_clusters(*, organisation: Organisation, min_passage: int = 50) -> list[CrossUnitCluster]:
    """Clusters across the subordinate units of ``organisation``, read from its tree corpus.

    Candidate pairs come from one scan of the index (documents of different units sharing uncommon
    fingerprints); only those are aligned. The tree corpus is built on first use and repaired when
    its count differs from the subtree's reports (a unit attached to the tree after its reports)."""
    from mingjing.facade import candidate_pairs, clusters, verified_pairs
    from mingjing_web.reports.models import Report

    with corpus_open(organisation, "tree") as corpus:
        wanted = _wanted(organisation, "tree")
        if corpus.count() != len(wanted):  # first use, or units attached after their reports
            _apply(corpus, wanted)
        infos = corpus.list(kind="peer")
        report_of = {
            i.id: int((i.owner or "").split(":", 1)[1])
            for i in infos
            if (i.owner or "").startswith("report:")
        }
        rows = Report.objects.filter(pk__in=set(report_of.values())).values(
            "id",
            "meeting__organisation_id",
            "meeting__organisation__name",
            "author__display_name",
            "meeting__title",
        )
        by_report = {r["id"]: r for r in rows}
        groups = {d: by_report[r]["meeting__organisation_id"] for d, r in report_of.items() if r in by_report}
        pairs = verified_pairs(corpus, candidate_pairs(corpus, groups), min_passage=min_passage)
    longest: dict[int, int] = {}
    for p in pairs:
        for d in (p.a, p.b):
            longest[d] = max(longest.get(d, 0), p.longest)
    out: list[CrossUnitCluster] = []
    for group in clusters(pairs):
        members = tuple(
            ClusterMember(
                r["id"],
                r["meeting__organisation_id"],
                r["meeting__organisation__name"],
                r["author__display_name"],
                r["meeting__title"],
            )
            for r in (by_report[report_of[d]] for d in group)
        )
        out.append(CrossUnitCluster(members, max(longest[d] for d in group)))
    return out


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
