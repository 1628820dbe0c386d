"""Measures: concrete (who, what, by when, how often, how checked) rather than slogans, and answering the
problems found.

A measure item is *concrete* when it holds one strong marker (a time limit, a frequency, a number, a
ledger or list, a person responsible) or two weak ones (定期, 督查, 制定…方案 …), see ``measures.toml``.

An aspect of the problems part is *answered* when a measure's headline holds one of the aspect's words
(``aspect_terms``), or a measure holds two different ones, or a measure shares a distinctive phrase of
``measure.answer-phrase`` (4) characters with the aspect's items — one that no other aspect's items use
and that holds none of the genre's stop-bigrams (such as "市场改造" from "农贸市场改造").
"""

from __future__ import annotations

import re
from functools import lru_cache

from mingjing.checks.config import CheckConfig
from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.checks.view import CJK, ReportView, heading_or, view_of
from mingjing.model import AspectSection, Item, ParsedReport, Severity, Span
from mingjing.text.chars import to_simplified

_BIGRAM_RE = re.compile(f"(?=([{CJK}]{{2}}))")
_CJK_RUN_RE = re.compile(f"[{CJK}]+")
_HEADING_NOISE = re.compile(r"方面|[在的]|问题")


def _alternation(words: list[str], regexes: list[str]) -> re.Pattern[str]:
    return re.compile("|".join([*map(re.escape, words), *regexes]))


@lru_cache(maxsize=1)
def _markers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_data("measures")
    return _alternation(data["strong"], data["strong_regex"]), _alternation(data["weak"], data["weak_regex"])


def is_concrete(text: str) -> bool:
    strong, weak = _markers()
    if strong.search(text):
        return True
    return len({m.group() for m in weak.finditer(text)}) >= 2


def _measure_units(report: ParsedReport) -> list[tuple[Span, Span]]:
    """(whole measure, its headline) for each measure item; children count as separate measures."""
    measures = report.measures
    if measures is None:
        return []
    units = []
    for item in measures.all_items():
        units.append((Span(item.start, item.end), _headline(item)))
        units.extend((Span(c.start, c.end), _headline(c)) for c in item.children)
    return units


def _headline(item: Item) -> Span:
    span = item.headline_span
    return span if span.length > 0 else Span(item.start, min(item.end, item.start + 30))


@rule(
    "measure.slogan",
    Severity.HINT,
    "整改措施是口号",
    "措施里没有时限、频次、数量、台账清单或责任人（如“进一步加强学习”“不断提高能力”），无法检查是否落实。",
)
def slogan(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    for span, headline in _measure_units(report):
        if is_concrete(view.mtext[span.start : span.end]):
            continue
        ctx.report(
            headline.start,
            headline.end,
            "此条措施没有时限、频次、数量或检验办法，只是表态。",
            suggestion="写明做什么、谁负责、什么时候完成、多久一次、怎么检验（如“每月至少到分管村走访2次，年底前建立台账”）。",
        )


@rule(
    "measure.no-concrete",
    Severity.WARNING,
    "整改措施全是口号",
    "整改措施部分没有一条写明时限、频次、数量、台账清单或责任人，问题整改无从检查。",
)
def no_concrete(ctx: RuleContext) -> None:
    report = ctx.parsed
    measures = report.measures
    if measures is None:
        return
    view = view_of(report)
    units = _measure_units(report)
    spans = [s for s, _ in units] or [Span(measures.start, measures.end)]
    if any(is_concrete(view.mtext[s.start : s.end]) for s in spans):
        return
    anchor = heading_or(report, measures)
    ctx.report(
        anchor.start,
        anchor.end,
        "整改措施没有一条写明时限、频次、数量、台账清单或责任人。",
        suggestion="为每条措施写明完成时限和检验办法，列出整改清单。",
    )


@lru_cache(maxsize=1)
def stop_bigrams() -> frozenset[str]:
    return frozenset(load_data("measures")["overlap"]["stop_bigrams"])


def _bigrams(text: str) -> set[str]:
    stop = stop_bigrams()
    return {b for b in _BIGRAM_RE.findall(text) if b not in stop}


def _aspect_terms(aspect: AspectSection) -> tuple[list[str], list[str]]:
    """(words that answer the aspect anywhere, words that answer it only in a measure's headline)."""
    data = load_data("measures")
    terms: dict[str, list[str]] = data["aspect_terms"]
    headline_only: dict[str, list[str]] = data["headline_terms"]
    # the headlines of the aspect's items name what the problems are about ("理论学习跟着任务走" under
    # 严以修身): a measure in the words of that canonical aspect answers them too
    heads = to_simplified(" ".join(i.headline for i in aspect.items))
    generic = set(data["overlap"]["generic_terms"])
    from_items = [
        word
        for words in terms.values()
        if any(w in heads for w in words if w not in generic)
        for word in words
    ]
    # (they answer only in a measure's headline: in a measure's body a borrowed word is too weak a sign)
    if aspect.aspect in terms:
        return terms[aspect.aspect], headline_only.get(aspect.aspect, []) + from_items
    if aspect.heading is None:
        return [], from_items
    heading = to_simplified(aspect.heading.text)  # matched against the simplified shadow
    own = sorted(_bigrams(_HEADING_NOISE.sub("", heading)))
    # a heading the parser could not name ("在学习贯彻……上还有差距") still answers to the words of the
    # canonical aspects it speaks of
    borrowed = [word for words in terms.values() if any(w in heading for w in words) for word in words]
    return own + borrowed, from_items


def unanswered_aspects(report: ParsedReport, config: CheckConfig) -> list[AspectSection]:
    """Aspects with problems that no measure answers (see the module docstring)."""
    problems = report.problems
    units = _measure_units(report)
    if problems is None or not units:
        return []
    # a measure the parser left in the part's preamble ("1.2024年上半年完成……" is not read as a label)
    # still answers problems
    preamble = report.measures.preamble if report.measures is not None else None
    if preamble is not None:
        units = [*units, (preamble, Span(preamble.start, min(preamble.end, preamble.start + 30)))]
    view = view_of(report)
    aspects = [a for a in problems.aspects if a.items]
    size = int(config.threshold("measure.answer-phrase"))
    grams = {id(a): _phrases(" ".join(view.mtext[i.start : i.end] for i in a.items), size) for a in aspects}
    missing = []
    for aspect in aspects:
        if all(_exonerating(view.mtext[i.start : i.end]) for i in aspect.items):
            continue  # praise dressed as a problem (self.exoneration says so) needs no measure
        others = set().union(*(grams[id(o)] for o in aspects if o is not aspect))
        distinctive = grams[id(aspect)] - others
        if not _answered(view, units, _aspect_terms(aspect), distinctive, size):
            missing.append(aspect)
    return missing


@lru_cache(maxsize=1)
def _exoneration_re() -> re.Pattern[str] | None:
    """The self-praise patterns of ``self.toml`` (``[[exoneration]]``), as one alternation."""
    entries: list[dict[str, str]] = load_data("self").get("exoneration", [])
    patterns = [e["pattern"] for e in entries if e.get("pattern")]
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _exonerating(text: str) -> bool:
    pattern = _exoneration_re()
    return pattern is not None and pattern.search(text) is not None


def _phrases(text: str, size: int) -> set[str]:
    """Chinese n-grams of ``size`` characters without a genre stop-bigram in them."""
    stop = stop_bigrams()
    found: set[str] = set()
    for run in _CJK_RUN_RE.findall(text):
        # cut each run of Chinese characters at its stop-bigrams, keep the n-grams of the pieces
        cut = 0
        for i in range(len(run) - 1):
            if run[i : i + 2] in stop:
                found.update(run[j : j + size] for j in range(cut, i + 2 - size))
                cut = i + 1
        found.update(run[j : j + size] for j in range(cut, len(run) - size + 1))
    return found


def _answered(
    view: ReportView,
    units: list[tuple[Span, Span]],
    terms: tuple[list[str], list[str]],
    distinctive: set[str],
    size: int,
) -> bool:
    anywhere, headline_only = terms
    for span, headline in units:
        text, head = view.mtext[span.start : span.end], view.mtext[headline.start : headline.end]
        if any(term in head for term in anywhere + headline_only):
            return True
        if sum(term in text for term in anywhere) >= 2 or distinctive & _unit_phrases(view, span, size):
            return True
    return False


def _unit_phrases(view: ReportView, span: Span, size: int) -> set[str]:
    key = f"measure-phrases:{span.start}:{span.end}:{size}"
    cached = view.cache.get(key)
    if cached is None:
        cached = _phrases(view.mtext[span.start : span.end], size)
        view.cache[key] = cached
    phrases: set[str] = cached
    return phrases


@rule(
    "measure.unanswered",
    Severity.HINT,
    "问题没有对应的整改措施",
    "某个方面查摆出了问题，整改措施却没有一条与之对应（按措施标题中的方面用词和与问题标题的共同用词判断）。",
    params={"measure.answer-phrase": 4},
)
def unanswered(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    for aspect in unanswered_aspects(report, config):
        # from the aspect's heading to the end of its first item's headline: the finding is about both
        start = aspect.heading.start if aspect.heading else aspect.start
        first = aspect.items[0].headline_span
        anchor = Span(start, max(first.end, aspect.heading.end if aspect.heading else start + 10))
        view = view_of(report)
        heads = "；".join(view.text[i.headline_span.start : i.headline_span.end] for i in aspect.items)
        name = aspect.aspect or (aspect.heading.text if aspect.heading else "该方面")
        ctx.report(
            anchor.start,
            anchor.end,
            f"“{name}”方面查摆的问题（{heads}）在整改措施中没有对应的措施。",
            suggestion=f"针对“{name}”方面的问题逐条制定整改措施。",
        )
