"""Love points and the one-yuan fund: append-only entries, balances are their sums."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .errors import InvalidInput
from .ledger_models import FundEntry, FundReason, PointsEntry
from .models import Order
from .roles import Role, authorize
from .sql import insert_ignoring_duplicates, lock_table

MATCH_FEN = 100  # 党员成功购买一笔，平台配捐一元


async def credit_points(
    session: AsyncSession,
    *,
    member_id: int,
    branch_id: int | None,
    agency_id: int | None,
    delta: int,
    reason: str,
    source: str,
    now: datetime,
) -> bool:
    """Add a points entry once per (reason, source); False if it was already there."""
    if delta == 0:
        return False
    result = await session.execute(
        insert_ignoring_duplicates(session, PointsEntry, "reason", "source"),
        {
            "member_id": member_id,
            "branch_id": branch_id,
            "agency_id": agency_id,
            "delta": delta,
            "reason": reason,
            "source": source,
            "created_at": now,
        },
    )
    return result.rowcount == 1


async def points_balance(session: AsyncSession, *, member_id: int) -> int:
    return await session.scalar(
        select(func.coalesce(func.sum(PointsEntry.delta), 0)).where(PointsEntry.member_id == member_id)
    )


async def points_of(session: AsyncSession, *, member_id: int, reason: str, source: str) -> int:
    """The points one effect credited (0 if none)."""
    return await session.scalar(
        select(func.coalesce(func.sum(PointsEntry.delta), 0)).where(
            PointsEntry.member_id == member_id, PointsEntry.reason == reason, PointsEntry.source == source
        )
    )


async def fund_entry(
    session: AsyncSession,
    *,
    amount_fen: int,
    reason: FundReason,
    source: str,
    now: datetime,
    order_id: int | None = None,
    member_id: int | None = None,
    recipient: str = "",
    purpose: str = "",
    disbursed_on: date | None = None,
) -> bool:
    """Add a fund entry once per (reason, source); False if it was already there."""
    result = await session.execute(
        insert_ignoring_duplicates(session, FundEntry, "reason", "source"),
        {
            "amount_fen": amount_fen,
            "reason": reason,
            "source": source,
            "order_id": order_id,
            "member_id": member_id,
            "recipient": recipient,
            "purpose": purpose,
            "disbursed_on": disbursed_on,
            "created_at": now,
        },
    )
    return result.rowcount == 1


async def disburse(
    session: AsyncSession,
    *,
    admin_id: int,
    amount_fen: int,
    recipient: str,
    purpose: str,
    disbursed_on: date,
    key: str,
    now: datetime,
) -> None:
    """Record money paid out of the fund (admins only); never more than the balance."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    if amount_fen <= 0:
        raise InvalidInput("amount")
    await lock_table(session, FundEntry)  # the balance must not change between the check and the entry
    if await session.scalar(
        select(FundEntry.id).where(FundEntry.reason == FundReason.disbursement, FundEntry.source == key)
    ):
        return
    if amount_fen > await disbursable(session):
        raise InvalidInput("more than the balance")
    await fund_entry(
        session,
        amount_fen=-amount_fen,
        reason=FundReason.disbursement,
        source=key,
        now=now,
        member_id=admin_id,
        recipient=recipient[:128],
        purpose=purpose[:256],
        disbursed_on=disbursed_on,
    )


@dataclass(frozen=True)
class FundSummary:
    balance_fen: int
    matched_fen: int
    reversed_fen: int
    disbursed_fen: int
    latest: list[FundEntry]


async def fund_summary(session: AsyncSession, *, latest: int = 5) -> FundSummary:
    totals = dict(
        (
            await session.execute(
                select(FundEntry.reason, func.sum(FundEntry.amount_fen)).group_by(FundEntry.reason)
            )
        ).all()
    )
    matched = totals.get(FundReason.match, 0) or 0
    reversed_ = -(totals.get(FundReason.reversal, 0) or 0)
    disbursed = -(totals.get(FundReason.disbursement, 0) or 0)
    recent = (
        list(
            await session.scalars(
                select(FundEntry)
                .where(FundEntry.reason == FundReason.disbursement)
                .order_by(FundEntry.id.desc())
                .limit(latest)
            )
        )
        if latest  # the balance alone (`disbursable`) needs no query for them
        else []
    )
    return FundSummary(matched - reversed_ - disbursed, matched, reversed_, disbursed, recent)


async def disbursable(session: AsyncSession) -> int:
    """What may be paid out: the balance less the matches of charity orders waiting for a refund,
    which will be reversed once it is recorded (so the fund cannot be spent below nothing)."""
    owed = await session.scalar(select(func.count()).where(Order.awaits_refund, Order.has_charity_item))
    return (await fund_summary(session, latest=0)).balance_fen - owed * MATCH_FEN
