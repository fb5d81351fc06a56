"""Compensation through the pages and the API as a district's officials and city staff use
it: a scheme drafted and approved, an appraisal, an agreement drafted, reviewed, signed,
printed and voided; the appraisal import; the campaign pages; fixed query counts."""

import io
import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from compensation import services
from compensation.models import Agreement, Appraisal, Assignment, CompensationScheme
from households.models import Household
from tests.compensation.conftest import DEADLINES, draft_reviewed
from tests.households.conftest import person_id
from tests.pages import input_value, post_from

pytestmark = pytest.mark.usefixtures("clock")


def test_a_district_drafts_a_scheme_and_city_staff_approve_it(
    client, signing_project, official_1, city_staff
):
    client.force_login(official_1)
    response = client.post(f"/compensation/projects/{signing_project.pk}/schemes/new/", follow=True)
    scheme = CompensationScheme.objects.get()
    assert response.redirect_chain[-1][0] == f"/compensation/schemes/{scheme.pk}/"
    bad = client.post(
        f"/compensation/schemes/{scheme.pk}/items/new/",
        {
            "order": 1,
            "code": "house",
            "name": "房屋价值补偿",
            "kind": "area",
            "applies_to": "both",
            "area_class": "registered",
            "times_monetary": 1,
            "times_swap": 1,
            "grace_days": 0,
            "daily_step": 0,
            "tiers": "[]",
        },
    )
    assert "请填写单价，或选择按评估单价" in bad.content.decode()
    client.post(
        f"/compensation/schemes/{scheme.pk}/items/new/",
        {
            "order": 1,
            "code": "house",
            "name": "房屋价值补偿",
            "kind": "area",
            "applies_to": "both",
            "area_class": "registered",
            "use_appraisal": "on",
            "times_monetary": 1,
            "times_swap": 1,
            "grace_days": 0,
            "daily_step": 0,
            "tiers": "[]",
        },
    )
    assert scheme.items.count() == 1
    form = client.get(f"/compensation/schemes/{scheme.pk}/items/new/").content.decode()
    assert form.count('name="hardship_types"') == 6  # one tick box per hardship type
    client.post(
        f"/compensation/schemes/{scheme.pk}/items/new/",
        {
            "order": 2,
            "code": "hardship",
            "name": "困难家庭补助",
            "kind": "hardship",
            "applies_to": "both",
            "area_class": "registered",
            "hardship_types": ["dibao", "serious_illness"],
            "amount": "10000",
            "times_monetary": 1,
            "times_swap": 1,
            "grace_days": 0,
            "daily_step": 0,
            "tiers": "[]",
        },
    )
    assert scheme.items.get(code="hardship").hardship_types == ["dibao", "serious_illness"]
    scheme.items.create(
        order=3, code="bonus", name="奖励", kind="percent_of", percent=10, of_item="house"
    )
    scheme.items.create(
        order=4,
        code="early",
        name="限时签约奖励",
        kind="daily",
        amount=D("30000"),
        grace_days=20,
        daily_step=D("-1000"),
        daily_limit=D("0"),
    )
    page = client.get(f"/compensation/schemes/{scheme.pk}/").content.decode()
    assert "低保、重病" in page and "serious_illness" not in page
    assert "10.00% × 房屋价值补偿" in page  # the item read, by its name
    assert "30,000，第 20 天后每天减 1,000，最低 0" in page
    # each number in Chinese, with its unit and grouped (it read "10000" under "hardship")
    assert "低保、重病：10,000.00 元" in page and "科目代码 <span" in page
    assert client.post(f"/compensation/schemes/{scheme.pk}/approve/").status_code == 403
    client.force_login(city_staff)
    client.post(f"/compensation/schemes/{scheme.pk}/approve/")
    scheme.refresh_from_db()
    assert scheme.status == "approved" and scheme.approved_by == city_staff
    # its settings read, grouped as every figure is ("3121.00" before)
    CompensationScheme.objects.filter(pk=scheme.pk).update(settlement_cost_price=D("3121"))
    assert (
        '<dd class="col-7">3,121.00</dd>'
        in client.get(f"/compensation/schemes/{scheme.pk}/").content.decode()
    )


def test_an_agreement_from_draft_to_signed_on_the_pages(
    client, scheme, appraised, official_1, reviewer
):
    household = appraised[0]
    client.force_login(official_1)
    page = client.get(f"/compensation/households/{household.pk}/").content.decode()
    assert "HX-2026-001" in page and 'data-testid="draft-form"' in page
    response = client.post(
        f"/compensation/households/{household.pk}/agreements/",
        {"mode": "monetary", "temporary_housing": "fee", "moving_deadline": "2026-04-15"},
        follow=True,
    )
    agreement = Agreement.objects.get()
    html = response.content.decode()
    assert "651,000.00" in html and "房屋价值补偿" in html
    # A monetary agreement's terms leave out a swap's, which would count for nothing.
    assert 'name="moving_deadline"' in html and 'name="transition_months"' not in html
    # The reward's condition is said once, then whether it is met (it was said twice).
    assert html.count("时兑现") == 1 and "条件尚未达到" in html
    # and the total it is counted in says it is not due yet (the statement said so, alone)
    assert "合计含须达到条件方兑现的奖励" in html
    client.post(f"/compensation/agreements/{agreement.pk}/review/", follow=True)
    agreement.refresh_from_db()
    assert agreement.status == "draft"  # the drafter may not review
    # Its terms changed: the record says when as well as who (it said only who).
    client.post(
        f"/compensation/agreements/{agreement.pk}/",
        {
            "version": agreement.version,
            "temporary_housing": "fee",
            "payment_due_on": "2026-03-31",
            "moving_deadline": "2026-04-16",
            "planned_sign_on": "2026-03-10",
        },
    )
    page = client.get(f"/compensation/agreements/{agreement.pk}/").content.decode()
    changed = page.split('data-testid="computed-again">')[1].split("</li>")[0]
    assert re.match(r"修改条款并重新计算 2026-03-10 \d\d:\d\d ", changed), changed
    client.force_login(reviewer)
    client.post(f"/compensation/agreements/{agreement.pk}/review/")
    # Reviewed, not signed: no number yet, and no longer called a draft.
    reviewed = client.get(f"/compensation/agreements/{agreement.pk}/").content.decode()
    assert "待签协议 · " in reviewed and "草稿" not in reviewed
    listed = client.get("/compensation/agreements/").content.decode()
    assert f'{agreement.pk}/">未签订</a>' in listed
    unsigned = client.get(f"/compensation/agreements/{agreement.pk}/print/")
    assert (
        "filename*=utf-8''%E5%BE%85%E7%AD%BE%E5%8D%8F%E8%AE%AE-" in unsigned["Content-Disposition"]
    )
    signed = client.post(
        f"/compensation/agreements/{agreement.pk}/sign/", {"signed_on": "2026-03-10"}, follow=True
    ).content.decode()
    assert "已签约，编号 征补协字 PG-01-009-0001" in signed
    # the record names who recorded the signing, as it names who drafted and reviewed
    signed_record = signed.split('data-testid="signed-record">')[1].split("</li>")[0]
    recorder = Agreement.objects.get(pk=agreement.pk).signed_by
    assert recorder and f"记录人 {recorder.display_name}" in signed_record
    # The signed terms read as words: the choice's name, not its code.
    assert '<dd class="col-7">临时安置费</dd>' in signed and ">fee<" not in signed
    pdf = client.get(f"/compensation/agreements/{agreement.pk}/print/")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"
    voided = client.post(
        f"/compensation/agreements/{agreement.pk}/void/", {"reason": ""}, follow=True
    ).content.decode()
    assert "作废原因" in voided
    assert Agreement.objects.get(pk=agreement.pk).status == "conditional"  # not voided


def test_the_progress_page_refuses_signed_by_hand(client, appraised, official_1):
    client.force_login(official_1)
    response = client.post(
        f"/households/{appraised[0].pk}/progress/",
        {"stage": "signed", "date": "2026-03-10"},
        follow=True,
    )
    assert Household.objects.get(pk=appraised[0].pk).stage == "appraised"
    page = client.get(f"/households/{appraised[0].pk}/").content.decode()
    # No stage can be typed for it (signing is recorded by the agreement): no select at all.
    select = page.split('name="stage"')[1].split("</select>")[0] if 'name="stage"' in page else ""
    assert "signed" not in select
    assert response.status_code == 200


def test_the_api_drafts_reviews_signs_and_voids(client, scheme, appraised, official_1, reviewer):
    client.force_login(official_1)
    created = client.post(
        "/api/v1/agreements/",
        {
            "household": appraised[0].pk,
            "mode": "swap",
            "payment_due_on": "2030-12-31",
            "moving_deadline": "2030-12-31",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    # 640,000 + the moving fee twice for a swap 6,000 + the all-in reward 8,000
    assert body["status"] == "draft" and body["total"] == "654000.00"
    assert body["lines"][1] == {
        "item": "搬迁费",
        "basis": "每户",
        "quantity": "1.0000",
        "unit_price": "3000.00",
        "amount": "6000.00",
        "formula": "3,000；× 2 次",
        "condition_rate": None,
    }
    again = client.post(
        "/api/v1/agreements/",
        {"household": appraised[0].pk, "mode": "swap"},
        content_type="application/json",
    )
    assert again.status_code == 409
    pk = body["id"]
    assert client.post(f"/api/v1/agreements/{pk}/sign/").status_code == 409  # not reviewed
    assert client.post(f"/api/v1/agreements/{pk}/review/").status_code == 409  # the drafter
    client.force_login(reviewer)
    assert client.post(f"/api/v1/agreements/{pk}/review/").json()["status"] == "reviewed"
    signed = client.post(f"/api/v1/agreements/{pk}/sign/", {}, content_type="application/json")
    assert signed.json()["number"].endswith("PG-01-009-0001")
    assert signed.json()["status"] == "conditional" and signed.json()["scheme_version"] == 1
    void = client.post(f"/api/v1/agreements/{pk}/void/", {}, content_type="application/json")
    assert void.status_code == 400 and "reason" in void.json()
    assert (
        client.post(
            f"/api/v1/agreements/{pk}/void/", {"reason": "错签"}, content_type="application/json"
        ).json()["status"]
        == "void"
    )
    progress = client.post(
        f"/api/v1/households/{appraised[1].pk}/progress/",
        {"stage": "signed", "date": "2026-03-10"},
        content_type="application/json",
    )
    assert progress.status_code == 400 and "签约" in str(progress.json())


def _appraisal_file(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["户编号", "评估机构", "报告编号", "评估日期", "评估总价", "评估单价"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "评估结果.xlsx"
    return buffer


def test_the_appraisal_import_names_every_problem_or_writes_all(
    client, signing_project, official_1
):
    from households.services import household_create

    for n in (1, 2):
        household_create(
            project=signing_project, code=f"F{n:03d}", party_name=f"户{n}", id_number=person_id(n)
        )
    client.force_login(official_1)
    bad = client.post(
        "/compensation/appraisals/import/",
        {
            "project": signing_project.pk,
            "file": _appraisal_file(
                [
                    ["F001", "华信评估", "HX-1", "2026/3/2", "640,000", "8000"],
                    ["F999", "华信评估", "HX-2", "下周", "-5", "8000"],
                    ["F002", "华信评估", "HX-3", "2026-03-11", "0.001", "8000"],
                ]
            ),
        },
    ).content.decode()
    for message in ("没有户编号为“F999”", "不是日期", "“-5”不是大于 0", "“0.001”不是大于 0"):
        assert message in bad
    assert "第 4 行 · 评估日期：日期不能晚于今天" in bad  # the clock says 2026-03-10
    assert "第 3 行 · 户编号：" in bad
    assert not Appraisal.objects.exists()
    done = client.post(
        "/compensation/appraisals/import/",
        {
            "project": signing_project.pk,
            "file": _appraisal_file(
                [
                    ["F001", "华信评估", "HX-1", date(2026, 3, 2), 640000, 8000],
                    ["F002", "华信评估", "HX-2", "2026-03-03", "600000.5", "7500"],
                ]
            ),
        },
        follow=True,
    ).content.decode()
    assert "已登记 2 条评估结果" in done
    assert set(Household.objects.values_list("stage", flat=True)) == {"appraised"}
    assert Appraisal.objects.get(report_no="HX-2").value == D("600000.50")


def test_appraisal_text_the_record_cannot_store_is_named_in_the_check(signing_project, official_1):
    """The check said all was well and the import then failed: on a NUL (an error page) and
    on a report number longer than the record holds (a message naming no row)."""
    from compensation.importers import import_appraisals
    from households.services import household_create

    for n in (1, 2):
        household_create(
            project=signing_project, code=f"F{n:03d}", party_name=f"户{n}", id_number=person_id(n)
        )
    content = (
        "户编号,评估机构,报告编号,评估日期,评估总价,评估单价\n"
        "F001,华信\x00评估,HX-1,2026-03-02,640000,8000\n"
        f"F002,华信评估,{'HX' * 31},2026-03-02,600000,7500\n"
    ).encode()
    for dry_run in (True, False):
        result = import_appraisals(
            project=signing_project,
            content=content,
            filename="评估结果.csv",
            user=official_1,
            dry_run=dry_run,
        )
        assert [(e["row"], e["column"]) for e in result.errors] == [
            (2, "评估机构"),
            (3, "报告编号"),
        ]
    assert "不可见的控制字符" in result.errors[0]["message"]
    assert "不能超过 60 个字，此处有 62 个" in result.errors[1]["message"]
    assert not Appraisal.objects.exists()


def test_an_appraisal_total_far_from_unit_price_times_area_is_refused(
    client, signing_project, official_1
):
    """A unit price typed 80,000 for 8,000 would price every agreement drawn from it tenfold:
    the total must stand within 10% of unit price × the legal area (up to the unregistered
    area once recognised), on the form and row by row in a file."""
    from django.core.exceptions import ValidationError

    from households.services import household_create

    household = household_create(
        project=signing_project,
        code="F001",
        party_name="户1",
        id_number=person_id(1),
        legal_area=D("80"),
        unregistered_area=D("20"),
    )

    def record(value, price):
        return services.appraisal_record(
            household=household,
            firm="华信评估",
            report_no="HX-1",
            appraised_on=date(2026, 3, 2),
            value=D(value),
            unit_price=D(price),
            user=official_1,
        )

    with pytest.raises(ValidationError) as refused:
        record("640000", "80000")
    assert refused.value.message_dict["unit_price"] == [
        "评估总价 640,000 元与评估单价 × 房屋面积（80,000 元/m² × 80 m² = 6,400,000 元）"
        "相差超过 10%，请核对评估单价与评估总价是否录错。"
    ]
    with pytest.raises(ValidationError):
        record("800000", "8000")  # the 20 m² unregistered are not recognised yet
    household.unregistered_recognition = "legal"
    household.save()
    with pytest.raises(ValidationError) as refused:
        record("900000", "8000")  # above 8,000 × 100 m² × 1.1
    assert "8,000 元/m² × 80–100 m² = 640,000–800,000 元" in refused.value.messages[0]
    assert record("800000", "8000").value == D("800000")
    assert record("600000", "8000").value == D("600000")  # within 10% below 8,000 × 80 m²
    with pytest.raises(ValidationError) as refused:  # it drew an agreement paying 0 for a house
        record("0", "0")
    assert refused.value.message_dict == {
        "value": ["请填写评估报告中的金额：不能为 0。"],
        "unit_price": ["请填写评估报告中的金额：不能为 0。"],
    }
    with pytest.raises(ValidationError) as refused:  # one reason a field, the true one
        record("-5", "-1")
    assert refused.value.message_dict == {
        "value": ["不能小于 0。"],
        "unit_price": ["不能小于 0。"],
    }

    client.force_login(official_1)
    page = post_from(
        client,
        f"/compensation/households/{household.pk}/",
        f"/compensation/households/{household.pk}/appraisals/",
        {
            "firm": "华信评估",
            "report_no": "HX-3",
            "appraised_on": "2026-03-02",
            "value": "640000",
            "unit_price": "80000",
        },
    ).content.decode()
    error = page.split('data-testid="field-error"')[1].split("</div>")[0]
    assert "80,000 元/m² × 80–100 m²" in error and 'value="80000"' in page
    html = client.post(
        "/compensation/appraisals/import/",
        {
            "project": signing_project.pk,
            "file": _appraisal_file([["F001", "华信评估", "HX-2", "2026-03-03", "64000", "8000"]]),
        },
    ).content.decode()
    assert "第 2 行 · 评估单价：评估总价 64,000 元与评估单价" in html
    assert Appraisal.objects.count() == 2


def test_the_campaign_page_ranks_teams_and_officials(
    client, scheme, appraised, official_1, reviewer, signing_project
):
    team_a = services.work_team_save(project=signing_project, name="一组")
    team_b = services.work_team_save(project=signing_project, name="二组")
    services.households_assign(households=appraised[:2], team=team_a, official="王强")
    services.households_assign(households=appraised[2:], team=team_b, official="李敏")
    services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    client.force_login(official_1)
    html = client.get(f"/compensation/projects/{signing_project.pk}/campaign/").content.decode()
    teams = html.split('data-testid="team-ranking"')[1].split("</table>")[0]
    assert teams.index("一组") < teams.index("二组") and "50.0%" in teams
    officials = html.split('data-testid="official-ranking"')[1].split("</table>")[0]
    assert officials.index("王强") < officials.index("李敏")
    figures = html.split('data-testid="campaign-figures"')[1]
    # 1 of 5 signed; threshold 60% = 3 households; 52 days left (10 Mar to 30 Apr)
    assert 'data-testid="signed">1（20.0%）' in figures
    assert 'data-testid="days-left">52<' in figures
    # (3 − 1) ÷ 52 = 0.04 a day: a pace needed is rounded up, never shown as 0.0
    assert 'data-testid="pace">每天 0.1 户' in figures
    client.post(
        f"/compensation/projects/{signing_project.pk}/assign/",
        {"households": [appraised[4].pk], "team": team_a.pk, "official": "赵刚"},
    )
    assert Assignment.objects.get(household=appraised[4]).official == "赵刚"


def test_campaign_and_agreement_pages_run_a_fixed_number_of_queries(
    client, scheme, appraised, official_1, reviewer, signing_project, district_1
):
    from households.services import household_create

    client.force_login(official_1)
    team = services.work_team_save(project=signing_project, name="一组")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [
        f"/compensation/projects/{signing_project.pk}/campaign/",
        f"/compensation/districts/{district_1.pk}/campaign/",
        "/compensation/agreements/",
        f"/compensation/projects/{signing_project.pk}/",
    ]
    services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    few = [count(url) for url in urls]
    for n in range(10, 20):
        household = household_create(
            project=signing_project, code=f"G{n}", party_name=f"户{n}", id_number=person_id(n)
        )
        services.households_assign(households=[household], team=team, official=f"责任人{n}")
    for household in appraised[1:4]:
        services.agreement_sign(
            agreement=draft_reviewed(household, "swap", official_1, reviewer), user=official_1
        )
    assert [count(url) for url in urls] == few


def test_a_stale_terms_form_refused_shows_the_stored_terms_state(
    client, scheme, appraised, official_1
):
    """The refused form's empty payment deadline is not the agreement's: no 尚待填写."""
    agreement = services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)
    services.agreement_update(agreement=agreement, user=official_1, expected_version=1, **DEADLINES)
    client.force_login(official_1)
    page = client.post(
        f"/compensation/agreements/{agreement.pk}/",
        {
            "version": 1,
            "temporary_housing": "fee",
            "moving_deadline": "2030-12-31",
            "planned_sign_on": agreement.planned_sign_on.isoformat(),
        },
        follow=True,
    ).content.decode()
    assert "他人保存" in page and 'data-testid="terms-missing"' not in page


def test_the_second_of_two_scheme_settings_edits_is_refused(client, signing_project, official_1):
    """A draft's settings (transition months, the settlement prices) were saved over
    whatever someone else had saved since the page was opened."""
    scheme = services.scheme_new_version(project=signing_project, user=official_1)
    client.force_login(official_1)
    page = f"/compensation/schemes/{scheme.pk}/"
    opened = client.get(page).content.decode()
    form = {
        name: input_value(opened, name)
        for name in re.findall(r'<input[^>]*name="(\w+)"', opened)
        if name != "csrfmiddlewaretoken"
    }
    assert form["edits"] == "1"
    first = client.post(page, {**form, "name": "甲改", "transition_months": "18"}, follow=True)
    assert CompensationScheme.objects.get(pk=scheme.pk).transition_months == 18, first.content
    refused = client.post(page, {**form, "name": "乙改", "transition_months": "36"})
    assert "他人保存" in refused.content.decode() and "乙改" in refused.content.decode()
    stored = CompensationScheme.objects.get(pk=scheme.pk)
    assert (stored.name, stored.transition_months, stored.edits) == ("甲改", 18, 2)
    assert stored.version == scheme.version  # the scheme's number is another thing


def test_a_project_without_a_threshold_does_not_send_its_clerk_to_an_empty_district_page(
    client, official_1, no_threshold, district_1
):
    """The district's campaign counts the projects with a signing threshold: "All of 江东区"
    led from a project without one to a page of zeros."""
    client.force_login(official_1)
    page = client.get(f"/compensation/projects/{no_threshold.pk}/campaign/").content.decode()
    assert f"/compensation/districts/{district_1.pk}/campaign/" not in page
    assert "签约进度" in page and "对照生效比例" not in page
    no_threshold.signing_threshold = 60
    no_threshold.save()
    page = client.get(f"/compensation/projects/{no_threshold.pk}/campaign/").content.decode()
    assert f"/compensation/districts/{district_1.pk}/campaign/" in page and "对照生效比例" in page


def test_an_assignment_refused_keeps_its_ticks_team_and_official(
    client, scheme, appraised, official_1, signing_project
):
    """Refused for want of its official, it came back with nothing ticked and the first
    team chosen: the clerk ticked them all again."""
    services.work_team_save(project=signing_project, name="一组")
    team_b = services.work_team_save(project=signing_project, name="二组")
    client.force_login(official_1)
    ticked = [h.pk for h in appraised[1:3]]
    url = f"/compensation/projects/{signing_project.pk}/campaign/"
    page = post_from(
        client,
        url,
        f"/compensation/projects/{signing_project.pk}/assign/",
        {"households": ticked, "team": team_b.pk, "official": ""},
    ).content.decode()
    form = page.split('data-testid="assign-form"')[1].split("</form>")[0]
    assert set(map(int, re.findall(r'value="(\d+)"[^>]*checked', form))) == set(ticked)
    assert re.search(rf'<option value="{team_b.pk}" selected>二组</option>', form)
    assert not Assignment.objects.exists()
