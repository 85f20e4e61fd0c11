"""/broadcast: an organiser's short dialog — content, kind, audience, a button, when — then a
preview with the recipient count, and a progress message with pause, resume and cancel.
/broadcasts lists past and scheduled ones. The dialog's answers live in the member's row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from store import broadcasts, catalog, members, roles
from store.broadcast_models import BroadcastStatus
from store.broadcasts import KINDS
from store.errors import Forbidden, InvalidInput
from store.models import Role, utc

from . import dialog
from .dialog_spec import CHOICE, CUSTOM, PREVIEW, Custom, Dialog, Option, Refusal, Step
from .format import escape, example_time, name, parse_local
from .registry import command, intent
from .reply import Action, Alert, Reply, Screen, button
from .request import Request

DIALOG = "broadcast"
_CONTROLS = {
    "bc-pause": BroadcastStatus.paused,
    "bc-resume": BroadcastStatus.sending,
    "bc-cancel-ok": BroadcastStatus.cancelled,
}


# The audiences offered: an all-agency organiser's, and an agency's organiser's ("own": their agency).
_AUDIENCE_CHOICES = {"all": 0, "agency": 1, "branch": 2, "county": 3, "own": 4}


async def _content_question(req: Request, data: dict) -> Screen:
    return Screen(req.t("broadcast-ask-content"))


async def _content_text(req: Request, data: dict, text: str):
    if len(text) > broadcasts.TEXT_LIMIT:
        return data, Screen(req.t("text-too-long"), new=True)
    return "done", {**data, "text": text, "photo": ""}


async def _content_photo(req: Request, data: dict, photo: str, caption: str):
    """A photo with a caption is the content; a photo without one is asked for its words."""
    caption = caption.strip()
    if not caption or len(caption) > broadcasts.CAPTION_LIMIT:
        return data, Screen(req.t("broadcast-photo-needs-caption"), new=True)
    return "done", {**data, "text": caption, "photo": photo}


async def _kinds(req: Request, data: dict) -> list[Option]:
    return [Option(req.t("announcement-kind", kind=kind), i) for i, kind in enumerate(KINDS)]


async def _audiences(req: Request, data: dict) -> list[Option]:
    """The audiences within the organiser's scope: an agency's organiser reaches their own agency,
    whole or by branch (the store refuses the rest; it is not offered, to be refused at the end)."""
    scope = await roles.organiser_scope(req.session, member_id=req.member_id)
    offered = ("all", "agency", "branch", "county") if scope == roles.ALL else ("own", "branch")
    return [Option(req.t("broadcast-audience", audience=a), _AUDIENCE_CHOICES[a]) for a in offered]


def _audience(data: dict) -> tuple[str, int]:
    """The audience and its id as the store knows them."""
    chosen = {v: k for k, v in _AUDIENCE_CHOICES.items()}[data["audience"]]
    if chosen == "own":
        return "agency", data["scope"]
    return chosen, data.get("target", 0) if chosen != "all" else 0


async def _after_audience(req: Request, data: dict) -> dict:
    scope = await roles.organiser_scope(req.session, member_id=req.member_id)
    return {**data, "scope": 0 if scope == roles.ALL else scope}


async def _targets(req: Request, data: dict) -> list[Option]:
    audience = _audience({**data, "target": 0})[0]
    within = data.get("scope") or None
    if audience == "agency":
        found = (await members.agencies(req.session, per_page=30)).items
    elif audience == "branch":
        found = (await members.branches(req.session, agency_id=within, per_page=40)).items
    else:
        found = [county for county, _ in await catalog.counties(req.session)]
    return [Option(name(o, req.locale), o.id) for o in found]


async def _buttons(req: Request, data: dict) -> list[Option]:
    keys = ("broadcast-button-none", "broadcast-button-county", "broadcast-button-product")
    return [Option(req.t(key), i) for i, key in enumerate(keys)]


async def _counties(req: Request, data: dict) -> list[Option]:
    return [Option(name(c, req.locale), c.id) for c, _ in await catalog.counties(req.session)]


async def _product_search(req: Request, text: str, data: dict) -> str:
    """Words to find the product by; a search that finds nothing says so."""
    query = text.strip()[:64]
    if not (await catalog.search(req.session, text=query, per_page=1)).total:
        raise Refusal("broadcast-no-product", query=escape(query))
    return query


async def _products(req: Request, data: dict) -> list[Option]:
    if not data.get("product_query"):
        return []
    found = await catalog.search(req.session, text=data["product_query"], per_page=8)
    return [Option(name(p, req.locale), p.id) for p in found.items]


async def _now(req: Request, data: dict) -> list[Option]:
    return [Option(req.t("broadcast-now"), 0)]


def _when(req: Request, text: str, data: dict) -> str:
    """A time typed as organisers write it, in the future."""
    try:
        local = parse_local(text, req.policy.timezone)
    except InvalidInput:
        raise Refusal("broadcast-ask-when-again", **_examples(req)) from None
    if local < req.now - timedelta(minutes=1):
        raise Refusal("broadcast-ask-when-past", **_examples(req))
    return local.astimezone(UTC).isoformat()


def _examples(req: Request) -> dict:
    return {"example": example_time(req.policy.timezone, days=1, hour=9)}  # tomorrow morning, never past


def _send_at(data: dict) -> datetime:
    return datetime.fromisoformat(data["when"]) if data.get("when") else datetime.now(UTC)


async def _preview(req: Request, data: dict):
    """What goes out, to how many and when; Forbidden (a forged audience) is said instead of a
    figure, and nobody to send to asks for another audience."""
    audience, audience_id = _audience(data)
    kind = KINDS[data["kind"]]
    try:
        count = await broadcasts.count_recipients(
            req.session, organiser_id=req.member_id, kind=kind, audience=audience, audience_id=audience_id
        )
    except Forbidden:
        return req.t("error-forbidden"), False
    send_at = _send_at(data)
    when = send_at.astimezone(ZoneInfo(req.policy.timezone)).strftime("%Y-%m-%d %H:%M")
    shown = [req.t("broadcast-preview", text=escape(data["text"]), count=count, when=when)]
    if not count:  # nobody to send it to: choose again rather than confirm
        return "\n\n".join([*shown, req.t("broadcast-nobody")]), False
    start, end = req.policy.quiet_hours
    if broadcasts.quiet_at(send_at, req.policy.timezone, (start, end)):
        shown.append(req.t("broadcast-quiet-deferred", start=start, end=end))
    elif start != end:
        shown.append(req.t("broadcast-quiet-note", start=start, end=end))
    return "\n".join(shown), True


async def _publish(session, req: Request, data: dict) -> Reply:
    audience, audience_id = _audience(data)
    button, button_id = ("", 0)
    if data.get("button") == 1:
        button, button_id = "county", data["button_county"]
    elif data.get("button") == 2:
        button, button_id = "product", data["product"]
    broadcast = await broadcasts.create(
        session,
        organiser_id=req.member_id,
        text=data["text"],
        photo=data.get("photo", ""),
        kind=KINDS[data["kind"]],
        audience=audience,
        audience_id=audience_id,
        button=button,
        button_id=button_id,
        send_at=_send_at(data),
    )
    translator = req.translator
    progress = Screen(
        progress_text(translator, req.locale, broadcast, {}),
        progress_rows(translator, req.locale, broadcast),
        tracks=("broadcast", broadcast.id),
    )
    return [Alert(req.t("broadcast-published")), progress]


BROADCAST = dialog.register(
    Dialog(
        DIALOG,
        (
            Step(
                "content",
                kind=CUSTOM,
                custom=Custom(_content_question, on_text=_content_text, on_photo=_content_photo),
            ),
            Step("kind", kind=CHOICE, ask="broadcast-ask-kind", options=_kinds),
            Step(
                "audience",
                kind=CHOICE,
                ask="broadcast-ask-audience",
                options=_audiences,
                after=_after_audience,
                strict=False,  # the store decides who the organiser may reach (Forbidden)
            ),
            Step(
                "target",
                kind=CHOICE,
                ask="broadcast-ask-target",
                ask_args=lambda req, data: {"audience": _audience({**data, "target": 0})[0]},
                options=_targets,
                shown=lambda data: data.get("audience") in (1, 2, 3),
                strict=False,
            ),
            Step("button", kind=CHOICE, ask="broadcast-ask-button", options=_buttons),
            Step(
                "button_county",
                kind=CHOICE,
                ask="broadcast-ask-button",
                options=_counties,
                shown=lambda data: data.get("button") == 1,
            ),
            Step(
                "product",
                kind=CHOICE,
                ask=lambda req, data: (
                    "broadcast-pick-product" if data.get("product_query") else "broadcast-ask-product"
                ),
                ask_args=lambda req, data: {"query": escape(data.get("product_query", ""))},
                check=_product_search,
                search=True,
                options=_products,
                shown=lambda data: data.get("button") == 2,
            ),
            Step(
                "when",
                kind=CHOICE,
                ask="broadcast-ask-when",
                ask_args=lambda req, data: _examples(req),
                options=_now,
                check=_when,
                skipped="",
            ),
            Step(
                "preview",
                kind=PREVIEW,
                preview=_preview,
                confirm="broadcast-confirm",
                instead=("broadcast-change-audience", "audience"),
            ),
        ),
        _publish,
        title="broadcast-dialog",
    )
)


@command("broadcast")
async def start(context: Request, text: str) -> Reply:
    """/broadcast: organisers only; asks for the content first."""
    async with context.db.read() as session:
        grants = await roles.roles_of(session, member_id=context.member_id or 0)
    if not roles.allows(grants, Role.organiser):
        raise Forbidden(Role.organiser)
    return await dialog.begin(context, BROADCAST)


@intent("bc-cancel")
async def ask_cancel(context: Request, broadcast_id: int) -> Reply:
    """✖️ 取消 on the progress message: asked first, as what was cancelled cannot be resumed."""
    async with context.db.read() as session:
        await broadcasts.controlled_by(session, broadcast_id=broadcast_id, actor_id=context.member_id or 0)
    rows = [
        [button(context.t("broadcast-cancel-yes"), "bc-cancel-ok", broadcast_id)],
        [button(context.t("broadcast-cancel-no"), "bc-show", broadcast_id)],
    ]
    return Screen(context.t("broadcast-cancel-ask", id=broadcast_id), rows)


@intent("bc-show")
async def progress_screen(context: Request, broadcast_id: int) -> Reply:
    """不取消: the progress message as it is."""
    async with context.db.read() as session:
        broadcast = await broadcasts.controlled_by(
            session, broadcast_id=broadcast_id, actor_id=context.member_id or 0
        )
        counts = await broadcasts.progress(session, broadcast_id=broadcast_id)
    translator = context.translator
    rows = progress_rows(translator, context.locale, broadcast)
    return Screen(progress_text(translator, context.locale, broadcast, counts), rows)


@intent("bc-pause")
async def pause(context: Request, broadcast_id: int) -> Reply:
    return await _control(context, "bc-pause", broadcast_id)


@intent("bc-resume")
async def resume(context: Request, broadcast_id: int) -> Reply:
    return await _control(context, "bc-resume", broadcast_id)


@intent("bc-cancel-ok")
async def cancel(context: Request, broadcast_id: int) -> Reply:
    return await _control(context, "bc-cancel-ok", broadcast_id)


async def _control(context: Request, action: str, broadcast_id: int) -> Reply:
    """Pause, resume or (once confirmed) cancel from the progress message (the store checks the
    organiser's scope)."""
    async with context.db.begin() as session:
        broadcast = await broadcasts.set_status(
            session, broadcast_id=broadcast_id, actor_id=context.member_id or 0, to=_CONTROLS[action]
        )
        counts = await broadcasts.progress(session, broadcast_id=broadcast_id)
    said = Alert(context.t("broadcast-status", status=_CONTROLS[action].value))
    translator = context.translator
    rows = progress_rows(translator, context.locale, broadcast)  # what can still be done
    # As a screen: the sender may have made the same edit a moment before ("not modified").
    return [said, Screen(progress_text(translator, context.locale, broadcast, counts), rows)]


@command("broadcasts")
async def listing(context: Request, text: str) -> Reply:
    """/broadcasts: the latest broadcasts with their figures."""
    async with context.db.read() as session:  # Forbidden for anyone but an organiser
        found = await broadcasts.of_organiser(session, organiser_id=context.member_id)
    zone = ZoneInfo(context.policy.timezone)
    lines = [
        context.t(
            "broadcast-line",
            id=b.id,
            status=b.status.value,
            when=utc(b.send_at).astimezone(zone).strftime("%m-%d %H:%M"),
            text=escape(" ".join(b.text.split())[:24]),
            **_figures(counts),
        )
        for b, counts in found
    ]
    text = "\n".join([context.t("broadcast-list", count=len(found)), *lines])
    return Screen(text, [[button(context.t("nav-menu"), "menu")]])


def progress_text(translator, locale: str | None, broadcast, counts) -> str:
    """The progress message: shared by the dialog and the sender's edits."""
    return translator.t(
        locale, "broadcast-progress", id=broadcast.id, status=broadcast.status.value, **_figures(counts)
    )


def progress_rows(translator, locale: str | None, broadcast) -> list[list[Action]]:
    """Under the progress message: pause or resume, whichever applies, and cancel; none once it
    is over."""
    labels = {
        BroadcastStatus.scheduled: (("bc-pause", "broadcast-pause"), ("bc-cancel", "broadcast-cancel")),
        BroadcastStatus.sending: (("bc-pause", "broadcast-pause"), ("bc-cancel", "broadcast-cancel")),
        BroadcastStatus.paused: (("bc-resume", "broadcast-resume"), ("bc-cancel", "broadcast-cancel")),
    }.get(broadcast.status, ())
    return (
        [[Action(translator.t(locale, key), action, (broadcast.id,)) for action, key in labels]]
        if labels
        else []
    )


def _figures(counts) -> dict[str, int]:
    total = sum(counts.values())
    return {
        "sent": counts.get("sent", 0),
        "total": total,
        "blocked": counts.get("blocked", 0),
        "failed": counts.get("failed", 0),
    }
