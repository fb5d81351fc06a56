"""The indexes of the list at city scale: a district's stage in id order, the name's
characters for the search, the code's start, and the started households with their
district for the start rate."""

import core.lookups
import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_notification'),
        ('households', '0012_allocated_building'),
        ('projects', '0009_signing_lapsed'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='household',
            name='households__distric_11da67_idx',
        ),
        migrations.AddIndex(
            model_name='household',
            index=models.Index(fields=['district', 'stage', 'id'], name='household_district_stage'),
        ),
        migrations.AddIndex(
            model_name='household',
            index=django.contrib.postgres.indexes.GinIndex(core.lookups.Characters('party_name'), name='household_name_chars'),
        ),
        migrations.AddIndex(
            model_name='household',
            index=models.Index(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('code'), name='text_pattern_ops'), name='household_code_prefix'),
        ),
        migrations.RemoveIndex(
            model_name='household',
            name='household_started',
        ),
        migrations.AddIndex(
            model_name='household',
            index=models.Index(condition=models.Q(('started_on__isnull', False)), fields=['project', 'started_on'], include=('district',), name='household_started'),
        ),
    ]
