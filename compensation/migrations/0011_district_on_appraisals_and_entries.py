"""Appraisals and ledger entries carry their household's district, so a district's rows in
id order are read from an index: added empty, filled from the households (and so in the
history rows), then required. The history triggers are off meanwhile: filling a copied
column is no change to the rows. A history row takes its household's district of today,
where the row's project may have stood in another district then."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


FILLED = [
    "compensation_appraisal",
    "compensation_appraisalevent",
    "compensation_ledgerentry",
    "compensation_ledgerentryevent",
]


class Migration(migrations.Migration):
    dependencies = [
        ("compensation", "0010_agreement_status_signed_index"),
        ("core", "0002_notification"),
        ("households", "0015_progress_reached_on_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="appraisal",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="appraisal",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="appraisal",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="ledgerentry",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="ledgerentry",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="ledgerentry",
            name="delete_delete",
        ),
        migrations.AddField(
            model_name="appraisal",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.region",
                verbose_name="district",
            ),
        ),
        migrations.AddField(
            model_name="appraisalevent",
            name="district",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="core.region",
                verbose_name="district",
            ),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.region",
                verbose_name="district",
            ),
        ),
        migrations.AddField(
            model_name="ledgerentryevent",
            name="district",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="core.region",
                verbose_name="district",
            ),
        ),
        migrations.RunSQL(
            [
                f"UPDATE {table} t SET district_id = h.district_id "
                "FROM households_household h WHERE h.id = t.household_id"
                for table in FILLED
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="appraisal",
            name="district",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.region",
                verbose_name="district",
            ),
        ),
        migrations.AlterField(
            model_name="appraisalevent",
            name="district",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="core.region",
                verbose_name="district",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="district",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.region",
                verbose_name="district",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentryevent",
            name="district",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="core.region",
                verbose_name="district",
            ),
        ),
        migrations.AddIndex(
            model_name="appraisal",
            index=models.Index(fields=["district", "id"], name="appraisal_district_order"),
        ),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(fields=["district", "id"], name="ledgerentry_district_order"),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="appraisal",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "compensation_appraisalevent" ("appraised_on", "district_id", "firm", "household_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_at", "recorded_by_id", "report_no", "unit_price", "value") SELECT new_values."appraised_on", new_values."district_id", new_values."firm", new_values."household_id", new_values."id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."recorded_at", new_values."recorded_by_id", new_values."report_no", new_values."unit_price", new_values."value" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="b4f53d99c6cb5d884abec8314bd09ed867816bf6",
                    level="STATEMENT",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_d25cf",
                    referencing="REFERENCING NEW TABLE AS new_values ",
                    table="compensation_appraisal",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="appraisal",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "compensation_appraisalevent" ("appraised_on", "district_id", "firm", "household_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_at", "recorded_by_id", "report_no", "unit_price", "value") SELECT new_values."appraised_on", new_values."district_id", new_values."firm", new_values."household_id", new_values."id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."recorded_at", new_values."recorded_by_id", new_values."report_no", new_values."unit_price", new_values."value" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="6f1ce05f5479e83ca6e32322cbc1ba37157cfbd2",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_ccc84",
                    referencing="REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ",
                    table="compensation_appraisal",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="appraisal",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "compensation_appraisalevent" ("appraised_on", "district_id", "firm", "household_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_at", "recorded_by_id", "report_no", "unit_price", "value") SELECT old_values."appraised_on", old_values."district_id", old_values."firm", old_values."household_id", old_values."id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."recorded_at", old_values."recorded_by_id", old_values."report_no", old_values."unit_price", old_values."value" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;',
                    hash="45fda43e813e961013542e0260f467c1684175bf",
                    level="STATEMENT",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_5b9fa",
                    referencing="REFERENCING OLD TABLE AS old_values ",
                    table="compensation_appraisal",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="ledgerentry",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "compensation_ledgerentryevent" ("agreement_id", "amount", "approved_at", "approved_by_id", "bank_note", "district_id", "entered_at", "entered_by_id", "funding_source", "household_id", "id", "item", "item_code", "kind", "paid_on", "payee_account_encrypted", "payee_account_masked", "payee_bank", "payee_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reverses_id", "run_id", "run_row", "status", "voucher_no") SELECT new_values."agreement_id", new_values."amount", new_values."approved_at", new_values."approved_by_id", new_values."bank_note", new_values."district_id", new_values."entered_at", new_values."entered_by_id", new_values."funding_source", new_values."household_id", new_values."id", new_values."item", new_values."item_code", new_values."kind", new_values."paid_on", new_values."payee_account_encrypted", new_values."payee_account_masked", new_values."payee_bank", new_values."payee_name", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."reason", new_values."reverses_id", new_values."run_id", new_values."run_row", new_values."status", new_values."voucher_no" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="30b661525be38fcc7e615f6f2bf485f8253d96b1",
                    level="STATEMENT",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_423f5",
                    referencing="REFERENCING NEW TABLE AS new_values ",
                    table="compensation_ledgerentry",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="ledgerentry",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "compensation_ledgerentryevent" ("agreement_id", "amount", "approved_at", "approved_by_id", "bank_note", "district_id", "entered_at", "entered_by_id", "funding_source", "household_id", "id", "item", "item_code", "kind", "paid_on", "payee_account_encrypted", "payee_account_masked", "payee_bank", "payee_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reverses_id", "run_id", "run_row", "status", "voucher_no") SELECT new_values."agreement_id", new_values."amount", new_values."approved_at", new_values."approved_by_id", new_values."bank_note", new_values."district_id", new_values."entered_at", new_values."entered_by_id", new_values."funding_source", new_values."household_id", new_values."id", new_values."item", new_values."item_code", new_values."kind", new_values."paid_on", new_values."payee_account_encrypted", new_values."payee_account_masked", new_values."payee_bank", new_values."payee_name", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."reason", new_values."reverses_id", new_values."run_id", new_values."run_row", new_values."status", new_values."voucher_no" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="83ce6044436595801a696aad411d66907ecca6c7",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_bfd1f",
                    referencing="REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ",
                    table="compensation_ledgerentry",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="ledgerentry",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "compensation_ledgerentryevent" ("agreement_id", "amount", "approved_at", "approved_by_id", "bank_note", "district_id", "entered_at", "entered_by_id", "funding_source", "household_id", "id", "item", "item_code", "kind", "paid_on", "payee_account_encrypted", "payee_account_masked", "payee_bank", "payee_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reverses_id", "run_id", "run_row", "status", "voucher_no") SELECT old_values."agreement_id", old_values."amount", old_values."approved_at", old_values."approved_by_id", old_values."bank_note", old_values."district_id", old_values."entered_at", old_values."entered_by_id", old_values."funding_source", old_values."household_id", old_values."id", old_values."item", old_values."item_code", old_values."kind", old_values."paid_on", old_values."payee_account_encrypted", old_values."payee_account_masked", old_values."payee_bank", old_values."payee_name", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."reason", old_values."reverses_id", old_values."run_id", old_values."run_row", old_values."status", old_values."voucher_no" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;',
                    hash="edc4e6237423b230a3cf5e4ca44f4491be3b86d4",
                    level="STATEMENT",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_e1e4d",
                    referencing="REFERENCING OLD TABLE AS old_values ",
                    table="compensation_ledgerentry",
                    when="AFTER",
                ),
            ),
        ),
    ]
