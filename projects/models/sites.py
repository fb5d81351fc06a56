from itertools import combinations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.models import BaseModel, Region
from projects.choices import BuildingMilestone
from projects.models.fields import check_date_order, count_field
from projects.models.projects import Project
from projects.querysets import ResettlementSiteQuerySet


@tracked()
class ResettlementSite(BaseModel):
    """安置小区: an in-kind resettlement estate, which may serve several projects."""

    name = models.CharField(_("site name"), max_length=200)
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="resettlement_sites",
        verbose_name=_("district"),
        limit_choices_to={"level": Region.Level.DISTRICT},
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    projects = models.ManyToManyField(
        Project, related_name="resettlement_sites", blank=True, verbose_name=_("projects served")
    )

    objects = ResettlementSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("resettlement site")
        verbose_name_plural = _("resettlement sites")
        ordering = ["district__code", "name"]

    def __str__(self):
        return self.name


@tracked()
class ResettlementBuilding(BaseModel):
    """A building of a resettlement site with its milestones.

    Foundation structural work started is the official start (开工) of in-kind housing;
    main structure capped is 基本建成.
    """

    site = models.ForeignKey(
        ResettlementSite, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("site")
    )
    name = models.CharField(_("building"), max_length=50)
    units = count_field(_("units"), default=0)
    foundation_started_on = models.DateField(
        _("foundation structural work started"), null=True, blank=True
    )
    structure_capped_on = models.DateField(_("main structure capped"), null=True, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over"), null=True, blank=True)

    MILESTONE_FIELDS = {
        BuildingMilestone.FOUNDATION_STARTED: "foundation_started_on",
        BuildingMilestone.STRUCTURE_CAPPED: "structure_capped_on",
        BuildingMilestone.COMPLETED: "completed_on",
        BuildingMilestone.HANDED_OVER: "handed_over_on",
    }

    class Meta:
        verbose_name = _("resettlement building")
        verbose_name_plural = _("resettlement buildings")
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="building_unique_name")
        ]

    def __str__(self):
        return f"{self.site.name} {self.name}"

    def clean(self):
        # Every milestone recorded after every earlier one, a gap between them or not (a
        # building handed over, then capped, compared neighbours only and passed).
        check_date_order(self, list(combinations(self.MILESTONE_FIELDS.values(), 2)))


def milestone_evidence_path(instance, filename):
    return f"evidence/buildings/{instance.building_id}/{instance.milestone}/{filename}"


class BuildingEvidence(BaseModel):
    """A permit scan or photo proving a building milestone, kept through the storage API."""

    building = models.ForeignKey(
        ResettlementBuilding,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("building"),
    )
    milestone = models.CharField(_("milestone"), max_length=20, choices=BuildingMilestone.choices)
    file = models.FileField(_("file"), upload_to=milestone_evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("milestone evidence")
        verbose_name_plural = _("milestone evidence")
        ordering = ["building", "milestone", "uploaded_at"]

    def __str__(self):
        return self.original_name
