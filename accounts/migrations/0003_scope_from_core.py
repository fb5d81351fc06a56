"""The user's region is now core's (same table, renamed); the projects a user reaches one by
one are granted on the project (projects 0005 takes the table over, rows kept)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(model_name="user", name="scope_projects"),
            migrations.AlterField(
                model_name='user',
                name='scope_region',
                field=models.ForeignKey(blank=True, help_text='The city for city-wide roles, a district or a street for local staff.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='scoped_users', to='core.region', verbose_name='scope region'),
            ),
        ]),
    ]
