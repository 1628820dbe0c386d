"""Live review while writing: the core's check of the whole text, with proofreading paragraph by paragraph.

Parsing and the structural rules need the whole text and are cheap (about 40 ms for 6,000 characters);
the proofreader is half of a full check, so it runs here per line, cached by the line's text: a pause in
typing proofreads only the paragraph that changed. Findings are placed beside the field (item, aspect,
section, opening …) their first character falls in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mingjing.facade import OrgProfile

import re
import time
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mingjing_web import analysis
from mingjing_web.editor.structure import EditorDraft, Rendered, render

GENERAL = "general"
PROOFREAD_RULE = "slip.proofread"
_PROOFREAD_MAX = 30
_MEMO_SIZE = 64
_MEMO: OrderedDict[tuple[Any, ...], LiveReview] = OrderedDict()
_QUOTED_RE = re.compile(r"“[^“”\n]{1,300}”|《[^《》\n]{1,100}》")


@dataclass(frozen=True)
class LiveFinding:
    rule: str
    severity: str
    message: str
    text: str
    suggestion: str
    start: int
    end: int


@dataclass
class LiveReview:
    boxes: dict[str, list[LiveFinding]] = field(default_factory=dict)
    score: float | None = None
    verdict: str = ""
    millis: float = 0.0
    quick: bool = False  # only the changed part was reviewed (see live_review)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.boxes.values())


def box_for(key: str | None) -> str:
    """The findings box of a rendered field: the item, the aspect group, the section, or the general one."""
    if key is None:
        return GENERAL
    kind, _, rest = key.partition("-")
    if kind == "item":
        return f"item-{rest}"
    if kind in ("gn", "gp"):
        return f"grp-{rest}"
    if kind in ("sh", "sp"):
        return f"sec-{rest}"
    if key in ("opening", "closing", "unplaced"):
        return key
    return GENERAL


def boxes_of(draft: EditorDraft) -> list[str]:
    """Every findings box the editor page shows for this draft."""
    found = [GENERAL, "opening"]
    for section in draft.sections:
        found.append(f"sec-{section.key}")
        for group in section.groups:
            found.append(f"grp-{group.id}")
            found.extend(f"item-{item.id}" for item in group.items)
    return [*found, "unplaced", "closing"]


def _field_at(rendered: Rendered, offset: int) -> str | None:
    for key, (start, end) in rendered.spans.items():
        if start <= offset < end or (start == end == offset):
            return key
    return None


def live_review(
    draft: EditorDraft,
    *,
    framework: str | None,
    profile: OrgProfile,
    opinions: Sequence[str] = (),
    carried: Sequence[str] = (),
    session: Hashable | None = None,
    full: bool = False,
) -> LiveReview:
    """Findings for the draft as it stands, by box. Empty drafts have none.

    With a ``session`` (one per draft), a pause while typing inside items reviews only what changed when
    the last whole-text review of that session is younger than FULL_EVERY seconds and the structure is the
    same: proofreading is fresh for every line (cached per line), the other findings are the last review's,
    minus those whose words are gone from the item being typed (``LiveReview.quick``). ``full`` forces a
    whole-text review (the page asks for one a few seconds after a quick answer).
    """
    began = time.perf_counter()
    rendered = render(draft)
    if not rendered.text.strip():
        return LiveReview()
    texts = {k: rendered.text[a:b] for k, (a, b) in rendered.spans.items()}
    frame = (tuple(rendered.spans), framework, profile, tuple(opinions), tuple(carried))
    whitelist = (profile.unit or "", profile.region or "")
    last = _LAST.get(session) if session is not None and not full else None
    if last is not None and last.frame == frame and time.monotonic() - last.at < FULL_EVERY:
        changed = [k for k, v in texts.items() if last.texts.get(k) != v]
        if all(k.startswith("item-") for k in changed):
            return _quick(rendered, texts, changed, last, whitelist, began)
    # The same text and placement reviewed a moment ago (a blur after a keyup, a settle request after a
    # quick answer with nothing typed since): the answer is the same.
    key = (
        rendered.text,
        tuple(sorted(rendered.spans.items())),
        framework,
        profile,
        tuple(opinions),
        tuple(carried),
    )
    if key in _MEMO:
        _MEMO.move_to_end(key)
        result = _MEMO[key]
    else:
        result = _full(rendered, framework, profile, opinions, carried, whitelist)
        _remember(_MEMO, key, result, _MEMO_SIZE)
    if session is not None:
        kept = {b: [f for f in fs if f.rule != PROOFREAD_RULE] for b, fs in result.boxes.items()}
        _remember(
            _LAST, session, _Last(time.monotonic(), frame, texts, kept, result.score, result.verdict), 512
        )
    return LiveReview(result.boxes, result.score, result.verdict, (time.perf_counter() - began) * 1000)


@dataclass(frozen=True)
class _Last:
    at: float
    frame: tuple[Any, ...]
    texts: dict[str, str]
    boxes: dict[str, list[LiveFinding]]  # without proofreading
    score: float | None
    verdict: str


FULL_EVERY = 4.0  # seconds: the longest a finding other than proofreading may lag behind the text
_LAST: OrderedDict[Hashable, _Last] = OrderedDict()


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any, size: int) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > size:
        cache.popitem(last=False)


def _header(rendered: Rendered) -> list[tuple[int, int]]:
    return [rendered.spans[k] for k in ("title", "byline") if k in rendered.spans]


def _full(
    rendered: Rendered,
    framework: str | None,
    profile: OrgProfile,
    opinions: Sequence[str],
    carried: Sequence[str],
    whitelist: tuple[str, str],
) -> LiveReview:
    result = LiveReview()
    report = analysis.parse_pasted(rendered.text, framework=framework, name="editor")
    review = _check(report, profile=profile, opinions=opinions, carried=carried)
    found = [_from_core(f) for f in review.findings]
    found += _proofread(report.text, whitelist=whitelist, header=_header(rendered))
    for finding in sorted(found, key=lambda f: (f.start, f.rule)):
        result.boxes.setdefault(box_for(_field_at(rendered, finding.start)), []).append(finding)
    result.score, result.verdict = review.score, review.verdict
    return result


def _quick(
    rendered: Rendered,
    texts: dict[str, str],
    changed: list[str],
    last: _Last,
    whitelist: tuple[str, str],
    began: float,
) -> LiveReview:
    touched = {box_for(k): texts[k] for k in changed}
    boxes: dict[str, list[LiveFinding]] = {}
    for box, found in last.boxes.items():
        if box in touched:  # fixing a finding removes it: keep only those whose words are still there
            found = [f for f in found if f.text and f.text in touched[box]]
        if found:
            boxes[box] = list(found)
    for finding in _proofread(rendered.text, whitelist=whitelist, header=_header(rendered)):
        boxes.setdefault(box_for(_field_at(rendered, finding.start)), []).append(finding)
    millis = (time.perf_counter() - began) * 1000
    return LiveReview(boxes, last.score, last.verdict, millis, quick=True)


def _check(report: Any, *, profile: OrgProfile, opinions: Sequence[str], carried: Sequence[str]) -> Any:
    from mingjing.facade import CheckConfig, OrgProfile, check_report

    org = OrgProfile(unit=profile.unit or None, level=profile.level or None, region=profile.region or None)
    config = CheckConfig(
        profile=org,
        opinions=tuple(o.strip() for o in opinions if o.strip()),
        disabled=frozenset({PROOFREAD_RULE}),  # run below, line by line
    )
    return check_report(report, config=config, carried=carried)


def _from_core(finding: Any) -> LiveFinding:
    return LiveFinding(
        finding.rule,
        str(finding.severity.value),
        finding.message,
        finding.text,
        finding.suggestion or "",
        finding.start,
        finding.end,
    )


def _proofread(text: str, *, whitelist: Sequence[str], header: list[tuple[int, int]]) -> list[LiveFinding]:
    names = tuple(sorted(w for w in whitelist if w))
    found: list[LiveFinding] = []
    offset = 0
    for line in text.split("\n"):
        if not any(s <= offset < e for s, e in header):
            found.extend(_shift(hit, offset) for hit in proofread_line(line, names))
        offset += len(line) + 1
        if len(found) >= _PROOFREAD_MAX:
            break
    return found[:_PROOFREAD_MAX]


def _shift(hit: LiveFinding, offset: int) -> LiveFinding:
    return LiveFinding(
        hit.rule, hit.severity, hit.message, hit.text, hit.suggestion, hit.start + offset, hit.end + offset
    )


@lru_cache(maxsize=4096)
def proofread_line(line: str, whitelist: tuple[str, ...]) -> tuple[LiveFinding, ...]:
    """The proofreader's findings in one line, filtered as the core's slip.proofread rule filters them."""
    from mingjing.facade import ProofreadDataError, proofread_text, to_simplified
    from mingjing.facade import covered_by_other_slip_rules as _covered_elsewhere

    if not line.strip():
        return ()
    try:
        hits = proofread_text(line, whitelist=whitelist)
    except ProofreadDataError:
        return ()
    quoted = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(line)]
    mline = to_simplified(line)
    kept = []
    for hit in hits:
        if any(s <= hit.start < e for s, e in quoted) or _covered_elsewhere(mline, hit.start, hit.end):
            continue
        if hit.rule == "proofread.duplicated" and len(hit.text) >= 2:
            continue  # slip.repeated-word reports it
        suggestion = hit.suggestion or f"删去“{hit.text}”。"
        severity = str(getattr(hit.severity, "value", hit.severity))
        kept.append(
            LiveFinding(PROOFREAD_RULE, severity, hit.message, hit.text, suggestion, hit.start, hit.end)
        )
    return tuple(kept)
