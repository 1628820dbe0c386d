"""Adding templates and past reports to an organisation's library, and removing them."""

from __future__ import annotations

from django.db import transaction

from mingjing_web import analysis, corpus
from mingjing_web.audit.services import audit_record
from mingjing_web.errors import ServiceError
from mingjing_web.library.models import LibraryDocument
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.services import max_upload_bytes


def _require_admin(actor: Membership) -> None:
    if not actor.is_admin:
        raise ServiceError("只有管理员可以维护范文库。")


def document_add(
    *, actor: Membership, kind: str, title: str, year: int | None, data: bytes, filename: str
) -> LibraryDocument:
    """Read a template or past report and add it to the organisation's library (and so to the copy check)."""
    _require_admin(actor)
    if len(data) > max_upload_bytes():
        raise ServiceError("文件太大，请删去图片等内容后再上传。")
    document = analysis.read_upload(data=data, filename=filename)
    text = analysis.parse_document(document, framework=None).text
    return _document_save(actor, kind=kind, title=title, year=year, filename=filename, text=text)


@transaction.atomic
def _document_save(
    actor: Membership, *, kind: str, title: str, year: int | None, filename: str, text: str
) -> LibraryDocument:
    doc = LibraryDocument.objects.create(
        organisation=actor.organisation,
        kind=kind,
        title=title.strip() or analysis.safe_filename(filename),
        year=year,
        filename=analysis.safe_filename(filename),
        text=text,
        added_by=actor,
    )
    audit_record(
        actor=actor,
        organisation=actor.organisation,
        action="library.add",
        target=doc,
        summary=f"范文库添加：{doc.title}",
    )
    transaction.on_commit(lambda: corpus.library_indexed(document_id=doc.pk))
    return doc


@transaction.atomic
def document_remove(*, actor: Membership, document: LibraryDocument) -> None:
    _require_admin(actor)
    if document.organisation_id != actor.organisation_id:
        raise ServiceError("只能删除本单位范文库中的文档。")
    audit_record(
        actor=actor,
        organisation=actor.organisation,
        action="library.remove",
        target=document,
        summary=f"范文库删除：{document.title}",
    )
    doc_id = document.pk
    document.delete()
    transaction.on_commit(
        lambda: corpus.library_removed(organisation_id=actor.organisation_id, document_id=doc_id)
    )
