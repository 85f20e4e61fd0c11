"""Organisers' side of events: /event, a dialog (title, county, village, meeting place, start, end,
sign-up deadline, capacity, description, preview) whose answers live in the member's row; on
publishing, an announcement with a 报名 button goes out through the broadcast outbox. Its own
organiser (or an admin) can cancel it before the start, after a confirmation; everyone signed up
or waiting is told once. The roster and check-in are in `event_roster`."""

from __future__ import annotations

from datetime import UTC, datetime

from store import attendance, broadcasts, catalog, events, roles
from store.errors import InvalidInput
from store.notices import Button

from . import dialog
from .dialog_spec import CHOICE, PREVIEW, Dialog, Option, Refusal, Step
from .events import card_screen, when
from .format import escape, example_time, name, parse_count, parse_local
from .notify import tell
from .registry import command, intent
from .reply import Alert, Reply, Screen, button
from .request import Request

DIALOG = "event"
TIME_STEPS = ("starts_at", "ends_at", "signup_deadline")


def _time(step: str):
    def check(req: Request, text: str, data: dict) -> str:
        """A time typed as organisers write it; the start in the future, the end after it, the
        sign-up deadline before the start."""
        try:
            moment = parse_local(text.strip(), req.policy.timezone).isoformat()
        except InvalidInput:
            raise Refusal("event-invalid", field="time") from None
        times = {k: datetime.fromisoformat(v) for k, v in {**data, step: moment}.items() if k in TIME_STEPS}
        start, end, deadline = (times.get(k) for k in TIME_STEPS)
        if any(t <= datetime.now(UTC) for t in times.values()):
            raise Refusal("event-invalid", field="past")
        if start and end and end <= start or start and deadline and not deadline <= start:
            raise Refusal("event-invalid", field="time")
        return moment

    return check


def _text(step: str):
    def check(req: Request, text: str, data: dict) -> str:
        text = text.strip()
        if step == "description" and text in ("-", "无", "none"):
            return ""
        if not 1 <= len(text) <= events.LIMITS[step]:
            raise InvalidInput(step)
        return text

    return check


def _capacity(req: Request, text: str, data: dict) -> int:
    try:  # 30, ３０, 30人
        return parse_count(text, least=1, most=events.MAX_CAPACITY)
    except InvalidInput:
        raise Refusal("event-invalid", field="capacity") from None


def _examples(req: Request) -> dict[str, str]:
    """The times the prompts give as examples: a trip a week from today, sign-up closing two days
    before it (computed: an example is never a day gone by)."""
    zone = req.policy.timezone
    return {
        "start": example_time(zone, days=7, hour=8),
        "end": example_time(zone, days=7, hour=18),
        "deadline": example_time(zone, days=5, hour=18),
    }


async def _counties(req: Request, data: dict) -> list[Option]:
    return [Option(name(c, req.locale), c.id) for c, _ in await catalog.counties(req.session)]


async def _villages(req: Request, data: dict) -> list[Option]:
    villages = await events.villages(req.session, county_id=data["county_id"])
    return [*(Option(escape(v.name), v.id) for v in villages), Option(req.t("event-no-village"), 0)]


def _show(step: str):
    return lambda req, data: when(req, datetime.fromisoformat(data[step]))


async def _preview(req: Request, data: dict) -> str:
    county = await catalog.county(req.session, county_id=data["county_id"])
    villages = {v.id: v for v in await events.villages(req.session, county_id=county.id)}
    place = name(county, req.locale)
    if data.get("village_id") in villages:
        place += f" · {escape(villages[data['village_id']].name)}"
    return req.t(
        "event-preview",
        title=escape(data["title"]),
        place=place,
        meeting=escape(data["meeting_place"]),
        start=when(req, datetime.fromisoformat(data["starts_at"])),
        end=when(req, datetime.fromisoformat(data["ends_at"])),
        deadline=when(req, datetime.fromisoformat(data["signup_deadline"])),
        capacity=data["capacity"],
        description=escape(data.get("description", "")),
    )


def _asked(step: str, check, **more) -> Step:
    return Step(step, ask="event-ask", check=check, invalid="event-invalid", **more)


EVENT = dialog.register(
    Dialog(
        DIALOG,
        (
            _asked("title", _text("title")),
            Step(
                "county_id",
                kind=CHOICE,
                ask="event-ask",
                ask_args=lambda r, d: {"field": "county"},
                options=_counties,
                columns=3,
                show_value=lambda r, d: "✓",
            ),
            Step(
                "village_id",
                kind=CHOICE,
                ask="event-ask",
                ask_args=lambda r, d: {"field": "village"},
                options=_villages,
                show_value=lambda r, d: "✓",
            ),
            _asked("meeting_place", _text("meeting_place")),
            *(_asked(step, _time(step), show_value=_show(step)) for step in TIME_STEPS),
            _asked("capacity", _capacity, number=True),
            _asked("description", _text("description")),
            Step("preview", kind=PREVIEW, preview=_preview, confirm="event-publish"),
        ),
        lambda session, req, data: _publish(session, req, data),
        title="event-draft",
        ask_args=_examples,
    )
)


@command("event")
async def start(req: Request, text: str) -> Reply:
    """/event: organisers only; asks for the title first."""
    async with req.db.read() as session:
        await roles.organiser_scope(session, member_id=req.member_id)  # Forbidden for members
    return await dialog.begin(req, EVENT)


@intent("ev-cancel")
async def ask_cancel(context: Request, event_id: int) -> Reply:
    """🚫 取消活动 on the card: are you sure? (how many will be told), with a way back."""
    async with context.db.read() as session:
        event = await attendance.to_cancel(
            session, event_id=event_id, actor_id=context.member_id, now=context.now
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
    return Screen(text, rows)


@intent("ev-cancel-ok")
async def cancel(context: Request, event_id: int) -> Reply:
    """确认取消: the event is cancelled and each member signed up or waiting is told, once."""
    now = context.now
    async with context.db.begin() as session:
        people = await attendance.cancel_event(
            session, event_id=event_id, actor_id=context.member_id, now=now
        )
        await tell(  # a second tap returns nobody: nobody is told twice
            session,
            [p.id for p in people],
            "event-cancelled-notice",
            about=f"event:{event_id}",
            now=now,
            actions=[[Button("event-open", "ev", (event_id,))]],
            event_id=event_id,
        )
    said = Alert(context.t("event-cancelled", count=len(people)), modal=True)
    return [said, await card_screen(context, event_id)]


async def _publish(session, req: Request, data: dict) -> Reply:
    """发布: the event, and its announcement through the outbox; the card, with word of when the
    announcement goes out (the morning, at night)."""
    now = datetime.now(UTC)
    event = await events.create(
        session,
        organiser_id=req.member_id,
        title=data["title"],
        county_id=data["county_id"],
        village_id=data.get("village_id") or None,
        meeting_place=data["meeting_place"],
        starts_at=datetime.fromisoformat(data["starts_at"]),
        ends_at=datetime.fromisoformat(data["ends_at"]),
        signup_deadline=datetime.fromisoformat(data["signup_deadline"]),
        capacity=data["capacity"],
        description=data.get("description", ""),
        now=now,
    )
    event = await events.get(session, event_id=event.id)
    framed = {
        "title": event.title,
        "place": f"{event.county.name}{' · ' + event.village.name if event.village else ''}",
        "meeting": event.meeting_place,
        "start": when(req, event.starts_at),
        "deadline": when(req, event.signup_deadline),
        "capacity": event.capacity,
        "description": event.description,
    }
    broadcast = await broadcasts.announce(
        session,
        organiser_id=req.member_id,
        key="event-announcement",
        args=framed,
        text=req.t("event-announcement", **framed),
        kind="events",
        scope_id=event.scope_id,
        button="event",
        button_id=event.id,
        send_at=now,
    )
    await events.set_broadcast(session, event_id=event.id, broadcast_id=broadcast.id)
    start, end = req.policy.quiet_hours  # the announcement waits for the morning then
    quiet = int(broadcasts.quiet_at(now, req.policy.timezone, (start, end)))
    published = Alert(req.t("event-published", quiet=quiet, end=end), modal=True)
    return [published, await card_screen(req, event.id, session)]
