"""Anonymity that survives the database (issue 14.3).

Opinions are given through the link by a client whose address, user agent, forwarding header and
session cookie carry markers. Then every row of every table, the PostgreSQL transaction ids and
physical order (or SQLite's rowid), the audit log and the server's log output are searched for
anything that ties an opinion to its giver or to the moment it was given.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mingjing_web.audit.models import AuditLog
from mingjing_web.consult import classify
from mingjing_web.consult.anonymity import ANON_PREFIX, AnonymityLogger, AnonymousPathFilter
from mingjing_web.consult.models import Opinion
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.23"
AGENT = "Mozilla/5.0 (MarkerOS) MarkerBrowser/9.9"
TEXTS = [
    "理论学习不够系统深入，学用脱节",
    "下基层调研走马观花，听汇报多看现场少",
    "对亲属和身边工作人员要求不够严格",
    "遇到矛盾绕着走，不敢碰硬",
    "处理突发事件的本领不足",
]


def _console_handler() -> logging.Handler:
    handler = next(
        (
            h
            for h in logging.getLogger().handlers
            if any(isinstance(f, AnonymousPathFilter) for f in h.filters)
        ),
        None,
    )
    assert handler is not None, "the settings must put AnonymousPathFilter on the console handler"
    return handler


def _all_rows() -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            rows.append((model._meta.label, row))
    return rows


def _give_all(cast: Cast, order: list[str]) -> tuple[str, Any, Any]:
    from mingjing_web.consult.services import solicitation_open

    token = solicitation_open(actor=cast.admin, meeting=cast.meeting).token  # type: ignore[arg-type]
    giver = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_X_FORWARDED_FOR=FORWARDED)
    giver.force_login(cast.admin.user)  # type: ignore[attr-defined]  # a signed-in admin opens the link
    url = reverse("consult_give", args=[token])
    start = timezone.now()
    assert giver.get(url).status_code == 200
    for i, text in enumerate(order):
        subject = str(cast.member.pk) if i % 2 else ""  # type: ignore[attr-defined]
        assert giver.post(url, {"subject": subject, "text": text}).status_code == 200
    assert giver.post(url, {"subject": "", "text": "短"}).status_code == 400  # Django logs 4xx responses
    end = timezone.now()
    return token, start, end


def test_nothing_ties_an_opinion_to_its_giver_or_the_moment_it_was_given(cast: Cast) -> None:
    # Arrive in the reverse of content-hash order, so storage in arrival order would show.
    order = sorted(TEXTS, key=classify.content_hash, reverse=True)
    handler = _console_handler()
    buffer = io.StringIO()
    old_stream = handler.setStream(buffer)  # type: ignore[attr-defined]
    audit_before = AuditLog.objects.count()
    raw: list[str] = []  # what Django emits before the filter: proves the filter had work to do
    tap = logging.Handler()
    tap.emit = lambda record: raw.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("django.request").addHandler(tap)
    try:
        token, start, end = _give_all(cast, order)
        control = Client()
        control.force_login(cast.admin.user)  # type: ignore[attr-defined]
        control.get("/meetings/999999/consult/")  # positive control: an ordinary 404 is logged
    finally:
        handler.setStream(old_stream)  # type: ignore[attr-defined]
        logging.getLogger("django.request").removeHandler(tap)
    log = buffer.getvalue()
    assert any(ANON_PREFIX in message for message in raw)

    # The log: the ordinary path is there, nothing about the anonymous pages, no marker.
    assert "/meetings/999999/consult/" in log
    assert ANON_PREFIX not in log and token not in log
    assert ADDRESS not in log and AGENT not in log and FORWARDED not in log

    # The opinion rows themselves: no column for time, person, address or agent.
    assert Opinion.objects.count() == len(TEXTS)
    kinds = (models.DateTimeField, models.DateField, models.TimeField, models.GenericIPAddressField)
    assert not [f.name for f in Opinion._meta.concrete_fields if isinstance(f, kinds)]
    assert {f.name for f in Opinion._meta.concrete_fields} == {
        "id",
        "meeting",
        "subject",
        "source",
        "text",
        "norm_hash",
        "aspect",
        "confidence",
        "aspect_confirmed",
        "revision",  # counts corrections of the classification: nothing about time or person
    }

    # Every row of every table: no marker, and no timestamp from the moments opinions were given.
    session_key = None
    for label, row in _all_rows():
        flat = " ".join(str(value) for value in row.values())
        for marker in (ADDRESS, FORWARDED, AGENT, "MarkerBrowser"):
            assert marker not in flat, (label, row)
        for name, value in row.items():
            if hasattr(value, "tzinfo") and hasattr(value, "hour"):
                assert not start <= value <= end, f"{label}.{name} was written while opinions were given"
        if label == "sessions.Session":
            session_key = row["session_key"]
            assert token not in str(row) and "consult" not in str(row)
    assert session_key is not None  # the admin's session exists, and was left untouched

    # The audit log: nothing was recorded for the opinions (opening the link is recorded, before).
    assert AuditLog.objects.count() == audit_before + 1
    assert not AuditLog.objects.filter(action__startswith="opinion").exists()

    # Storage order follows the content hash, not arrival.
    by_hash = [o.pk for o in sorted(Opinion.objects.all(), key=lambda o: (o.norm_hash, o.pk))]
    arrival = [Opinion.objects.get(text=t).pk for t in order]
    assert by_hash != arrival
    table = Opinion._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT id FROM {table} ORDER BY rowid")
            assert [r[0] for r in cursor.fetchall()] == by_hash
        elif connection.vendor == "postgresql":
            cursor.execute(f"SELECT id, xmin::text FROM {table} ORDER BY ctid")
            stored = cursor.fetchall()
            assert [r[0] for r in stored] == by_hash
            xmins = {r[1] for r in stored}
            assert len(xmins) == 1, "every opinion row carries the same transaction id"
            (xmin,) = xmins
            for other in connection.introspection.table_names(cursor):
                if other == table:
                    continue
                cursor.execute(f'SELECT count(*) FROM "{other}" WHERE xmin::text = %s', [xmin])
                assert cursor.fetchone()[0] == 0, f"{other} shares a transaction with the opinions"


def test_the_client_address_never_reaches_the_view() -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory

    from mingjing_web.consult.anonymity import StripClientMiddleware

    seen: dict[str, Any] = {}

    def view(request: Any) -> HttpResponse:
        seen.update(meta=dict(request.META), cookies=dict(request.COOKIES))
        return HttpResponse("ok")

    headers = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": FORWARDED}
    request = RequestFactory().get("/o/link/", HTTP_COOKIE="sessionid=abc; csrftoken=tok", **headers)
    response = StripClientMiddleware(view)(request)
    assert seen["meta"]["REMOTE_ADDR"] == "0.0.0.0"
    assert "HTTP_USER_AGENT" not in seen["meta"] and "HTTP_X_FORWARDED_FOR" not in seen["meta"]
    assert seen["cookies"] == {"csrftoken": "tok"}
    assert response["Cache-Control"] == "no-store"
    # Elsewhere the request is untouched.
    other = RequestFactory().get("/login/", **headers)
    StripClientMiddleware(view)(other)
    assert seen["meta"]["REMOTE_ADDR"] == ADDRESS


def test_gunicorn_writes_no_access_line_for_the_anonymous_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    calls: list[str] = []
    monkeypatch.setattr(
        Logger, "access", lambda self, resp, req, environ, rt: calls.append(environ["PATH_INFO"])
    )
    logger = AnonymityLogger(Config())
    logger.access(None, None, {"PATH_INFO": "/o/some-link/", "REMOTE_ADDR": ADDRESS}, None)
    logger.access(None, None, {"PATH_INFO": "/login/", "REMOTE_ADDR": ADDRESS}, None)
    # The style sheet the anonymous page loads would log the visitor's address: no line either.
    logger.access(None, None, {"PATH_INFO": "/static/app.css", "HTTP_REFERER": "http://h:8000/o/link/"}, None)
    logger.access(None, None, {"PATH_INFO": "/static/app.css", "HTTP_REFERER": "http://h:8000/login/"}, None)
    assert calls == ["/login/", "/static/app.css"]
    record = logging.LogRecord(
        "gunicorn.error", logging.ERROR, __file__, 1, "Error handling request /o/x/", None, None
    )
    assert not all(f.filter(record) for f in logger.error_log.filters)


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        ("Bad Request: /o/abc/", False),
        ("request over 60 s interrupted: path=/o/abc/", False),
        ("Not Found: /meetings/9/consult/", True),
        ("Not Found: /photo/1/", True),
    ],
)
def test_the_log_filter_drops_any_mention_of_the_anonymous_pages(message: str, kept: bool) -> None:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, None, None)
    assert AnonymousPathFilter().filter(record) is kept
