"""Routes of the meeting record, the rectification ledger and the reports upward (issue 11)."""

from __future__ import annotations

from django.urls import path

from mingjing_web.ledger import views

urlpatterns = [
    path("meetings/<int:meeting_id>/record/", views.record_page, name="ledger_record"),
    path("meetings/<int:meeting_id>/record/attendance/", views.attendance_save, name="ledger_attendance"),
    path("meetings/<int:meeting_id>/record/guests/", views.guest_add, name="ledger_guest_add"),
    path(
        "meetings/<int:meeting_id>/record/guests/<int:guest_id>/delete/",
        views.guest_delete,
        name="ledger_guest_delete",
    ),
    path("meetings/<int:meeting_id>/record/criticisms/", views.criticism_add, name="ledger_criticism_add"),
    path(
        "meetings/<int:meeting_id>/record/criticisms/<int:criticism_id>/delete/",
        views.criticism_delete,
        name="ledger_criticism_delete",
    ),
    path("meetings/<int:meeting_id>/minutes.docx", views.minutes_download, name="ledger_minutes"),
    path("meetings/<int:meeting_id>/ledger/", views.ledger_index, name="ledger_index"),
    path("meetings/<int:meeting_id>/ledger/generate/", views.ledger_generate, name="ledger_generate"),
    path("meetings/<int:meeting_id>/ledger/confirm/", views.ledger_confirm, name="ledger_confirm"),
    path("meetings/<int:meeting_id>/ledger/add/", views.ledger_add, name="ledger_add"),
    path("meetings/<int:meeting_id>/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("meetings/<int:meeting_id>/upward/", views.upward_page, name="ledger_upward"),
    path(
        "meetings/<int:meeting_id>/upward/<str:kind>.docx", views.upward_download, name="ledger_upward_docx"
    ),
    path("meetings/<int:meeting_id>/upward/<str:kind>/sent/", views.upward_sent, name="ledger_upward_sent"),
    path("ledger/items/<int:item_id>/", views.item_page, name="ledger_item"),
    path("ledger/items/<int:item_id>/evidence/", views.evidence_add, name="ledger_evidence_add"),
    path(
        "ledger/items/<int:item_id>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="ledger_evidence",
    ),
    path("ledger/items/<int:item_id>/close/", views.item_close, name="ledger_item_close"),
]
