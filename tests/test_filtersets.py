"""One FilterSet per model serves the page and the API, with choices limited to the scope."""


def test_region_filter_choices_are_the_users_own(
    client, official_1, district_1, district_2, street_1
):
    client.force_login(official_1)
    mine = client.get("/api/v1/regions/", {"parent": district_1.id}).json()
    assert [r["id"] for r in mine["results"]] == [street_1.id]
    # Another district is not a choice at all: the filter refuses it instead of answering.
    assert client.get("/api/v1/regions/", {"parent": district_2.id}).status_code == 400


def test_plans_filter_by_year(client, official_1, db):
    from projects.models import AnnualPlan

    AnnualPlan.objects.create(
        year=2026,
        target_households=10,
        target_households_in_kind=4,
        target_households_monetary=6,
        target_units=4,
        target_projects=1,
        target_investment=100,
    )
    client.force_login(official_1)
    assert client.get("/api/v1/plans/", {"year": 2026}).json()["count"] == 1
    assert client.get("/api/v1/plans/", {"year": 2027}).json()["count"] == 0
