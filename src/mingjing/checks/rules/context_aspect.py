"""Context, continued: a problem that does not belong to the aspect it stands under.

A report copied together from several templates, or written to fill six headings, puts problems where they do
not belong: a note on one's theory study under 廉洁自律, a project's delay under 严以律己 or 做人要实. Only the
narrow aspects listed in ``checks/data/aspect_fit.toml`` are judged, and only a sentence that speaks of another
kind of work and has none of the aspect's own words: a hint, since a writer may link the two on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.model import AspectSection, Severity, Span

_TOPIC_NAMES = {"study": "理论学习", "project": "项目推进"}


@dataclass(frozen=True)
class _Fit:
    heading: tuple[str, ...]
    own: re.Pattern[str]
    foreign: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def _fits() -> tuple[_Fit, ...]:
    data = load_data("aspect_fit")
    topics = {name: _alternation(words) for name, words in data["topics"].items()}
    return tuple(
        _Fit(tuple(a["heading"]), _alternation(a["own"]), tuple((t, topics[t]) for t in a["foreign"]))
        for a in data["aspects"]
    )


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _fit_of(ctx: RuleContext, aspect: AspectSection) -> _Fit | None:
    if aspect.heading is None:
        return None
    heading = ctx.view.mtext[aspect.heading.start : aspect.heading.end]
    return next((fit for fit in _fits() if any(word in heading for word in fit.heading)), None)


@rule(
    "context.aspect-misfit",
    Severity.HINT,
    "问题与所在方面不符",
    "问题写在不属于它的方面下：廉洁自律方面写理论学习的安排，严以律己、做人要实方面写项目进度。"
    "多为拼凑模板或为凑齐方面而写。只判断方面较窄的几个（廉洁自律、严以律己、做人要实），"
    "句子里有本方面的词（廉洁、纪律、规定、接待……）时不算。",
)
def aspect_misfit(ctx: RuleContext) -> None:
    problems = ctx.parsed.problems
    if problems is None:
        return
    for aspect in problems.aspects:
        fit = _fit_of(ctx, aspect)
        if fit is None:
            continue
        start = aspect.heading.end if aspect.heading else aspect.start
        for sentence in ctx.view.sentences(start, aspect.end):
            _judge(ctx, fit, sentence, aspect)


def _judge(ctx: RuleContext, fit: _Fit, sentence: Span, aspect: AspectSection) -> None:
    text = ctx.view.mtext[sentence.start : sentence.end]
    if fit.own.search(text):
        return
    topic = next((name for name, pattern in fit.foreign if pattern.search(text)), None)
    if topic is None:
        return
    heading = aspect.heading.text.strip("。；：: ") if aspect.heading else "本方面"
    ctx.report(
        sentence.start,
        sentence.end,
        f"这句写的是{_TOPIC_NAMES.get(topic, topic)}，与所在的“{heading}”不相符。",
        suggestion="把它移到相应的方面，或写清它与本方面的关系。",
    )
