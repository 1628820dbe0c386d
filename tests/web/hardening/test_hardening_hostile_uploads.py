"""Every hostile file through the upload page (issue 14.1, web half), measured in a child process.

Each one must give a 4xx with a Chinese sentence within 5 s, nothing saved; the child's peak memory
stays under 500 MB, it leaves no temporary file and no process behind.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.hostile.cases import CASES
from tests.hostile.probe import leftovers, orphans, run_child

CHILD = Path(__file__).with_name("hostile_upload_child.py")
HAN = range(0x4E00, 0xA000)


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    folder = tmp_path_factory.mktemp("hostile-web")
    out, tmpdir = folder / "results.jsonl", folder / "tmp"
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", str(CHILD)]
    env = {"MINGJING_HOSTILE_OUT": str(out), "PYTHONDONTWRITEBYTECODE": "1"}
    if os.environ.get("DATABASE_URL"):
        # a database of the child's own: two xdist workers may each run this module's child at once
        env["DATABASE_URL"] = f"{os.environ['DATABASE_URL']}_hostile_{os.getpid()}"
    status, output, _seconds, peak_mb = run_child(command, tmpdir, timeout=600, env=env)
    assert status == 0, output.decode("utf-8", "replace")[-3000:]
    rows = {row["key"]: row for row in map(json.loads, out.read_text("utf-8").splitlines())}
    rows["_child"] = {"peak_mb": peak_mb, "leftovers": leftovers(tmpdir), "orphans": orphans(tmpdir)}
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.key for case in CASES])
def test_hostile_upload_is_a_quick_chinese_4xx(measured, case) -> None:  # type: ignore[no-untyped-def]
    row = measured[case.key]
    assert row["seconds"] < 5.0, row
    if case.outcome == "ok":  # a harmless file (the core reads it): taken, or refused as not a report
        assert row["status"] in (302, 400), row
        assert row["saved"] == (1 if row["status"] == 302 else 0), row
        return
    assert row["saved"] == 0, row
    assert 400 <= int(row["status"]) < 500, row
    message = " ".join(row["errors"]) if row["errors"] else ""
    if row["status"] == 413:
        return  # the 413 page (checked in test_hardening_errors) before the body is read
    assert message and sum(ch in HAN for ch in map(ord, message)) >= 5, row
    assert "Traceback" not in message and "Error" not in message, row


@pytest.mark.slow
def test_the_uploads_stay_under_500_mb_and_leave_nothing(measured) -> None:  # type: ignore[no-untyped-def]
    # The child's peak counts pytest, Django and the test client's copies of each body: what the
    # uploads may add on top of the warmed-up process is the bound (500 MB for the worst of them).
    baseline = float(measured["_baseline"]["peak_mb"])
    worst = max(float(row["peak_mb"]) for key, row in measured.items() if not key.startswith("_"))
    assert worst - baseline < 500, (baseline, worst)
    child = measured["_child"]
    # The only files left are the test settings' own data folder (tests/web/conftest.py).
    assert all(name.startswith("mingjing-web-tests-") for name in child["leftovers"]), child
    assert child["orphans"] == (), child
