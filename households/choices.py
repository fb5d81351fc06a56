from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyType(models.TextChoices):
    OWNER = "owner", _("Natural-person owner")
    PUBLIC_LESSEE = "public_lessee", _("Public-housing lessee")
    ORGANISATION = "organisation", _("Organisation")


class LandType(models.TextChoices):
    STATE = "state", _("State-owned land")
    COLLECTIVE = "collective", _("Collective land")


class HouseUse(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    NON_RESIDENTIAL = "non_residential", _("Non-residential")


class Recognition(models.TextChoices):
    """认定 of unregistered area: illegal area is not compensated."""

    PENDING = "pending", _("Not yet recognised")
    LEGAL = "legal", _("Legal")
    TEMPORARY_LEGAL = "temporary_legal", _("Temporary legal")
    ILLEGAL = "illegal", _("Illegal")


class Hardship(models.TextChoices):
    DIBAO = "dibao", _("Minimum living allowance")
    TEKUN = "tekun", _("Extreme poverty")
    DISABILITY = "disability", _("Disability")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone")
    YOUFU = "youfu", _("Entitled groups (优抚)")


class Intention(models.TextChoices):
    MONETARY = "monetary", _("Monetary compensation")
    SWAP = "swap", _("Property swap")
    UNDECIDED = "undecided", _("Undecided")


class Stage(models.TextChoices):
    """A household's stages in order (DESIGN.md §4)."""

    REGISTERED = "registered", _("Registered")
    SURVEYED = "surveyed", _("Surveyed")
    APPRAISED = "appraised", _("Appraised")
    SIGNED = "signed", _("Signed")
    VACATED = "vacated", _("Vacated")
    DEMOLISHED = "demolished", _("Demolished")
    SETTLED = "settled", _("Settled")

    @classmethod
    def rank(cls, value: str) -> int:
        return _STAGE_RANKS[value]  # `values` is remade on each use: not looked up in it

    @classmethod
    def after(cls, value: str) -> str:
        """The stage that follows `value` (the last one follows itself)."""
        return cls.values[min(cls.rank(value) + 1, len(cls.values) - 1)]


_STAGE_RANKS = {value: index for index, value in enumerate(Stage.values)}


class Mode(models.TextChoices):
    """What an agreement gives the household: money, or a unit in exchange (产权调换).
    Kept on the household once it has signed (its start rule depends on it)."""

    MONETARY = "monetary", _("Monetary compensation")
    SWAP = "swap", _("Property swap")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
