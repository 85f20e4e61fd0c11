"""The volunteer record: footprints, rankings and the export, figured by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from store import orders, reports, settlement
from store.models import Agency, Branch, Member
from tests.shop import NOW, open_shop

LATER = NOW + timedelta(days=1)
PRODUCT_FEN, CHARITY_FEN = 12_800, 6_850  # 128 and 68 points


async def _buy(db, member_id, product_id, key, *, now=NOW, pay=True):
    async with db.begin() as session:
        order = await orders.place(
            session, member_id=member_id, product_id=product_id, quantity=1, key=key, now=now
        )
        if pay:
            order = await settlement.pay(
                session, order_id=order.id, amount=order.total_fen, currency="CNY", now=now
            )
        return order


async def _refund(db, shop, member_id, order, *, now=NOW):
    async with db.begin() as session:
        await orders.cancel(session, order_id=order.id, member_id=member_id, now=now)
        await orders.refund(session, order_id=order.id, admin_id=shop.admin, now=now)


async def _footprint(db, member_id) -> reports.Footprint:
    async with db.read() as session:
        return await reports.footprint(session, member_id=member_id)


async def _second_agency(db, *, members: int) -> tuple[int, int, list[int]]:
    """市教委 with a branch of `members` members and an empty branch; returns their ids."""
    async with db.begin() as session:
        agency = Agency(name="市教委", name_en="Education")
        session.add(agency)
        await session.flush()
        # Names of the same rate and amount are ordered by name; a shared prefix sorts the same
        # under any collation.
        full = Branch(agency_id=agency.id, name="机关第一支部")
        empty = Branch(agency_id=agency.id, name="第一支部二组")
        session.add_all([full, empty])
        await session.flush()
        people = [
            Member(
                telegram_user_id=200 + i,
                display_name=f"teacher {i}",
                branch_id=full.id,
                contact_name="收货人",
                contact_phone="13900139000",
                contact_address="重庆市江北区",
            )
            for i in range(members)
        ]
        session.add_all(people)
        await session.flush()
        return full.id, empty.id, [m.id for m in people]


async def test_footprint_counts_paid_orders_and_forgets_the_refunded_one(db):
    shop = await open_shop(db)
    alice, bob, _carol = shop.members
    await _buy(db, alice, shop.product_id, "a1")
    await _buy(db, alice, shop.charity_product_id, "a2")
    await _refund(db, shop, alice, await _buy(db, alice, shop.charity_product_id, "a3"))
    await _buy(db, alice, shop.product_id, "a4", pay=False)  # waiting for payment: not yet counted
    await _buy(db, bob, shop.product_id, "b1")

    mine = await _footprint(db, alice)
    assert mine == reports.Footprint(
        orders=2,
        spent_fen=PRODUCT_FEN + CHARITY_FEN,
        points=196,
        matches=1,
        rank_in_branch=1,
        branch_members=3,
    )


async def test_a_cancelled_paid_order_counts_until_its_refund_is_recorded(db):
    shop = await open_shop(db)
    alice = shop.members[0]
    order = await _buy(db, alice, shop.charity_product_id, "a1")
    async with db.begin() as session:
        await orders.cancel(session, order_id=order.id, member_id=alice, now=NOW)
    assert (await _footprint(db, alice)).orders == 1
    async with db.begin() as session:
        await orders.refund(session, order_id=order.id, admin_id=shop.admin, now=NOW)
    assert await _footprint(db, alice) == reports.Footprint(0, 0, 0, 0, 1, 3)


async def test_rank_in_branch_ties_share_the_better_rank(db):
    shop = await open_shop(db, members=4)
    alice, bob, carol, dave = shop.members
    await _buy(db, alice, shop.charity_product_id, "a1")
    await _buy(db, bob, shop.product_id, "b1")
    await _buy(db, carol, shop.product_id, "c1")
    # bob and carol 128, alice 68, dave 0
    ranks = [(await _footprint(db, m)).rank_in_branch for m in (alice, bob, carol, dave)]
    assert ranks == [3, 1, 1, 4]
    assert (await _footprint(db, dave)).branch_members == 4
    no_branch = await _footprint(db, shop.admin)
    assert (no_branch.rank_in_branch, no_branch.branch_members) == (None, 0)


async def _two_agencies(db):
    """市财政局/第一支部 (3 members) and 市教委/机关第一支部 (4) + 第一支部二组 (0), with orders at NOW and LATER."""
    shop = await open_shop(db)
    alice, bob, carol = shop.members
    full, empty, teachers = await _second_agency(db, members=4)
    await _buy(db, alice, shop.product_id, "a1")
    await _buy(db, bob, shop.charity_product_id, "b1")
    await _buy(db, teachers[0], shop.product_id, "t0")
    await _buy(db, teachers[1], shop.charity_product_id, "t1", now=LATER)
    await _buy(db, teachers[2], shop.product_id, "t2", now=LATER, pay=False)
    await _refund(db, shop, carol, await _buy(db, carol, shop.charity_product_id, "c1", now=LATER), now=LATER)
    return shop, full, empty, teachers


async def test_ranking_by_participation_rate_all_time_and_since_a_later_instant(db):
    shop, full, empty, _ = await _two_agencies(db)

    async def rank(level, since=None, limit=10):
        async with db.read() as session:
            rows = await reports.ranking(session, level=level, since=since, limit=limit)
        return [(r.id, r.members, r.participants, r.amount_fen, r.points) for r in rows], rows

    # All time: 第一支部 2 of 3 (alice, bob; carol refunded), 机关第一支部 2 of 4, the empty branch 0.
    figures, rows = await rank("branch")
    assert figures == [
        (shop.branch_id, 3, 2, PRODUCT_FEN + CHARITY_FEN, 128 + 68 + 68 - 68),
        (full, 4, 2, PRODUCT_FEN + CHARITY_FEN, 128 + 68),
        (empty, 0, 0, 0, 0),
    ]
    assert [r.participation_rate for r in rows] == [2 / 3, 0.5, 0]
    assert [(r.name, r.agency) for r in rows][1] == ("机关第一支部", "市教委")
    # Since LATER only teacher 1 took part; carol's order and its refund cancel out.
    figures, _ = await rank("branch", since=LATER)
    assert figures == [(full, 4, 1, CHARITY_FEN, 68), (shop.branch_id, 3, 0, 0, 0), (empty, 0, 0, 0, 0)]
    assert [r[0] for r in (await rank("branch", limit=1))[0]] == [shop.branch_id]

    figures, rows = await rank("agency")
    assert figures == [
        (shop.agency_id, 3, 2, PRODUCT_FEN + CHARITY_FEN, 196),
        (rows[1].id, 4, 2, PRODUCT_FEN + CHARITY_FEN, 196),
    ]
    assert [(r.name, r.agency) for r in rows] == [("市财政局", None), ("市教委", None)]
    figures, _ = await rank("agency", since=LATER)
    assert [f[0] for f in figures] == [rows[1].id, shop.agency_id]


async def test_volunteer_record_of_a_range_leaves_out_earlier_orders(db):
    shop, full, empty, teachers = await _two_agencies(db)
    async with db.read() as session:
        members, branches = await reports.volunteer_record(
            session, start=NOW + timedelta(hours=1), end=LATER + timedelta(hours=1)
        )
    carol = shop.members[2]
    assert members == [
        # carol's order was paid and refunded inside the range: she took part, and it nets to nothing
        reports.MemberRecord(carol, 102, "member 2", "第一支部", "市财政局", 0, 0, 0, 0),
        reports.MemberRecord(teachers[1], 201, "teacher 1", "机关第一支部", "市教委", 1, CHARITY_FEN, 68, 1),
    ]
    assert branches == [
        reports.BranchRecord(shop.branch_id, "第一支部", "市财政局", 3, 0, 0, 0, 0),
        reports.BranchRecord(full, "机关第一支部", "市教委", 4, 1, 1, CHARITY_FEN, 68),
        reports.BranchRecord(empty, "第一支部二组", "市教委", 0, 0, 0, 0, 0),
    ]
    async with db.read() as session:
        everyone, _ = await reports.volunteer_record(session, start=NOW, end=LATER + timedelta(seconds=1))
    assert len(everyone) == 5  # alice, bob, carol, teachers 0 and 1; teacher 2 never paid


def test_month_start_is_the_local_first_of_the_month_in_utc():
    # 2026-12-01 01:00 in Shanghai is still 30 November in UTC
    assert reports.month_start(datetime(2026, 11, 30, 17, 0, tzinfo=UTC)) == datetime(
        2026, 11, 30, 16, 0, tzinfo=UTC
    )
    assert reports.month_start(NOW) == datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    assert reports.month_start(NOW, tz="UTC") == datetime(2026, 11, 1, tzinfo=UTC)


def _aixin(*args: str, cwd, env: dict) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("dates", [("2026-11-31", "2026-12-01"), ("2026-11-29", "2026-11-28")])
def test_export_refuses_bad_dates_in_one_line(tmp_path, dates):
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}"}
    result = _aixin("export", "volunteer-record", "--from", dates[0], "--to", dates[1], cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("aixin: ") and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob("*.csv")) == []


async def test_export_writes_the_volunteer_record_of_local_dates_for_excel(tmp_path):
    from bot.store_setup import open_store

    url = f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}"
    db = await open_store(url)
    shop = await open_shop(db)
    alice, bob, _ = shop.members
    # 28 Nov 23:00 in Shanghai: the day before the range
    await _buy(db, alice, shop.product_id, "a1", now=datetime(2026, 11, 28, 15, 0, tzinfo=UTC))
    # 29 Nov 04:00 in Shanghai, though still 28 Nov in UTC: inside
    await _buy(db, bob, shop.product_id, "b1", now=datetime(2026, 11, 28, 20, 0, tzinfo=UTC))
    await _buy(db, alice, shop.charity_product_id, "a2")
    await db.dispose()

    out = tmp_path / "out"
    result = _aixin(
        "export", "volunteer-record", "--from", "2026-11-29", "--to", "2026-11-29", "--out", str(out),
        cwd=tmp_path, env={"DATABASE_URL": url},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    members_csv = out / "volunteer-record-members-2026-11-29-2026-11-29.csv"
    branches_csv = out / "volunteer-record-branches-2026-11-29-2026-11-29.csv"
    assert result.stdout.splitlines() == [f"{members_csv}: 2 members", f"{branches_csv}: 1 branches"]
    assert members_csv.read_bytes().startswith("\ufeff".encode())
    with members_csv.open(encoding="utf-8-sig", newline="") as file:
        members = list(csv.reader(file))
    assert members[0] == [
        "成员编号", "Telegram用户ID", "姓名", "支部", "机关", "订单数", "金额（元）", "爱心积分", "一元配捐", "参加活动"
    ]  # fmt: skip
    assert members[1:] == [
        [str(alice), "100", "member 0", "第一支部", "市财政局", "1", "68.50", "68", "1", "0"],
        [str(bob), "101", "member 1", "第一支部", "市财政局", "1", "128.00", "128", "0", "0"],
    ]
    with branches_csv.open(encoding="utf-8-sig", newline="") as file:
        branches = list(csv.reader(file))
    assert branches == [
        ["支部编号", "支部", "机关", "党员数", "参与人数", "参与率", "订单数", "金额（元）", "爱心积分"],
        [str(shop.branch_id), "第一支部", "市财政局", "3", "2", "66.7%", "2", "196.50", "196"],
    ]
