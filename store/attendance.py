"""An event's organiser side: who signed up (the roster), who came (check-in, and its undoing the
same day) and the cancelling of the whole event before it starts, which takes back the points of
everyone already checked in. Check-in and cancelling lock the event row as sign-up does, so they
never cross."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from .broadcasts import withdraw
from .content_models import Event, EventStatus, Signup, SignupStatus
from .errors import CheckInClosed, EventStarted, Forbidden, WrongStatus
from .events import ACTIVE, get, locked, signup_of, still_on
from .ledger import credit_points
from .ledger_models import PointsEntry
from .models import Branch, Member, Role, RoleGrant, utc
from .paging import Page, paginate
from .roles import allows, authorize, roles_of

POINTS_REASON = "event"
# Cancelling an event takes back the points of check-ins made before it (check-in opens hours before
# the start, cancelling is possible until the start): one entry against each, keyed like it.
POINTS_REVERSAL = "event_reversal"
# Check-in is "on the day": from a few hours before the start until a day after the end.
CHECK_IN_FROM, CHECK_IN_UNTIL = timedelta(hours=6), timedelta(hours=24)


def may_cancel(grants: list[RoleGrant], *, event: Event, member_id: int | None) -> bool:
    """Whether the holder of `grants` may cancel `event`: its own organiser while still an organiser
    of its scope, or an admin."""
    if allows(grants, Role.admin):
        return True
    return (
        member_id is not None
        and event.organiser_id == member_id
        and allows(grants, Role.organiser, event.scope_id)
    )


async def to_cancel(session: AsyncSession, *, event_id: int, actor_id: int | None, now: datetime) -> Event:
    """The event its organiser is about to cancel (for the confirmation): Forbidden for anyone
    else, EventCancelled if it already is, EventStarted once it has begun."""
    event = await get(session, event_id=event_id)
    if not may_cancel(await roles_of(session, member_id=actor_id or 0), event=event, member_id=actor_id):
        raise Forbidden(Role.organiser, event.scope_id)
    still_on(event)
    if now >= utc(event.starts_at):
        raise EventStarted(event_id)
    return event


async def cancel_event(
    session: AsyncSession, *, event_id: int, actor_id: int | None, now: datetime
) -> list[Member]:
    """Cancel an event before it starts: it leaves the members' list, sign-ups stop changing,
    reminders not yet sent are dropped and its announcement stops if still going out.

    Returns the members to tell (confirmed, waitlisted or already checked in, in arrival order);
    none when it was already cancelled, so a second tap tells nobody again."""
    event = await locked(session, event_id)
    if not may_cancel(await roles_of(session, member_id=actor_id or 0), event=event, member_id=actor_id):
        raise Forbidden(Role.organiser, event.scope_id)
    if event.status == EventStatus.cancelled:
        return []
    if now >= utc(event.starts_at):
        raise EventStarted(event_id)
    event.status = EventStatus.cancelled
    await session.flush()
    if event.broadcast_id is not None:
        await withdraw(session, broadcast_id=event.broadcast_id)
    await _reverse_attendance(session, event_id=event_id, now=now)
    # Sign-ups keep their status: the exported list still shows who had a place and who waited.
    return list(
        await session.scalars(
            select(Member)
            .join(Signup, Signup.member_id == Member.id)
            .where(
                Signup.event_id == event_id,
                Signup.status.in_((*ACTIVE, SignupStatus.attended)),
                Member.telegram_user_id.is_not(None),
            )
            .order_by(Signup.position)
        )
    )


async def _reverse_attendance(session: AsyncSession, *, event_id: int, now: datetime) -> None:
    """Take back the points of everyone checked in at a cancelled event, as a refund takes back a
    purchase's: an append-only entry against each credit, once, on the branch and agency credited."""
    attended = await session.scalars(
        select(Signup.member_id).where(Signup.event_id == event_id, Signup.status == SignupStatus.attended)
    )
    credits = []
    for member_id in attended.all():
        credits += await _credits(session, event_id=event_id, member_id=member_id)
    for credit in credits:  # one already taken back (a check-in undone) is not taken back twice
        await _take_back(session, credit, now)


async def _take_back(session: AsyncSession, credit: PointsEntry, now: datetime) -> None:
    """An attendance credit taken back: an entry of its own against it, keyed like it, on the
    branch and agency it credited."""
    await credit_points(
        session,
        member_id=credit.member_id,
        branch_id=credit.branch_id,
        agency_id=credit.agency_id,
        delta=-credit.delta,
        reason=POINTS_REVERSAL,
        source=credit.source,
        now=now,
    )


def _points_source(event_id: int, member_id: int) -> str:
    return f"event:{event_id}:{member_id}"


async def _credits(session: AsyncSession, *, event_id: int, member_id: int) -> list[PointsEntry]:
    """The attendance credits of a member at an event, first first: one, or one more for each time
    a check-in was undone and made again (`event:E:M`, then `event:E:M#1` …)."""
    source = _points_source(event_id, member_id)
    return list(
        await session.scalars(
            select(PointsEntry)
            .where(
                PointsEntry.reason == POINTS_REASON,
                or_(PointsEntry.source == source, PointsEntry.source.like(f"{source}#%")),
            )
            .order_by(PointsEntry.id)
        )
    )


async def undo_check_in(
    session: AsyncSession, *, event_id: int, member_id: int, actor_id: int | None, now: datetime, tz: ZoneInfo
) -> None:
    """An organiser takes back a check-in made today (a tap on the wrong name): the member is signed
    up again, not attended, and the points go back with an entry of their own."""
    event = await locked(session, event_id)
    await _authorize_event(session, event, actor_id)
    still_on(event)
    signup = await signup_of(session, event_id=event_id, member_id=member_id)
    if signup is None or signup.status != SignupStatus.attended:
        raise WrongStatus(signup.status if signup else "none")
    if utc(signup.attended_at).astimezone(tz).date() != now.astimezone(tz).date():
        raise CheckInClosed(event_id)  # a day later the roster stands
    signup.status, signup.attended_at = SignupStatus.confirmed, None
    await session.flush()
    await _take_back(session, (await _credits(session, event_id=event_id, member_id=member_id))[-1], now)


async def _authorize_event(session: AsyncSession, event: Event, actor_id: int | None) -> None:
    # An event for all agencies (scope 0) is run only by organisers of all agencies and admins.
    await authorize(session, member_id=actor_id, role=Role.organiser, scope_id=event.scope_id)


async def roster(
    session: AsyncSession, *, event_id: int, actor_id: int | None, page: int | None = None, per_page: int = 8
) -> Page[tuple[Signup, Member]] | list[tuple[Signup, Member]]:
    """Who signed up, in arrival order, with their branch: one page, or all (page None, for CSV)."""
    event = await get(session, event_id=event_id)
    await _authorize_event(session, event, actor_id)
    query = (
        select(Signup, Member)
        .join(Member, Member.id == Signup.member_id)
        .options(joinedload(Member.branch).joinedload(Branch.agency))
        .where(Signup.event_id == event_id)
        .order_by(Signup.position)
    )
    if page is None:
        return [(s, m) for s, m in (await session.execute(query)).unique().all()]
    present = (SignupStatus.confirmed, SignupStatus.attended)
    found = await paginate(
        session,
        select(Signup)
        .where(Signup.event_id == event_id, Signup.status.in_(present))
        .order_by(Signup.position),
        page=page,
        per_page=per_page,
    )
    people = {
        m.id: m
        for m in await session.scalars(
            select(Member)
            .where(Member.id.in_([s.member_id for s in found.items]))
            .options(joinedload(Member.branch).joinedload(Branch.agency))
        )
    }
    return Page([(s, people[s.member_id]) for s in found.items], found.page, found.pages, found.total)


async def check_in(
    session: AsyncSession, *, event_id: int, member_id: int, actor_id: int | None, now: datetime, points: int
) -> bool:
    """Mark a confirmed member present and credit `points` once; False if already checked in."""
    # Locked as cancelling locks it: a check-in and the event's cancelling never cross, so the
    # cancelling sees every credit it has to take back.
    event = await locked(session, event_id)
    await _authorize_event(session, event, actor_id)
    still_on(event)
    if not utc(event.starts_at) - CHECK_IN_FROM <= now <= utc(event.ends_at) + CHECK_IN_UNTIL:
        raise CheckInClosed(event_id)
    changed = await session.execute(
        update(Signup)
        .where(
            Signup.event_id == event_id,
            Signup.member_id == member_id,
            Signup.status == SignupStatus.confirmed,
        )
        .values(status=SignupStatus.attended, attended_at=now)
    )
    if changed.rowcount != 1:
        signup = await signup_of(session, event_id=event_id, member_id=member_id)
        if signup is not None and signup.status == SignupStatus.attended:
            return False
        raise WrongStatus(signup.status if signup else "none")
    member = await session.get(Member, member_id)
    agency_id = await session.scalar(select(Branch.agency_id).where(Branch.id == member.branch_id))
    earlier = len(await _credits(session, event_id=event_id, member_id=member_id))  # undone before
    source = _points_source(event_id, member_id) + (f"#{earlier}" if earlier else "")
    await credit_points(
        session,
        member_id=member_id,
        branch_id=member.branch_id,
        agency_id=agency_id,
        delta=points,
        reason=POINTS_REASON,
        source=source,
        now=now,
    )
    return True
