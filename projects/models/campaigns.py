from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.models import BaseModel, Region, Versioned
from core.scoping import CityWideQuerySet
from projects.choices import CampaignScope
from projects.models.fields import check_date_order, count_field


@tracked()
class Campaign(Versioned):
    """攻坚行动: a named demolition drive with a period, a scope and district targets."""

    name = models.CharField(_("campaign name"), max_length=100)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    scope = models.CharField(
        _("scope"), max_length=10, choices=CampaignScope.choices, default=CampaignScope.BOTH
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)

    objects = CityWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.name

    def clean(self):
        check_date_order(self, [("starts_on", "ends_on")])


@tracked()
class CampaignTarget(BaseModel):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="targets", verbose_name=_("campaign")
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        limit_choices_to={"level": Region.Level.DISTRICT},
    )
    households = count_field(_("households to demolish"))

    class Meta:
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        ordering = ["campaign", "district__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "district"], name="campaign_unique_district"
            )
        ]

    def __str__(self):
        return f"{self.district} {self.households}"
