"""In chromium: a resettlement site's buildings and their milestone forms on a tablet."""

import pytest

from projects.models import ResettlementBuilding, ResettlementSite
from tests.browser.test_login import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_portrait_tablet_each_buildings_milestone_form_is_on_screen(
    browser, live_server, official_1, district_1
):
    """The form had a column of its own, past the right edge at 768 px: its date and file
    inputs and its button could not be seen without scrolling the table sideways."""
    site = ResettlementSite.objects.create(name="江东安居苑", district=district_1)
    for name in ("1号楼", "2号楼"):
        ResettlementBuilding.objects.create(site=site, name=name, units=96)
    page = browser.new_page(locale="zh-CN", viewport={"width": 768, "height": 1024})
    _log_in(page, live_server, "district_1")
    page.goto(f"{live_server.url}/projects/sites/{site.pk}/")
    forms = page.locator("form[action$='/milestone/']")
    assert forms.count() == 2
    for form in forms.all():
        for field in form.locator("select, input[type=date], input[type=file], button").all():
            box = field.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 768, field.evaluate(
                "f => f.outerHTML"
            )
