"""Nominating a product (好品大家荐): name → county → village (or 跳过; a name close to one of the
county's villages is asked about) → supplier or farm household → a contact → why it is good → a
photo (or 跳过). The step lives in the member's row, so a restart continues it. A product already on sale is pointed at; one already nominated is merged.
/my_nominations lists a member's nominations with their status."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from store import catalog, nominations
from store.errors import AlreadyListed, InvalidInput
from store.models import NominationStatus

from . import callbacks, steps
from .catalog import FROM_MENU
from .context import Context
from .format import escape, name
from .screens import Screen, button, pager, show

DIALOG = "nominate"
TEXT_STEPS = {"name", "village", "supplier", "contact", "reason"}
ORDER = ("name", "county", "village", "supplier", "contact", "reason", "photo")


async def start(update: Update, context: Context) -> None:
    """/nominate or the menu's 提名好物."""
    if context.member is None or context.member.branch_id is None:
        await update.effective_message.reply_text(context.t("order-join-first"))
        return
    # One nomination per dialog, however often its last answer arrives. Not the message's id: ids
    # start again in a new sandbox run, while the store keeps what earlier runs nominated.
    key = f"nominate:{context.member_id}:{time.time_ns()}"
    async with context.db.begin() as session:
        await steps.keep(session, context, DIALOG, {"step": "name", "key": key})
    if update.callback_query:
        await update.callback_query.answer()
    await update.effective_message.reply_text(context.t("nominate-intro"))
    await steps.ask(update, context, "nominate-ask", field="name")


async def on_text(update: Update, context: Context, text: str) -> None:
    data = dict(context.member.dialog_data or {})
    step = data.get("step", "name")
    if step == "county":
        await _county_by_text(update, context, data, text)
        return
    if step == "village":
        await _village_by_text(update, context, data, text)
        return
    if step not in TEXT_STEPS:  # the photo step
        await update.effective_message.reply_text(context.t("nominate-photo-please"))
        await _ask(update, context, step)
        return
    try:
        data[step] = nominations.check_field(step, text)
    except InvalidInput:
        await update.effective_message.reply_text(context.t("nominate-invalid", field=step))
        await _ask(update, context, step)
        return
    await _next(update, context, data, step)


async def on_other(update: Update, context: Context) -> None:
    """A photo at the photo step finishes; anything else asks the step again."""
    data = dict(context.member.dialog_data or {})
    step = data.get("step", "name")
    message = update.effective_message
    if step == "photo" and message.photo:
        data["photo"] = message.photo[-1].file_id
        await _finish(update, context, data)
        return
    await message.reply_text(context.t("nominate-photo-please" if step == "photo" else "dialog-text-please"))
    await _ask(update, context, step)


async def choose_county(update: Update, context: Context) -> None:
    _, (county_id,) = callbacks.parse(update.callback_query.data, "nom-county")
    data = _data(context)
    if data is None or data.get("step") != "county":
        raise callbacks.BadCallback(update.callback_query.data)
    await update.callback_query.answer()
    await _take_county(update, context, data, county_id)


async def skip(update: Update, context: Context) -> None:
    """跳过 the village or the photo."""
    data = _data(context)
    if data is None or data.get("step") not in ("village", "photo"):
        raise callbacks.BadCallback(update.callback_query.data)
    await update.callback_query.answer()
    data.pop("village_typed", None)
    if data["step"] == "photo":
        await _finish(update, context, {**data, "photo": ""})
    else:
        await _next(update, context, {**data, "village": ""}, "village")


async def choose_village(update: Update, context: Context) -> None:
    """One of the county's villages the typed name may mean, or 0: the name as it was typed."""
    _, (village_id,) = callbacks.parse(update.callback_query.data, "nom-village")
    data = _data(context)
    if data is None or data.get("step") != "village" or "village_typed" not in data:
        raise callbacks.BadCallback(update.callback_query.data)
    typed = data.pop("village_typed")
    if village_id:
        async with context.db.read() as session:
            _, close = await nominations.village_matches(session, county_id=data["county"], name=typed)
        chosen = [v.name for v in close if v.id == village_id]
        if not chosen:
            raise callbacks.BadCallback(update.callback_query.data)
        typed = chosen[0]
    await update.callback_query.answer()
    await _next(update, context, {**data, "village": typed}, "village")


async def _village_by_text(update: Update, context: Context, data: dict, text: str) -> None:
    """A village the county has is taken under its own name; one it may mean is asked about, so a
    nomination never adds a second village beside the real one; any other is a village of its own."""
    try:
        typed = nominations.check_field("village", text)
    except InvalidInput:
        await update.effective_message.reply_text(context.t("nominate-invalid", field="village"))
        await _ask(update, context, "village")
        return
    async with context.db.read() as session:
        same, close = await nominations.village_matches(session, county_id=data["county"], name=typed)
    if not close:
        await _next(update, context, {**data, "village": same.name if same else typed}, "village")
        return
    await steps.save(context, DIALOG, {**data, "village_typed": typed})
    rows = [[button(escape(v.name), "nom-village", v.id)] for v in close]
    rows.append([button(context.t("nominate-village-as-typed", village=escape(typed)), "nom-village", 0)])
    rows.append(steps.cancel_row(context))
    await context.bot.send_message(
        update.effective_chat.id,
        context.t("nominate-village-which", village=escape(typed)),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def _county_by_text(update: Update, context: Context, data: dict, text: str) -> None:
    async with context.db.read() as session:
        counties = [c for c, _ in await catalog.counties(session)]
    wanted = text.strip().lower()
    found = [c for c in counties if wanted in (c.name, c.name_en.lower())]
    if not found and len(wanted) >= 2:  # 巫溪 for 巫溪县
        found = [c for c in counties if c.name.startswith(wanted) or c.name_en.lower().startswith(wanted)]
    if len(found) != 1:
        await update.effective_message.reply_text(context.t("nominate-county-please"))
        await _ask(update, context, "county")
        return
    await _take_county(update, context, data, found[0].id)


async def _take_county(update: Update, context: Context, data: dict, county_id: int) -> None:
    """The county is known: a product already on sale there under this name ends the dialog."""
    async with context.db.read() as session:
        county = await catalog.county(session, county_id=county_id)
        listed, earlier = await nominations.find_duplicate(session, county_id=county.id, name=data["name"])
    if listed is not None:
        await _end(context)
        await _point_at(update, context, listed.id)
        return
    data["county"] = county.id
    data["step"] = ORDER[ORDER.index("county") + 1]
    await steps.save(context, DIALOG, data)  # before any reply: a message handled again sends it once
    if earlier is not None:
        await update.effective_message.reply_text(context.t("nominate-merged-ahead", nomination=earlier.id))
    await _ask(update, context, data["step"])


async def _next(update: Update, context: Context, data: dict, step: str) -> None:
    data["step"] = ORDER[ORDER.index(step) + 1]
    await steps.save(context, DIALOG, data)
    await _ask(update, context, data["step"])


async def _ask(update: Update, context: Context, step: str) -> None:
    chat_id = update.effective_chat.id
    cancel = button(context.t("dialog-cancel"), "dialog-cancel")
    if step == "county":
        async with context.db.read() as session:
            counties = [c for c, _ in await catalog.counties(session)]
        keys = [button(name(c, context.locale), "nom-county", c.id) for c in counties]
        rows = [keys[i : i + 3] for i in range(0, len(keys), 3)] + [[cancel]]
    elif step in ("village", "photo"):
        rows = [[button(context.t("nominate-skip"), "nom-skip"), cancel]]
    else:
        rows = [[cancel]]
    await context.bot.send_message(
        chat_id, context.t("nominate-ask", field=step), reply_markup=InlineKeyboardMarkup(rows)
    )


async def _finish(update: Update, context: Context, data: dict) -> None:
    try:
        async with context.db.begin() as session:
            nomination = await nominations.submit(
                session,
                member_id=context.member_id,
                key=data.get("key") or f"nominate:{context.member_id}:{update.effective_message.message_id}",
                name=data["name"],
                county_id=data["county"],
                village=data.get("village", ""),
                supplier=data["supplier"],
                contact=data["contact"],
                reason=data["reason"],
                photo=data.get("photo", ""),
                now=datetime.now(UTC),
            )
            await steps.keep(session, context, None)
    except AlreadyListed as listed:  # listed while the member was typing
        await _end(context)
        await _point_at(update, context, listed.product_id)
        return
    key = "nominate-merged" if nomination.status == NominationStatus.merged else "nominate-done"
    rows = [[button(context.t("menu-my-nominations"), "my-noms", 0), button(context.t("nav-menu"), "menu")]]
    await context.bot.send_message(
        update.effective_chat.id,
        context.t(key, nomination=nomination.id, name=escape(nomination.product_name)),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def _point_at(update: Update, context: Context, product_id: int) -> None:
    rows = [
        [button(context.t("nominate-open-listed"), "product", product_id, FROM_MENU, 0, 0)],
        [button(context.t("nav-menu"), "menu")],
    ]
    await context.bot.send_message(
        update.effective_chat.id,
        context.t("nominate-already-listed"),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def _end(context: Context) -> None:
    async with context.db.begin() as session:
        await steps.keep(session, context, None)


def _data(context: Context) -> dict | None:
    member = context.member
    return dict(member.dialog_data or {}) if member and member.dialog == DIALOG else None


async def my_nominations(update: Update, context: Context) -> None:
    """/my_nominations: mine, newest first, each with its status (and why, if rejected)."""
    page = callbacks.parse(update.callback_query.data, "my-noms")[1][0] if update.callback_query else 0
    async with context.db.read() as session:
        found = await nominations.of_member(session, member_id=context.member_id or 0, page=page)
    lines = [
        context.t(
            "nomination-line",
            nomination=n.id,
            name=escape(n.product_name),
            county=name(n.county, context.locale),
            status=n.status.value,
            reason=escape(n.reject_reason) or "-",
        )
        for n in found.items
    ]
    rows = [[button(context.t("menu-nominate"), "nominate")]]
    if nav := pager(context, found, "my-noms"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    if update.callback_query:
        await update.callback_query.answer()
    key = "my-nominations-title" if found.total else "my-nominations-none"
    await show(update, context, Screen("\n\n".join([context.t(key, count=found.total), *lines]), rows))
