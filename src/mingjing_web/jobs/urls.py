from __future__ import annotations

from django.urls import path

from mingjing_web.jobs import views

urlpatterns = [
    path("jobs/", views.job_index, name="job_index"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
    path("meetings/<int:meeting_id>/import/", views.meeting_import, name="meeting_import"),
    path("meetings/<int:meeting_id>/export-job/", views.meeting_export, name="meeting_export_job"),
]
