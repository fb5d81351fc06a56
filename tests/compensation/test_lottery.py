"""The selection order: a list frozen and published with its hash, a seed entered after, an
order anyone can recompute in a separate process from the list file and the seed alone; the
database refusing any change to a frozen list or a drawn order."""

import codecs
import hashlib
import io
import subprocess
import sys

import pypdf
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from compensation import lottery, services
from compensation.models import Agreement, Lottery
from core.errors import Conflict

pytestmark = pytest.mark.usefixtures("clock")


def test_the_published_algorithm_is_sha256_of_seed_and_code():
    codes = ["F001", "F002", "F003"]
    expected = sorted(codes, key=lambda c: hashlib.sha256(f"2026-1207|{c}".encode()).hexdigest())
    assert lottery.draw_order(codes, "2026-1207") == expected
    assert lottery.draw_order(list(reversed(codes)), "2026-1207") == expected  # list order moot
    content = lottery.list_file([("F001", "甲"), ("F002", "乙")])
    assert content.startswith(codecs.BOM_UTF8)  # Excel reads it as UTF-8, not garbled
    assert content.decode("utf-8-sig").splitlines() == [
        "序号,户编号,被征收人",
        "1,F001,甲",
        "2,F002,乙",
    ]
    assert lottery.read_list(content) == [("F001", "甲"), ("F002", "乙")]
    unmarked = content.removeprefix(codecs.BOM_UTF8)  # as lists were first published
    assert lottery.read_list(unmarked) == [("F001", "甲"), ("F002", "乙")]
    changed = lottery.list_file([("F001", "甲"), ("F002", "丙")])
    assert lottery.list_hash(changed) != lottery.list_hash(content)
    with pytest.raises(lottery.ListFileError):
        lottery.read_list(b"code,name\nF001,x\n")


def test_a_name_excel_would_run_as_a_formula_is_published_as_text():
    """A party name typed as =HYPERLINK(…) opens in Excel as text, not a live link; the list
    read back (verification, the hall) gives the name as typed."""
    typed = [("F001", '=HYPERLINK("http://evil.example/x","点此核对")'), ("F002", "-乙")]
    content = lottery.list_file(typed)
    assert content.decode("utf-8-sig").splitlines()[1:] == [
        '1,F001,"\'=HYPERLINK(""http://evil.example/x"",""点此核对"")"',
        "2,F002,'-乙",
    ]
    assert lottery.read_list(content) == typed


def test_a_list_is_frozen_then_drawn_from_a_seed_once(swaps, official_1, reviewer):
    frozen = services.lottery_freeze(project=swaps, method="lottery", user=official_1)
    assert (frozen.status, frozen.households, frozen.number) == ("frozen", 3, 1)
    assert [code for code, _name in lottery.read_list(bytes(frozen.list_content))] == [
        "F001",
        "F003",
        "F005",
    ]
    assert frozen.list_hash == hashlib.sha256(bytes(frozen.list_content)).hexdigest()
    with pytest.raises(Exception, match="种子"):
        services.lottery_draw(lottery=frozen, seed=" ", seed_source="现场", user=reviewer)
    drawn = services.lottery_draw(
        lottery=frozen, seed="07 19 23", seed_source="三方代表现场依次摸球", user=reviewer
    )
    assert drawn.order == lottery.draw_order(["F001", "F003", "F005"], "07 19 23")
    with pytest.raises(Conflict):
        services.lottery_draw(lottery=drawn, seed="01", seed_source="重摇", user=reviewer)


def test_the_signing_order_is_drawn_when_frozen(swaps, official_1):
    order = services.lottery_freeze(project=swaps, method="signing", user=official_1)
    numbers = dict(
        Agreement.objects.filter(project=swaps, mode="swap").values_list(
            "household__code", "number"
        )
    )
    assert order.status == "drawn" and order.order == sorted(numbers, key=numbers.get)
    assert order.order == ["F005", "F003", "F001"]  # the order they signed in


def test_the_database_refuses_to_change_a_frozen_list_or_a_drawn_order(swaps, official_1, reviewer):
    frozen = services.lottery_freeze(project=swaps, method="lottery", user=official_1)
    rows = Lottery.objects.filter(pk=frozen.pk)
    for change in ({"list_content": b"x"}, {"list_hash": "0" * 64}, {"households": 9}):
        with pytest.raises(DatabaseError, match="Cannot"), transaction.atomic():
            rows.update(**change)
    services.lottery_draw(lottery=frozen, seed="42", seed_source="现场", user=reviewer)
    for change in ({"seed": "43"}, {"order": ["F001"]}, {"status": "frozen"}):
        with pytest.raises(DatabaseError, match="Cannot"), transaction.atomic():
            rows.update(**change)
    with pytest.raises(DatabaseError, match="Cannot delete"), transaction.atomic():
        rows.delete()
    assert Lottery.objects.get(pk=frozen.pk).seed == "42"


def test_anyone_recomputes_the_order_in_another_process_from_list_and_seed(
    client, swaps, official_1, reviewer, tmp_path
):
    frozen = services.lottery_freeze(project=swaps, method="lottery", user=official_1)
    drawn = services.lottery_draw(
        lottery=frozen, seed="2026120 7", seed_source="福彩3D 第2026320期", user=reviewer
    )
    client.force_login(official_1)
    published = client.get(f"/compensation/lotteries/{drawn.pk}/list/").content
    assert hashlib.sha256(published).hexdigest() == drawn.list_hash
    path = tmp_path / "名单.csv"
    path.write_bytes(published)
    done = subprocess.run(
        [sys.executable, "manage.py", "verify_lottery", "--list", str(path), "--seed", "2026120 7"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == f"SHA-256 {drawn.list_hash}"
    assert [line.split("\t")[1] for line in lines[1:]] == drawn.order
    call_command(
        "verify_lottery", "--list", str(path), "--seed", "2026120 7", "--lottery", drawn.pk
    )
    with pytest.raises(CommandError, match="不一致"):
        call_command("verify_lottery", "--list", str(path), "--seed", "8", "--lottery", drawn.pk)
    path.write_bytes(published.replace(b"F003", b"F004"))
    with pytest.raises(CommandError, match="不是本次摇号公布的名单"):
        call_command(
            "verify_lottery", "--list", str(path), "--seed", "2026120 7", "--lottery", drawn.pk
        )


def test_the_lottery_pages_freeze_draw_and_print(client, swaps, official_1, reviewer):
    client.force_login(official_1)
    frozen = client.post(
        f"/compensation/projects/{swaps.pk}/lotteries/freeze/", {"method": "lottery"}, follow=True
    )
    record = Lottery.objects.get()
    assert record.list_hash in frozen.content.decode()
    # the page says who may enter the seed before anyone is refused for it
    said = frozen.content.decode().split('data-testid="seed-by-another">')[1].split("</p>")[0]
    assert said == f"种子须由冻结名单的{official_1.display_name}以外的人员录入。"
    client.force_login(reviewer)  # the seed is entered by another person
    client.post(
        f"/compensation/lotteries/{record.pk}/draw/",
        {"seed": "5 12 33", "seed_source": "项目指挥部会议室，三方代表摸球"},
    )
    page = client.get(f"/compensation/lotteries/{record.pk}/").content.decode()
    assert "顺序已生成" in page and "5 12 33" in page
    notice = client.get(f"/compensation/lotteries/{record.pk}/print/")
    assert notice["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(notice.content)).pages
    )
    record.refresh_from_db()
    assert "安置房选房顺序公告" in text and "5 12 33" in text
    assert text.index(record.order[0]) < text.index(record.order[1])  # the order as drawn


def test_the_api_freezes_draws_and_serves_the_list(client, swaps, official_1, reviewer):
    client.force_login(official_1)
    created = client.post(
        "/api/v1/lotteries/freeze/",
        {"project": swaps.pk, "method": "lottery"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    listed = client.get(f"/api/v1/lotteries/{body['id']}/list/")
    assert hashlib.sha256(listed.content).hexdigest() == body["list_hash"]
    own = client.post(
        f"/api/v1/lotteries/{body['id']}/draw/",
        {"seed": "9", "seed_source": "现场"},
        content_type="application/json",
    )
    assert own.status_code == 409  # not by who froze the list
    client.force_login(reviewer)
    drawn = client.post(
        f"/api/v1/lotteries/{body['id']}/draw/",
        {"seed": "9", "seed_source": "现场"},
        content_type="application/json",
    )
    assert drawn.status_code == 200 and len(drawn.json()["order"]) == 3
    again = client.post(
        f"/api/v1/lotteries/{body['id']}/draw/",
        {"seed": "10", "seed_source": "现场"},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_one_order_at_a_time_and_a_seed_read_as_anyone_retyping_it_would(
    swaps, official_1, reviewer
):
    frozen = services.lottery_freeze(project=swaps, method="lottery", user=official_1)
    with pytest.raises(Conflict, match="还未使用"):  # no second list while one waits
        services.lottery_freeze(project=swaps, method="signing", user=official_1)
    drawn = services.lottery_draw(
        lottery=frozen, seed="０７  15\u300022", seed_source="现场", user=reviewer
    )
    assert drawn.seed == "07 15 22"
    codes = [code for code, _name in lottery.read_list(bytes(drawn.list_content))]
    assert drawn.order == lottery.draw_order(codes, "07 15 22")
    with pytest.raises(Conflict, match="还未使用"):  # drawn, its hall not yet held
        services.lottery_freeze(project=swaps, method="lottery", user=official_1)


def test_a_signing_order_verifies_without_a_seed(client, swaps, official_1, tmp_path):
    order = services.lottery_freeze(project=swaps, method="signing", user=official_1)
    path = tmp_path / "名单.csv"
    path.write_bytes(bytes(order.list_content))
    call_command("verify_lottery", "--list", str(path), "--lottery", order.pk)
    path.write_bytes(b"not,a,list\n")
    with pytest.raises(CommandError, match="第一行"):
        call_command("verify_lottery", "--list", str(path))
    with pytest.raises(CommandError, match="无法读取"):
        call_command("verify_lottery", "--list", str(tmp_path / "无此文件.csv"))
