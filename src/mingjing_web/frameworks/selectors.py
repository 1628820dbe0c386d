"""Reading frameworks: those an organisation may use (shipped, shared and its own) and their versions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mingjing_web.frameworks.models import Framework, FrameworkVersion
from mingjing_web.orgs.models import Organisation


def _visible(organisation: Organisation | None) -> Q:
    shared = Q(organisation__isnull=True)
    return shared if organisation is None else shared | Q(organisation=organisation)


def framework_list(*, organisation: Organisation | None) -> QuerySet[Framework]:
    """Frameworks the organisation may use, newest year first, its own before shared ones of a year."""
    found = Framework.objects.filter(_visible(organisation), current__isnull=False)
    return found.select_related("current", "organisation").order_by("-year", "shipped", "name")


def framework_get(*, framework_id: int) -> Framework | None:
    """A framework by id, whatever its organisation (the view checks access with the policy)."""
    return (
        Framework.objects.select_related("current", "organisation", "copied_from__framework")
        .filter(pk=framework_id)
        .first()
    )


def framework_by_key(*, key: str) -> Framework | None:
    return Framework.objects.select_related("current").filter(key=key).first()


def framework_versions(*, framework: Framework) -> list[FrameworkVersion]:
    return list(framework.versions.select_related("created_by").order_by("-number"))


def framework_version_choices(*, organisation: Organisation) -> list[tuple[int, str]]:
    """(current version id, label) of every usable framework, for the meeting form."""
    return [
        (f.current.pk, f"{f.name}（{f.year}，第 {f.current.number} 版）")
        for f in framework_list(organisation=organisation)
        if f.current is not None  # framework_list keeps only frameworks with a current version
    ]


def framework_version_get(*, version_id: int) -> FrameworkVersion | None:
    return FrameworkVersion.objects.select_related("framework").filter(pk=version_id).first()


def framework_for_year(*, organisation: Organisation, year: int, kind: str) -> FrameworkVersion | None:
    """The best default for a new meeting: the newest usable framework of that year and kind."""
    for framework in framework_list(organisation=organisation):
        if (
            framework.year == year
            and framework.kind in (kind, "通用")
            and framework.current is not None
            and not framework.current.data.get("generic")
        ):
            return framework.current
    return None
