"""All pairs of a meeting's reports: matrix, shared passages, clusters, xlsx and PNG."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from openpyxl import load_workbook

from mingjing.reuse.matrix import reuse_matrix, write_heatmap, write_xlsx
from tests.conftest import seed_files


def _meeting() -> tuple[list[str], list[str]]:
    """The five seeds plus two reports one hand wrote from the same paragraphs of seed 0."""
    texts = [f.read_text("utf-8") for f in seed_files()]
    paras = [p for p in texts[0].split("\n") if len(p) > 150]
    rng = np.random.default_rng(2)
    own = [
        rng.integers(0x9000, 0x9F00, 800).astype(np.uint32).tobytes().decode("utf-32-le") for _ in range(2)
    ]
    ghost_a = own[0] + "\n" + paras[1] + "\n" + paras[4]
    ghost_b = paras[4] + "\n" + own[1] + "\n" + paras[1]
    return [*texts, ghost_a, ghost_b], [f.name for f in seed_files()] + ["ghost_a", "ghost_b"]


def test_ghost_written_reports_form_a_cluster_and_seeds_stay_apart() -> None:
    texts, names = _meeting()
    matrix = reuse_matrix(texts, names=names)
    assert matrix.clusters == ((0, 5, 6),)
    ghost = matrix.pair(5, 6)
    assert ghost is not None and ghost.similarity > 0.1
    copies = [s for s in ghost.passages if s.kind == "copy"]
    assert len(copies) == 2
    for s in copies:
        assert texts[5][s.a_start : s.a_end].strip("。") in texts[6]
    dense = matrix.dense()
    assert dense.shape == (7, 7) and np.allclose(dense, dense.T)
    seeds_only = dense[:5, :5] - np.eye(5)
    assert seeds_only.max() < 0.01


def test_xlsx_and_heatmap_are_written(tmp_path: Path) -> None:
    texts, names = _meeting()
    matrix = reuse_matrix(texts, names=names)
    write_xlsx(matrix, tmp_path / "m.xlsx")
    write_heatmap(matrix, tmp_path / "m.png")
    wb = load_workbook(tmp_path / "m.xlsx")
    assert wb.sheetnames == ["相似度矩阵", "成对相同段落", "疑似同一人代写"]
    assert wb["相似度矩阵"].cell(row=1, column=2).value == names[0]
    assert "ghost_a" in wb["疑似同一人代写"].cell(row=2, column=2).value
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
