"""The compensation pages' small forms come back with what was typed when refused (DESIGN.md
§7: bad input loses nothing), as the household pages' do."""

from compensation import services
from compensation.models import WorkTeam
from projects.models import ResettlementSite
from tests.pages import input_value, post_from


def test_a_refused_work_team_keeps_its_leader(client, swaps, official_1):
    page = f"/compensation/projects/{swaps.pk}/campaign/"
    client.force_login(official_1)
    html = post_from(
        client, page, f"/compensation/projects/{swaps.pk}/teams/", {"name": "", "leader": "王五"}
    ).content.decode()
    assert not WorkTeam.objects.exists()
    assert input_value(html, "leader") == "王五"
    assert input_value(client.get(page).content.decode(), "leader") == ""  # shown once


def test_a_refused_draw_keeps_how_the_seed_was_drawn(client, swaps, official_1, reviewer):
    frozen = services.lottery_freeze(project=swaps, method="lottery", user=official_1)
    page = f"/compensation/lotteries/{frozen.pk}/"
    client.force_login(reviewer)
    html = post_from(
        client,
        page,
        f"/compensation/lotteries/{frozen.pk}/draw/",
        {"seed": "", "seed_source": "福彩3D 第2026320期开奖号码"},
    ).content.decode()
    assert input_value(html, "seed_source") == "福彩3D 第2026320期开奖号码"
    frozen.refresh_from_db()
    assert frozen.status == "frozen"


def test_a_refused_building_keeps_its_name(client, swaps, official_1):
    site = ResettlementSite.objects.create(name="纺织新村", district=swaps.district)
    page = f"/projects/sites/{site.pk}/"
    client.force_login(official_1)
    html = post_from(
        client, page, f"/projects/sites/{site.pk}/buildings/", {"name": "3号楼", "units": "很多"}
    ).content.decode()
    assert not site.buildings.exists()
    assert input_value(html, "name") == "3号楼"


def test_a_refused_payee_account_is_not_said_missing_once_not_kept(client, effective, official_1):
    """A bad account number came back as three errors: its own, 未保留, and 该字段是必填项 —
    for a number the clerk had typed and the page had dropped on purpose."""
    page = f"/compensation/households/{effective.household_id}/statement/"
    client.force_login(official_1)
    html = post_from(
        client,
        page,
        f"/compensation/households/{effective.household_id}/payee/",
        {"payee-name": "张三", "payee-bank": "工商银行", "payee-account": "abc"},
    ).content.decode()
    assert "账号：为保护个人信息未保留，请重新输入。" in html
    assert input_value(html, "payee-bank") == "工商银行"
    assert "账号：该字段是必填项" not in html
