"""The colleagues similarity matrix of a meeting: heat map and clusters, cached per set of versions.

Computed from the latest version of every report with ``mingjing.reuse.matrix.reuse_matrix`` the
first time the dashboard needs it after a change, then served from ``SimilarityCache``.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from mingjing_web.meetings.models import Meeting
from mingjing_web.reports.models import ReportVersion, SimilarityCache
from mingjing_web.reports.selectors import report_list


def _latest(meeting: Meeting) -> list[tuple[str, int]]:
    """(member name, latest version id) of every report with a version, in a stable order."""
    reports = [r for r in report_list(meeting=meeting) if r.latest_id]
    return sorted(((r.author.display_name, int(r.latest_id)) for r in reports), key=lambda x: x[1])  # type: ignore[arg-type]


def _key(latest: list[tuple[str, int]]) -> str:
    return ",".join(str(version_id) for _, version_id in latest)


def _compute(latest: list[tuple[str, int]]) -> tuple[dict[str, Any], bytes]:
    from mingjing.reuse.matrix import reuse_matrix, write_heatmap
    from mingjing.reuse.result import QueryText

    texts = dict(ReportVersion.objects.filter(pk__in=[v for _, v in latest]).values_list("pk", "text"))
    names = [name for name, _ in latest]
    matrix = reuse_matrix([QueryText.from_text(texts[v], name=n) for n, v in latest], names=names)
    dense = matrix.dense().round(4).tolist()
    data = {
        "names": names,
        "matrix": dense,
        "clusters": [[names[i] for i in group] for group in matrix.clusters],
    }
    with tempfile.TemporaryDirectory(prefix="mingjing-") as folder:
        path = Path(folder) / "heatmap.png"
        write_heatmap(matrix, path)
        png = path.read_bytes()
    return data, png


def similarity_get(*, meeting: Meeting) -> SimilarityCache | None:
    """The cached matrix for the current versions, computing it when missing or stale; None under two reports."""
    latest = _latest(meeting)
    if len(latest) < 2:
        return None
    key = _key(latest)
    cached = SimilarityCache.objects.filter(meeting=meeting).first()
    if cached is not None and cached.key == key:
        return cached
    data, png = _compute(latest)
    cached, _ = SimilarityCache.objects.update_or_create(
        meeting=meeting, defaults={"key": key, "matrix_json": data, "heatmap_png": png}
    )
    return cached


def similarity_view(*, meeting: Meeting) -> dict[str, Any] | None:
    """What the dashboard shows: names, rows of the matrix, clusters, and a cache-busting key."""
    cached = similarity_get(meeting=meeting)
    if cached is None:
        return None
    data = cached.matrix_json
    names = list(data.get("names", []))
    return {
        "names": names,
        "rows": list(zip(names, data.get("matrix", []), strict=False)),
        "clusters": data.get("clusters", []),
        "has_png": bool(cached.heatmap_png),
        "key_hash": hashlib.sha1(cached.key.encode()).hexdigest()[:10],
    }


def heatmap_png(*, meeting: Meeting) -> bytes:
    cached = similarity_get(meeting=meeting)
    return bytes(cached.heatmap_png) if cached is not None else b""
