"""Region now lives in core (its table renamed there, rows kept): the foreign keys here point
at it in the state only. The projects granted to project-HQ staff move from the user to the
project: the same table under this app's name, rows kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_scope_from_core"),
        ("core", "0001_initial"),
        ("households", "0006_region_from_core"),
        ("projects", "0004_region_triggers_off"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='resettlementsiteevent',
                name='district',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='projectevent',
                name='district',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='dailystatus',
                name='district',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='resettlementsite',
                name='district',
                field=models.ForeignKey(limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.PROTECT, related_name='resettlement_sites', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='project',
                name='district',
                field=models.ForeignKey(limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='projectevent',
                name='street',
                field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'level': 'street'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='street'),
            ),
            migrations.AlterField(
                model_name='districttargetevent',
                name='district',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='dailystatusevent',
                name='district',
                field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='project',
                name='street',
                field=models.ForeignKey(blank=True, limit_choices_to={'level': 'street'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='street_projects', to='core.region', verbose_name='street'),
            ),
            migrations.AlterField(
                model_name='districttarget',
                name='district',
                field=models.ForeignKey(limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.PROTECT, related_name='targets', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='campaigntargetevent',
                name='district',
                field=models.ForeignKey(db_constraint=False, limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='campaigntarget',
                name='district',
                field=models.ForeignKey(limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='district'),
            ),
            migrations.RemoveField(
                model_name='regionevent',
                name='pgh_obj',
            ),
            migrations.RemoveField(
                model_name='regionevent',
                name='parent',
            ),
            migrations.RemoveField(
                model_name='regionevent',
                name='pgh_context',
            ),
            migrations.DeleteModel(
                name='Region',
            ),
            migrations.DeleteModel(
                name='RegionEvent',
            ),
        ]),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(
                "ALTER TABLE accounts_user_scope_projects RENAME TO projects_project_scope_users",
                "ALTER TABLE projects_project_scope_users RENAME TO accounts_user_scope_projects",
            )],
            state_operations=[
                migrations.AddField(
                    model_name='project',
                    name='scope_users',
                    field=models.ManyToManyField(blank=True, help_text='Users who reach this project in addition to their scope region (project HQ staff).', related_name='scope_projects', to=settings.AUTH_USER_MODEL, verbose_name='project HQ staff'),
                ),
            ],
        ),
    ]
