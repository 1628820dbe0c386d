"""Django test setup for the web app and the one shared cast of users.

Settings come from the environment exactly as in production; only what must differ for tests is
set here: a private data folder (secret key, corpus files), plain static storage and a fast
password hasher. ``DATABASE_URL`` picks the database: unset → SQLite, or e.g.
``postgres://postgres@127.0.0.1:5432/mingjing_test`` (pytest-django creates ``test_…`` databases).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.cast import (
    PASSWORD,
    Cast,
    forget_first_reads,
    fresh,
    make_cast,
    own_corpora,
    sample_text,
    shares_rows_for,
    upload_clean,
)
from tests.support.docx_build import docx_bytes

_ROOT = Path(__file__).resolve().parents[2]
_DATA_DIR = Path(tempfile.mkdtemp(prefix="mingjing-web-tests-"))
(_DATA_DIR / "static").mkdir()  # whitenoise expects STATIC_ROOT to exist
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mingjing_web.settings")
os.environ["MINGJING_DATA_DIR"] = str(_DATA_DIR)
os.environ["MINGJING_STATIC_MANIFEST"] = "false"
os.environ["MINGJING_BACKGROUND_INDEXING"] = "false"
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Web tests whose outcome cannot depend on the database engine: permission matrices (status codes from the
# policy and the views' plain lookups), pure functions, settings, headers, error pages and uploads refused
# before anything is stored. They get the marker ``db_independent``; the PostgreSQL pass of
# scripts/test.sh deselects them (``-m "not db_independent"``) and runs every other web test a second time.
# Anything not listed here runs on both databases, so a new test module is covered twice until someone
# lists it here with a reason. See which tests run where (CONTRIBUTING.md, "Tests"):
#   .venv/bin/python -m pytest tests/web -m db_independent --collect-only -q
DB_INDEPENDENT: dict[str, str] = {
    # permission matrices: every view × every role, disabled accounts, anonymous visitors
    "tests/web/test_permissions.py::test_permission_matrix": "status code per role",
    "tests/web/test_permissions.py::test_a_disabled_account_is_signed_out_everywhere": "session check",
    "tests/web/test_permissions.py::test_anonymous_is_sent_to_login": "login redirect",
    "tests/web/consult/test_consult_permissions.py::test_permission_matrix": "status code per role",
    "tests/web/county/test_county_permissions.py::test_new_pages_by_role": "status code per role",
    "tests/web/county/test_county_permissions.py::test_existing_pages_give_the_upper_level_nothing_more": "status",
    "tests/web/county/test_county_permissions.py::test_new_pages_send_anonymous_to_login": "login redirect",
    "tests/web/county/test_county_permissions.py::test_new_pages_sign_out_a_disabled_supervisor": "session check",
    "tests/web/ledger/test_ledger_views.py::test_permission_matrix": "status code per role",
    "tests/web/ledger/test_ledger_views.py::test_a_disabled_account_is_signed_out": "session check",
    # its own target database is PostgreSQL in both passes; the export from each engine is
    # test_zip_and_json_read_back_the_same (this pair ran the same four commands on PostgreSQL twice: ~9 CPU-s)
    "tests/web/ledger/test_archive.py::test_export_import_into_empty_postgresql_export_again_is_identical": (
        "imports into PostgreSQL in either pass"
    ),
    # no database at all, or only the settings and the request cycle
    "tests/web/consult/test_consult_classify.py": "pure functions",
    "tests/web/test_highlight.py": "pure functions",
    "tests/web/test_env.py": "environment parsing",
    "tests/web/test_upload_kind.py": "content sniffing before reading",
    "tests/web/frameworks/test_framework_data.py": "validation and TOML round trip",
    "tests/web/editor/test_structure.py": "the editor's structure and the core parser",
    "tests/web/hardening/test_hardening_headers.py": "headers and deploy settings",
    "tests/web/hardening/test_hardening_request_guard.py": "time and memory bounds of a request",
    "tests/web/hardening/test_hardening_login_throttle.py": "counters in the file cache",
    "tests/web/hardening/test_hardening_hostile_uploads.py": "refused before storing (child process)",
}


def _db_independent(item: pytest.Item) -> str:
    """The entry of DB_INDEPENDENT that covers this test, or ''."""
    path = Path(str(item.path))
    if not path.is_relative_to(_ROOT):
        return ""
    module = path.relative_to(_ROOT).as_posix()
    function = f"{module}::{getattr(item, 'originalname', item.name)}"
    return function if function in DB_INDEPENDENT else module if module in DB_INDEPENDENT else ""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A renamed or removed module or test would silently drop out of the list; say so instead.
    missing = [key for key in DB_INDEPENDENT if not (_ROOT / key.split("::")[0]).is_file()]
    if missing:
        raise pytest.UsageError(f"tests/web/conftest.py DB_INDEPENDENT names missing test files: {missing}")
    matched: set[str] = set()
    for item in items:
        key = _db_independent(item)
        if key:
            matched.add(key)
            item.add_marker(pytest.mark.db_independent)
    collected = {Path(str(item.path)) for item in items}
    unmatched = [
        key
        for key in DB_INDEPENDENT
        if "::" in key and key not in matched and _ROOT / key.split("::")[0] in collected
    ]
    if unmatched:
        raise pytest.UsageError(f"tests/web/conftest.py DB_INDEPENDENT names missing tests: {unmatched}")


@pytest.fixture(scope="module")
def module_cast(request: pytest.FixtureRequest) -> Cast | None:
    """The cast built once for a module whose database tests all use it (``shares_rows_for``), else None.

    Building it took ~25 ms for each of ~400 web tests, on each database."""
    if not shares_rows_for(request, "cast"):
        return None
    request.getfixturevalue("shared_rows")
    shared = make_cast()
    fresh(shared)  # the first reading, before any test has changed a row
    return shared


@pytest.fixture
def cast(module_cast: Cast | None, db: None) -> Cast:
    """The shared cast of users (``make_cast``): the module's copy, read again for this test, or a new one."""
    if module_cast is None:
        return make_cast()
    copy: Cast = fresh(module_cast)
    own_corpora(copy)
    return copy


@pytest.fixture(scope="module")
def shared_rows(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """An outer transaction for rows that every test of one module shares, rolled back when the module ends.

    Permission matrices run hundreds of requests against the same cast, report and ledger; building those
    once per module instead of once per request took ~170 s off the suite. Each test still runs in its
    own savepoint inside this transaction (pytest-django's atomics nest), so what a test writes is gone
    before the next one. A module opts in with a module-scoped fixture that requests this one and
    builds its rows, and gives its tests ``fresh(...)`` copies of them, so that no test changes another's
    objects in memory.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            forget_first_reads()


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """``login(membership)`` signs the test client in as that member."""

    def _login(membership: object) -> object:
        client.force_login(membership.user)  # type: ignore[attr-defined]
        return client

    return _login


@pytest.fixture
def uploaded(cast: Cast) -> Iterator[object]:
    """The 班子成员's report with one version uploaded (the real core reviews it): 李慧's demo report, the clean
    one (tests that need findings on a page upload ``sample_text(2)``, the report with planted flaws)."""
    yield upload_clean(cast)


@pytest.fixture
def flawed(cast: Cast) -> Iterator[object]:
    """王建国's demo report (placeholders, template copies, vague items) uploaded: the pages have findings to show."""
    from mingjing_web.reports.services import version_upload

    version = version_upload(
        meeting=cast.meeting, actor=cast.member, data=docx_bytes(sample_text(2)), filename="王建国.docx"
    )
    yield version.report


# Tests import these from here with the fixtures (tests/support/cast.py says why they live there).
__all__ = ["PASSWORD", "Cast", "docx_bytes", "fresh", "make_cast", "sample_text", "upload_clean"]
