from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.history import tracked
from projects.querysets import ProjectQuerySet, RegionQuerySet


@tracked()
class Region(models.Model):
    """行政区划: city → district (or development zone) → street, with its division code."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street")

    code = models.CharField(
        _("division code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{6}(\d{3})?$", _("Enter a 6-digit or 9-digit division code."))],
        help_text=_("6 digits for a city or district (GB/T 2260 style), 9 digits for a street."),
    )
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent region"),
    )
    is_development_zone = models.BooleanField(_("development zone"), default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="region_only_city_without_parent",
                condition=models.Q(level="city", parent__isnull=True)
                | (~models.Q(level="city") & models.Q(parent__isnull=False)),
            )
        ]

    def __str__(self):
        return self.name

    _PARENT_LEVEL = {"district": "city", "street": "district"}

    def clean(self):
        expected = self._PARENT_LEVEL.get(self.level)
        if expected and self.parent and self.parent.level != expected:
            raise ValidationError(
                {"parent": _("A %(level)s must belong to a %(parent)s.")
                 % {"level": self.get_level_display(), "parent": self.Level(expected).label}}
            )


@tracked()
class Project(models.Model):
    """A shantytown redevelopment project (棚改项目) of one district."""

    code = models.CharField(
        _("project code"),
        max_length=32,
        unique=True,
        error_messages={"unique": _("A project with this code already exists.")},
    )
    name = models.CharField(_("project name"), max_length=200)
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"level": Region.Level.DISTRICT},
        verbose_name=_("district"),
    )
    street = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="street_projects",
        limit_choices_to={"level": Region.Level.STREET},
        verbose_name=_("street"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["district__code", "code"]
        indexes = [models.Index(fields=["district", "code"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.street_id and self.district_id and self.street.parent_id != self.district_id:
            raise ValidationError({"street": _("The street is not in the project's district.")})
