"""The selection order's published algorithm (选房顺序摇号): no database, so the
verify_lottery command recomputes an order from the published list file alone.

The list file is UTF-8 CSV beginning with a byte-order mark (Excel then reads its Chinese
rather than garbling it; lists published before it have none and read the same): a header
line "序号,户编号,被征收人", then one line per household (its place on the list, its code,
its party's name), lines ending in "\\n". Its SHA-256 is published with it before the seed
is known.

The order: each household's key is SHA-256 of the UTF-8 text "seed|household code" as 64 hex
digits; households are ordered by key, smallest first. Anyone can redo it, e.g. in Python:
    sorted(codes, key=lambda code: hashlib.sha256(f"{seed}|{code}".encode()).hexdigest())
"""

import csv
import hashlib
import io

from django.utils.translation import gettext as _

from core.spreadsheets import as_typed, formula_safe

HEADER = ["序号", "户编号", "被征收人"]
ALGORITHM = (
    "按“种子|户编号”（UTF-8 文本）的 SHA-256 值（64 位十六进制）从小到大排列；"
    "例：sorted(户编号, key=lambda c: sha256(f'{种子}|{c}'.encode()).hexdigest())"
)


class ListFileError(ValueError):
    """The file is not a published list (wrong header, a line without a code, a code twice)."""


def list_file(households: list[tuple[str, str]]) -> bytes:
    """The published list: [(code, name)] in the order given, text that Excel would run as a
    formula written as text (core.spreadsheets.formula_safe; read_list gives it back)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for number, (code, name) in enumerate(households, start=1):
        writer.writerow([number, formula_safe(code), formula_safe(name)])
    return buffer.getvalue().encode("utf-8-sig")


def list_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_list(content: bytes) -> list[tuple[str, str]]:
    """[(code, name)] of a published list file, in its order."""
    try:
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ListFileError(_("The file is not a UTF-8 CSV list.")) from exc
    if not rows or rows[0] != HEADER:
        raise ListFileError(_("The first line must be %(header)s.") % {"header": ",".join(HEADER)})
    households, seen = [], set()
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 3 or not row[1]:
            raise ListFileError(
                _("Line %(line)d: expected %(header)s.")
                % {"line": line, "header": ",".join(HEADER)}
            )
        if row[1] in seen:
            raise ListFileError(
                _("Line %(line)d: household %(code)s is on the list twice.")
                % {"line": line, "code": row[1]}
            )
        seen.add(row[1])
        households.append((as_typed(row[1]), as_typed(row[2])))
    return households


def draw_order(codes: list[str], seed: str) -> list[str]:
    """The selection order of `codes` under `seed` (the published algorithm)."""
    return sorted(codes, key=lambda code: hashlib.sha256(f"{seed}|{code}".encode()).hexdigest())
