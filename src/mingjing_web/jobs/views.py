"""Pages of background jobs: submit an import or export, follow its progress bar (htmx polling)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mingjing_web import policy
from mingjing_web.access import membership_current
from mingjing_web.errors import ServiceError
from mingjing_web.jobs.models import Job, JobKind
from mingjing_web.jobs.selectors import job_files, job_get, job_list, job_visible
from mingjing_web.jobs.services import job_submit
from mingjing_web.meetings.views import meeting_access
from mingjing_web.orgs.models import Membership


def _job(request: HttpRequest, job_id: int) -> tuple[Job, Membership]:
    viewer = membership_current(user=request.user)
    job = job_get(job_id=job_id)
    if viewer is None or job is None or not job_visible(job=job, viewer=viewer):
        raise Http404
    return job, viewer


@login_required
@require_GET
def job_index(request: HttpRequest) -> HttpResponse:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    return render(request, "jobs/list.html", {"jobs": job_list(viewer=viewer)})


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job, _viewer = _job(request, job_id)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job, "files": job_files(job=job)})


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job, _viewer = _job(request, job_id)
    data = Job.objects.filter(pk=job.pk).values_list("output", flat=True).first()
    if not data or not job.output_name:
        raise Http404
    from urllib.parse import quote

    response = HttpResponse(bytes(data), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.output_name)}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_import(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Upload many files or a .zip: each file goes to the member named in it, as a background job."""
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_meeting)
    error = ""
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            error = "请选择要导入的材料文件（可多选，或一个 .zip 压缩包）。"
        else:
            try:
                files = [(u.name or "未命名", u.read()) for u in uploads]
                job = job_submit(kind=JobKind.IMPORT, actor=viewer, meeting=meeting, files=files)
            except ServiceError as err:
                error = str(err)
            else:
                return redirect("job_detail", job_id=job.pk)
    return render(
        request, "jobs/import.html", {"meeting": meeting, "error": error}, status=400 if error else 200
    )


@login_required
@require_POST
def meeting_export(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_meeting)
    job = job_submit(kind=JobKind.EXPORT, actor=viewer, meeting=meeting)
    return redirect("job_detail", job_id=job.pk)
