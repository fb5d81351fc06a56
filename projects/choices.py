from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StartRule(models.TextChoices):
    """When a monetary-compensation household counts as started (DESIGN.md §5)."""

    AGREEMENT_EFFECTIVE = "effective", _("Agreement effective")
    EFFECTIVE_AND_PAID = "effective_paid", _("Agreement effective and fully paid")
    EFFECTIVE_AND_VACATED = "effective_vacated", _("Agreement effective and house vacated")


class ProjectCategory(models.TextChoices):
    DANGEROUS_HOUSING = "dangerous", _("Urban dangerous housing")
    URBAN_VILLAGE = "urban_village", _("Urban village")
    OLD_RESIDENTIAL = "old_residential", _("Old residential area")
    STATE_MINING = "state_mining", _("State-owned industrial and mining area")
    OTHER = "other", _("Other")


class DemolitionType(models.TextChoices):
    URBAN = "urban", _("Urban demolition")
    RURAL = "rural", _("Rural demolition")


class ResettlementMode(models.TextChoices):
    MONETARY = "monetary", _("Monetary")
    IN_KIND = "in_kind", _("In kind")
    MIXED = "mixed", _("Mixed")


class ExpropriationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    SCOPE_ANNOUNCED = "scope_announced", _("Scope announced")
    DECISION_ANNOUNCED = "decision_announced", _("Decision announced")
    SIGNING = "signing", _("Signing")
    COMPLETED = "completed", _("Completed")


class ConstructionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    ACCEPTED = "accepted", _("Accepted")


class FundingSource(models.TextChoices):
    CENTRAL_SUBSIDY = "central", _("Central subsidy")
    PROVINCIAL = "provincial", _("Provincial funds")
    SPECIAL_BOND = "special_bond", _("Special bond")
    POLICY_BANK_LOAN = "policy_loan", _("Policy-bank loan")
    SOCIAL_CAPITAL = "social_capital", _("Social capital / PPP")
    LAND_REVENUE = "land_revenue", _("Land revenue")
    SELF_RAISED = "self_raised", _("Self-raised")


class DailyStatusKind(models.TextChoices):
    WORKING = "working", _("Working")
    RESUMED_TODAY = "resumed", _("Resumed today")
    NOT_RESUMED = "not_resumed", _("Not resumed")
    SUSPENDED = "suspended", _("Suspended")


class CampaignScope(models.TextChoices):
    URBAN = "urban", _("Urban demolition")
    RURAL = "rural", _("Rural demolition")
    BOTH = "both", _("Urban and rural")


class BuildingMilestone(models.TextChoices):
    FOUNDATION_STARTED = "foundation_started", _("Foundation structural work started")
    STRUCTURE_CAPPED = "structure_capped", _("Main structure capped")
    COMPLETED = "completed", pgettext_lazy("building milestone", "Completed")  # 竣工
    HANDED_OVER = "handed_over", _("Handed over")


# The lifecycles: which status may follow which (DESIGN.md §4).
EXPROPRIATION_NEXT = {
    ExpropriationStatus.NOT_STARTED: [ExpropriationStatus.SCOPE_ANNOUNCED],
    ExpropriationStatus.SCOPE_ANNOUNCED: [ExpropriationStatus.DECISION_ANNOUNCED],
    ExpropriationStatus.DECISION_ANNOUNCED: [ExpropriationStatus.SIGNING],
    ExpropriationStatus.SIGNING: [ExpropriationStatus.COMPLETED],
    ExpropriationStatus.COMPLETED: [],
}
CONSTRUCTION_NEXT = {
    ConstructionStatus.NOT_STARTED: [ConstructionStatus.UNDER_CONSTRUCTION],
    ConstructionStatus.UNDER_CONSTRUCTION: [
        ConstructionStatus.SUSPENDED,
        ConstructionStatus.COMPLETED,
    ],
    ConstructionStatus.SUSPENDED: [ConstructionStatus.UNDER_CONSTRUCTION],
    ConstructionStatus.COMPLETED: [ConstructionStatus.ACCEPTED],
    ConstructionStatus.ACCEPTED: [],
}
