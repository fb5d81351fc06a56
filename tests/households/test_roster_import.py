"""Roster import: the files district offices really send (DESIGN.md §6)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from households.importers import import_roster
from households.models import Household
from tests.households.conftest import ID_A, ID_B, ID_C, person_id

HEADER = [
    "户编号",
    "被征收人",
    "身份证号",
    "联系电话",
    "房屋坐落",
    "土地性质",
    "房屋用途",
    "合法建筑面积",
    "未登记建筑面积",
    "家庭人口",
    "特殊困难类型",
    "安置意向",
    "备注",
]


def xlsx(rows, *, title_rows=0, text_ids=True) -> bytes:
    book = Workbook()
    sheet = book.active
    for index in range(title_rows):
        sheet.append([f"江东区老火车站片区被征收户台账（第{index + 1}行标题）"])
    if title_rows:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_rows():
    return [
        HEADER,
        [
            "001",
            "张三",
            ID_A,
            "13800000001",
            "解放路1号",
            "国有",
            "住宅",
            60.5,
            0,
            3,
            "低保、残疾",
            "货币补偿",
            "",
        ],
        [
            "002",
            "李四",
            ID_B,
            "13800000002",
            "解放路2号",
            "集体土地",
            "商业",
            "45",
            "10",
            2,
            "",
            "产权调换",
            "临街",
        ],
    ]


def run(project, content, name="roster.xlsx", dry_run=False, user=None):
    return import_roster(
        project=project, content=content, filename=name, user=user, dry_run=dry_run
    ).as_dict()


def snapshot():
    return sorted(Household.objects.values_list("code", "party_name", "phone", "version"))


def test_template_file_imports_and_reimport_changes_nothing(project_1, official_1):
    content = xlsx(good_rows())
    assert run(project_1, content, user=official_1) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
        "warnings": [],
    }
    household = Household.objects.get(code="002")
    assert (household.land_type, household.use, household.intention, household.roster_people) == (
        "collective",
        "non_residential",
        "swap",
        2,
    )
    assert Household.objects.get(code="001").hardship_types == ["dibao", "disability"]
    assert Household.objects.get(code="001").id_masked == "110*************2X"
    again = run(project_1, content, user=official_1)
    assert again == {"created": 0, "updated": 0, "unchanged": 2, "errors": [], "warnings": []}
    rows = good_rows()
    rows[1][3] = "13900000009"
    assert run(project_1, xlsx(rows), user=official_1)["updated"] == 1
    assert Household.objects.count() == 2


def test_dry_run_writes_nothing(project_1):
    assert run(project_1, xlsx(good_rows()), dry_run=True)["created"] == 2
    assert not Household.objects.exists()


def test_header_under_merged_title_rows_other_order_and_street_office_names(project_1):
    rows = [
        ["户主姓名", "证件号码 ", "户编号", "手机号", "合法建筑面积(㎡)", "安置意向"],
        ["王五", ID_C, "７", "１３８００００００１０", "５０．５", "待定"],
        [None, None, None, None, None, None],
        ["赵六", ID_A.lower(), "8", "", "", ""],
    ]
    result = run(project_1, xlsx(rows, title_rows=2))
    assert result["errors"] == [] and result["created"] == 2
    household = Household.objects.get(code="7")
    assert (household.party_name, household.phone, str(household.legal_area)) == (
        "王五",
        "13800000010",
        "50.50",
    )


def test_every_bad_cell_is_reported_with_row_and_column_and_nothing_is_written(project_1):
    rows = good_rows() + [
        [
            "003",
            "",
            "110105194912310021",
            "",
            "",
            "宅基地",
            "仓库",
            "-5",
            "abc",
            0,
            "困难户",
            "拆迁",
            "",
        ],
        ["004", "钱七", 110105194912310000, "", "", "", "", "", "", "", "", "", ""],
    ]
    before = snapshot()
    result = run(project_1, xlsx(rows))
    assert result["created"] == 0
    found = {(e["row"], e["column"]) for e in result["errors"]}
    assert {
        (4, "被征收人"),
        (4, "身份证号"),
        (4, "土地性质"),
        (4, "房屋用途"),
        (4, "合法建筑面积"),
        (4, "未登记建筑面积"),
        (4, "家庭人口"),
        (4, "特殊困难类型"),
        (4, "安置意向"),
        (5, "身份证号"),
    } == found
    numeric = next(e for e in result["errors"] if e["row"] == 5)
    assert "15 位有效数字" in numeric["message"] and "文本" in numeric["message"]
    checksum = next(e for e in result["errors"] if (e["row"], e["column"]) == (4, "身份证号"))
    assert checksum["message"] == "身份证号校验位不正确，请核对。"
    assert snapshot() == before


@pytest.mark.parametrize("text", ["NaN", "sNaN", "Infinity"])
def test_an_area_that_is_not_a_finite_number_is_reported_not_a_crash(project_1, text):
    rows = good_rows()
    rows[1][7] = text
    result = run(project_1, xlsx(rows))
    assert result["created"] == 0
    assert [(e["row"], e["column"], e["message"]) for e in result["errors"]] == [
        (2, "合法建筑面积", f"“{text}”不是数字。")
    ]


@pytest.mark.parametrize("text", ["፩", "𐩀", "9" * 5000, "0", "100"])
def test_a_family_size_that_is_no_whole_number_in_range_is_reported_not_a_crash(project_1, text):
    """Characters str.isdigit() takes and int() does not (Ethiopic, Kharoshthi digits),
    and more digits than int() reads, are told like any other wrong number."""
    rows = good_rows()
    rows[1][9] = text
    result = run(project_1, xlsx(rows))
    assert result["created"] == 0
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "家庭人口")]


def test_a_family_size_in_full_width_digits_is_read(project_1):
    rows = good_rows()
    rows[1][9] = "５"
    assert run(project_1, xlsx(rows))["errors"] == []
    assert Household.objects.get(code="001").roster_people == 5


def test_duplicates_in_the_file_are_reported_on_every_row(project_1):
    rows = good_rows() + [
        ["001", "张三", ID_C, "", "", "", "", "", "", "", "", "", ""],
        ["009", "周八", ID_B, "", "", "", "", "", "", "", "", "", ""],
    ]
    errors = run(project_1, xlsx(rows))["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {
        (2, "户编号"),
        (4, "户编号"),
        (3, "身份证号"),
        (5, "身份证号"),
    }
    assert next(e for e in errors if e["row"] == 2)["message"] == "与第 4 行重复。"


def test_an_id_already_on_another_household_is_imported_flagged_and_said_without_leaving_the_scope(
    project_1, project_3, official_1, city_staff
):
    """The same rule as a household created on the page or through the API: written and
    flagged for checking (DESIGN.md §4), with a warning that names the other household only
    to whoever may see it."""
    from households.services import household_create

    household_create(project=project_3, code="X1", party_name="外区户", id_number=ID_A)
    checked = run(project_1, xlsx(good_rows()), user=city_staff, dry_run=True)
    assert checked["errors"] == [] and checked["warnings"] == [
        {
            "row": 2,
            "column": "身份证号",
            "message": "该身份证号已登记在“江西区老城墙根片区”的 X1 户；"
            "导入后两户都标记为“身份证号重复”，请核实是否重复登记。",
        }
    ]
    result = run(project_1, xlsx(good_rows()), user=official_1)
    assert result["created"] == 2 and result["warnings"] == [
        {
            "row": 2,
            "column": "身份证号",
            "message": "该身份证号已登记在您管辖范围以外的户；导入后标记为“身份证号重复”，"
            "由市住房局核实是否重复登记。",
        }
    ]
    assert set(Household.objects.filter(has_duplicate_id=True).values_list("code", flat=True)) == {
        "001",
        "X1",
    }


def test_warnings_about_numbers_registered_elsewhere_follow_the_files_order(
    project_1, project_3, city_staff
):
    from households.services import household_create

    household_create(project=project_3, code="X1", party_name="外区户", id_number=ID_A)
    household_create(project=project_3, code="X2", party_name="外区户", id_number=ID_B)
    rows = good_rows()
    swapped = [rows[0], rows[2], rows[1]]  # one of the two orders is not the numbers' order
    for file in (rows, swapped):
        checked = run(project_1, xlsx(file), user=city_staff, dry_run=True)
        holders = {ID_A: "X1", ID_B: "X2"}
        assert [
            (w["row"], "X1" if "X1 户" in w["message"] else "X2") for w in checked["warnings"]
        ] == [(2, holders[file[1][2]]), (3, holders[file[2][2]])]


def test_a_phone_that_cannot_be_called_is_refused_with_its_row(project_1):
    rows = good_rows()
    rows[1][3], rows[2][3] = "1391234", "0571-88886666 / 13900000002"
    errors = run(project_1, xlsx(rows))["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "联系电话")]
    assert "请填写手机号" in errors[0]["message"]


def test_values_longer_than_their_field_are_refused(project_1):
    rows = good_rows()
    rows[1][4] = "解放路" * 70
    assert run(project_1, xlsx(rows))["errors"] == [
        {"row": 2, "column": "房屋坐落", "message": "不能超过 200 个字，此处有 210 个。"}
    ]
    assert not Household.objects.exists()


def test_an_edit_made_while_the_file_was_checked_is_not_overwritten(project_1, monkeypatch):
    from django.db.models import F

    from households import crypto

    run(project_1, xlsx(good_rows()))
    protect = crypto.protect

    def edit_meanwhile(number):
        Household.objects.filter(code="001").update(phone="13700000000", version=F("version") + 1)
        return protect(number)

    monkeypatch.setattr(crypto, "protect", edit_meanwhile)
    rows = good_rows()
    rows[1][2] = ID_C  # a new number, so the import encrypts (and the edit happens) before writing
    result = run(project_1, xlsx(rows))
    assert result["errors"] == [
        {
            "row": None,
            "column": None,
            "message": "导入期间本项目有户被他人新增或修改，本次未写入任何数据；请重新导入该文件。",
        }
    ]
    assert (result["created"], result["updated"]) == (0, 0)
    assert Household.objects.get(code="001").phone == "13700000000"


def test_correcting_an_id_on_import_clears_the_flag_of_its_other_holder(project_1, project_3):
    from households.services import household_create, member_add

    run(project_1, xlsx(good_rows()))
    other = household_create(
        project=project_3, code="X1", party_name="王五", id_number=person_id(7)
    )
    member_add(household=other, name="张三", relation="兄弟姐妹", id_number=ID_A)
    assert set(Household.objects.filter(has_duplicate_id=True).values_list("code", flat=True)) == {
        "001",
        "X1",
    }
    rows = good_rows()
    rows[1][2] = ID_C
    assert run(project_1, xlsx(rows))["updated"] == 1
    assert not Household.objects.filter(has_duplicate_id=True).exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_gbk(project_1, encoding):
    text = "\n".join(",".join(str(c) for c in row) for row in good_rows())
    result = run(project_1, text.encode(encoding), name="roster.csv")
    assert result["errors"] == [] and result["created"] == 2
    assert Household.objects.get(code="001").party_name == "张三"


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls", "另存为 .xlsx"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + "EncryptedPackage".encode("utf-16-le")
            + b"\x00" * 100,
            "secret.xlsx",
            "打开密码",
        ),
        (b"just a note, not a roster", "roster.xlsx", "不是电子表格"),
        (b"%PDF-1.7 something", "roster.pdf", "不是电子表格"),
    ],
)
def test_files_that_are_not_readable_rosters_are_refused(project_1, content, name, message):
    result = run(project_1, content, name=name)
    assert len(result["errors"]) == 1 and message in result["errors"][0]["message"]
    assert result["errors"][0]["row"] is None
    assert not Household.objects.exists()


def test_missing_header_is_explained(project_1):
    result = run(project_1, xlsx([["姓名", "地址"], ["张三", "解放路"]]))
    assert "没有找到表头" in result["errors"][0]["message"]


def test_export_then_import_round_trip(client, official_1, project_1):
    run(project_1, xlsx(good_rows()), user=official_1)
    client.force_login(official_1)
    exported = client.get("/households/", {"export": "xlsx", "project": project_1.id}).content
    sheet = load_workbook(io.BytesIO(exported)).active
    rows = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    rows[1][3] = "13700000000"  # an edit made in Excel
    result = run(project_1, xlsx(rows), user=official_1)
    assert result == {"created": 0, "updated": 1, "unchanged": 1, "errors": [], "warnings": []}
    assert Household.objects.get(code="001").phone == "13700000000"
    assert Household.objects.get(code="001").id_masked == "110*************2X"


def test_command_imports_and_reports_errors(project_1, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(good_rows()))
    call_command("import_households", "--project", project_1.code, str(good), "--dry-run")
    assert "新增 2 户" in capsys.readouterr().out and not Household.objects.exists()
    call_command("import_households", "--project", project_1.code, str(good))
    assert Household.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        xlsx(good_rows() + [["003", "", person_id(5), "", "", "", "", "", "", "", "", "", ""]])
    )
    with pytest.raises(CommandError):
        call_command("import_households", "--project", project_1.code, str(bad))
    assert "第 4 行，被征收人：不能为空。" in capsys.readouterr().err


def test_api_answers_with_the_contract_shapes(client, official_1, project_1, project_2):
    client.force_login(official_1)

    def post(project, content, dry_run):
        return client.post(
            "/api/v1/households/import/",
            {
                "project": project.id,
                "dry_run": "true" if dry_run else "false",
                "file": SimpleUploadedFile("roster.xlsx", content),
            },
        )

    dry = post(project_1, xlsx(good_rows()), True)
    assert dry.status_code == 200 and dry.json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
        "warnings": [],
    }
    assert not Household.objects.exists()
    bad = post(
        project_1,
        xlsx(good_rows() + [["003", "", "", "", "", "", "", "", "", "", "", "", ""]]),
        False,
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"row": 4, "column": "被征收人", "message": "不能为空。"},
        {"row": 4, "column": "身份证号", "message": "自然人须填写身份证号。"},
    ]
    assert post(project_2, xlsx(good_rows()), False).status_code == 404
    mistyped = client.post(
        "/api/v1/households/import/",
        {"project": "abc", "file": SimpleUploadedFile("roster.xlsx", xlsx(good_rows()))},
    )
    assert mistyped.status_code == 400  # a malformed id is no project outside the scope
    assert [e["column"] for e in mistyped.json()["errors"]] == ["project"]
    done = post(project_1, xlsx(good_rows()), False)
    assert done.status_code == 200 and done.json()["created"] == 2


def test_page_preview_then_confirm(client, official_1, project_1):
    client.force_login(official_1)
    preview = client.post(
        "/households/import/",
        {"project": project_1.id, "file": SimpleUploadedFile("roster.xlsx", xlsx(good_rows()))},
    )
    html = preview.content.decode()
    assert "文件检查通过：新增 2 户" in html
    assert not Household.objects.exists()
    token = preview.context["token"]
    done = client.post("/households/import/", {"confirm": token})
    assert done.status_code == 302 and Household.objects.count() == 2
    again = client.post("/households/import/", {"confirm": token}, follow=True)
    assert "已过期" in again.content.decode()


def test_template_download_has_the_headers_and_a_text_id_column(client, official_1):
    client.force_login(official_1)
    sheet = load_workbook(io.BytesIO(client.get("/households/import/template.xlsx").content)).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["C2"].number_format == "@" and sheet["C100"].number_format == "@"
    # a household code typed 001 stays 001 (the guide's own example), not the number 1
    assert sheet["A2"].number_format == "@" and sheet["A100"].number_format == "@"


def test_the_guide_says_what_the_import_does_with_an_organisation(client, official_1, project_1):
    """The guide said "单位留空" and a new organisation's row with no ID number was refused:
    it says now that only registered organisations are updated by an import."""
    client.force_login(official_1)
    book = load_workbook(io.BytesIO(client.get("/households/import/template.xlsx").content))
    guide = {row[0].value: row[1].value for row in book.worksheets[1].iter_rows()}
    assert "新的单位" in guide["身份证号"] and "新建被征收户" in guide["身份证号"]
    rows = [HEADER, ["W-1", "江州市测试商店", "", *[""] * 10]]
    errors = run(project_1, xlsx(rows))["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "身份证号")]


def test_history_records_each_import_and_who_ran_it(project_1, official_1):
    run(project_1, xlsx(good_rows()), name="第一批.xlsx", user=official_1)
    rows = good_rows()
    rows[1][3] = "13900000009"
    run(project_1, xlsx(rows), name="第二批.xlsx", user=official_1)
    events = Household.pgh_event_model.objects.order_by("pgh_id").select_related("pgh_context")
    assert [(e.pgh_label, e.code, e.phone, e.pgh_context.metadata) for e in events] == [
        (
            "insert",
            "001",
            "13800000001",
            {"source": "roster_import", "file": "第一批.xlsx", "user": official_1.pk},
        ),
        (
            "insert",
            "002",
            "13800000002",
            {"source": "roster_import", "file": "第一批.xlsx", "user": official_1.pk},
        ),
        (
            "update",
            "001",
            "13900000009",
            {"source": "roster_import", "file": "第二批.xlsx", "user": official_1.pk},
        ),
    ]


def test_reimport_with_a_corrected_id_number_stores_the_new_number(project_1):
    from households import crypto

    run(project_1, xlsx(good_rows()))
    rows = good_rows()
    rows[1][2] = ID_C
    assert run(project_1, xlsx(rows))["updated"] == 1
    household = Household.objects.get(code="001")
    assert crypto.decrypt(household.id_encrypted) == ID_C
    assert (household.id_hash, household.id_masked, household.version) == (
        crypto.search_hash(ID_C),
        "110*************38",
        2,
    )


@pytest.mark.parametrize("far_cell", ["XFD1048576", "AZ1048576", "DA5"])
def test_a_sheet_reaching_far_beyond_a_roster_is_refused_before_it_is_read(project_1, far_cell):
    """One stray cell far away would make the reader allocate the whole range (a 5 KB file
    asked for 512 GiB at XFD1048576): the sheet's size is checked first."""
    from openpyxl import Workbook

    book = Workbook()
    for row in good_rows():
        book.active.append(row)
    book.active[far_cell] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    errors = run(project_1, buffer.getvalue())["errors"]
    assert len(errors) == 1 and "超出台账可导入的大小" in errors[0]["message"]
    assert not Household.objects.exists()


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CELL_TEXT = "<is><t>x</t></is>"


def with_sheet_xml(content: bytes, rows_xml: str) -> bytes:
    """The workbook with rows written into its sheet's XML as the file gives them."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", rows_xml.encode() + b"</sheetData>")
            archive.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "rows_xml",
    [
        f'<row r="9"><c\nr="DA9" t="inlineStr">{CELL_TEXT}</c></row>',
        f"<row r='60000'><c r='A60000' t='inlineStr'>{CELL_TEXT}</c></row>",
        f'<row r="9"><c r="A60000" t="inlineStr">{CELL_TEXT}</c></row>',
        f'<row r="60000"><c t="inlineStr">{CELL_TEXT}</c></row>',
        f'<row r="9"><c r="&#68;&#65;9" t="inlineStr">{CELL_TEXT}</c></row>',
        f'<row r="9"><x:c xmlns:x="{SHEET_NS}" r="DA9" t="inlineStr"><x:is><x:t>x</x:t></x:is>'
        "</x:c></row>",
        '<row r="9">' + f'<c t="inlineStr">{CELL_TEXT}</c>' * 150 + "</row>",
        f'<row><c t="inlineStr">{CELL_TEXT}</c></row>' * 60_000,
    ],
    ids=[
        "a newline before the reference",
        "single quotes",
        "a cell far below its row",
        "a far row, its cell unnumbered",
        "a reference in character entities",
        "a prefixed cell",
        "150 unnumbered cells",
        "60,000 unnumbered rows",
    ],
)
def test_a_far_reaching_sheet_is_refused_however_its_xml_is_written(project_1, rows_xml):
    """The reader places every one of these cells where the XML says, allocating the range
    up to it; the sheet's size was read from references written as Excel writes them, and a
    reference spaced, quoted or left out otherwise went through to the reader."""
    content = with_sheet_xml(xlsx(good_rows()), rows_xml)
    assert len(content) < 100_000
    errors = run(project_1, content)["errors"]
    assert len(errors) == 1 and "超出台账可导入的大小" in errors[0]["message"], errors
    assert not Household.objects.exists()


def test_a_sheet_declaring_its_own_entities_is_refused_as_damaged(project_1):
    """A sheet has no document type; one declaring entities (here a row number; elsewhere
    an entity of entities, expanding to gigabytes) is not parsed."""
    content = with_sheet_xml(
        xlsx(good_rows()), f'<row r="&far;"><c t="inlineStr">{CELL_TEXT}</c></row>'
    )
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE worksheet [<!ENTITY far "60000">]>' + data
            archive.writestr(info, data)
    errors = run(project_1, out.getvalue())["errors"]
    assert len(errors) == 1 and "可能已损坏" in errors[0]["message"], errors


def good_csv() -> str:
    return "".join(",".join(str(c) for c in row) + "\n" for row in good_rows())


@pytest.mark.parametrize(
    "tail, message",
    [
        # a quote left open reads the rest of the file as one cell, past the csv module's limit
        ('003,"' + "x" * 200_000 + "\n", "第 4 行无法读取"),
        ("\n" * 60_000, "文件超过 51000 行"),
        ("004" + "," * 150 + "\n", "第 4 行有 151 列"),
    ],
    ids=["quote left open", "blank lines", "too wide"],
)
def test_a_csv_unreadable_or_beyond_a_roster_is_refused_naming_its_row(project_1, tail, message):
    """A CSV is held to the sheet an .xlsx is held to, as it is read: a cell past the csv
    module's limit answered 500, and 10 MB of blank lines took 20 s and a gigabyte of memory
    before they were refused."""
    errors = run(project_1, (good_csv() + tail).encode(), name="roster.csv")["errors"]
    assert len(errors) == 1 and message in errors[0]["message"]
    assert errors[0]["row"] is None
    assert not Household.objects.exists()


def test_new_households_after_the_freeze_date_are_announced_before_confirming(
    client, official_1, project_1
):
    """The preview said "3 new" and the list then showed each one "added after the freeze"."""
    from datetime import date

    project_1.freeze_date = date(2026, 1, 1)
    project_1.save()
    result = run(project_1, xlsx(good_rows()), dry_run=True)
    assert result["errors"] == [] and result["created"] == 2
    [warning] = result["warnings"]
    assert warning["row"] is None and "2026-01-01" in warning["message"]
    assert "2 户将标记为“冻结后新增”" in warning["message"]
    client.force_login(official_1)
    upload = SimpleUploadedFile("roster.xlsx", xlsx(good_rows()))
    page = client.post("/households/import/", {"project": project_1.pk, "file": upload})
    assert "本次新增的 2 户将标记为“冻结后新增”" in page.content.decode()
    assert "第 None 行" not in page.content.decode()


def test_a_thousand_problems_are_counted_as_every_number_on_the_pages_is(
    client, official_1, project_1
):
    """Counts of a thousand or more read "1001" where every other figure groups its digits."""
    rows = good_rows()
    rows += [[f"{n:04d}", "", "123"] + rows[1][3:] for n in range(1_001)]  # no name, a bad ID
    client.force_login(official_1)
    upload = SimpleUploadedFile("roster.xlsx", xlsx(rows))
    page = client.post("/households/import/", {"project": project_1.pk, "file": upload})
    problems = len(page.context["result"].errors)
    assert problems > 1_000
    assert f"发现 {problems:,} 处问题，未导入任何数据" in page.content.decode()
