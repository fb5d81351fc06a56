"""Resident ID numbers: validated, encrypted, searchable by hash, masked everywhere."""

import pytest
from django.core.exceptions import ValidationError

from households import crypto
from households.models import Household, IdRevealLog
from tests.households.conftest import ID_A, ID_B, ID_C


@pytest.mark.parametrize(
    "typed", ["11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ", " 110105 19491231002X "]
)
def test_lower_case_x_full_width_and_spaces_are_read(typed):
    assert crypto.validate_id_number(typed) == ID_A


@pytest.mark.parametrize(
    "typed, message",
    [
        ("11010519491231002", "身份证号应为 18 位，此号码为 17 位。"),
        ("110105194912310021", "身份证号校验位不正确，请核对。"),
        ("110105194913310021", "身份证号中的出生日期不是有效日期。"),
        ("110105209912310010", "身份证号中的出生日期不是有效日期。"),  # born in 2099
        ("990105194912310023", "身份证号前六位不是有效的行政区划代码。"),
        ("110101١٩٩٠٠١٠١0015", "身份证号应为 17 位数字加 1 位数字或 X。"),  # Arabic-Indic digits
        ("110101፩9900101001X", "身份证号应为 17 位数字加 1 位数字或 X。"),  # an Ethiopic digit
    ],
)
def test_invalid_numbers_say_why_in_chinese(db, typed, message):
    with pytest.raises(ValidationError) as excinfo:
        crypto.validate_id_number(typed)
    assert excinfo.value.messages == [message]


def test_stored_encrypted_hashed_and_masked(household_of):
    household = household_of("H1", ID_A)
    raw = Household.objects.values("id_encrypted", "id_hash", "id_masked").get(pk=household.pk)
    assert ID_A not in str(raw)
    assert raw["id_masked"] == "110*************2X"
    assert crypto.decrypt(raw["id_encrypted"]) == ID_A
    assert raw["id_hash"] == crypto.search_hash("11010519491231002x")


def test_a_natural_person_needs_a_number_and_an_organisation_does_not(project_1):
    from households.services import household_create

    with pytest.raises(ValidationError) as excinfo:
        household_create(project=project_1, code="H1", party_name="张三", id_number="")
    assert excinfo.value.message_dict == {"id_number": ["自然人须填写身份证号。"]}
    organisation = household_create(
        project=project_1,
        code="H2",
        party_name="红星商店",
        party_type="organisation",
        credit_code="91990102MA00000000",
    )
    assert organisation.id_masked == ""


def test_masked_in_page_api_and_admin(client, city_staff, official_1, household_of):
    household = household_of("H1", ID_A)
    client.force_login(official_1)
    for url in [
        f"/households/{household.pk}/",
        "/households/",
        f"/api/v1/households/{household.pk}/",
        "/api/v1/households/",
    ]:
        body = client.get(url).content.decode()
        assert "110*************2X" in body and ID_A not in body, url
    admin = city_staff.__class__.objects.create_superuser("root", password="Root@2026x")
    client.force_login(admin)
    body = client.get(f"/admin/households/household/{household.pk}/change/").content.decode()
    assert "110*************2X" in body and ID_A not in body and household.id_encrypted not in body


def test_reveal_needs_a_reason_is_logged_and_shows_one_number(client, official_1, household_of):
    household = household_of("H1", ID_A)
    client.force_login(official_1)
    refused = client.post(f"/households/{household.pk}/reveal/", {"reason": ""}, follow=True)
    assert ID_A not in refused.content.decode() and not IdRevealLog.objects.exists()
    shown = client.post(f"/households/{household.pk}/reveal/", {"reason": "核对协议身份信息"})
    assert ID_A in shown.content.decode() and shown["Cache-Control"] == "no-store"
    log = IdRevealLog.objects.get()
    assert (log.user, log.household, log.reason) == (official_1, household, "核对协议身份信息")


def test_reveal_is_refused_to_leaders_and_other_districts(client, leader, official_2, household_of):
    household = household_of("H1", ID_A)
    client.force_login(leader)
    assert client.post(f"/households/{household.pk}/reveal/", {"reason": "看看"}).status_code == 403
    client.force_login(official_2)
    assert client.post(f"/households/{household.pk}/reveal/", {"reason": "看看"}).status_code == 404
    assert not IdRevealLog.objects.exists()


def test_city_staff_read_the_reveal_log(client, city_staff, official_1, household_of):
    household = household_of("H1", ID_A)
    client.force_login(official_1)
    client.post(f"/households/{household.pk}/reveal/", {"reason": "核对协议身份信息"})
    assert client.get("/households/reveal-log/").status_code == 403
    client.force_login(city_staff)
    assert "核对协议身份信息" in client.get("/households/reveal-log/").content.decode()


def test_search_by_id_is_a_post_and_finds_a_member(client, official_1, household_of):
    from households.services import member_add

    household = household_of("H1", ID_A)
    member_add(household=household, name="李四", relation="配偶", id_number=ID_B)
    client.force_login(official_1)
    assert (
        client.get("/households/search-id/", {"id_number": ID_B}).content.decode().count("张三")
        == 0
    )
    html = client.post("/households/search-id/", {"id_number": ID_B.lower()}).content.decode()
    assert "H1 张三" in html


def test_search_by_id_stays_in_scope(client, official_2, household_of):
    household_of("H1", ID_A)
    client.force_login(official_2)
    html = client.post("/households/search-id/", {"id_number": ID_A}).content.decode()
    assert "H1 张三" not in html and "您范围内没有此身份证号的户" in html


def test_the_same_id_on_a_member_elsewhere_flags_both_households(
    project_3, household_of, client, city_staff
):
    from households.services import household_create, member_add

    first = household_of("H1", ID_A)
    other = household_create(project=project_3, code="X1", party_name="王五", id_number=ID_B)
    assert not Household.objects.filter(has_duplicate_id=True).exists()
    member_add(household=other, name="张三", relation="兄弟姐妹", id_number=ID_A)
    assert set(Household.objects.filter(has_duplicate_id=True)) == {first, other}
    client.force_login(city_staff)
    html = client.get("/households/duplicates/").content.decode()
    assert "H1 张三" in html and "X1 王五" in html and "110*************2X" in html


def test_export_masks_id_numbers_and_escapes_formulas(client, official_1, household_of, project_3):
    import io

    from openpyxl import load_workbook

    from households.services import household_create

    household_of("H1", ID_A, name="=cmd|' /C calc'!A0")
    household_create(project=project_3, code="X1", party_name="外区户", id_number=ID_B)
    client.force_login(official_1)
    response = client.get("/households/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:3] == ("户编号", "被征收人", "身份证号")
    assert rows[3][:3] == ("H1", "'=cmd|' /C calc'!A0", "110*************2X")
    assert len(rows) == 4  # the other district's household is not exported
    assert ID_A not in str(rows)


def test_correcting_a_shared_number_clears_both_flags(project_3, household_of):
    from households.services import household_create, household_update

    first = household_of("H1", ID_A)
    other = household_create(project=project_3, code="X1", party_name="王五", id_number=ID_A)
    assert set(Household.objects.filter(has_duplicate_id=True)) == {first, other}
    household_update(household=other, expected_version=other.version, id_number=ID_B)
    assert not Household.objects.filter(has_duplicate_id=True).exists()


def test_a_flag_from_a_members_number_holds_when_the_partys_number_changes(project_3, household_of):
    from households.services import household_create, household_update, member_add

    first = household_of("H1", ID_A)
    other = household_create(project=project_3, code="X1", party_name="王五", id_number=ID_B)
    member_add(household=other, name="张三", relation="兄弟姐妹", id_number=ID_A)
    other.refresh_from_db()
    # The check starts from the numbers that changed (B, C) and must still find A on both.
    household_update(household=other, expected_version=other.version, id_number=ID_C)
    assert set(Household.objects.filter(has_duplicate_id=True)) == {first, other}


def _export_rows(response):
    import io

    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_full_id_export_needs_a_reason_and_logs_who_what_and_why(
    client, official_1, project_1, household_of
):
    first, second = household_of("H1", ID_A), household_of("H2", ID_B, name="李四")
    client.force_login(official_1)
    page = client.get("/households/export-full-ids/", {"project": project_1.pk}).content.decode()
    assert "2 户的完整身份证号" in page and f"项目：{project_1}" in page
    refused = client.post(
        "/households/export-full-ids/", {"query": f"project={project_1.pk}", "reason": " "}
    )
    assert refused.status_code == 200 and "导出原因：该字段是必填项。" in refused.content.decode()
    assert not IdRevealLog.objects.exists()
    response = client.post(
        "/households/export-full-ids/",
        {"query": f"project={project_1.pk}", "reason": "与不动产登记中心核对"},
    )
    assert (
        response["Content-Type"].startswith("application/vnd.openxmlformats")
        and response["Cache-Control"] == "no-store"
    )
    rows = _export_rows(response)
    assert "含完整身份证号" in rows[1][0]
    assert [row[:3] for row in rows[3:]] == [("H1", "张三", ID_A), ("H2", "李四", ID_B)]
    log = IdRevealLog.objects.get()
    assert (log.kind, log.user, log.record_count, log.household_ids, log.reason) == (
        "export",
        official_1,
        2,
        [first.pk, second.pk],
        "与不动产登记中心核对",
    )
    assert log.filters == f"项目：{project_1}"


def test_full_id_export_stays_in_scope_and_is_refused_without_the_permission(
    client, official_2, leader, project_1, project_3, household_of
):
    from households.services import household_create

    household_of("H1", ID_A)
    household_create(project=project_3, code="X1", party_name="王五", id_number=ID_C)
    client.force_login(official_2)
    rows = _export_rows(
        client.post("/households/export-full-ids/", {"query": "", "reason": "核对"})
    )
    assert [row[:3] for row in rows[3:]] == [("X1", "王五", ID_C)]
    other = client.post(
        "/households/export-full-ids/", {"query": f"project={project_1.pk}", "reason": "核对"}
    )
    assert other.status_code == 200 and ID_A not in other.content.decode()
    assert IdRevealLog.objects.count() == 1
    client.force_login(leader)
    assert client.get("/households/export-full-ids/").status_code == 403
    assert (
        client.post("/households/export-full-ids/", {"query": "", "reason": "核对"}).status_code
        == 403
    )
    assert IdRevealLog.objects.count() == 1


def test_a_full_id_export_imports_back_unchanged(client, official_1, project_1, household_of):
    from households.importers import import_roster

    household_of("H1", ID_A)
    household_of("H2", ID_B, name="李四")
    client.force_login(official_1)
    response = client.post(
        "/households/export-full-ids/", {"query": f"project={project_1.pk}", "reason": "回传核对"}
    )
    result = import_roster(
        project=project_1,
        content=response.content,
        filename="导出.xlsx",
        user=official_1,
        dry_run=False,
    )
    assert result.as_dict() == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "errors": [],
        "warnings": [],
    }


def test_every_path_writes_a_shared_number_and_flags_both(client, official_1, project_1, project_3):
    """One rule for the page, the API and the import (the import test says the same)."""
    from households.services import household_create

    other = household_create(project=project_3, code="X1", party_name="外区户", id_number=ID_A)
    client.force_login(official_1)
    created = client.post(
        "/api/v1/households/",
        {"project": project_1.id, "code": "A1", "party_name": "张三", "id_number": ID_A},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["has_duplicate_id"] is True
    other.refresh_from_db()
    assert other.has_duplicate_id


def test_full_id_export_is_kept_to_a_project_sized_file(
    client, official_1, project_1, household_of, monkeypatch
):
    """A district's or the city's full ID numbers never go into one file (nor one request)."""
    from households import services

    monkeypatch.setattr(services, "FULL_ID_EXPORT_LIMIT", 1)
    household_of("H1", ID_A)
    household_of("H2", ID_B, name="李四")
    client.force_login(official_1)
    page = client.get("/households/export-full-ids/").content.decode()
    assert "最多导出 1 户" in page and 'data-testid="export-submit"' not in page
    refused = client.post("/households/export-full-ids/", {"query": "", "reason": "核对"})
    assert "最多导出 1 户" in refused.content.decode()
    assert not IdRevealLog.objects.exists()
    one = client.post("/households/export-full-ids/", {"query": "q=H1", "reason": "核对"})
    assert [row[:3] for row in _export_rows(one)[3:]] == [("H1", "张三", ID_A)]


def test_a_member_whose_id_is_on_another_household_is_said_so_when_added(
    client, official_1, household_of, project_3
):
    """Not only a badge found later: the clerk who typed the number is told at once, the
    household named when theirs, not named when outside their scope."""
    from households import services

    mine = household_of("H1", ID_A)
    household_of("H2", ID_B)
    services.household_create(project=project_3, code="X1", party_name="王五", id_number=ID_C)
    client.force_login(official_1)

    def add(number):
        page = client.post(
            f"/households/{mine.pk}/members/",
            {
                "name": "李四",
                "relation": "配偶",
                "id_number": number,
                "is_resettlement_person": "on",
            },
            follow=True,
        )
        return page.content.decode()

    ours = add(ID_B)
    assert "家庭成员已添加" in ours
    assert "该身份证号也登记在“江东区老火车站片区棚改项目”的 H2 户" in ours
    theirs = add(ID_C)
    assert "该身份证号也登记在您管辖范围以外的户" in theirs and "X1" not in theirs
    assert Household.objects.get(pk=mine.pk).has_duplicate_id
