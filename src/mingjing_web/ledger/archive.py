"""One meeting as one archive: export everything about it, import it into another database.

The archive names no database ids: people are ``p1``, ``p2``… (sorted by name and account), reports by
their author, versions by number, criticisms ``c1``…, so exporting, importing into an empty database
and exporting again gives the same JSON. Opinions carry no giver (none is stored). Binary contents
(uploaded versions, evidence files) are base64 in the JSON, or separate files in the zip form.

What is exported: the organisation's name and profile, the framework version (with its content),
the member snapshot, opinions (both those typed in and those collected by link), 谈心谈话, every report
version with its parse, review and copy check, the review comments, the record (attendance, guests,
criticisms, remarks), the ledger with evidence and history, and the reports upward.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime

from mingjing_web.errors import ServiceError
from mingjing_web.ledger.models import (
    Attendance,
    Criticism,
    Evidence,
    Guest,
    ItemHistory,
    LedgerItem,
    MeetingRecord,
    UpwardReport,
)
from mingjing_web.meetings.models import Meeting, MeetingMember, Opinion
from mingjing_web.orgs.models import Membership, Organisation
from mingjing_web.reports.models import Report, ReportVersion, ReviewComment

FORMAT = "mingjing-meeting-archive"
VERSION = 1
Blob = Callable[[bytes, str], Any]

# -- export ----------------------------------------------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="seconds")
    return value.isoformat()


class _People:
    """Stable keys for every membership the archive mentions."""

    def __init__(self, memberships: list[Membership]) -> None:
        ordered = sorted(set(memberships), key=lambda m: (m.display_name, m.user.get_username()))
        self.keys = {m.pk: f"p{n}" for n, m in enumerate(ordered, 1)}
        self.rows = [
            {
                "key": self.keys[m.pk],
                "username": m.user.get_username(),
                "display_name": m.display_name,
                "position": m.position,
                "role": m.role,
                "team_role": m.team_role,
                "active": bool(m.user.is_active),
            }
            for m in ordered
        ]

    def __call__(self, membership_id: int | None) -> str | None:
        return self.keys.get(membership_id) if membership_id is not None else None


def _people_of(meeting: Meeting) -> list[Membership]:
    ids: set[int] = set(MeetingMember.objects.filter(meeting=meeting).values_list("membership_id", flat=True))
    ids |= set(Report.objects.filter(meeting=meeting).values_list("author_id", flat=True))
    ids |= set(ReportVersion.objects.filter(report__meeting=meeting).values_list("created_by_id", flat=True))
    ids |= set(ReviewComment.objects.filter(report__meeting=meeting).values_list("author_id", flat=True))
    ids |= set(
        Opinion.objects.filter(meeting=meeting).exclude(subject=None).values_list("subject_id", flat=True)
    )
    items = LedgerItem.objects.filter(meeting=meeting)
    ids |= set(items.values_list("owner_id", flat=True))
    ids |= {i for i in items.values_list("closed_by_id", flat=True) if i}
    ids |= set(Evidence.objects.filter(item__meeting=meeting).values_list("added_by_id", flat=True))
    ids |= {
        i for i in ItemHistory.objects.filter(item__meeting=meeting).values_list("actor_id", flat=True) if i
    }
    ids |= {i for i in UpwardReport.objects.filter(meeting=meeting).values_list("sent_by_id", flat=True) if i}
    for model in _consult_models():
        ids |= _consult_people(model, meeting)
    return list(Membership.objects.filter(pk__in=ids).select_related("user"))


def _consult_models() -> list[Any]:
    if not apps.is_installed("mingjing_web.consult"):
        return []
    return [apps.get_model("consult", "Opinion"), apps.get_model("consult", "Talk")]


def _consult_people(model: Any, meeting: Meeting) -> set[int]:
    found = model.objects.filter(meeting=meeting)
    if model.__name__ == "Opinion":
        return {i for i in found.values_list("subject_id", flat=True) if i}
    return {i for row in found.values_list("member_id", "partner_id", "unit__member_id") for i in row if i}


def _framework(meeting: Meeting) -> dict[str, Any] | None:
    version = meeting.framework_version
    if version is None:
        return {"legacy_id": meeting.framework_id} if meeting.framework_id else None
    fw = version.framework
    return {
        "key": fw.key,
        "name": fw.name,
        "year": fw.year,
        "kind": fw.kind,
        "number": version.number,
        "data": version.data,
    }


def _versions(report: Report, person: _People, blob: Blob) -> list[dict[str, Any]]:
    rows = []
    for v in report.versions.order_by("number"):
        rows.append(
            {
                "number": v.number,
                "source": v.source,
                "filename": v.filename,
                "data": blob(bytes(v.data), f"versions/{person(report.author_id)}-{v.number}-{v.filename}"),
                "text": v.text,
                "parse": v.parse_json,
                "review": v.review_json,
                "reuse": v.reuse_json,
                "verdict": v.verdict,
                "score": v.score,
                "copy_ratio": v.copy_ratio,
                "finding_count": v.finding_count,
                "family_counts": v.family_counts,
                "severity_counts": v.severity_counts,
                "aspect_stats": v.aspect_stats,
                "created_by": person(v.created_by_id),
                "created_at": _iso(v.created_at),
            }
        )
    return rows


def _reports(meeting: Meeting, person: _People, blob: Blob) -> list[dict[str, Any]]:
    reports = Report.objects.filter(meeting=meeting).select_related("latest")
    rows = []
    for report in sorted(reports, key=lambda r: person(r.author_id) or ""):
        rows.append(
            {
                "author": person(report.author_id),
                "status": report.status,
                "latest": report.latest.number if report.latest else None,
                "submitted_at": _iso(report.submitted_at),
                "decided_at": _iso(report.decided_at),
                "versions": _versions(report, person, blob),
                "comments": [
                    {
                        "version": c.version.number,
                        "author": person(c.author_id),
                        "kind": c.kind,
                        "text": c.text,
                        "created_at": _iso(c.created_at),
                    }
                    for c in report.comments.select_related("version").order_by("created_at", "id")
                ],
            }
        )
    return rows


def _consult(meeting: Meeting, person: _People) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not _consult_models():
        return [], []
    opinion_model, talk_model = _consult_models()
    opinions = [
        {
            "subject": person(o.subject_id),
            "source": o.source,
            "text": o.text,
            "aspect": o.aspect,
            "confidence": o.confidence,
            "aspect_confirmed": o.aspect_confirmed,
        }
        for o in sorted(
            opinion_model.objects.filter(meeting=meeting), key=lambda o: (o.aspect, o.text, o.source)
        )
    ]
    talks = [
        {
            "member": person(t.member_id),
            "partner": person(t.partner_id),
            "unit": [person(t.unit.member_id), t.unit.unit_name, t.unit.head_name] if t.unit_id else None,
            "held_on": _iso(t.held_on),
            "topics": t.topics,
            "opinions_raised": t.opinions_raised,
        }
        for t in talk_model.objects.filter(meeting=meeting)
        .select_related("unit")
        .order_by("held_on", "topics", "id")
    ]
    return opinions, talks


def _record(meeting: Meeting, person: _People) -> dict[str, Any]:
    record = MeetingRecord.objects.filter(meeting=meeting).first()
    seats = {s.pk: person(s.membership_id) for s in MeetingMember.objects.filter(meeting=meeting)}
    return {
        "held_at": _iso(record.held_at) if record else None,
        "place": record.place if record else "",
        "chair": record.chair if record else "",
        "recorder": record.recorder if record else "",
        "supervisor_remarks": record.supervisor_remarks if record else "",
        "closing_remarks": record.closing_remarks if record else "",
        "attendance": sorted(
            (
                {
                    "member": seats[a.seat_id],
                    "status": a.status,
                    "reason": a.reason,
                    "speaking_order": a.speaking_order,
                    "spoke_from": a.spoke_from.number if a.spoke_from else None,
                }
                for a in Attendance.objects.filter(meeting=meeting).select_related("spoke_from")
            ),
            key=lambda row: row["member"] or "",
        ),
        "guests": [
            {"role": g.role, "name": g.name, "unit": g.unit}
            for g in Guest.objects.filter(meeting=meeting).order_by("role", "id")
        ],
    }


def _ledger(
    meeting: Meeting, person: _People, blob: Blob, criticisms: dict[int, str], opinions: dict[int, int]
) -> list[dict[str, Any]]:
    rows = []
    items = LedgerItem.objects.filter(meeting=meeting).select_related("source_version__report").order_by("id")
    for n, item in enumerate(items, 1):
        version = item.source_version
        rows.append(
            {
                "owner": person(item.owner_id),
                "problem": item.problem,
                "measure": item.measure,
                "deadline": _iso(item.deadline),
                "status": item.status,
                "progress": item.progress,
                "draft": item.draft,
                "source": item.source,
                "source_version": (
                    {"author": person(version.report.author_id), "number": version.number}
                    if version
                    else None
                ),
                "spans": [item.problem_start, item.problem_end, item.measure_start, item.measure_end],
                "source_criticism": criticisms.get(item.source_criticism_id or 0),
                "source_opinion": opinions.get(item.source_opinion_id or 0),
                "carried_origin": item.carried_origin,
                "closed_by": person(item.closed_by_id),
                "closed_at": _iso(item.closed_at),
                "overdue_notified_on": _iso(item.overdue_notified_on),
                "evidence": [
                    {
                        "text": e.text,
                        "filename": e.filename,
                        "data": blob(bytes(e.data), f"evidence/{n}-{e.pk}-{e.filename}")
                        if e.filename
                        else None,
                        "added_by": person(e.added_by_id),
                        "added_at": _iso(e.added_at),
                    }
                    for e in item.evidence.order_by("added_at", "id")
                ],
                "history": [
                    {
                        "actor": person(h.actor_id),
                        "at": _iso(h.at),
                        "action": h.action,
                        "changes": h.changes,
                        "note": h.note,
                    }
                    for h in item.history.order_by("at", "id")
                ],
            }
        )
    return rows


def meeting_export(*, meeting: Meeting, blob: Blob | None = None) -> dict[str, Any]:
    """The whole meeting as one JSON-ready dict (``blob`` turns file bytes into what the JSON holds)."""
    blob = blob or (lambda data, _name: base64.b64encode(data).decode("ascii"))
    person = _People(_people_of(meeting))
    org = meeting.organisation
    seats = MeetingMember.objects.filter(meeting=meeting)
    opinion_rows = list(Opinion.objects.filter(meeting=meeting).order_by("category", "text", "id"))
    opinion_index = {o.pk: n for n, o in enumerate(opinion_rows)}
    criticism_rows = list(Criticism.objects.filter(meeting=meeting).order_by("id"))
    criticism_keys = {c.pk: f"c{n}" for n, c in enumerate(criticism_rows, 1)}
    seat_keys = {s.pk: person(s.membership_id) for s in seats}
    consult_opinions, talks = _consult(meeting, person)
    return {
        "format": FORMAT,
        "version": VERSION,
        "organisation": {"name": org.name, "level": org.level, "kind": org.kind, "region": org.region},
        "people": person.rows,
        "meeting": {
            "title": meeting.title,
            "kind": meeting.kind,
            "year": meeting.year,
            "state": meeting.state,
            "submit_by": _iso(meeting.submit_by),
            "held_on": _iso(meeting.held_on),
            "check_templates": meeting.check_templates,
            "check_peers": meeting.check_peers,
            "reported_on": _iso(meeting.reported_on),
            "rectified_on": _iso(meeting.rectified_on),
            "closed_at": _iso(meeting.closed_at),
            "framework": _framework(meeting),
        },
        "members": sorted(
            (
                {
                    "person": person(s.membership_id),
                    "display_name": s.display_name,
                    "position": s.position,
                    "team_role": s.team_role,
                }
                for s in seats
            ),
            key=lambda row: row["person"] or "",
        ),
        "opinions": [
            {"subject": person(o.subject_id), "category": o.category, "text": o.text} for o in opinion_rows
        ],
        "consult_opinions": consult_opinions,
        "talks": talks,
        "reports": _reports(meeting, person, blob),
        "record": _record(meeting, person),
        "criticisms": [
            {
                "key": criticism_keys[c.pk],
                "giver": seat_keys[c.giver_id],
                "receiver": seat_keys[c.receiver_id],
                "text": c.text,
                "flags": c.flags,
            }
            for c in criticism_rows
        ],
        "ledger": _ledger(meeting, person, blob, criticism_keys, opinion_index),
        "upward": [
            {
                "kind": u.kind,
                "due_on": _iso(u.due_on),
                "sent_on": _iso(u.sent_on),
                "sent_by": person(u.sent_by_id),
            }
            for u in UpwardReport.objects.filter(meeting=meeting).order_by("kind")
        ],
    }


def meeting_export_json(*, meeting: Meeting) -> str:
    return json.dumps(meeting_export(meeting=meeting), ensure_ascii=False, indent=1, sort_keys=True)


def meeting_export_zip(*, meeting: Meeting) -> bytes:
    """meeting.json plus every uploaded file as itself (easier to read than base64)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        names: set[str] = set()

        def blob(data: bytes, name: str) -> dict[str, str]:
            safe = name.replace("\\", "_").replace("..", "_")
            while safe in names:
                safe = "_" + safe
            names.add(safe)
            archive.writestr(safe, data)
            return {"file": safe}

        data = meeting_export(meeting=meeting, blob=blob)
        archive.writestr("meeting.json", json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
    return buffer.getvalue()


# -- import ----------------------------------------------------------------------------------------------------


def archive_read(payload: bytes) -> dict[str, Any]:
    """The archive's dict from JSON or zip bytes, file references resolved back into base64."""
    if payload[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(payload)) as archive:
                resolved: dict[str, Any] = _resolve(json.loads(archive.read("meeting.json")), archive)
                return resolved
        except (zipfile.BadZipFile, KeyError) as err:
            raise ServiceError("压缩包中没有 meeting.json，不是明镜导出的会议档案。") from err
    try:
        data = json.loads(payload.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ServiceError(
            "文件不是有效的 JSON，请选择 mingjing meeting export 导出的 .json 或 .zip 文件。"
        ) from err
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ServiceError(
            "这不是明镜导出的会议档案（缺少 format 标记），请用 mingjing meeting export 导出后再导入。"
        )
    if data.get("version") != VERSION:
        raise ServiceError(f"会议档案的版本为 {data.get('version')}，本程序只能读取版本 {VERSION}。")
    return data


def _resolve(node: Any, archive: zipfile.ZipFile) -> Any:
    if isinstance(node, dict):
        if set(node) == {"file"}:
            return base64.b64encode(archive.read(node["file"])).decode("ascii")
        return {k: _resolve(v, archive) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, archive) for v in node]
    return node


def _date(value: str | None) -> dt.date | None:
    return parse_date(value) if value else None


def _when(value: str | None) -> dt.datetime | None:
    return parse_datetime(value) if value else None


def _bytes(value: str | None) -> bytes:
    return base64.b64decode(value) if value else b""


def _organisation(data: dict[str, Any]) -> Organisation:
    found = Organisation.objects.filter(name=data["name"]).first()
    if found is not None:
        return found
    return Organisation.objects.create(
        name=data["name"],
        level=data.get("level") or "县",
        kind=data.get("kind") or "党组",
        region=data.get("region") or "",
    )


def _people(rows: list[dict[str, Any]], org: Organisation) -> dict[str, Membership]:
    users = get_user_model()
    found: dict[str, Membership] = {}
    for row in rows:
        user = users.objects.filter(username=row["username"]).first()
        if user is None:
            user = users.objects.create(username=row["username"], is_active=bool(row.get("active", True)))
            user.set_unusable_password()
            user.save()
        member = Membership.objects.filter(user=user, organisation=org).first()
        if member is None:
            team_role = row.get("team_role") or ""
            if team_role == "head" and Membership.objects.filter(organisation=org, team_role="head").exists():
                team_role = "member"  # the unit already has its 主要负责人
            member = Membership.objects.create(
                user=user,
                organisation=org,
                display_name=row["display_name"],
                position=row.get("position") or "",
                role=row.get("role") or "member",
                team_role=team_role,
            )
        found[row["key"]] = member
    return found


def _framework_version(data: dict[str, Any] | None, org: Organisation) -> tuple[Any, str]:
    if not data:
        return None, ""
    if "legacy_id" in data:
        return None, data["legacy_id"]
    from mingjing_web.frameworks.models import Framework, FrameworkVersion
    from mingjing_web.frameworks.services import framework_ensure_shipped

    framework_ensure_shipped()
    version = FrameworkVersion.objects.filter(framework__key=data["key"], number=data["number"]).first()
    if version is not None:
        return version, ""
    framework = Framework.objects.filter(key=data["key"]).first()
    if framework is None:
        framework = Framework.objects.create(
            key=data["key"], organisation=org, name=data["name"], year=data["year"], kind=data["kind"]
        )
    version = FrameworkVersion.objects.create(framework=framework, number=data["number"], data=data["data"])
    if framework.current_id is None:
        framework.current = version
        framework.save(update_fields=["current"])
    return version, ""


def _import_reports(
    rows: list[dict[str, Any]], meeting: Meeting, people: dict[str, Membership]
) -> dict[tuple[str, int], ReportVersion]:
    versions: dict[tuple[str, int], ReportVersion] = {}
    for row in rows:
        report = Report.objects.create(meeting=meeting, author=people[row["author"]], status=row["status"])
        for v in row["versions"]:
            version = ReportVersion.objects.create(
                report=report,
                number=v["number"],
                source=v["source"],
                filename=v["filename"],
                data=_bytes(v["data"]),
                text=v["text"],
                parse_json=v["parse"],
                review_json=v["review"],
                reuse_json=v["reuse"],
                verdict=v["verdict"],
                score=v["score"],
                copy_ratio=v["copy_ratio"],
                finding_count=v["finding_count"],
                family_counts=v["family_counts"],
                severity_counts=v["severity_counts"],
                aspect_stats=v["aspect_stats"],
                created_by=people[v["created_by"]],
            )
            ReportVersion.objects.filter(pk=version.pk).update(created_at=_when(v["created_at"]))
            versions[(row["author"], v["number"])] = version
        latest = versions.get((row["author"], row["latest"])) if row["latest"] else None
        Report.objects.filter(pk=report.pk).update(
            latest=latest, submitted_at=_when(row["submitted_at"]), decided_at=_when(row["decided_at"])
        )
        for c in row["comments"]:
            comment = ReviewComment.objects.create(
                report=report,
                version=versions[(row["author"], c["version"])],
                author=people[c["author"]],
                kind=c["kind"],
                text=c["text"],
            )
            ReviewComment.objects.filter(pk=comment.pk).update(created_at=_when(c["created_at"]))
    return versions


def _import_consult(data: dict[str, Any], meeting: Meeting, people: dict[str, Membership]) -> None:
    if not _consult_models():
        return
    opinion_model, talk_model = _consult_models()
    unit_model = apps.get_model("consult", "OverseenUnit")
    from mingjing_web.consult.classify import content_hash

    for o in data.get("consult_opinions") or []:
        opinion_model.objects.create(
            meeting=meeting,
            subject=people.get(o["subject"]) if o["subject"] else None,
            source=o["source"],
            text=o["text"],
            aspect=o["aspect"],
            confidence=o["confidence"],
            aspect_confirmed=o["aspect_confirmed"],
            norm_hash=content_hash(o["text"]),
        )
    for t in data.get("talks") or []:
        unit = None
        if t.get("unit"):
            member_key, unit_name, head_name = t["unit"]
            unit, _ = unit_model.objects.get_or_create(
                meeting=meeting,
                member=people[member_key],
                unit_name=unit_name,
                defaults={"head_name": head_name},
            )
        talk_model.objects.create(
            meeting=meeting,
            member=people[t["member"]],
            partner=people.get(t["partner"]) if t["partner"] else None,
            unit=unit,
            held_on=_date(t["held_on"]),
            topics=t["topics"],
            opinions_raised=t["opinions_raised"],
        )


def _import_record(
    data: dict[str, Any],
    meeting: Meeting,
    seats: dict[str, MeetingMember],
    versions: dict[tuple[str, int], ReportVersion],
) -> None:
    record = data["record"]
    MeetingRecord.objects.create(
        meeting=meeting,
        held_at=_when(record["held_at"]),
        place=record["place"],
        chair=record["chair"],
        recorder=record["recorder"],
        supervisor_remarks=record["supervisor_remarks"],
        closing_remarks=record["closing_remarks"],
    )
    for a in record["attendance"]:
        Attendance.objects.create(
            meeting=meeting,
            seat=seats[a["member"]],
            status=a["status"],
            reason=a["reason"],
            speaking_order=a["speaking_order"],
            spoke_from=versions.get((a["member"], a["spoke_from"])) if a["spoke_from"] else None,
        )
    for g in record["guests"]:
        Guest.objects.create(meeting=meeting, role=g["role"], name=g["name"], unit=g["unit"])


def _import_ledger(
    rows: list[dict[str, Any]],
    meeting: Meeting,
    people: dict[str, Membership],
    versions: dict[tuple[str, int], ReportVersion],
    criticisms: dict[str, Criticism],
    opinions: list[Opinion],
) -> None:
    for n, row in enumerate(rows, 1):
        source = row["source_version"]
        p_start, p_end, m_start, m_end = row["spans"]
        item = LedgerItem.objects.create(
            meeting=meeting,
            owner=people[row["owner"]],
            problem=row["problem"],
            measure=row["measure"],
            deadline=_date(row["deadline"]),
            status=row["status"],
            progress=row["progress"],
            draft=row["draft"],
            source=row["source"],
            source_version=versions.get((source["author"], source["number"])) if source else None,
            problem_start=p_start,
            problem_end=p_end,
            measure_start=m_start,
            measure_end=m_end,
            source_criticism=criticisms.get(row["source_criticism"] or ""),
            source_opinion=opinions[row["source_opinion"]] if row["source_opinion"] is not None else None,
            carried_origin=row["carried_origin"],
            source_key=f"import{n}",
            closed_by=people.get(row["closed_by"]) if row["closed_by"] else None,
            closed_at=_when(row["closed_at"]),
            overdue_notified_on=_date(row["overdue_notified_on"]),
        )
        for e in row["evidence"]:
            evidence = Evidence.objects.create(
                item=item,
                text=e["text"],
                filename=e["filename"],
                data=_bytes(e["data"]),
                added_by=people[e["added_by"]],
            )
            Evidence.objects.filter(pk=evidence.pk).update(added_at=_when(e["added_at"]))
        for h in row["history"]:
            history = ItemHistory.objects.create(
                item=item,
                actor=people.get(h["actor"]) if h["actor"] else None,
                action=h["action"],
                changes=h["changes"],
                note=h["note"],
            )
            ItemHistory.objects.filter(pk=history.pk).update(at=_when(h["at"]))


@transaction.atomic
def meeting_import(*, payload: bytes) -> Meeting:
    """Create the archived meeting (and its organisation and people, when missing) in this database."""
    from mingjing_web.ledger.signals import carry_over_suspended

    data = archive_read(payload)
    org = _organisation(data["organisation"])
    m = data["meeting"]
    if Meeting.objects.filter(organisation=org, title=m["title"], year=m["year"]).exists():
        raise ServiceError(f"“{org.name}”已有会议“{m['title']}”（{m['year']}年度），未重复导入。")
    people = _people(data["people"], org)
    version, legacy = _framework_version(m["framework"], org)
    with carry_over_suspended():  # the archive brings its own carried items
        meeting = Meeting.objects.create(
            organisation=org,
            title=m["title"],
            kind=m["kind"],
            year=m["year"],
            state=m["state"],
            framework_version=version,
            framework_id=legacy,
            submit_by=_date(m["submit_by"]),
            held_on=_date(m["held_on"]),
            check_templates=m["check_templates"],
            check_peers=m["check_peers"],
            reported_on=_date(m["reported_on"]),
            rectified_on=_date(m["rectified_on"]),
            closed_at=_when(m["closed_at"]),
        )
    seats = {
        row["person"]: MeetingMember.objects.create(
            meeting=meeting,
            membership=people[row["person"]],
            display_name=row["display_name"],
            position=row["position"],
            team_role=row["team_role"],
        )
        for row in data["members"]
    }
    opinions = [
        Opinion.objects.create(
            meeting=meeting,
            subject=people.get(o["subject"]) if o["subject"] else None,
            category=o["category"],
            text=o["text"],
        )
        for o in data["opinions"]
    ]
    _import_consult(data, meeting, people)
    versions = _import_reports(data["reports"], meeting, people)
    _import_record(data, meeting, seats, versions)
    criticisms = {
        c["key"]: Criticism.objects.create(
            meeting=meeting,
            giver=seats[c["giver"]],
            receiver=seats[c["receiver"]],
            text=c["text"],
            flags=c["flags"],
        )
        for c in data["criticisms"]
    }
    _import_ledger(data["ledger"], meeting, people, versions, criticisms, opinions)
    for u in data["upward"]:
        UpwardReport.objects.create(
            meeting=meeting,
            kind=u["kind"],
            due_on=_date(u["due_on"]),
            sent_on=_date(u["sent_on"]),
            sent_by=people.get(u["sent_by"]) if u["sent_by"] else None,
        )
    return meeting


def meeting_rows() -> list[dict[str, Any]]:
    """Every meeting of the database, for ``mingjing meeting list``."""
    found = Meeting.objects.select_related("organisation").order_by("organisation__name", "-year", "id")
    return [
        {
            "id": m.pk,
            "organisation": m.organisation.name,
            "title": m.title,
            "kind": m.kind,
            "year": m.year,
            "state": m.state,
            "held_on": _iso(m.held_on),
            "reports": m.reports.count(),
            "ledger_items": LedgerItem.objects.filter(meeting=m).count(),
        }
        for m in found
    ]
