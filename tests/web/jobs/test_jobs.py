"""Background jobs in the embedded default (in-process) : import a meeting's files, retries, progress."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from mingjing_web.jobs import kinds, queue
from mingjing_web.jobs.models import Job, JobKind, JobState
from mingjing_web.jobs.selectors import job_files
from mingjing_web.jobs.services import job_submit
from mingjing_web.reports.models import Report
from tests.web.conftest import Cast, docx_bytes, sample_text

pytestmark = pytest.mark.django_db


def _zip(files: dict[str, bytes], *, gbk: bool = False) -> bytes:
    """A zip; ``gbk``: names as Chinese Windows writes them (GBK bytes, no UTF-8 flag)."""
    placeholders: dict[bytes, bytes] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i, (name, data) in enumerate(files.items()):
            if gbk:
                raw = name.encode("gbk")
                stand_in = f"{i:03d}".encode().ljust(len(raw), b"_")
                placeholders[stand_in] = raw
                name = stand_in.decode()
            archive.writestr(name, data)
    out = buffer.getvalue()
    for stand_in, raw in placeholders.items():
        out = out.replace(stand_in, raw)
    return out


@pytest.fixture
def inline(django_capture_on_commit_callbacks: Any) -> Any:
    with override_settings(MINGJING_JOBS_INLINE=True, MINGJING_BROKER_URL=""):
        yield django_capture_on_commit_callbacks


def test_a_zip_is_imported_file_by_file_to_the_named_members(cast: Cast, inline: Any) -> None:
    archive = _zip(
        {
            "材料/周明远-对照检查材料.docx": docx_bytes(sample_text(0)),
            "材料/第二份.txt": ("李慧同志个人对照检查材料\n" + sample_text(1)).encode("utf-8"),
            "材料/无名.txt": sample_text(2).encode("utf-8"),
            "材料/照片.jpg": b"\xff\xd8\xff",
        },
        gbk=True,
    )
    with inline(execute=True):
        job = job_submit(
            kind=JobKind.IMPORT, actor=cast.admin, meeting=cast.meeting, files=[("all.zip", archive)]
        )
    job.refresh_from_db()
    assert job.state == JobState.DONE and (job.done, job.total) == (4, 4)
    outcome = {f["name"]: (f["state"], f["member"]) for f in job_files(job=job)}
    assert outcome == {
        "周明远-对照检查材料.docx": ("imported", "周明远"),
        "第二份.txt": ("imported", "李慧"),  # the name in the header
        "无名.txt": ("unmatched", ""),
        "照片.jpg": ("skipped", ""),
    }
    authors = set(Report.objects.filter(meeting=cast.meeting).values_list("author__display_name", flat=True))
    assert authors == {"周明远", "李慧"}


def test_a_second_file_for_the_same_member_is_not_imported_twice(cast: Cast, inline: Any) -> None:
    files = [("李慧-初稿.txt", sample_text(1).encode()), ("李慧-定稿.txt", sample_text(1).encode())]
    with inline(execute=True):
        job = job_submit(kind=JobKind.IMPORT, actor=cast.admin, meeting=cast.meeting, files=files)
    states = [f["state"] for f in job_files(job=Job.objects.get(pk=job.pk))]
    assert states == ["imported", "duplicate"]
    assert Report.objects.get(meeting=cast.meeting).versions.count() == 1


def test_a_failing_attempt_is_retried_and_resumes(
    cast: Cast, inline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def flaky(job: Job, progress: Any) -> kinds.Output:
        calls.append(job.attempts)
        progress.total(2)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return ("结果.txt", b"ok")

    monkeypatch.setitem(kinds.KINDS, JobKind.EXPORT, flaky)
    monkeypatch.setattr(queue, "RETRY_DELAY_S", 0.0)
    with inline(execute=True):
        job = job_submit(kind=JobKind.EXPORT, actor=cast.admin, meeting=cast.meeting)
    job.refresh_from_db()
    assert calls == [1, 2] and job.state == JobState.DONE and bytes(job.output) == b"ok"


def test_attempts_are_bounded_and_the_failure_is_said_in_chinese(
    cast: Cast, inline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(job: Job, progress: Any) -> kinds.Output:
        raise RuntimeError("always")

    monkeypatch.setitem(kinds.KINDS, JobKind.EXPORT, broken)
    monkeypatch.setattr(queue, "RETRY_DELAY_S", 0.0)
    with inline(execute=True):
        job = job_submit(kind=JobKind.EXPORT, actor=cast.admin, meeting=cast.meeting, max_attempts=2)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 2 and "重试" in job.message


def test_a_broken_zip_fails_at_once_without_retries(cast: Cast, inline: Any) -> None:
    with inline(execute=True):
        job = job_submit(
            kind=JobKind.IMPORT, actor=cast.admin, meeting=cast.meeting, files=[("坏.zip", b"PK no")]
        )
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 1 and "压缩包" in job.message


def test_members_cannot_submit_imports(cast: Cast, login: Any) -> None:
    response = login(cast.member).post(reverse("meeting_import", args=[cast.meeting.pk]), {})
    assert response.status_code in (403, 404)


def test_the_progress_fragment_polls_until_the_job_is_finished(cast: Cast, login: Any) -> None:
    job = Job.objects.create(
        kind=JobKind.IMPORT,
        organisation=cast.org,
        meeting=cast.meeting,
        created_by=cast.admin,
        done=3,
        total=10,
    )
    client = login(cast.admin)
    url = reverse("job_detail", args=[job.pk])
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in running and 'value="30"' in running and "<html" not in running
    Job.objects.filter(pk=job.pk).update(state=JobState.DONE, done=10)
    finished = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in finished and "已完成" in finished
    assert login(cast.outsider).get(url).status_code == 404  # another unit never sees it


def test_the_import_page_submits_a_job_and_shows_its_progress(cast: Cast, login: Any, inline: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(cast.admin)
    upload = SimpleUploadedFile("李慧.txt", sample_text(1).encode())
    with inline(execute=True):
        response = client.post(reverse("meeting_import", args=[cast.meeting.pk]), {"files": [upload]})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已导入" in page and "李慧" in page and 'value="100"' in page


def test_a_job_queued_while_the_process_exits_still_runs(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the pool's exit hook ran it refuses new work; the job runs in the caller instead of
    staying queued with no runner (seen as "cannot schedule new futures after shutdown")."""
    from concurrent.futures import ThreadPoolExecutor

    def export(job: Job, progress: Any) -> kinds.Output:
        return ("x.txt", b"ok")

    closed = ThreadPoolExecutor(max_workers=1)
    closed.shutdown()
    monkeypatch.setattr(queue._pool, "executor", closed)
    monkeypatch.setitem(kinds.KINDS, JobKind.EXPORT, export)
    with override_settings(MINGJING_JOBS_INLINE=False, MINGJING_BROKER_URL=""):
        job = job_submit(kind=JobKind.EXPORT, actor=cast.admin, meeting=cast.meeting)
        queue.dispatch(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and bytes(job.output) == b"ok"
