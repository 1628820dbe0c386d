"""Stored cross-unit clusters of an upper organisation (issue 12): computed by a background job, read by
the page at once. The page never computes; it shows what is stored, when, and whether a refresh runs."""

from __future__ import annotations

from django.db import models

from mingjing_web.jobs.models import Job
from mingjing_web.orgs.models import Organisation


class CrossUnitResult(models.Model):
    """The last computed clusters of one upper organisation's subtree, and how current they are.

    ``generation`` counts the changes of the subtree's copy index (a version saved, a report removed);
    ``computed_generation`` is the generation the stored clusters were computed from. ``index_state`` is
    a cheap digest of the subtree's latest versions at the start of that computation, so that a change
    no hook saw (a unit attached to the tree, a lost update) is noticed by comparing digests.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    clusters = models.JSONField("雷同组", default=list)
    min_passage = models.PositiveIntegerField(default=0)
    generation = models.PositiveIntegerField(default=0)
    computed_generation = models.PositiveIntegerField(null=True, blank=True)
    index_state = models.CharField(max_length=100, blank=True)
    documents = models.PositiveIntegerField(default=0)  # reports of the subtree when computed
    computed_at = models.DateTimeField("更新于", null=True, blank=True)
    # The pending or running refresh (at most one per organisation: the debounce).
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "跨单位雷同材料"

    def __str__(self) -> str:
        return f"跨单位雷同材料 #{self.pk}"

    @property
    def computed(self) -> bool:
        return self.computed_at is not None

    @property
    def behind(self) -> bool:
        """Index changes arrived since the stored clusters were computed."""
        return self.computed_generation != self.generation
