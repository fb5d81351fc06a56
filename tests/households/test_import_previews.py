"""A checked roster waits for confirmation encrypted, for its importer only, and not forever."""

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from households.models import Household, ImportPreview
from households.tasks import purge_import_previews
from tests.households.test_roster_import import good_rows, xlsx


def upload(client, project):
    return client.post(
        "/households/import/",
        {"project": project.id, "file": SimpleUploadedFile("roster.xlsx", xlsx(good_rows()))},
    )


def test_the_waiting_file_is_encrypted(client, official_1, project_1):
    client.force_login(official_1)
    upload(client, project_1)
    preview = ImportPreview.objects.get()
    stored = preview.file.open("rb").read()
    assert b"PK" not in stored[:4]  # not the workbook itself
    assert good_rows()[1][2].encode() not in stored


def test_another_user_cannot_confirm_a_preview(client, official_1, city_staff, project_1):
    client.force_login(official_1)
    token = upload(client, project_1).context["token"]
    client.force_login(city_staff)
    refused = client.post("/households/import/", {"confirm": token}, follow=True)
    assert "已过期" in refused.content.decode()
    assert not Household.objects.exists() and ImportPreview.objects.count() == 1


def test_an_expired_preview_is_refused_and_purged(client, official_1, project_1):
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        client.force_login(official_1)
        token = upload(client, project_1).context["token"]
    path = ImportPreview.objects.get().file.name
    with time_machine.travel("2026-11-25 11:01 +0800", tick=False):
        client.force_login(official_1)
        refused = client.post("/households/import/", {"confirm": token}, follow=True)
        assert "已过期" in refused.content.decode() and not Household.objects.exists()
        client.force_login(official_1)
        upload(client, project_1)  # a fresh one, which the purge leaves alone
        assert purge_import_previews() == 0
    with time_machine.travel("2026-11-25 13:02 +0800", tick=False):
        assert purge_import_previews() == 1
    assert not ImportPreview.objects.exists()
    assert not ImportPreview._meta.get_field("file").storage.exists(path)


def test_a_double_confirmation_imports_once(client, official_1, project_1):
    client.force_login(official_1)
    token = upload(client, project_1).context["token"]
    first = client.post("/households/import/", {"confirm": token})
    second = client.post("/households/import/", {"confirm": token}, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert Household.objects.count() == 2
