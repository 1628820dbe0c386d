"""Self-criticism (自我批评): the report examines the writer, not others, and does not praise the writer.

Two ways a report dodges self-criticism while looking like one:

* it criticises others instead: a personal report whose problem says "有的同志宗旨意识淡薄" "部分社区缺乏主动性"
  "某副局长推诿扯皮" and never says what the writer failed to do; a team report (领导班子) that blames its
  subordinate units ("部分下属单位落实不力") without a word on the 班子's own part. An item counts as blaming
  others when a clause has another person or unit as its subject and no clause of the item has the writer
  (我/本人/自己/作为…; for a team report 班子/党委/我们) owning a shortfall. Others' opinions of the writer
  ("个别同志反映我……") are self-criticism and do not count;
* it praises or exonerates the writer in the problems part: "总体上是不错的", "如果说有差距", "既没有权力腐败",
  "工作太投入、要求太严", "对家庭照顾不够" (以优代劣).

Word lists are data (``checks/data/self.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.checks.view import ReportView
from mingjing.model import ParsedReport, Part, Severity, Span

_CLAUSE_RE = re.compile(r"[^，,。；;！？!?：:\n]+")
# connectives a clause may open with before its subject
_LEAD_RE = re.compile(
    r"^(?:但是?|而且?|其中|同时|另外|此外|比如|例如|如|尤其是|特别是|甚至|还有|并且)?"
    # "……主要是部分派出所负责人思想认识不到位" "这些都是下属单位负责人监管不力": the subject follows
    r"(?:主要是|这些都是|这都是|都是)?"
)
_NUMBER_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十]+[，、]?)"
)
_ADVERBIAL_RE = re.compile(r"^(?:但是?|同时|而)?在[^，,。；]{1,30}(?:上|中|方面|过程中|时)$")
# a team speaks of itself as 班子/党委/党组/我们 (a branch committee also as 支部/支委)
_TEAM_SELF = ("班子", "党委", "党组", "我们", "领导班子")
_BRANCH_SELF = ("支部", "支委")
# subordinates a team report may blame instead of itself
_TEAM_OTHERS = (
    "下属单位",
    "基层单位",
    "所属单位",
    "二级单位",
    "单位",
    "科室",
    "股室",
    "部门",
    "村",
    "社区",
    "站所",
    "支部书记",
    "科室主任",
    "主任",
    "负责人",
    "干部",
    "职工",
    "医务人员",
    "教师",
)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_data("self")


@lru_cache(maxsize=1)
def _team_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _data()["team_report"])) + r"|领导班子(?!成员)(?=.{0,12}对照)")


def _header(report: ParsedReport, view: ReportView) -> str:
    return " ".join(view.mtext[s.start : s.end] for s in report.header) or view.mtext[:80]


def is_team_report(report: ParsedReport, view: ReportView) -> bool:
    """Whether ``report`` is a 领导班子 (or 支部委员会) report, by its title lines."""
    return _team_re().search(_header(report, view)) is not None


@lru_cache(maxsize=2)
def _others_re(team: bool) -> re.Pattern[str]:
    data = _data()
    quantifiers = "|".join(map(re.escape, data["quantifiers"]))
    others = _TEAM_OTHERS if team else tuple(data["others"])
    other = "|".join(map(re.escape, sorted(others, key=len, reverse=True)))
    # where the others are: "班子成员中，有的同志" "下属执法中队个别队员" "社区其他委员有的"
    # the collective the others belong to: "镇政府班子个别同志" "局机关个别干部" (a personal report only:
    # for a team report its 班子 is the writer)
    # the writer's own organisation named bare, as the place of the others: "园区部分部门负责人" "医院个别医生"
    collective = (
        ""
        if team
        else "|[\u4e00-\u9fff]{0,4}?(?:班子|机关)(?:成员)?|(?:园区|医院|学校|学院|公司|集团|局里|院里|全局|全院)"
    )
    where = (
        r"(?:[\u4e00-\u9fff]{0,8}(?:中|里|当中)，?)?"
        r"(?:(?:下属|所属|分管的?)[\u4e00-\u9fff]{1,6}?|[\u4e00-\u9fff]{0,6}其他[\u4e00-\u9fff]{0,4}?"
        f"{collective})?"
    )
    # "对机关个别干部……批评不够" is the writer acting on others: a preposition never opens a subject
    where = f"(?!对|把|向|给|让|使|帮|为|与|跟|针对){where}"
    subject = f"^{where}(?:{quantifiers})[\u4e00-\u9fff]{{0,4}}?(?:{other})"
    # "社区其他委员有的……": the people first, then which of them
    after = f"^[\u4e00-\u9fff]{{0,8}}?(?:{other})中?(?:{quantifiers})"
    # "局属不动产登记中心窗口……" "下属单位党支部书记……": a subordinate unit named as the subject, no quantifier
    subordinate = f"^{data['subordinate_re']}"
    if team:
        return re.compile(f"{subject}|{after}|{subordinate}")
    return re.compile(f"{subject}|{after}|{subordinate}|^{where}{data['named_others_re']}")


def _units(part: Part | None) -> Iterator[Span]:
    """The problem items of a part, or its aspect bodies when the parser found no items there."""
    if part is None:
        return
    for aspect in part.aspects:
        if aspect.items:
            yield from (Span(i.start, i.end) for i in aspect.items)
        else:
            start = aspect.heading.end if aspect.heading else aspect.start
            yield Span(start, aspect.end)
    yield from (Span(i.start, i.end) for i in part.items)


def _writer_present(view: ReportView, unit: Span, team: bool, branch: bool) -> bool:
    """Whether the writer (the 班子 for a team report) appears in ``unit`` other than as a bystander."""
    text = view.mtext[unit.start : unit.end]
    for phrase in _data()["not_self"]:
        text = text.replace(phrase, "　" * len(phrase))
    return _self_re(team, branch).search(text) is not None


@lru_cache(maxsize=4)
def _self_re(team: bool, branch: bool) -> re.Pattern[str]:
    if team:
        return re.compile("|".join(_TEAM_SELF + (_BRANCH_SELF if branch else ())))
    return re.compile(r"我(?![们国省市县区镇乡村党局委校院厅部]|单位|公司|中心)|本人|自己|作为")


@dataclass(frozen=True)
class _Sentence:
    span: Span
    clauses: tuple[Span, ...]  # clauses whose subject is another person or unit
    head: bool  # the sentence itself opens with one
    deflects: bool  # "……也影响了我的工作": the others' failing is the writer's excuse


def _sentences(view: ReportView, unit: Span, team: bool) -> list[_Sentence]:
    data = _data()
    found = []
    for sentence in view.sentences(unit.start, unit.end):
        text = view.mtext[sentence.start : sentence.end]
        clauses = []
        opens = False
        pending = ""  # "街道班子成员中，" names where the subject of the next clause is
        adverbial = False  # "但在落实……部署上，" only sets the scene: the next clause opens the sentence
        for index, match in enumerate(_CLAUSE_RE.finditer(text)):
            raw = match.group()
            stripped = _LEAD_RE.sub("", _NUMBER_RE.sub("", raw.strip()))
            head = pending + stripped
            if _others_re(team).search(head) and not any(w in head for w in data["reported_speech"]):
                # the finding starts at the subject, after blanks, "二是" and "另外"
                start = sentence.start + match.start() + (len(raw) - len(raw.lstrip()))
                start += len(raw.strip()) - len(stripped)
                clauses.append(Span(start, sentence.start + match.end()))
                opens = opens or index == 0 or (index == 1 and (bool(pending) or adverbial))
            pending = stripped if index == 0 and re.search(r"(?:中|里|当中)$", stripped) else ""
            adverbial = index == 0 and _ADVERBIAL_RE.match(_NUMBER_RE.sub("", raw.strip())) is not None
        # "……，我多次在会上强调，但效果不明显": the writer did right, the others failed
        deflects = any(phrase in text for phrase in (*data["deflection"], *data["did_my_part"]))
        found.append(_Sentence(sentence, tuple(clauses), opens, deflects))
    return found


# a sentence that opens a new point inside an item: "二是……" "另外，……"
_ENUMERATED_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|第[一二三四五六七八九十]+[，、])"
)
_NEW_TOPIC_RE = re.compile(r"^\s*(?:另外|此外|还有|再者)[，,]?")
# a lead sentence whose points follow ("主要表现在：……"): its owner owns the points
_LEAD_IN_RE = re.compile(r"[：:]\s*$|表现(?:在|为)|体现在")


def _segments(view: ReportView, unit: Span) -> list[tuple[Span, bool]]:
    """``unit`` cut where a new point begins ("一是……二是……", "另外，……"), each with whether it may
    borrow the writer from the unit's lead-in (the points of "我对班子成员要求不严，主要表现在：" are the
    writer's). One point's "我" does not cover the next point's "班子个别同志……"."""
    cuts: list[tuple[int, bool]] = []
    for index, sentence in enumerate(view.sentences(unit.start, unit.end)):
        text = view.mtext[sentence.start : sentence.end]
        if index and _ENUMERATED_RE.match(text):
            cuts.append((sentence.start, True))
        elif index and _NEW_TOPIC_RE.match(text):
            cuts.append((sentence.start, False))
    if not cuts:
        return [(unit, False)]
    lead = Span(unit.start, cuts[0][0])
    lead_in = _LEAD_IN_RE.search(view.mtext[lead.start : lead.end]) is not None
    bounds = [unit.start, *(c[0] for c in cuts), unit.end]
    borrow = [False, *(enumerated and lead_in for _, enumerated in cuts)]
    return [(Span(bounds[i], bounds[i + 1]), borrow[i]) for i in range(len(bounds) - 1)]


def _blamed(ctx: RuleContext, unit: Span, team: bool, branch: bool) -> list[Span]:
    """The clauses of ``unit`` that blame others instead of the writer (module docstring): one span per
    point, from its first blaming clause to its last (a point that blames three people is one finding)."""
    view = ctx.view
    segments = _segments(view, unit)
    lead = segments[0][0]
    lead_owned = _writer_present(view, lead, team, branch)
    found: list[Span] = []
    for segment, borrows in segments:
        owned = (
            _writer_present(view, segment, team, branch)
            or (borrows and lead_owned)
            or _owns_supervision(view, segment, team)
        )
        spans = _blamed_in(view, segment, team, owned)
        if spans:
            found.append(Span(spans[0].start, spans[-1].end))
    return found


def _owns_supervision(view: ReportView, unit: Span, team: bool) -> bool:
    """ "对局属单位监管不到位。局属单位财务管理不规范……": the writer's failing to supervise, said without a
    subject as reports often do, owns the others' failings that illustrate it."""
    pattern = _supervision_re()
    for sentence in view.sentences(unit.start, unit.end):
        # only a sentence that opens with it: after "一些科室负责人认为……，" the same words are theirs
        clause = _clauses_of(view.mtext[sentence.start : sentence.end])[0]
        head = _LEAD_RE.sub("", _NUMBER_RE.sub("", clause))
        if pattern.search(head) and not _others_re(team).search(head):
            return True
    return False


@lru_cache(maxsize=1)
def _supervision_re() -> re.Pattern[str]:
    return re.compile(_data()["supervision_re"])


def _blamed_in(view: ReportView, unit: Span, team: bool, owned: bool) -> list[Span]:
    sentences = _sentences(view, unit, team)
    deflecting = [_joined(s.clauses) for s in sentences if s.deflects and s.clauses]
    if owned:
        return deflecting
    did_my_part = any(phrase in view.mtext[unit.start : unit.end] for phrase in _data()["did_my_part"])
    if any(s.head for s in sentences) or did_my_part:
        return [_joined(s.clauses) for s in sentences if s.clauses]
    return deflecting


def _joined(clauses: tuple[Span, ...]) -> Span:
    """One finding per sentence: its blaming clauses from the first to the last."""
    return Span(clauses[0].start, clauses[-1].end)


def _clauses_of(text: str) -> list[str]:
    return [m.group().strip() for m in _CLAUSE_RE.finditer(text) if m.group().strip()] or [""]


@rule(
    "self.blames-others",
    Severity.WARNING,
    "批评他人代替自我批评",
    "个人对照检查的问题写的是“有的同志”“部分社区”“某副局长”的毛病，通篇不见本人在其中的责任；"
    "班子对照检查把问题推给下属单位。对照检查是自我批评，别人的问题应在相互批评中提，或写清本人（班子）"
    "失管失察之责。判断：一个要点（“一是……”“二是……”“另外，……”）里不见本人（班子），且有句子以他人或"
    "下属单位作主语；一个要点一条。",
    params={"self.others-share": 0.5},
)
def blames_others(ctx: RuleContext) -> None:
    report = ctx.parsed
    team = is_team_report(report, ctx.view)
    branch = team and "支" in _header(report, ctx.view)
    who = "班子" if team else "本人"
    advice = (
        "写清班子自身在领导、督促、监管上的不足，下属的问题只作为例证。"
        if team
        else "改为本人的问题：本人做了什么、没做什么、怎么想的；他人的问题留到相互批评时提出。"
    )
    # the causes part is the cause rules' (外因/借口); here only the problems
    for unit in [*_units(report.problems), *_unparsed_problems(report, ctx.view)]:
        for clause in _blamed(ctx, unit, team, branch):
            ctx.report(
                clause.start,
                clause.end,
                f"这里写的是别人（下属）的毛病，看不到{who}的责任，是批评他人而非自我批评。",
                suggestion=advice,
            )


@lru_cache(maxsize=1)
def _exonerations() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(e["pattern"]), str(e["kind"])) for e in _data()["exoneration"])


@rule(
    "self.exoneration",
    Severity.WARNING,
    "以表扬或开脱代替查摆",
    "问题部分里写“总体上是不错的”“如果说有差距”“既没有权力腐败”“工作太投入、要求太严”“对家庭照顾不够”，"
    "是自我表扬或为自己开脱，把优点当缺点写，审阅人会退回。",
)
def exoneration(ctx: RuleContext) -> None:
    view = ctx.view
    units = [*_praise_units(ctx.parsed.problems), *((p, None) for p in _unparsed_problems(ctx.parsed, view))]
    for unit, headline in units:
        matches = []
        for pattern, kind in _exonerations():
            for match in pattern.finditer(view.mtext, unit.start, unit.end):
                if not view.in_quotes(match.start()):
                    matches.append((match.start(), match.end(), kind))
        if not matches:
            continue
        # one finding per problem item: "总的来看……如果说有差距……工作太投入" is one dodge; when the dodge is in
        # the body, the item's headline is the "problem" it dresses up, so the finding starts there
        start = min(m[0] for m in matches)
        if headline is not None and start >= headline.end:
            start = headline.start
        end = max(m[1] for m in matches)
        kinds = "、".join(dict.fromkeys(m[2] for m in sorted(matches)))
        ctx.report(
            start,
            end,
            f"{_quoted(ctx.parsed.text[start:end])}是{kinds}，不是查摆问题。",
            suggestion="删去自我肯定和开脱的话，直接写本人的真实问题和具体表现。",
        )


def _unparsed_problems(report: ParsedReport, view: ReportView) -> list[Span]:
    """When the parser found no problems part ("一、思想政治方面" "二、……方面" as top-level headings), the
    paragraphs between the header and the first part found (the causes), where the problems must be."""
    if report.problems is not None:
        return []
    start = max((s.end for s in report.header), default=0)
    end = min((p.start for p in report.parts()), default=len(view.mtext))
    return [p for p in view.paragraphs if start <= p.start and p.end <= end]


def _praise_units(part: Part | None) -> Iterator[tuple[Span, Span | None]]:
    """The problem items with their headline, the aspect bodies without items, and the lead-ins of the
    part and its aspects, where "通过认真查摆，班子总体上是好的，但……" is said."""
    if part is None:
        return
    if part.preamble is not None:
        yield part.preamble, None
    for aspect in part.aspects:
        if aspect.items:
            if aspect.preamble is not None:
                yield aspect.preamble, None
            yield from ((Span(i.start, i.end), i.headline_span) for i in aspect.items)
        else:
            yield Span(aspect.heading.end if aspect.heading else aspect.start, aspect.end), None
    yield from ((Span(i.start, i.end), i.headline_span) for i in part.items)


def _quoted(text: str) -> str:
    return f"“{text}”" if len(text) <= 24 else "这几句话"
