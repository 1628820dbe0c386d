"""Reading the library."""

from __future__ import annotations

from mingjing_web.library.models import LibraryDocument
from mingjing_web.orgs.models import Organisation


def document_list(*, organisation: Organisation) -> list[LibraryDocument]:
    """The library without the texts (for listing)."""
    return list(LibraryDocument.objects.filter(organisation=organisation).defer("text"))


def document_get(*, organisation: Organisation, document_id: int) -> LibraryDocument | None:
    return LibraryDocument.objects.filter(organisation=organisation, pk=document_id).first()
