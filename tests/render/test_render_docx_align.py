"""Aligning the reader's paragraphs with the .docx paragraphs."""

from __future__ import annotations

import pytest

from mingjing.render.docx_align import align_paragraphs


def _check(src: list[str], dst: list[str]) -> list[list[tuple[int, int] | None]]:
    alignment = align_paragraphs(src, dst)
    assert [len(chars) for chars in alignment] == [len(t) for t in src]
    for i, chars in enumerate(alignment):
        for k, loc in enumerate(chars):
            if loc is not None:
                assert dst[loc[0]][loc[1]] == src[i][k]  # a mapped character is the same character
    return alignment


def test_identical_paragraphs_map_one_to_one() -> None:
    src = ["一、存在问题", "", "学习不深。"]
    assert _check(src, list(src)) == [[(0, k) for k in range(6)], [], [(2, k) for k in range(5)]]


def test_dropped_and_extra_paragraphs() -> None:
    alignment = _check(["甲乙", "丙丁"], ["甲乙", "", "多出来的", "丙丁"])
    assert alignment[1] == [(3, 0), (3, 1)]


def test_a_cell_read_as_one_paragraph() -> None:
    alignment = _check(["标题", "第一段\n第二段", "结尾"], ["标题", "第一段", "第二段", "结尾"])
    assert alignment[1][0] == (1, 0) and alignment[1][4] == (2, 0)
    assert alignment[1][3] is None  # the joining newline exists only in the reader's text


@pytest.mark.parametrize("dst", [["  甲乙丙  "], ["甲\u00a0乙丙"], ["甲乙丙丁"]])
def test_small_differences_keep_the_rest_mapped(dst: list[str]) -> None:
    alignment = _check(["甲乙丙"], dst)
    assert sum(loc is not None for loc in alignment[0]) >= 2
