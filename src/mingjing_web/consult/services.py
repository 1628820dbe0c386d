"""Writing solicitations, opinions and talks.

How an opinion is stored so that the database cannot tell who gave it or when (issue 14.3):
- its row has a random id and no author, address, user agent or timestamp;
- the transaction that stores it writes nothing else: no audit row, no log line, no timestamp.
  The link's rate window is counted in a transaction before it, the day's count in one after it;
- that transaction rewrites *all* the meeting's opinions, deleted and inserted again in content-hash
  order. So every opinion row carries the same PostgreSQL ``xmin`` (the last store), and SQLite's
  hidden ``rowid`` and PostgreSQL's physical order follow the content hash, not the arrival order.
"""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mingjing_web.audit.services import audit_record
from mingjing_web.consult import classify
from mingjing_web.consult.models import (
    Opinion,
    OpinionSource,
    OverseenUnit,
    RateBucket,
    Solicitation,
    SolicitationDay,
    Talk,
    TalkRules,
)
from mingjing_web.consult.selectors import meeting_core_framework, meeting_team
from mingjing_web.errors import ServiceError
from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Membership, Role
from mingjing_web.revisions import revision_check, stale_message


class ConsultError(ServiceError):
    """Bad input for 征求意见 or 谈心谈话; the message is one Chinese sentence saying what to do."""


@lru_cache(maxsize=1)
def limits() -> dict[str, Any]:
    text = resources.files("mingjing_web.consult").joinpath("data/limits.toml").read_text("utf-8")
    return tomllib.loads(text)


def _today() -> dt.date:
    return timezone.localdate()


def _require_admin(actor: Membership, meeting: Meeting) -> None:
    if actor.organisation_id != meeting.organisation_id or actor.role != Role.ADMIN:
        raise ConsultError("只有本单位管理员可以进行此操作。")


def _require_meeting_open(
    meeting: Meeting, message: str = "会议已关闭或归档，不能再修改征求意见和谈心谈话记录。"
) -> None:
    if not getattr(meeting, "is_open", True):  # older meetings apps have no state: always open
        raise ConsultError(message)


def _audit_after(actor: Membership, meeting: Meeting, action: str, summary: str) -> None:
    """Audit in its own transaction, after the change committed (never in an opinion's transaction)."""

    def write() -> None:
        with transaction.atomic():
            audit_record(
                actor=actor, organisation=meeting.organisation, action=action, target=meeting, summary=summary
            )

    transaction.on_commit(write)


# -- solicitation ------------------------------------------------------------------------------------------


def solicitation_open(*, actor: Membership, meeting: Meeting) -> Solicitation:
    """Open a period (or return the one already open): the link accepts opinions until it is closed."""
    _require_admin(actor, meeting)
    _require_meeting_open(meeting, "会议已关闭或归档，不能再征求意见。")
    with transaction.atomic():
        current = Solicitation.objects.select_for_update().filter(meeting=meeting, is_open=True).first()
        if current is not None:
            return current
        solicitation = Solicitation.objects.create(meeting=meeting, opened_on=_today())
    _audit_after(actor, meeting, "consult.open", "开始征求意见")
    return solicitation


def solicitation_close(*, actor: Membership, meeting: Meeting) -> int:
    """Close every open period of the meeting; the link then only says that it has ended."""
    _require_admin(actor, meeting)
    with transaction.atomic():
        closed = Solicitation.objects.filter(meeting=meeting, is_open=True).update(
            is_open=False, closed_on=_today()
        )
    if closed:
        _audit_after(actor, meeting, "consult.close", "结束征求意见")
    return closed


# -- storing opinions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewOpinion:
    text: str
    subject: Membership | None
    source: str


def clean_text(text: str) -> str:
    """Trim and collapse blank lines; refuse what is too short or too long (one Chinese sentence)."""
    text = "\n".join(line.strip() for line in (text or "").strip().splitlines() if line.strip())
    config = limits()["opinion"]
    if len(classify.normalise(text)) < int(config["min_chars"]):
        raise ConsultError(f"意见太短，请至少写 {config['min_chars']} 个字，说清楚是什么问题。")
    if len(text) > int(config["max_chars"]):
        raise ConsultError(f"一条意见不能超过 {config['max_chars']} 字，请分成几条提交。")
    return text


def _subject_ok(meeting: Meeting, subject: Membership | None) -> None:
    if subject is not None and subject.pk not in {m.pk for m in meeting_team(meeting=meeting)}:
        raise ConsultError("所选成员不在本次会议的班子名单中，请重新选择。")


def _is_duplicate(existing: list[tuple[Opinion, frozenset[str]]], new: NewOpinion) -> bool:
    """Exact (normalised) or near-exact duplicate of an opinion about the same subject."""
    digest = classify.content_hash(new.text)
    grams = classify.bigrams(new.text)
    subject_id = new.subject.pk if new.subject is not None else None
    for opinion, their_grams in existing:
        if opinion.subject_id != subject_id:
            continue
        if opinion.norm_hash == digest:
            return True
        jaccard, _containment = classify.similarity(grams, their_grams)
        if jaccard >= 0.9:
            return True
    return False


def _lock_opinions(meeting: Meeting) -> None:
    """Serialise the writes to one meeting's opinions (a row lock on the meeting, not a write to it)."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True).first()


def _store(meeting: Meeting, new: Sequence[NewOpinion]) -> tuple[int, int]:
    """Add ``new`` to the meeting's opinions and rewrite them all in content-hash order.

    Returns (stored, duplicates skipped). Must be the only write of its transaction.
    """
    framework = meeting_core_framework(meeting=meeting)
    with transaction.atomic():
        _lock_opinions(meeting)
        existing = list(Opinion.objects.filter(meeting=meeting))
        known = [(opinion, classify.bigrams(opinion.text)) for opinion in existing]
        stored = skipped = 0
        for item in new:
            if _is_duplicate(known, item):
                skipped += 1
                continue
            found = classify.classify(item.text, framework)
            opinion = Opinion(
                meeting=meeting,
                subject=item.subject,
                source=item.source,
                text=item.text,
                norm_hash=classify.content_hash(item.text),
                aspect=found.aspect,
                confidence=found.confidence,
            )
            existing.append(opinion)
            known.append((opinion, classify.bigrams(item.text)))
            stored += 1
        if stored:
            Opinion.objects.filter(meeting=meeting).delete()
            existing.sort(key=lambda o: (o.norm_hash, o.pk))
            for opinion in existing:
                opinion._state.adding = True
            Opinion.objects.bulk_create(existing)
    return stored, skipped


def _rate_take(solicitation: Solicitation) -> None:
    """Count one submission in the link's current window (own transaction); refuse above the limit."""
    config = limits()["opinion"]
    window = int(config["bucket_minutes"]) * 60
    bucket = int(time.time()) // window
    with transaction.atomic():
        RateBucket.objects.filter(solicitation=solicitation).exclude(bucket=bucket).delete()
        try:
            with transaction.atomic():
                RateBucket.objects.get_or_create(solicitation=solicitation, bucket=bucket)
        except IntegrityError:  # a concurrent first submission created it
            pass
        RateBucket.objects.filter(solicitation=solicitation, bucket=bucket).update(count=F("count") + 1)
        count = RateBucket.objects.filter(solicitation=solicitation, bucket=bucket).values_list(
            "count", flat=True
        )
        today = SolicitationDay.objects.filter(solicitation=solicitation, day=_today()).values_list(
            "count", flat=True
        )
        over_window = (count.first() or 0) > int(config["per_bucket"])
        over_day = (today.first() or 0) >= int(config["per_day"])
    if over_window or over_day:
        raise ConsultError("这个链接刚刚收到的意见太多，请过几分钟再提交。")


def _count_day(solicitation: Solicitation, stored: int) -> None:
    """The day's count, in its own transaction after the opinion's."""
    if not stored:
        return
    with transaction.atomic():
        day, _created = SolicitationDay.objects.get_or_create(solicitation=solicitation, day=_today())
        SolicitationDay.objects.filter(pk=day.pk).update(count=F("count") + stored)


def opinion_give(*, token: str, subject_id: int | None, text: str) -> bool:
    """An anonymous opinion through the link. Returns False when it duplicates one already given.

    Nothing about the giver reaches this function: the view passes only the link, the subject and the text.
    """
    from mingjing_web.consult.selectors import solicitation_by_token

    solicitation = solicitation_by_token(token=token)
    if solicitation is None:
        raise ConsultError("链接无效，请向组织者索取正确的征求意见链接。")
    if not solicitation.is_open:
        raise ConsultError("本次征求意见已经结束，感谢关注。")
    meeting = solicitation.meeting
    _require_meeting_open(meeting, "本次征求意见已经结束，感谢关注。")
    subject = None
    if subject_id is not None:
        subject = next((m for m in meeting_team(meeting=meeting) if m.pk == subject_id), None)
        if subject is None:
            raise ConsultError("所选成员不在本次会议的班子名单中，请重新选择。")
    cleaned = clean_text(text)
    _rate_take(solicitation)
    stored, _skipped = _store(meeting, [NewOpinion(cleaned, subject, OpinionSource.LINK)])
    _count_day(solicitation, stored)
    return bool(stored)


def opinion_import(
    *, actor: Membership, meeting: Meeting, items: Sequence[tuple[str, Membership | None]]
) -> tuple[int, int]:
    """Opinions from an imported list (texts with their subject). Returns (stored, duplicates skipped)."""
    if actor.organisation_id != meeting.organisation_id or actor.role not in (Role.ADMIN, Role.REVIEWER):
        raise ConsultError("只有本单位管理员或审核人可以导入意见。")
    _require_meeting_open(meeting)
    new = []
    for text, subject in items:
        _subject_ok(meeting, subject)
        try:
            new.append(NewOpinion(clean_text(text), subject, OpinionSource.IMPORT))
        except ConsultError:
            continue  # a heading or a blank cell in the list, not an opinion
    if not new:
        raise ConsultError("文件中没有找到意见，请每行（或每段）写一条意见后再导入。")
    stored, skipped = _store(meeting, new)
    if stored:
        _audit_after(actor, meeting, "consult.import", f"导入征求意见 {stored} 条")
    return stored, skipped


def opinion_set_aspect(
    *, actor: Membership, opinion: Opinion, aspect: str, revision: int | None = None
) -> Opinion:
    """The admin's correction of the classification (kept from then on).

    ``revision`` is the one the form showed: a correction made meanwhile by someone else is not
    overwritten (``StaleError``). Like every write to opinions it records nothing else: no audit row,
    no timestamp, no user (anonymity, see the module docstring).
    """
    meeting = opinion.meeting
    if actor.organisation_id != meeting.organisation_id or actor.role not in (Role.ADMIN, Role.REVIEWER):
        raise ConsultError("只有本单位管理员或审核人可以修改意见的归类。")
    framework = meeting_core_framework(meeting=meeting)
    if aspect and aspect not in framework.aspects:
        raise ConsultError("所选方面不属于本次会议的对照框架，请重新选择。")
    with transaction.atomic():
        # A store rewrites every opinion of the meeting from what it read: a correction must not slip in
        # between its read and its write.
        _lock_opinions(meeting)
        locked = Opinion.objects.select_for_update().filter(pk=opinion.pk)
        now = locked.values_list("revision", flat=True).first()
        if now is None:
            raise ConsultError("这条意见已被删除，请刷新页面。")
        revision_check(shown=revision, current=now, message=stale_message("这条意见的归类"))
        locked.update(aspect=aspect, confidence=1.0, aspect_confirmed=True, revision=now + 1)
    opinion.aspect, opinion.confidence, opinion.aspect_confirmed = aspect, 1.0, True
    opinion.revision = now + 1
    return opinion


def opinion_remove(*, actor: Membership, opinion: Opinion) -> None:
    meeting = opinion.meeting
    if actor.organisation_id != meeting.organisation_id or actor.role not in (Role.ADMIN, Role.REVIEWER):
        raise ConsultError("只有本单位管理员或审核人可以删除意见。")
    with transaction.atomic():
        Opinion.objects.filter(pk=opinion.pk).delete()
    _audit_after(actor, meeting, "consult.remove", "删除征求意见 1 条")


# -- talks -------------------------------------------------------------------------------------------------


def talk_rules_set(
    *,
    actor: Membership,
    meeting: Meeting,
    head_with_all: bool,
    members_pairwise: bool,
    members_with_unit_heads: bool,
    revision: int | None = None,
) -> TalkRules:
    """Save the meeting's talk rules; a form based on an older ``revision`` is refused (``StaleError``).

    A meeting without saved rules shows the defaults at revision 1; the first save stores them as 2, so a
    second form opened on the defaults is stale too.
    """
    _require_admin(actor, meeting)
    with transaction.atomic():
        TalkRules.objects.get_or_create(meeting=meeting)
        rules = TalkRules.objects.select_for_update().get(meeting=meeting)
        revision_check(shown=revision, current=rules.revision, message=stale_message("本次会议的谈话要求"))
        rules.head_with_all = head_with_all
        rules.members_pairwise = members_pairwise
        rules.members_with_unit_heads = members_with_unit_heads
        rules.revision += 1
        rules.save()
        audit_record(
            actor=actor,
            organisation=meeting.organisation,
            action="talk.rules",
            target=meeting,
            summary="修改谈心谈话要求",
        )
    return rules


def unit_add(
    *, actor: Membership, meeting: Meeting, member: Membership, unit_name: str, head_name: str
) -> OverseenUnit:
    _require_admin(actor, meeting)
    _subject_ok(meeting, member)
    unit_name, head_name = unit_name.strip(), head_name.strip()
    if not unit_name or not head_name:
        raise ConsultError("请填写分管单位名称和单位负责人姓名。")
    with transaction.atomic():
        unit = OverseenUnit.objects.create(
            meeting=meeting, member=member, unit_name=unit_name[:100], head_name=head_name[:50]
        )
        audit_record(
            actor=actor,
            organisation=meeting.organisation,
            action="talk.unit",
            target=meeting,
            summary=f"添加分管单位：{unit}",
        )
    return unit


def talk_record(
    *,
    actor: Membership,
    meeting: Meeting,
    member: Membership,
    partner: Membership | None,
    unit: OverseenUnit | None,
    held_on: dt.date,
    topics: str,
    opinions_raised: str = "",
) -> Talk:
    """Record one talk. Admins record any; a 班子成员 records the talks they took part in."""
    team = {m.pk for m in meeting_team(meeting=meeting)}
    if actor.organisation_id != meeting.organisation_id:
        raise ConsultError("只能为本单位的会议记录谈话。")
    _require_meeting_open(meeting)
    if actor.role != Role.ADMIN and actor.pk not in (member.pk, partner.pk if partner else None):
        raise ConsultError("只能记录本人参加的谈心谈话。")
    if member.pk not in team or (partner is not None and partner.pk not in team):
        raise ConsultError("谈话双方应是本次会议的班子成员（或分管单位负责人）。")
    if (partner is None) == (unit is None):
        raise ConsultError("请选择一名谈话对象。")
    if partner is not None and partner.pk == member.pk:
        raise ConsultError("谈话对象不能是本人。")
    if unit is not None and (unit.meeting_id != meeting.pk or unit.member_id != member.pk):
        raise ConsultError("只能与本人分管单位的负责人谈话，请重新选择。")
    if held_on > _today():
        raise ConsultError("谈话日期不能晚于今天。")
    if not topics.strip():
        raise ConsultError("请简要写明谈话内容。")
    with transaction.atomic():
        talk = Talk.objects.create(
            meeting=meeting,
            member=member,
            partner=partner,
            unit=unit,
            held_on=held_on,
            topics=topics.strip()[:2000],
            opinions_raised=opinions_raised.strip()[:2000],
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            organisation=meeting.organisation,
            action="talk.add",
            target=meeting,
            summary=f"记录谈心谈话：{member.display_name}—{talk.partner_label}",
        )
    return talk


def talk_remove(*, actor: Membership, talk: Talk) -> None:
    meeting = talk.meeting
    if actor.organisation_id != meeting.organisation_id:
        raise ConsultError("只能删除本单位的谈话记录。")
    if actor.role != Role.ADMIN and talk.recorded_by_id != actor.pk:
        raise ConsultError("只能删除本人录入的谈话记录。")
    with transaction.atomic():
        talk.delete()
        audit_record(
            actor=actor,
            organisation=meeting.organisation,
            action="talk.remove",
            target=meeting,
            summary="删除谈心谈话记录 1 条",
        )
