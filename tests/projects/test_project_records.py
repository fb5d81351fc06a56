"""Project facts, funding, investment, buildings with evidence, export: bad input and scope."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from projects.models import (
    BuildingEvidence,
    InvestmentReport,
    Project,
    ResettlementBuilding,
    ResettlementSite,
)
from projects.services import building_record_milestone
from tests.factories import ProjectFactory, project_form_data
from tests.pages import input_value, post_from

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


project_form = project_form_data


def test_negative_households_and_absurd_investment_name_the_field(client, official_1, district_1):
    client.force_login(official_1)
    html = client.post(
        "/projects/new/",
        project_form(district_1, planned_households=-1, planned_investment="20000000"),
    ).content.decode()
    assert "计划户数：不能小于 0。" in html
    assert "计划投资（万元）：不能大于 10000000。" in html
    assert 'value="测试项目"' in html
    assert not Project.objects.filter(code="PG-X-1").exists()


def test_end_date_before_start_date_is_refused(client, official_1, district_1):
    client.force_login(official_1)
    html = client.post(
        "/projects/new/",
        project_form(
            district_1,
            approved_on="2026-05-01",
            freeze_date="2026-03-01",
            signing_ends_on="2026-01-01",
        ),
    ).content.decode()
    assert not Project.objects.filter(code="PG-X-1").exists()
    assert "请改正下面标出的字段" in html


def test_signing_dates_out_of_order_are_refused_by_the_model(project_1):
    from django.core.exceptions import ValidationError

    project_1.signing_starts_on = date(2026, 5, 1)
    project_1.signing_ends_on = date(2026, 4, 1)
    with pytest.raises(ValidationError) as excinfo:
        project_1.full_clean()
    assert excinfo.value.message_dict["signing_ends_on"] == ["签约期结束不能早于签约期开始。"]


def test_full_project_is_created_and_shown(client, city_staff, district_1, street_1):
    client.force_login(city_staff)
    response = client.post(
        "/projects/new/",
        project_form(
            district_1,
            street=street_1.id,
            plan_year=2026,
            lead_leader_name="王建国",
            lead_leader_post="副区长",
            freeze_date="2026-03-01",
            signing_threshold="80",
            signing_ends_on="2026-09-30",
        ),
    )
    project = Project.objects.get(code="PG-X-1")
    assert response.url == f"/projects/{project.id}/"
    html = client.get(response.url).content.decode()
    assert "王建国" in html and "2026-03-01" in html and "80.0" in html


def test_a_signing_threshold_needs_the_period_end(project_1):
    from django.core.exceptions import ValidationError

    project_1.signing_threshold, project_1.signing_ends_on = 80, None
    with pytest.raises(ValidationError) as excinfo:
        project_1.full_clean()
    assert excinfo.value.message_dict["signing_ends_on"] == [
        "设定签约生效比例时须填写签约期结束日期。"
    ]


def test_funding_received_above_planned_is_refused(client, official_1, project_1):
    client.force_login(official_1)
    data = {"form-TOTAL_FORMS": "7", "form-INITIAL_FORMS": "7"}
    from projects.choices import FundingSource

    for index, source in enumerate(FundingSource):
        data.update(
            {
                f"form-{index}-source": source.value,
                f"form-{index}-planned": "100",
                f"form-{index}-received": "150" if index == 0 else "50",
            }
        )
    html = client.post(f"/projects/{project_1.id}/funding/", data).content.decode()
    assert "中央补助 · 到位（万元）：到位资金不能超过计划金额。" in html
    assert not project_1.funding.exists()


def test_monthly_investment_is_cumulated(client, official_1, project_1):
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        for month, amount in [
            ("2026-09", "100.50"),
            ("2026-10", "200"),
            ("2026-10", "250"),
            ("2026-12", "5"),
        ]:
            client.post(f"/projects/{project_1.id}/investment/", {"month": month, "amount": amount})
        html = client.get(f"/projects/{project_1.id}/").content.decode()
    assert list(InvestmentReport.objects.values_list("month", "amount")) == [
        (date(2026, 9, 1), Decimal("100.50")),
        (date(2026, 10, 1), Decimal("250.00")),
    ]
    assert "350.50" in html  # cumulative and the year's total


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_month_or_milestone_entered_again_says_what_it_corrected(
    client, official_1, project_1, district_1
):
    """A month has one investment figure and a milestone one day: entering it again replaces
    it, and the user is told from what, not only "recorded"."""
    site = ResettlementSite.objects.create(name="江东安居苑", district=district_1)
    building = ResettlementBuilding.objects.create(site=site, name="1号楼", units=120)
    client.force_login(official_1)
    investment = f"/projects/{project_1.id}/investment/"
    milestone = f"/projects/sites/{site.id}/buildings/{building.id}/milestone/"
    field = f"building-{building.id}-"
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        months = [
            said(client.post(investment, {"month": "2026-10", "amount": amount}, follow=True))
            for amount in ("200", "250.5", "250.50", "-0")
        ]
        days = [
            said(
                client.post(
                    milestone,
                    {f"{field}milestone": "foundation_started", f"{field}reached_on": day},
                    follow=True,
                )
            )
            for day in ("2026-11-01", "2026-11-03", "2026-11-03")
        ]
    assert months == [
        ["投资已登记。"],
        ["2026-10 的投资已由 200.00 万元更正为 250.50 万元。"],
        ["2026-10 已登记投资 250.50 万元，本次相同，未作更改。"],
        ["2026-10 的投资已由 250.50 万元更正为 0.00 万元。"],  # not "-0.00"
    ]
    assert days == [
        ["节点已登记。"],
        ["1号楼：“基础结构施工开始”日期已由 2026-11-01 更正为 2026-11-03。"],
        ["1号楼：“基础结构施工开始”已登记为 2026-11-03，本次相同，未作更改。"],
    ]
    assert InvestmentReport.objects.get().amount == Decimal("0")
    building.refresh_from_db()
    assert building.foundation_started_on == date(2026, 11, 3)


def test_building_milestone_with_evidence_and_scoped_download(
    client, official_1, official_2, project_1, district_1
):
    site = ResettlementSite.objects.create(name="江东安居苑", district=district_1)
    site.projects.add(project_1)
    building = ResettlementBuilding.objects.create(site=site, name="1号楼", units=120)
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        client.post(
            f"/projects/sites/{site.id}/buildings/{building.id}/milestone/",
            {
                f"building-{building.id}-milestone": "foundation_started",
                f"building-{building.id}-reached_on": "2026-11-01",
                f"building-{building.id}-files": [
                    SimpleUploadedFile("permit.png", PNG, content_type="image/png")
                ],
            },
        )
        building.refresh_from_db()
        assert building.foundation_started_on == date(2026, 11, 1)
        evidence = BuildingEvidence.objects.get()
        download = client.get(f"/projects/sites/{site.id}/evidence/{evidence.id}/")
        assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
        client.force_login(official_2)
        assert client.get(f"/projects/sites/{site.id}/evidence/{evidence.id}/").status_code == 404
        assert client.get(f"/projects/sites/{site.id}/").status_code == 404


def test_a_renamed_text_file_is_refused_as_evidence(client, official_1, district_1):
    site = ResettlementSite.objects.create(name="江东安居苑", district=district_1)
    building = ResettlementBuilding.objects.create(site=site, name="1号楼", units=120)
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        response = client.post(
            f"/projects/sites/{site.id}/buildings/{building.id}/milestone/",
            {
                f"building-{building.id}-milestone": "foundation_started",
                f"building-{building.id}-reached_on": "2026-11-01",
                f"building-{building.id}-files": [
                    SimpleUploadedFile("photo.jpg", b"just some text", content_type="image/jpeg")
                ],
            },
            follow=True,
        )
    assert "“photo.jpg”不是 PDF、JPEG 或 PNG 文件" in response.content.decode()
    building.refresh_from_db()
    assert building.foundation_started_on is None and not BuildingEvidence.objects.exists()


def test_a_refused_milestone_comes_back_filled_on_its_own_building(client, official_1, district_1):
    site = ResettlementSite.objects.create(name="江东安居苑", district=district_1)
    first = ResettlementBuilding.objects.create(site=site, name="1号楼", units=120)
    second = ResettlementBuilding.objects.create(site=site, name="2号楼", units=90)
    client.force_login(official_1)
    page = f"/projects/sites/{site.id}/"
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        response = post_from(
            client,
            page,
            f"{page}buildings/{second.id}/milestone/",
            {
                f"building-{second.id}-milestone": "structure_capped",
                f"building-{second.id}-reached_on": "2026-12-01",  # after today
            },
        )
    html = response.content.decode()
    second.refresh_from_db()
    assert second.structure_capped_on is None
    assert input_value(html, f"building-{second.id}-reached_on") == "2026-12-01"
    assert re.search(
        rf'name="building-{second.id}-milestone"[^>]*>.*?<option value="structure_capped" selected',
        html,
        re.S,
    )
    assert "节点日期：日期不能晚于今天。" in html
    assert input_value(html, f"building-{first.id}-reached_on") == ""  # the other row: empty


def test_export_contains_only_the_scope_and_escapes_formulas(
    client, official_1, district_1, project_2
):
    ProjectFactory(district=district_1, name='=HYPERLINK("http://x")', code="PG-EVIL")
    ProjectFactory(district=district_1, name="北关片区", code="PG-OK")
    client.force_login(official_1)
    response = client.get("/projects/", {"export": "xlsx", "q": "PG-"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "棚户区改造项目清单"
    assert rows[2][:3] == ("项目编号", "项目名称", "区县")
    names = {row[1] for row in rows[3:]}
    assert names == {'\'=HYPERLINK("http://x")', "北关片区"}
    assert project_2.name not in names


def test_a_milestone_out_of_order_with_any_recorded_one_is_refused(official_1, district_1):
    """Handed over on 1 November, then capped on the 15th: only neighbours were compared, so
    a capping after the handover passed when completion was not recorded between them."""
    site = ResettlementSite.objects.create(name="江东安居苑", district=district_1)
    building = ResettlementBuilding.objects.create(site=site, name="1号楼", units=120)
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        building_record_milestone(
            building=building,
            milestone="handed_over",
            reached_on=date(2026, 11, 1),
            user=official_1,
        )
        with pytest.raises(ValidationError) as refused:
            building_record_milestone(
                building=building,
                milestone="structure_capped",
                reached_on=date(2026, 11, 15),
                user=official_1,
            )
    assert list(refused.value.message_dict) == ["handed_over_on"]
    building.refresh_from_db()
    assert building.structure_capped_on is None
