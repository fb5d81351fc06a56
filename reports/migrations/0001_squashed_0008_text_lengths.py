"""0001_initial–0008_text_lengths in one, written from the models as they stand: a new database is made in seconds, where replaying every step took a minute of state rendering. The old steps stay for a database part-way along them."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
import reports.models
from django.conf import settings
from django.db import migrations, models

import json

# The reports' schedules in Beijing time, as 0002 and 0004 made them; administrators may change them.
SCHEDULES = [
    ("复工日报（每日生成）", "daily_resumption", {"minute": "0", "hour": "18", "day_of_week": "*"}),
    ("周督导通报（每周一生成）", "weekly_supervision", {"minute": "0", "hour": "8", "day_of_week": "1"}),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, kind, at in SCHEDULES:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            **at, day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={"task": "reports.generate_report", "crontab": schedule, "args": json.dumps([kind])},
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):

    replaces = [
        ('reports', '0001_initial'),
        ('reports', '0002_daily_resumption_schedule'),
        ('reports', '0003_statement_level_history'),
        ('reports', '0004_weekly_and_annual_kinds'),
        ('reports', '0005_display_links'),
        ('reports', '0006_display_link_opened_in_cache'),
        ('reports', '0007_history_foreign_keys_unindexed'),
        ('reports', '0008_text_lengths'),
    ]

    dependencies = [
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.CreateModel(
            name='DisplayLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="Where it is shown, e.g. the command centre's wall", max_length=100, verbose_name='name')),
                ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked at')),
                ('created_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
            ],
            options={
                'verbose_name': 'display link',
                'verbose_name_plural': 'display links',
                'ordering': ['-created_at'],
                'permissions': [('revoke_displaylink', 'Can revoke display links')],
            },
        ),
        migrations.CreateModel(
            name='DisplayLinkEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('name', models.CharField(help_text="Where it is shown, e.g. the command centre's wall", max_length=100, verbose_name='name')),
                ('token_hash', models.CharField(editable=False, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked at')),
                ('created_by', models.ForeignKey(db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='reports.displaylink')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Report',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('daily_resumption', 'Daily resumption report'), ('weekly_supervision', 'Weekly supervision circular'), ('annual_summary', 'Annual summary figures')], max_length=30, verbose_name='kind')),
                ('period', models.CharField(help_text='2026-11-20, 2026-W47 or 2026', max_length=20, verbose_name='period')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('status', models.CharField(choices=[('generating', 'Generating'), ('ready', 'Ready'), ('failed', 'Failed'), ('published', 'Published')], default='generating', max_length=20, verbose_name='status')),
                ('is_current', models.BooleanField(default=False, verbose_name='current')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                ('file', models.FileField(blank=True, upload_to=reports.models.report_file_path, verbose_name='file')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='started at')),
                ('generated_at', models.DateTimeField(blank=True, null=True, verbose_name='generated at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('correction_note', models.TextField(blank=True, max_length=2000, verbose_name='what changed')),
                ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by')),
            ],
            options={
                'verbose_name': 'report',
                'verbose_name_plural': 'reports',
                'ordering': ['-period', 'kind', '-version'],
                'permissions': [('publish_report', 'Can publish reports')],
            },
        ),
        migrations.CreateModel(
            name='ReportEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('kind', models.CharField(choices=[('daily_resumption', 'Daily resumption report'), ('weekly_supervision', 'Weekly supervision circular'), ('annual_summary', 'Annual summary figures')], max_length=30, verbose_name='kind')),
                ('period', models.CharField(help_text='2026-11-20, 2026-W47 or 2026', max_length=20, verbose_name='period')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('status', models.CharField(choices=[('generating', 'Generating'), ('ready', 'Ready'), ('failed', 'Failed'), ('published', 'Published')], default='generating', max_length=20, verbose_name='status')),
                ('is_current', models.BooleanField(default=False, verbose_name='current')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                ('file', models.FileField(blank=True, upload_to=reports.models.report_file_path, verbose_name='file')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='started at')),
                ('generated_at', models.DateTimeField(blank=True, null=True, verbose_name='generated at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('correction_note', models.TextField(blank=True, max_length=2000, verbose_name='what changed')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='reports.report')),
                ('published_by', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by')),
            ],
            options={
                'abstract': False,
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='displaylink',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "reports_displaylinkevent" ("created_at", "created_by_id", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "revoked_at", "token_hash") SELECT new_values."created_at", new_values."created_by_id", new_values."id", new_values."name", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."revoked_at", new_values."token_hash" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='5dee93147bfc0a4155c2f7fb49d75a43f28f4667', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_46510', referencing='REFERENCING NEW TABLE AS new_values ', table='reports_displaylink', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='displaylink',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "reports_displaylinkevent" ("created_at", "created_by_id", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "revoked_at", "token_hash") SELECT new_values."created_at", new_values."created_by_id", new_values."id", new_values."name", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."revoked_at", new_values."token_hash" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='35204fecc8cefde0a618dc6010ab9f24ea0a517f', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_374e4', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='reports_displaylink', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='displaylink',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "reports_displaylinkevent" ("created_at", "created_by_id", "id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "revoked_at", "token_hash") SELECT old_values."created_at", old_values."created_by_id", old_values."id", old_values."name", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."revoked_at", old_values."token_hash" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='6dde8cbb003d66d6b45c883b2e364d87a868dcc2', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_d536c', referencing='REFERENCING OLD TABLE AS old_values ', table='reports_displaylink', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['kind', 'period', 'is_current'], name='reports_rep_kind_7179bf_idx'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.UniqueConstraint(fields=('kind', 'period', 'version'), name='report_unique_version'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('kind', 'period'), name='report_one_current'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='report',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "reports_reportevent" ("correction_note", "data", "error", "file", "generated_at", "id", "is_current", "kind", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_at", "published_by_id", "started_at", "status", "version") SELECT new_values."correction_note", new_values."data", new_values."error", new_values."file", new_values."generated_at", new_values."id", new_values."is_current", new_values."kind", new_values."period", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."published_at", new_values."published_by_id", new_values."started_at", new_values."status", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='6ab573afd0af19dd20731dd76160ad5af31fbe0f', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_84ceb', referencing='REFERENCING NEW TABLE AS new_values ', table='reports_report', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='report',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "reports_reportevent" ("correction_note", "data", "error", "file", "generated_at", "id", "is_current", "kind", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_at", "published_by_id", "started_at", "status", "version") SELECT new_values."correction_note", new_values."data", new_values."error", new_values."file", new_values."generated_at", new_values."id", new_values."is_current", new_values."kind", new_values."period", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."published_at", new_values."published_by_id", new_values."started_at", new_values."status", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='22b078faa7f19a8a8eff6e43ad1b72af10159419', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_234a9', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='reports_report', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='report',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "reports_reportevent" ("correction_note", "data", "error", "file", "generated_at", "id", "is_current", "kind", "period", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "published_at", "published_by_id", "started_at", "status", "version") SELECT old_values."correction_note", old_values."data", old_values."error", old_values."file", old_values."generated_at", old_values."id", old_values."is_current", old_values."kind", old_values."period", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."published_at", old_values."published_by_id", old_values."started_at", old_values."status", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='1d623da0c70b5b30440b61b7f9a38c495743e918', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_6acd6', referencing='REFERENCING OLD TABLE AS old_values ', table='reports_report', when='AFTER')),
        ),
        migrations.RunPython(create_schedules, remove_schedules),
    ]
