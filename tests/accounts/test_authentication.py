"""Log-in, lock-out, password rules, idle sessions and expiring API tokens (DESIGN.md §7)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

START = timezone.datetime(2026, 11, 23, 9, 0, tzinfo=timezone.get_fixed_timezone(480))


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_lands_on_the_role_home_page_and_logout_ends_the_session(client, official_1):
    response = login(client, "district_1", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    page = client.get(reverse("home"))
    assert "我的工作台" in page.content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_shows_a_chinese_message(client, official_1):
    response = login(client, "district_1", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


@pytest.mark.parametrize("length", [151, 300])
def test_a_user_name_longer_than_any_is_refused_by_its_field(client, official_1, length):
    """Past 255 characters the lock-out log could not store it: an error page."""
    page = login(client, "张" * length, "wrong-password")
    assert page.status_code == 200 and f"最多 150 个字（现为 {length} 个）" in page.text
    token = client.post(
        "/api/v1/auth/token/",
        {"username": "张" * length, "password": "nope"},
        content_type="application/json",
    )
    assert token.status_code == 400 and list(token.json()) == ["username"]


def test_five_failures_lock_the_account_for_thirty_minutes(client, official_1):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            login(client, "district_1", "wrong-password")
        locked = login(client, "district_1", PASSWORD)
        assert locked.status_code == 429
        assert "账号已锁定" in locked.content.decode()
        traveller.shift(timedelta(minutes=29))
        assert login(client, "district_1", PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=2))
        assert login(client, "district_1", PASSWORD).status_code == 302


def test_four_failures_do_not_lock(client, official_1):
    for _ in range(4):
        login(client, "district_1", "wrong-password")
    assert login(client, "district_1", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "weak, fragment",
    [
        ("Ab1!xy", "密码长度太短"),
        ("abcdefghij", "至少包含 3 类字符"),
        ("abcdefgh12", "至少包含 3 类字符"),
    ],
)
def test_password_rules_reject_weak_passwords_in_chinese(db, weak, fragment):
    with pytest.raises(ValidationError) as excinfo:
        validate_password(weak)
    assert any(fragment in message for message in excinfo.value.messages)


def test_password_with_three_classes_is_accepted(db):
    validate_password("Harbour9river")


def test_password_change_page_refuses_a_weak_password(client, official_1):
    client.force_login(official_1)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "abcdefghij", "new_password2": "abcdefghij"},
    )
    assert response.status_code == 200
    assert "至少包含 3 类字符" in response.content.decode()
    official_1.refresh_from_db()
    assert official_1.check_password(PASSWORD)


def test_session_ends_after_thirty_idle_minutes(client, official_1):
    with time_machine.travel(START, tick=False) as traveller:
        assert login(client, "district_1", PASSWORD).status_code == 302
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200  # activity pushes the expiry on
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_session_costs_no_query_and_is_saved_at_most_once_a_minute(client, official_1):
    """Pages read the session from the cache; a save (pushing the idle timeout on) comes with
    the first request a minute after the last, so the timeout stays exact to a minute."""

    def session_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return [q["sql"].split()[0] for q in ctx.captured_queries if "django_session" in q["sql"]]

    with time_machine.travel(START, tick=False) as traveller:
        assert login(client, "district_1", PASSWORD).status_code == 302
        assert session_queries() == []
        traveller.shift(timedelta(seconds=59))
        assert session_queries() == []
        traveller.shift(timedelta(seconds=2))
        assert session_queries() == ["UPDATE"]
        traveller.shift(timedelta(minutes=30, seconds=-1))  # 30 idle minutes since that save
        assert session_queries() == ["UPDATE"]
        traveller.shift(timedelta(minutes=30, seconds=1))
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_api_token_is_issued_and_expires_after_twelve_hours(client, official_1, project_1):
    with time_machine.travel(START, tick=False) as traveller:
        response = client.post(
            "/api/v1/auth/token/",
            {"username": "district_1", "password": PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"token", "expiry"}
        headers = {"HTTP_AUTHORIZATION": f"Token {body['token']}"}
        assert client.get("/api/v1/projects/", **headers).status_code == 200
        traveller.shift(timedelta(hours=11, minutes=59))
        assert client.get("/api/v1/projects/", **headers).status_code == 200
        traveller.shift(timedelta(minutes=2))
        assert client.get("/api/v1/projects/", **headers).status_code == 401


def test_api_token_refused_for_a_wrong_password(client, official_1):
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "district_1", "password": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_api_token_endpoint_counts_towards_lock_out(client, official_1):
    for _ in range(5):
        client.post(
            "/api/v1/auth/token/",
            {"username": "district_1", "password": "nope"},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "district_1", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert "账号已锁定" in response.json()["detail"]


def test_a_password_change_ends_every_api_token(client, official_1):
    token = client.post(
        "/api/v1/auth/token/",
        {"username": "district_1", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    api = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get("/api/v1/projects/", **api).status_code == 200
    client.force_login(official_1)
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Neu@2026pwX", "new_password2": "Neu@2026pwX"},
    )
    client.logout()
    assert client.get("/api/v1/projects/", **api).status_code == 401


def test_behind_nginx_failures_lock_the_address_that_made_them_not_everyone(
    client, official_1, settings
):
    """nginx puts the address it saw in X-Real-IP; a forged X-Forwarded-For changes nothing."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = settings.PROXY_CLIENT_HEADERS
    nginx = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {
        **nginx,
        "HTTP_X_REAL_IP": "198.51.100.66",
        "HTTP_X_FORWARDED_FOR": "203.0.113.5, 198.51.100.66",
    }
    owner = {**nginx, "HTTP_X_REAL_IP": "203.0.113.5"}
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            client.post(
                reverse("login"), {"username": "district_1", "password": "wrong"}, **attacker
            )
        from axes.models import AccessAttempt

        assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.66"]
        locked = client.post(
            reverse("login"), {"username": "district_1", "password": PASSWORD}, **attacker
        )
        assert locked.status_code == 429
        allowed = client.post(
            reverse("login"), {"username": "district_1", "password": PASSWORD}, **owner
        )
        assert allowed.status_code == 302 and allowed.url == reverse("home")


@pytest.mark.parametrize(
    "weak", ["Password123!", "Admin@123", "Passw0rd!", "Qwerty123!", "Aa123456!", "Welcome1!"]
)
def test_a_common_word_dressed_up_with_digits_and_symbols_is_refused(weak):
    with pytest.raises(ValidationError) as refused:
        validate_password(weak)
    assert any("常见单词" in message for message in refused.value.messages)


def test_an_uncommon_password_of_three_classes_is_accepted():
    validate_password("Xin3Lou!Qiao")
