from django.core.management import call_command

from accounts.models import User
from core.models import Region
from projects.models import Project


def test_seed_demo_creates_the_demo_city_and_its_users(db, capsys):
    call_command("seed_demo", "--password", "Demo@2026x")
    districts = list(Region.objects.districts().order_by("code"))
    assert len(districts) == 6
    for number, district in enumerate(districts, start=1):
        user = User.objects.get(username=f"district_{number}")
        assert user.scope_region == district and user.role == "district_official"
        assert Project.objects.for_user(user).count() == 12
    for username, role in [
        ("admin", "admin"),
        ("city_staff", "city_staff"),
        ("bureau_leader", "bureau_leader"),
        ("city_leader", "leader"),
    ]:
        user = User.objects.get(username=username)
        assert user.role == role and user.check_password("Demo@2026x")
        assert Project.objects.for_user(user).count() == 72


def test_seed_demo_on_a_database_with_data_changes_nothing(db, capsys):
    call_command("seed_demo")
    before = (Project.objects.count(), User.objects.count(), Region.objects.count())
    capsys.readouterr()
    call_command("seed_demo", "--scale", "city")
    assert "已有数据" in capsys.readouterr().out
    assert (Project.objects.count(), User.objects.count(), Region.objects.count()) == before


def test_seed_demo_reset_rebuilds(db):
    call_command("seed_demo")
    call_command("seed_demo", "--reset", "--seed", "7")
    assert User.objects.filter(username="district_6").exists()
    assert Region.objects.districts().count() == 6


def test_seed_demo_refuses_a_weak_password(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="密码"):
        call_command("seed_demo", "--password", "password")
    assert not User.objects.exists()


def test_seed_demo_programme_data_is_complete_and_consistent(db):
    import time_machine

    from projects.choices import ConstructionStatus, ExpropriationStatus
    from projects.models import (
        AnnualPlan,
        DailyStatus,
        DistrictTarget,
        InvestmentReport,
        ResettlementBuilding,
    )

    with time_machine.travel("2026-11-20 12:00 +0800", tick=False):
        call_command("seed_demo")
    assert set(AnnualPlan.objects.values_list("year", flat=True)) == {2025, 2026}
    assert DistrictTarget.objects.count() == 2 * 6
    assert set(Project.objects.values_list("expropriation_status", flat=True)) == set(
        ExpropriationStatus.values
    )
    assert set(Project.objects.values_list("construction_status", flat=True)) == set(
        ConstructionStatus.values
    )
    # every status change is in the log, and a project under construction has its start date
    assert (
        not Project.objects.exclude(construction_status="not_started")
        .filter(construction_started_on=None)
        .exists()
    )
    assert (
        not Project.objects.filter(construction_status="not_started")
        .exclude(construction_started_on=None)
        .exists()
    )
    filing = Project.objects.filter(construction_status__in=["under_construction", "suspended"])
    statuses = DailyStatus.objects.filter(project__in=filing)
    assert statuses.filter(is_late=True).exists() and statuses.filter(is_late=False).exists()
    assert not DailyStatus.objects.filter(date__gte="2026-11-20").exists()  # today is left to file
    assert not DailyStatus.objects.filter(
        date__in=["2026-10-01", "2026-11-15"]
    ).exists()  # holiday, Sunday
    assert InvestmentReport.objects.exists() and ResettlementBuilding.objects.exists()
    # Progress dates are plausible: never before the project's approval, and this year's
    # campaigns count demolitions of their own period (issue: every campaign showed 0/80).
    from django.db.models import F

    from households.models import ProgressEvent
    from households.selectors import campaign_progress
    from projects.models import Campaign, CampaignTarget

    assert not ProgressEvent.objects.filter(
        effective_on__lt=F("household__project__approved_on")
    ).exists()
    progress = campaign_progress(Campaign.objects.all())
    for campaign in Campaign.objects.filter(ends_on__lt="2026-11-20"):
        done = sum(n for (cid, _district), n in progress.items() if cid == campaign.id)
        target = sum(
            CampaignTarget.objects.filter(campaign=campaign).values_list("households", flat=True)
        )
        assert done >= target / 5, (campaign.name, done, target)
