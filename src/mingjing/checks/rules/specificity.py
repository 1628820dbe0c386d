"""Specificity (见人见事见思想): does each problem item show a person, an event and a thought?

Each item of the problems part gets a score from its evidence (see docs/rules.md for the weights):

    example 比如/例如/如：…            2     a number with a unit (3次, 20余户)    1
    a date (2023年, 3月底, 去年)      1     a place or unit with a name (**村)    1
    first person 我/本人 or 作为…领导   1     a consequence (被…退回/通报, 发生…事件) 1
    a thought (认为/觉得/心态/碍于)    1     an act of one's own (接受…工作餐)      1
    a named task or matter (信访, 简报) ½     a complaint anyone could write (群众反映…) ½
    a named occasion (在编制…规划时) ½

Topics and complaints count half: boilerplate names them too ("对耕地保护、粮食安全的要求理解不够深刻",
"群众反映的问题重视不够"), so one of them alone does not make an item specific.

An item scoring below ``specificity.min-score`` (1) shows no evidence at all and is vague. Stock phrases
that fit anyone (学习不够深入, 服务意识不强 …) are named in the finding; they do not lower the score,
because an item may open with a stock headline and then give a real example.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from mingjing.checks.context import RuleContext
from mingjing.checks.data import word_list
from mingjing.checks.registry import rule
from mingjing.checks.rules.self import is_team_report
from mingjing.checks.view import ReportView, heading_or, view_of
from mingjing.model import Heading, Item, ParsedReport, Severity, Span

_EXAMPLE_RE = re.compile(r"比如|例如|譬如|(?<![例比譬假])如[：:，,]|有一次|就拿|以[^，。；]{1,15}为例")
_CN_DIGITS = "一二两三四五六七八九十"
_NUMBER_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|个百分点|余|多)?\s*(?:次|个|家|户|件|人|名|天|日|周|月|年|场|篇|项|条|份|元|万|亿|"
    r"小时|分钟|期|批|村|组|公里|亩|起|所|处|笔|台|座|栋|页|本|部|节|课|位|%|％)"
    r"|[两三四五六七八九十百千]+(?:余|多)?(?:次|家|户|件|名|天|场|篇|项|条|份|期|批|起|笔|个村|个项目|个月|周|个小时|年(?!行动|规划|计划))"
    r"(?!规定|原则|注意|禁令|纪律|要求|准则)"
    # shares and spans a reader can check: 七成, 近三分之一, 一半, 半个月
    rf"|[{_CN_DIGITS}]成(?![绩效果员本为立功熟])|[{_CN_DIGITS}]分之[{_CN_DIGITS}]|一半|半(?:个)?(?:月|年)(?![度])"
    # a count one admits to: 只开展一次, 仅读过一遍, 才去了两次
    rf"|(?:只|仅|才)[^，。；]{{0,6}}[{_CN_DIGITS}](?:次|遍|个|项|篇|家|户|天|回)"
)
_DATE_RE = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月(?:份|底|初|中旬|上旬|下旬)?|[一二三四五六七八九十]{1,2}月(?:份|底|初|中旬|上旬|下旬)|"
    r"今年|去年|前年|上半年|下半年|年初|年底|春节|国庆|汛期|上个月|本月|第?[一二三四]季度|(?:夏|冬)季|年中"
)
_PLACE_RE = re.compile(r"(?:\*\*|[\u4e00-\u9fff]{2})(?:村|社区|街道|镇|乡)(?:\d+组)?|\d+组")
# a named county or city: "临川市区域医疗中心", "西平县城区" (not 全市, 城市, 超市, 上市)
_CITY_RE = re.compile(r"(?<![全本该我各])[\u4e00-\u9fff]{2}(?:市|县)(?=[\u4e00-\u9fff])(?![直级委])")
# the character before 市/县 that makes a common word of it: 城市, 超市, 上市, 门市, 县级市, 各县市
_NOT_CITY = frozenset("城超上都全本该我各门股夜菜集闹县市省在到级个区州和与及")
# how often something is done, a fact a reader can check: 每季度专题研究, 每月只去一次
_FREQUENCY_RE = re.compile(r"每(?:个)?(?:季度|月|周|年|半年|学期)")
# a part of the problems that analyses a case, not the writer's own problem
_CASE_HEADING_RE = re.compile(r"案例剖析|典型案例|案例分析|警示教育")
_GENERIC_PLACE = re.compile(
    r"(?:农|城|全|各|本|该|我|辖|分|社|基|乡|包|驻|进|在|到|下|个|些|等|和|的|区|小|新)(?:村|社区|街道|镇|乡)$"
)
# 我 is the writer; 我局/我单位/我校 is the organisation (see specificity.org-subject), not the person.
_PERSON_RE = re.compile(
    r"我(?![们国省市县区镇乡村党局委校院厅]|单位|公司|中心)|本人"
    r"|作为(?:分管|主要|一名|班子)?[^，。；]{0,8}(?:领导|负责人|书记|主任|局长|镇长|县长|委员|干部|党员)"
)
_THOUGHT_RE = re.compile(
    r"认为|觉得|以为|心想|想着|心态|心理|顾虑|侥幸|碍于|担心|怕得罪|怕出错|怕担责|生怕|抱着"
)
# Something that happened: a consequence others can check (被…退回/通报, 审计发现, 直到县里督办才…) …
_EVENT_RE = re.compile(
    r"被[^，。；]{0,10}(?:退回|通报|批评|投诉|约谈|问责|处分|点名|曝光|举报|质疑|撤销|驳回|叫停|否决|查处|立案)"
    r"|(?:发生|出现)了?[^，。；]{0,10}(?:事件|事故|投诉|舆情|上访)"
    r"|(?:审计|巡察|巡视|督查|检查|网信办|纪委)[^，。；]{0,8}(?:指出|发现|提醒|督办)"
    r"|(?:直到|是在|等到)[^，。；]{1,16}才"
    r"|是[^，。；]{1,10}(?:提醒|指出|发现|督办|通报)(?:后|以后|之后)?才"
    r"|(?:在|对|处理|调处|办理)(?:一起|一件|一则|一篇)[^，。；]{0,12}"
    r"(?:案件|纠纷|事件|事故|投诉|舆情|信访|文章|帖子|视频|报道)"
)
# A particular act of one's own (接受…工作餐, 同意…参加会议, 曾经以约谈代替处罚, 只学了条文).
_ACT_RE = re.compile(
    r"(?:接受|收受|参加了?|同意了?|批准了?|签批了?|答复)[^，。；]{0,12}"
    r"(?:工作餐|宴请|礼品|红包|购物卡|土特产|吃请|旅游|会议|咨询)"
    r"|曾经|一度"
    r"|只(?:是)?[^，。；]{0,8}?[了过](?!解)"
)
# The occasion of a shortfall, named: "在编制全县水网建设规划时", "在推进城市更新项目时" — a particular
# plan, project or campaign, not "在处理复杂问题时" or "推进一些工作时".
_OCCASION_RE = re.compile(
    r"(?:编制|组织|推进|研究|审核|处理|制定|起草|查处|办理|调处|谋划)"
    r"(?![^，。；]{0,6}(?:一些|有些|有关|相关|各项|复杂|具体|实际|日常))"
    r"[^，。；]{2,16}?(?:项目|规划|方案|改革|工程|案件|行动|整治|试点|创建|采购|评审|计划|政策|办法)"
    r"(?:工作)?(?:时|中|期间|过程中)"
)
# … or only a complaint that anyone could write (群众反映…), which counts for less.
_COMPLAINT_RE = re.compile(
    r"(?:群众|企业|业主|患者|村民|居民|基层|干部|党员|职工|同事|读者|乘客|商户|家长)[^，。；]{0,6}"
    r"(?:反映|投诉|质疑|上访|直言)"
)


@dataclass(frozen=True)
class ItemScore:
    """The evidence found in one problem item."""

    span: Span  # the item
    anchor: Span  # where a finding points (the headline)
    score: float
    evidence: tuple[str, ...]  # Chinese names of the kinds of evidence found
    stock: tuple[str, ...]  # stock phrases found


@lru_cache(maxsize=1)
def _stock_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, word_list("specificity", "stock_phrases"))))


@lru_cache(maxsize=1)
def _work_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, word_list("specificity", "work_terms"))))


def item_scores(report: ParsedReport) -> list[ItemScore]:
    """Scores of the problems part's items (or of its aspects when the parser found no items)."""
    view = view_of(report)
    cached = view.cache.get("specificity")
    if cached is not None:
        scores: list[ItemScore] = cached
        return scores
    scores = [_score(view, span, anchor) for span, anchor in _units(report)]
    view.cache["specificity"] = scores
    return scores


def _units(report: ParsedReport) -> Iterator[tuple[Span, Span]]:
    problems = report.problems
    if problems is None:
        return
    for aspect in problems.aspects:
        if aspect.heading is not None and _case_analysis(report, aspect.heading):
            continue
        if aspect.items:
            yield from (
                (Span(i.start, i.end), _headline(i)) for i in aspect.items if not _case_analysis(report, i)
            )
        else:
            start = aspect.heading.end if aspect.heading else aspect.start
            if aspect.end - start > 40:
                yield Span(start, aspect.end), heading_or(report, None, Span(aspect.start, start))
    yield from ((Span(i.start, i.end), _headline(i)) for i in problems.items if not _case_analysis(report, i))


def _case_analysis(report: ParsedReport, part: Heading | Item) -> bool:
    """A heading or item that introduces the analysis of a case (反面典型案例剖析), not a problem."""
    span = part.headline_span if isinstance(part, Item) else part
    return _CASE_HEADING_RE.search(report.match_text[span.start : span.end]) is not None


def _headline(item: Item) -> Span:
    span = item.headline_span
    return span if span.length > 0 else Span(item.start, min(item.end, item.start + 30))


def _score(view: ReportView, span: Span, anchor: Span) -> ItemScore:
    text = view.mtext[span.start : span.end]
    evidence = []
    score = 0.0
    for name, weight, found in _evidence(view, span, text):
        if found:
            evidence.append(name)
            score += weight
    stock = tuple(dict.fromkeys(_stock_re().findall(text)))
    return ItemScore(span, anchor, score, tuple(evidence), stock)


def _evidence(view: ReportView, span: Span, text: str) -> list[tuple[str, float, bool]]:
    return [
        ("事例", 2, _EXAMPLE_RE.search(text) is not None),
        ("数字", 1, _unquoted(view, span.start, _NUMBER_RE.finditer(text))),
        ("时间", 1, _DATE_RE.search(text) is not None),
        ("地点或单位", 1, _named_place(text)),
        ("频次", 1, _FREQUENCY_RE.search(text) is not None),
        ("具体工作", 0.5, _work_re().search(text) is not None),
        ("本人", 1, _PERSON_RE.search(text) is not None),
        ("思想活动", 1, _THOUGHT_RE.search(text) is not None),
        ("具体行为", 1, _ACT_RE.search(text) is not None),
        ("具体后果", 1, _EVENT_RE.search(text) is not None),
        ("群众反映", 0.5, _COMPLAINT_RE.search(text) is not None),
        ("具体场合", 1, _OCCASION_RE.search(text) is not None),
    ]


def _named_place(text: str) -> bool:
    if any(not _GENERIC_PLACE.search(m.group()) for m in _PLACE_RE.finditer(text)):
        return True
    return any(m.group()[1] not in _NOT_CITY for m in _CITY_RE.finditer(text))


def _unquoted(view: ReportView, offset: int, matches: Iterator[re.Match[str]]) -> bool:
    return any(not view.in_quotes(offset + m.start()) for m in matches)


@rule(
    "specificity.vague-item",
    Severity.HINT,
    "条目不见人不见事",
    "问题条目里既没有具体事例、数字、时间、地点或具体工作，也没有本人的所作所想，放在谁身上都成立。"
    "按证据逐项打分（见 docs/rules.md），低于阈值的条目提示。",
    params={"specificity.min-score": 1},
)
def vague_item(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    minimum = config.threshold("specificity.min-score")
    for item in item_scores(report):
        if item.score >= minimum:
            continue
        stock = f"套话“{'”“'.join(item.stock)}”，" if item.stock else ""
        found = (
            f"只见到{'、'.join(item.evidence)}"
            if item.evidence
            else "未见具体事例、数字、时间、地点或本人的所作所想"
        )
        ctx.report(
            item.anchor.start,
            item.anchor.end,
            f"该条{stock}{found}（得分{item.score:g}），不见人不见事。",
            suggestion=_vague_advice(ctx),
        )


def _vague_advice(ctx: RuleContext) -> str:
    # a team report speaks for the 班子: its evidence is the team's decisions and work, not one person's
    if is_team_report(ctx.parsed, ctx.view):
        return "补充班子工作中的具体事例：哪次决策、哪项工作、哪个项目，结果如何，班子当时是怎么考虑的。"
    return "补充本人经历的具体事例：何时、何事、怎么做的、当时怎么想的、造成什么影响。"


@rule(
    "specificity.low-overall",
    Severity.WARNING,
    "问题查摆整体空泛",
    "问题部分的大多数条目（默认六成以上）不见人不见事，且全部条目的平均得分很低（默认低于0.6），"
    "整篇材料会被认为是“套话连篇”。",
    params={"specificity.low-share": 0.6, "specificity.low-mean": 0.6, "specificity.min-score": 1},
)
def low_overall(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    scores = item_scores(report)
    if len(scores) < 3:
        return
    minimum = config.threshold("specificity.min-score")
    vague = sum(1 for s in scores if s.score < minimum)
    share = vague / len(scores)
    mean = sum(s.score for s in scores) / len(scores)
    # both: most items vague, and little evidence overall (a few half-specific items do not make a
    # report 套话连篇 when the others carry numbers, dates and examples)
    if share < config.threshold("specificity.low-share") or mean >= config.threshold("specificity.low-mean"):
        return
    anchor = heading_or(report, report.problems)
    ctx.report(
        anchor.start,
        anchor.end,
        f"问题查摆的{len(scores)}条中有{vague}条（{share:.0%}）不见具体事例和本人的所作所想。",
        suggestion=(
            "每个问题至少举一件班子工作中的具体事：哪次决策、哪个项目，结果如何，班子当时怎么考虑的。"
            if is_team_report(report, ctx.view)
            else "每个问题至少举一件本人经历的具体事，写清时间、事情、做法和当时的想法。"
        ),
    )


# -- a report that reads like a 范文 -------------------------------------------------------------------
# Placeholders a 范文 leaves for the reader to fill: XX村, **局, 某某.
_PLACEHOLDER_RE = re.compile(r"[XＸ]{2}|[×＊*]{2}|某某")
# "作为村党支部书记" "为乡村振兴" are no place names: a verb before, a role or a slogan after
_NOT_NAME_RE = re.compile(r"^[\u4e00-\u9fff]?(?:为|领|的|在|到|个|全|各|本|该|我|和|等|是|从|向|对|把)")
_NOT_PLACE_AFTER = re.compile(r"[党两干级民务振风规]")


def _facts(view: ReportView, start: int, end: int) -> list[str]:
    """Checkable facts of the writer's own in ``mtext[start:end]``: numbers, dates, events, named places."""
    text = view.mtext[start:end]
    found = [m.group() for m in _NUMBER_RE.finditer(text) if not view.in_quotes(start + m.start())]
    found += [m.group() for m in _DATE_RE.finditer(text)]
    found += [m.group() for m in _EVENT_RE.finditer(text)]
    found += [
        m.group()
        for m in _PLACE_RE.finditer(text)
        if not _GENERIC_PLACE.search(m.group())
        and not _PLACEHOLDER_RE.search(m.group())
        and not _NOT_NAME_RE.search(m.group())
        and not _NOT_PLACE_AFTER.match(text, m.end())
    ]
    return found


@rule(
    "specificity.template-report",
    Severity.WARNING,
    "整篇像范文",
    "从问题查摆到整改措施，通篇没有本人的数字、时间、地点和事件，条目几乎都不见人不见事，只剩人人都能用的"
    "套话（或留着“XX”待填），读起来像网上的范文。没有一处事实且有套话或待填处时为错误，否则为警告。"
    "（此时不再单独提示“问题查摆整体空泛”。）",
    params={
        "specificity.template-min-chars": 600,
        "specificity.template-max-facts": 1,
        "specificity.template-max-mean": 1,
    },
    suppresses=("specificity.low-overall",),
)
def template_report(ctx: RuleContext) -> None:
    report = ctx.parsed
    problems = report.problems
    if problems is None:
        return
    view = ctx.view
    start, end = problems.start, max(part.end for part in report.parts())
    if view.content_length(start, end) < ctx.param("specificity.template-min-chars"):
        return  # too short to judge: the proportion rules speak for it
    facts = _facts(view, start, end)
    scores = item_scores(report)
    mean = sum(s.score for s in scores) / len(scores) if scores else 0.0
    if len(facts) > ctx.param("specificity.template-max-facts") or mean >= ctx.param(
        "specificity.template-max-mean"
    ):
        return
    stock = len(_stock_re().findall(view.mtext, start, end))
    placeholders = len(_PLACEHOLDER_RE.findall(view.mtext))
    sure = not facts and (stock >= 3 or placeholders > 0)
    signs = [
        f"全文{'没有一处' if not facts else '只有' + str(len(facts)) + '处'}本人的数字、时间、地点或事件"
    ]
    if stock:
        signs.append(f"套话{stock}处")
    if placeholders:
        signs.append(f"“XX”“**”一类待填处{placeholders}处")
    anchor = heading_or(report, problems)
    ctx.report(
        anchor.start,
        anchor.end,
        f"这份材料读起来像范文：{'，'.join(signs)}，问题条目平均证据得分{mean:.1f}。",
        severity=Severity.ERROR if sure else None,
        suggestion="按本人（班子）的实际重写：每个问题写一件具体的事——时间、地点、数字、经过、当时的想法和后果。",
    )
