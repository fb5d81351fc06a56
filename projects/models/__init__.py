"""The models of projects, one module per concern (plans, projects, sites, daily status,
campaigns); everything is importable from `projects.models`."""

from projects.models.campaigns import Campaign, CampaignTarget
from projects.models.daily import DailyStatus, FilingReminder, ReportedDay
from projects.models.fields import (
    MAX_COUNT,
    MAX_INVESTMENT,
    check_date_order,
    count_field,
    money_field,
)
from projects.models.plans import (
    HOUSEHOLD_SPLIT_MESSAGE,
    TARGET_FIELDS,
    AnnualPlan,
    DistrictTarget,
    PlanMilestone,
    household_split_adds_up,
)
from projects.models.projects import InvestmentReport, Project, ProjectFunding, ProjectStatusChange
from projects.models.sites import (
    BuildingEvidence,
    ResettlementBuilding,
    ResettlementSite,
    milestone_evidence_path,
)

__all__ = [
    "HOUSEHOLD_SPLIT_MESSAGE",
    "MAX_COUNT",
    "MAX_INVESTMENT",
    "TARGET_FIELDS",
    "AnnualPlan",
    "BuildingEvidence",
    "Campaign",
    "CampaignTarget",
    "DailyStatus",
    "DistrictTarget",
    "FilingReminder",
    "InvestmentReport",
    "PlanMilestone",
    "Project",
    "ProjectFunding",
    "ProjectStatusChange",
    "ReportedDay",
    "ResettlementBuilding",
    "ResettlementSite",
    "check_date_order",
    "count_field",
    "household_split_adds_up",
    "milestone_evidence_path",
    "money_field",
]
