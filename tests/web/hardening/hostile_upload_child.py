"""Run in a child process by test_hardening_hostile_uploads.py (not collected on its own).

Uploads every hostile file of tests/hostile/cases.py through the upload page, as a member would,
and writes one JSON line per case: status, the Chinese error shown, seconds, the peak memory so far.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.hostile.cases import CASES, small_report

OUT = Path(os.environ.get("MINGJING_HOSTILE_OUT", "/dev/null"))


def test_upload_every_hostile_file(cast, login) -> None:  # type: ignore[no-untyped-def]
    from mingjing_web.reports.models import ReportVersion

    client = login(cast.member)
    url = f"/meetings/{cast.meeting.pk}/mine/versions/"
    # Warm up with one ordinary report, so the first case is not charged for loading the core.
    warm = SimpleUploadedFile("warm.docx", small_report(), content_type="application/octet-stream")
    assert client.post(url, {"author": cast.member.pk, "file": warm}).status_code == 302
    with OUT.open("w", encoding="utf-8") as out:
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.write(json.dumps({"key": "_baseline", "peak_mb": round(baseline, 1)}) + "\n")
        for case in CASES:
            data = case.build()
            before = ReportVersion.objects.count()
            started = time.monotonic()
            upload = SimpleUploadedFile(case.filename, data, content_type="application/octet-stream")
            response = client.post(url, {"author": cast.member.pk, "file": upload})
            seconds = time.monotonic() - started
            text = response.content.decode("utf-8", "replace")
            errors = [line.split(">", 1)[1].split("<", 1)[0] for line in text.split('role="alert"')[1:]]
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            row = {
                "key": case.key,
                "status": response.status_code,
                "seconds": round(seconds, 3),
                "peak_mb": round(peak_mb, 1),
                "errors": errors,
                "saved": ReportVersion.objects.count() - before,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            del data, upload, response, text
