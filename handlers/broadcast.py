"""/broadcast: an organiser's short dialog — content, kind, audience, a button, when — then a
preview with the recipient count, and a progress message with pause, resume and cancel.
/broadcasts lists past and scheduled ones. The dialog's answers live in the member's row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update

from store import broadcasts, catalog, events, members, roles
from store.broadcasts import AUDIENCES, KINDS
from store.errors import Forbidden, InvalidInput
from store.models import BroadcastStatus, Role, utc

from . import callbacks, steps
from .context import Context
from .format import clean_text, escape, example_time, name, parse_local
from .screens import Screen, button, show

DIALOG = "broadcast"
_CONTROLS = {
    "bc-pause": BroadcastStatus.paused,
    "bc-resume": BroadcastStatus.sending,
    "bc-cancel": BroadcastStatus.cancelled,
}


async def start(update: Update, context: Context) -> None:
    """/broadcast: organisers only; asks for the content first."""
    async with context.db.begin() as session:
        grants = await roles.roles_of(session, member_id=context.member_id or 0)
        if not roles.allows(grants, Role.organiser):
            raise Forbidden(Role.organiser)
        await steps.keep(session, context, DIALOG, {"step": "content"})
    await steps.ask(update, context, "broadcast-ask-content")


async def on_text(update: Update, context: Context, text: str) -> None:
    """Text for the current step: the content, a product to point to, or the time it should go out."""
    step = (context.member.dialog_data or {}).get("step")
    if step == "content":
        if len(text) > broadcasts.TEXT_LIMIT:
            await update.effective_message.reply_text(context.t("text-too-long"))
            return
        await _save(context, step="kind", text=text, photo="")
        await _choose_kind(update, context)
    elif step == "when":
        try:
            local = parse_local(text, context.config.timezone)
        except InvalidInput:
            await _ask_when(update, context, "broadcast-ask-when-again")
            return
        if local < datetime.now(UTC) - timedelta(minutes=1):
            await _ask_when(update, context, "broadcast-ask-when-past")
            return
        await _save(context, step="preview", send_at=local.astimezone(UTC).isoformat())
        await _preview(update, context)
    elif step == "product":
        async with context.db.read() as session:
            found = await catalog.search(session, text=text, per_page=8)
        rows = [[button(name(p, context.locale), "bc-btn", 2, p.id)] for p in found.items]
        rows.append(steps.cancel_row(context))
        key = "broadcast-pick-product" if found.total else "broadcast-no-product"
        await show(update, context, Screen(context.t(key, query=escape(text[:64])), rows))
    else:
        await update.effective_message.reply_text(context.t("broadcast-use-buttons"))


async def on_other(update: Update, context: Context) -> None:
    """A photo with a caption as the content; anything else is asked again."""
    message = update.effective_message
    step = (context.member.dialog_data or {}).get("step")
    caption = clean_text(message.caption or "").strip()
    if step == "content" and message.photo and caption and len(caption) <= broadcasts.CAPTION_LIMIT:
        await _save(context, step="kind", text=caption, photo=message.photo[-1].file_id)
        await _choose_kind(update, context)
        return
    await message.reply_text(
        context.t("broadcast-photo-needs-caption" if message.photo else "dialog-text-please")
    )


async def choose(update: Update, context: Context) -> None:
    """The dialog's buttons: kind, audience (and which one), button, when, confirm."""
    action, args = callbacks.parse(update.callback_query.data)
    data = (context.member.dialog_data or {}) if context.member and context.member.dialog == DIALOG else None
    if data is None:
        raise callbacks.BadCallback(update.callback_query.data)
    if action == "bc-go":  # answered after publishing, so a refusal can still say why
        await _publish(update, context)
        await update.callback_query.answer(context.t("broadcast-published"))
        return
    await _step(update, context, action, args)  # answered after it too: the preview may be refused
    await update.callback_query.answer()


async def _step(update: Update, context: Context, action: str, args: tuple[int, ...]) -> None:
    """The dialog's next step, after its kind, audience, button or 'now' was tapped."""
    if action == "bc-kind" and args[0] < len(KINDS):
        await _save(context, step="audience", kind=KINDS[args[0]])
        await _choose_audience(update, context)
    elif action == "bc-aud" and args[0] < len(AUDIENCES):
        audience, audience_id = AUDIENCES[args[0]], args[1]
        if audience != "all" and audience_id == 0:
            await _choose_target(update, context, audience)
            return
        await _save(context, step="button", audience=audience, audience_id=audience_id)
        await _choose_button(update, context)
    elif action == "bc-btn":
        kind = ("", "county", "product")[min(args[0], 2)]
        if kind == "county" and args[1] == 0:
            await _choose_county_button(update, context)
            return
        if kind == "product" and args[1] == 0:
            await _save(context, step="product")
            await steps.ask(update, context, "broadcast-ask-product")
            return
        await _save(context, step="when", button=kind, button_id=args[1])
        await _ask_when(update, context, "broadcast-ask-when")
    elif action == "bc-now":
        await _save(context, step="preview", send_at=datetime.now(UTC).isoformat())
        await _preview(update, context)
    else:
        raise callbacks.BadCallback(update.callback_query.data)


async def control(update: Update, context: Context) -> None:
    """Pause, resume or cancel from the progress message (the store checks the organiser's scope)."""
    action, (broadcast_id,) = callbacks.parse(update.callback_query.data)
    async with context.db.begin() as session:
        broadcast = await broadcasts.set_status(
            session, broadcast_id=broadcast_id, actor_id=context.member_id or 0, to=_CONTROLS[action]
        )
        counts = await broadcasts.progress(session, broadcast_id=broadcast_id)
    await update.callback_query.answer(context.t("broadcast-status", status=_CONTROLS[action].value))
    translator = context.bot_data.translator
    markup = progress_markup(translator, context.locale, broadcast)  # what can still be done
    rows = [list(row) for row in markup.inline_keyboard] if markup else []
    # As a screen: the sender may have made the same edit a moment before ("not modified").
    await show(update, context, Screen(progress_text(translator, context.locale, broadcast, counts), rows))


async def listing(update: Update, context: Context) -> None:
    """/broadcasts: the latest broadcasts with their figures."""
    async with context.db.read() as session:
        grants = await roles.roles_of(session, member_id=context.member_id or 0)
        if not roles.allows(grants, Role.organiser):
            raise Forbidden(Role.organiser)
        found = await broadcasts.of_organiser(session, organiser_id=context.member_id)
    zone = ZoneInfo(context.config.timezone)
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
    await update.effective_message.reply_text(
        "\n".join([context.t("broadcast-list", count=len(found)), *lines]),
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup([[button(context.t("nav-menu"), "menu")]]),
    )


def progress_text(translator, locale: str | None, broadcast, counts) -> str:
    """The progress message: shared by the dialog and the sender's edits."""
    return translator.t(
        locale, "broadcast-progress", id=broadcast.id, status=broadcast.status.value, **_figures(counts)
    )


def progress_markup(translator, locale: str | None, broadcast) -> InlineKeyboardMarkup | None:
    """Under the progress message: pause or resume, whichever applies, and cancel; none once it
    is over."""
    labels = {
        BroadcastStatus.scheduled: (("bc-pause", "broadcast-pause"), ("bc-cancel", "broadcast-cancel")),
        BroadcastStatus.sending: (("bc-pause", "broadcast-pause"), ("bc-cancel", "broadcast-cancel")),
        BroadcastStatus.paused: (("bc-resume", "broadcast-resume"), ("bc-cancel", "broadcast-cancel")),
    }.get(broadcast.status, ())
    if not labels:
        return None
    return InlineKeyboardMarkup(
        [[button(translator.t(locale, key), action, broadcast.id) for action, key in labels]]
    )


def _figures(counts) -> dict[str, int]:
    total = sum(counts.values())
    return {
        "sent": counts.get("sent", 0),
        "total": total,
        "blocked": counts.get("blocked", 0),
        "failed": counts.get("failed", 0),
    }


async def _publish(update: Update, context: Context) -> None:
    async with context.db.begin() as session:
        data = await steps.finish(session, update, context, DIALOG, "preview")
        broadcast = await broadcasts.create(
            session,
            organiser_id=context.member_id,
            text=data["text"],
            photo=data.get("photo", ""),
            kind=data["kind"],
            audience=data["audience"],
            audience_id=data["audience_id"],
            button=data.get("button", ""),
            button_id=data.get("button_id", 0),
            send_at=datetime.fromisoformat(data["send_at"]),
        )
    translator = context.bot_data.translator
    message = await context.bot.send_message(
        update.effective_chat.id,
        progress_text(translator, context.locale, broadcast, {}),
        reply_markup=progress_markup(translator, context.locale, broadcast),
    )
    async with context.db.begin() as session:
        await broadcasts.set_progress_message(
            session, broadcast_id=broadcast.id, chat_id=message.chat_id, message_id=message.message_id
        )


async def _preview(update: Update, context: Context) -> None:
    data = context.member.dialog_data
    async with context.db.read() as session:
        count = await broadcasts.count_recipients(  # Forbidden for a (forged) audience out of scope
            session,
            organiser_id=context.member_id,
            kind=data["kind"],
            audience=data["audience"],
            audience_id=data["audience_id"],
        )
    send_at = datetime.fromisoformat(data["send_at"])
    when = send_at.astimezone(ZoneInfo(context.config.timezone)).strftime("%Y-%m-%d %H:%M")
    parts = [context.t("broadcast-preview", text=escape(data["text"]), count=count, when=when)]
    start, end = context.config.quiet_hours
    if not count:  # nobody to send it to: choose again rather than confirm
        parts.append(context.t("broadcast-nobody"))
        again = button(context.t("broadcast-change-audience"), "bc-kind", KINDS.index(data["kind"]))
        await show(update, context, Screen("\n\n".join(parts), [[again], steps.cancel_row(context)]))
        return
    if broadcasts.quiet_at(send_at, context.config.timezone, (start, end)):
        parts.append(context.t("broadcast-quiet-deferred", start=start, end=end))
    elif start != end:
        parts.append(context.t("broadcast-quiet-note", start=start, end=end))
    rows = [[button(context.t("broadcast-confirm"), "bc-go"), *steps.cancel_row(context)]]
    await show(update, context, Screen("\n".join(parts), rows))


async def _ask_when(update: Update, context: Context, key: str) -> None:
    rows = [[button(context.t("broadcast-now"), "bc-now"), *steps.cancel_row(context)]]
    example = example_time(context.config.timezone, days=1, hour=9)  # tomorrow morning, never past
    await show(update, context, Screen(context.t(key, example=example), rows))


async def _choose_kind(update: Update, context: Context) -> None:
    rows = [[button(context.t("announcement-kind", kind=kind), "bc-kind", i)] for i, kind in enumerate(KINDS)]
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("broadcast-ask-kind"), rows))


async def _choose_audience(update: Update, context: Context) -> None:
    """The audiences within the organiser's scope: an agency's organiser reaches their own agency,
    whole ("own") or by branch (the store refuses the rest; it is not offered, to be refused at the end)."""
    async with context.db.read() as session:
        scope = await events.organiser_scope(session, member_id=context.member_id)
    offered = [(a, 0) for a in AUDIENCES] if scope == roles.ALL else [("own", scope), ("branch", 0)]
    rows = [
        [
            button(
                context.t("broadcast-audience", audience=a),
                "bc-aud",
                AUDIENCES.index(a.replace("own", "agency")),
                target,
            )
        ]
        for a, target in offered
    ]
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("broadcast-ask-audience"), rows))


async def _choose_target(update: Update, context: Context, audience: str) -> None:
    index = AUDIENCES.index(audience)
    async with context.db.read() as session:
        scope = await events.organiser_scope(session, member_id=context.member_id)
        within = None if scope == roles.ALL else scope
        if audience == "agency":
            options = (await members.agencies(session, per_page=30)).items
        elif audience == "branch":
            options = (await members.branches(session, agency_id=within, per_page=40)).items
        else:
            options = [county for county, _ in await catalog.counties(session)]
    rows = [[button(name(o, context.locale), "bc-aud", index, o.id)] for o in options]
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("broadcast-ask-target", audience=audience), rows))


async def _choose_button(update: Update, context: Context) -> None:
    rows = [
        [button(context.t("broadcast-button-none"), "bc-btn", 0, 0)],
        [button(context.t("broadcast-button-county"), "bc-btn", 1, 0)],
        [button(context.t("broadcast-button-product"), "bc-btn", 2, 0)],
        steps.cancel_row(context),
    ]
    await show(update, context, Screen(context.t("broadcast-ask-button"), rows))


async def _choose_county_button(update: Update, context: Context) -> None:
    async with context.db.read() as session:
        counties = [county for county, _ in await catalog.counties(session)]
    rows = [[button(name(c, context.locale), "bc-btn", 1, c.id)] for c in counties]
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("broadcast-ask-button"), rows))


async def _save(context: Context, **changes: object) -> None:
    data = {**(context.member.dialog_data or {}), **changes}
    await steps.save(context, DIALOG, data)
