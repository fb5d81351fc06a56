"""Appraisals, a payment run's bank results and resettlement units from spreadsheets: the
roster importer's reader and its error contract (every problem with its row and column;
nothing written unless the whole file is valid)."""

import re
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from compensation import services
from compensation.choices import PaymentRunStatus, UnitStatus
from compensation.models import MAX_MONEY, Appraisal, LedgerEntry, ResettlementUnit
from compensation.selectors import payment_run_rows
from core.errors import Conflict
from core.validators import domain_date, no_control_characters
from households.importers import ImportResult, RosterFileError, cell_text, read_table
from households.models import Household
from projects.models import ResettlementBuilding

COLUMNS = {
    "code": ["户编号"],
    "firm": ["评估机构", "评估公司"],
    "report_no": ["报告编号", "评估报告编号", "报告号"],
    "appraised_on": ["评估日期", "价值时点", "报告日期"],
    "value": ["评估总价", "评估价值", "评估金额"],
    "unit_price": ["评估单价"],
}
REQUIRED = list(COLUMNS)
LABELS = {name: texts[0] for name, texts in COLUMNS.items()}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
_EXCEL_EPOCH = date(1899, 12, 30)


def _date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _EXCEL_EPOCH + timedelta(days=int(raw))  # a date Excel stored as a serial
    text = cell_text(raw)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _text_problem(text: str, limit: int, *, required: bool = True) -> str | None:
    """What is wrong with a text cell as the field would store it, if anything: empty where
    required, longer than the field holds (never cut short), or carrying control characters
    (a NUL would stop the write the check let through)."""
    if required and not text:
        return _("This column cannot be empty.")
    if len(text) > limit:
        return _("At most %(limit)d characters; this has %(count)d.") % {
            "limit": limit,
            "count": len(text),
        }
    try:
        no_control_characters(text)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def _limit(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _money(text: str) -> Decimal:
    """An amount in yuan above 0, to the fen at most (0.001 is refused, not rounded away)."""
    value = Decimal(text.replace(",", "").replace("元", ""))
    if not value.is_finite() or not Decimal("0") < value <= MAX_MONEY:
        raise InvalidOperation
    if value != value.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def _parse(number: int, raw: dict, households: dict, errors: list) -> dict | None:
    def fail(field, message):
        errors.append({"row": number, "column": LABELS[field], "message": message})

    code = cell_text(raw["code"])
    household = households.get(code)
    if household is None:
        fail("code", _("No household of this project has the code “%(code)s”.") % {"code": code})
    row = {"household": household}
    for field in ("firm", "report_no"):
        row[field] = cell_text(raw[field])
        problem = _text_problem(row[field], _limit(Appraisal, field))
        if problem:
            fail(field, problem)
    try:
        row["appraised_on"] = _date(raw["appraised_on"])
        domain_date(row["appraised_on"])
        services.date_not_in_future(row["appraised_on"], "appraised_on")
    except (ValueError, OverflowError):
        fail(
            "appraised_on",
            _("“%(text)s” is not a date (use YYYY-MM-DD).")
            % {"text": cell_text(raw["appraised_on"])},
        )
    except ValidationError as exc:
        fail("appraised_on", exc.messages[0])
    for field in ("value", "unit_price"):
        text = cell_text(raw[field])
        try:
            row[field] = _money(text)
        except InvalidOperation:
            fail(
                field,
                _("“%(text)s” is not an amount above 0 in yuan, to the fen at most.")
                % {"text": text},
            )
    if household and "value" in row and "unit_price" in row:
        try:
            Appraisal(household=household, value=row["value"], unit_price=row["unit_price"]).clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                fail(field, messages[0])
    return row if household else None


def import_appraisals(
    *, project, content: bytes, filename: str, user, dry_run: bool
) -> ImportResult:
    """Validate the whole file, then (unless a dry run or any error) record every appraisal
    in one transaction; each household is "appraised" from its appraisal's date."""
    result = ImportResult()
    try:
        data_rows = read_table(content, filename, columns=COLUMNS, required=REQUIRED)
    except RosterFileError as exc:
        result.errors.append({"row": None, "column": None, "message": str(exc)})
        return result
    households = {h.code: h for h in Household.objects.filter(project=project)}
    parsed, seen = [], {}
    for number, raw in data_rows:
        row = _parse(number, raw, households, result.errors)
        if row is None:
            continue
        code = row["household"].code
        if code in seen:
            result.errors.append(
                {
                    "row": number,
                    "column": LABELS["code"],
                    "message": _("The household is also on row %(row)d.") % {"row": seen[code]},
                }
            )
        seen[code] = number
        parsed.append(row)
    if result.errors:
        result.errors.sort(key=lambda e: e["row"] or 0)
        return result
    result.created = len(parsed)
    if not dry_run:
        try:
            services.appraisals_record_many(rows=parsed, user=user)
        except ValidationError as exc:
            result.created = 0
            result.errors.extend(
                {"row": None, "column": None, "message": message} for message in exc.messages
            )
    return result


# --- A payment run's results from the bank ---------------------------------------------------

RESULT_COLUMNS = {
    "row": ["序号"],
    "name": ["户名", "收款人", "收款人户名"],
    "amount": ["金额", "交易金额", "代发金额"],
    "result": ["处理结果", "结果", "状态", "交易状态"],
    "note": ["备注"],
    # Not 备注: on the sheet sent it carries the run's reference, and banks return it as is.
    "remark": ["失败原因", "银行备注", "处理说明", "原因"],
}
RESULT_REQUIRED = ["row", "amount", "result"]
RESULT_LABELS = {name: texts[0] for name, texts in RESULT_COLUMNS.items()}
_PAID = {"成功", "交易成功", "处理成功", "已成功", "已入账"}
_FAILED = {"失败", "交易失败", "处理失败", "退票", "已退回"}
_TOTALS = {"合计", "总计", "小计"}


def import_bank_results(*, run, content: bytes, filename: str, user, dry_run: bool):
    """The bank's results of a payment run: every row of the run once, its amount as sent,
    and 成功 or 失败. Nothing is recorded unless the whole file is valid."""
    result = ImportResult()
    if run.status != PaymentRunStatus.APPROVED:
        result.errors.append(
            {
                "row": None,
                "column": None,
                "message": _("The payment run is %(status)s: this cannot be done now.")
                % {"status": run.get_status_display()},
            }
        )
        return result
    try:
        data_rows = read_table(content, filename, columns=RESULT_COLUMNS, required=RESULT_REQUIRED)
    except RosterFileError as exc:
        result.errors.append({"row": None, "column": None, "message": str(exc)})
        return result
    sent = {row["row"]: row for row in payment_run_rows(run)}
    outcomes, seen = {}, {}

    def fail(number, field, message):
        result.errors.append({"row": number, "column": RESULT_LABELS[field], "message": message})

    for number, raw in data_rows:
        text = cell_text(raw["row"])
        if text in _TOTALS:
            continue
        row = sent.get(int(text)) if text.isascii() and text.isdigit() and len(text) < 7 else None
        if row is None:
            fail(number, "row", _("The run has no row “%(text)s”.") % {"text": text})
            continue
        if row["row"] in seen:
            fail(
                number,
                "row",
                _("Row %(row)d is also on line %(line)d.")
                % {"row": row["row"], "line": seen[row["row"]]},
            )
            continue
        seen[row["row"]] = number
        amount = cell_text(raw["amount"])
        try:
            matches = _money(amount) == row["amount"]
        except InvalidOperation:
            matches = False
        if not matches:
            fail(
                number,
                "amount",
                _("“%(text)s” is not the %(amount)s yuan sent on this row.")
                % {"text": amount, "amount": row["amount"]},
            )
        note = cell_text(raw.get("note"))
        if note and run.reference not in note:
            fail(
                number,
                "note",
                _("“%(text)s” does not name this run (%(run)s).")
                % {"text": note, "run": run.reference},
            )
        name = cell_text(raw.get("name"))
        if name and name != cell_text(row["name"]):
            fail(
                number,
                "name",
                _("“%(text)s” is not the payee “%(name)s” sent on this row.")
                % {"text": name, "name": row["name"]},
            )
        remark = cell_text(raw.get("remark"))
        problem = _text_problem(remark, _limit(LedgerEntry, "bank_note"), required=False)
        if problem:
            fail(number, "remark", problem)
        outcome = cell_text(raw["result"])
        if outcome in _PAID or outcome in _FAILED:
            outcomes[row["row"]] = (outcome in _PAID, remark)
        else:
            fail(number, "result", _("“%(text)s” is neither 成功 nor 失败.") % {"text": outcome})
    missing = sorted(set(sent) - set(seen))
    if missing:
        result.errors.append(
            {
                "row": None,
                "column": RESULT_LABELS["row"],
                "message": _("The file has no result for rows %(rows)s of the run.")
                % {"rows": "、".join(str(n) for n in missing[:20])},
            }
        )
    if result.errors:
        result.errors.sort(key=lambda e: e["row"] or 0)
        return result
    result.updated = sum(1 for ok, _remark in outcomes.values() if ok)
    result.unchanged = len(outcomes) - result.updated
    if not dry_run:
        try:
            services.payment_run_record_results(run=run, results=outcomes, user=user)
        except Conflict as exc:
            result.updated = result.unchanged = 0
            result.errors.append({"row": None, "column": None, "message": str(exc)})
        except ValidationError as exc:
            result.updated = result.unchanged = 0
            result.errors.extend(
                {"row": None, "column": None, "message": message} for message in exc.messages
            )
    return result


# --- Resettlement units from the developer's list ----------------------------------------------

UNIT_COLUMNS = {
    "building": ["楼栋", "楼号", "幢号", "栋号"],
    "unit_no": ["房号", "室号", "房间号"],
    "floor": ["楼层", "所在层", "层"],
    "area": ["建筑面积", "面积"],
    "layout": ["户型"],
    "orientation": ["朝向"],
}
UNIT_REQUIRED = ["building", "unit_no", "floor", "area", "layout"]
UNIT_LABELS = {name: texts[0] for name, texts in UNIT_COLUMNS.items()}


def _unit_row(number, raw, buildings, errors) -> dict:
    def fail(field, message):
        errors.append({"row": number, "column": UNIT_LABELS[field], "message": message})

    row = {name: cell_text(raw.get(name)) for name in UNIT_COLUMNS}
    row["building"] = buildings.get(row["building"])
    if row["building"] is None:
        fail(
            "building",
            _("The site has no building “%(text)s”: add it on the site's page first.")
            % {"text": cell_text(raw.get("building"))},
        )
    for field, required in (("unit_no", True), ("layout", True), ("orientation", False)):
        problem = _text_problem(row[field], _limit(ResettlementUnit, field), required=required)
        if problem:
            fail(field, problem)
    text = row["floor"]
    row["floor"] = int(text) if re.fullmatch(r"-?[0-9]{1,3}", text) else None
    if row["floor"] is None or not -5 <= row["floor"] <= 150:
        fail("floor", _("“%(text)s” is not a floor between -5 and 150.") % {"text": text})
    text = row["area"]
    try:
        row["area"] = Decimal(text.replace(",", ""))
        if not row["area"].is_finite() or not Decimal("10") <= row["area"] <= Decimal("1000"):
            raise InvalidOperation
        row["area"] = row["area"].quantize(Decimal("0.01"))
    except InvalidOperation:
        fail("area", _("“%(text)s” is not an area between 10 and 1,000 m².") % {"text": text})
    return row


def import_units(*, site, content: bytes, filename: str, user, dry_run: bool) -> ImportResult:
    """The developer's list of a site's units: new ones added, available ones updated; a
    unit already reserved, allocated or handed over is not changed by a file."""
    result = ImportResult()
    try:
        data_rows = read_table(content, filename, columns=UNIT_COLUMNS, required=UNIT_REQUIRED)
    except RosterFileError as exc:
        result.errors.append({"row": None, "column": None, "message": str(exc)})
        return result
    buildings = {b.name: b for b in ResettlementBuilding.objects.filter(site=site)}
    existing = {
        (u.building_id, u.unit_no): u for u in ResettlementUnit.objects.filter(building__site=site)
    }
    rows, seen = [], {}
    for number, raw in data_rows:
        row = _unit_row(number, raw, buildings, result.errors)
        if row["building"] is None:
            continue
        key = (row["building"].pk, row["unit_no"])
        if key in seen:
            result.errors.append(
                {
                    "row": number,
                    "column": UNIT_LABELS["unit_no"],
                    "message": _("The unit is also on row %(row)d.") % {"row": seen[key]},
                }
            )
        seen[key] = number
        unit = existing.get(key)
        if unit is not None and unit.status != UnitStatus.AVAILABLE:
            result.errors.append(
                {
                    "row": number,
                    "column": UNIT_LABELS["unit_no"],
                    "message": _("The unit is %(status)s: a file does not change it.")
                    % {"status": unit.get_status_display()},
                }
            )
        rows.append((unit, row))
    if result.errors:
        result.errors.sort(key=lambda e: e["row"] or 0)
        return result
    result.created = sum(1 for unit, _row in rows if unit is None)
    result.updated = len(rows) - result.created
    if not dry_run:
        try:
            services.units_save_many(rows=rows)
        except ValidationError as exc:
            result.created = result.updated = 0
            result.errors.extend(
                {"row": None, "column": None, "message": message} for message in exc.messages
            )
    return result
