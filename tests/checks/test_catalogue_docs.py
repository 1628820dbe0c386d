"""The documentation of the rules is generated from the catalogue and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from mingjing.checks.catalogue_docs import count_phrase, sync_docs, synced_readme, synced_rules_doc
from mingjing.checks.registry import list_rules

ROOT = Path(__file__).resolve().parents[2]


def test_docs_match_the_catalogue() -> None:
    stale = sync_docs(ROOT, write=False)
    assert stale == [], f"run `mingjing rules --sync-docs .` to regenerate {', '.join(map(str, stale))}"


def test_catalogue_table_lists_every_rule_with_its_parameters() -> None:
    doc = synced_rules_doc("# Rules\n\nprose\n", list_rules())
    assert doc.startswith("# Rules\n\nprose\n")
    for info in list_rules():
        assert f"| `{info.id}` |" in doc
    assert "`proportion.min-problems` = 500" in doc


def test_readme_count_is_replaced_and_a_readme_without_marker_is_left_alone() -> None:
    rules = list_rules()
    marked = "see <!-- rules:count -->3 rules in 1 families<!-- /rules:count --> here"
    assert synced_readme(marked, rules) == f"see {count_phrase(rules)} here"
    assert synced_readme("no marker", rules) == "no marker"
