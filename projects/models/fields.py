"""Field factories and checks the models of projects share."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Upper bounds that catch a typo (an extra digit) without limiting a real programme.
MAX_INVESTMENT = Decimal("10000000")  # 万元, i.e. 1,000 亿元
MAX_COUNT = 1_000_000


def money_field(verbose_name, **kwargs):
    """An amount in 万元: not negative and no larger than MAX_INVESTMENT."""
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_INVESTMENT)],
        **kwargs,
    )


def count_field(verbose_name, **kwargs):
    return models.PositiveIntegerField(
        verbose_name, validators=[MaxValueValidator(MAX_COUNT)], **kwargs
    )


def check_date_order(instance, pairs) -> None:
    """Raise one error per later date that falls before an earlier one (the first named)."""
    errors = {}
    for earlier, later in pairs:
        first, second = getattr(instance, earlier), getattr(instance, later)
        if first and second and second < first and later not in errors:
            errors[later] = _("%(later)s cannot be before %(earlier)s.") % {
                "later": instance._meta.get_field(later).verbose_name,
                "earlier": instance._meta.get_field(earlier).verbose_name,
            }
    if errors:
        raise ValidationError(errors)
