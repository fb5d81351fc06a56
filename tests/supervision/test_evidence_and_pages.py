"""Evidence files checked by content and size, served only to who sees the notice, photos as
thumbnails; the pages of each role: the board (overdue first), the to-do list, the notice with
its steps; a fixed number of queries whatever the number of notices."""

import io
import re
import struct
import zlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from supervision import services
from supervision.models import NoticeEvidence, SupervisionNotice
from tests.supervision.conftest import at, draft, png

pytestmark = pytest.mark.usefixtures("clock")

PDF = b"%PDF-1.4\n% evidence\n"


def respond(client, user, notice, text="已整改。", files=()):
    client.force_login(user)
    return client.post(f"/supervision/{notice.pk}/respond/", {"text": text, "files": list(files)})


@pytest.fixture
def acknowledged(issued, answerer):
    return services.notice_acknowledge(notice=issued, user=answerer)


def test_a_photo_gets_a_thumbnail_served_only_within_scope(
    client, acknowledged, answerer, official_2, staff, leader
):
    respond(
        client,
        answerer,
        acknowledged,
        files=[png(size=(1600, 1200)), SimpleUploadedFile("台账.pdf", PDF)],
    )
    photo, scan = NoticeEvidence.objects.order_by("id")
    assert photo.content_type == "image/png" and scan.content_type == "application/pdf"
    base = f"/supervision/{acknowledged.pk}/evidence/"
    for user in (answerer, staff, leader):
        client.force_login(user)
        thumb = client.get(f"{base}{photo.pk}/thumbnail/")
        assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
        image = Image.open(io.BytesIO(b"".join(thumb.streaming_content)))
        assert max(image.size) <= 320
        download = client.get(f"{base}{scan.pk}/")
        assert b"".join(download.streaming_content) == PDF
        assert "attachment" in download["Content-Disposition"]
    client.force_login(official_2)
    for url in (f"{base}{photo.pk}/", f"{base}{photo.pk}/thumbnail/", f"{base}{scan.pk}/"):
        assert client.get(url).status_code == 404
    # The notice page shows the photo as a thumbnail.
    client.force_login(staff)
    page = client.get(f"/supervision/{acknowledged.pk}/").content.decode()
    assert f"{base}{photo.pk}/thumbnail/" in page


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image"), "不是 PDF、JPEG 或 PNG 文件"),
        (SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "不是可读取的图片"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_lost(
    client, acknowledged, answerer, upload, message
):
    response = respond(client, answerer, acknowledged, text="已整改，附照片。", files=[upload])
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "photo.png" in page
    assert "已整改，附照片。</textarea>" in page  # what was typed is still there
    acknowledged.refresh_from_db()
    assert acknowledged.status == "acknowledged" and not NoticeEvidence.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, acknowledged, answerer, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    response = respond(client, answerer, acknowledged, files=[big])
    assert "“big.pdf”超过 1 MB" in response.content.decode()
    assert not NoticeEvidence.objects.exists()


def test_the_pages_carry_a_notice_from_draft_to_closed(
    client, staff, bureau_leader, answerer, official_2, district_1, project_1
):
    client.force_login(staff)
    created = client.post(
        "/supervision/new/",
        {
            "district": district_1.pk,
            "projects": [project_1.pk],
            "level": "listed",
            "subject": "安置房开工滞后",
            "problem": "安居苑二期未按期开工。",
            "requirement": "本周内开工并反馈。",
            "deadline": "2026-11-27",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    notice_url = created.url
    client.force_login(answerer)
    assert client.get(notice_url).status_code == 404  # a draft stays in the bureau

    client.force_login(bureau_leader)
    todo = client.get("/supervision/todo/").content.decode()
    assert "待我签发" in todo and "安置房开工滞后" in todo
    client.post(notice_url + "sign-off/")
    client.force_login(staff)
    assert "已签发待下发" in client.get("/supervision/todo/").content.decode()
    client.post(notice_url + "issue/", {})
    page = client.get(notice_url).content.decode()
    assert "棚改督〔2026〕1号" in page and "已下发" in page

    client.force_login(answerer)
    assert "安置房开工滞后" in client.get("/supervision/todo/").content.decode()
    client.post(notice_url + "acknowledge/")
    respond_page = client.get(notice_url).content.decode()
    assert 'data-testid="respond-form"' in respond_page
    client.post(notice_url + "respond/", {"text": "已于11月20日开工。", "files": [png()]})

    client.force_login(staff)
    client.post(notice_url + "close/", {"note": "开工属实。"})
    page = client.get(notice_url).content.decode()
    assert "已销号" in page and "开工属实。" in page
    client.force_login(official_2)
    assert client.get(notice_url).status_code == 404


def test_the_board_puts_overdue_first_and_filters(
    client, staff, bureau_leader, answerer, district_1, district_2
):
    def issue(district, subject, deadline):
        with at("2026-11-02 10:00 +0800"):
            notice = draft(staff, district, subject=subject, deadline=deadline)
            services.notice_sign_off(notice=notice, user=bureau_leader)
            return services.notice_issue(notice=notice, user=staff)

    issue(district_1, "按期事项", date(2026, 11, 30))
    issue(district_1, "逾期事项", date(2026, 11, 10))
    issue(district_2, "江西区事项", date(2026, 11, 12))
    done = issue(district_1, "已销号事项", date(2026, 11, 5))
    services.notice_acknowledge(notice=done, user=answerer)
    services.notice_respond(notice=done, user=answerer, text="已整改。")
    services.notice_close(notice=done, user=staff)
    client.force_login(staff)
    page = client.get("/supervision/").content.decode()
    order = ["逾期事项", "江西区事项", "按期事项", "已销号事项"]
    assert [page.index(subject) for subject in order] == sorted(page.index(s) for s in order)
    overdue = client.get("/supervision/?overdue=true").content.decode()
    assert "逾期事项" in overdue and "按期事项" not in overdue
    mine = client.get(f"/supervision/?district={district_2.pk}")
    assert "江西区事项" in mine.text and "逾期事项" not in mine.text
    # The tabs count within the district chosen (they counted the city's four), and a tab
    # chosen keeps the others' numbers.
    assert mine.context["counts"]["issued"] == 1 and mine.context["counts"]["closed"] == 0
    closed = client.get(f"/supervision/?district={district_1.pk}&status=closed")
    assert (closed.context["counts"]["issued"], closed.context["counts"]["closed"]) == (2, 1)
    assert closed.context["counts"]["overdue"] == 1
    # and a tab keeps the district chosen
    assert f'href="?district={district_1.pk}&amp;overdue=true"' in closed.text
    client.force_login(answerer)
    theirs = client.get("/supervision/").content.decode()
    assert "逾期事项" in theirs and "江西区事项" not in theirs
    # a year that is no year is said to be one, by the field it was typed in (it listed none)
    for typed in ("abc", "2026.5"):
        bad = client.get(f"/supervision/?year={typed}").content.decode()
        assert 'data-testid="filter-error">文号年度：输入整数。' in bad


def _issued_notices(count, staff, bureau_leader, district, answerer):
    for n in range(count):
        notice = draft(staff, district, subject=f"事项{n}")
        services.notice_sign_off(notice=notice, user=bureau_leader)
        services.notice_issue(notice=notice, user=staff)
        services.notice_acknowledge(notice=notice, user=answerer)
        services.notice_respond(notice=notice, user=answerer, text="已整改。", files=[png()])


@pytest.mark.parametrize("url", ["/supervision/", "/api/v1/notices/", "/supervision/todo/"])
def test_lists_run_a_fixed_number_of_queries(
    client, url, staff, bureau_leader, answerer, district_1
):
    counts = []
    for batch in (1, 4):
        _issued_notices(batch, staff, bureau_leader, district_1, answerer)
        client.force_login(staff)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_draft_is_edited_on_the_version_it_was_opened_on(client, staff, district_1):
    notice = draft(staff, district_1)
    client.force_login(staff)
    fields = {
        "district": district_1.pk,
        "level": "key",
        "subject": "改后的督办事项",
        "problem": "问题",
        "requirement": "要求",
        "deadline": "2026-11-30",
        "version": 1,
    }
    assert client.post(f"/supervision/{notice.pk}/edit/", fields).status_code == 302
    stale = client.post(f"/supervision/{notice.pk}/edit/", {**fields, "subject": "再改"})
    assert stale.status_code == 200 and "已有他人保存了修改" in stale.content.decode()
    notice.refresh_from_db()
    assert notice.subject == "改后的督办事项" and notice.version == 2


def test_a_project_of_another_district_is_refused_with_the_forms_other_errors(
    client, clock, staff, district_1, project_2
):
    """Nothing dropped unseen: the stray project is named beside the missing deadline, and
    stays chosen in the form that comes back."""
    client.force_login(staff)
    page = client.post(
        "/supervision/new/",
        {
            "district": district_1.pk,
            "projects": [project_2.pk],
            "level": "general",
            "subject": "督办事项",
            "problem": "问题",
            "requirement": "要求",
            "deadline": "",
        },
    ).content.decode()
    assert f"不在江东区：{project_2.name}" in page and "办理期限：该字段是必填项" in page
    assert re.search(rf'<option value="{project_2.pk}"[^>]*selected', page)
    assert not SupervisionNotice.objects.exists()


def _broken_png() -> SimpleUploadedFile:
    """A real PNG whose first chunk's checksum is wrong (Pillow raises SyntaxError)."""
    content = bytearray(png().read())
    content[29] ^= 0xFF  # the IHDR chunk's CRC
    return SimpleUploadedFile("photo.png", bytes(content))


def _huge_png() -> SimpleUploadedFile:
    """Small on disk, 81 million pixels once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue())


def _bomb_png() -> SimpleUploadedFile:
    """A PNG header claiming ten billion pixels: Pillow refuses to open it at all."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    content = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    return SimpleUploadedFile("photo.png", content)


@pytest.mark.parametrize(
    "make, message",
    [
        (_broken_png, "不是可读取的图片"),
        (_huge_png, "超过 60 百万像素"),
        (_bomb_png, "超过 60 百万像素"),
    ],
)
def test_a_broken_or_huge_image_is_refused_with_its_reason(
    client, acknowledged, answerer, make, message
):
    response = respond(client, answerer, acknowledged, files=[make()])
    assert response.status_code == 400 and message in response.content.decode()
    assert not NoticeEvidence.objects.exists()


def test_each_home_page_counts_the_notices_waiting_for_its_role(
    client, issued, staff, bureau_leader, answerer, official_2, district_1
):
    draft(staff, district_1, subject="待签发事项")
    with at("2026-11-30 10:00 +0800"):  # issued's deadline (27 November) has passed
        for user, title, count, overdue in [
            (bureau_leader, "待我签发", 1, 0),
            (answerer, "待办理的督办函", 1, 1),
            (official_2, "待办理的督办函", 0, 0),
            (staff, "待销号或退回的反馈", 0, 0),
        ]:
            client.force_login(user)
            page = client.get("/").content.decode()
            card = page[page.index('data-testid="notice-todo"') :]
            card = card[: card.index("</div></div>")]
            row = card[card.index(title) :]
            assert f'data-testid="notice-todo-count">{count}<' in row.split("</a>")[0], user
            assert (f"逾期 {overdue}" in row.split("</a>")[0]) == bool(overdue)


def test_an_overdue_notice_says_by_how_many_days_and_how_many_of_them_working(
    client, issued, answerer
):
    """Past a Friday deadline on the Sunday the page said "overdue by 0 working days"."""
    assert issued.deadline == date(2026, 11, 27)  # a Friday
    with at("2026-11-29 10:00 +0800"):
        client.force_login(answerer)
        page = client.get(f"/supervision/{issued.pk}/").content.decode()
    assert "已逾期 2 天（其中工作日 0 天）。" in page
    with at("2026-12-01 10:00 +0800"):
        client.force_login(answerer)
        page = client.get(f"/supervision/{issued.pk}/").content.decode()
    assert "已逾期 4 天（其中工作日 2 天）。" in page


def test_the_evidence_input_offers_the_kinds_it_accepts():
    """The chooser offered any file; a .docx chosen was refused only after the upload."""
    from supervision.forms import RespondForm

    box = str(RespondForm()["files"])
    assert 'accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"' in box
    assert "multiple" in box


def test_a_draft_is_told_of_a_past_deadline_with_its_empty_fields(clock, client, staff, district_1):
    """The past deadline came only in a second round, once the empty fields were filled."""
    client.force_login(staff)
    page = client.post(
        "/supervision/new/",
        {"district": district_1.pk, "level": "general", "deadline": "2026-11-01"},
    ).content.decode()
    assert "办理期限：办理期限不能早于今天。" in page and "督办事项：该字段是必填项。" in page
