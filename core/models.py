from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.scoping import ScopedQuerySet, UserScope, scope_of


@cache
def _choice_labels(field: models.Field) -> dict:
    """A field's choices as {value: label}, built once; the labels stay lazy, so each page
    still reads them in its reader's language."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class BaseModel(models.Model):
    """The base of every model here. `get_FOO_display()` looks its label up in the field's
    choices built once, where Django's rebuilds them on every call and translates every
    label to do so: on a list of 50 rows with two choice columns, 1.3 ms of the page."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


class RegionQuerySet(ScopedQuerySet):
    def districts(self):
        return self.filter(level=Region.Level.DISTRICT)

    def streets(self):
        return self.filter(level=Region.Level.STREET)

    def scope_filter(self, scope: UserScope) -> models.Q:
        return (
            models.Q(id__in=scope.reach_district_ids)
            | models.Q(parent_id__in=scope.district_ids)
            | models.Q(id__in=scope.street_ids)
            | models.Q(id__in=scope.project_street_ids)
        )

    def writable_by(self, user):
        """Districts and streets a user may put a record in: their own region only (a street
        user: their street and its district), never the wider set they may read."""
        scope = scope_of(user)
        if scope.city_wide:
            return self.all()
        return self.filter(
            models.Q(id__in=scope.district_ids)
            | models.Q(parent_id__in=scope.district_ids)
            | models.Q(id__in=scope.street_ids)
            | models.Q(id__in=scope.street_district_ids)
        )


@tracked()
class Region(BaseModel):
    """行政区划: city → district (or development zone) → street, with its division code."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street")

    code = models.CharField(
        _("division code"),
        max_length=12,
        unique=True,
        validators=[
            RegexValidator(r"^\d{6}(\d{3})?$", _("Enter a 6-digit or 9-digit division code."))
        ],
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
    expropriation_department = models.CharField(
        _("housing expropriation department"),
        max_length=100,
        blank=True,
        help_text=_(
            "A district's 房屋征收部门 as it signs agreements and issues sheets, e.g. "
            "“…区住房保障和房屋征收办公室”."
        ),
    )

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

    @property
    def expropriation_department_name(self) -> str:
        """Party A of the district's agreements and the issuer of its sheets."""
        return self.expropriation_department or _(
            "%(district)s housing expropriation department"
        ) % {"district": self.name}

    _PARENT_LEVEL = {"district": "city", "street": "district"}

    def clean(self):
        expected = self._PARENT_LEVEL.get(self.level)
        if expected and self.parent and self.parent.level != expected:
            raise ValidationError(
                {
                    "parent": _("A %(level)s must belong to a %(parent)s.")
                    % {"level": self.get_level_display(), "parent": self.Level(expected).label}
                }
            )


def carried_district() -> models.ForeignKey:
    """A row's district copied from its project (households and what hangs on them), for
    scoping without a join: never edited by hand, and indexed by the model together with
    the row's id, so a district's rows come in id order from that index."""
    return models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        editable=False,
        db_index=False,
    )


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user's own notifications: nobody reads another's inbox."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(BaseModel):
    """An in-app message to one user: a reminder to file, a notice waiting for an answer."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    text = models.CharField(_("text"), max_length=500)
    link = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        help_text=_("A page of this system the message points to."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text


class Versioned(BaseModel):
    """A record edited on pages and through the API: every saved edit raises `version`, and
    an edit says which version it was made on (core.versions.check_version), so two forms
    opened on one record and saved one after the other never silently overwrite each other."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
