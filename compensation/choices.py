from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class ItemKind(models.TextChoices):
    """How an item (科目) of a compensation scheme is computed (DESIGN.md §4)."""

    AREA = "area", _("Area × unit price")
    FIXED = "fixed", _("Fixed per household")
    PER_PERSON = "per_person", _("Per eligible person")
    MONTHLY = "monthly", _("Area × monthly price × months")
    PERCENT_OF = "percent_of", _("Percentage of another item")
    HARDSHIP = "hardship", _("Hardship uplift")
    MINIMUM = "minimum", _("Minimum guarantee")
    SIGNING_TIERS = "signing_tiers", _("Reward tiered by signing date")
    MOVING_TIERS = "moving_tiers", _("Reward tiered by moving date")
    DAILY = "daily", _("Reward changing by the day")
    SIGNING_RATE = "signing_rate", _("Reward for the project's signing rate")


class AreaClass(models.TextChoices):
    REGISTERED = "registered", _("Registered (legal) area")
    UNREGISTERED = "unregistered", _("Recognised unregistered area")
    STORAGE = "storage", _("Storage rooms")


class AppliesTo(models.TextChoices):
    BOTH = "both", _("Both modes")
    MONETARY = "monetary", _("Monetary compensation only")
    SWAP = "swap", _("Property swap only")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    CONDITIONAL = "conditional", _("Signed, conditional")
    EFFECTIVE = "effective", _("Effective")
    LAPSED = "lapsed", _("Lapsed")
    VOID = "void", _("Void")


# Agreements that count as signed (DESIGN.md §5 signing rate).
SIGNED_STATUSES = (AgreementStatus.CONDITIONAL, AgreementStatus.EFFECTIVE)
# Agreements still in force or on their way to it: a household has at most one.
OPEN_STATUSES = (
    AgreementStatus.DRAFT,
    AgreementStatus.REVIEWED,
    AgreementStatus.CONDITIONAL,
    AgreementStatus.EFFECTIVE,
)


class TemporaryHousing(models.TextChoices):
    FEE = "fee", _("Temporary resettlement fee")
    TURNOVER = "turnover", _("Turnover housing")


class EntryKind(models.TextChoices):
    PAYMENT = "payment", _("Payment to the household")
    RECEIPT = "receipt", _("Receipt from the household")
    DEPOSIT = "deposit", _("Deposit with a notary or court (提存)")


class EntryStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    APPROVED = "approved", _("Approved and final")
    REVERSED = "reversed", _("Reversed")
    FAILED = "failed", _("Failed, not paid")  # the bank's result
    DISCARDED = "discarded", _("Set aside, not paid")  # before the bank: typed wrong, run cancelled


class PaymentRunStatus(models.TextChoices):
    """A batch payment (代发): drafted, approved by a second person and sent to the bank, then
    closed by the bank's results (or cancelled before them)."""

    DRAFT = "draft", pgettext_lazy("payment run status", "Drafted")
    APPROVED = "approved", _("Approved, at the bank")
    CLOSED = "closed", _("Results recorded")
    CANCELLED = "cancelled", _("Cancelled")


class SelectionMethod(models.TextChoices):
    LOTTERY = "lottery", _("Public lottery")
    SIGNING = "signing", _("Signing order")


class LotteryStatus(models.TextChoices):
    """A selection order: its list frozen and published with its hash, then drawn (a
    lottery's seed entered; a signing order is drawn when frozen)."""

    FROZEN = "frozen", _("List frozen and published")
    DRAWN = "drawn", _("Order drawn")


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved")
    ALLOCATED = "allocated", _("Allocated")
    HANDED_OVER = "handed_over", _("Handed to its household")  # 交房, not a building's 交付
    VOID = "void", _("Void")
