"""Households holding a unit before the allocated building was kept on the household: record
it, and take their start date from that building (DESIGN.md §5), as the refresh now does."""

from django.db import migrations

FORWARD = [
    """
    UPDATE households_household h SET resettlement_building_id = u.building_id
    FROM compensation_allocation a
    JOIN compensation_resettlementunit u ON u.id = a.unit_id
    WHERE a.household_id = h.id
    """,
    """
    UPDATE households_household h SET started_on = CASE
        WHEN h.agreement_effective_on IS NULL OR b.foundation_started_on IS NULL THEN NULL
        ELSE GREATEST(h.agreement_effective_on, b.foundation_started_on) END
    FROM projects_resettlementbuilding b
    WHERE b.id = h.resettlement_building_id AND h.agreement_mode = 'swap'
    """,
]


class Migration(migrations.Migration):
    dependencies = [
        ("compensation", "0007_settlement_sheets"),
        ("households", "0012_allocated_building"),
    ]

    # Backwards the column goes with households' own migration; the dates stay as they are.
    operations = [migrations.RunSQL(FORWARD, reverse_sql=migrations.RunSQL.noop)]
