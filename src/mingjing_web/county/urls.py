"""Routes of the upper-level (上级审阅) pages."""

from __future__ import annotations

from django.urls import path

from mingjing_web.county import views

urlpatterns = [
    path("county/", views.county_dashboard, name="county_dashboard"),
    path("county/dashboard.xlsx", views.county_xlsx, name="county_xlsx"),
    path("county/cross-unit/", views.county_cross_unit, name="county_cross_unit"),
    path("county/cross-unit/refresh/", views.county_cross_unit_refresh, name="county_cross_unit_refresh"),
    path("county/meetings/<int:meeting_id>/", views.county_meeting, name="county_meeting"),
    path("county/reports/<int:report_id>/", views.county_report, name="county_report"),
    path("county/reports/<int:report_id>/return/", views.county_report_return, name="county_report_return"),
    path(
        "county/reports/<int:report_id>/comment/", views.county_report_comment, name="county_report_comment"
    ),
]
