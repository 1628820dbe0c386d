"""Era (时效): a report written from another era's template or for another meeting.

Every winter brings a new meeting with its own theme and aspects, and templates from the web carry the
marks of the year they were written: a guiding-theory list that stops at “三个代表”重要思想, 群众路线教育实践活动
or 三严三实 as the theme, the 2022 六个带头 under a 2025 title. An old report read today is just old; what is
flagged is a report whose *own* year or meeting contradicts its content.

The meeting year ``Y`` is the year the title or opening names with the meeting
(:func:`mingjing.checks.rules.context_dates.meeting_year`), else the year of a framework the user chose for
the meeting. When it is unknown only contradictions inside the report are flagged: an old theory list or
theme beside events that are years younger than it (二十大, 二十届四中全会 …). Markers and their years are
data (``checks/data/era.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.checks.view import ReportView
from mingjing.frameworks import GENERIC_ID, load_framework, map_aspect, score_framework
from mingjing.model import Heading, ParsedReport, Severity, Span

_STATED = "标题或开头写明"
_PAST_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年(?!度)")
_OPENING = 300  # characters of the opening where the meeting is named
_HEADER_YEAR_RE = re.compile(
    r"(20\d\d)\s*年度?[^，。；\n]{0,24}?(?:民主生活会|组织生活会|对照检查|检视剖析|主题教育)"
)
# a sentence about last year's meeting or its rectification, which names that year on purpose
_LAST_YEAR_RE = re.compile(r"查摆的|查摆出|查摆了|生活会上|整改|上一?年度|去年|以来|提出的|通报")
_DATE_LINE_RE = re.compile(r"^[（(]?\s*(20\d\d)\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[)）]?$")
_SEPARATOR = r"\s*(?:、|，|,|和|及|以及|与)\s*"
_SENTENCE_END = "。！？；!?;\n"
_CLAUSE_END = _SENTENCE_END + "，,："
# A year this meeting claims as its own: "关于召开2023年度民主生活会", "本次2023年度", "2023年度…对照检查材料".
_OWN_YEAR_RES = (
    re.compile(r"(?:关于召开|为开好|开好|本次|这次|此次)\s*(20\d\d)\s*年度?"),
    re.compile(
        r"(20\d\d)\s*年度?[^，。；\n]{0,16}?(?:民主生活会|组织生活会)\s*(?:个人|班子|领导班子)?"
        r"\s*(?:对照检查|检视剖析|发言提纲|对照检视)"
    ),
)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_data("era")


def _month_index(date: str) -> int:
    year, _, month = date.partition("-")
    return int(year) * 12 + int(month or 1)


@dataclass(frozen=True)
class _Year:
    """The meeting year and where it comes from (for the message)."""

    value: int
    source: str  # Chinese: "标题或开头写明" / "所选检查框架"


def stated_year(report: ParsedReport, view: ReportView) -> int | None:
    """The meeting year the title names, else the opening (not a year named as last year's meeting)."""
    for span in report.header:
        match = _HEADER_YEAR_RE.search(view.mtext, span.start, span.end)
        if match is not None:
            return int(match.group(1))
    opening = min(len(view.mtext), _OPENING)
    claims = [claimed for start, _, claimed in _own_years(view) if start < opening]
    if claims:
        return claims[0]
    for match in _HEADER_YEAR_RE.finditer(view.mtext, 0, opening):
        s, e = _sentence(view, match.start())
        if not _LAST_YEAR_RE.search(view.mtext[s:e]):
            return int(match.group(1))
    return None


def _meeting(ctx: RuleContext) -> _Year | None:
    year = stated_year(ctx.parsed, ctx.view)
    if year is not None:
        return _Year(year, _STATED)
    match = ctx.parsed.framework
    if match is not None and match.chosen_by_user and match.id != GENERIC_ID:
        chosen = load_framework(match.id).year
        if chosen > 0:
            return _Year(chosen, "所选检查框架")
    return None


@dataclass(frozen=True)
class _Event:
    start: int
    end: int
    name: str
    month: int  # year * 12 + month


def _events(view: ReportView) -> list[_Event]:
    cached = view.cache.get("era.events")
    if cached is None:
        table: dict[str, str] = _data()["events"]
        names = sorted(table, key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, names)))
        cached = [
            _Event(m.start(), m.end(), m.group(), _month_index(table[m.group()]))
            for m in pattern.finditer(view.mtext)
        ]
        view.cache["era.events"] = cached
    events: list[_Event] = cached
    return events


def _latest_event(view: ReportView) -> _Event | None:
    return max(_events(view), key=lambda e: e.month, default=None)


def _modern(view: ReportView) -> str | None:
    """A word that dates the report in 2013 or later, if any."""
    return next((word for word in _data()["modern"] if word in view.mtext), None)


def _sentence(view: ReportView, pos: int) -> tuple[int, int]:
    text = view.mtext
    start = pos
    while start > 0 and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in _SENTENCE_END:
        end += 1
    return start, end


def _clause(view: ReportView, pos: int) -> str:
    """The clause around ``pos`` (between commas or stops), where "对照2024年度…查摆的问题" is said."""
    text = view.mtext
    start, end = pos, pos
    while start > 0 and text[start - 1] not in _CLAUSE_END:
        start -= 1
    while end < len(text) and text[end] not in _CLAUSE_END:
        end += 1
    return text[start:end]


def _in_header(report: ParsedReport, pos: int) -> bool:
    return any(span.start <= pos < span.end for span in report.header)


# -- the guiding-theory list -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _theory_re() -> re.Pattern[str]:
    members = sorted(_data()["theory"]["members"], key=len, reverse=True)
    member = "|".join(map(re.escape, members))
    return re.compile(f"(?:{member})(?:{_SEPARATOR}(?:{member}))+")


def _theory_lists(view: ReportView) -> list[tuple[int, int, str]]:
    """Runs of theory names ("邓小平理论、“三个代表”重要思想") with the last name of each."""
    found = []
    stages = _data()["theory"]["stages"]
    for match in _theory_re().finditer(view.mtext):
        run = match.group()
        if "邓小平理论" not in run:
            continue
        for stage in stages:
            if any(run.endswith(last) for last in stage["last"]):
                found.append((match.start(), match.end(), stage["missing"]))
    return found


def _stage_until(missing: str) -> int:
    return int(next(s["current_until"] for s in _data()["theory"]["stages"] if s["missing"] == missing))


@rule(
    "era.theory-list",
    Severity.WARNING,
    "指导思想表述停留在旧年代",
    "“以马克思列宁主义、毛泽东思想、邓小平理论、‘三个代表’重要思想为指导”止于“三个代表”（缺科学发展观、"
    "习近平新时代中国特色社会主义思想），是多年前的模板。材料写明的会议年度晚于这种表述通行的年代，"
    "或材料自己又写到多年后的事时提示。",
)
def theory_list(ctx: RuleContext) -> None:
    view = ctx.view
    year = _meeting(ctx)
    latest = _latest_event(view)
    for start, end, missing in _theory_lists(view):
        until = _stage_until(missing)
        if year is not None:
            if year.value < until:
                continue
            why = f"而本材料为{year.value}年度（{year.source}）"
        elif latest is not None and latest.month // 12 >= until:
            why = f"而材料又写到“{latest.name}”"
        elif latest is None and missing == "科学发展观" and (word := _modern(view)) is not None:
            why = f"而材料又写到“{word}”"
        else:
            continue
        ctx.report(
            start,
            end,
            f"指导思想的表述止于此，缺少“{missing}”等，是多年前模板的写法，{why}。",
            # the report's own year contradicts it: an error in a political formulation, not a doubt
            severity=Severity.ERROR if year is not None else None,
            suggestion=f"按现行党章的表述补全指导思想（包括{missing}），并检查全文是否照搬了旧材料。",
        )


# -- campaigns and themes of other years -------------------------------------------------------------


def _headings(report: ParsedReport) -> list[Heading]:
    return [
        h
        for part in report.parts()
        for h in (part.heading, *(a.heading for a in part.aspects))
        if h is not None
    ]


def _own_theme(ctx: RuleContext, start: int, stale: bool) -> bool:
    """Whether the phrase at ``start`` is presented as this meeting's theme (not as history).

    A campaign long past the meeting year (``stale``) is the meeting's own wherever the text uses it as
    a present yardstick ("对照先进性教育的要求", "深入开展群众路线教育实践活动", "持续深化三严三实专题教育成果"):
    only a sentence that narrates the past ("党的十八大以来，先后开展了……") is history. A recent one is the
    meeting's own only when framed as such, and "巩固深化……成果" is then its follow-up, not its theme."""
    report = ctx.parsed
    if _in_header(report, start) or any(h.start <= start < h.end for h in _headings(report)):
        return True
    data = _data()["theme"]
    s, e = _sentence(ctx.view, start)
    sentence = ctx.view.mtext[s:e]
    if any(word in sentence for word in data["history"]) or re.search(data["history_re"], sentence):
        return False
    if stale:
        # "2016年参加“两学一做”学习教育时……": a year long past dates the sentence as a memory
        year = _meeting(ctx)
        past = [int(y) for y in _PAST_YEAR_RE.findall(sentence)]
        return not (year is not None and any(y <= year.value - 2 for y in past))
    return _framed(ctx, start, sentence)


def _framed(ctx: RuleContext, start: int, sentence: str) -> bool:
    """A recent campaign framed as this meeting's: "按照……专题民主生活会的要求", not "巩固……成果"."""
    data = _data()["theme"]
    s, _ = _sentence(ctx.view, start)
    before = ctx.view.mtext[s:start]
    if any(word in sentence for word in data["follow_up"]):
        return False
    return any(w in before for w in data["own_meeting"]) and any(
        n in sentence for n in data["own_meeting_nouns"]
    )


def _campaign_hits(ctx: RuleContext) -> list[tuple[int, int, str, int, int, bool, bool]]:
    """(start, end, name, first year, last year, always, four winds) of each campaign named as own."""
    cached = ctx.view.cache.get("era.campaigns")
    if cached is None:
        cached = _find_campaigns(ctx)
        ctx.view.cache["era.campaigns"] = cached
    hits: list[tuple[int, int, str, int, int, bool, bool]] = cached
    return hits


def _find_campaigns(ctx: RuleContext) -> list[tuple[int, int, str, int, int, bool, bool]]:
    campaigns = _data()["campaigns"]
    matches = []
    for index, campaign in enumerate(campaigns):
        pattern = re.compile("|".join(map(re.escape, sorted(campaign["phrases"], key=len, reverse=True))))
        matches += [(m.start(), m.end(), index) for m in pattern.finditer(ctx.view.mtext)]
    # "不忘初心、牢记使命主题教育专题民主生活会" (2019) contains "主题教育专题民主生活会" (2023): the longer wins
    inside = {
        (start, end, index)
        for start, end, index in matches
        if any(s <= start and end <= e and (e - s) > (end - start) and i != index for s, e, i in matches)
    }
    hits = []
    year = _meeting(ctx)
    stale_after = int(_data()["stale_years"])
    for start, end, index in sorted(matches):
        campaign = campaigns[index]
        if (start, end, index) in inside:
            continue
        always = bool(campaign.get("always", False))
        first, last = campaign["years"]
        stale = (
            year is not None
            and year.value > last + stale_after
            and bool(campaign.get("stale", True))
            # "巩固拓展党史学习教育、主题教育、党纪学习教育成果": a list with a recent campaign is history
            and not _recent_in_sentence(ctx, start, matches, campaigns, year.value)
        )
        if always or _own_theme(ctx, start, stale):
            winds = bool(campaign.get("four_winds", False))
            hits.append((start, end, campaign["name"], first, last, always, winds))
    return hits


def _recent_in_sentence(
    ctx: RuleContext,
    start: int,
    matches: list[tuple[int, int, int]],
    campaigns: list[dict[str, Any]],
    year: int,
) -> bool:
    """Whether the sentence around ``start`` also names a campaign that is not stale in ``year``."""
    s, e = _sentence(ctx.view, start)
    stale_after = int(_data()["stale_years"])
    return any(
        s <= m_start < e and year <= campaigns[index]["years"][1] + stale_after
        for m_start, _, index in matches
    )


def _out_of_era(ctx: RuleContext, first: int, last: int) -> str | None:
    """Why a theme current in ``first``–``last`` does not fit this report, or None."""
    grace = int(_data()["grace_years"])
    year = _meeting(ctx)
    if year is not None:
        if first <= year.value <= last + grace:
            return None
        return f"而本材料为{year.value}年度（{year.source}）"
    latest = _latest_event(ctx.view)
    if latest is not None and latest.month // 12 > last + grace:
        return f"而材料又写到{latest.month // 12}年以后才有的“{latest.name}”"
    return None


@rule(
    "era.campaign",
    Severity.WARNING,
    "主题属于其他年份",
    "把先进性教育（2005—2006）、群众路线教育实践活动和“四风”（2013—2014）、“三严三实”（2015）、"
    "“两学一做”（2016—2019）等往年的专题当作本次会议的主题，或写着“决胜全面建成小康社会”之类只在当年成立的话，"
    "说明材料是按旧模板或为别的会议写的。"
    "作为历史回顾（“先后参加了……”）或近年专题的“巩固成果”提到的不算；过时多年的专题无论怎么提都算，"
    "标题写明年度时为错误。同一专题在文中多处出现，合为一条。",
)
def campaign(ctx: RuleContext) -> None:
    # one finding per campaign, at its first place, with the other places as related spans and counted:
    # "三严三实" in the opening, a heading and the measures is one old template, rewritten once
    places: dict[str, list[tuple[int, int, str, int, int, bool, bool]]] = {}
    for hit in _campaign_hits(ctx):
        places.setdefault(hit[2], []).append(hit)
    for hits in places.values():
        start, end, name, first, last, always, _ = hits[0]
        why = _out_of_era(ctx, first, last)
        if why is None:
            continue
        period = f"{first}年" if first == last else f"{first}—{last}年"
        where = f"（文中共{len(hits)}处）" if len(hits) > 1 else ""
        message = (
            f"“{ctx.parsed.text[start:end]}”是{period}的说法，{why}，疑为沿用旧材料。"
            if always
            else f"材料把{name}（{period}）当作本次会议的主题{where}，{why}，疑为套用旧模板或为别的会议所写。"
        )
        year = _meeting(ctx)
        # a theme years out of date under the year the report states is an old template for certain
        sure = (
            not always
            and year is not None
            and year.source == _STATED
            and year.value > last + int(_data()["stale_years"])
        )
        related = [Span(hit[0], hit[1]) for hit in hits[1:]]
        if not always:
            related += _corroborating(ctx, first, last)
        finding = ctx.report(
            start,
            end,
            message,
            severity=Severity.ERROR if sure else None,
            suggestion="按本次会议通知的主题和查摆方面重写，删去往年专题的提法。",
            related=related,
        )
        if related:
            ctx.findings[-1] = replace(finding, count=len(related) + 1)


def _corroborating(ctx: RuleContext, first: int, last: int) -> list[Span]:
    """Wordings of the same years as an old theme ("习近平总书记系列重要讲话" beside "两学一做"): still
    heard long after, so never a finding alone, but beside the theme they are more of the old template."""
    spans = []
    for entry in _data()["corroborating"]:
        since, until = entry["years"]
        if since > last or until < first:
            continue
        pattern = "|".join(map(re.escape, entry["phrases"]))
        spans += [Span(m.start(), m.end()) for m in re.finditer(pattern, ctx.view.mtext)]
    return spans


# -- the year the report claims for itself ------------------------------------------------------------


def _own_years(view: ReportView) -> list[tuple[int, int, int]]:
    found: dict[int, tuple[int, int, int]] = {}
    for index, pattern in enumerate(_OWN_YEAR_RES):
        for match in pattern.finditer(view.mtext):
            # "对照2024年度民主生活会对照检查查摆的问题" is last year's meeting, named on purpose
            if index > 0 and _LAST_YEAR_RE.search(_clause(view, match.start())):
                continue
            start = match.start(1)
            found.setdefault(start, (start, start + 4, int(match.group(1))))
    return sorted(found.values())


@rule(
    "era.year-mismatch",
    Severity.ERROR,
    "会议年度前后不一",
    "材料对本次会议的年度说法不一（标题写2025年度，正文又写“关于召开2023年度民主生活会”，或落款是2016年），"
    "或与所选会议的年度不符，多为套用往年材料时只改了一处。回顾上年度会议整改情况的不算。",
)
def year_mismatch(ctx: RuleContext) -> None:
    year = _meeting(ctx)
    match = ctx.parsed.framework
    chosen = None
    if match is not None and match.chosen_by_user and match.id != GENERIC_ID:
        chosen = load_framework(match.id).year or None
    reference = chosen or (year.value if year else None)
    if reference is None:
        return
    source = "所选会议" if chosen else "标题或开头"
    for start, end, claimed in _own_years(ctx.view):
        if claimed != reference and not _in_header(ctx.parsed, start):
            ctx.report(
                start,
                end,
                f"此处把本次会议写成{claimed}年度，而{source}为{reference}年度，疑为套用往年材料。",
                suggestion=f"统一为{reference}年度，并检查全文是否沿用了往年的内容。",
            )
    _stale_years_in_problems(ctx, reference, source)
    # the date under the title or the signature: a 2025年度 meeting is held in 2025 or early 2026
    for span, dated in _date_lines(ctx):
        if dated not in (reference, reference + 1):
            ctx.report(
                span.start,
                span.end,
                f"落款日期是{dated}年，而{source}为{reference}年度，疑为沿用旧材料时没有改日期。",
                suggestion="改为本次会议的实际日期。",
            )


_YEAR_OF_RE = re.compile(r"(20\d\d)\s*年度")
# a clause that names an older year on purpose: a problem left over ("至今未整改"), a period ("以来")
_STILL_RE = re.compile(r"至今|仍未|仍然|遗留|以来|累计|连续")


def _stale_years_in_problems(ctx: RuleContext, reference: int, source: str) -> None:
    """ "2023年度流感高发期间……" among the problems of a 2025年度 report: the year's shortcomings are this
    year's, an example two or more years old was left from the template it was copied from. A warning:
    an honest report may recall an old case, which the clause usually says ("至今未整改")."""
    problems = ctx.parsed.problems
    if problems is None:
        return
    for match in _YEAR_OF_RE.finditer(ctx.view.mtext, problems.start, problems.end):
        claimed = int(match.group(1))
        clause = _clause(ctx.view, match.start())
        if claimed > reference - 2 or _LAST_YEAR_RE.search(clause) or _STILL_RE.search(clause):
            continue
        ctx.report(
            match.start(),
            match.end(),
            f"问题查摆写的是{claimed}年度的事，而{source}为{reference}年度，疑为套用往年材料时留下的例子。",
            severity=Severity.WARNING,
            suggestion=f"换成{reference}年度本人的具体事例，或写明这件事与本年度问题的关系。",
        )


def _date_lines(ctx: RuleContext) -> list[tuple[Span, int]]:
    """Lines that are only a date ("2016年12月", "（2024年11月）") under the title or at the end."""
    paragraphs = ctx.view.paragraphs
    header_end = max((s.end for s in ctx.parsed.header), default=0)
    candidates = [p for p in paragraphs[:4] if p.start <= header_end] + list(paragraphs[-3:])
    found = []
    for para in dict.fromkeys(candidates):
        match = _DATE_LINE_RE.match(ctx.view.mtext[para.start : para.end].strip())
        if match is not None:
            found.append((para, int(match.group(1))))
    return found


@rule(
    "era.anachronism",
    Severity.HINT,
    "写到会议之后才有的事",
    "材料写明为某年度的会议（该年底或次年初召开），却提到之后才召开的会议或开展的活动"
    "（如2023年度材料里的“二十届四中全会”），多为改写旧材料时年份没改。",
)
def anachronism(ctx: RuleContext) -> None:
    year = stated_year(ctx.parsed, ctx.view)
    if year is None:
        return
    limit = (year + 1) * 12 + 3  # held by about March of the next year
    late = [e for e in _events(ctx.view) if e.month > limit]
    if not late:
        return
    event = min(late, key=lambda e: e.start)
    when = f"{event.month // 12}年"
    ctx.report(
        event.start,
        event.end,
        f"材料写明为{year}年度，却提到{when}才有的“{ctx.parsed.text[event.start : event.end]}”，"
        "年度或内容有一处是沿用旧材料。",
        suggestion="核对会议年度，统一标题、开头和正文的年份。",
    )


# -- aspects of another year ---------------------------------------------------------------------------


@rule(
    "era.aspects",
    Severity.WARNING,
    "查摆方面属于其他年度",
    "问题部分的方面标题是某几年通知规定的方面（2022年度的“六个带头”、2016—2019年的“四讲四有”、"
    "2013—2014年的“四风”），而材料写明的是另一个年度的会议，说明是按旧模板写的。标题写明年度且方面"
    "几乎逐条对得上时为错误。",
)
def aspects(ctx: RuleContext) -> None:
    report = ctx.parsed
    problems = report.problems
    year = _meeting(ctx)
    if problems is None or year is None:
        return
    found = _other_era_aspects(ctx, year.value)
    if found is None:
        return
    name, first, last, score, anchor = found
    data = _data()["aspects"]
    sure = score >= float(data["sure_confidence"]) and year.source == _STATED
    period = f"{first}年度" if first == last else f"{first}—{last}年"
    ctx.report(
        anchor.start,
        anchor.end,
        f"查摆的方面是{name}的方面（{period}），而本材料为{year.value}年度（{year.source}），疑为套用旧模板。",
        severity=Severity.ERROR if sure else None,
        suggestion=f"按{year.value}年度会议通知规定的方面重新查摆问题。",
    )


def _other_era_aspects(ctx: RuleContext, year: int) -> tuple[str, int, int, float, Heading] | None:
    """The era whose aspects the headings are, if not ``year``'s: (name, first, last year, confidence,
    the first heading of that era)."""
    problems = ctx.parsed.problems
    assert problems is not None
    headed = [
        (a.heading, ctx.view.mtext[a.heading.start : a.heading.end]) for a in problems.aspects if a.heading
    ]
    headings = [text for _, text in headed]
    winds = _data()["four_winds"]
    if all(any(w in h for h in headings) for w in winds["headings"]):
        first, last = winds["years"]
        if first <= year <= last or any(hit[6] for hit in _campaign_hits(ctx)):
            return None  # of its era, or already reported where the opening says "对照……四风"
        anchor = next(h for h, text in headed if winds["headings"][0] in text)
        return winds["name"], first, last, 1.0, anchor
    named = {hit[2] for hit in _campaign_hits(ctx)}
    sets = _heading_sets(headed, year, named)
    if sets is not None:
        return sets
    if len(headings) < 3:
        return None
    data = _data()["aspects"]
    best: tuple[float, str] = (0.0, "")
    for framework_id in data["frameworks"]:
        score = score_framework(load_framework(framework_id), headings, "")
        best = max(best, (score, framework_id))
    score, framework_id = best
    if score < float(data["min_confidence"]):
        return None
    first, last = data["frameworks"][framework_id]
    if first <= year <= last:
        return None
    framework = load_framework(framework_id)
    anchor = next((h for h, text in headed if map_aspect(framework, text).aspect is not None), headed[0][0])
    name = framework.name if framework.name.startswith("“") else f"“{framework.name}”"
    return name, int(first), int(last), score, anchor


def _heading_sets(
    headed: list[tuple[Heading, str]], year: int, named: set[str]
) -> tuple[str, int, int, float, Heading] | None:
    """Aspect headings that are a past campaign's own set ("严以修身方面" "严以用权方面" of 三严三实, the 2019
    goals "理论学习有收获" …), at least ``min`` of them, under another year (``heading_sets`` in era.toml).
    When the opening already names that campaign as the meeting's own (an era finding of its own), the
    headings are the same old template: reported at the rule's default severity, not as a second 错误."""
    for entry in _data().get("heading_sets", []):
        first, last = entry["years"]
        if first <= year <= last:
            continue
        hits = [h for h, text in headed if any(w in text for w in entry["headings"])]
        if len(hits) >= int(entry["min"]):
            score = 0.0 if entry.get("campaign") in named else 1.0
            return str(entry["name"]), int(first), int(last), score, hits[0]
    return None
