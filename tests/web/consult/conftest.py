"""Fixtures for the consult tests: an open solicitation on the shared cast's meeting."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Cast


@pytest.fixture
def solicitation(cast: Cast) -> Any:
    from mingjing_web.consult.services import solicitation_open

    return solicitation_open(actor=cast.admin, meeting=cast.meeting)  # type: ignore[arg-type]


def give(token: str, text: str, subject: Any = None) -> bool:
    from mingjing_web.consult.services import opinion_give

    return opinion_give(token=token, subject_id=subject.pk if subject is not None else None, text=text)
