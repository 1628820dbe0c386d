"""JSON output: valid against docs/schema/check-v2.json, offsets into the report text."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from render_helpers import finding_at, report_from_text, review_of

from mingjing.model import Review
from mingjing.render.json_out import dumps, review_to_dict

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "schema" / "check-v2.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("include_text", [False, True])
def test_review_validates_and_spans_match(
    sample_review: Review, validator: jsonschema.Draft202012Validator, include_text: bool
) -> None:
    data = json.loads(dumps(review_to_dict(sample_review, file="a.txt", include_text=include_text)))
    validator.validate(data)
    assert ("text" in data) == include_text
    text = sample_review.report.text
    assert len(data["findings"]) == len(sample_review.findings)
    for item in data["findings"]:
        assert item["text"] == text[item["start"] : item["end"]]
    assert sum(data["counts"].values()) == len(sample_review.findings)


def test_a_list_of_reviews_validates(
    sample_review: Review, validator: jsonschema.Draft202012Validator
) -> None:
    validator.validate(json.loads(dumps([review_to_dict(sample_review), review_to_dict(sample_review)])))


def test_schema_rejects_a_wrong_verdict(
    sample_review: Review, validator: jsonschema.Draft202012Validator
) -> None:
    data = review_to_dict(sample_review)
    data["verdict"] = "优秀"
    assert not validator.is_valid(data)


def test_chinese_is_written_as_is() -> None:
    report = report_from_text("面对面对群众")
    out = dumps(review_to_dict(review_of(report, [finding_at(report, "面对面对")])))
    assert "面对面对" in out and "\\u" not in out


def test_sections_name_the_part(sample_review: Review) -> None:
    sections = {f["rule"]: f["section"] for f in review_to_dict(sample_review)["findings"]}
    # The hand-built report has no parsed parts, so everything before the (absent) first part is the head.
    assert set(sections.values()) == {"标题/前言"}
