"""Region moves to core (DESIGN.md §3). First its history triggers go: they write into
projects_regionevent, which core takes over under a new name with triggers of its own."""

import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0003_statement_level_history"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name="region", name="insert_insert"),
        pgtrigger.migrations.RemoveTrigger(model_name="region", name="update_update"),
        pgtrigger.migrations.RemoveTrigger(model_name="region", name="delete_delete"),
    ]
