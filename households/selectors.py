"""Read-side queries on households shared by pages, API and exports."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max

from core.figures import percent
from households.choices import Stage
from households.models import Household, HouseholdMember, ProgressEvent, RosterImport
from projects.choices import CampaignScope

PAGE_SIZE = 50


def stage_counts(households) -> list[tuple[str, str, int]]:
    """(stage, label, count) for every stage, in order, over the given (filtered) households."""
    counts = dict(households.order_by().values_list("stage").annotate(n=Count("id")))
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in Stage]


@dataclass
class ProgressSummary:
    """Where a set of households stands: how many at each stage, and how many have come as
    far as signing (the progress view; the agreement-based signing rate is DESIGN.md §5's)."""

    stages: list[tuple[str, str, int]]
    total: int
    signed_or_later: int
    signed_share: Decimal | None


def progress_summary(households) -> ProgressSummary:
    stages = stage_counts(households)
    signed_rank = Stage.rank(Stage.SIGNED)
    total = sum(count for _stage, _label, count in stages)
    signed = sum(count for stage, _label, count in stages if Stage.rank(stage) >= signed_rank)
    return ProgressSummary(stages, total, signed, percent(signed, total))


def recent_imports(*, user, limit: int = 5):
    """The latest roster files written into projects the user can see."""
    return (
        RosterImport.objects.for_user(user)
        .select_related("project", "imported_by")
        .order_by("-imported_at", "-id")[:limit]
    )


def keyset_page(households, *, after: int | None, size: int = PAGE_SIZE):
    """One page in id order after a given id: the same cost on page 1 and page 1,000."""
    rows = households.order_by("id")
    if after:
        rows = rows.filter(id__gt=after)
    page = list(rows[: size + 1])
    return page[:size], (page[size - 1].id if len(page) > size else None)


def households_with_id(*, user, id_hash: str):
    """Households in the user's scope whose party or a member has this ID number."""
    member_households = HouseholdMember.objects.filter(id_hash=id_hash).values("household_id")
    return (
        Household.objects.for_user(user).filter(id_hash=id_hash)
        | Household.objects.for_user(user).filter(id__in=member_households)
    ).select_related("project", "district")


def duplicate_id_groups(*, user) -> list[dict]:
    """Groups of households sharing an ID number (party or member), for city staff to check."""
    flagged = list(
        Household.objects.for_user(user)
        .filter(has_duplicate_id=True)
        .select_related("project", "district")
        .prefetch_related("members")
        .order_by("id")
    )
    groups: dict[str, dict] = {}
    for household in flagged:
        people = [(household.id_hash, household.id_masked, household.party_name)]
        people += [(m.id_hash, m.id_masked, m.name) for m in household.members.all()]
        for id_hash, masked, name in people:
            if not id_hash:
                continue
            group = groups.setdefault(id_hash, {"masked": masked, "entries": []})
            # A household once per number, though its party is also its own head member.
            if household not in (entry for entry, _name in group["entries"]):
                group["entries"].append((household, name))
    return [g for g in groups.values() if len({h.id for h, _name in g["entries"]}) > 1]


def campaign_progress(campaigns) -> dict[tuple[int, int], int]:
    """Households demolished inside each campaign's period and scope, per district:
    {(campaign id, district id): households}. One query for all campaigns."""
    campaigns = list(campaigns)
    if not campaigns:
        return {}
    events = (
        ProgressEvent.objects.filter(
            to_stage=Stage.DEMOLISHED,
            is_reversal=False,
            effective_on__gte=min(c.starts_on for c in campaigns),
            effective_on__lte=max(c.ends_on for c in campaigns),
        )
        .values_list(
            "household_id",
            "household__district_id",
            "household__project__demolition_type",
            "effective_on",
        )
        .distinct()
    )
    done: dict[tuple[int, int], set] = {}
    for household_id, district_id, demolition_type, on in events:
        for campaign in campaigns:
            in_scope = campaign.scope == CampaignScope.BOTH or campaign.scope == demolition_type
            if in_scope and campaign.starts_on <= on <= campaign.ends_on:
                done.setdefault((campaign.id, district_id), set()).add(household_id)
    return {key: len(households) for key, households in done.items()}


def vacated_dates(households) -> dict:
    """{household id: the day it vacated} for those of the given households (stage loaded)
    that stand at "vacated" or beyond: a move-out undone since does not count. One query."""
    moved_out = [h.pk for h in households if Stage.rank(h.stage) >= Stage.rank(Stage.VACATED)]
    if not moved_out:
        return {}
    return dict(
        ProgressEvent.objects.filter(
            household__in=moved_out, to_stage=Stage.VACATED, is_reversal=False
        )
        .values("household_id")
        .annotate(last=Max("effective_on"))
        .values_list("household_id", "last")
    )
