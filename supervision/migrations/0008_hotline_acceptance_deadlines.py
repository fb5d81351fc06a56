"""A hotline grievance's acceptance is decided by its ticket's own deadline when that comes
first (supervision.grievances.acceptance_deadline): the grievances registered before the
rule get it too."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0007_text_lengths")]

    operations = [
        migrations.RunSQL(
            "UPDATE supervision_grievance SET accept_by = ticket_deadline "
            "WHERE ticket_deadline IS NOT NULL AND ticket_deadline < accept_by",
            reverse_sql=migrations.RunSQL.noop,
        )
    ]
