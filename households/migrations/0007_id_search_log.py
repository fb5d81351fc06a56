"""Exact searches by ID number are logged like reveals; masks keep only the first three and
the last two characters (DESIGN.md §4), applied to every stored mask, history included."""

import django.contrib.postgres.fields
from django.conf import settings
from django.db import migrations, models

# The old mask was first six + eight stars + last four: the new one is derived from it.
REMASK = """
    UPDATE {table} SET id_masked = left(id_masked, 3) || repeat('*', 13) || right(id_masked, 2)
     WHERE length(id_masked) = 18 AND id_masked <> left(id_masked, 3) || repeat('*', 13) || right(id_masked, 2)
"""
TABLES = ["households_household", "households_householdmember", "households_householdevent",
          "households_householdmemberevent"]
TRACKED = TABLES[:2]


def remask_sql():
    # The history triggers stay off for this statement: a new mask is not an edit of anyone's data.
    statements = [f"ALTER TABLE {table} DISABLE TRIGGER USER" for table in TRACKED]
    statements += [REMASK.format(table=table) for table in TABLES]
    statements += [f"ALTER TABLE {table} ENABLE TRIGGER USER" for table in TRACKED]
    return statements


class Migration(migrations.Migration):

    dependencies = [
        ("households", "0006_region_from_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="idreveallog", old_name="exported_households", new_name="household_ids"),
        migrations.AlterField(
            model_name="idreveallog",
            name="household_ids",
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), blank=True, default=list, help_text="The households written to an export, or found by a search.", size=None, verbose_name="households"),
        ),
        migrations.AlterField(
            model_name="idreveallog",
            name="kind",
            field=models.CharField(choices=[("reveal", "Reveal"), ("export", "Export"), ("search", "Exact search"), ("search_refused", "Exact search refused (too many)")], default="reveal", max_length=20, verbose_name="kind"),
        ),
        migrations.AddIndex(
            model_name="idreveallog",
            index=models.Index(fields=["user", "kind", "created_at"], name="households__user_id_37cdd1_idx"),
        ),
        migrations.RunSQL(remask_sql(), migrations.RunSQL.noop),
    ]
