"""URL routes of 明镜."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from mingjing_web import views
from mingjing_web.audit import views as audit_views
from mingjing_web.frameworks import views as framework_views
from mingjing_web.library import views as library_views
from mingjing_web.meetings import views as meeting_views
from mingjing_web.notifications import views as notification_views
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
    path("reports/<int:report_id>/twins/", report_views.report_twins, name="report_twins"),
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
    # Accounts, frameworks, meetings that hold, review that flows (issue 10).
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/password/done/"),
        name="password_change",
    ),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("org/members/<int:membership_id>/active/", org_views.member_active, name="member_active"),
    path("org/members/<int:membership_id>/password/", org_views.member_password, name="member_password"),
    path("frameworks/", framework_views.framework_index, name="frameworks"),
    path("frameworks/new/", framework_views.framework_create, name="framework_create"),
    path("frameworks/<int:framework_id>/", framework_views.framework_detail, name="framework_detail"),
    path("frameworks/<int:framework_id>/edit/", framework_views.framework_edit, name="framework_edit"),
    path("frameworks/<int:framework_id>/copy/", framework_views.framework_copy, name="framework_copy"),
    path(
        "frameworks/<int:framework_id>/export.toml", framework_views.framework_export, name="framework_export"
    ),
    path("meetings/archived/", meeting_views.meeting_archived, name="meeting_archived"),
    path("meetings/<int:meeting_id>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/state/", meeting_views.meeting_state, name="meeting_state"),
    path("meetings/<int:meeting_id>/members/", meeting_views.meeting_members_edit, name="meeting_members"),
    path(
        "meetings/<int:meeting_id>/members/<int:membership_id>/remove/",
        meeting_views.meeting_member_remove,
        name="meeting_member_remove",
    ),
    path(
        "meetings/<int:meeting_id>/members/<int:membership_id>/report/",
        report_views.meeting_member_report,
        name="meeting_member_report",
    ),
    path("review/", report_views.review_index, name="review_queue"),
    path("notifications/", notification_views.notification_index, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path("", include("mingjing_web.consult.urls")),  # 征求意见 (/o/… anonymous) and 谈心谈话
    path("", include("mingjing_web.ledger.urls")),  # meeting record, rectification ledger, reports upward
    path("", include("mingjing_web.jobs.urls")),  # background jobs: import, audit, export (issue 12)
    path("", include("mingjing_web.editor.urls")),  # the structured editor with live review (issue 13)
    path("", include("mingjing_web.county.urls")),  # 上级审阅: subordinate units, cross-unit (issue 12)
    path("org/tree/", org_views.organisation_tree_page, name="organisation_tree"),
    path("org/tree/new/", org_views.suborganisation_create, name="suborganisation_create"),
]

handler400 = "mingjing_web.error_pages.error_400"
handler403 = "mingjing_web.views.error_403"
handler404 = "mingjing_web.views.error_404"
handler500 = "mingjing_web.error_pages.error_500"
