"""An organiser's roster of an event: check-in on the day (a button per confirmed member, paged;
each check-in credits POINTS_PER_EVENT once) and the sign-up list as a CSV document."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from store import attendance, csvsafe, events, members
from store.content_models import SignupStatus

from .events import when
from .format import escape
from .registry import intent
from .reply import Alert, Document, Reply, Screen, button, pages
from .request import Request


@intent("ev-roster")
async def roster(context: Request, event_id: int, page: int) -> Reply:
    """Check-in on the day: a button per confirmed member (✅ once checked in), paged."""
    return await _roster_screen(context, event_id, page)


async def _roster_screen(context: Request, event_id: int, page: int) -> Screen:
    async with context.db.read() as session:
        event = await events.get(session, event_id=event_id)
        found = await attendance.roster(session, event_id=event_id, actor_id=context.member_id, page=page)
    rows = [
        [
            button(
                context.t(
                    "event-roster-row",
                    attended=int(signup.status == events.SignupStatus.attended),
                    name=member.display_name or str(member.telegram_user_id),
                    branch=member.branch.name if member.branch else "-",
                ),
                "ev-in",
                event_id,
                member.id,
                found.page,
            )
        ]
        for signup, member in found.items
    ]
    if nav := pages(context, found, "ev-roster", event_id):
        rows.append(nav)
    rows.append([button(context.t("nav-back"), "ev", event_id), button(context.t("nav-menu"), "menu")])
    title = context.t("event-roster-title", title=escape(event.title), count=found.total)
    return Screen(title, rows)


@intent("ev-in")
async def check_in(context: Request, event_id: int, member_id: int, page: int) -> Reply:
    """Tap a member on the roster: present. Points are credited once, however often it is tapped;
    a tap on someone checked in already offers to take it back."""
    async with context.db.begin() as session:
        credited = await attendance.check_in(
            session,
            event_id=event_id,
            member_id=member_id,
            actor_id=context.member_id,
            now=context.now,
            points=context.policy.points_per_event,
        )
        member = await members.get(session, member_id=member_id)
    if credited:
        said = Alert(context.t("event-checked-in", points=context.policy.points_per_event))
        return [said, await _roster_screen(context, event_id, page)]
    who = escape(member.display_name or str(member.telegram_user_id))
    rows = [
        [button(context.t("event-check-in-undo"), "ev-out", event_id, member_id, page)],
        [button(context.t("nav-back"), "ev-roster", event_id, page)],
    ]
    return [
        Alert(context.t("event-already-in")),
        Screen(context.t("event-check-in-undo-ask", name=who), rows),
    ]


@intent("ev-out")
async def undo_check_in(context: Request, event_id: int, member_id: int, page: int) -> Reply:
    """撤销签到 (the same day): the member is signed up again and the points go back."""
    async with context.db.begin() as session:
        await attendance.undo_check_in(
            session,
            event_id=event_id,
            member_id=member_id,
            actor_id=context.member_id,
            now=context.now,
            tz=ZoneInfo(context.policy.timezone),
        )
    said = Alert(context.t("event-check-in-undone", points=context.policy.points_per_event))
    return [said, await _roster_screen(context, event_id, page)]


@intent("ev-csv")
async def export(context: Request, event_id: int) -> Reply:
    """The sign-up list as a CSV document (UTF-8 with BOM, so spreadsheet programs read Chinese);
    names and phones a member typed cannot start a formula there (store.csvsafe)."""
    async with context.db.read() as session:
        event = await events.get(session, event_id=event_id)
        rows = await attendance.roster(session, event_id=event_id, actor_id=context.member_id)
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(
        ["position", "status", "name", "telegram_user_id", "branch", "agency", "phone", "signed_up_at"]
    )
    for signup, member in rows:
        branch = member.branch
        writer.writerow(
            [
                signup.position,
                signup.status.value,
                member.display_name,
                member.telegram_user_id or "",
                branch.name if branch else "",
                branch.agency.name if branch else "",
                member.contact_phone,
                when(context, signup.signed_up_at),
            ]
        )
    caption = context.t(
        "event-csv-caption",
        title=escape(event.title),
        count=sum(s.status in (SignupStatus.confirmed, SignupStatus.attended) for s, _ in rows),
        waiting=sum(s.status == SignupStatus.waitlisted for s, _ in rows),
    )
    return Document(f"event-{event_id}.csv", ("\ufeff" + out.getvalue()).encode(), caption)
