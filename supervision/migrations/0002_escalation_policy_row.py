"""The one row of escalation thresholds, at the defaults (1, 5 and 10 working days), so the
administrator finds it in the admin from the start."""

from django.db import migrations


def create_policy(apps, schema_editor):
    apps.get_model("supervision", "EscalationPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
