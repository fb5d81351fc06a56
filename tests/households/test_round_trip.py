"""The roster survives real use: exported, edited in Excel, imported back (DESIGN.md §6)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from households.importers import import_roster, template_workbook
from households.models import Household, HouseholdMember
from households.selectors import duplicate_id_groups
from households.services import household_create, member_add
from tests.households.conftest import ID_A, ID_B, ID_C, person_id


def export(client, user, project):
    client.force_login(user)
    return client.get("/households/", {"project": project.pk, "export": "xlsx"}).content


def test_an_unchanged_export_imports_back_as_unchanged(client, official_1, project_1):
    every_hardship = ["dibao", "tekun", "disability", "serious_illness", "elderly_alone", "youfu"]
    household_create(
        project=project_1,
        code="001",
        party_name="张三",
        id_number=ID_A,
        roster_people=4,
        hardship_types=every_hardship,
        intention="swap",
        land_type="collective",
        use="non_residential",
        legal_area="68.50",
        note="-已核实",
        address="=1+1",
    )
    second = household_create(project=project_1, code="002", party_name="李四", id_number=ID_B)
    member_add(household=second, name="李小四", relation="子", id_number=ID_C)
    household_create(
        project=project_1,
        code="003",
        party_name="江州红星商店",
        party_type="organisation",
        credit_code="91990102MA0000001X",
    )
    content = export(client, official_1, project_1)
    result = import_roster(
        project=project_1, content=content, filename="export.xlsx", user=official_1, dry_run=False
    )
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 3)
    assert Household.objects.get(code="001").roster_people == 4  # the declared count, kept


def test_the_template_example_row_is_refused_and_a_real_row_is_not(project_1):
    result = import_roster(
        project=project_1,
        content=template_workbook(),
        filename="template.xlsx",
        user=None,
        dry_run=True,
    )
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "备注")]
    assert "示例行" in result.errors[0]["message"] and not Household.objects.exists()


def test_the_template_explains_the_household_code(client, official_1):
    client.force_login(official_1)
    book = load_workbook(io.BytesIO(client.get("/households/import/template.xlsx").content))
    guide = {row[0].value: row[1].value for row in book["填写说明"].iter_rows()}
    assert "项目内唯一" in guide["户编号"]
    page = client.get("/households/import/").content.decode()
    assert "项目内唯一" in page


def test_the_preview_shows_each_row_and_what_changes(client, official_1, project_1):
    household_create(
        project=project_1, code="001", party_name="张三", id_number=ID_A, phone="13800000000"
    )
    client.force_login(official_1)
    book_bytes = export(client, official_1, project_1)
    book = load_workbook(io.BytesIO(book_bytes))
    sheet = book.active
    sheet["D4"] = "13900000000"  # 联系电话 of the first household (title, subtitle, header, row)
    sheet.append(["002", "李四", person_id(2)])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = client.post(
        "/households/import/",
        {"project": project_1.pk, "file": SimpleUploadedFile("edited.xlsx", buffer.getvalue())},
    ).content.decode()
    rows = preview.split('data-testid="import-rows"')[1]
    assert "13800000000" in rows and "13900000000" in rows and "李四" in rows
    assert person_id(2) not in rows and person_id(2)[:3] + "*" * 13 in rows  # numbers masked


def test_an_imported_household_lists_its_party_as_its_first_member(project_1):
    import_roster(
        project=project_1,
        content=_roster([["001", "张三", ID_A]]),
        filename="r.xlsx",
        user=None,
        dry_run=False,
    )
    head = HouseholdMember.objects.get(household__code="001")
    assert (head.name, head.relation, head.id_masked) == (
        "张三",
        "户主",
        Household.objects.get().id_masked,
    )
    import_roster(
        project=project_1,
        content=_roster([["001", "张大三", ID_B]]),
        filename="r.xlsx",
        user=None,
        dry_run=False,
    )
    head.refresh_from_db()
    assert (head.name, head.id_hash) == (
        "张大三",
        Household.objects.get().id_hash,
    )  # follows the party
    assert HouseholdMember.objects.count() == 1


def test_a_household_whose_party_is_its_own_member_is_listed_once_among_duplicates(
    project_1, project_2, city_staff
):
    household_create(project=project_1, code="001", party_name="张三", id_number=ID_A)
    household_create(project=project_2, code="X1", party_name="张三", id_number=ID_A)
    [group] = duplicate_id_groups(user=city_staff)
    assert sorted(h.code for h, _name in group["entries"]) == ["001", "X1"]


def _roster(rows):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["户编号", "被征收人", "身份证号"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
