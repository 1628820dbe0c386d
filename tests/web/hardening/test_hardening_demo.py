"""``mingjing demo`` is idempotent after the unit and its meeting were renamed (issue 14.5)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from mingjing.samples import demo_organisation
from mingjing_web.demo import DEMO_KEY, demo_load
from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Organisation
from mingjing_web.reports.models import Report


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
# The jobs the demo's uploads queue (cross-unit clusters) run in this thread: in the job pool they would
# write to the test's shared-cache in-memory SQLite beside the demo load, which answers "table is locked"
# at once instead of waiting as a database file does.
@override_settings(MINGJING_JOBS_INLINE=True)
def test_demo_after_renames_finds_the_same_unit_and_meeting() -> None:
    first = demo_load()
    org = Organisation.objects.get(corpus_key=DEMO_KEY)
    meetings, reports = Meeting.objects.count(), Report.objects.count()
    organisations = Organisation.objects.count()  # the demo bureau, its county and a town
    Organisation.objects.filter(pk=org.pk).update(name="改名后的单位党组")
    # The meeting `mingjing demo` loads the reports into (other demo meetings have their own loaders).
    current = Meeting.objects.get(organisation=org, title=demo_organisation().meeting)
    Meeting.objects.filter(pk=current.pk).update(title="改名后的民主生活会")
    again = demo_load()
    assert Organisation.objects.count() == organisations
    assert again.organisation == "改名后的单位党组"
    assert (Meeting.objects.count(), Report.objects.count()) == (meetings, reports)
    assert again.created_reports == 0 and first.created_reports == again.total_reports
