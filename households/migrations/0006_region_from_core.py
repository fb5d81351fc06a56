import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("households", "0005_export_log"),
    ]

    operations = [
        # Same rows, same column: the district now points at core's (renamed) region table.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='household',
                name='district',
                field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='householdevent',
                name='district',
                field=models.ForeignKey(db_constraint=False, editable=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='core.region', verbose_name='district'),
            ),
        ]),
        migrations.AlterField(
            model_name='household',
            name='roster_people',
            field=models.PositiveSmallIntegerField(blank=True, help_text='家庭人口 as the roster states it, until the members are recorded one by one.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='people on the roster'),
        ),
        migrations.AlterField(
            model_name='householdevent',
            name='roster_people',
            field=models.PositiveSmallIntegerField(blank=True, help_text='家庭人口 as the roster states it, until the members are recorded one by one.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='people on the roster'),
        ),
    ]
