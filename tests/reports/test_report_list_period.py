"""The report list's period filter reads a period as the list writes it (2026年第48周) and as
people type a day; an unmatched filter says how to write one, not "no report yet"."""

import pytest

from reports.filtersets import period_from_text


@pytest.mark.parametrize(
    "typed, period",
    [
        ("2026年第48周", "2026-W48"),
        ("2026-W48", "2026-W48"),
        ("2026-w8", "2026-W08"),
        (" 2026年第 48 周 ", "2026-W48"),
        ("2026/11/20", "2026-11-20"),
        ("2026.11.2", "2026-11-02"),
        ("2026年11月20日", "2026-11-20"),
        ("2026-11-20", "2026-11-20"),
        ("2026", "2026"),
        ("第48周", "第48周"),
    ],
)
def test_a_period_is_read_as_people_write_it(typed, period):
    assert period_from_text(typed) == period


def test_an_unmatched_filter_says_how_to_write_a_period(client, city_staff):
    client.force_login(city_staff)
    unfiltered = client.get("/reports/").content.decode()
    assert "还没有报表" in unfiltered
    filtered = client.get("/reports/", {"period": "48"}).content.decode()
    assert "没有符合条件的报表" in filtered and "2026-W48" in filtered
    assert "还没有报表" not in filtered
