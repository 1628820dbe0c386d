"""What each kind of job does. A kind takes the job and a progress callback and returns the output
file (name, bytes) or None. Raise :class:`JobFailure` for bad input (no retry); anything else is
retried. Kinds keep per-item results in ``job.result`` so that a retry resumes where it stopped."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from mingjing_web.errors import ServiceError
from mingjing_web.jobs.models import Job, JobFile, JobKind

if TYPE_CHECKING:
    from mingjing_web.jobs.services import Progress
    from mingjing_web.meetings.models import MeetingMember

Output = tuple[str, bytes] | None
REPORT_SUFFIXES = (".docx", ".txt")
MAX_MEMBERS = 1000  # files inside one .zip
HEADER_CHARS = 300  # where the author's name is looked for when the file name does not give it


class JobFailure(Exception):
    """The job cannot succeed as submitted (bad input): no retry, this Chinese message is shown."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Zip files made on Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _expand(files: Sequence[JobFile], max_bytes: int) -> Iterator[tuple[str, bytes]]:
    """Input files, with .zip archives opened (members checked against the size limit first)."""
    for f in files:
        data = bytes(f.data)
        if not f.name.lower().endswith(".zip"):
            yield f.name, data
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as err:
            raise JobFailure(f"“{f.name}”不是有效的 .zip 压缩包，请重新打包后上传。") from err
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise JobFailure(f"压缩包“{f.name}”中的文件超过 {MAX_MEMBERS} 个，请分批上传。")
        for info in infos:
            name = _zip_name(info)
            base = PurePosixPath(name.replace("\\", "/")).name
            if base.startswith((".", "~$")) or "__MACOSX" in name:
                continue
            if info.file_size > max_bytes:
                yield base, b""  # reported as too large by the upload itself
                continue
            with archive.open(info) as member:
                yield base, member.read(max_bytes + 1)


def _header_text(data: bytes, filename: str) -> str:
    from mingjing_web.analysis import read_upload

    try:
        document = read_upload(data=data, filename=filename)
    except ServiceError:
        return ""
    return "\n".join(p.text for p in document.paragraphs)[:HEADER_CHARS]


def match_member(filename: str, data: bytes, seats: Sequence[MeetingMember]) -> MeetingMember | None:
    """The member a file belongs to: the only name in the file name, else the only one in its header."""
    by_length = sorted(seats, key=lambda s: -len(s.display_name))

    def only(text: str) -> MeetingMember | None:
        hits: list[MeetingMember] = []
        for seat in by_length:
            # a longer name that contains this one (张三丰 / 张三) already claimed the text
            if seat.display_name in text and not any(seat.display_name in h.display_name for h in hits):
                hits.append(seat)
        return hits[0] if len(hits) == 1 else None

    stem = PurePosixPath(filename).stem
    return only(stem) or only(_header_text(data, filename))


def meeting_import(job: Job, progress: Progress) -> Output:
    """Import a folder or .zip of a meeting's reports: each file to its member, as a new version."""
    from mingjing_web.meetings.selectors import meeting_members
    from mingjing_web.reports.services import max_upload_bytes, version_upload

    meeting = job.meeting
    if meeting is None:
        raise JobFailure("任务缺少会议。")
    files = list(_expand(list(job.files.all()), max_upload_bytes()))
    if not files:
        raise JobFailure("没有找到材料文件，请上传 .docx/.txt 文件或包含它们的 .zip 压缩包。")
    progress.total(len(files))
    seats = meeting_members(meeting=meeting)
    rows: dict[str, dict[str, str]] = dict(job.result.get("files", {}))
    taken = {r["member"] for r in rows.values() if r.get("state") == "imported"}
    for i, (name, data) in enumerate(files):
        key = f"{i}:{name}"
        progress.step(i, f"正在导入 {name}")
        if key in rows:  # done in an earlier attempt
            continue
        rows[key] = _import_one(name, data, seats, taken, job, meeting, version_upload)
        progress.save_result({"files": rows})
    progress.step(len(files), "已完成", force=True)
    return None


def _import_one(
    name: str,
    data: bytes,
    seats: Sequence[MeetingMember],
    taken: set[str],
    job: Job,
    meeting: Any,
    upload: Callable[..., Any],
) -> dict[str, str]:
    if not name.lower().endswith(REPORT_SUFFIXES):
        return {"name": name, "state": "skipped", "member": "", "message": "不是 .docx/.txt 文件，已跳过。"}
    seat = match_member(name, data, seats)
    if seat is None:
        return {
            "name": name,
            "state": "unmatched",
            "member": "",
            "message": "文件名和开头都没有唯一对应的班子成员姓名，请改名后单独上传。",
        }
    if seat.display_name in taken:
        return {
            "name": name,
            "state": "duplicate",
            "member": seat.display_name,
            "message": "同一成员有多份文件，只导入了第一份。",
        }
    try:
        version = upload(
            meeting=meeting, actor=job.created_by, data=data, filename=name, author=seat.membership
        )
    except ServiceError as err:
        return {"name": name, "state": "error", "member": seat.display_name, "message": str(err)}
    taken.add(seat.display_name)
    return {
        "name": name,
        "state": "imported",
        "member": seat.display_name,
        "message": f"第 {version.number} 版：{version.verdict}",
    }


def files_audit(job: Job, progress: Progress) -> Output:
    """Review uploaded files (or .zip archives) one by one; the output is the audit workbook."""
    import tempfile
    from pathlib import Path

    from mingjing.facade import AuditEntry, MingjingError, ReviewSettings, review_file, write_audit_xlsx
    from mingjing_web.reports.services import max_upload_bytes

    files = [(n, d) for n, d in _expand(list(job.files.all()), max_upload_bytes())]
    if not files:
        raise JobFailure("没有找到要审阅的文件。")
    progress.total(len(files))
    settings = ReviewSettings(job.params.get("framework"), None, ())
    entries: list[AuditEntry] = []
    with tempfile.TemporaryDirectory(prefix="mingjing-job-") as folder:
        for i, (name, data) in enumerate(files):
            progress.step(i, f"正在审阅 {name}")
            path = Path(folder) / f"{i:04d}-{PurePosixPath(name).name}"
            path.write_bytes(data)
            try:
                entries.append(AuditEntry(name, review=review_file(path, settings)))
            except MingjingError as err:
                entries.append(AuditEntry(name, error=str(err)))
        out = Path(folder) / "summary.xlsx"
        write_audit_xlsx(entries, out)
        payload = out.read_bytes()
    progress.step(len(files), "已完成", force=True)
    return "批量审阅汇总.xlsx", payload


def meeting_export(job: Job, progress: Progress) -> Output:
    """The meeting's summary workbook, built off the request."""
    from mingjing_web.reports.dashboard import dashboard_rows
    from mingjing_web.reports.xlsx import meeting_workbook

    if job.meeting is None:
        raise JobFailure("任务缺少会议。")
    progress.total(1)
    payload = meeting_workbook(meeting=job.meeting, rows=dashboard_rows(meeting=job.meeting))
    return f"{job.meeting.title}-材料审阅汇总.xlsx", payload


def county_clusters(job: Job, progress: Progress) -> Output:
    """Cross-unit clusters of an upper organisation's subtree, stored for its 上级审阅 page (queued,
    debounced, when a subordinate unit's version is saved or removed; see county/clusters.py)."""
    from mingjing_web.county.clusters import clusters_compute

    clusters_compute(job=job, progress=progress)
    return None


KINDS: dict[str, Callable[[Job, Progress], Output]] = {
    JobKind.IMPORT: meeting_import,
    JobKind.AUDIT: files_audit,
    JobKind.EXPORT: meeting_export,
    JobKind.CLUSTERS: county_clusters,
}
