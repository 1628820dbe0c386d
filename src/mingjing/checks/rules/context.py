"""Context: text that belongs to another unit, level or place (copied from someone else's report).

With an organisation profile (config ``[profile]``) a mismatch is a 警告; without one only internal
inconsistency is reported, as a 提示: a central organ's motto in a report that speaks of a local 市委/全镇,
or "我县" and "我镇" in one report.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.checks.view import view_of
from mingjing.model import ParsedReport, Severity

_SUFFIX_LEVEL = {
    "省": "省",
    "市": "市",
    "州": "市",
    "县": "县",
    "区": "县",
    "旗": "县",
    "镇": "乡镇",
    "乡": "乡镇",
    "街道": "乡镇",
    "村": "村",
    "社区": "村",
}
_IDENTITY_RE = re.compile(r"(?:我|本)(省|市|县|区|旗|镇|乡|街道|村|社区)(?![域场民长级委外内里])")
_LOCAL_RE = re.compile(r"全(?:省|市|县|区|镇|乡|村)(?![域场民])|(?:省|市|县|区|镇|乡)(?:委|政府|党委)")
# "我局" is a unit; "我校对…" "本委员会" "我办事…" are not.
_UNIT_RE = re.compile(
    r"(?:我|本)(?:(局)(?![面限部势])|(委)(?![员屈托婉实])|(院)(?![士子])|(校)(?![对正准验])|(公司)|(厅)|(部门)|(中心)(?!工作|任务))"
    r"|我(办)(?![事理公法得不好成])"
)


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    level: str


@lru_cache(maxsize=1)
def _motto_re() -> tuple[re.Pattern[str], dict[str, str]]:
    mottos: dict[str, list[str]] = load_data("context")["mottos"]
    owner = {phrase: level for level, phrases in mottos.items() for phrase in phrases}
    pattern = re.compile("|".join(sorted(map(re.escape, owner), key=len, reverse=True)))
    return pattern, owner


def _mottos(report: ParsedReport) -> list[Marker]:
    pattern, owner = _motto_re()
    return [Marker(m.start(), m.end(), owner[m.group()]) for m in pattern.finditer(view_of(report).mtext)]


def _identities(report: ParsedReport) -> list[Marker]:
    text = view_of(report).mtext
    return [Marker(m.start(), m.end(), _SUFFIX_LEVEL[m.group(1)]) for m in _IDENTITY_RE.finditer(text)]


_ORDER = ("中央", "省", "市", "县", "乡镇", "村")


@rule(
    "context.level-mismatch",
    Severity.WARNING,
    "层级与本单位不符",
    "出现只有别的层级才会说的话，如乡镇材料里的“中央和国家机关首先是政治机关”，或县直单位的材料自称“我镇”；"
    "乡镇材料检讨“区委常委会议材料会前发放不及时”之类党委办公室的职责。"
    "自称上级地方（乡镇干部说“我县”）是正常的，不算。配置了单位层级时为警告；未配置时只在中央机关的话"
    "出现在明显是地方单位的材料里时提示。",
)
def level_mismatch(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    level = config.profile.level
    mottos = _mottos(report)
    _office_duties(ctx, level)
    if level is None:
        _level_inconsistent(ctx, mottos)
        return
    wrong = [m for m in mottos if m.level != level]
    # speaking as a lower level than one's own ("我镇" in a county report) is borrowed text
    wrong += [m for m in _identities(report) if _ORDER.index(m.level) > _ORDER.index(level)]
    _level_findings(ctx, sorted(wrong, key=lambda m: m.start), f"本单位为{level}级", None)


# The general office of a 县委/区委/市委 prepares its standing committee's meetings; a town's report that
# confesses to handing out their papers late ("区委常委会议有时材料在会前发放不及时") was written for that office.
_OFFICE_DUTY_RE = re.compile(
    r"[县区市]委常委会(?:议)?[^，。；]{0,12}(?:材料|文件)?[^，。；]{0,6}(?:发放|会务|筹备|服务保障|会议纪要|会议记录)"
)
_TOWN_SELF_RE = re.compile(r"(?:全|我|本)(?:镇|乡|街道)(?![长级委外内里])")


def _office_duties(ctx: RuleContext, level: str | None) -> None:
    """A 县委办's duties in a report written as a town's (by profile, else by how the text names itself)."""
    text = ctx.view.mtext
    town = level == "乡镇" or (level is None and len(_TOWN_SELF_RE.findall(text)) >= 2)
    if not town:
        return
    for match in _OFFICE_DUTY_RE.finditer(text):
        ctx.report(
            match.start(),
            match.end(),
            "为县（区、市）委常委会议发放材料、筹备会务是党委办公室的职责，而本材料是乡镇（街道）的口吻，"
            "疑为照搬党委办公室人员的材料。",
            severity=None if level else Severity.HINT,
            suggestion="改为本单位职责范围内的问题，或删去。",
        )
        return


def _level_inconsistent(ctx: RuleContext, mottos: list[Marker]) -> None:
    local = [(m.group(), _level_of(m.group())) for m in _LOCAL_RE.finditer(ctx.view.mtext)]
    for motto in mottos:
        other = next((word for word, level in local if level != motto.level), None)
        if other is not None:
            _level_findings(ctx, [motto], f"文中又出现“{other}”", Severity.HINT)


def _level_of(word: str) -> str:
    return next((_SUFFIX_LEVEL[ch] for ch in word if ch in _SUFFIX_LEVEL), "")


def _level_findings(ctx: RuleContext, markers: list[Marker], why: str, severity: Severity | None) -> None:
    for marker in markers:
        written = ctx.parsed.text[marker.start : marker.end]
        ctx.report(
            marker.start,
            marker.end,
            f"“{written}”是{_level_name(marker.level)}的口吻，而{why}，疑为照搬其他单位的材料。",
            severity=severity,
            suggestion="改为符合本单位层级和职责的表述，或删去。",
        )


def _level_name(level: str) -> str:
    return "中央和国家机关" if level == "中央" else f"{level}级单位"


# Another unit's leading team written as the one whose problems are examined ("市中医院党委班子在推进老院区
# 改造中……" in the 第二人民医院's report): a name ending in a kind of unit, then its 党委/党组 and 班子.
_OTHER_TEAM_RE = re.compile(
    r"([\u4e00-\u9fff]{1,10}?(?:医院|卫生院|局|公司|集团|学校|中学|小学|大学|学院|街道|镇|乡|办公室|中心))"
    r"(?:党委|党组|党总支|党支部|党工委)(?:领导)?班子"
)
# dealing with another unit (learning from it, working with it) is not writing its problems as one's own
_DEALING_RE = re.compile(
    r"学习|借鉴|对标|参观|考察|交流|经验|做法|协调|配合|联合|会同|帮助|指导|督促|向|与|同|和"
)
_OWN_MARK_RE = re.compile(r"^(?:我|本|该|全|各|市|县|区|镇|乡|村|医院|学校|公司|集团|局)+$")
_NAME_LEAD_RE = re.compile(r"[\d年月日在对把被将由是的为给从就以及和与同向了]+")
_UNIT_KINDS = (
    "卫生院",
    "医院",
    "局",
    "公司",
    "集团",
    "学校",
    "中学",
    "小学",
    "大学",
    "学院",
    "街道",
    "镇",
    "乡",
    "办公室",
    "中心",
)


@rule(
    "context.unit-mismatch",
    Severity.WARNING,
    "单位类别与本单位不符",
    "“我局”“我公司”“我校”等自称与本单位不符（配置了单位名称时为警告），或同一篇材料里自称不一（提示）；"
    "问题查摆里写的是另一个单位的党委（党组）班子的问题（“市中医院党委班子在推进……中”），而本单位是标题或"
    "配置所写的单位，多为照搬其他单位的材料。",
)
def unit_mismatch(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    text = view_of(report).mtext
    _other_team(ctx)
    found = [(m.start(), m.end(), next(g for g in m.groups() if g)) for m in _UNIT_RE.finditer(text)]
    unit = config.profile.unit
    if unit:
        for start, end, kind in found:
            if kind not in unit and not (kind == "办" and "办公室" in unit):
                _unit_finding(ctx, start, end, f"本单位为“{unit}”", None)
        return
    counts = Counter(kind for _, _, kind in found)
    if len(counts) < 2:
        return
    major = counts.most_common(1)[0][0]
    for start, end, kind in found:
        if kind != major:
            _unit_finding(ctx, start, end, f"文中多处自称“我{major}”", Severity.HINT)


def _other_team(ctx: RuleContext) -> None:
    """The leading team of a unit other than the writer's, as the subject of a problem."""
    problems = ctx.parsed.problems
    own = (ctx.config.profile.unit or "") + _header_text(ctx)
    if problems is None or not own.strip():
        return
    text = ctx.view.mtext
    for match in _OTHER_TEAM_RE.finditer(text, problems.start, problems.end):
        lead = _NAME_LEAD_RE.match(match.group(1))
        start = match.start() + (lead.end() if lead else 0)
        name = text[start : match.end(1)]
        # only a unit of the writer's own kind (a hospital in a hospital's report) can stand in for it
        kind = next(k for k in _UNIT_KINDS if name.endswith(k))
        if len(name) - len(kind) < 2 or name in own or kind not in own or _OWN_MARK_RE.match(name):
            continue  # "镇党委班子", "本局党组班子": the writer's own team
        if _DEALING_RE.search(_sentence_at(text, match.start())):
            continue
        written = ctx.parsed.text[start : match.end()]
        ctx.report(
            start,
            match.end(),
            f"问题查摆写的是“{written}”的问题，而材料署名的是{_own_name(ctx)}，疑为照搬其他单位的材料。",
            severity=None if ctx.config.profile.unit else Severity.HINT,
            suggestion="改为本单位班子，或删去不属于本单位的内容。",
        )


def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in "。；！？\n") + 1
    ends = [i for i in (text.find(c, pos) for c in "。；！？\n") if i >= 0]
    return text[start : min(ends, default=len(text))]


def _own_name(ctx: RuleContext) -> str:
    unit = ctx.config.profile.unit
    return f"“{unit}”" if unit else "标题中的单位"


def _unit_finding(ctx: RuleContext, start: int, end: int, why: str, severity: Severity | None) -> None:
    written = ctx.parsed.text[start:end]
    ctx.report(
        start,
        end,
        f"自称“{written}”与实际不符：{why}。",
        severity=severity,
        suggestion="统一为本单位的称谓。",
    )


@lru_cache(maxsize=1)
def _place_re() -> re.Pattern[str]:
    places: list[str] = load_data("context")["places"]
    names = sorted(places, key=len, reverse=True)
    # only as a jurisdiction (常德市, 推动常德发展), not as a place visited or learned from (浙江“千万工程”)
    return re.compile(f"(?:{'|'.join(names)})(?=省|市|自治区|地区|州|发展|经济)")


@rule(
    "context.place-mismatch",
    Severity.HINT,
    "出现其他地方的地名",
    "配置了本单位所在地区时，文中出现不属于该地区的省、市名称，可能是照搬其他地方的材料（学习外地经验时可忽略）。",
)
def place_mismatch(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    home = (config.profile.region or "") + (config.profile.unit or "")
    if not home:
        return
    for match in _place_re().finditer(view_of(report).mtext):
        if match.group() in home:
            continue
        ctx.report(
            match.start(),
            match.end(),
            f"“{match.group()}”不在本单位所在地区（{config.profile.region or config.profile.unit}）。",
            suggestion="确认是否照搬了其他地方的材料。",
        )


@rule(
    "context.meeting-kind",
    Severity.HINT,
    "会议类别前后不一",
    "材料把本次会议一会儿称为民主生活会、一会儿称为组织生活会，多为套用模板。",
)
def meeting_kind(ctx: RuleContext) -> None:
    report = ctx.parsed
    kind = report.meeting_kind
    if kind not in ("民主生活会", "组织生活会"):
        return
    other = "组织生活会" if kind == "民主生活会" else "民主生活会"
    pattern = re.compile(f"(?:本次|这次|此次|专题|本人在){other}")
    for match in pattern.finditer(view_of(report).mtext):
        ctx.report(
            match.start(),
            match.end(),
            f"本材料用于{kind}，此处却称“{report.text[match.start() : match.end()]}”。",
            suggestion=f"改为“{kind}”。",
        )


# -- one writer, one place: internal consistency without an organisation profile ------------------------
# A jurisdiction named as the writer's own ("西平县2023年度经济工作会议", "青田县委") that differs from the one in
# the title lines; and 县 and 区 words mixed for one's own county-level government ("区委办公室" in the title,
# "县委" in the body). Learning from or visiting a place is not a mismatch.
_OWN_COUNTY_RE = re.compile(
    r"([\u4e00-\u9fff]{2})(县|区|旗)(?=委|政府|人大|政协|纪委|\s*\d{4}\s*年|经济工作会议|党代会|两会|城区|境内|国有|人民医院)"
)
_WE_COUNTY_RE = re.compile(r"(?:(?<=我们)|(?<=[我本]))([\u4e00-\u9fff]{2})(县|区|旗)")
# the superior that convened the meeting, named in the opening ("根据青岚县委关于开好2025年度民主生活会……"): the
# writer's own county when the title names only a town or an office
_CONVENING_RE = re.compile(r"(?:根据|按照|遵照|依据)([\u4e00-\u9fff]{2})(县|区|旗|市)委")
_OPENING_CHARS = 200
# characters that do not end a place name: "各县" "全县" "到县" are not places
_NOT_PLACE_CHARS = frozenset(
    "的了在和与及各全本我每该到从向对把被将由是为给就以同这那其此某个们于等市县区委省镇乡"
    "报送交呈请经即再均需须并已未又也都"  # "并报县委审定" "即报县政府": a verb before the committee
)
# what may stand just before an unlisted name: a stop, a date, a preposition ("今年青岚县" "按照临川县委")
_NAME_BOUNDARY = frozenset("，。；：、\n 　年月日在到对由是照据和与及从向于经被")
# the writer's own town, township or street ("全镇" "作为镇党委委员") in a report signed by another kind
_TOWN_KINDS = ("街道", "镇", "乡")
_TOWN_SELF = {
    kind: re.compile(rf"(?:全|我|本){kind}(?![长域])|作为{kind}(?:党委|党工委|政府|办事处)")
    for kind in _TOWN_KINDS
}
_HOME_RE = re.compile(
    r"([\u4e00-\u9fff]{2})(县|区|旗|市)(?=委|政府|人大|政协|纪委|直|[\u4e00-\u9fff]{0,8}(?:局|办|委|部|中心|院|所|队|站))"
)
_VISIT_RE = re.compile(
    r"学习|考察|借鉴|赴|前往|参观|对口|帮扶|援|兄弟|邻|周边|相比|对比|交流|先进|经验|外地|到|合作|协作|联合|共建|"
    r"医联体|签约|来自"
)
# a named city as one's own ("作为临川市区域医疗中心"): for a city-level unit, another city named at all
_CITY_MENTION_RE = re.compile(r"([\u4e00-\u9fff]{2})市(?![委民场级长直])")
_KIND_WORDS = {
    "县": re.compile(r"县委|县政府|县人大|县政协|县纪委|全县|我县|本县|县直"),
    "区": re.compile(r"(?<![社园片辖城景矿新发税范治])区(?:委|政府|人大|政协|纪委|直)|全区|我区|本区"),
}
_MIN_PLACE_FREQ = 50  # place_name.txt frequency: rarer entries are mostly streets and shops


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    """Two-character place names from the list the pycorrector wheel ships, if it is installed.

    Read as a data file (never imported): ``pycorrector/data/place_name.txt``, "name<TAB>frequency".
    """
    spec = importlib.util.find_spec("pycorrector")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "place_name.txt"
    if not path.is_file():
        return frozenset()
    names = set()
    for line in path.read_text("utf-8", errors="ignore").splitlines():
        name, _, freq = line.partition("\t")
        if len(name) == 2 and freq.strip().isdigit() and int(freq) >= _MIN_PLACE_FREQ:
            names.add(name)
    return frozenset(names)


_DICT_LINE_RE = re.compile(r"^(\S\S) \d+ (\w+)$", re.M)


@lru_cache(maxsize=1)
def _dictionary_words() -> tuple[frozenset[str], frozenset[str]]:
    """Two-character words of jieba's dictionary (read as a file, never imported): (all, place names)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return frozenset(), frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    if not path.is_file():
        return frozenset(), frozenset()
    # "word freq tag" lines; only two-character words are wanted
    pairs = _DICT_LINE_RE.findall(path.read_text("utf-8", errors="ignore"))
    return frozenset(w for w, _ in pairs), frozenset(w for w, tag in pairs if tag == "ns")


def _is_place(stem: str, known: frozenset[str]) -> bool:
    """A two-character stem before 县/区/市 that names a place: a known place name (pycorrector's list or
    jieba's ``ns``), or a stem that is no word of the dictionary at all (the many small names no list holds)
    and not made of characters that never end a place ("深入县里" "各个县" are not places)."""
    if stem in known:
        return True
    words, places = _dictionary_words()
    if stem in places:
        return True
    return bool(words) and stem not in words and not (set(stem) & _NOT_PLACE_CHARS)


def _header_text(ctx: RuleContext) -> str:
    spans = ctx.parsed.header
    return "\n".join(ctx.view.mtext[s.start : s.end] for s in spans) if spans else ctx.view.mtext[:60]


def _home_text(ctx: RuleContext, header: str) -> str:
    """The title lines, plus the county or city whose committee convened the meeting in the opening."""
    opening = ctx.view.mtext[len(header) : len(header) + _OPENING_CHARS]
    match = _CONVENING_RE.search(opening)
    return header if match is None else f"{header}\n{match.group()}"


def _clause_at(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in "，。；\n") + 1
    ends = [i for i in (text.find(c, pos) for c in "，。；\n") if i >= 0]
    return text[start : min(ends, default=len(text))]


@rule(
    "context.place-inconsistent",
    Severity.WARNING,
    "地名或辖区前后不一",
    "不需要单位配置：标题署名的单位在一个县（区），正文却把另一个县（区）当作本地（“起草西平县2023年度经济工作会议"
    "讲话”；市级单位的材料里出现另一个市当作本地），或标题是区委办公室、正文又写“县委”“全县”，多为照搬别人的"
    "材料。学习考察、合作交流提到外地的不算。",
)
def place_inconsistent(ctx: RuleContext) -> None:
    header = _header_text(ctx)
    home_text = _home_text(ctx, header)
    text = ctx.view.mtext
    known = _known_places()
    found = [m for m in _HOME_RE.finditer(home_text) if _is_place(m.group(1), known)]
    homes = {m.group(1): m.group(1) + m.group(2) for m in found}
    # a city-level unit: another city named at all; a county-level one: another county named as its own
    pattern = _CITY_MENTION_RE if any(m.group(2) == "市" for m in found) else _OWN_COUNTY_RE
    if homes:
        matches = list(pattern.finditer(text, len(header)))
        if pattern is _OWN_COUNTY_RE:  # "我们西平县的……" claims a county as one's own too
            matches = sorted([*matches, *_WE_COUNTY_RE.finditer(text, len(header))], key=lambda m: m.start())
        for match in matches:
            stem = match.group(1)
            if stem in homes or stem in home_text or set(stem) & _NOT_PLACE_CHARS:
                continue
            # an unlisted name only where it stands as a county of one's own (not "另一个市" of the city rule),
            # after a boundary ("满足于等县委……" is no place "于等")
            unlisted = stem not in known and stem not in _dictionary_words()[1]
            if unlisted and (
                pattern is not _OWN_COUNTY_RE
                or not _is_place(stem, known)
                or (match.start() > 0 and text[match.start() - 1] not in _NAME_BOUNDARY)
            ):
                continue
            if _VISIT_RE.search(_clause_at(text, match.start())):
                continue
            home = "、".join(sorted(homes.values()))
            ctx.report(
                match.start(),
                match.end(),
                f"标题署名的单位在{home}，此处却把“{ctx.parsed.text[match.start() : match.end()]}”当作本地，"
                "疑为照搬其他地方的材料。",
                suggestion="核对地名，改为本单位所在的县（区）。",
            )
            break
    _kind_mix(ctx, header, home_text)
    _town_mix(ctx, header)
    if ctx.config.profile.level is None:  # with a profile, context.level-mismatch says it
        _lower_identity(ctx, header)


def _town_mix(ctx: RuleContext, header: str) -> None:
    """ "全镇" "作为镇党委委员" in a report the title signs as a 街道's (or the reverse): the writer speaks as
    a town of another kind, a passage taken from someone else's report."""
    own = [kind for kind in _TOWN_KINDS if re.search(rf"{kind}(?:党委|党工委|人民政府|政府|办事处)", header)]
    if len(own) != 1:
        return
    text = ctx.view.mtext
    for kind in _TOWN_KINDS:
        if kind == own[0] or (kind == "镇" and own[0] == "乡"):  # a 乡 writer may say 乡镇
            continue
        for match in _TOWN_SELF[kind].finditer(text, len(header)):
            if match.start() > 0 and text[match.start() - 1] == "乡" and kind == "镇":
                continue  # "全乡镇" is every township, not the writer's own
            written = ctx.parsed.text[match.start() : match.end()]
            ctx.report(
                match.start(),
                match.end(),
                f"标题署名的是{own[0]}，此处却写“{written}”，疑为照搬其他单位的材料。",
                suggestion=f"统一为本{own[0]}的称谓和职责。",
            )
            return


def _kind_mix(ctx: RuleContext, header: str, home_text: str | None = None) -> None:
    """县 words in a report the title (or the convening committee) places in a 区, or the reverse."""
    home = home_text or header
    own = sorted(
        {m.group(2) for m in _HOME_RE.finditer(home) if m.group(2) in _KIND_WORDS}
        | {kind for kind, pattern in _KIND_WORDS.items() if pattern.search(home)}
    )
    if len(own) != 1:
        return
    other = "区" if own[0] == "县" else "县"
    text = ctx.view.mtext
    for match in _KIND_WORDS[other].finditer(text, len(header)):
        if _VISIT_RE.search(_clause_at(text, match.start())):
            continue
        ctx.report(
            match.start(),
            match.end(),
            f"标题署名的是{own[0]}级单位，此处却写“{ctx.parsed.text[match.start() : match.end()]}”，疑为照搬其他地方的材料。",
            suggestion=f"统一为本单位所在的{own[0]}。",
        )
        return


# The level the title lines give the writer's unit: "东城区委办公室" is county-level, "青山镇党委" a town's.
_HEADER_LEVELS = (
    ("乡镇", re.compile(r"[\u4e00-\u9fff]{1,6}(?:镇|乡|街道)(?:党委|党工委|政府|人民政府|办事处)")),
    ("县", re.compile(r"[\u4e00-\u9fff]{1,6}(?:县|区|旗)(?:委|政府|人大|政协|纪委)|(?:县|区)直")),
    ("市", re.compile(r"[\u4e00-\u9fff]{1,6}市(?:委|政府|人大|政协|纪委)|市直")),
)


def _header_level(header: str) -> str | None:
    found = {level for level, pattern in _HEADER_LEVELS if pattern.search(header)}
    return found.pop() if len(found) == 1 else None


def _lower_identity(ctx: RuleContext, header: str) -> None:
    """ "我镇" in a report the title signs as a county office: speaking as a lower level is borrowed text."""
    level = _header_level(header)
    if level is None:
        return
    for marker in _identities(ctx.parsed):
        if marker.start >= len(header) and _ORDER.index(marker.level) > _ORDER.index(level):
            written = ctx.parsed.text[marker.start : marker.end]
            ctx.report(
                marker.start,
                marker.end,
                f"标题署名的是{level}级单位，此处却自称“{written}”，是{marker.level}的口吻，疑为照搬其他单位的材料。",
                suggestion="改为符合本单位层级和职责的表述，或删去。",
            )
            return


# -- the writer describing themselves ("作为……") against the title lines ---------------------------------
# "作为县委党校的负责人" in a report the title signs as the 市委党校's; "作为县财政局……" for the 青山区财政局:
# the same unit at another level. "作为分管财务的副总经理" when the title gives the writer another post.
_SELF_UNIT_RE = re.compile(
    r"作为([县区市旗])(委)?([\u4e00-\u9fff]{1,6}?(?:局|党校|办公室|医院|学校|中心|部|院|所))"
)
_POSTS = (
    "局长|主任|县长|区长|市长|镇长|乡长|校长|院长|总经理|经理|部长|书记|所长|队长|站长|行长|社长|处长|科长|馆长|"
    "董事长|主席"
)
_SELF_POST_RE = re.compile(rf"作为分管[\u4e00-\u9fff、]{{1,12}}的(副(?:{_POSTS}))")
_HEADER_POST_RE = re.compile(rf"(?:{_POSTS})")


@rule(
    "context.self-inconsistent",
    Severity.WARNING,
    "自我介绍与标题不符",
    "不需要单位配置：正文“作为……”的自我介绍与标题署名不符，如标题是市委党校、正文写“作为县委党校的负责人”，"
    "标题是区财政局、正文写“作为县财政局分管预算的副局长”，标题是党委副书记、正文写“作为分管财务的副总经理”，"
    "多为照搬别人的材料。",
)
def self_inconsistent(ctx: RuleContext) -> None:
    header = _header_text(ctx)
    text = ctx.view.mtext
    for match in _SELF_UNIT_RE.finditer(text, len(header)):
        level, committee, unit = match.group(1), match.group(2) or "", match.group(3)
        own = re.search(rf"([县区市旗]){committee}{re.escape(unit)}", header)
        if own is None or own.group(1) == level:
            continue
        _report_self(ctx, match, f"标题署名的是{own.group()}，此处却写“{match.group()[2:]}”")
        return
    posts = set(_HEADER_POST_RE.findall(header))
    if not posts:
        return
    for match in _SELF_POST_RE.finditer(text, len(header)):
        post = match.group(1)
        if post in header or post[1:] in header:
            continue
        _report_self(ctx, match, f"标题署名的职务是{'、'.join(sorted(posts))}，此处却写“{post}”")
        return


def _report_self(ctx: RuleContext, match: re.Match[str], lead: str) -> None:
    ctx.report(
        match.start(),
        match.end(),
        f"{lead}，自我介绍与标题不符，疑为照搬其他单位或他人的材料。",
        suggestion="核对本人所在单位和职务，改为与标题一致的表述。",
    )
