"""The volunteer record (志愿帮扶记录): what members, branches and agencies did. Read-only.

A paid order is one with a payment and no refund: an order cancelled after payment still counts
until an admin records the refund, since until then the money went to the poor county. Points and
matches are sums of ledger entries, so a refund recorded inside a period shows there as a reversal.
Orders and points are attributed to the branch and agency copied onto them when they happened;
head counts use the members' current branches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Select, case, cast, distinct, func, null, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from .content_models import Event, EventStatus, Signup, SignupStatus
from .errors import InvalidInput, NotFound
from .ledger_models import FundEntry, FundReason, PointsEntry
from .models import Agency, Branch, Member, Order, OrderStatus, utc

Level = Literal["branch", "agency"]


class _Participation:
    members: int
    participants: int

    @property
    def participation_rate(self) -> float:
        """Participants over members, 0 for an organisation without members."""
        return self.participants / self.members if self.members else 0.0


@dataclass(frozen=True)
class Footprint:
    orders: int
    spent_fen: int
    points: int
    matches: int
    rank_in_branch: int | None
    branch_members: int
    events: int = 0  # volunteer events attended (checked in), as the volunteer record counts them


@dataclass(frozen=True)
class RankRow(_Participation):
    id: int
    name: str
    name_en: str
    agency: str | None  # the agency of a branch row; None on agency rows
    members: int
    participants: int
    orders: int
    amount_fen: int
    points: int


@dataclass(frozen=True)
class MemberRecord:
    member_id: int
    telegram_user_id: int | None
    display_name: str
    branch: str | None
    agency: str | None
    orders: int
    amount_fen: int
    points: int
    matches: int
    events: int = 0  # volunteer events attended (checked in)


@dataclass(frozen=True)
class BranchRecord(_Participation):
    branch_id: int
    branch: str
    agency: str
    members: int
    participants: int
    orders: int
    amount_fen: int
    points: int


def month_start(now: datetime, tz: str = "Asia/Shanghai") -> datetime:
    """The UTC instant at which the local month containing `now` began."""
    local = utc(now).astimezone(ZoneInfo(tz))
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


async def footprint(session: AsyncSession, *, member_id: int) -> Footprint:
    """One member's own record: paid orders, spending, points, matches, events attended and rank
    in their branch."""
    found = (await session.execute(select(Member.branch_id).where(Member.id == member_id))).first()
    if found is None:
        raise NotFound("member", member_id)
    branch_id = found[0]
    orders, spent = (
        await session.execute(
            select(func.count(Order.id), func.coalesce(func.sum(Order.total_fen), 0)).where(
                Order.member_id == member_id, *_paid()
            )
        )
    ).one()
    points = await session.scalar(
        select(func.coalesce(func.sum(PointsEntry.delta), 0)).where(PointsEntry.member_id == member_id)
    )
    matches = await session.scalar(
        select(func.coalesce(func.sum(_match_count()), 0)).where(FundEntry.member_id == member_id)
    )
    attended = _attended(None, None)
    events = await session.scalar(select(attended.c.events).where(attended.c.member_id == member_id))
    rank, branch_members = None, 0
    if branch_id is not None:
        per_member = (
            select(func.coalesce(func.sum(PointsEntry.delta), 0).label("points"))
            .select_from(Member)
            .outerjoin(PointsEntry, PointsEntry.member_id == Member.id)
            .where(Member.branch_id == branch_id)
            .group_by(Member.id)
            .subquery()
        )
        # Ties share the better rank: one plus those strictly ahead.
        branch_members, ahead = (
            await session.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(case((per_member.c.points > points, 1), else_=0)), 0),
                )
            )
        ).one()
        rank = int(ahead) + 1
    return Footprint(
        int(orders), int(spent), int(points), int(matches), rank, int(branch_members), int(events or 0)
    )


async def ranking(
    session: AsyncSession, *, level: Level, since: datetime | None = None, limit: int = 10
) -> list[RankRow]:
    """Branches or agencies by participation rate, then amount, then name; `since=None` is all time."""
    query = _by_organisation(level, start=since, end=None)
    rate = query.selected_columns.participation_rate
    amount = query.selected_columns.amount_fen
    name = query.selected_columns.name
    rows = await session.execute(
        query.order_by(rate.desc(), amount.desc(), name, query.selected_columns.id).limit(limit)
    )
    return [RankRow(r.id, r.name, r.name_en, r.agency, *_figures(r)) for r in rows]


async def volunteer_record(
    session: AsyncSession, *, start: datetime, end: datetime
) -> tuple[list[MemberRecord], list[BranchRecord]]:
    """The record of `[start, end)`: members with any activity in it, and every branch."""
    start, end = utc(start), utc(end)
    orders = (
        select(
            Order.member_id,
            func.count(Order.id).label("orders"),
            func.sum(Order.total_fen).label("amount_fen"),
        )
        .where(*_paid(), Order.paid_at >= start, Order.paid_at < end)
        .group_by(Order.member_id)
        .subquery()
    )
    points = (
        select(PointsEntry.member_id, func.sum(PointsEntry.delta).label("points"))
        .where(PointsEntry.created_at >= start, PointsEntry.created_at < end)
        .group_by(PointsEntry.member_id)
        .subquery()
    )
    matches = (
        select(FundEntry.member_id, func.sum(_match_count()).label("matches"))
        .where(FundEntry.member_id.is_not(None), FundEntry.created_at >= start, FundEntry.created_at < end)
        .group_by(FundEntry.member_id)
        .subquery()
    )
    attended = _attended(start, end)
    member_rows = await session.execute(
        select(
            Member.id,
            Member.telegram_user_id,
            Member.display_name,
            Branch.name,
            Agency.name,
            func.coalesce(orders.c.orders, 0),
            func.coalesce(orders.c.amount_fen, 0),
            func.coalesce(points.c.points, 0),
            func.coalesce(matches.c.matches, 0),
            func.coalesce(attended.c.events, 0),
        )
        .outerjoin(Branch, Member.branch_id == Branch.id)
        .outerjoin(Agency, Branch.agency_id == Agency.id)
        .outerjoin(orders, orders.c.member_id == Member.id)
        .outerjoin(points, points.c.member_id == Member.id)
        .outerjoin(matches, matches.c.member_id == Member.id)
        .outerjoin(attended, attended.c.member_id == Member.id)
        .where(
            or_(
                orders.c.member_id.is_not(None),
                points.c.member_id.is_not(None),
                matches.c.member_id.is_not(None),
                attended.c.member_id.is_not(None),
            )
        )
        # Grouped by organisation in the order they were set up; members without a branch last.
        .order_by(Member.branch_id.is_(None), Branch.agency_id, Member.branch_id, Member.id)
    )
    members = [MemberRecord(*r[:5], *(int(v) for v in r[5:])) for r in member_rows]
    query = _by_organisation("branch", start=start, end=end)
    branch_rows = await session.execute(query.order_by(Branch.agency_id, Branch.id))
    branches = [BranchRecord(r.id, r.name, r.agency, *_figures(r)) for r in branch_rows]
    return members, branches


def _by_organisation(level: Level, *, start: datetime | None, end: datetime | None) -> Select:
    """One row per branch or agency with its head count and its activity in `[start, end)`."""
    if level == "branch":
        org, org_key, agency_name = Branch, Branch.id, Agency.name.label("agency")
        heads = select(Member.branch_id.label("key"), func.count(Member.id).label("n")).group_by(
            Member.branch_id
        )
    elif level == "agency":
        org, org_key, agency_name = Agency, Agency.id, null().label("agency")
        heads = (
            select(Branch.agency_id.label("key"), func.count(Member.id).label("n"))
            .join(Member, Member.branch_id == Branch.id)
            .group_by(Branch.agency_id)
        )
    else:
        raise InvalidInput("level", level)
    heads = heads.subquery()
    order_key = Order.branch_id if level == "branch" else Order.agency_id
    activity = (
        select(
            order_key.label("key"),
            func.count(distinct(Order.member_id)).label("participants"),
            func.count(Order.id).label("orders"),
            func.sum(Order.total_fen).label("amount_fen"),
        )
        .where(*_paid(), *_within(Order.paid_at, start, end))
        .group_by(order_key)
        .subquery()
    )
    points_key = PointsEntry.branch_id if level == "branch" else PointsEntry.agency_id
    points = (
        select(points_key.label("key"), func.sum(PointsEntry.delta).label("points"))
        .where(*_within(PointsEntry.created_at, start, end))
        .group_by(points_key)
        .subquery()
    )
    members = func.coalesce(heads.c.n, 0)
    participants = func.coalesce(activity.c.participants, 0)
    rate = case((members == 0, 0.0), else_=cast(participants, Float) / members)
    query = (
        select(
            org.id.label("id"),
            org.name.label("name"),
            org.name_en.label("name_en"),
            agency_name,
            members.label("members"),
            participants.label("participants"),
            func.coalesce(activity.c.orders, 0).label("orders"),
            func.coalesce(activity.c.amount_fen, 0).label("amount_fen"),
            func.coalesce(points.c.points, 0).label("points"),
            rate.label("participation_rate"),
        )
        .outerjoin(heads, heads.c.key == org_key)
        .outerjoin(activity, activity.c.key == org_key)
        .outerjoin(points, points.c.key == org_key)
    )
    if level == "branch":
        query = query.join(Agency, Branch.agency_id == Agency.id)
    return query


def _attended(start: datetime | None, end: datetime | None):
    """Events each member was checked in at during `[start, end)` (None: unbounded); the one
    count behind both the volunteer record and a member's own footprint. An event cancelled after
    its check-ins is no event attended (its points are reversed: store.attendance.cancel_event)."""
    return (
        select(Signup.member_id, func.count(Signup.id).label("events"))
        .join(Event, Event.id == Signup.event_id)
        .where(
            Signup.status == SignupStatus.attended,
            Event.status != EventStatus.cancelled,
            *_within(Signup.attended_at, start, end),
        )
        .group_by(Signup.member_id)
        .subquery()
    )


def _paid() -> tuple:
    """Paid and not refunded: a cancelled order keeps counting until its refund is recorded."""
    return (Order.paid_at.is_not(None), Order.status != OrderStatus.refunded)


def _within(column, start: datetime | None, end: datetime | None) -> list:
    bounds = []
    if start is not None:
        bounds.append(column >= utc(start))
    if end is not None:
        bounds.append(column < utc(end))
    return bounds


def _match_count():
    """+1 per match, -1 per reversal: a member's matches that still stand."""
    return case(
        (FundEntry.reason == FundReason.match, 1), (FundEntry.reason == FundReason.reversal, -1), else_=0
    )


def _figures(row) -> tuple[int, ...]:
    return tuple(int(v) for v in (row.members, row.participants, row.orders, row.amount_fen, row.points))
