"""`field__any=values`: the same rows as `field__in=values`, for long lists.

`__in` puts one placeholder per value into the statement, which psycopg then splices in
one by one; `= ANY(%s)` sends the whole list as one array parameter. An import checks
10,000 ID-number hashes at once, and this makes that lookup a single cheap parameter.
"""

from django.db.models import CharField, Lookup


@CharField.register_lookup
class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)
