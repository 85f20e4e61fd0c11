"""The broadcast outbox: a broadcast row and one delivery row per recipient, written when the
broadcast is due (`start_due`: whether it is lives here, so a restart neither loses nor repeats
work); who may send to whom, muting, and an organiser's figures. Sending the deliveries is
store/deliveries.py.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .broadcast_models import AnnouncementMute, Broadcast, BroadcastStatus, Delivery, DeliveryStatus
from .errors import InvalidInput, NotFound, WrongStatus
from .models import Branch, County, Member, Order, OrderLine, Product, Role
from .roles import ALL, authorize, organiser_scope

KINDS = ("general", "fairs", "events", "stories")
AUDIENCES = ("all", "agency", "branch", "county")
# What the button under a broadcast opens: a product, a county, an event (报名), a fair, a story.
BUTTONS = ("", "product", "county", "event", "fair", "story")
TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024


async def create(
    session: AsyncSession,
    *,
    organiser_id: int,
    text: str,
    send_at: datetime,
    photo: str = "",
    kind: str = "general",
    audience: str = "all",
    audience_id: int = 0,
    button: str = "",
    button_id: int = 0,
    urgent: bool = False,
) -> Broadcast:
    """A scheduled broadcast, by an organiser within their scope (an agency, or all)."""
    if kind not in KINDS or audience not in AUDIENCES or button not in BUTTONS:
        raise InvalidInput("broadcast")
    if not 1 <= len(text) <= (CAPTION_LIMIT if photo else TEXT_LIMIT):
        raise InvalidInput("text")
    await _authorize_audience(session, organiser_id, audience, audience_id)
    broadcast = Broadcast(
        organiser_id=organiser_id,
        text=text,
        photo=photo,
        kind=kind,
        audience=audience,
        audience_id=audience_id,
        button=button,
        button_id=button_id,
        urgent=urgent,
        status=BroadcastStatus.scheduled,
        send_at=send_at,
    )
    session.add(broadcast)
    await session.flush()
    return broadcast


async def announce(
    session: AsyncSession,
    *,
    organiser_id: int,
    key: str,
    args: dict,
    text: str,
    kind: str,
    scope_id: int,
    button: str,
    button_id: int,
    send_at: datetime,
) -> Broadcast:
    """The announcement of something an organiser published (an event, a fair, a story) to its
    scope: the agency it belongs to, or everyone for ALL, with a button that opens it. It is the
    message `key` with `args` (values, each member's language framing them); `text` is it as the
    organiser reads it."""
    broadcast = await create(
        session,
        organiser_id=organiser_id,
        text=text[:TEXT_LIMIT],
        kind=kind,
        audience="agency" if scope_id != ALL else "all",
        audience_id=scope_id,
        button=button,
        button_id=button_id,
        send_at=send_at,
    )
    broadcast.key, broadcast.args = key, args
    await session.flush()
    return broadcast


def quiet_at(when: datetime, timezone: str, quiet_hours: tuple[int, int]) -> bool:
    """Whether `when` falls in the quiet hours (local), e.g. (22, 8) for 22:00–08:00, when only
    urgent broadcasts start (`start_due`); (h, h) is none."""
    start, end = quiet_hours
    hour = when.astimezone(ZoneInfo(timezone)).hour
    return start != end and (start <= hour or hour < end if start > end else start <= hour < end)


async def count_recipients(
    session: AsyncSession, *, organiser_id: int, kind: str, audience: str, audience_id: int = 0
) -> int:
    """How many members a broadcast to this audience would reach now (the preview's figure); Forbidden
    for an audience outside the organiser's scope, whose size is theirs to know no more than to reach."""
    if kind not in KINDS or audience not in AUDIENCES:
        raise InvalidInput("broadcast")
    await _authorize_audience(session, organiser_id, audience, audience_id)
    return await session.scalar(select(func.count()).select_from(_recipients(kind, audience, audience_id)))


async def start_due(session: AsyncSession, *, now: datetime, quiet: bool = False) -> list[int]:
    """Start the broadcasts whose time has come: write their deliveries. During quiet hours only
    urgent ones start; the rest wait for the morning."""
    query = select(Broadcast).where(Broadcast.status == BroadcastStatus.scheduled, Broadcast.send_at <= now)
    if quiet:
        query = query.where(Broadcast.urgent)
    started = []
    for broadcast in await session.scalars(query.order_by(Broadcast.id)):
        changed = await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast.id, Broadcast.status == BroadcastStatus.scheduled)
            .values(status=BroadcastStatus.sending, started_at=now)
        )
        if changed.rowcount != 1:
            continue  # another process started it
        recipients = _recipients(broadcast.kind, broadcast.audience, broadcast.audience_id)
        rows = select(
            literal(broadcast.id),
            recipients.c.id,
            recipients.c.telegram_user_id,
            recipients.c.locale,
            literal(DeliveryStatus.pending.value),
            literal(0),
            literal(now),
        )
        await session.execute(
            insert(Delivery).from_select(
                ["broadcast_id", "member_id", "chat_id", "locale", "status", "attempts", "next_attempt_at"],
                rows,
            )
        )
        started.append(broadcast.id)
    return started


async def progress(session: AsyncSession, *, broadcast_id: int) -> Counter:
    """Deliveries of a broadcast by status."""
    rows = await session.execute(
        select(Delivery.status, func.count())
        .where(Delivery.broadcast_id == broadcast_id)
        .group_by(Delivery.status)
    )
    return Counter({str(status): n for status, n in rows})


async def controlled_by(session: AsyncSession, *, broadcast_id: int, actor_id: int) -> Broadcast:
    """The broadcast, for an organiser whose scope covers it (who may pause, resume or cancel it)."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise NotFound("broadcast", broadcast_id)
    await authorize(
        session,
        member_id=actor_id,
        role=Role.organiser,
        scope_id=await _scope(session, broadcast.audience, broadcast.audience_id),
    )
    return broadcast


async def set_status(
    session: AsyncSession, *, broadcast_id: int, actor_id: int, to: BroadcastStatus
) -> Broadcast:
    """Pause, resume or cancel, by an organiser whose scope covers the broadcast."""
    allowed = {
        BroadcastStatus.paused: (BroadcastStatus.sending, BroadcastStatus.scheduled),
        BroadcastStatus.sending: (BroadcastStatus.paused,),
        BroadcastStatus.cancelled: (
            BroadcastStatus.scheduled,
            BroadcastStatus.sending,
            BroadcastStatus.paused,
        ),
    }
    broadcast = await controlled_by(session, broadcast_id=broadcast_id, actor_id=actor_id)
    target = to
    if to == BroadcastStatus.sending and broadcast.started_at is None:
        target = BroadcastStatus.scheduled  # resuming one that never started puts it back on the clock
    changed = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status.in_(allowed[to]))
        .values(status=target)
    )
    if changed.rowcount != 1:
        raise WrongStatus(broadcast.status)
    await session.refresh(broadcast)
    return broadcast


async def withdraw(session: AsyncSession, *, broadcast_id: int) -> bool:
    """Stop a broadcast whose subject is gone (a cancelled event); the caller has authorised it.
    What was sent stays sent; True if it was still going."""
    changed = await session.execute(_STOP.where(Broadcast.id == broadcast_id))
    return changed.rowcount == 1


async def withdraw_about(session: AsyncSession, *, button: str, button_id: int) -> int:
    """Stop every broadcast still going whose button opens a subject that is gone (a withdrawn
    story); the caller has authorised it. How many were stopped."""
    changed = await session.execute(_STOP.where(Broadcast.button == button, Broadcast.button_id == button_id))
    return changed.rowcount


_STOP = (
    update(Broadcast)
    .where(Broadcast.status.in_((BroadcastStatus.scheduled, BroadcastStatus.sending, BroadcastStatus.paused)))
    .values(status=BroadcastStatus.cancelled)
)


async def mute(session: AsyncSession, *, member_id: int, kind: str, muted: bool) -> None:
    """Turn one kind of announcement off (or on again) for a member."""
    if kind not in KINDS:
        raise InvalidInput("kind")
    await session.execute(
        AnnouncementMute.__table__.delete().where(
            AnnouncementMute.member_id == member_id, AnnouncementMute.kind == kind
        )
    )
    if muted:
        session.add(AnnouncementMute(member_id=member_id, kind=kind))
        await session.flush()


def _recipients(kind: str, audience: str, audience_id: int):
    """Members who get a broadcast: subscribed, not blocked, this kind not muted, in the audience."""
    muted = exists().where(AnnouncementMute.member_id == Member.id, AnnouncementMute.kind == kind)
    query = select(Member.id, Member.telegram_user_id, Member.locale).where(
        Member.subscribed, Member.blocked_at.is_(None), Member.telegram_user_id.is_not(None), ~muted
    )
    if audience == "agency":
        query = query.where(Member.branch_id.in_(select(Branch.id).where(Branch.agency_id == audience_id)))
    elif audience == "branch":
        query = query.where(Member.branch_id == audience_id)
    elif audience == "county":
        bought = (
            select(Order.member_id)
            .join(OrderLine, OrderLine.order_id == Order.id)
            .join(Product, Product.id == OrderLine.product_id)
            .where(Product.county_id == audience_id, Order.paid_at.is_not(None))
        )
        query = query.where(Member.id.in_(bought))
    return query.subquery()


async def _authorize_audience(
    session: AsyncSession, organiser_id: int, audience: str, audience_id: int
) -> None:
    """Forbidden unless the organiser's scope holds the audience: their agency, or all agencies for
    an audience that spans them (everyone, a county's buyers)."""
    scope_id = await _scope(session, audience, audience_id)
    await authorize(session, member_id=organiser_id, role=Role.organiser, scope_id=scope_id)


async def _scope(session: AsyncSession, audience: str, audience_id: int) -> int:
    """The agency a broadcast's audience lies in (ALL when it spans agencies)."""
    if audience == "agency":
        return audience_id
    if audience == "branch":
        agency_id = await session.scalar(select(Branch.agency_id).where(Branch.id == audience_id))
        if agency_id is None:
            raise NotFound("branch", audience_id)
        return agency_id
    if audience == "county" and await session.get(County, audience_id) is None:
        raise NotFound("county", audience_id)
    return ALL


async def muted_kinds(session: AsyncSession, *, member_id: int) -> set[str]:
    return set(
        await session.scalars(select(AnnouncementMute.kind).where(AnnouncementMute.member_id == member_id))
    )


async def set_progress_message(
    session: AsyncSession, *, broadcast_id: int, chat_id: int, message_id: int
) -> None:
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id)
        .values(progress_chat_id=chat_id, progress_message_id=message_id)
    )


async def of_organiser(
    session: AsyncSession, *, organiser_id: int, limit: int = 10
) -> list[tuple[Broadcast, Counter]]:
    """An organiser's latest broadcasts (every one, for an organiser of all agencies) with figures;
    Forbidden for anyone else."""
    query = select(Broadcast).order_by(Broadcast.id.desc()).limit(limit)
    if await organiser_scope(session, member_id=organiser_id) != ALL:
        query = query.where(Broadcast.organiser_id == organiser_id)
    found = list(await session.scalars(query))
    return [(b, await progress(session, broadcast_id=b.id)) for b in found]
