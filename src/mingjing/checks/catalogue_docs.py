"""The generated parts of the documentation: the catalogue table in docs/rules.md and the rule count in README.md.

``mingjing rules --sync-docs`` rewrites them; the test suite fails when they differ from the catalogue, so the
documentation of a rule is always the metadata registered with it.
"""

from __future__ import annotations

import re
from pathlib import Path

from mingjing.checks.registry import FAMILIES, RuleInfo, list_rules

CATALOGUE_HEADING = "## Catalogue"
_COUNT_RE = re.compile(r"<!-- rules:count -->.*?<!-- /rules:count -->", re.S)
_NUMERALS = "零一二三四五六七八九十"


def rules_markdown(rules: list[RuleInfo]) -> str:
    """The catalogue as a Markdown table: id, family, default severity, title, explanation, parameters."""
    lines = [
        "| 编号 | 类别 | 严重程度 | 名称 | 说明 | 参数（默认值） |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        params = "<br>".join(f"`{name}` = {value:g}" for name, value in r.params.items())
        lines.append(
            f"| `{r.id}` | {r.family_name} | {r.severity.value} | {r.title} | {r.explanation} | {params} |"
        )
    return "\n".join(lines)


def count_phrase(rules: list[RuleInfo]) -> str:
    families = [f for f in FAMILIES if any(r.family == f for r in rules)]
    return f"<!-- rules:count -->{len(rules)} rules in {len(families)} families<!-- /rules:count -->"


def synced_rules_doc(text: str, rules: list[RuleInfo]) -> str:
    """``docs/rules.md`` with everything after the catalogue heading regenerated."""
    head, found, _ = text.partition(CATALOGUE_HEADING)
    if not found:
        head = text.rstrip("\n") + "\n\n"
    intro = (
        "\n\nGenerated from the registered rules by `mingjing rules --sync-docs`; do not edit by hand.\n\n"
    )
    return head + CATALOGUE_HEADING + intro + rules_markdown(rules) + "\n"


def synced_readme(text: str, rules: list[RuleInfo]) -> str:
    return _COUNT_RE.sub(count_phrase(rules), text)


def sync_docs(root: Path, *, write: bool) -> list[Path]:
    """The documentation files under ``root`` that differ from the catalogue (rewritten when ``write``)."""
    rules = list_rules()
    stale = []
    for path, make in ((root / "docs" / "rules.md", synced_rules_doc), (root / "README.md", synced_readme)):
        current = path.read_text("utf-8")
        wanted = make(current, rules)
        if wanted != current:
            stale.append(path)
            if write:
                path.write_text(wanted, "utf-8")
    return stale
