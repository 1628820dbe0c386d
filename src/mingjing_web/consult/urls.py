"""Routes of 征求意见 and 谈心谈话 (included at the site root). ``/o/…`` is the anonymous link."""

from __future__ import annotations

from django.urls import path

from mingjing_web.consult import views

urlpatterns = [
    path("o/<str:token>/", views.consult_give, name="consult_give"),
    path("meetings/<int:meeting_id>/consult/", views.consult_overview, name="consult_overview"),
    path("meetings/<int:meeting_id>/consult/opinions.xlsx", views.consult_xlsx, name="consult_xlsx"),
    path("meetings/<int:meeting_id>/consult/open/", views.solicitation_open, name="consult_open"),
    path("meetings/<int:meeting_id>/consult/close/", views.solicitation_close, name="consult_close"),
    path("meetings/<int:meeting_id>/consult/import/", views.opinion_import, name="consult_import"),
    path(
        "meetings/<int:meeting_id>/consult/opinions/<str:opinion_id>/aspect/",
        views.opinion_aspect,
        name="consult_opinion_aspect",
    ),
    path(
        "meetings/<int:meeting_id>/consult/opinions/<str:opinion_id>/delete/",
        views.opinion_delete,
        name="consult_opinion_delete",
    ),
    path("meetings/<int:meeting_id>/talks/", views.talk_index, name="talk_index"),
    path("meetings/<int:meeting_id>/talks/rules/", views.talk_rules, name="talk_rules"),
    path("meetings/<int:meeting_id>/talks/units/", views.unit_create, name="talk_unit_create"),
    path("meetings/<int:meeting_id>/talks/<int:talk_id>/delete/", views.talk_delete, name="talk_delete"),
]
