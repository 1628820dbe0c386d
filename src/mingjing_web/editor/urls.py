"""Routes of the editor (issue 13)."""

from __future__ import annotations

from django.urls import path

from mingjing_web.editor import views

urlpatterns = [
    path("meetings/<int:meeting_id>/write/", views.editor_open, name="editor_open"),
    path("drafts/<int:draft_id>/", views.editor_page, name="editor_page"),
    path("drafts/<int:draft_id>/live/", views.editor_live, name="editor_live"),
    path("drafts/<int:draft_id>/change/", views.editor_change, name="editor_change"),
    path("drafts/<int:draft_id>/save/", views.editor_save, name="editor_save"),
    path("drafts/<int:draft_id>/import/", views.editor_import, name="editor_import"),
    path("drafts/<int:draft_id>/link/", views.editor_link, name="editor_link"),
    path("drafts/<int:draft_id>/submit/", views.editor_submit, name="editor_submit"),
    path("drafts/<int:draft_id>/official.docx", views.editor_export, name="editor_export"),
    path(
        "reports/<int:report_id>/v/<int:number>/official.docx",
        views.version_official,
        name="version_official",
    ),
]
