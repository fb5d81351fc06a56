"""Lookups for large tables: `field__any=values` and `field__text=value`.

`field__any=values`: the same rows as `field__in=values`, for long lists.

`__in` puts one placeholder per value into the statement, which Django prepares and psycopg
then splices in one by one; `= ANY(%s)` sends the whole list as one array parameter. An
import checks 10,000 ID-number hashes at once, a payment run or the demo reads the dues of
tens of thousands of agreements: each lookup is then a single cheap parameter. The values may
also be an array expression (`ArraySubquery`): PostgreSQL then reads an index for each value
in turn, where a join or `IN (SELECT …)` is hashed against the whole table.
"""

from django.contrib.postgres.fields import ArrayField
from django.db.models import CharField, ForeignObject, Func, IntegerField, Lookup, TextField


@CharField.register_lookup
@IntegerField.register_lookup  # keys too: AutoField and BigAutoField are integer fields
@ForeignObject.register_lookup  # by the related row's key: household__any=[ids]
class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


class Characters(Func):
    """A text's lower-cased characters as an array: what a GIN index keeps for `__text`."""

    template = "string_to_array(lower(%(expressions)s), NULL)"
    output_field = ArrayField(TextField())


@CharField.register_lookup
class ContainsText(Lookup):
    """`field__text=value`: the rows whose field contains `value` anywhere, ignoring case, as
    `icontains` finds them — answered from a GIN index on `Characters(field)`. A trigram
    index cannot serve the one- and two-character searches Chinese names need (明 finds
    张明), and without an index every search reads the whole table."""

    lookup_name = "text"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        value = str(self.rhs)
        pattern = f"%{connection.ops.prep_for_like_query(value)}%"
        # Both sides lower-cased by the database: Python's lower() differs on a few letters.
        return (
            f"string_to_array(lower({lhs}), NULL) @> string_to_array(lower(%s), NULL) "
            f"AND lower({lhs}) LIKE lower(%s)",
            (*lhs_params, value, *lhs_params, pattern),
        )
