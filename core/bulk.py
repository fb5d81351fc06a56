"""Large writes through PostgreSQL COPY, for imports of tens of thousands of rows.

bulk_create() and bulk_update() spend most of their time building one huge statement (and
bulk_update's CASE WHEN grows with the square of the batch). Here new rows are streamed
with COPY into their table, and updates into a temporary table applied with one UPDATE … FROM.
The history triggers fire for both, with the context of the surrounding `pghistory.context`
block, as for any other write. `InHelperProcess` gives a load's pure computations (no
database, no shared random stream) to the second core, this one taking a share of what is
left when their results are asked for.
"""

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from multiprocessing import get_context
from operator import attrgetter
from types import NoneType

import django
from django.db import connections, models, router, transaction
from django.utils import timezone, translation
from psycopg.adapt import PyFormat, Transformer


def _connection(model):
    """The database connection itself: the `connection` proxy costs a lookup per use,
    and the rows below use it once per field."""
    return connections[router.db_for_write(model)]


# The Python types each kind of field hands PostgreSQL unchanged from get_db_prep_save():
# COPY writes such values as they are, and preparing each of them anyway was most of the
# cost of a wide row (a date or a decimal 6–10 µs each). Any other value, or field, is
# prepared as save() would.
_PLAIN = (str, int, bool, NoneType)
_AS_IS = {
    **dict.fromkeys(
        [
            "AutoField",
            "BigAutoField",
            "BigIntegerField",
            "BooleanField",
            "CharField",
            "ForeignKey",
            "IntegerField",
            "OneToOneField",
            "PositiveIntegerField",
            "PositiveSmallIntegerField",
            "SmallIntegerField",
            "TextField",
        ],
        _PLAIN,
    ),
    "DateField": (date, NoneType),
    "ArrayField": (NoneType,),
    "JSONField": (NoneType,),
}


def _preparer(field, connection):
    """value → what the database gets, as save() would prepare it."""
    prepare = field.get_db_prep_save
    if field.get_internal_type() == "DateTimeField":  # a naive one is made aware first
        return lambda value: (
            value
            if value is None or (type(value) is datetime and value.utcoffset() is not None)
            else prepare(value, connection)
        )
    if field.get_internal_type() == "DecimalField":  # NaN and infinities are refused there
        return lambda value: (
            value
            if value is None or (type(value) is Decimal and value.is_finite())
            else prepare(value, connection)
        )
    as_is = _AS_IS.get(field.get_internal_type())
    if as_is is None:
        return lambda value: prepare(value, connection)
    return lambda value: value if type(value) in as_is else prepare(value, connection)


def _row_maker(fields, connection, *, add: bool, as_given=frozenset()):
    """obj → the row of its `fields` values, prepared for the database (those named in
    `as_given` read as the object holds them, never stamped by pre_save())."""
    steps = [
        (
            attrgetter(f.attname) if f.name in as_given else _value_reader(f, add=add),
            _preparer(f, connection),
        )
        for f in fields
    ]
    return lambda obj: [prepare(read(obj)) for read, prepare in steps]


def _value_reader(field, *, add: bool):
    """What save() would write for the field: its pre_save() where the field has its own
    (auto_now dates, files), otherwise simply the attribute, read without the method call."""
    if type(field).pre_save is models.Field.pre_save:
        return attrgetter(field.attname)
    if type(field).pre_save is models.FileField.pre_save:
        return lambda obj: _file_name(obj, field, add)
    return lambda obj: field.pre_save(obj, add)


def _file_name(obj, field, add: bool):
    """A file field's stored name: a file not yet stored goes through pre_save(), which
    stores it; a name is written as it is. Reading it through the field would bind a FieldFile
    to the object, a reference cycle for each of the thousands of rows a bulk write holds."""
    if field.attname not in obj.__dict__:  # deferred: loaded as save() would
        return field.pre_save(obj, add)
    held = obj.__dict__[field.attname]
    if held is None or isinstance(held, str):
        return held or ""
    return field.pre_save(obj, add)


@contextmanager
def _staged(cursor, model, fields, rows):
    """A temporary table shaped like the model's columns `fields`, filled with `rows`,
    inside a savepoint: on any error the savepoint's rollback takes the table away with it,
    so nothing is left behind."""
    quote = cursor.db.ops.quote_name
    staging = quote(f"_staged_{model._meta.db_table}")
    columns = ", ".join(quote(f.column) for f in fields)
    with transaction.atomic(using=cursor.db.alias):
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} AS SELECT {columns} "
            f"FROM {quote(model._meta.db_table)} WITH NO DATA"
        )
        # psycopg's own COPY, so its errors are translated into Django's here.
        with (
            cursor.db.wrap_database_errors,
            cursor.cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        yield staging
        cursor.execute(f"DROP TABLE {staging}")


# Below this many rows one ordinary statement costs less than a temporary table and COPY.
FEW = 200


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys from the model's sequence (for rows that others will point
    to before they are written)."""
    quote = _connection(model).ops.quote_name
    with _connection(model).cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [quote(model._meta.db_table), model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def copy_insert(
    model: type[models.Model],
    objects: list[models.Model],
    *,
    with_pk: bool = False,
    as_given: Iterable[str] = (),
) -> None:
    """Insert unsaved objects in order (auto_now fields filled as save() would).

    With `with_pk` each object is first given its key from the model's sequence and keeps
    it, for rows inserted after them to point to. The fields named in `as_given` are
    written as the objects hold them, even an auto_now one: records made in the past
    (loaded or migrated) keep the time they were made, without a second write to date them."""
    if not objects:
        return
    # by field name (an unknown one raises FieldDoesNotExist)
    as_given = {model._meta.get_field(name).name for name in as_given}
    if with_pk:
        for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
            obj.pk = pk
            obj._state.adding = False
    if len(objects) < FEW and not as_given:
        with transaction.atomic(using=router.db_for_write(model)):  # as the COPY's savepoint
            model._base_manager.bulk_create(objects)
        return
    connection = _connection(model)
    fields = [
        f for f in model._meta.concrete_fields if (with_pk or not f.primary_key) and not f.generated
    ]
    row = _row_maker(fields, connection, add=True, as_given=as_given)
    _copy_in(connection, model, fields, (row(obj) for obj in objects))


def _copy_in(connection, model, fields, rows) -> None:
    """COPY the rows (values of `fields`) straight into the model's table, in order, inside
    a savepoint. The history triggers fire once for the COPY as for an INSERT, and the rows
    are made while PostgreSQL writes the ones before (through a staging table, the city seed
    wrote every row twice, one step after the other)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # Through Django's cursor, so that pghistory sets the surrounding context for the
        # transaction, where the COPY's triggers read it (the COPY takes this lock anyway).
        cursor.execute(f"LOCK TABLE {table} IN ROW EXCLUSIVE MODE")
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)


def copy_rows(
    model: type[models.Model],
    field_names: list[str],
    rows: Iterable[tuple],
    *,
    same: dict | None = None,
) -> int:
    """Insert generated rows without making a model instance of each (loading demo data by
    the million, where the instances cost more than the COPY); returns how many.

    `rows` are tuples of the named fields' values as the database takes them (str, int,
    bool, date, Decimal, a list, None; a related object by its id). `same` ({field name:
    value}, values as in the rows) gives fields that hold one value on every row. Every
    other field gets what a new instance would have: its default (a callable one called
    once for all the rows), the time now for auto_now and auto_now_add dates."""
    connection = _connection(model)
    same = same or {}
    named = [model._meta.get_field(name) for name in field_names]
    given = [model._meta.get_field(name) for name in same]
    others = [
        f
        for f in model._meta.concrete_fields
        if f not in named and f not in given and not f.primary_key and not f.generated
    ]
    now = timezone.now()
    rest = _as_copy_text(
        connection,
        [
            *same.values(),
            *(
                now
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                # get_db_prep_save: a default is a Python value (an enum member, an empty list).
                else f.get_db_prep_save(f.get_default(), connection)
                for f in others
            ),
        ],
    )
    count = 0

    def complete(rows):
        nonlocal count
        for row in rows:
            count += 1
            yield (*row, *rest)

    _copy_in(connection, model, [*named, *given, *others], complete(rows))
    return count


def _as_copy_text(connection, values) -> tuple:
    """Values every row carries as the text COPY sends for them, made by psycopg's own
    dumpers once for all the rows: a time with its zone costs a microsecond and more to
    format, a list two (the city's 1.4 million ledger rows carry two times: 4 s)."""
    connection.ensure_connection()
    transformer = Transformer(connection.connection)
    texts = []
    for value in values:
        dumped = None if value is None else transformer.get_dumper(value, PyFormat.TEXT).dump(value)
        texts.append(None if dumped is None else bytes(dumped).decode())
    return tuple(texts)


def copy_update(
    model: type[models.Model], objects: list[models.Model], field_names: list[str]
) -> None:
    """Update the given fields of saved objects (and any auto_now field) by primary key.

    The fields must be loaded (not deferred by only()): a deferred one would be fetched
    row by row while the COPY holds the connection."""
    if not objects:
        return
    connection = _connection(model)
    named = [
        model._meta.get_field(name) for name in field_names
    ]  # an unknown name raises FieldDoesNotExist
    if not named or any(not f.concrete or f.primary_key or f.generated for f in named):
        raise ValueError("copy_update needs one or more concrete, non-key fields to update")
    auto_now = {f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
    fields = [f for f in model._meta.concrete_fields if f.name in {*field_names, *auto_now}]
    deferred = objects[0].get_deferred_fields() & {
        f.attname for f in fields if f.name not in auto_now
    }
    if deferred:
        raise ValueError(f"copy_update needs these fields loaded: {sorted(deferred)}")
    if len(objects) < FEW:
        for obj in objects:
            for f in fields:
                if f.name in auto_now:
                    setattr(obj, f.attname, f.pre_save(obj, False))
        with transaction.atomic(using=router.db_for_write(model)):
            model._base_manager.bulk_update(objects, [f.name for f in fields])
        return
    pk = model._meta.pk
    row = _row_maker([pk, *fields], connection, add=False)
    rows = (row(obj) for obj in objects)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{quote(f.column)} = staged.{quote(f.column)}" for f in fields)
    with connection.cursor() as cursor, _staged(cursor, model, [pk, *fields], rows) as staging:
        plan_afresh(connection.alias)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {staging} AS staged "
            f"WHERE {table}.{quote(pk.column)} = staged.{quote(pk.column)}"
        )


def plan_afresh(using: str = "default") -> None:
    """Before an UPDATE of many rows: the history trigger joins the old and new rows, and
    its plan is made on its first run in the session (often for one row) and kept. That plan,
    a nested loop, took 27 s over 10,000 rows where a fresh one takes 0.1 s (and 1.2 s
    over 2,500 against 0.13 s). Dropping the session's cached plans makes it plan anew."""
    with connections[using].cursor() as cursor:
        cursor.execute("DISCARD PLANS")


def _tables(models_: list[type[models.Model]]) -> str:
    quote = connections["default"].ops.quote_name
    return ", ".join(quote(model._meta.db_table) for model in models_)


def truncate(models_: list[type[models.Model]]) -> None:
    """Empty the tables at once, and everything that refers to them (demo resets): DELETE
    would go row by row through every history trigger and leave the planner's statistics
    describing the old rows."""
    with connections["default"].cursor() as cursor:
        # Rows written earlier in the same transaction leave deferred foreign-key checks
        # pending, and PostgreSQL truncates no table with pending checks: run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {_tables(models_)} RESTART IDENTITY CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def compact(models_: list[type[models.Model]], *, rewritten: list[type[models.Model]]) -> None:
    """The end of a bulk load: the `rewritten` tables (whose rows it updated several times:
    the city seed left its households table eleven times its size, and every full read of
    it paid for that) rewritten without their dead rows, and all the tables vacuumed and
    their statistics refreshed. Inside a transaction, where VACUUM cannot run (a test's),
    only the statistics are refreshed."""
    if connections["default"].in_atomic_block:
        analyze(models_)
        return
    with connections["default"].cursor() as cursor:
        if rewritten:
            cursor.execute(f"VACUUM (FULL) {_tables(rewritten)}")
        # A plain vacuum after: the rewrite leaves no visibility map, and without one the
        # counts that could read an index alone (stage counts, start rates) read the table.
        cursor.execute(f"VACUUM (ANALYZE) {_tables(models_)}")


def analyze(models_: list[type[models.Model]]) -> None:
    """Refresh the planner's statistics after a bulk load: until autovacuum comes by, a
    freshly filled table looks empty to it, and joins over it are planned as nested loops."""
    with connections["default"].cursor() as cursor:
        cursor.execute(f"ANALYZE {_tables(models_)}")


@contextmanager
def foreign_keys_checked_once(models_: list[type[models.Model]]):
    """A bulk load inside one transaction, its foreign keys checked once at the end.

    Django's foreign keys are checked at commit, one lookup per row written: the city seed
    spent over a minute committing. Here the tables' constraints are taken off and put back
    as they were, and putting one back checks all its rows in one join, as a restore does.
    A row pointing nowhere still fails the load."""
    connection = connections["default"]
    quote = connection.ops.quote_name
    tables = [model._meta.db_table for model in models_]
    with transaction.atomic(), connection.cursor() as cursor:
        # Checks still pending on rows written before would forbid altering their tables.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY oid",
            [tables],
        )
        constraints = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        yield
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


class InHelperProcess:
    """`function` applied to many values in a second process while this one goes on: a bulk
    load runs its Python on one core, and the other has little to do between its statements.
    Values go over in batches of `batch`; `results()` is function(value) for each value added,
    in order; the batches after the first that the helper has not yet taken when they are
    asked for (it takes up to two ahead of the one it works on) are worked here, so the two
    share what is left.

    The helper is a new interpreter, started with the first batch and set up as this one
    (the settings module, the language active on entering the block, in which the batches
    worked here are worked too). A forked one would share this process's open connections,
    and libraries' after-fork hooks run on them from the child (kombu's, closing its Redis
    channels, hung a test run). It reaches no server.
    `function` must be importable by name. Values not yet sent when the block ends are
    dropped."""

    def __init__(self, function, *, batch: int = 5000):
        self._function, self._batch = function, batch
        self._waiting, self._sent, self._added = [], [], 0

    def __enter__(self):
        self._language = translation.get_language()
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=get_context("spawn"),
            initializer=_set_up_as_parent,
            initargs=(self._language,),
        )
        return self

    def __exit__(self, *exc_info):
        self._pool.shutdown(cancel_futures=True)

    def add(self, value) -> int:
        """Send `value` to the helper; returns its place in results()."""
        self._waiting.append(value)
        self._added += 1
        if len(self._waiting) >= self._batch:
            self._send()
        return self._added - 1

    def results(self) -> list:
        """Every value's result, in the order added; asked for once (the values are let go).
        While the helper works through its batches from the first, the ones it has not yet
        taken are worked here from the last, one at a time: the city seed waited 12 s for
        the helper's backlog after its last project."""
        self._send()
        sent, self._sent = self._sent, []
        here = {}
        with translation.override(self._language):
            for index in range(len(sent) - 1, 0, -1):  # the first is the helper's
                future, values = sent[index]
                if not future.cancel():
                    break  # the helper has taken it, and every batch before it
                here[index] = _apply(self._function, values)
        return [
            result
            for index, (future, _values) in enumerate(sent)
            for result in (here[index] if index in here else future.result())
        ]

    def _send(self) -> None:
        if self._waiting:
            future = self._pool.submit(_apply, self._function, self._waiting)
            self._sent.append((future, self._waiting))
            self._waiting = []


def _set_up_as_parent(language: str | None) -> None:
    django.setup()  # the settings module named in the environment, as the parent's
    if language:
        translation.activate(language)


def _apply(function, values: list) -> list:
    return [function(value) for value in values]
