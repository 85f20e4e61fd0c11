"""Volunteer events for members: the list, an event's card, signing up (or joining the waitlist)
and leaving before the start. Taking part is voluntary: nothing here presses anyone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from store import attendance, events, roles
from store.content_models import Event, EventStatus, Reminder, SignupStatus
from store.models import Role, utc
from store.notices import Button

from .format import escape, name
from .notify import tell
from .registry import Stale, command, intent
from .reply import Alert, Reply, Screen, button, pages
from .request import Request


def when(context: Request, moment: datetime) -> str:
    """A stored UTC time in the configured zone, as members read it."""
    return utc(moment).astimezone(ZoneInfo(context.policy.timezone)).strftime("%Y-%m-%d %H:%M")


def place(context: Request, event: Event) -> str:
    county = name(event.county, context.locale)
    return f"{county} · {escape(event.village.name)}" if event.village else county


@command("events")
async def listing_command(req: Request, text: str) -> Reply:
    return await listing(req, 0)


@intent("events")
async def listing(context: Request, page: int) -> Reply:
    """/events or the menu: upcoming events (an organiser sees the ones they run, past ones too)."""
    now = context.now
    async with context.db.read() as session:
        grants = await roles.roles_of(session, member_id=context.member_id or 0)
        organiser = roles.allows(grants, Role.organiser)
        if organiser:
            found = await events.of_organiser(session, organiser_id=context.member_id, page=page)
        else:
            found = await events.upcoming(session, now=now, page=page)
    rows = [
        [
            button(
                context.t(
                    "event-button-cancelled" if e.status == EventStatus.cancelled else "event-button",
                    title=escape(e.title),
                    when=when(context, e.starts_at),
                ),
                "ev",
                e.id,
            )
        ]
        for e in found.items
    ]
    if nav := pages(context, found, "events"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    key = "events-title" if found.total else "events-empty"
    return Screen(context.t(key, organiser=int(organiser)), rows)


@intent("ev")
async def card(context: Request, event_id: int) -> Reply:
    """One event: where, when, places left, my sign-up, and what I can do."""
    return await card_screen(context, event_id)


async def card_screen(context: Request, event_id: int, session=None) -> Screen:
    """An event's card, read in `session` when given (one that has just written it)."""
    if session is None:
        async with context.db.read() as session:
            return await card_screen(context, event_id, session)
    now = datetime.now(UTC)
    event = await events.get(session, event_id=event_id)
    standing = await events.standing(session, event_id=event_id)
    mine = await events.signup_of(session, event_id=event_id, member_id=context.member_id or 0)
    line = await events.waitlist_place(session, signup=mine) if mine else 0
    grants = await roles.roles_of(session, member_id=context.member_id or 0)
    t = context.t
    cancelled = event.status == EventStatus.cancelled
    status = mine.status.value if mine else "gone" if cancelled else "none"  # no sign-up to invite
    text = t(
        "event-card",
        title=escape(event.title),
        place=place(context, event),
        meeting=escape(event.meeting_place),
        start=when(context, event.starts_at),
        end=when(context, event.ends_at),
        deadline=when(context, event.signup_deadline),
        capacity=event.capacity,
        confirmed=standing.confirmed + standing.attended,
        waitlisted=standing.waitlisted,
        description=escape(event.description),
        status=status,
        line=line,
    )
    rows = []
    if cancelled:
        text = f"{t('event-card-cancelled')}\n\n{text}"
    if events.may_sign_up(event, mine, now=now):
        rows.append([button(t("event-sign-up"), "ev-join", event.id)])
    if events.may_leave(event, mine, now=now):
        rows.append([button(t("event-leave"), "ev-leave", event.id)])
    if roles.allows(grants, Role.organiser, event.scope_id):  # scope 0 (all agencies): all-agency organisers
        rows.append(
            [button(t("event-roster"), "ev-roster", event.id, 0), button(t("event-csv"), "ev-csv", event.id)]
        )
    if (
        not cancelled
        and now < utc(event.starts_at)
        and attendance.may_cancel(grants, event=event, member_id=context.member_id)
    ):
        rows.append([button(t("event-cancel"), "ev-cancel", event.id)])
    rows.append([button(t("nav-back"), "events", 0), button(t("nav-menu"), "menu")])
    return Screen(text, rows)


@intent("ev-join")
async def sign_up(context: Request, event_id: int) -> Reply:
    """报名 (on the card or under the announcement): a place, or a place in the waitlist."""
    if context.member_id is None:
        raise Stale("ev-join")
    async with context.db.begin() as session:
        signup = await events.sign_up(
            session, event_id=event_id, member_id=context.member_id, now=context.now
        )
        line = await events.waitlist_place(session, signup=signup)
    key = {SignupStatus.confirmed: "event-signed-up", SignupStatus.attended: "event-attended-already"}.get(
        signup.status, "event-waitlisted"
    )
    return [Alert(context.t(key, line=line), modal=True), await card_screen(context, event_id)]


@intent("ev-leave")
async def leave(context: Request, event_id: int) -> Reply:
    """Leave an event before it starts; the first in the waitlist moves up and is told."""
    if context.member_id is None:
        raise Stale("ev-leave")
    now = context.now
    async with context.db.begin() as session:
        promoted = await events.cancel(session, event_id=event_id, member_id=context.member_id, now=now)
        if promoted:
            await tell(
                session,
                [promoted.member_id],
                "event-promoted",
                about=f"signup:{promoted.id}:{now.isoformat()}",
                now=now,
                actions=[[Button("event-open", "ev", (event_id,))]],
                event_id=event_id,
            )
    return [Alert(context.t("event-left"), modal=True), await card_screen(context, event_id)]


async def remind(session, reminder: Reminder, now: datetime) -> None:
    """A day or two hours before the trip: where and when, and its card (the clock's job, in the
    transaction that marks the reminder sent; urgent, since quiet hours may end after the start)."""
    await tell(
        session,
        [reminder.member_id],
        "event-reminder",
        about=f"reminder:{reminder.id}",
        now=now,
        actions=[[Button("event-open", "ev", (reminder.event_id,))]],
        event_id=reminder.event_id,
        which="day" if reminder.which == "24h" else "hours",
    )
