"""URL routes of 明镜."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from mingjing_web import views
from mingjing_web.audit import views as audit_views
from mingjing_web.library import views as library_views
from mingjing_web.meetings import views as meeting_views
from mingjing_web.orgs import views as org_views
from mingjing_web.reports import views as report_views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("org/", org_views.organisation_edit, name="organisation"),
    path("org/members/", org_views.member_create, name="member_create"),
    path("org/members/<int:membership_id>/", org_views.member_update, name="member_update"),
    path("audit/", audit_views.audit_index, name="audit"),
    path("library/", library_views.library_index, name="library"),
    path("library/<int:document_id>/delete/", library_views.library_delete, name="library_delete"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_dashboard, name="meeting_dashboard"),
    path("meetings/<int:meeting_id>/findings/", meeting_views.meeting_findings, name="meeting_findings"),
    path("meetings/<int:meeting_id>/heatmap.png", meeting_views.meeting_heatmap, name="meeting_heatmap"),
    path("meetings/<int:meeting_id>/summary.xlsx", meeting_views.meeting_xlsx, name="meeting_xlsx"),
    path("meetings/<int:meeting_id>/opinions/", meeting_views.meeting_opinions, name="meeting_opinions"),
    path(
        "meetings/<int:meeting_id>/opinions/<int:opinion_id>/delete/",
        meeting_views.opinion_delete,
        name="opinion_delete",
    ),
    path("meetings/<int:meeting_id>/mine/", report_views.meeting_mine, name="meeting_mine"),
    path("meetings/<int:meeting_id>/mine/versions/", report_views.version_create, name="version_create"),
    path("reports/<int:report_id>/", report_views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/v/<int:number>/", report_views.report_detail, name="report_version"),
    path(
        "reports/<int:report_id>/v/<int:number>/<str:kind>/",
        report_views.version_download,
        name="version_download",
    ),
    path("reports/<int:report_id>/diff/", report_views.report_diff, name="report_diff"),
    path("reports/<int:report_id>/submit/", report_views.report_submit, name="report_submit"),
    path(
        "reports/<int:report_id>/return/",
        report_views.report_decide,
        {"decision": "return"},
        name="report_return",
    ),
    path(
        "reports/<int:report_id>/approve/",
        report_views.report_decide,
        {"decision": "approve"},
        name="report_approve",
    ),
    path("reports/<int:report_id>/comments/", report_views.comment_create, name="comment_create"),
]

handler403 = "mingjing_web.views.error_403"
handler404 = "mingjing_web.views.error_404"
handler500 = "mingjing_web.views.error_500"
