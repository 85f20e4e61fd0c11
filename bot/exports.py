"""Reports as CSV files for Excel (`aixin export …`), written through store.csvsafe."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from store import csvsafe, reports
from store.db import Database

MEMBER_HEADER = [
    "成员编号",
    "Telegram用户ID",
    "姓名",
    "支部",
    "机关",
    "订单数",
    "金额（元）",
    "爱心积分",
    "一元配捐",
    "参加活动",
]
BRANCH_HEADER = [
    "支部编号",
    "支部",
    "机关",
    "党员数",
    "参与人数",
    "参与率",
    "订单数",
    "金额（元）",
    "爱心积分",
]


async def volunteer_record(
    db: Database, *, first: date, last: date, timezone: str, out: Path
) -> list[tuple[Path, int, str]]:
    """Write the volunteer record of local dates `first`..`last` (inclusive, in `timezone`) as a
    members and a branches CSV file in `out`; returns each file with its number of rows and what
    they are. Names are the members' and organisations' own, so they go through csvsafe; figures
    are written as numbers."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    async with db.read() as session:
        members, branches = await reports.volunteer_record(session, start=start, end=end)
    yuan = csvsafe.yuan
    tables = {
        "members": (
            MEMBER_HEADER,
            [
                [
                    m.member_id,
                    m.telegram_user_id or "",
                    m.display_name,
                    m.branch or "",
                    m.agency or "",
                    m.orders,
                    yuan(m.amount_fen),
                    m.points,
                    m.matches,
                    m.events,
                ]
                for m in members
            ],
        ),
        "branches": (
            BRANCH_HEADER,
            [
                [
                    b.branch_id,
                    b.branch,
                    b.agency,
                    b.members,
                    b.participants,
                    f"{b.participation_rate:.1%}",  # text, but never starts like a formula
                    b.orders,
                    yuan(b.amount_fen),
                    b.points,
                ]
                for b in branches
            ],
        ),
    }
    return _write(tables, out, f"{first}-{last}")


def _write(tables: dict, out: Path, dates: str) -> list[tuple[Path, int, str]]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in tables.items():
        path = out / f"volunteer-record-{name}-{dates}.csv"
        # The BOM tells Excel the file is UTF-8, or it shows the Chinese as mojibake.
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csvsafe.writer(file)
            writer.writerow(header)
            writer.writerows(rows)
        written.append((path, len(rows), name))
    return written
