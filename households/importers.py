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
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from core.validators import no_control_characters, phone_numbers
from households import crypto, services
from households.choices import Hardship, HouseUse, LandType, PartyType
from households.models import (
    MAX_AREA,
    MAX_ROSTER_PEOPLE,
    MIN_ROSTER_PEOPLE,
    Household,
)
from households.roster import (
    COLUMNS,
    EXAMPLE_ROW,
    HARDSHIPS,
    INTENTIONS,
    LABELS,
    LAND_TYPES,
    REQUIRED,
    TEMPLATE_GUIDE,
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
    # What the file would do, row by row, for the preview page: {row, code, name, kind, changes}.
    rows: list = field(default_factory=list)

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


def _unescaped(text: str) -> str:
    """Text an export kept from running as a formula ('=…, '-…) read back as it was."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def _header_key(value) -> str:
    return _UNIT.sub("", cell_text(value)).replace(" ", "").replace("\u3000", "")


# --- Reading --------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_sheet(content: bytes, filename: str) -> list[list]:
    """The first sheet's rows, whatever the file is; RosterFileError when it cannot be read."""
    if len(content) > MAX_BYTES:
        raise RosterFileError(
            _("The file is larger than %(limit)d MB; import it in parts.")
            % {"limit": MAX_BYTES // 1024 // 1024}
        )
    if content.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise RosterFileError(
                _(
                    "The workbook has an opening password and cannot be read; remove the password, "
                    "save it as .xlsx and import it again."
                )
            )
        raise RosterFileError(
            _("This is an old Excel (.xls) file; save it as .xlsx in Excel and import it again.")
        )
    if content.startswith(b"PK\x03\x04"):
        _check_sheet_size(content)
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception:
            raise RosterFileError(
                _(
                    "This .xlsx file cannot be read and may be damaged; open it in Excel and save "
                    "it again."
                )
            ) from None
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            return _csv_rows(text)
        raise RosterFileError(
            _("The encoding of the CSV file is not recognised; save it as UTF-8 or GBK.")
        )
    raise RosterFileError(_("The file is not a spreadsheet; upload an .xlsx or .csv file."))


# The sheet a roster fits in (its rows plus title and blank rows; its columns plus extras),
# checked before a cell is read: a reader allocates the whole range up to the farthest cell,
# and one cell at XFD1048576 in a 5 KB file would ask for hundreds of gigabytes.
MAX_SHEET_ROWS = MAX_ROWS + 1_000
MAX_SHEET_COLUMNS = 100
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip that unpacks beyond this is refused unread
# A row and a cell as Excel and openpyxl write them: the reference first, in double quotes.
_ROW_AS_WRITTEN = re.compile(rb'<row r="([0-9]{1,7})"')
_CELL_AS_WRITTEN = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
# Every unprefixed row and cell element, however written.
_ANY_ROW = re.compile(rb"<row[\s/>]")
_ANY_CELL = re.compile(rb"<c[\s/>]")
_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _csv_rows(text: str) -> list[list]:
    """The CSV's rows, held to the sheet a roster fits in as they are read: a 10 MB file of
    blank lines or commas took 20 s and a gigabyte to refuse when read whole first."""
    rows = []
    reader = csv.reader(io.StringIO(text))
    while True:
        row_number = len(rows) + 1
        try:
            row = next(reader, None)
        except csv.Error:  # a cell past the csv module's limit, mostly from a quote left open
            raise RosterFileError(
                _(
                    "Row %(row)d cannot be read: a cell is longer than %(limit)d characters, "
                    "or a quotation mark is left open. Correct the row and import the file again."
                )
                % {"row": row_number, "limit": csv.field_size_limit()}
            ) from None
        if row is None:
            return rows
        if row_number > MAX_SHEET_ROWS:
            raise RosterFileError(
                _(
                    "The file goes on past row %(max_rows)d, beyond what a roster can be; "
                    "delete the rows after the roster, or import it in parts."
                )
                % {"max_rows": MAX_SHEET_ROWS}
            )
        if len(row) > MAX_SHEET_COLUMNS:
            raise RosterFileError(
                _(
                    "Row %(row)d has %(columns)d columns, beyond what a roster can be (at most "
                    "%(max_columns)d); delete the columns after the roster and import it again."
                )
                % {"row": row_number, "columns": len(row), "max_columns": MAX_SHEET_COLUMNS}
            )
        rows.append(row)


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


def _sheet_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) the sheet reaches, as a reader places its cells. A sheet written as
    spreadsheet programs write it is measured from its references alone; any other (a
    reference spaced or quoted otherwise, a cell without one, a prefix) is parsed whole."""
    rows = _ROW_AS_WRITTEN.findall(xml)
    cells = _CELL_AS_WRITTEN.findall(xml)
    written_otherwise = (
        b":c" in xml  # a prefixed element, <x:c> or <x:row> (or, harmlessly, a text with ":c")
        or len(rows) != len(_ANY_ROW.findall(xml))
        or len(cells) != len(_ANY_CELL.findall(xml))
    )
    if written_otherwise:
        return _parsed_sheet_extent(xml)
    # Distinct values first: a 10,000-row roster has 13 column letters and 10,000 row numbers.
    row_numbers = set(rows) | {number for _letters, number in cells}
    return (
        max(map(int, row_numbers), default=0),
        max(map(_column_number, {letters for letters, _number in cells}), default=0),
    )


def _parsed_sheet_extent(xml: bytes) -> tuple[int, int]:
    """The sheet's extent read element by element, placing a row or cell without a
    reference after the one before it, as a reader does."""
    extent = {"rows": 0, "columns": 0, "row": 0, "column": 0}

    def start(name: str, attrs: dict) -> None:
        name = name.rpartition(":")[2]
        if name == "row":
            extent["row"] = _number(attrs["r"]) if "r" in attrs else extent["row"] + 1
            extent["column"] = 0
        elif name == "c":
            if "r" in attrs:
                reference = _REFERENCE.fullmatch(attrs["r"].strip())
                if not reference:
                    raise ValueError("a cell reference that is not one")
                letters, number = reference.groups()
                extent["column"] = _column_number(letters.upper().encode())
                extent["row"] = max(extent["row"], int(number))
            else:
                extent["column"] += 1
        else:
            return
        extent["rows"] = max(extent["rows"], extent["row"])
        extent["columns"] = max(extent["columns"], extent["column"])

    def no_doctype(*_args) -> None:
        raise ValueError("a sheet declares no document type")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = no_doctype
    try:
        parser.Parse(xml, True)
    except (ValueError, expat.ExpatError):
        raise RosterFileError(
            _(
                "This .xlsx file cannot be read and may be damaged; open it in Excel and save it "
                "again."
            )
        ) from None
    return extent["rows"], extent["columns"]


def _number(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError("a row number that is not one")
    return int(text)


def _check_sheet_size(content: bytes) -> None:
    """Refuse a workbook whose first sheet reaches beyond a roster's size, before reading it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise RosterFileError(
                    _(
                        "Unpacked, this .xlsx file is too large to import; keep only the roster "
                        "sheet, "
                        "save it and import it again."
                    )
                )
            xml = archive.read(_first_sheet_path(archive))
    except RosterFileError:
        raise
    except Exception:
        raise RosterFileError(
            _(
                "This .xlsx file cannot be read and may be damaged; open it in Excel and save it "
                "again."
            )
        ) from None
    rows, columns = _sheet_extent(xml)
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        raise RosterFileError(
            _(
                "The sheet is used up to row %(rows)d and column %(columns)d, beyond what a "
                "roster can be "
                "(at most %(max_rows)d rows and %(max_columns)d columns). A stray cell or format "
                "may lie far "
                "away: delete the rows and columns outside the roster, or copy the roster into a "
                "new "
                "workbook, save it and import it again."
            )
            % {
                "rows": rows,
                "columns": columns,
                "max_rows": MAX_SHEET_ROWS,
                "max_columns": MAX_SHEET_COLUMNS,
            }
        )


def find_header(
    rows: list[list], *, columns: dict = COLUMNS, required: list = REQUIRED
) -> tuple[int, dict[str, int]]:
    """The header row (the one naming the most known `columns` — {field: [header texts]} —
    among the first rows) and the column index of each field found in it."""
    best_index, best = -1, {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {}
        for column, value in enumerate(row):
            key = _header_key(value)
            for name, texts in columns.items():
                if key in texts and name not in found:
                    found[name] = column
        if len(found) > len(best):
            best_index, best = index, found
    missing = [columns[name][0] for name in required if name not in best]
    if best_index < 0 or missing:
        raise RosterFileError(
            _(
                "No header found: none of the first %(count)d rows has the columns “%(columns)s”. "
                "Use the "
                "downloaded template, or check the header texts."
            )
            % {
                "count": HEADER_SCAN_ROWS,
                "columns": "”“".join(missing or [columns[n][0] for n in required]),
            }
        )
    return best_index, best


def read_table(
    content: bytes, filename: str, *, columns: dict = COLUMNS, required: list = REQUIRED
) -> list[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {field: raw cell}) for every non-blank row
    of any sheet laid out with a header of `columns` (rosters, appraisals)."""
    rows = read_sheet(content, filename)
    header_index, found = find_header(rows, columns=columns, required=required)
    data_rows = []
    for index in range(header_index + 1, len(rows)):
        raw = {
            name: (rows[index][column] if column < len(rows[index]) else None)
            for name, column in found.items()
        }
        if all(cell_text(value) == "" for value in raw.values()):
            continue  # blank rows are skipped
        data_rows.append((index + 1, raw))
    if len(data_rows) > MAX_ROWS:
        raise RosterFileError(
            _("More than %(count)d rows; import them in parts.") % {"count": MAX_ROWS}
        )
    return data_rows


# --- Validating -----------------------------------------------------------------------------


def _decimal(raw, label, errors, row_number):
    text = cell_text(raw)
    if not text:
        return Decimal("0")
    try:
        value = Decimal(text.replace(",", ""))
        if not value.is_finite():  # "NaN", "Infinity": not an area, and NaN cannot be compared
            raise InvalidOperation
    except InvalidOperation:
        errors.append(
            {
                "row": row_number,
                "column": label,
                "message": _("“%(text)s” is not a number.") % {"text": text},
            }
        )
        return None
    if value < 0 or value > MAX_AREA:
        errors.append(
            {
                "row": row_number,
                "column": label,
                "message": _("An area is between 0 and %(max)s m².") % {"max": MAX_AREA},
            }
        )
        return None
    return value.quantize(Decimal("0.01"))


def _choice(raw, mapping, label, errors, row_number, allowed):
    """`allowed`: a function giving the accepted values in words, called only on an error
    (translated for every row, it was a twentieth of an import's time)."""
    text = cell_text(raw)
    if text in mapping:
        return mapping[text]
    allowed = allowed()
    errors.append(
        {
            "row": row_number,
            "column": label,
            "message": _("“%(text)s” is not an accepted value; it should be one of: %(allowed)s.")
            % {"text": text, "allowed": allowed},
        }
    )
    return None


def parse_row(raw: dict, row_number: int, errors: list) -> dict:
    """One data row's values, or errors appended with the row and column."""
    values = {
        name: _unescaped(cell_text(raw.get(name)))
        for name in ("code", "party_name", "phone", "address", "note")
    }
    for name in ("code", "party_name"):
        if not values[name]:
            errors.append(
                {"row": row_number, "column": LABELS[name], "message": _("This cannot be empty.")}
            )
    for name in ("code", "party_name", "phone", "address", "note"):
        try:
            no_control_characters(values[name])
            if name == "phone":
                phone_numbers(values[name])
        except ValidationError as exc:
            errors.append({"row": row_number, "column": LABELS[name], "message": exc.messages[0]})
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            errors.append(
                {
                    "row": row_number,
                    "column": LABELS[name],
                    "message": _("At most %(limit)d characters; this has %(count)d.")
                    % {"limit": limit, "count": len(values[name])},
                }
            )
    id_raw = raw.get("id_number")
    if isinstance(id_raw, (int, float)):
        errors.append(
            {
                "row": row_number,
                "column": LABELS["id_number"],
                "message": _(
                    "The ID number was stored as a number: Excel keeps only 15 significant "
                    "digits, so the "
                    "last ones are lost and cannot be recovered. Format the column as “Text” and "
                    "type the "
                    "ID numbers again."
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
            lambda: "、".join(LAND_TYPES),
        )
    )
    use = cell_text(raw.get("use"))
    values["use"] = (
        HouseUse.RESIDENTIAL
        if not use
        else _choice(
            use,
            USES,
            LABELS["use"],
            errors,
            row_number,
            lambda: _("住宅 or 非住宅 (商业, 办公 and 工业 are read as 非住宅)"),
        )
    )
    values["intention"] = _choice(
        raw.get("intention"),
        INTENTIONS,
        LABELS["intention"],
        errors,
        row_number,
        lambda: "、".join(k for k in INTENTIONS if k) + _(" or empty"),
    )
    values["legal_area"] = _decimal(raw.get("legal_area"), LABELS["legal_area"], errors, row_number)
    values["unregistered_area"] = _decimal(
        raw.get("unregistered_area"), LABELS["unregistered_area"], errors, row_number
    )
    people = cell_text(raw.get("roster_people"))
    values["roster_people"] = None
    if people:
        # isdecimal, not isdigit: int() reads a full-width ５ but not an Ethiopic ፩ (and
        # no text of thousands of digits).
        whole = people.isdecimal() and len(people) <= len(str(MAX_ROSTER_PEOPLE))
        if whole and MIN_ROSTER_PEOPLE <= int(people) <= MAX_ROSTER_PEOPLE:
            values["roster_people"] = int(people)
        else:
            errors.append(
                {
                    "row": row_number,
                    "column": LABELS["roster_people"],
                    "message": _("家庭人口 is a whole number from %(min)d to %(max)d.")
                    % {"min": MIN_ROSTER_PEOPLE, "max": MAX_ROSTER_PEOPLE},
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
                    "message": _(
                        "“%(text)s” is not a hardship type; it should be one of: %(allowed)s."
                    )
                    % {"text": part, "allowed": "、".join(HARDSHIPS)},
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
        data_rows = read_table(content, filename)
    except RosterFileError as exc:
        result.errors.append({"row": None, "column": None, "message": str(exc)})
        return result
    existing = _match(project)
    parsed = _check(project, data_rows, existing, user, result.errors, result.warnings)
    if result.errors:
        result.errors.sort(key=lambda e: e["row"] or 0)
        return result
    created, updated, replaced_hashes, result.unchanged, result.rows = _diff(
        project, parsed, existing
    )
    result.created, result.updated = len(created), len(updated)
    if created and services.added_after_freeze(project):
        result.warnings.append(
            {
                "row": None,
                "column": None,
                "message": _(
                    "The project's freeze date was %(date)s: the %(count)d new households are "
                    "registered as added after it. Check them before confirming."
                )
                % {"date": project.freeze_date.isoformat(), "count": len(created)},
            }
        )
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
    else:
        services.roster_import_record(
            project=project,
            user=user,
            filename=filename,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    return result


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
    parsed, today = [], timezone.localdate()
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
                            _(
                                "This is a masked number: it can only send back a registered "
                                "household as it is; "
                                "for a new household or a new number, type the full ID number."
                            )
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
                clean = crypto.validate_id_number(number_text, today=today)
            except ValidationError as exc:
                errors.append(
                    {"row": number, "column": LABELS["id_number"], "message": exc.messages[0]}
                )
            else:
                row.id_number, row.id_hash = clean, crypto.search_hash(clean)
        if values["note"] == cell_text(EXAMPLE_ROW[-1]) and row.id_number == EXAMPLE_ROW[2]:
            errors.append(
                {
                    "row": number,
                    "column": LABELS["note"],
                    "message": _("This is the template's example row: delete it and import again."),
                }
            )
        parsed.append(row)
    _report_duplicates(parsed, lambda r: r.values["code"], "户编号", errors)
    _report_duplicates(parsed, lambda r: r.id_hash, "身份证号", errors)
    _report_shared_numbers(project, parsed, warnings, user)
    return parsed


def _diff(project, parsed, existing):
    """(created, updated, hashes replaced on updated households, unchanged count, the rows
    for the preview: what each new or changed row writes, old → new, ID numbers masked)."""
    created, updated, replaced_hashes, unchanged, preview = [], [], set(), 0, []
    for row in parsed:
        current = existing.get(row.values["code"])
        fields = {name: row.values[name] for name in IMPORTED_FIELDS}
        new_mask = crypto.mask(row.id_number) if row.id_number else None
        if current is None:
            household = Household(project=project, code=row.values["code"], **fields)
            created.append(services.RosterWrite(household, row.id_number))
            preview.append(
                {
                    "row": row.number,
                    "code": household.code,
                    "name": household.party_name,
                    "kind": "created",
                    "changes": [(LABELS["id_number"], "", new_mask or "")],
                }
            )
            continue
        id_changed = row.id_hash is not None and row.id_hash != current.id_hash
        changes = [
            (
                LABELS[name],
                _shown(current, name, getattr(current, name)),
                _shown(current, name, value),
            )
            for name, value in fields.items()
            if getattr(current, name) != value
        ]
        if id_changed:
            changes.insert(0, (LABELS["id_number"], current.id_masked, new_mask))
        if not changes:
            unchanged += 1
            continue
        preview.append(
            {
                "row": row.number,
                "code": current.code,
                "name": row.values["party_name"],
                "kind": "updated",
                "changes": changes,
            }
        )
        for name, value in fields.items():
            setattr(current, name, value)
        if id_changed and current.id_hash:
            replaced_hashes.add(current.id_hash)  # its other holders may no longer share it
        current.version += 1
        updated.append(services.RosterWrite(current, row.id_number if id_changed else None))
    return created, updated, replaced_hashes, unchanged, preview


def _shown(household, name, value) -> str:
    """A value as the preview shows it: choices and hardship types by their Chinese names."""
    if name == "hardship_types":
        labels = dict(Hardship.choices)
        return "、".join(str(labels.get(v, v)) for v in value)
    choices = dict(Household._meta.get_field(name).choices or [])
    return str(choices.get(value, "" if value is None else value))


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
                    {
                        "row": number,
                        "column": label,
                        "message": _("The same as row %(rows)s.") % {"rows": others},
                    }
                )


def _report_shared_numbers(project, rows, warnings, user):
    """An ID number already registered on another household (any project) is written and
    both households are flagged, as on every other path (DESIGN.md §4: double compensation
    is checked, not guessed at); the row says so. Where that household is outside the
    importer's scope, the message does not say where it is."""
    by_hash = {r.id_hash: r for r in rows if r.id_hash}
    if not by_hash:
        return
    carrying = services.households_carrying(by_hash)
    holders = {
        pk: rest
        for pk, *rest in Household.objects.filter(pk__any={pk for pk, _hash in carrying})
        .order_by()
        .values_list("pk", "project_id", "code", "project__name")
    }
    # One household once, whether the number is its party's, a member's or both (the head).
    taken = sorted(
        {
            (id_hash, project_id, code, name)
            for pk, id_hash in carrying
            for project_id, code, name in [holders[pk]]
            if not (
                project_id == project.id and code == by_hash[id_hash].values["code"]
            )  # a re-import
        },
        key=lambda taken: (by_hash[taken[0]].number, taken[1:]),  # in the file's order
    )
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
            message = _(
                "This ID number is already registered on household %(code)s of “%(project)s”; "
                "after the "
                "import both households are flagged “ID number also on another household”: check "
                "whether "
                "it was registered twice."
            ) % {"code": code, "project": project_name}
        else:
            message = _(
                "This ID number is already registered on a household outside your scope; after "
                "the import "
                "it is flagged “ID number also on another household”, for the city bureau to check."
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
    sheet.append(EXAMPLE_ROW)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in range(2, 5002):
        # Household codes and ID numbers stay text: Excel turns a typed 001 into 1, and
        # keeps only 15 digits of a number
        sheet.cell(row, 1).number_format = "@"
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
    guide = book.create_sheet("填写说明")
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 90
    for line in TEMPLATE_GUIDE:
        guide.append(line)
    for cell in guide["A"]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
