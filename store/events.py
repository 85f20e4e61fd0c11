"""Volunteer events ("进贫困地区、购扶贫产品"): creation, the list, sign-up with a waitlist and a
member's cancellation that promotes the next in line. The organiser's side (roster, check-in,
cancelling the whole event) is store/attendance.py.

Sign-up and cancellation lock the event row (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
already serialises writers), so capacity and arrival order are exact however many tap at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from .content_models import Event, EventStatus, Signup, SignupStatus
from .errors import (
    EventCancelled,
    EventStarted,
    InvalidInput,
    NotFound,
    SignupClosed,
    WrongStatus,
)
from .models import Village, utc
from .paging import Page, paginate
from .roles import ALL, organiser_scope

ACTIVE = (SignupStatus.confirmed, SignupStatus.waitlisted)
LIMITS = {"title": 64, "meeting_place": 128, "description": 1000}
MAX_CAPACITY = 10_000


async def create(
    session: AsyncSession,
    *,
    organiser_id: int,
    title: str,
    county_id: int,
    meeting_place: str,
    starts_at: datetime,
    ends_at: datetime,
    signup_deadline: datetime,
    capacity: int,
    now: datetime,
    village_id: int | None = None,
    description: str = "",
) -> Event:
    """A published event, by an organiser (in their own agency's scope)."""
    scope_id = await organiser_scope(session, member_id=organiser_id)
    for field, value in (("title", title), ("meeting_place", meeting_place)):
        if not 1 <= len(value) <= LIMITS[field]:
            raise InvalidInput(field)
    if len(description) > LIMITS["description"]:
        raise InvalidInput("description")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput("capacity")
    if not now < starts_at < ends_at or not now < signup_deadline <= starts_at:
        raise InvalidInput("times")
    if village_id is not None:
        village = await session.get(Village, village_id)
        if village is None or village.county_id != county_id:
            raise NotFound("village", village_id)
    event = Event(
        organiser_id=organiser_id,
        scope_id=scope_id,
        title=title,
        county_id=county_id,
        village_id=village_id,
        meeting_place=meeting_place,
        starts_at=starts_at,
        ends_at=ends_at,
        signup_deadline=signup_deadline,
        capacity=capacity,
        description=description,
        signup_seq=0,
    )
    session.add(event)
    await session.flush()
    return event


async def get(session: AsyncSession, *, event_id: int) -> Event:
    event = await session.scalar(
        select(Event).where(Event.id == event_id).options(joinedload(Event.county), joinedload(Event.village))
    )
    if event is None:
        raise NotFound("event", event_id)
    return event


async def set_broadcast(session: AsyncSession, *, event_id: int, broadcast_id: int) -> None:
    await session.execute(update(Event).where(Event.id == event_id).values(broadcast_id=broadcast_id))


async def upcoming(session: AsyncSession, *, now: datetime, page: int = 0, per_page: int = 6) -> Page[Event]:
    """Published events that have not ended, soonest first."""
    query = (
        select(Event)
        .where(Event.status == EventStatus.published, Event.ends_at > now)
        .order_by(Event.starts_at, Event.id)
    )
    return await paginate(session, query, page=page, per_page=per_page)


async def of_organiser(session: AsyncSession, *, organiser_id: int, page: int = 0) -> Page[Event]:
    """The events an organiser runs: every one for an organiser of all agencies, newest first."""
    scope_id = await organiser_scope(session, member_id=organiser_id)
    query = select(Event).order_by(Event.starts_at.desc(), Event.id.desc())
    if scope_id != ALL:
        query = query.where(Event.scope_id == scope_id)
    return await paginate(session, query, page=page, per_page=6)


async def signup_of(session: AsyncSession, *, event_id: int, member_id: int) -> Signup | None:
    return await session.scalar(
        select(Signup).where(Signup.event_id == event_id, Signup.member_id == member_id)
    )


@dataclass(frozen=True)
class Standing:
    confirmed: int
    waitlisted: int
    attended: int


async def standing(session: AsyncSession, *, event_id: int) -> Standing:
    rows = dict(
        (
            await session.execute(
                select(Signup.status, func.count()).where(Signup.event_id == event_id).group_by(Signup.status)
            )
        ).all()
    )
    return Standing(
        rows.get(SignupStatus.confirmed, 0),
        rows.get(SignupStatus.waitlisted, 0),
        rows.get(SignupStatus.attended, 0),
    )


async def waitlist_place(session: AsyncSession, *, signup: Signup) -> int:
    """1 for the first in line, and so on."""
    ahead = await session.scalar(
        select(func.count()).where(
            Signup.event_id == signup.event_id,
            Signup.status == SignupStatus.waitlisted,
            Signup.position < signup.position,
        )
    )
    return ahead + 1


async def locked(session: AsyncSession, event_id: int) -> Event:
    event = await session.scalar(
        select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    )
    if event is None:
        raise NotFound("event", event_id)
    return event


def may_sign_up(event: Event, mine: Signup | None, *, now: datetime) -> bool:
    """Whether 报名 is offered: the trip still on, sign-up open, and the member holding no place (a
    place confirmed, waited for, or already checked in at)."""
    holding = mine is not None and mine.status in (*ACTIVE, SignupStatus.attended)
    return event.status != EventStatus.cancelled and not holding and now < utc(event.signup_deadline)


def may_leave(event: Event, mine: Signup | None, *, now: datetime) -> bool:
    """Whether 退出活动 is offered: a place confirmed or waited for, until the trip starts."""
    return (
        event.status != EventStatus.cancelled
        and mine is not None
        and mine.status in ACTIVE
        and now < utc(event.starts_at)
    )


async def sign_up(session: AsyncSession, *, event_id: int, member_id: int, now: datetime) -> Signup:
    """Sign up: confirmed while places remain, otherwise waitlisted in arrival order.

    Signing up again while signed up changes nothing; after cancelling, one joins the end of the line.
    """
    event = await locked(session, event_id)
    still_on(event)
    if now >= utc(event.signup_deadline):
        raise SignupClosed(event_id)
    signup = await signup_of(session, event_id=event_id, member_id=member_id)
    if signup is not None and signup.status != SignupStatus.cancelled:
        return signup
    # A member checked in (attended) still holds the place they were confirmed for.
    taken = await session.scalar(
        select(func.count()).where(
            Signup.event_id == event_id,
            Signup.status.in_((SignupStatus.confirmed, SignupStatus.attended)),
        )
    )
    status = SignupStatus.confirmed if taken < event.capacity else SignupStatus.waitlisted
    event.signup_seq += 1
    if signup is None:
        signup = Signup(event_id=event_id, member_id=member_id, status=status, position=event.signup_seq)
        session.add(signup)
    else:
        signup.status, signup.position, signup.cancelled_at = status, event.signup_seq, None
    signup.signed_up_at = now
    await session.flush()
    return signup


async def cancel(session: AsyncSession, *, event_id: int, member_id: int, now: datetime) -> Signup | None:
    """Leave an event before it starts. A confirmed place that frees up goes to the first waitlisted
    member, who is returned (to be told); None when nobody moved up."""
    event = await locked(session, event_id)
    still_on(event)
    if now >= utc(event.starts_at):
        raise EventStarted(event_id)
    signup = await signup_of(session, event_id=event_id, member_id=member_id)
    if signup is None or signup.status not in ACTIVE:
        raise WrongStatus(signup.status if signup else "none")
    was_confirmed = signup.status == SignupStatus.confirmed
    signup.status, signup.cancelled_at = SignupStatus.cancelled, now
    await session.flush()
    if not was_confirmed:
        return None
    following = await session.scalar(
        select(Signup)
        .where(Signup.event_id == event_id, Signup.status == SignupStatus.waitlisted)
        .order_by(Signup.position)
        .limit(1)
    )
    if following is not None:
        following.status, following.promoted_at = SignupStatus.confirmed, now
        await session.flush()
    return following


def still_on(event: Event) -> None:
    if event.status == EventStatus.cancelled:
        raise EventCancelled(event.id)


async def villages(session: AsyncSession, *, county_id: int) -> list[Village]:
    """A county's villages, where an event may take place."""
    return list(
        await session.scalars(select(Village).where(Village.county_id == county_id).order_by(Village.id))
    )
