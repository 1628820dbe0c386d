"""The live answer's HTML, built directly: a pause in typing re-renders every findings box of the page, and
the template engine would cost more than the review itself for a long report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.html import escape, format_html

from mingjing_web.editor.live import LiveFinding, LiveReview

SETTLE_MS = 4500  # after a quick answer: the whole-text review if nothing else was sent meanwhile


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def finding_html(f: LiveFinding) -> str:
    suggestion = (
        format_html(' <span class="suggest">建议：{}</span>', _clip(f.suggestion, 60)) if f.suggestion else ""
    )
    mark = format_html("<mark>{}</mark> ", _clip(f.text, 24)) if f.text else ""
    return format_html(
        '\n  <p class="finding sev-{}" data-rule="{}"><span class="sev">{}</span> {}{}{}</p>',
        f.severity,
        f.rule,
        f.severity,
        mark,
        f.message,
        suggestion,
    )


def passage_html(p: Mapping[str, Any]) -> str:
    similarity = p.get("similarity")
    share = f"（相似度 {round(float(similarity) * 100)}%）" if similarity else ""
    return format_html(
        '\n  <p class="finding copy" data-rule="reuse.copy"><span class="sev">复制</span> <mark>{}</mark> '
        "与“{}”相同{}。请改用自己的经历和认识来写。</p>",
        _clip(str(p.get("text", "")), 30),
        p.get("source") or "资料库",
        share,
    )


# A box lists at most this many findings and counts the rest (the page template caps the same way):
# the general box of a long draft may gather hundreds, and every pause in typing re-sends every box.
BOX_CAP = 30


def more_html(hidden: int) -> str:
    """The line that counts the findings a box does not list."""
    if hidden <= 0:
        return ""
    return format_html(
        '\n  <p class="finding more muted" data-testid="box-more">另有 {} 条提示未列出，请先修改以上问题。</p>',
        hidden,
    )


def box_html(
    box: str, findings: Iterable[LiveFinding], passages: Iterable[Mapping[str, Any]], *, oob: bool
) -> str:
    listed = list(findings)
    inner = (
        "".join(finding_html(f) for f in listed[:BOX_CAP])
        + more_html(len(listed) - BOX_CAP)
        + "".join(passage_html(p) for p in passages)
    )
    swap = ' hx-swap-oob="true"' if oob else ""
    return f'<div id="fb-{escape(box)}" class="findings"{swap} data-testid="fb-{escape(box)}">{inner}</div>'


def number_html(item_id: str, number: str) -> str:
    return format_html(
        '<span class="num" id="num-{}" data-testid="num-{}" hx-swap-oob="true">{}</span>',
        item_id,
        item_id,
        number or "（待写）",
    )


def live_html(
    *,
    review: LiveReview,
    boxes: Iterable[str],
    passages: Mapping[str, list[dict[str, Any]]],
    numbers: Mapping[str, str],
    item_ids: Iterable[str],
    settle_url: str | None = None,
) -> str:
    """Status, score, every findings box and every item number, as htmx out-of-band swaps.

    After a quick answer (only the changed part reviewed) ``settle_url`` asks for a whole-text review a few
    seconds later, so that nothing stays behind when the writer stops typing."""
    now = timezone.localtime().strftime("%H:%M:%S")
    parts = [
        f'<p id="save-state" hx-swap-oob="true" class="save-state" role="status">已自动保存 {now} · '
        f"审阅用时 {review.millis:.0f} 毫秒</p>",
        _score_html(review),
    ]
    parts += [box_html(b, review.boxes.get(b, []), passages.get(b, []), oob=True) for b in boxes]
    parts += [number_html(i, numbers.get(i, "")) for i in item_ids]
    parts.append(settle_html(settle_url))
    return "\n".join(parts)


def settle_html(url: str | None) -> str:
    if url is None:
        return '<div id="live-settle" hx-swap-oob="true" hidden></div>'
    return format_html(
        '<div id="live-settle" hx-swap-oob="true" hidden hx-post="{}" hx-trigger="load delay:{}ms" '
        'hx-include="#editor-form" hx-vals=\'{{"settle": "1"}}\' hx-swap="none" '
        'hx-sync="#editor-form:replace"></div>',
        url,
        SETTLE_MS,
    )


def _score_html(review: LiveReview) -> str:
    if not review.verdict:
        return '<p id="score" hx-swap-oob="true" class="score">尚无内容</p>'
    from mingjing_web.numbers import score_text

    score = score_text(review.score)
    return format_html(
        '<p id="score" hx-swap-oob="true" class="score">当前 {} 分 · {} · {} 处提示</p>',
        score,
        review.verdict,
        review.count,
    )
