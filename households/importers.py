"""Roster spreadsheet → validated rows → one all-or-nothing write.

Real files are messy: title rows above the header, merged cells, columns in any order
under the names street offices use, full-width characters, ID numbers typed as numbers,
blank rows, duplicates, GBK CSV, old .xls. What can be read without guessing is read;
everything else is refused with the row (as the spreadsheet shows it), the column and why.
Nothing is written unless the whole file is valid.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from core.validators import no_control_characters
from households import crypto, services
from households.choices import Hardship, HouseUse, LandType, PartyType
from households.models import (
    MAX_AREA,
    MAX_ROSTER_PEOPLE,
    MIN_ROSTER_PEOPLE,
    Household,
    HouseholdMember,
)
from households.roster import (
    COLUMNS,
    HARDSHIPS,
    INTENTIONS,
    LABELS,
    LAND_TYPES,
    REQUIRED,
    TEMPLATE_HEADERS,
    USES,
)
from projects.models import Project

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
HEADER_SCAN_ROWS = 20

HARDSHIP_ORDER = list(Hardship.values)
_HARDSHIP_SPLIT = re.compile(r"[、，,；;\s]+")
_UNIT = re.compile(r"[（(][^）)]*[）)]")

MAX_LENGTHS = {
    name: Household._meta.get_field(name).max_length
    for name in ("code", "party_name", "phone", "address", "note")
}

# The stored fields an import sets, in the order they are compared for "unchanged".
IMPORTED_FIELDS = [
    "party_name",
    "phone",
    "address",
    "land_type",
    "use",
    "legal_area",
    "unregistered_area",
    "roster_people",
    "hardship_types",
    "intention",
    "note",
]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    # Rows written all the same, with something to check (an ID number on another household).
    warnings: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "warnings": self.warnings,
        }


class RosterFileError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, .xls, encrypted, too big)."""


def cell_text(value) -> str:
    """A cell as the text a person sees: numbers without “.0”, full-width folded, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _header_key(value) -> str:
    return _UNIT.sub("", cell_text(value)).replace(" ", "").replace("\u3000", "")


# --- Reading --------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_sheet(content: bytes, filename: str) -> list[list]:
    """The first sheet's rows, whatever the file is; RosterFileError when it cannot be read."""
    if len(content) > MAX_BYTES:
        raise RosterFileError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请分批导入。")
    if content.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise RosterFileError(
                "工作簿设置了打开密码，无法读取；请取消密码后另存为 .xlsx 再导入。"
            )
        raise RosterFileError(
            "这是旧版 Excel（.xls）文件；请在 Excel 中另存为 .xlsx 格式后再导入。"
        )
    if content.startswith(b"PK\x03\x04"):
        _check_sheet_size(content)
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception:
            raise RosterFileError(
                "无法读取该 .xlsx 文件，文件可能已损坏；请用 Excel 打开后重新保存。"
            ) from None
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            return list(csv.reader(io.StringIO(text)))
        raise RosterFileError("无法识别 CSV 文件的编码；请保存为 UTF-8 或 GBK 编码。")
    raise RosterFileError("该文件不是电子表格；请上传 .xlsx 或 .csv 文件。")


# The sheet a roster fits in (its rows plus title and blank rows; its columns plus extras),
# checked before a cell is read: a reader allocates the whole range up to the farthest cell,
# and one cell at XFD1048576 in a 5 KB file would ask for hundreds of gigabytes.
MAX_SHEET_ROWS = MAX_ROWS + 1_000
MAX_SHEET_COLUMNS = 100
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip that unpacks beyond this is refused unread
# A cell reference attribute (r="AZ17"); rows and the sheet's other parts have none like it.
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,3})[0-9]{1,7}"')
_CELL_ROW = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')
_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first sheet, as a reader takes it (workbook order)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheet = next(e for e in workbook.iter() if e.tag.endswith("}sheet"))
    rel_id = sheet.get(f"{{{_RELS_NS}}}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(e.get("Target") for e in rels if e.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_sheet_size(content: bytes) -> None:
    """Refuse a workbook whose first sheet reaches beyond a roster's size, before reading it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise RosterFileError(
                    "该 .xlsx 文件解压后过大，无法导入；请只保留台账工作表后另存再导入。"
                )
            xml = archive.read(_first_sheet_path(archive))
    except RosterFileError:
        raise
    except Exception:
        raise RosterFileError(
            "无法读取该 .xlsx 文件，文件可能已损坏；请用 Excel 打开后重新保存。"
        ) from None
    # Distinct values first: a 10,000-row roster has 13 column letters and 10,000 row numbers.
    columns = max(map(_column_number, set(_CELL_COLUMN.findall(xml))), default=0)
    rows = max(map(int, set(_CELL_ROW.findall(xml))), default=0)
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        raise RosterFileError(
            f"工作表的使用范围达到 {rows} 行、{columns} 列，超出台账可导入的大小"
            f"（最多 {MAX_SHEET_ROWS} 行、{MAX_SHEET_COLUMNS} 列）。"
            "表格远处可能有误填的单元格或格式：请删除台账以外的行列，或把台账复制到新工作簿另存后再导入。"
        )


def find_header(rows: list[list]) -> tuple[int, dict[str, int]]:
    """The header row (the one naming the most known columns among the first rows) and
    the column index of each field found in it."""
    best_index, best = -1, {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {}
        for column, value in enumerate(row):
            key = _header_key(value)
            for name, texts in COLUMNS.items():
                if key in texts and name not in found:
                    found[name] = column
        if len(found) > len(best):
            best_index, best = index, found
    missing = [LABELS[name] for name in REQUIRED if name not in best]
    if best_index < 0 or missing:
        raise RosterFileError(
            f"没有找到表头：前 {HEADER_SCAN_ROWS} 行中没有包含"
            f"“{'”“'.join(missing or [LABELS[n] for n in REQUIRED])}”列的行。"
            "请使用下载的模板，或检查表头文字。"
        )
    return best_index, best


# --- Validating -----------------------------------------------------------------------------


def _decimal(raw, label, errors, row_number):
    text = cell_text(raw)
    if not text:
        return Decimal("0")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        errors.append({"row": row_number, "column": label, "message": f"“{text}”不是数字。"})
        return None
    if value < 0 or value > MAX_AREA:
        errors.append(
            {
                "row": row_number,
                "column": label,
                "message": f"面积应在 0 到 {MAX_AREA} 平方米之间。",
            }
        )
        return None
    return value.quantize(Decimal("0.01"))


def _choice(raw, mapping, label, errors, row_number, allowed):
    text = cell_text(raw)
    if text in mapping:
        return mapping[text]
    errors.append(
        {
            "row": row_number,
            "column": label,
            "message": f"“{text}”不是可接受的值，应为：{allowed}。",
        }
    )
    return None


def parse_row(raw: dict, row_number: int, errors: list) -> dict:
    """One data row's values, or errors appended with the row and column."""
    values = {
        "code": cell_text(raw.get("code")),
        "party_name": cell_text(raw.get("party_name")),
        "phone": cell_text(raw.get("phone")),
        "address": cell_text(raw.get("address")),
        "note": cell_text(raw.get("note")),
    }
    for name in ("code", "party_name"):
        if not values[name]:
            errors.append({"row": row_number, "column": LABELS[name], "message": "不能为空。"})
    for name in ("code", "party_name", "phone", "address", "note"):
        try:
            no_control_characters(values[name])
        except ValidationError as exc:
            errors.append({"row": row_number, "column": LABELS[name], "message": exc.messages[0]})
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            errors.append(
                {
                    "row": row_number,
                    "column": LABELS[name],
                    "message": f"不能超过 {limit} 个字，此处有 {len(values[name])} 个。",
                }
            )
    id_raw = raw.get("id_number")
    if isinstance(id_raw, (int, float)):
        errors.append(
            {
                "row": row_number,
                "column": LABELS["id_number"],
                "message": (
                    "身份证号被存成了数字：Excel 只保留 15 位有效数字，后几位已经丢失，无法还原。"
                    "请把该列设置为“文本”格式后重新输入身份证号。"
                ),
            }
        )
        values["id_number"] = None
    else:
        values["id_number"] = cell_text(id_raw)
    land = cell_text(raw.get("land_type"))
    values["land_type"] = (
        LandType.STATE
        if not land
        else _choice(
            land,
            LAND_TYPES,
            LABELS["land_type"],
            errors,
            row_number,
            "国有、国有土地、集体、集体土地",
        )
    )
    use = cell_text(raw.get("use"))
    values["use"] = (
        HouseUse.RESIDENTIAL
        if not use
        else _choice(
            use, USES, LABELS["use"], errors, row_number, "住宅、非住宅（商业、办公、工业按非住宅）"
        )
    )
    values["intention"] = _choice(
        raw.get("intention"),
        INTENTIONS,
        LABELS["intention"],
        errors,
        row_number,
        "货币补偿、货币安置、产权调换、房屋安置、实物安置、未定、待定或留空",
    )
    values["legal_area"] = _decimal(raw.get("legal_area"), LABELS["legal_area"], errors, row_number)
    values["unregistered_area"] = _decimal(
        raw.get("unregistered_area"), LABELS["unregistered_area"], errors, row_number
    )
    people = cell_text(raw.get("roster_people"))
    values["roster_people"] = None
    if people:
        if people.isdigit() and MIN_ROSTER_PEOPLE <= int(people) <= MAX_ROSTER_PEOPLE:
            values["roster_people"] = int(people)
        else:
            errors.append(
                {
                    "row": row_number,
                    "column": LABELS["roster_people"],
                    "message": f"家庭人口应为 {MIN_ROSTER_PEOPLE} 到 {MAX_ROSTER_PEOPLE} 的整数。",
                }
            )
    hardship = []
    for part in _HARDSHIP_SPLIT.split(cell_text(raw.get("hardship_types"))):
        if not part:
            continue
        if part in HARDSHIPS:
            hardship.append(HARDSHIPS[part])
        else:
            errors.append(
                {
                    "row": row_number,
                    "column": LABELS["hardship_types"],
                    "message": f"“{part}”不是特殊困难类型，应为：{'、'.join(HARDSHIPS)}。",
                }
            )
    values["hardship_types"] = sorted(set(hardship), key=HARDSHIP_ORDER.index)
    return values


@dataclass
class _Row:
    number: int
    values: dict
    id_number: str | None = None  # the valid number; None: keep the stored one
    id_hash: str | None = None


def import_roster(*, project, content: bytes, filename: str, user, dry_run: bool) -> ImportResult:
    """Validate the whole file, then (unless a dry run or any error) write it in one transaction.

    The steps: read the sheet, match each row to a household by code, check every row
    (values, ID numbers, duplicates, conflicts), diff against what is stored — a new code
    creates, a known one updates, an equal row is unchanged, so importing twice is harmless —
    and write through services.household_bulk_upsert, which holds the rules of single edits.
    """
    result = ImportResult()
    try:
        data_rows = _read(content, filename)
    except RosterFileError as exc:
        result.errors.append({"row": None, "column": None, "message": str(exc)})
        return result
    existing = _match(project)
    parsed = _check(project, data_rows, existing, user, result.errors, result.warnings)
    if result.errors:
        result.errors.sort(key=lambda e: e["row"] or 0)
        return result
    created, updated, replaced_hashes, result.unchanged = _diff(project, parsed, existing)
    result.created, result.updated = len(created), len(updated)
    if dry_run:
        return result
    try:
        services.household_bulk_upsert(
            project=project,
            created=created,
            updated=updated,
            fields=IMPORTED_FIELDS,
            replaced_hashes=replaced_hashes,
            context={
                "source": "roster_import",
                "file": filename[:200],
                "user": getattr(user, "pk", None),
            },
        )
    except services.RosterChangedMeanwhile as exc:
        result.created = result.updated = result.unchanged = 0
        result.errors.append({"row": None, "column": None, "message": exc.message})
    return result


def _read(content: bytes, filename: str) -> list[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {field: raw cell}) for every non-blank row."""
    rows = read_sheet(content, filename)
    header_index, columns = find_header(rows)
    data_rows = []
    for index in range(header_index + 1, len(rows)):
        raw = {
            name: (rows[index][column] if column < len(rows[index]) else None)
            for name, column in columns.items()
        }
        if all(cell_text(value) == "" for value in raw.values()):
            continue  # blank rows are skipped
        data_rows.append((index + 1, raw))
    if len(data_rows) > MAX_ROWS:
        raise RosterFileError(f"超过 {MAX_ROWS} 行，请分批导入。")
    return data_rows


def _match(project) -> dict[str, Household]:
    """The project's stored households by code, with just what the import compares."""
    return {
        h.code: h
        for h in Household.objects.filter(project=project)
        .order_by()
        .only(
            "code",
            "party_type",
            "id_encrypted",
            "id_hash",
            "id_masked",
            "version",
            *IMPORTED_FIELDS,
        )
    }


def _check(project, data_rows, existing, user, errors, warnings) -> list[_Row]:
    """Every row's values and ID number, then duplicates inside the file and numbers already
    registered elsewhere; each problem appended to `errors` with its row and column."""
    parsed = []
    for number, raw in data_rows:
        values = parse_row(raw, number, errors)
        row = _Row(number, values)
        number_text = values["id_number"]
        current = existing.get(values["code"])
        if number_text is None:
            pass  # already reported: typed as a number
        elif "*" in number_text:
            if not current or current.id_masked != number_text:
                errors.append(
                    {
                        "row": number,
                        "column": LABELS["id_number"],
                        "message": (
                            "这是脱敏后的号码，只能用于原样回传已登记的户；新户或更换号码请填写完整身份证号。"
                        ),
                    }
                )
        elif not number_text:
            if services.needs_id_number(current.party_type if current else PartyType.OWNER):
                errors.append(
                    {
                        "row": number,
                        "column": LABELS["id_number"],
                        "message": str(services.NATURAL_PERSON_NEEDS_ID),
                    }
                )
        else:
            try:
                clean = crypto.validate_id_number(number_text)
            except ValidationError as exc:
                errors.append(
                    {"row": number, "column": LABELS["id_number"], "message": exc.messages[0]}
                )
            else:
                row.id_number, row.id_hash = clean, crypto.search_hash(clean)
        parsed.append(row)
    _report_duplicates(parsed, lambda r: r.values["code"], "户编号", errors)
    _report_duplicates(parsed, lambda r: r.id_hash, "身份证号", errors)
    _report_shared_numbers(project, parsed, warnings, user)
    return parsed


def _diff(project, parsed, existing):
    """(created, updated, hashes replaced on updated households, unchanged count)."""
    created, updated, replaced_hashes, unchanged = [], [], set(), 0
    for row in parsed:
        current = existing.get(row.values["code"])
        fields = {name: row.values[name] for name in IMPORTED_FIELDS}
        if current is None:
            household = Household(project=project, code=row.values["code"], **fields)
            created.append(services.RosterWrite(household, row.id_number))
            continue
        id_changed = row.id_hash is not None and row.id_hash != current.id_hash
        if not id_changed and all(
            getattr(current, name) == value for name, value in fields.items()
        ):
            unchanged += 1
            continue
        for name, value in fields.items():
            setattr(current, name, value)
        if id_changed and current.id_hash:
            replaced_hashes.add(current.id_hash)  # its other holders may no longer share it
        current.version += 1
        updated.append(services.RosterWrite(current, row.id_number if id_changed else None))
    return created, updated, replaced_hashes, unchanged


def _report_duplicates(rows, key, label, errors):
    """A value that appears on several rows is reported on every one of them."""
    seen: dict[str, list] = {}
    for row in rows:
        value = key(row)
        if value:
            seen.setdefault(value, []).append(row.number)
    for numbers in seen.values():
        if len(numbers) > 1:
            for number in numbers:
                others = "、".join(str(n) for n in numbers if n != number)
                errors.append(
                    {"row": number, "column": label, "message": f"与第 {others} 行重复。"}
                )


def _report_shared_numbers(project, rows, warnings, user):
    """An ID number already registered on another household (any project) is written and
    both households are flagged, as on every other path (DESIGN.md §4: double compensation
    is checked, not guessed at); the row says so. Where that household is outside the
    importer's scope, the message does not say where it is."""
    by_hash = {r.id_hash: r for r in rows if r.id_hash}
    if not by_hash:
        return
    holders = ["project_id", "code", "project__name"]
    owners = (
        Household.objects.filter(id_hash__any=by_hash).order_by().values_list("id_hash", *holders)
    )
    members = (
        HouseholdMember.objects.filter(id_hash__any=by_hash)
        .order_by()
        .values_list("id_hash", *[f"household__{name}" for name in holders])
    )
    taken = [
        (id_hash, project_id, code, name)
        for id_hash, project_id, code, name in [*owners, *members]
        if not (project_id == project.id and code == by_hash[id_hash].values["code"])
    ]  # not a re-import
    visible = (
        None
        if user is None
        else set(
            Project.objects.for_user(user)
            .filter(pk__in={t[1] for t in taken})
            .values_list("pk", flat=True)
        )
    )
    for id_hash, project_id, code, project_name in taken:
        if visible is None or project_id in visible:
            message = (
                f"该身份证号已登记在“{project_name}”的 {code} 户；"
                "导入后两户都标记为“身份证号重复”，请核实是否重复登记。"
            )
        else:
            message = (
                "该身份证号已登记在您管辖范围以外的户；导入后标记为“身份证号重复”，"
                "由市住房局核实是否重复登记。"
            )
        warnings.append({"row": by_hash[id_hash].number, "column": "身份证号", "message": message})


def template_workbook() -> bytes:
    """The roster template: the header row, an example row, the ID column formatted as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "被征收户台账"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(
        [
            "001",
            "张三",
            "11010519491231002X",
            "13800000000",
            "解放路12号",
            "国有",
            "住宅",
            68.5,
            0,
            3,
            "低保",
            "货币补偿",
            "示例行，导入前请删除",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in range(2, 5002):
        # ID numbers stay text: Excel keeps only 15 digits of a number
        sheet.cell(row, 3).number_format = "@"
    widths = [10, 12, 22, 14, 30, 10, 10, 14, 16, 10, 16, 12, 24]
    for column, width in zip("ABCDEFGHIJKLM", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for column, values in [
        ("F", "国有,集体"),
        ("G", "住宅,非住宅"),
        ("L", "货币补偿,产权调换,未定"),
    ]:
        validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}5001")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
