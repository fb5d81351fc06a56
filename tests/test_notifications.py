"""The in-app notifications of core: one per recipient, own inbox only, links stay inside."""

import pytest
from django.core.exceptions import ValidationError

from core.models import Notification
from core.services import notifications_mark_read, notify


def test_each_recipient_gets_one_and_reads_only_their_own(official_1, official_2):
    notify(
        recipients=[official_1, official_1, official_2],
        text="请填报今日复工日报",
        link="/projects/daily/",
    )
    assert Notification.objects.for_user(official_1).count() == 1
    assert notifications_mark_read(user=official_1) == 1
    assert Notification.objects.for_user(official_1).unread().count() == 0
    assert Notification.objects.for_user(official_2).unread().count() == 1  # untouched


@pytest.mark.parametrize("link", ["https://example.com/", "//example.com/x", "javascript:alert(1)"])
def test_a_link_outside_the_system_is_refused(official_1, link):
    with pytest.raises(ValidationError):
        notify(recipients=[official_1], text="提醒", link=link)
    assert not Notification.objects.exists()


def test_nobody_reads_another_users_inbox_when_marking(official_1, official_2):
    [other] = notify(recipients=[official_2], text="提醒")
    assert notifications_mark_read(user=official_1, ids=[other.pk]) == 0
    other.refresh_from_db()
    assert other.read_at is None
