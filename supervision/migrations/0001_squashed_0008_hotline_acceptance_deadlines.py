"""0001_initial–0008_hotline_acceptance_deadlines in one, written from the models as they stand: a new database is made in seconds, where replaying every step took a minute of state rendering. The old steps stay for a database part-way along them."""

import core.validators
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
import supervision.models
from django.conf import settings
from django.db import migrations, models


def create_policy(apps, schema_editor):
    """The one row of escalation thresholds, at the defaults, so the administrator finds it
    in the admin from the start (as 0002_escalation_policy_row made it)."""
    apps.get_model("supervision", "EscalationPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):

    replaces = [
        ('supervision', '0001_initial'),
        ('supervision', '0002_escalation_policy_row'),
        ('supervision', '0003_grievances_inspections_meetings'),
        ('supervision', '0004_history_foreign_keys_unindexed'),
        ('supervision', '0005_grievance_phone_checked'),
        ('supervision', '0006_extension_lapsed'),
        ('supervision', '0007_text_lengths'),
        ('supervision', '0008_hotline_acceptance_deadlines'),
    ]

    dependencies = [
        ('core', '0004_region_expropriation_department'),
        ('households', '0022_household_code_taken'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('projects', '0012_daily_status_versions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(max_length=2000, verbose_name='decision')),
                ('owner', models.CharField(max_length=100, verbose_name='owner')),
                ('deadline', models.DateField(verbose_name='deadline')),
                ('district', models.ForeignKey(blank=True, limit_choices_to={'level': 'district'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='district concerned')),
            ],
            options={
                'verbose_name': 'meeting decision',
                'verbose_name_plural': 'meeting decisions',
                'ordering': ['meeting', 'id'],
            },
        ),
        migrations.CreateModel(
            name='EscalationPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reminder_after', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='reminder (催办) after working days overdue')),
                ('interview_after', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='interview (约谈) after working days overdue')),
                ('circular_after', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='circulation (通报) after working days overdue')),
            ],
            options={
                'verbose_name': 'escalation thresholds',
                'verbose_name_plural': 'escalation thresholds',
                'constraints': [models.CheckConstraint(condition=models.Q(('reminder_after__lt', models.F('interview_after')), ('interview_after__lt', models.F('circular_after'))), name='escalation_steps_in_order')],
            },
        ),
        migrations.CreateModel(
            name='Finding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(max_length=5000, verbose_name='finding')),
                ('photo', models.FileField(blank=True, upload_to=supervision.models.finding_photo_path, verbose_name='photo')),
                ('thumbnail', models.FileField(blank=True, upload_to=supervision.models.finding_photo_path, verbose_name='thumbnail')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='projects.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'finding',
                'verbose_name_plural': 'findings',
                'ordering': ['inspection', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Grievance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('channel', models.CharField(choices=[('visit', 'Visit'), ('phone', 'Phone call'), ('hotline', '12345 hotline'), ('meeting', 'Meeting'), ('letter', 'Letter')], max_length=10, verbose_name='channel')),
                ('ticket_no', models.CharField(blank=True, max_length=40, verbose_name='hotline ticket number')),
                ('ticket_deadline', models.DateField(blank=True, null=True, verbose_name='ticket deadline')),
                ('anonymous', models.BooleanField(default=False, verbose_name='anonymous')),
                ('name', models.CharField(blank=True, max_length=50, verbose_name="resident's name")),
                ('phone', models.CharField(blank=True, max_length=20, validators=[core.validators.phone_numbers], verbose_name='phone')),
                ('category', models.CharField(choices=[('compensation', 'Compensation and appraisal'), ('payment', 'Payment of compensation'), ('transition', 'Temporary housing and its fee'), ('resettlement', 'Resettlement housing'), ('construction', 'Construction nuisance and safety'), ('procedure', 'Procedure and disclosure'), ('other', 'Other')], max_length=15, verbose_name='grievance category')),
                ('content', models.TextField(max_length=5000, verbose_name='content')),
                ('status', models.CharField(choices=[('registered', 'Registered'), ('accepted', 'Accepted for handling'), ('not_accepted', 'Not accepted'), ('investigated', 'Investigated'), ('resolved', 'Resolved'), ('closed', 'Closed')], default='registered', max_length=15, verbose_name='status')),
                ('registered_on', models.DateField(verbose_name='registered on')),
                ('accept_by', models.DateField(verbose_name='decide on acceptance by')),
                ('accepted_on', models.DateField(blank=True, null=True, verbose_name='accepted on')),
                ('handle_by', models.DateField(blank=True, null=True, verbose_name='handle by')),
                ('extension_days', models.PositiveSmallIntegerField(default=0, verbose_name='extended by (days)')),
                ('findings', models.TextField(blank=True, max_length=5000, verbose_name='findings')),
                ('root_cause', models.TextField(blank=True, max_length=5000, verbose_name='root cause')),
                ('reply', models.TextField(blank=True, max_length=5000, verbose_name='reply to the resident')),
                ('resolved_on', models.DateField(blank=True, null=True, verbose_name='resolved on')),
                ('satisfaction', models.CharField(blank=True, choices=[('satisfied', 'Satisfied'), ('basically', 'Basically satisfied'), ('unsatisfied', 'Not satisfied'), ('unreachable', 'Could not be reached')], max_length=15, verbose_name='satisfaction')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('not_accepted_reason', models.TextField(blank=True, max_length=2000, verbose_name='reason not accepted')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='registered at')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by')),
                ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='district')),
                ('household', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='households.household', verbose_name='household')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='projects.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'grievance',
                'verbose_name_plural': 'grievances',
                'ordering': ['-registered_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='GrievanceEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('channel', models.CharField(choices=[('visit', 'Visit'), ('phone', 'Phone call'), ('hotline', '12345 hotline'), ('meeting', 'Meeting'), ('letter', 'Letter')], max_length=10, verbose_name='channel')),
                ('ticket_no', models.CharField(blank=True, max_length=40, verbose_name='hotline ticket number')),
                ('ticket_deadline', models.DateField(blank=True, null=True, verbose_name='ticket deadline')),
                ('anonymous', models.BooleanField(default=False, verbose_name='anonymous')),
                ('name', models.CharField(blank=True, max_length=50, verbose_name="resident's name")),
                ('phone', models.CharField(blank=True, max_length=20, validators=[core.validators.phone_numbers], verbose_name='phone')),
                ('category', models.CharField(choices=[('compensation', 'Compensation and appraisal'), ('payment', 'Payment of compensation'), ('transition', 'Temporary housing and its fee'), ('resettlement', 'Resettlement housing'), ('construction', 'Construction nuisance and safety'), ('procedure', 'Procedure and disclosure'), ('other', 'Other')], max_length=15, verbose_name='grievance category')),
                ('content', models.TextField(max_length=5000, verbose_name='content')),
                ('status', models.CharField(choices=[('registered', 'Registered'), ('accepted', 'Accepted for handling'), ('not_accepted', 'Not accepted'), ('investigated', 'Investigated'), ('resolved', 'Resolved'), ('closed', 'Closed')], default='registered', max_length=15, verbose_name='status')),
                ('registered_on', models.DateField(verbose_name='registered on')),
                ('accept_by', models.DateField(verbose_name='decide on acceptance by')),
                ('accepted_on', models.DateField(blank=True, null=True, verbose_name='accepted on')),
                ('handle_by', models.DateField(blank=True, null=True, verbose_name='handle by')),
                ('extension_days', models.PositiveSmallIntegerField(default=0, verbose_name='extended by (days)')),
                ('findings', models.TextField(blank=True, max_length=5000, verbose_name='findings')),
                ('root_cause', models.TextField(blank=True, max_length=5000, verbose_name='root cause')),
                ('reply', models.TextField(blank=True, max_length=5000, verbose_name='reply to the resident')),
                ('resolved_on', models.DateField(blank=True, null=True, verbose_name='resolved on')),
                ('satisfaction', models.CharField(blank=True, choices=[('satisfied', 'Satisfied'), ('basically', 'Basically satisfied'), ('unsatisfied', 'Not satisfied'), ('unreachable', 'Could not be reached')], max_length=15, verbose_name='satisfaction')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('not_accepted_reason', models.TextField(blank=True, max_length=2000, verbose_name='reason not accepted')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='registered at')),
                ('created_by', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by')),
                ('district', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district')),
                ('household', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='households.household', verbose_name='household')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='supervision.grievance')),
                ('project', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='projects.project', verbose_name='project')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='GrievanceStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('registered', 'Registered'), ('accepted', 'Accepted for handling'), ('not_accepted', 'Not accepted'), ('investigated', 'Investigated'), ('resolved', 'Resolved'), ('closed', 'Closed'), ('extended', 'Deadline extended')], max_length=15, verbose_name='step')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('text', models.TextField(blank=True, max_length=2000, verbose_name='text')),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('grievance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='supervision.grievance')),
            ],
            options={
                'verbose_name': 'grievance step',
                'verbose_name_plural': 'grievance steps',
                'ordering': ['grievance', 'at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Inspection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('inspected_on', models.DateField(verbose_name='inspected on')),
                ('inspectors', models.CharField(max_length=200, verbose_name='inspectors')),
                ('summary', models.TextField(blank=True, max_length=5000, verbose_name='summary')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('projects', models.ManyToManyField(related_name='+', to='projects.project', verbose_name='projects visited')),
            ],
            options={
                'verbose_name': 'inspection',
                'verbose_name_plural': 'inspections',
                'ordering': ['-inspected_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='FindingEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('text', models.TextField(max_length=5000, verbose_name='finding')),
                ('photo', models.FileField(blank=True, upload_to=supervision.models.finding_photo_path, verbose_name='photo')),
                ('thumbnail', models.FileField(blank=True, upload_to=supervision.models.finding_photo_path, verbose_name='thumbnail')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='supervision.finding')),
                ('project', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='projects.project', verbose_name='project')),
                ('inspection', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='supervision.inspection', verbose_name='inspection')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='finding',
            name='inspection',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='findings', to='supervision.inspection', verbose_name='inspection'),
        ),
        migrations.CreateModel(
            name='InspectionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('inspected_on', models.DateField(verbose_name='inspected on')),
                ('inspectors', models.CharField(max_length=200, verbose_name='inspectors')),
                ('summary', models.TextField(blank=True, max_length=5000, verbose_name='summary')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('created_by', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='supervision.inspection')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('host', models.CharField(max_length=100, verbose_name='host')),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('attendees', models.TextField(blank=True, max_length=2000, verbose_name='attendees')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'dispatch meeting',
                'verbose_name_plural': 'dispatch meetings',
                'ordering': ['-held_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DecisionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('text', models.TextField(max_length=2000, verbose_name='decision')),
                ('owner', models.CharField(max_length=100, verbose_name='owner')),
                ('deadline', models.DateField(verbose_name='deadline')),
                ('district', models.ForeignKey(blank=True, db_constraint=False, db_index=False, limit_choices_to={'level': 'district'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district concerned')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='supervision.decision')),
                ('meeting', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='supervision.meeting', verbose_name='meeting')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='decision',
            name='meeting',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='supervision.meeting', verbose_name='meeting'),
        ),
        migrations.CreateModel(
            name='MeetingEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('held_on', models.DateField(verbose_name='held on')),
                ('host', models.CharField(max_length=100, verbose_name='host')),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('attendees', models.TextField(blank=True, max_length=2000, verbose_name='attendees')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('created_by', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='supervision.meeting')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='NoticeEscalation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(choices=[('reminder', 'Reminder (催办)'), ('interview', 'Interview (约谈)'), ('circular', 'Circulated (通报)')], max_length=10, verbose_name='step')),
                ('deadline', models.DateField(verbose_name='deadline missed')),
                ('reached_on', models.DateField(verbose_name='reached on')),
                ('working_days_overdue', models.PositiveIntegerField(verbose_name='working days overdue')),
                ('held_on', models.DateField(blank=True, null=True, verbose_name='interview held on')),
                ('outcome', models.TextField(blank=True, max_length=5000, verbose_name='interview outcome')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'escalation step',
                'verbose_name_plural': 'escalation steps',
                'ordering': ['notice', 'reached_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='NoticeEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('drafted', 'Drafted'), ('edited', 'Draft edited'), ('signed_off', 'Signed off'), ('issued', 'Issued'), ('acknowledged', 'Acknowledged'), ('responded', 'Responded'), ('returned', 'Returned'), ('closed', 'Closed'), ('extension_requested', 'Extension requested'), ('extension_granted', 'Extension granted'), ('extension_refused', 'Extension refused'), ('reminder', 'Reminder (催办)'), ('interview', 'Interview due (约谈)'), ('interview_held', 'Interview held'), ('circular', 'Circulated (通报)')], max_length=20, verbose_name='step')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('text', models.TextField(blank=True, max_length=5000, verbose_name='text')),
                ('deadline', models.DateField(blank=True, null=True, verbose_name='deadline set')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'notice step',
                'verbose_name_plural': 'notice steps',
                'ordering': ['notice', 'at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='NoticeExtension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_deadline', models.DateField(verbose_name='requested deadline')),
                ('reason', models.TextField(max_length=2000, verbose_name='reason')),
                ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested at')),
                ('status', models.CharField(choices=[('requested', 'Requested'), ('granted', 'Granted'), ('refused', 'Refused'), ('lapsed', 'Lapsed: answered before a decision')], default='requested', max_length=10, verbose_name='status')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('decision_note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'deadline extension',
                'verbose_name_plural': 'deadline extensions',
            },
        ),
        migrations.CreateModel(
            name='SupervisionNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('problem', models.TextField(max_length=5000, verbose_name='problem')),
                ('requirement', models.TextField(max_length=5000, verbose_name='requirement')),
                ('deadline', models.DateField(verbose_name='deadline')),
                ('level', models.CharField(choices=[('general', 'General'), ('key', 'Key'), ('listed', 'Listed (挂牌)')], default='general', max_length=10, verbose_name='supervision level')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('signed_off', 'Signed off'), ('issued', 'Issued'), ('acknowledged', 'Acknowledged'), ('responded', 'Responded'), ('returned', 'Returned'), ('closed', 'Closed')], default='draft', max_length=15, verbose_name='status')),
                ('year', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='year')),
                ('serial', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='serial')),
                ('escalation', models.CharField(blank=True, choices=[('reminder', 'Reminder (催办)'), ('interview', 'Interview (约谈)'), ('circular', 'Circulated (通报)')], help_text='The last step reached against the deadline in force.', max_length=10, verbose_name='escalation')),
                ('document', models.FileField(blank=True, upload_to='notices/%Y/', verbose_name='printed notice (PDF)')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='drafted at')),
                ('signed_off_at', models.DateTimeField(blank=True, null=True, verbose_name='signed off at')),
                ('issued_on', models.DateField(blank=True, null=True, verbose_name='issued on')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='drafted by')),
                ('decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='supervision.decision', verbose_name='from meeting decision')),
                ('district', models.ForeignKey(limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='district')),
                ('finding', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='supervision.finding', verbose_name='from inspection finding')),
                ('grievance', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='supervision.grievance', verbose_name='from grievance')),
                ('projects', models.ManyToManyField(blank=True, related_name='+', to='projects.project', verbose_name='projects')),
                ('signed_off_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed off by')),
            ],
            options={
                'verbose_name': 'supervision notice',
                'verbose_name_plural': 'supervision notices',
                'ordering': ['-id'],
                'permissions': [('sign_off_supervisionnotice', 'Can sign off a supervision notice'), ('issue_supervisionnotice', 'Can issue a supervision notice'), ('answer_supervisionnotice', 'Can answer a supervision notice for a district'), ('close_supervisionnotice', 'Can close out or return a supervision notice'), ('decide_extension', 'Can grant or refuse a deadline extension')],
            },
        ),
        migrations.CreateModel(
            name='NoticeExtensionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('requested_deadline', models.DateField(verbose_name='requested deadline')),
                ('reason', models.TextField(max_length=2000, verbose_name='reason')),
                ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested at')),
                ('status', models.CharField(choices=[('requested', 'Requested'), ('granted', 'Granted'), ('refused', 'Refused'), ('lapsed', 'Lapsed: answered before a decision')], default='requested', max_length=10, verbose_name='status')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('decision_note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='supervision.noticeextension')),
                ('requested_by', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                ('notice', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='supervision.supervisionnotice')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='noticeextension',
            name='notice',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='extension', to='supervision.supervisionnotice'),
        ),
        migrations.CreateModel(
            name='NoticeEvidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to=supervision.models.evidence_path, verbose_name='file')),
                ('thumbnail', models.FileField(blank=True, upload_to=supervision.models.evidence_path, verbose_name='thumbnail')),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('content_type', models.CharField(max_length=30, verbose_name='type')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='supervision.noticeevent')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='supervision.supervisionnotice')),
            ],
            options={
                'verbose_name': 'evidence file',
                'verbose_name_plural': 'evidence files',
                'ordering': ['notice', 'uploaded_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='noticeevent',
            name='notice',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='timeline', to='supervision.supervisionnotice'),
        ),
        migrations.CreateModel(
            name='NoticeEscalationEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('step', models.CharField(choices=[('reminder', 'Reminder (催办)'), ('interview', 'Interview (约谈)'), ('circular', 'Circulated (通报)')], max_length=10, verbose_name='step')),
                ('deadline', models.DateField(verbose_name='deadline missed')),
                ('reached_on', models.DateField(verbose_name='reached on')),
                ('working_days_overdue', models.PositiveIntegerField(verbose_name='working days overdue')),
                ('held_on', models.DateField(blank=True, null=True, verbose_name='interview held on')),
                ('outcome', models.TextField(blank=True, max_length=5000, verbose_name='interview outcome')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='supervision.noticeescalation')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('notice', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='supervision.supervisionnotice')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='noticeescalation',
            name='notice',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='escalations', to='supervision.supervisionnotice'),
        ),
        migrations.CreateModel(
            name='SupervisionNoticeEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('problem', models.TextField(max_length=5000, verbose_name='problem')),
                ('requirement', models.TextField(max_length=5000, verbose_name='requirement')),
                ('deadline', models.DateField(verbose_name='deadline')),
                ('level', models.CharField(choices=[('general', 'General'), ('key', 'Key'), ('listed', 'Listed (挂牌)')], default='general', max_length=10, verbose_name='supervision level')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('signed_off', 'Signed off'), ('issued', 'Issued'), ('acknowledged', 'Acknowledged'), ('responded', 'Responded'), ('returned', 'Returned'), ('closed', 'Closed')], default='draft', max_length=15, verbose_name='status')),
                ('year', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='year')),
                ('serial', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='serial')),
                ('escalation', models.CharField(blank=True, choices=[('reminder', 'Reminder (催办)'), ('interview', 'Interview (约谈)'), ('circular', 'Circulated (通报)')], help_text='The last step reached against the deadline in force.', max_length=10, verbose_name='escalation')),
                ('document', models.FileField(blank=True, upload_to='notices/%Y/', verbose_name='printed notice (PDF)')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='drafted at')),
                ('signed_off_at', models.DateTimeField(blank=True, null=True, verbose_name='signed off at')),
                ('issued_on', models.DateField(blank=True, null=True, verbose_name='issued on')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('created_by', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='drafted by')),
                ('decision', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='supervision.decision', verbose_name='from meeting decision')),
                ('district', models.ForeignKey(db_constraint=False, db_index=False, limit_choices_to={'level': 'district'}, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district')),
                ('finding', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='supervision.finding', verbose_name='from inspection finding')),
                ('grievance', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='supervision.grievance', verbose_name='from grievance')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='supervision.supervisionnotice')),
                ('signed_off_by', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed off by')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='grievance',
            index=models.Index(fields=['district', 'status', 'registered_on'], name='supervision_distric_a744a4_idx'),
        ),
        migrations.AddConstraint(
            model_name='grievance',
            constraint=models.CheckConstraint(condition=models.Q(('anonymous', False), models.Q(('household__isnull', True), ('name', ''), ('phone', '')), _connector='OR'), name='grievance_anonymous_names_nobody'),
        ),
        migrations.AddConstraint(
            model_name='grievance',
            constraint=models.CheckConstraint(condition=models.Q(('extension_days__lte', 30)), name='grievance_extension_30_days'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='grievance',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_grievanceevent" ("accept_by", "accepted_on", "anonymous", "category", "channel", "closed_on", "content", "created_at", "created_by_id", "district_id", "extension_days", "findings", "handle_by", "household_id", "id", "name", "not_accepted_reason", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "project_id", "registered_on", "reply", "resolved_on", "root_cause", "satisfaction", "status", "ticket_deadline", "ticket_no", "version") SELECT new_values."accept_by", new_values."accepted_on", new_values."anonymous", new_values."category", new_values."channel", new_values."closed_on", new_values."content", new_values."created_at", new_values."created_by_id", new_values."district_id", new_values."extension_days", new_values."findings", new_values."handle_by", new_values."household_id", new_values."id", new_values."name", new_values."not_accepted_reason", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."phone", new_values."project_id", new_values."registered_on", new_values."reply", new_values."resolved_on", new_values."root_cause", new_values."satisfaction", new_values."status", new_values."ticket_deadline", new_values."ticket_no", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='cb46992297baed0854a1faf1db9e80686e102708', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_0182a', referencing='REFERENCING NEW TABLE AS new_values ', table='supervision_grievance', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='grievance',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_grievanceevent" ("accept_by", "accepted_on", "anonymous", "category", "channel", "closed_on", "content", "created_at", "created_by_id", "district_id", "extension_days", "findings", "handle_by", "household_id", "id", "name", "not_accepted_reason", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "project_id", "registered_on", "reply", "resolved_on", "root_cause", "satisfaction", "status", "ticket_deadline", "ticket_no", "version") SELECT new_values."accept_by", new_values."accepted_on", new_values."anonymous", new_values."category", new_values."channel", new_values."closed_on", new_values."content", new_values."created_at", new_values."created_by_id", new_values."district_id", new_values."extension_days", new_values."findings", new_values."handle_by", new_values."household_id", new_values."id", new_values."name", new_values."not_accepted_reason", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."phone", new_values."project_id", new_values."registered_on", new_values."reply", new_values."resolved_on", new_values."root_cause", new_values."satisfaction", new_values."status", new_values."ticket_deadline", new_values."ticket_no", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='4ebd256fd671fbe4ef57098c86ab325f9a55d3f6', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_a9e44', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='supervision_grievance', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='grievance',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_grievanceevent" ("accept_by", "accepted_on", "anonymous", "category", "channel", "closed_on", "content", "created_at", "created_by_id", "district_id", "extension_days", "findings", "handle_by", "household_id", "id", "name", "not_accepted_reason", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "project_id", "registered_on", "reply", "resolved_on", "root_cause", "satisfaction", "status", "ticket_deadline", "ticket_no", "version") SELECT old_values."accept_by", old_values."accepted_on", old_values."anonymous", old_values."category", old_values."channel", old_values."closed_on", old_values."content", old_values."created_at", old_values."created_by_id", old_values."district_id", old_values."extension_days", old_values."findings", old_values."handle_by", old_values."household_id", old_values."id", old_values."name", old_values."not_accepted_reason", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."phone", old_values."project_id", old_values."registered_on", old_values."reply", old_values."resolved_on", old_values."root_cause", old_values."satisfaction", old_values."status", old_values."ticket_deadline", old_values."ticket_no", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='824ba796e2fd9f1ab1a34153051647cb23d6e394', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_ecc10', referencing='REFERENCING OLD TABLE AS old_values ', table='supervision_grievance', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='grievancestep',
            trigger=pgtrigger.compiler.Trigger(name='grievance_steps_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='64ec57e4e4b349f0bc3211f638333f2d98cef231', operation='UPDATE OR DELETE', pgid='pgtrigger_grievance_steps_append_only_9373b', table='supervision_grievancestep', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='inspection',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_inspectionevent" ("created_at", "created_by_id", "id", "inspected_on", "inspectors", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "summary") SELECT new_values."created_at", new_values."created_by_id", new_values."id", new_values."inspected_on", new_values."inspectors", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."summary" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='483cfa74b29938f7ba3e69197a1004094d762e9c', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_f32f5', referencing='REFERENCING NEW TABLE AS new_values ', table='supervision_inspection', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='inspection',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_inspectionevent" ("created_at", "created_by_id", "id", "inspected_on", "inspectors", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "summary") SELECT new_values."created_at", new_values."created_by_id", new_values."id", new_values."inspected_on", new_values."inspectors", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."summary" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='69dce092b172af9559f52542062b22828e492530', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_c0d9e', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='supervision_inspection', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='inspection',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_inspectionevent" ("created_at", "created_by_id", "id", "inspected_on", "inspectors", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "summary") SELECT old_values."created_at", old_values."created_by_id", old_values."id", old_values."inspected_on", old_values."inspectors", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."summary" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='10344b4659fc43de98cd72b8279e4ef28bfe6adb', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_5785e', referencing='REFERENCING OLD TABLE AS old_values ', table='supervision_inspection', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='finding',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_findingevent" ("id", "inspection_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "photo", "project_id", "text", "thumbnail") SELECT new_values."id", new_values."inspection_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."photo", new_values."project_id", new_values."text", new_values."thumbnail" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='11ea97547677368edb7fd96c32a5ee8e26942463', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_1219a', referencing='REFERENCING NEW TABLE AS new_values ', table='supervision_finding', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='finding',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_findingevent" ("id", "inspection_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "photo", "project_id", "text", "thumbnail") SELECT new_values."id", new_values."inspection_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."photo", new_values."project_id", new_values."text", new_values."thumbnail" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='caf53183fd6e663f9816d94051949be7a1e9c601', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_6f7ce', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='supervision_finding', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='finding',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_findingevent" ("id", "inspection_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "photo", "project_id", "text", "thumbnail") SELECT old_values."id", old_values."inspection_id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."photo", old_values."project_id", old_values."text", old_values."thumbnail" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='5fba15cd9dcd80081f133d6248af86814afac962', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_5e430', referencing='REFERENCING OLD TABLE AS old_values ', table='supervision_finding', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='meeting',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_meetingevent" ("attendees", "created_at", "created_by_id", "held_on", "host", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "subject") SELECT new_values."attendees", new_values."created_at", new_values."created_by_id", new_values."held_on", new_values."host", new_values."id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."subject" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='d206eeede22e87d67a85d1b1cd9e42ba16d4c4dc', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_e39bf', referencing='REFERENCING NEW TABLE AS new_values ', table='supervision_meeting', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='meeting',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_meetingevent" ("attendees", "created_at", "created_by_id", "held_on", "host", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "subject") SELECT new_values."attendees", new_values."created_at", new_values."created_by_id", new_values."held_on", new_values."host", new_values."id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."subject" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='5dd1ac6b2d42a139b5debcd4c65888090c6ec730', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_733b1', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='supervision_meeting', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='meeting',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_meetingevent" ("attendees", "created_at", "created_by_id", "held_on", "host", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "subject") SELECT old_values."attendees", old_values."created_at", old_values."created_by_id", old_values."held_on", old_values."host", old_values."id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."subject" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='0ff61ce4bc144314a32ad83289c2dd878f4035d6', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_d4a3a', referencing='REFERENCING OLD TABLE AS old_values ', table='supervision_meeting', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='decision',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_decisionevent" ("deadline", "district_id", "id", "meeting_id", "owner", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") SELECT new_values."deadline", new_values."district_id", new_values."id", new_values."meeting_id", new_values."owner", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."text" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='eeb325720465a29a01abe66c5f9dad93119eac07', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_467e8', referencing='REFERENCING NEW TABLE AS new_values ', table='supervision_decision', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='decision',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_decisionevent" ("deadline", "district_id", "id", "meeting_id", "owner", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") SELECT new_values."deadline", new_values."district_id", new_values."id", new_values."meeting_id", new_values."owner", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."text" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='c0511da81ba9a511a6f98c0cbb55d7c1b890ca1b', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_4d8f2', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='supervision_decision', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='decision',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_decisionevent" ("deadline", "district_id", "id", "meeting_id", "owner", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") SELECT old_values."deadline", old_values."district_id", old_values."id", old_values."meeting_id", old_values."owner", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."text" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='cb79aeb4e69cac9bb860153f4461c7e4c276c026', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_7301a', referencing='REFERENCING OLD TABLE AS old_values ', table='supervision_decision', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='supervisionnotice',
            index=models.Index(fields=['district', 'status', 'deadline'], name='supervision_distric_eefa49_idx'),
        ),
        migrations.AddConstraint(
            model_name='supervisionnotice',
            constraint=models.UniqueConstraint(fields=('year', 'serial'), name='notice_unique_number'),
        ),
        migrations.AddConstraint(
            model_name='supervisionnotice',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('serial__isnull', True), ('status', 'draft')), models.Q(models.Q(('status', 'draft'), _negated=True), ('serial__isnull', False)), _connector='OR'), name='notice_numbered_once_signed_off'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='supervisionnotice',
            trigger=pgtrigger.compiler.Trigger(name='notice_number_fixed', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."serial" IS NOT NULL AND (OLD."serial" IS DISTINCT FROM (NEW."serial") OR OLD."year" IS DISTINCT FROM (NEW."year")))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='6657fe329450de6c988d8c0b192d52e090c684c8', operation='UPDATE', pgid='pgtrigger_notice_number_fixed_728e4', table='supervision_supervisionnotice', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='supervisionnotice',
            trigger=pgtrigger.compiler.Trigger(name='notice_never_deleted', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='bbef4626f70aa3d76c42dfbd90b4faf9573c0b48', operation='DELETE', pgid='pgtrigger_notice_never_deleted_2c595', table='supervision_supervisionnotice', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='supervisionnotice',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_supervisionnoticeevent" ("closed_on", "created_at", "created_by_id", "deadline", "decision_id", "district_id", "document", "escalation", "finding_id", "grievance_id", "id", "issued_on", "level", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "problem", "requirement", "serial", "signed_off_at", "signed_off_by_id", "status", "subject", "version", "year") SELECT new_values."closed_on", new_values."created_at", new_values."created_by_id", new_values."deadline", new_values."decision_id", new_values."district_id", new_values."document", new_values."escalation", new_values."finding_id", new_values."grievance_id", new_values."id", new_values."issued_on", new_values."level", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."problem", new_values."requirement", new_values."serial", new_values."signed_off_at", new_values."signed_off_by_id", new_values."status", new_values."subject", new_values."version", new_values."year" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='7d0e89af4e9c701b1dfd12a7e75db56d36302c13', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_359f5', referencing='REFERENCING NEW TABLE AS new_values ', table='supervision_supervisionnotice', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='supervisionnotice',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_supervisionnoticeevent" ("closed_on", "created_at", "created_by_id", "deadline", "decision_id", "district_id", "document", "escalation", "finding_id", "grievance_id", "id", "issued_on", "level", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "problem", "requirement", "serial", "signed_off_at", "signed_off_by_id", "status", "subject", "version", "year") SELECT new_values."closed_on", new_values."created_at", new_values."created_by_id", new_values."deadline", new_values."decision_id", new_values."district_id", new_values."document", new_values."escalation", new_values."finding_id", new_values."grievance_id", new_values."id", new_values."issued_on", new_values."level", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."problem", new_values."requirement", new_values."serial", new_values."signed_off_at", new_values."signed_off_by_id", new_values."status", new_values."subject", new_values."version", new_values."year" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='ffe61faec4de0f7937f281b50015998ed6b4f927', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_a7b7a', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='supervision_supervisionnotice', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='supervisionnotice',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_supervisionnoticeevent" ("closed_on", "created_at", "created_by_id", "deadline", "decision_id", "district_id", "document", "escalation", "finding_id", "grievance_id", "id", "issued_on", "level", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "problem", "requirement", "serial", "signed_off_at", "signed_off_by_id", "status", "subject", "version", "year") SELECT old_values."closed_on", old_values."created_at", old_values."created_by_id", old_values."deadline", old_values."decision_id", old_values."district_id", old_values."document", old_values."escalation", old_values."finding_id", old_values."grievance_id", old_values."id", old_values."issued_on", old_values."level", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."problem", old_values."requirement", old_values."serial", old_values."signed_off_at", old_values."signed_off_by_id", old_values."status", old_values."subject", old_values."version", old_values."year" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='9efe5caaa8b1cf438b18d1fae9fa234021a08fd7', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_decfd', referencing='REFERENCING OLD TABLE AS old_values ', table='supervision_supervisionnotice', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='noticeextension',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_noticeextensionevent" ("decided_at", "decided_by_id", "decision_note", "id", "notice_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "requested_at", "requested_by_id", "requested_deadline", "status") SELECT new_values."decided_at", new_values."decided_by_id", new_values."decision_note", new_values."id", new_values."notice_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."reason", new_values."requested_at", new_values."requested_by_id", new_values."requested_deadline", new_values."status" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='413aea8597e1bc53d4e079c7f5596a33ec81664d', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_5618a', referencing='REFERENCING NEW TABLE AS new_values ', table='supervision_noticeextension', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='noticeextension',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_noticeextensionevent" ("decided_at", "decided_by_id", "decision_note", "id", "notice_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "requested_at", "requested_by_id", "requested_deadline", "status") SELECT new_values."decided_at", new_values."decided_by_id", new_values."decision_note", new_values."id", new_values."notice_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."reason", new_values."requested_at", new_values."requested_by_id", new_values."requested_deadline", new_values."status" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='fb4529ddc2870d14fcb5f809d3505699906dfa17', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_e29ba', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='supervision_noticeextension', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='noticeextension',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_noticeextensionevent" ("decided_at", "decided_by_id", "decision_note", "id", "notice_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "requested_at", "requested_by_id", "requested_deadline", "status") SELECT old_values."decided_at", old_values."decided_by_id", old_values."decision_note", old_values."id", old_values."notice_id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."reason", old_values."requested_at", old_values."requested_by_id", old_values."requested_deadline", old_values."status" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='4596b98922721a9d20b00cb45e40062ae167a00b', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_eae99', referencing='REFERENCING OLD TABLE AS old_values ', table='supervision_noticeextension', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='noticeevent',
            trigger=pgtrigger.compiler.Trigger(name='timeline_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='a7131b87a29665111d3537eda01a30814502d780', operation='UPDATE OR DELETE', pgid='pgtrigger_timeline_append_only_202fa', table='supervision_noticeevent', when='BEFORE')),
        ),
        migrations.AddConstraint(
            model_name='noticeescalation',
            constraint=models.UniqueConstraint(fields=('notice', 'deadline', 'step'), name='escalation_once_per_step'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='noticeescalation',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_noticeescalationevent" ("deadline", "held_on", "id", "notice_id", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reached_on", "recorded_by_id", "step", "working_days_overdue") SELECT new_values."deadline", new_values."held_on", new_values."id", new_values."notice_id", new_values."outcome", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."reached_on", new_values."recorded_by_id", new_values."step", new_values."working_days_overdue" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='8118748d6d9934d79d7d84be2e0bf91ada969453', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_addac', referencing='REFERENCING NEW TABLE AS new_values ', table='supervision_noticeescalation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='noticeescalation',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_noticeescalationevent" ("deadline", "held_on", "id", "notice_id", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reached_on", "recorded_by_id", "step", "working_days_overdue") SELECT new_values."deadline", new_values."held_on", new_values."id", new_values."notice_id", new_values."outcome", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."reached_on", new_values."recorded_by_id", new_values."step", new_values."working_days_overdue" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='d64693d80c008cfa1f177b6d9b6dfe107570e13b', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_f52b7', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='supervision_noticeescalation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='noticeescalation',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "supervision_noticeescalationevent" ("deadline", "held_on", "id", "notice_id", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reached_on", "recorded_by_id", "step", "working_days_overdue") SELECT old_values."deadline", old_values."held_on", old_values."id", old_values."notice_id", old_values."outcome", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."reached_on", old_values."recorded_by_id", old_values."step", old_values."working_days_overdue" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='7ae5f7f3d533e9e3b318710c005142b496de1608', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_7dedb', referencing='REFERENCING OLD TABLE AS old_values ', table='supervision_noticeescalation', when='AFTER')),
        ),
        migrations.RunPython(create_policy, migrations.RunPython.noop),
    ]
