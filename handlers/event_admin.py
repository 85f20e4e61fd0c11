"""Organisers' side of events: /event, a dialog (title, county, village, meeting place, start, end,
sign-up deadline, capacity, description, preview) whose answers live in the member's row; on
publishing, an announcement with a 报名 button goes out through the broadcast outbox. Its own
organiser (or an admin) can cancel it before the start, after a confirmation; everyone signed up
or waiting is told once. The roster and check-in are in `event_roster`."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update

from store import broadcasts, catalog, events
from store.errors import InvalidInput
from store.notices import Action

from . import callbacks, steps
from .context import Context
from .events import card_screen, when
from .format import escape, example_time, name, parse_count, parse_local
from .notify import tell
from .screens import Screen, button, show

DIALOG = "event"
TEXT_STEPS = ("title", "meeting_place", "starts_at", "ends_at", "signup_deadline", "capacity", "description")
TIME_STEPS = ("starts_at", "ends_at", "signup_deadline")


async def start(update: Update, context: Context) -> None:
    """/event: organisers only; asks for the title first."""
    async with context.db.begin() as session:
        await events.organiser_scope(session, member_id=context.member_id)  # Forbidden for members
        await steps.keep(session, context, DIALOG, {"step": "title"})
    await steps.ask(update, context, "event-ask", field="title")


async def on_text(update: Update, context: Context, text: str) -> None:
    data = dict(context.member.dialog_data or {})
    step = data.get("step", "title")
    if step not in TEXT_STEPS:  # a button step: show its buttons again (the old ones may be gone)
        await update.effective_message.reply_text(context.t("broadcast-use-buttons"))
        if step == "county":
            await _choose_county(update, context)
        elif step == "village":
            await _choose_village(update, context, data["county_id"])
        else:
            await _preview(update, context)
        return
    try:
        data[step] = _check(context, step, text)
        _check_order(data)
    except InvalidInput as bad:
        field = "past" if "past" in bad.args else "time" if step in TIME_STEPS else step
        await update.effective_message.reply_text(
            context.t("event-invalid", field=field, **_examples(context))
        )
        await steps.ask(update, context, "event-ask", field=step, **_examples(context))
        return
    following = {"title": "county", "description": "preview"}.get(step)
    following = following or TEXT_STEPS[TEXT_STEPS.index(step) + 1]
    await _save(context, data, following)
    if following == "county":
        await _choose_county(update, context)
    elif following == "preview":
        await _preview(update, context)
    else:
        await steps.ask(update, context, "event-ask", field=following, **_examples(context))


async def on_other(update: Update, context: Context) -> None:
    await steps.ask_again(update, context, "event-ask", "title", **_examples(context))


def _examples(context: Context) -> dict[str, str]:
    """The times the prompts give as examples: a trip a week from today, sign-up closing two days
    before it (computed: an example is never a day gone by)."""
    zone = context.config.timezone
    return {
        "start": example_time(zone, days=7, hour=8),
        "end": example_time(zone, days=7, hour=18),
        "deadline": example_time(zone, days=5, hour=18),
    }


def _check_order(data: dict) -> None:
    """Start in the future, end after it, the deadline before the start."""
    times = {k: datetime.fromisoformat(data[k]) for k in TIME_STEPS if k in data}
    start, end, deadline = (times.get(k) for k in TIME_STEPS)
    now = datetime.now(UTC)
    if any(moment <= now for moment in times.values()):
        raise InvalidInput("past")
    if start and end and end <= start or start and deadline and not deadline <= start:
        raise InvalidInput("times")


def _check(context: Context, step: str, text: str) -> object:
    text = text.strip()
    if step in TIME_STEPS:
        return parse_local(text, context.config.timezone).isoformat()
    if step == "capacity":  # 30, ３０, 30人
        return parse_count(text, least=1, most=events.MAX_CAPACITY)
    if step == "description" and text in ("-", "无", "none"):
        return ""
    if not 1 <= len(text) <= events.LIMITS[step]:
        raise InvalidInput(step)
    return text


async def choose(update: Update, context: Context) -> None:
    """The dialog's buttons: county, village, publish."""
    action, args, data = steps.tapped(update, context, DIALOG)
    if action == "ev-county" and data.get("step") == "county":
        async with context.db.read() as session:
            county = await catalog.county(session, county_id=args[0])
        data["county_id"] = county.id
        await _save(context, data, "village")
        await update.callback_query.answer()
        await _choose_village(update, context, county.id)
    elif action == "ev-village" and data.get("step") == "village":
        async with context.db.read() as session:
            ids = {v.id for v in await events.villages(session, county_id=data["county_id"])}
        if args[0] and args[0] not in ids:
            raise callbacks.BadCallback(update.callback_query.data)
        data["village_id"] = args[0] or None
        await _save(context, data, "meeting_place")
        await update.callback_query.answer()
        await steps.ask(update, context, "event-ask", field="meeting_place")
    elif action == "ev-go" and data.get("step") == "preview":
        event_id = await _publish(update, context)
        start, end = context.config.quiet_hours  # the announcement waits for the morning then
        quiet = int(broadcasts.quiet_at(datetime.now(UTC), context.config.timezone, (start, end)))
        await update.callback_query.answer(
            context.t("event-published", quiet=quiet, end=end), show_alert=True
        )
        await show(update, context, await card_screen(context, event_id))
    else:
        raise callbacks.BadCallback(update.callback_query.data)


async def ask_cancel(update: Update, context: Context) -> None:
    """🚫 取消活动 on the card: are you sure? (how many will be told), with a way back."""
    _, (event_id,) = callbacks.parse(update.callback_query.data, "ev-cancel")
    async with context.db.read() as session:
        event = await events.to_cancel(
            session, event_id=event_id, actor_id=context.member_id, now=datetime.now(UTC)
        )
        standing = await events.standing(session, event_id=event_id)
    text = context.t(
        "event-cancel-confirm",
        title=escape(event.title),
        start=when(context, event.starts_at),
        confirmed=standing.confirmed + standing.attended,
        waitlisted=standing.waitlisted,
    )
    rows = [
        [button(context.t("event-cancel-yes"), "ev-cancel-ok", event_id)],
        [button(context.t("event-cancel-no"), "ev", event_id)],
    ]
    await update.callback_query.answer()
    await show(update, context, Screen(text, rows))


async def cancel(update: Update, context: Context) -> None:
    """确认取消: the event is cancelled and each member signed up or waiting is told, once."""
    _, (event_id,) = callbacks.parse(update.callback_query.data, "ev-cancel-ok")
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        people = await events.cancel_event(session, event_id=event_id, actor_id=context.member_id, now=now)
        await tell(  # a second tap returns nobody: nobody is told twice
            session,
            [p.id for p in people],
            "event-cancelled-notice",
            about=f"event:{event_id}",
            now=now,
            actions=[[Action("event-open", "ev", (event_id,))]],
            event_id=event_id,
        )
    await update.callback_query.answer(context.t("event-cancelled", count=len(people)), show_alert=True)
    await show(update, context, await card_screen(context, event_id))


async def _publish(update: Update, context: Context) -> int:
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        data = await steps.finish(session, update, context, DIALOG, "preview")
        event = await events.create(
            session,
            organiser_id=context.member_id,
            title=data["title"],
            county_id=data["county_id"],
            village_id=data.get("village_id"),
            meeting_place=data["meeting_place"],
            starts_at=datetime.fromisoformat(data["starts_at"]),
            ends_at=datetime.fromisoformat(data["ends_at"]),
            signup_deadline=datetime.fromisoformat(data["signup_deadline"]),
            capacity=data["capacity"],
            description=data.get("description", ""),
            now=now,
        )
        event = await events.get(session, event_id=event.id)
        text = context.t(
            "event-announcement",
            title=event.title,
            place=f"{event.county.name}{' · ' + event.village.name if event.village else ''}",
            meeting=event.meeting_place,
            start=when(context, event.starts_at),
            deadline=when(context, event.signup_deadline),
            capacity=event.capacity,
            description=event.description,
        )
        broadcast = await broadcasts.create(
            session,
            organiser_id=context.member_id,
            text=text[: broadcasts.TEXT_LIMIT],
            kind="events",
            audience="agency" if event.scope_id else "all",
            audience_id=event.scope_id,
            button="event",
            button_id=event.id,
            send_at=now,
        )
        await events.set_broadcast(session, event_id=event.id, broadcast_id=broadcast.id)
    return event.id


async def _preview(update: Update, context: Context) -> None:
    data = context.member.dialog_data
    async with context.db.read() as session:
        county = await catalog.county(session, county_id=data["county_id"])
        villages = {v.id: v for v in await events.villages(session, county_id=county.id)}
    place = name(county, context.locale)
    if data.get("village_id") in villages:
        place += f" · {escape(villages[data['village_id']].name)}"
    text = context.t(
        "event-preview",
        title=escape(data["title"]),
        place=place,
        meeting=escape(data["meeting_place"]),
        start=when(context, datetime.fromisoformat(data["starts_at"])),
        end=when(context, datetime.fromisoformat(data["ends_at"])),
        deadline=when(context, datetime.fromisoformat(data["signup_deadline"])),
        capacity=data["capacity"],
        description=escape(data.get("description", "")),
    )
    rows = [
        [button(context.t("event-publish"), "ev-go"), button(context.t("dialog-cancel"), "dialog-cancel")]
    ]
    await show(update, context, Screen(text, rows))


async def _choose_village(update: Update, context: Context, county_id: int) -> None:
    async with context.db.read() as session:
        villages = await events.villages(session, county_id=county_id)
    rows = [[button(escape(v.name), "ev-village", v.id)] for v in villages]
    rows.append([button(context.t("event-no-village"), "ev-village", 0)])
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("event-ask", field="village"), rows))


async def _choose_county(update: Update, context: Context) -> None:
    async with context.db.read() as session:
        counties = [county for county, _ in await catalog.counties(session)]
    buttons = [button(name(c, context.locale), "ev-county", c.id) for c in counties]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("event-ask", field="county"), rows))


async def _save(context: Context, data: dict, step: str) -> None:
    data = {**data, "step": step}
    await steps.save(context, DIALOG, data)
