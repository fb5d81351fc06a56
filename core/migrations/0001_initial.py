"""Region (and its history) moves here from projects: the tables are renamed, so every row,
every foreign key pointing at them and every past history event stays; only the triggers
are made anew for the new table names."""

import django.core.validators
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

RENAMES = [("projects_region", "core_region"), ("projects_regionevent", "core_regionevent")]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("pghistory", "0007_auto_20250421_0444"),
        ("projects", "0004_region_triggers_off"),
        # Every migration that created a foreign key to the old table runs before the rename.
        ("accounts", "0002_initial"),
        ("households", "0005_export_log"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f"ALTER TABLE {old} RENAME TO {new}", f"ALTER TABLE {new} RENAME TO {old}")
                for old, new in RENAMES
            ],
            state_operations=[
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='6 digits for a city or district (GB/T 2260 style), 9 digits for a street.', max_length=12, unique=True, validators=[django.core.validators.RegexValidator('^\\d{6}(\\d{3})?$', 'Enter a 6-digit or 9-digit division code.')], verbose_name='division code')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('level', models.CharField(choices=[('city', 'City'), ('district', 'District'), ('street', 'Street')], max_length=10, verbose_name='level')),
                        ('is_development_zone', models.BooleanField(default=False, verbose_name='development zone')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='core.region', verbose_name='parent region')),
                    ],
                    options={
                        'verbose_name': 'region',
                        'verbose_name_plural': 'regions',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='RegionEvent',
                    fields=[
                        ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                        ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                        ('pgh_label', models.TextField(help_text='The event label.')),
                        ('id', models.BigIntegerField()),
                        ('code', models.CharField(help_text='6 digits for a city or district (GB/T 2260 style), 9 digits for a street.', max_length=12, validators=[django.core.validators.RegexValidator('^\\d{6}(\\d{3})?$', 'Enter a 6-digit or 9-digit division code.')], verbose_name='division code')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('level', models.CharField(choices=[('city', 'City'), ('district', 'District'), ('street', 'Street')], max_length=10, verbose_name='level')),
                        ('is_development_zone', models.BooleanField(default=False, verbose_name='development zone')),
                        ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='parent region')),
                        ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                        ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='core.region')),
                    ],
                    options={
                        'abstract': False,
                    },
                ),
                migrations.AddConstraint(
                    model_name='region',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('level', 'city'), ('parent__isnull', True)), models.Q(models.Q(('level', 'city'), _negated=True), ('parent__isnull', False)), _connector='OR'), name='region_only_city_without_parent'),
                ),
            ],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='region',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "core_regionevent" ("code", "id", "is_development_zone", "level", "name", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") SELECT new_values."code", new_values."id", new_values."is_development_zone", new_values."level", new_values."name", new_values."parent_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='fd52d153d8237082da752a904565391b10b2d221', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_f7818', referencing='REFERENCING NEW TABLE AS new_values ', table='core_region', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='region',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "core_regionevent" ("code", "id", "is_development_zone", "level", "name", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") SELECT new_values."code", new_values."id", new_values."is_development_zone", new_values."level", new_values."name", new_values."parent_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='cb7f442790997e805509a2142e805211aa3c678b', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_bee16', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='core_region', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='region',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "core_regionevent" ("code", "id", "is_development_zone", "level", "name", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id") SELECT old_values."code", old_values."id", old_values."is_development_zone", old_values."level", old_values."name", old_values."parent_id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='732d1dfada5685a2866850adbc467ceb9e4c69f9', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_643bf', referencing='REFERENCING OLD TABLE AS old_values ', table='core_region', when='AFTER')),
        ),
    ]
