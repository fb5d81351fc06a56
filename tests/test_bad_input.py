"""Control characters and absurd dates are refused on every path with a message naming the
field; a bad character stored before the rule never stops a report or an export."""

import inspect
from datetime import date

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from rest_framework import serializers

from core.api.serializers import CleanInputMixin
from core.forms import PageFormMixin, PageFormSet
from households.importers import import_roster
from households.services import household_create
from projects.models import DailyStatus, Project
from reports import services as report_services
from reports.daily import parse_period
from tests.factories import project_form_data
from tests.households.test_roster_import import good_rows
from tests.projects.test_plans import targets_post, values

OUR_APPS = ["core", "accounts", "projects", "households", "compensation", "supervision", "reports"]
MESSAGE = "含有不可见的控制字符"


def _classes(base, module_suffix):
    for config in apps.get_app_configs():
        if config.name not in OUR_APPS:
            continue
        for module_name in [f"{config.name}.{module_suffix}"]:
            try:
                module = __import__(module_name, fromlist=["*"])
            except ModuleNotFoundError:
                continue
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, base) and value.__module__ == module.__name__:
                    yield value


def test_every_page_form_refuses_control_characters_and_bounds_dates():
    found = list(_classes(forms.BaseForm, "forms"))
    assert len(found) > 15
    for form_class in found:
        assert issubclass(form_class, PageFormMixin), form_class


def test_every_page_formset_says_what_to_do_when_it_arrives_incomplete():
    found = [
        value
        for config in apps.get_app_configs()
        if config.name in OUR_APPS
        for module in [_forms_module(config.name)]
        if module is not None
        for _name, value in inspect.getmembers(module, inspect.isclass)
        if issubclass(value, forms.BaseFormSet) and value is not forms.BaseFormSet
    ]
    assert len(found) >= 5
    for formset_class in found:
        assert issubclass(formset_class, PageFormSet), formset_class


def _forms_module(app: str):
    try:
        return __import__(f"{app}.forms", fromlist=["*"])
    except ModuleNotFoundError:
        return None


def test_every_api_serializer_refuses_control_characters_and_bounds_dates():
    found = list(_classes(serializers.Serializer, "api.serializers"))
    assert len(found) > 10
    for serializer_class in found:
        assert issubclass(serializer_class, CleanInputMixin), serializer_class


# Kept in the database for what it records, not typed by a user.
UNTYPED_TEXT = {("households", "rosterexport", "query"), ("reports", "report", "error")}


def test_every_text_a_user_types_has_a_length_limit():
    """A page or API field without one took 400,000 characters, and a notice of that length
    took a minute to print (WeasyPrint) while it held a server thread."""
    unbounded = [
        (model._meta.app_label, model._meta.model_name, field.name)
        for config in apps.get_app_configs()
        if config.name in OUR_APPS
        for model in config.get_models()
        if not model._meta.model_name.endswith("event")  # history rows copy their record
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.editable and not field.max_length
    ]
    assert [f for f in unbounded if f not in UNTYPED_TEXT] == []
    # and a page's own text boxes (a plain form's field checks nothing of its model's)
    boxes = [
        (form_class.__name__, name)
        for form_class in _classes(forms.BaseForm, "forms")
        for name, field in form_class.base_fields.items()
        if isinstance(field.widget, forms.Textarea)
        and not isinstance(field, forms.JSONField)  # a scheme's tiers: checked as a structure
        and not getattr(field, "max_length", None)
    ]
    assert boxes == []


def test_an_overlong_notice_is_refused_naming_the_field(client, city_staff, district_1):
    client.force_login(city_staff)
    body = {
        "district": district_1.pk,
        "subject": "签约进度滞后",
        "problem": "签" * 5001,
        "requirement": "书面反馈整改措施。",
        "deadline": "2030-01-31",
        "level": "listed",
    }
    api = client.post("/api/v1/notices/", body, content_type="application/json")
    assert api.status_code == 400 and "5000" in api.json()["problem"][0]
    page = client.post("/supervision/new/", body)
    assert page.status_code == 200 and "5000" in page.content.decode()


def test_a_project_name_pasted_from_word_is_refused_on_the_page_and_in_the_api(
    client, city_staff, district_1
):
    client.force_login(city_staff)
    page = client.post("/projects/new/", project_form_data(district_1, name="老城\x0b片区"))
    assert page.status_code == 200 and MESSAGE in page.content.decode()
    api = client.post(
        "/api/v1/projects/",
        {"code": "X-1", "name": "老城\x0b片区", "district": district_1.id},
        content_type="application/json",
    )
    assert api.status_code == 400 and MESSAGE in api.json()["name"][0]
    assert not Project.objects.exists()


def test_a_pasted_null_character_gets_the_one_message_a_clerk_can_act_on(
    client, city_staff, district_1
):
    """Django's own check said 不允许是用空字符串 beside ours: "empty string", of typed text."""
    client.force_login(city_staff)
    page = client.post("/projects/new/", project_form_data(district_1, name="老城\x00片区"))
    html = page.content.decode()
    assert MESSAGE in html and "空字符" not in html
    api = client.post(
        "/api/v1/projects/",
        {"code": "X-1", "name": "老城\x00片区", "district": district_1.id},
        content_type="application/json",
    )
    assert api.status_code == 400 and len(api.json()["name"]) == 1
    assert MESSAGE in api.json()["name"][0]
    assert not Project.objects.exists()


def test_text_of_invisible_characters_alone_is_refused_on_the_page_and_in_the_api(
    client, city_staff, district_1
):
    """A zero-width space passed as a required reason (an agreement voided "for" it)."""
    client.force_login(city_staff)
    page = client.post("/projects/new/", project_form_data(district_1, name="\u200b\n\u200e\xad"))
    assert page.status_code == 200 and "只含不可见的字符" in page.content.decode()
    api = client.post(
        "/api/v1/projects/",
        {"code": "X-1", "name": "\u200b", "district": district_1.id},
        content_type="application/json",
    )
    assert api.status_code == 400 and "只含不可见的字符" in api.json()["name"][0]
    assert not Project.objects.exists()


def test_a_control_character_in_a_roster_cell_is_refused_by_row_and_column(project_1):
    rows = good_rows()
    rows[1][1] = "张\x0b三"
    content = "\n".join(",".join(str(c) for c in row) for row in rows).encode()
    errors = import_roster(
        project=project_1, content=content, filename="roster.csv", user=None, dry_run=False
    ).errors
    assert [(e["row"], e["column"]) for e in errors] == [(2, "被征收人")] and MESSAGE in errors[0][
        "message"
    ]


def test_a_bad_character_stored_earlier_stops_no_report_and_no_export(
    client, city_staff, official_1, project_1
):
    Project.objects.filter(pk=project_1.pk).update(
        name="老城\x0b片区", construction_status="under_construction"
    )
    household_create(
        project=project_1, code="H1", party_name="张三", id_number="11010519491231002X"
    )
    from households.models import Household

    Household.objects.update(party_name="张\x0b三")
    with time_machine.travel("2026-11-25 18:00 +0800", tick=False):
        report = report_services.report_generate(kind="daily_resumption", period="2026-11-25")
    assert report.status == "ready" and report.data["not_reported"][0]["name"] == "老城\x0b片区"
    client.force_login(city_staff)
    assert client.get("/projects/", {"export": "xlsx"}).status_code == 200
    assert client.get("/households/", {"export": "xlsx"}).status_code == 200
    full = client.post("/households/export-full-ids/", {"reason": "核对", "query": ""})
    assert full.status_code == 200 and full["Content-Type"].startswith("application/vnd.openxml")
    assert not DailyStatus.objects.exists()


@pytest.mark.parametrize("value", ["1900-01-01", "0001-01-01", "2999-01-01"])
def test_dates_outside_the_programme_are_refused_naming_the_field(
    client, city_staff, district_1, value
):
    client.force_login(city_staff)
    page = client.post("/projects/new/", project_form_data(district_1, approved_on=value))
    assert "日期应在 2000-01-01 至 2100-12-31 之间" in page.content.decode()
    api = client.post(
        "/api/v1/projects/",
        {"code": "X-2", "name": "测试", "district": district_1.id, "approved_on": value},
        content_type="application/json",
    )
    assert api.status_code == 400 and "approved_on" in api.json()
    assert not Project.objects.exists()


def test_a_month_like_0001_is_refused(client, official_1, project_1):
    client.force_login(official_1)
    response = client.post(
        f"/projects/{project_1.pk}/investment/", {"month": "0001-01", "amount": "5"}, follow=True
    )
    assert "日期应在 2000-01-01 至 2100-12-31 之间" in response.content.decode()
    assert date(2000, 1, 1) <= date.today()


ROWS_CHANGED = "提交的表格与本页的行不一致"


def sheet(prefix: str, rows: list[dict], management: dict) -> dict:
    """A formset's post: its rows, and the row count as `management` says (none if empty)."""
    data = {f"{prefix}-{key}": value for key, value in management.items()}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{field}": value for field, value in row.items()})
    return data


@pytest.mark.parametrize(
    "management",
    [
        {},  # no count at all
        {"TOTAL_FORMS": "1", "INITIAL_FORMS": "1"},  # cut short: one row of two
        {"TOTAL_FORMS": "5", "INITIAL_FORMS": "5"},  # padded
        {"TOTAL_FORMS": "abc", "INITIAL_FORMS": "-1"},
    ],
)
def test_a_sheet_sent_with_other_rows_than_its_page_is_refused_with_a_message(
    client, city_staff, plan, district_1, district_2, project_1, management
):
    """The district split, a campaign's targets and a project's funding list a form per row;
    whatever row count the browser sends, the page answers with a message and saves nothing."""
    from projects.choices import FundingSource
    from projects.models import Campaign, DistrictTarget, ProjectFunding

    client.force_login(city_staff)
    targets = sheet(
        "targets",
        [{"district": district.id, **values(5, 0)} for district in [district_1, district_2]],
        management,
    )
    campaign = {"name": "春雷行动", "starts_on": "2026-03-01", "ends_on": "2026-04-30"}
    campaign |= {"scope": "both"}
    campaign_targets = sheet(
        "targets",
        [{"district": district.id, "households": 5} for district in [district_1, district_2]],
        management,
    )
    funding = sheet(
        "form",
        [{"source": source, "planned": 1, "received": 0} for source in FundingSource.values],
        management,
    )
    for url, data in [
        (f"/projects/plans/{plan.pk}/targets/", {**targets, "version": plan.version}),
        ("/projects/campaigns/new/", {**campaign, **campaign_targets}),
        (f"/projects/{project_1.pk}/funding/", {**funding, "version": project_1.version}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert ROWS_CHANGED in response.content.decode(), url
        assert "隐藏字段" not in response.content.decode(), url
    assert not DistrictTarget.objects.exists()
    assert not Campaign.objects.exists()
    assert not ProjectFunding.objects.exists()


def test_a_split_sent_with_every_row_unchanged_is_saved_whatever_it_says_was_there(
    client, city_staff, plan, district_1, district_2
):
    """Rows the browser calls new (INITIAL_FORMS 0) and left as they were are still the
    page's rows: saved, not skipped as untouched extras (which had no district to save by)."""
    from projects.models import DistrictTarget

    client.force_login(city_staff)
    unchanged = values(0, 0, projects=0, investment=0)
    data = targets_post([(district_1, unchanged), (district_2, unchanged)], plan.version)
    data["targets-INITIAL_FORMS"] = "0"
    response = client.post(f"/projects/plans/{plan.pk}/targets/", data)
    assert response.status_code == 302
    assert DistrictTarget.objects.filter(plan=plan).count() == 2


@pytest.mark.parametrize("typed, said", [("1e3", "1e3"), ("2.5E+4", "2.5e4")])
def test_a_figure_in_scientific_notation_is_refused_by_its_field(
    client, city_staff, plan, district_1, district_2, typed, said
):
    """It was read as 1,000 without a word; 1000 typed in full is taken."""
    from projects.models import DistrictTarget

    client.force_login(city_staff)
    url = f"/projects/plans/{plan.pk}/targets/"
    rows = [(district_1, values(0, 0, projects=0, investment=typed)), (district_2, values(0, 0))]
    html = client.post(url, targets_post(rows, plan.version)).content.decode()
    assert f"请直接填写完整数字（如 100000），不要写成 {said}。" in html
    assert not DistrictTarget.objects.exists()
    rows[0] = (district_1, values(0, 0, projects=0, investment="1000"))
    assert client.post(url, targets_post(rows, plan.version)).status_code == 302
    assert DistrictTarget.objects.get(district=district_1).investment == 1000


def test_a_plan_sent_without_its_milestones_count_says_what_to_do(client, city_staff):
    client.force_login(city_staff)
    response = client.post("/projects/plans/new/", {"year": "2031", "target_households": "10"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "提交的表单不完整：未保存任何内容。请重新打开本页后再填写。" in html
    assert "ManagementForm" not in html
    assert "隐藏字段" not in html  # nor the hidden count's own errors


@pytest.mark.parametrize("url", ["/households/import/", "/compensation/appraisals/import/"])
def test_an_import_page_answers_an_unreadable_csv_with_its_row(client, official_1, project_1, url):
    """Every spreadsheet import reads through one reader: a cell past the csv module's limit
    answered these pages with a 500."""
    client.force_login(official_1)
    content = ("户编号,被征收人,身份证号\n001,张三," + "x" * 200_000 + "\n").encode()
    response = client.post(
        url, {"project": project_1.pk, "file": SimpleUploadedFile("roster.csv", content)}
    )
    assert response.status_code == 200
    assert "第 2 行无法读取" in response.content.decode()


@pytest.mark.parametrize(
    "body, said",
    [
        (b'{"code": "F001",', "请求内容不是有效的 JSON：请检查第 1 行第 17 列。"),
        (b"\xff\xfe{}", "无法读取请求内容：请检查其格式与编码。"),
        (b'{"legal_area": NaN}', "无法读取请求内容：请检查其格式与编码。"),
        (b"[" * 5000 + b"]" * 5000, "请求体嵌套层数过多，无法读取。"),  # was a 500
        # read as infinity, which an id field failed to make an integer of: a 500
        (b'{"project": 1e400, "code": "F001"}', "请求内容中的数字 1e400 过大，无法读取。"),
    ],
)
def test_an_api_body_that_is_not_json_is_told_in_chinese(client, official_1, body, said):
    """DRF says so in English, in Python's words ("JSON parse error - Expecting …")."""
    client.force_login(official_1)
    response = client.post("/api/v1/households/", body, content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"detail": said})


@pytest.mark.parametrize(
    "path", ["/api/v1/nosuch/", "/api/v1/households/abc/statement/", "/api/v1/agreements/1.5/"]
)
def test_an_api_address_that_names_nothing_answers_404_in_json(client, official_1, path):
    """The site's HTML 404 page answered an API caller, where a missing record is JSON."""
    client.force_login(official_1)
    response = client.get(path)
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"detail": "未找到。"}
    assert "<html" in client.get("/no-such-page/").content.decode()


def test_a_lone_surrogate_in_a_choice_is_refused_by_its_field(client, official_1, project_1):
    """The refusal repeats the value, which could not be written as UTF-8: the 400 became a
    500. It is written with the replacement character."""
    from households.models import Household

    household = Household.objects.create(
        project=project_1, district=project_1.district, code="001", party_name="张三"
    )
    client.force_login(official_1)
    response = client.post(
        f"/api/v1/households/{household.pk}/progress/",
        '{"stage": "\\udfff", "date": "2026-11-01"}',
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (400, {"stage": ["“\ufffd” 不是合法选项。"]})


@pytest.mark.parametrize("body", [b"null", b"4.5", b'"x"', b"[]", b"false"])
@pytest.mark.parametrize("path", ["/api/v1/households/", "/api/v1/auth/token/"])
def test_an_api_body_that_is_no_record_is_told_in_chinese(client, official_1, path, body):
    """A number, a string or a list was told "期待为字典类型，得到的是 Decimal" (Python's names)."""
    client.force_login(official_1)
    response = client.post(path, body, content_type="application/json")
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["请以 JSON 对象发送记录内容。"]},
    )


@pytest.mark.parametrize(
    "path",
    [
        "/projects/",
        "/projects/sites/",
        "/compensation/agreements/",
        "/supervision/",
        "/supervision/grievances/",
        "/notifications/",
    ],
)
@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999"])
def test_a_page_number_that_names_no_page_shows_the_nearest(client, city_staff, path, page):
    """A typed or stale ?page= answered 404 on these lists (the household list goes back
    to its first page); it shows the first or the last page."""
    client.force_login(city_staff)
    assert client.get(path, {"page": page}).status_code == 200


@pytest.mark.parametrize(
    "path, query",
    [
        ("/households/", {"export": "xlsx", "plan_year": "abc"}),
        ("/projects/", {"export": "xlsx", "plan_year": "abc"}),
        ("/supervision/grievances/", {"format": "xlsx", "status": "nonsense"}),
        ("ledger", {"export": "xlsx", "kind": "nonsense"}),
    ],
)
def test_an_export_with_a_mistyped_filter_is_not_made_and_says_so(
    client, official_1, project_1, path, query
):
    """It downloaded an empty file, which reads as "there are none"."""
    if path == "ledger":
        path = f"/compensation/projects/{project_1.pk}/ledger/"
    client.force_login(official_1)
    response = client.get(path, query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "未导出：筛选条件有误，请先更正。" in response.content.decode()


@pytest.mark.parametrize(
    "text, said",
    [("2026-02-30", "2026-02-30 不是日历上的日期。"), ("30/02/2026", "请按 YYYY-MM-DD 填写日期。")],
)
def test_a_report_day_that_is_no_day_is_told_which_mistake_it_is(text, said):
    """2026-02-30 was told to use the YYYY-MM-DD it was written in."""
    with pytest.raises(ValidationError) as refused:
        parse_period(text)
    assert refused.value.message_dict == {"period": [said]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/grievances/?overdue=maybe",
        "/api/v1/notices/?overdue=maybe",
        "/api/v1/households/?has_duplicate_id=perhaps",
        "/api/v1/daily-statuses/?is_late=2",
        "/api/v1/reports/?is_current=100%25",  # a per cent sign once made a 500
        "/api/v1/grievances/?in_hand=%25(x)s",
    ],
)
def test_a_yes_or_no_filter_given_another_word_is_refused_not_ignored(
    client, official_1, project_1, path
):
    """`?overdue=maybe` was read as no filter at all: every record came back."""
    client.force_login(official_1)
    response = client.get(path)
    assert response.status_code == 400, response.content
    assert "不是可选的取值：请用 true（是）或 false（否）" in response.content.decode()


def test_a_yes_or_no_filter_takes_its_words_on_the_page_and_in_the_api(client, official_1):
    client.force_login(official_1)
    for value in ("true", "false", "True", "1", "0", "", "是", "否"):
        assert client.get("/api/v1/grievances/", {"overdue": value}).status_code == 200
    page = client.get("/households/", {"has_duplicate_id": "perhaps"}).content.decode()
    assert "不是可选的取值" in page
    chosen = client.get("/supervision/grievances/", {"overdue": "是"}).content.decode()
    assert '<option value="true" selected>' in chosen  # kept when the form is sent again


@pytest.mark.parametrize("value", ["1e400", "2026.5", "99999999999999999999"])
def test_a_year_filter_that_is_no_year_gets_one_message(client, official_1, value):
    """1e400 was named two limits it broke (2100 and the number of digits)."""
    client.force_login(official_1)
    for path in ("/households/", "/projects/", "/compensation/agreements/"):
        form = client.get(path, {"plan_year": value}).context["filter"].form
        assert len(form.errors["plan_year"]) == 1, (path, form.errors)


def test_an_api_call_by_session_without_its_csrf_token_is_told_in_chinese(official_1):
    """DRF answered "CSRF Failed: CSRF token missing." in English."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(official_1)
    response = client.post("/api/v1/grievances/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("未通过 CSRF 校验")


@pytest.mark.parametrize(
    "path, query",
    [
        ("/supervision/grievances/", {"overdue": "maybe"}),
        ("/supervision/grievances/", {"status": "zzz"}),
        ("/reports/", {"is_current": "maybe"}),
        ("/supervision/", {"overdue": "maybe"}),
        ("/households/", {"added_after_freeze": "perhaps"}),
    ],
)
def test_a_list_says_which_filter_it_could_not_read(client, city_staff, path, query):
    """The register and the report list showed "none match" with every filter on 全部."""
    client.force_login(city_staff)
    html = client.get(path, query).content.decode()
    assert html.count('data-testid="filter-error"') == 1


@pytest.mark.parametrize("mark", ["\u202e", "\u2066"])
def test_a_direction_override_in_a_subject_is_refused(client, city_staff, district_1, mark):
    """A right-to-left override made a notice's subject show otherwise than it was stored."""
    client.force_login(city_staff)
    api = client.post(
        "/api/v1/projects/",
        {"code": "X-1", "name": f"老城{mark}区片", "district": district_1.id},
        content_type="application/json",
    )
    assert api.status_code == 400 and MESSAGE in api.json()["name"][0]
