"""Find the author's name in a report's header lines (for the audit summary's 姓名 column)."""

from __future__ import annotations

import re

from mingjing.model import ParsedReport

# The ~130 most common surnames (covering the great majority of people) plus common two-character ones.
# A bare 2–4 character header line counts as a name only if it starts with one of these.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文")
_CJK = "\u4e00-\u9fff"
_LABELLED = re.compile(rf"(?:姓\s*名|发言人|汇报人|报告人|检查人|本人)\s*[:：]\s*([{_CJK}·]{{2,5}})")
_COMRADE = re.compile(rf"([{_CJK}]{{2,4}}?)同志")
_BARE = re.compile(rf"^[（(]?\s*([{_CJK}](?:\s*[{_CJK}]){{1,3}})\s*[）)]?$")


def _plausible(name: str) -> bool:
    name = re.sub(r"\s+", "", name)
    if not 2 <= len(name) <= 4:
        return False
    return name[0] in _SURNAMES or name.startswith(_COMPOUND)


def _from_line(line: str) -> str | None:
    line = line.strip()
    for pattern in (_LABELLED, _BARE):
        match = pattern.search(line)
        if match and _plausible(match.group(1)):
            return re.sub(r"\s+", "", match.group(1))
    for match in _COMRADE.finditer(line):
        # "县委书记张三同志" – try the shortest tail that reads as a name.
        word = match.group(1)
        if word[-4:].startswith(_COMPOUND):
            return word[-4:]
        for size in (3, 2, 4):
            if len(word) >= size and _plausible(word[-size:]):
                return word[-size:]
    return None


def person_name(report: ParsedReport) -> str | None:
    """The name in the header (姓名：…, ``张三同志…对照检查材料``, or a line holding only a name), if any."""
    lines = [report.text[s.start : s.end] for s in report.header]
    if not lines:
        starts = [s.start for s in (report.preamble, *report.parts()) if s is not None]
        first = min(starts, default=len(report.text))
        lines = report.text[:first].splitlines()[:6]
    for line in lines:
        name = _from_line(line)
        if name:
            return name
    return None
