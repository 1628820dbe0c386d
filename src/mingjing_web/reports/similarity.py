"""The colleagues similarity matrix of a meeting: heat map, pairs from both sides, clusters.

Computed from the latest version of every report with ``mingjing.reuse.matrix.reuse_matrix`` the
first time a page needs it after a change, then served from ``SimilarityCache`` (the heat-map picture on
its own first request: pages never wait for it). In the server a saved version queues a background
refresh instead, and report pages show the last matrix until it lands (``similarity_refresh_soon``). Members come
in the dashboard's order (the 主要负责人 first, then by name) on both axes; the colour scale is fixed
at 0–100 % so a colour means the same in every meeting; a group is "疑似同一人代写" only when a pair in
it reaches the threshold measured on real pairs (``mingjing/reuse/data/thresholds.toml``,
docs/reuse.md), never because of a few shared formulations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from mingjing_web.meetings.models import Meeting
from mingjing_web.reports.models import Report, ReportVersion, SimilarityCache
from mingjing_web.reports.selectors import report_list
from mingjing_web.threads import LazyPool

FORMAT = "v2"  # bumped when the cached JSON changes shape
# After a version is saved, report pages show the last matrix for this long while the server refreshes it
# (similarity_refresh_soon); a refresh lost with its process is then no longer waited for.
REFRESH_GRACE = dt.timedelta(seconds=60)
# A burst of uploads (a meeting's import) is one refresh: the background thread waits this long first.
REFRESH_SETTLE_SECONDS = 1.0
MAX_PASSAGES = 12  # shared passages kept per pair for the side-by-side view
HEATMAP_TITLE = "班子成员对照检查材料相互复制比例"


def _latest(meeting: Meeting) -> list[tuple[str, int, int]]:
    """(member name, latest version id, report id) of every report with a version, in the dashboard's
    order: the meeting's 班子 snapshot (主要负责人 first, then by name), then anyone else by name."""
    from mingjing_web.meetings.selectors import meeting_members

    order = {m.membership_id: i for i, m in enumerate(meeting_members(meeting=meeting))}
    reports = [r for r in report_list(meeting=meeting) if r.latest_id]
    reports.sort(key=lambda r: (order.get(r.author_id, len(order)), r.author.display_name, r.pk))
    return [(r.author.display_name, int(r.latest_id), int(r.pk)) for r in reports if r.latest_id is not None]


def _key(latest: list[tuple[str, int, int]]) -> str:
    return FORMAT + ":" + ",".join(f"{version_id}" for _, version_id, _ in latest)


def _pair_json(pair: Any, chars: tuple[int, ...]) -> dict[str, Any]:
    copies = [s for s in pair.passages if s.kind == "copy"]
    copies.sort(key=lambda s: -s.chars)
    return {
        "a": pair.a,
        "b": pair.b,
        "a_share": round(pair.a_copied / max(chars[pair.a], 1), 4),
        "b_share": round(pair.b_copied / max(chars[pair.b], 1), 4),
        "passages": [
            {
                "a_start": s.a_start,
                "a_end": s.a_end,
                "b_start": s.b_start,
                "b_end": s.b_end,
                "chars": s.chars,
            }
            for s in copies[:MAX_PASSAGES]
        ],
    }


def ghostwritten_groups(pairs: list[dict[str, Any]], n: int, threshold: float) -> list[list[int]]:
    """Connected groups of reports tied by pairs whose larger copied share reaches ``threshold``."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if max(p["a_share"], p["b_share"]) >= threshold:
            parent[root(p["a"])] = root(p["b"])
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))


def _compute(latest: list[tuple[str, int, int]], *, heatmap: bool = False) -> tuple[dict[str, Any], bytes]:
    """The matrix JSON and, when asked, the heat-map PNG (b"" otherwise).

    The picture is drawn only for a request of the picture itself (:func:`heatmap_png`): drawing it costs
    ten times the matrix, and after every upload the next page view used to pay for it (issue 14.7).
    """
    from mingjing.facade import QueryText, reuse_matrix, thresholds, write_heatmap

    texts = dict(ReportVersion.objects.filter(pk__in=[v for _, v, _ in latest]).values_list("pk", "text"))
    names = [name for name, _, _ in latest]
    matrix = reuse_matrix([QueryText.from_text(texts[v], name=n) for n, v, _ in latest], names=names)
    pairs = [_pair_json(p, matrix.chars) for p in matrix.pairs]
    # The matrix cell is what the heat map shows: the larger copied share of the two reports.
    dense = [[1.0 if i == j else 0.0 for j in range(len(names))] for i in range(len(names))]
    for p in pairs:
        dense[p["a"]][p["b"]] = dense[p["b"]][p["a"]] = max(p["a_share"], p["b_share"])
    threshold = thresholds().ghostwriting_share
    data = {
        "names": names,
        "versions": [v for _, v, _ in latest],
        "reports": [r for _, _, r in latest],
        "matrix": dense,
        "pairs": pairs,
        "threshold": threshold,
        "clusters": [[names[i] for i in g] for g in ghostwritten_groups(pairs, len(names), threshold)],
    }
    if not heatmap:
        return data, b""
    from dataclasses import replace

    shown = replace(matrix, pairs=tuple(replace(p, similarity=dense[p.a][p.b]) for p in matrix.pairs))
    with tempfile.TemporaryDirectory(prefix="mingjing-") as folder:
        path = Path(folder) / "heatmap.png"
        write_heatmap(shown, path, title=HEATMAP_TITLE)
        png = path.read_bytes()
    return data, png


def similarity_get(*, meeting: Meeting) -> SimilarityCache | None:
    """The cached matrix for the current versions, computing it when missing or stale; None under two reports."""
    return _get(meeting, _latest(meeting), stale_ok=False)


def _get(meeting: Meeting, latest: list[tuple[str, int, int]], *, stale_ok: bool) -> SimilarityCache | None:
    """``stale_ok``: an older matrix will do while the server's background refresh is on its way."""
    if len(latest) < 2:
        return None
    key = _key(latest)
    cached = SimilarityCache.objects.filter(meeting=meeting).first()
    if cached is not None and (cached.key == key or (stale_ok and _refreshing(cached))):
        return cached
    data, png = _compute(latest)
    cached, _ = SimilarityCache.objects.update_or_create(
        meeting=meeting, defaults={"key": key, "matrix_json": data, "heatmap_png": png}
    )
    return cached


def _refreshing(cached: SimilarityCache) -> bool:
    return cached.refresh_until is not None and cached.refresh_until > timezone.now()


# One refresh thread per process, beside the copy index's: a matrix never delays an index update.
_refresher = LazyPool("mingjing-similarity", 1)
_QUEUED: set[int] = set()  # meetings whose refresh is queued and has not started computing yet
_REFRESH_LOCK = threading.Lock()


def similarity_refresh_soon(*, meeting_id: int) -> Future[None] | None:
    """After a version of the meeting is committed, in the server: refresh the matrix in the background.

    The report page an upload redirects to used to recompute the whole matrix first (0.03 CPU-s for a
    few reports, ~0.4 for 58: every report prepared again, every pair sharing text aligned). Now the
    cached matrix is marked as being refreshed and the pages show it until the new one is stored, the
    member's own twins as "being compared". Commands and tests (no background work) leave the matrix
    to the next page that asks, as before. Returns the queued refresh (None when none was queued).
    """
    if not getattr(settings, "MINGJING_BACKGROUND_INDEXING", False):
        return None
    marked = SimilarityCache.objects.filter(meeting_id=meeting_id).update(
        refresh_until=timezone.now() + REFRESH_GRACE
    )
    if not marked:
        return None  # never computed: the first page that asks computes it
    with _REFRESH_LOCK:
        if meeting_id in _QUEUED:
            return None  # the queued refresh will see this version too
        _QUEUED.add(meeting_id)
    return _refresher.submit_quietly(_refresh, meeting_id, what="similarity refresh")


def _refresh(meeting_id: int) -> None:
    time.sleep(REFRESH_SETTLE_SECONDS)
    with _REFRESH_LOCK:
        _QUEUED.discard(meeting_id)
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is not None:
        similarity_get(meeting=meeting)


def similarity_view(*, meeting: Meeting) -> dict[str, Any] | None:
    """What the dashboard shows: names, rows of the matrix, clusters, and a cache-busting key."""
    cached = similarity_get(meeting=meeting)
    if cached is None:
        return None
    data = cached.matrix_json
    names = list(data.get("names", []))
    return {
        "title": HEATMAP_TITLE,
        "names": names,
        "rows": list(zip(names, data.get("matrix", []), strict=False)),
        "clusters": data.get("clusters", []),
        "threshold": data.get("threshold"),
        "has_png": True,  # drawn when the picture is first asked for (heatmap_png)
        "key_hash": hashlib.sha1(cached.key.encode()).hexdigest()[:10],
    }


def heatmap_png(*, meeting: Meeting) -> bytes:
    """The heat map of the current matrix, drawn and kept on its first request after a change."""
    cached = similarity_get(meeting=meeting)
    if cached is None:
        return b""
    if not cached.heatmap_png:
        latest = _latest(meeting)
        _data, png = _compute(latest, heatmap=True)
        # Only if the matrix is still the one drawn (an upload in between made a newer key).
        SimilarityCache.objects.filter(pk=cached.pk, key=_key(latest)).update(heatmap_png=png)
        return png
    return bytes(cached.heatmap_png)


def report_twins(*, report: Report) -> tuple[list[dict[str, Any]], bool]:
    """Colleagues' reports sharing copy passages with ``report``, seen from this report's side: the first
    writer sees the twin as well as the copier does. Each twin has both shares and the shared passages
    side by side (this report's words, the twin's words). Callers decide who may see the twin's name
    and words (``mingjing_web.corpus.source_label`` rules).

    The second value is True while this report's latest version waits for the background refresh of the
    matrix (:func:`similarity_refresh_soon`): its twins are not known yet. Meanwhile pairs with a
    colleague's older version are left out, never shown as if current."""
    latest = _latest(report.meeting)
    cached = _get(report.meeting, latest, stale_ok=True)
    if cached is None:
        return [], False
    data = cached.matrix_json
    reports: list[int] = list(data.get("reports", []))
    versions: list[int] = list(data.get("versions", []))
    current = {report_id: version_id for _, version_id, report_id in latest}
    if report.pk not in reports:
        return [], report.pk in current
    me = reports.index(report.pk)
    if versions[me] != current.get(report.pk):
        return [], True
    shown = {i for i, r in enumerate(reports) if versions[i] == current.get(r)}
    wanted = [
        p
        for p in data.get("pairs", [])
        if me in (p["a"], p["b"]) and p["passages"] and {p["a"], p["b"]} <= shown
    ]
    ids = {versions[i] for p in wanted for i in (p["a"], p["b"])}
    texts = dict(ReportVersion.objects.filter(pk__in=ids).values_list("pk", "text"))
    threshold = float(data.get("threshold") or 1.0)
    out = []
    for p in wanted:
        mine, other = ("a", "b") if p["a"] == me else ("b", "a")
        twin = p[other]
        my_text, twin_text = texts.get(versions[me], ""), texts.get(versions[twin], "")
        out.append(
            {
                "report_id": reports[twin],
                "name": data["names"][twin],
                "my_share": p[f"{mine}_share"],
                "twin_share": p[f"{other}_share"],
                "ghostwritten": max(p["a_share"], p["b_share"]) >= threshold,
                "passages": [
                    {
                        "mine": my_text[s[f"{mine}_start"] : s[f"{mine}_end"]],
                        "theirs": twin_text[s[f"{other}_start"] : s[f"{other}_end"]],
                        "chars": s["chars"],
                    }
                    for s in p["passages"]
                ],
            }
        )
    return sorted(out, key=lambda t: -max(t["my_share"], t["twin_share"])), False


def copy_confirmation_needed(*, copy_ratio: float) -> str | None:
    """The sentence an approval must be confirmed against when the copy ratio (against colleagues or
    the library) reaches ``confirm_copy_ratio`` (thresholds.toml); None below it. For the approval
    path: refuse unless the reviewer ticked the confirmation, then record :func:`copy_verdict_note`."""
    from mingjing.facade import thresholds

    limit = thresholds().confirm_copy_ratio
    if copy_ratio < limit:
        return None
    return (
        f"本材料与同事材料或范文的复制比例为 {copy_ratio:.0%}，达到 {limit:.0%}，"
        "请核实雷同段落后勾选“已核实复制情况”再通过。"
    )


def copy_verdict_note(*, copy_ratio: float) -> str:
    """What an approved verdict says when the reviewer confirmed a high copy ratio."""
    return f"复制比例 {copy_ratio:.0%}，审核人已核实后通过"
