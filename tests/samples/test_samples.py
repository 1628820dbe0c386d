"""The shipped sample material: encoding, claimed structure, annotations, metadata, and no copied seed text.

The structural checks here are deliberately simple and independent of the parser: headings are found as
lines that start with an optional number label, and items are counted by their numbering markers.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import pytest
from opencc import OpenCC

import mingjing.samples as samples

_T2S = OpenCC("t2s")
ALL_TEXTS = sorted(samples.SAMPLES_DIR.rglob("*.txt"))
DATA_FILES = sorted([*samples.SAMPLES_DIR.rglob("*.toml"), *samples.SAMPLES_DIR.rglob("*.json")])
DEMO_FILES = [m.path for m in samples.demo_members()]
SHAPES = samples.shape_reports()
TEMPLATES = samples.template_entries()
ANNOTATIONS = samples.demo_annotations()

NUM = "[一二三四五六七八九十]+"
LABEL = rf"(?:[（(]{NUM}[)）]|{NUM}、|\d+[、.．]|第{NUM}[，,、]|[（(]\d+[)）])"
ITEM_STYLES = {
    "一是": re.compile(rf"(?m)(?:^|(?<=[。：；:;]))({NUM})是"),
    "（一）": re.compile(rf"(?m)^[（(]({NUM})[)）]"),
    "第一": re.compile(rf"(?m)^第({NUM})[，,、]"),
    "1.": re.compile(r"(?m)^(\d+)[、.．](?!\d)"),
    "（1）": re.compile(r"(?m)^[（(](\d+)[)）]"),
}
PLACEHOLDER = re.compile(r"[XxＸ]{2,}|\*{2,}|＊{2,}|×{2,}|○{2,}")
SEED_WINDOW = 40  # no run of this many characters may be shared with a seed


def plain(text: str) -> str:
    """Drop stray spaces (web pastes put them between characters) but keep line breaks."""
    return re.sub(r"[ \t\u3000\u00a0]", "", text)


def squeeze(text: str) -> str:
    return "".join(text.split())


def ordinal(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    digits = "一二三四五六七八九"
    if numeral.startswith("十"):
        return 10 + (digits.index(numeral[1]) + 1 if len(numeral) > 1 else 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (digits.index(tens) + 1) * 10 + (digits.index(ones) + 1 if ones else 0)
    return digits.index(numeral) + 1


def find_heading(text: str, heading: str, start: int) -> tuple[int, int]:
    """Start and end of the first line after ``start`` that is ``heading`` behind an optional number."""
    pattern = re.compile(rf"(?m)^{LABEL}?{re.escape(heading)}(?=[。：:.\n]|$)")
    match = pattern.search(text, start)
    assert match, f"标题“{heading}”没有在第 {start} 个字符之后以单独一行出现"
    return match.start(), match.end()


def count_items(section: str) -> int:
    """Top-level items of a section: the numbering style met first, counted while its numbers run 1, 2, 3 …"""
    firsts = [(m.start(), style) for style, rx in ITEM_STYLES.items() if (m := rx.search(section))]
    if not firsts:
        return 0
    style = min(firsts)[1]
    count = 0
    for match in ITEM_STYLES[style].finditer(section):
        if ordinal(match.group(1)) != count + 1:
            break
        count += 1
    return count


def check_structure(text: str, expected: dict[str, Any]) -> None:
    """Headings in the claimed order, and the claimed number of items between them."""
    text = plain(text)
    problems = expected["problems"]
    _, cursor = find_heading(text, problems["heading"], 0)
    bounds: list[tuple[int, int, int, str]] = []  # (heading start, heading end, expected items, name)
    for aspect in problems["aspects"]:
        start, cursor = find_heading(text, aspect["heading"], cursor)
        bounds.append((start, cursor, aspect["items"], aspect["heading"]))
    for part in ("causes", "measures"):
        if expected[part] is not None:
            start, cursor = find_heading(text, expected[part]["heading"], cursor)
            bounds.append((start, cursor, expected[part]["items"], expected[part]["heading"]))
    ends = [b[0] for b in bounds[1:]] + [len(text)]
    for (_, body_start, items, name), end in zip(bounds, ends, strict=True):
        assert count_items(text[body_start:end]) == items, f"“{name}”下应有 {items} 条"


def check_meta(text: str, expected: dict[str, Any]) -> None:
    simplified = _T2S.convert(text)
    assert expected["meeting_kind"] in simplified
    for aspect in expected["problems"]["aspects"]:
        if aspect["aspect"] is not None:
            # A 带头 aspect's canonical name is a sentence; units paraphrase its second half.
            assert aspect["aspect"].split("，")[0] in _T2S.convert(aspect["heading"])
    if expected["causes"] is None:
        assert not re.search(r"(?m)^[一二三四五六]、.*(原因|根源|剖析)", plain(text))


def seed_sentences(seeds_dir: Path) -> list[str]:
    sentences = []
    for seed in sorted(seeds_dir.glob("*.txt")):
        for piece in re.split(r"[。！？!?；;\n]", seed.read_text("utf-8")):
            if len(squeeze(piece)) >= 20:
                sentences.append(squeeze(piece))
    return sentences


def name(path: Path) -> str:
    return str(path.relative_to(samples.SAMPLES_DIR))


# ---------------------------------------------------------------------------
# Every file
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_TEXTS + DATA_FILES, ids=name)
def test_file_is_clean_utf8(path: Path) -> None:
    data = path.read_bytes()
    text = data.decode("utf-8")  # strict: raises on any invalid byte
    assert not text.startswith("\ufeff") and "\r" not in text and text.endswith("\n")


@pytest.fixture(scope="module")
def sentences(seeds_dir: Path) -> list[str]:
    found = seed_sentences(seeds_dir)
    assert found, "没有读到种子材料的句子"
    return found


@pytest.fixture(scope="module")
def seed_grams(seeds_dir: Path) -> set[str]:
    grams: set[str] = set()
    for seed in seeds_dir.glob("*.txt"):
        body = squeeze(seed.read_text("utf-8"))
        grams.update(body[i : i + SEED_WINDOW] for i in range(len(body) - SEED_WINDOW + 1))
    return grams


@pytest.mark.parametrize("path", ALL_TEXTS, ids=name)
def test_no_seed_sentence_is_copied(path: Path, sentences: list[str]) -> None:
    raw = path.read_text("utf-8")
    for text in {squeeze(raw), squeeze(_T2S.convert(raw))}:
        assert not [s for s in sentences if s in text]


@pytest.mark.parametrize("path", ALL_TEXTS, ids=name)
def test_no_long_run_shared_with_seeds(path: Path, seed_grams: set[str]) -> None:
    text = squeeze(_T2S.convert(path.read_text("utf-8")))
    windows = (text[i : i + SEED_WINDOW] for i in range(len(text) - SEED_WINDOW + 1))
    assert not [w for w in windows if w in seed_grams]


def test_every_text_is_catalogued() -> None:
    listed = set(DEMO_FILES) | {t.path for t in TEMPLATES} | {p for p, _ in SHAPES}
    assert set(ALL_TEXTS) == listed


# ---------------------------------------------------------------------------
# Structure claimed by the expectations
# ---------------------------------------------------------------------------


DEMO_EXPECTED = samples.demo_expectations()


@pytest.mark.parametrize("path", DEMO_FILES, ids=name)
def test_demo_report_has_claimed_structure(path: Path) -> None:
    text = path.read_text("utf-8")
    assert 3500 <= len(text) <= 6000
    check_structure(text, DEMO_EXPECTED[path.name])
    check_meta(text, DEMO_EXPECTED[path.name])


@pytest.mark.parametrize(("path", "expected"), SHAPES, ids=[name(p) for p, _ in SHAPES])
def test_shape_report_has_claimed_structure(path: Path, expected: dict[str, Any]) -> None:
    text = path.read_text("utf-8")
    assert 1500 <= len(text) <= 4000
    check_structure(text, expected)
    check_meta(text, expected)


def test_expectations_cover_exactly_the_demo_files() -> None:
    assert set(DEMO_EXPECTED) == {p.name for p in DEMO_FILES}


def test_shape_headings_of_traditional_report_are_traditional() -> None:
    expected = next(e for p, e in SHAPES if "繁" in p.name)
    headings = [expected["problems"]["heading"]] + [a["heading"] for a in expected["problems"]["aspects"]]
    assert all(_T2S.convert(h) != h for h in headings)


# ---------------------------------------------------------------------------
# Demo 班子 and annotations
# ---------------------------------------------------------------------------


def test_demo_members() -> None:
    members = samples.demo_members()
    assert len(members) == 5 and len({m.name for m in members}) == 5
    assert [m.role for m in members] == ["主要负责人"] + ["班子成员"] * 4
    assert "党组书记" in members[0].title
    org = samples.demo_organisation()
    assert org.level == "县级" and org.meeting.startswith("2023年度")


def test_annotations_cover_each_member_once() -> None:
    members = {m.path: m.name for m in samples.demo_members()}
    assert {r.path: r.member for r in ANNOTATIONS} == members
    assert sum(r.clean for r in ANNOTATIONS) == 1


def test_flaw_mixes() -> None:
    kinds = [frozenset(f.kind for f in r.flaws) for r in ANNOTATIONS if not r.clean]
    assert set().union(*kinds) == set(samples.FLAW_KINDS)  # every kind is exemplified
    assert len(set(kinds)) == len(kinds)  # a different mix in each report
    assert all(not r.flaws for r in ANNOTATIONS if r.clean)


FLAWS = [(r, f) for r in ANNOTATIONS for f in r.flaws]


@pytest.mark.parametrize(
    ("report", "flaw"), FLAWS, ids=[f"{r.member}-{f.kind}-{i}" for i, (r, f) in enumerate(FLAWS)]
)
def test_flaw_quote_is_verbatim(report: samples.ReportAnnotations, flaw: samples.Flaw) -> None:
    text = report.path.read_text("utf-8")
    assert flaw.quote and text.count(flaw.quote) == flaw.count
    if flaw.source is not None:
        assert flaw.source_quote and flaw.source_quote in flaw.source.read_text("utf-8")
    if flaw.peer is not None:
        assert flaw.quote in flaw.peer.read_text("utf-8")


COPIES = [(r, f) for r, f in FLAWS if f.kind in ("template-copy", "past-report-reuse")]


@pytest.mark.parametrize(
    ("report", "flaw"), COPIES, ids=[f"{r.member}-{i}" for i, (r, f) in enumerate(COPIES)]
)
def test_copied_passages_point_at_the_right_source(
    report: samples.ReportAnnotations, flaw: samples.Flaw
) -> None:
    entry = next(t for t in TEMPLATES if t.path == flaw.source)
    if flaw.kind == "template-copy":
        assert entry.kind == "template"
    else:
        assert entry.kind == "past-report" and entry.owner == report.member
    assert flaw.source_quote is not None
    match = difflib.SequenceMatcher(None, flaw.quote, flaw.source_quote, autojunk=False).find_longest_match()
    assert match.size >= 20  # long enough for a 20-character copy detector to catch


def test_shared_paragraphs_are_annotated_on_both_sides() -> None:
    shared = {(r.path, f.peer, f.quote) for r, f in FLAWS if f.kind == "shared-paragraph"}
    assert shared and all((peer, path, quote) in shared for path, peer, quote in shared)


def test_missing_aspect_is_really_missing() -> None:
    for report, flaw in FLAWS:
        if flaw.kind == "missing-aspect":
            assert flaw.aspect and flaw.aspect in flaw.quote
            assert flaw.aspect + "方面" not in report.path.read_text("utf-8")
            aspects = [a["aspect"] for a in DEMO_EXPECTED[report.path.name]["problems"]["aspects"]]
            assert flaw.aspect not in aspects


def test_count_mismatch_matches_expectations() -> None:
    for report, flaw in FLAWS:
        if flaw.kind == "count-mismatch":
            assert flaw.claimed is not None and flaw.claimed != flaw.actual
            assert "一二三四五六七八九十"[flaw.claimed - 1] in flaw.quote
            assert DEMO_EXPECTED[report.path.name]["causes"]["items"] == flaw.actual


@pytest.mark.parametrize("path", DEMO_FILES, ids=name)
def test_every_placeholder_is_annotated(path: Path) -> None:
    text = path.read_text("utf-8")
    quotes = [f.quote for r, f in FLAWS if r.path == path and f.kind == "placeholder"]
    covered = {i for q in quotes for m in re.finditer(re.escape(q), text) for i in range(m.start(), m.end())}
    assert all(set(range(m.start(), m.end())) <= covered for m in PLACEHOLDER.finditer(text))


def test_clean_report_has_none_of_the_annotated_faults() -> None:
    clean = next(r for r in ANNOTATIONS if r.clean)
    text = clean.path.read_text("utf-8")
    assert not PLACEHOLDER.search(text)
    faults = ("wrong-formulation", "level-mismatch", "doubled-word", "vague-problem", "slogan-measure")
    assert not [f.quote for _, f in FLAWS if f.kind in faults and f.quote in text]


# ---------------------------------------------------------------------------
# Template library
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", TEMPLATES, ids=lambda e: e.path.name)
def test_template_entry_matches_its_file(entry: samples.TemplateEntry) -> None:
    text = entry.path.read_text("utf-8")
    assert 1500 <= len(text) <= 4000
    assert entry.title and entry.source and 2015 <= entry.year <= 2030
    first_line = text.split("\n", 1)[0]
    if entry.kind == "template":
        assert first_line == entry.title and entry.owner is None
    else:
        assert first_line in entry.title and entry.owner and entry.owner in text


def test_past_reports_belong_to_demo_members_and_the_previous_year() -> None:
    year = re.match(r"\d{4}", samples.demo_organisation().meeting)
    assert year
    meeting_year = int(year.group())
    past = [t for t in TEMPLATES if t.kind == "past-report"]
    assert len(past) == 2
    names = {m.name for m in samples.demo_members()}
    assert all(t.owner in names and t.year == meeting_year - 1 for t in past)


def test_templates_carry_placeholders() -> None:
    """Online 范文 leave XX/** for the buyer to fill: most of ours should show it."""
    templates = [t for t in TEMPLATES if t.kind == "template"]
    with_placeholder = [t for t in templates if PLACEHOLDER.search(t.path.read_text("utf-8"))]
    assert 8 <= len(templates) <= 12 and len(with_placeholder) >= len(templates) // 2
