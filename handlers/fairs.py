"""Online fairs: /fair, a dialog for organisers and admins (name, the offline fair it accompanies,
start, end, products found by name, per-county features with text and photos, preview); the
opening is announced through the outbox at the start. Members see open fairs in the main menu,
with their products and the counties' food and scenery."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update

from store import broadcasts, catalog, events, fairs
from store.errors import InvalidInput

from . import callbacks, steps
from .catalog import FROM_FAIR
from .context import Context
from .events import when
from .format import clean_text, escape, example_time, name, parse_local, yuan
from .screens import Screen, button, pager, show, show_with_photo

DIALOG = "fair"
TEXT_STEPS = ("name", "offline_fair", "starts_at", "ends_at")
MAX_FEATURE_PHOTOS = 5


async def menu_rows(context: Context) -> list[list]:
    """A main-menu button per fair open now."""
    async with context.db.read() as session:
        open_fairs = await fairs.open_now(session, now=datetime.now(UTC))
    return [[button(context.t("fair-menu-button", name=f.name), "fair", f.id, 0)] for f in open_fairs]


async def fair_page(update: Update, context: Context) -> None:
    """A fair: what it is, the counties' features, a page of its products."""
    _, (fair_id, page) = callbacks.parse(update.callback_query.data, "fair")
    async with context.db.read() as session:
        fair = await fairs.get(session, fair_id=fair_id)
        features = await fairs.features(session, fair_id=fair_id)
        products = await fairs.products_page(session, fair_id=fair_id, page=page)
    t = context.t
    lines = [
        t(
            "fair-title",
            name=escape(fair.name),
            offline=escape(fair.offline_fair),
            has_offline=int(bool(fair.offline_fair)),
            start=when(context, fair.starts_at),
            end=when(context, fair.ends_at),
        )
    ]
    lines += [
        f"<b>{name(county, context.locale)}</b> {escape(feature.text[:200])}" for feature, county in features
    ]
    rows = [
        [
            button(
                t("fair-feature-button", county=name(county, context.locale)), "fair-feat", fair_id, county.id
            )
        ]
        for feature, county in features
        if feature.photos
    ]
    rows += [
        [
            button(
                t("product-button", name=name(p, context.locale), price=yuan(p.price_fen)),
                "product",
                p.id,
                FROM_FAIR,
                fair_id,
                page,
            )
        ]
        for p in products.items
    ]
    if nav := pager(context, products, "fair", fair_id):
        rows.append(nav)
    rows.append([button(t("nav-menu"), "menu")])
    await update.callback_query.answer()
    await show(update, context, Screen("\n".join(lines), rows))


async def feature(update: Update, context: Context) -> None:
    """A county's feature at a fair, with its first photo."""
    _, (fair_id, county_id) = callbacks.parse(update.callback_query.data, "fair-feat")
    async with context.db.read() as session:
        found = {c.id: (f, c) for f, c in await fairs.features(session, fair_id=fair_id)}
    if county_id not in found:
        raise callbacks.BadCallback(update.callback_query.data)
    feature_row, county = found[county_id]
    text = f"<b>{name(county, context.locale)}</b>\n{escape(feature_row.text)}"
    rows = [[button(context.t("nav-back"), "fair", fair_id, 0), button(context.t("nav-menu"), "menu")]]
    await update.callback_query.answer()
    await show_with_photo(update, context, Screen(text, rows, photo=(feature_row.photos or [""])[0]))


def _examples(context: Context) -> dict[str, str]:
    """The times the prompts give as examples: opening tomorrow, closing a week later (computed:
    an example is never a day gone by)."""
    zone = context.config.timezone
    return {"start": example_time(zone, days=1, hour=9), "end": example_time(zone, days=8, hour=18)}


async def start(update: Update, context: Context) -> None:
    """/fair: organisers and admins; asks for the name first."""
    async with context.db.begin() as session:
        await events.organiser_scope(session, member_id=context.member_id)
        await steps.keep(session, context, DIALOG, {"step": "name", "products": [], "features": {}})
    await steps.ask(update, context, "fair-ask", field="name")


async def on_text(update: Update, context: Context, text: str) -> None:
    data = dict(context.member.dialog_data or {})
    step = data.get("step", "name")
    text = text.strip()
    if step in TEXT_STEPS:
        if step in ("starts_at", "ends_at"):
            try:
                data[step] = parse_local(text, context.config.timezone).isoformat()
                if (
                    step == "ends_at"
                    and not max(data["starts_at"], datetime.now(UTC).isoformat()) < data[step]
                ):
                    raise InvalidInput("times")  # the close comes after the opening and after now
            except InvalidInput:
                await update.effective_message.reply_text(
                    context.t("event-invalid", field="time", **_examples(context))
                )
                await steps.ask(update, context, "fair-ask", field=step, **_examples(context))
                return
        elif not 1 <= len(text) <= 64:
            await update.effective_message.reply_text(context.t("text-too-long"))
            return
        else:
            data[step] = "" if step == "offline_fair" and text in ("-", "无") else text
        following = "products" if step == "ends_at" else TEXT_STEPS[TEXT_STEPS.index(step) + 1]
        await _save(context, data, following)
        await steps.ask(update, context, "fair-ask", field=following, **_examples(context))
    elif step == "products":
        async with context.db.read() as session:
            found = await catalog.search(session, text=text, per_page=20)
        # Kept with the step, so that a tap can show the same list with what it picked ticked.
        data["found"] = [[p.id, name(p, context.locale)] for p in found.items]
        data["query"] = text[:64]
        await _save(context, data, "products")
        await show(update, context, _pick_screen(context, data))
    elif step == "feature" and data.get("county_id"):
        entry = data["features"].setdefault(str(data["county_id"]), {"text": "", "photos": []})
        entry["text"] = text[:1000]  # the photos sent for the county stay
        await _save(context, data, "feature")
        await _features_screen(update, context, data)
    elif step == "feature":  # no county tapped yet
        await update.effective_message.reply_text(context.t("fair-feature-county-first"))
        await _features_screen(update, context, data)
    else:
        await update.effective_message.reply_text(context.t("broadcast-use-buttons"))


def _pick_screen(context: Context, data: dict) -> Screen:
    """The products found for the last search, those in the fair ticked, and how many so far."""
    picked = set(data["products"])
    rows = [
        [button(f"{'✅ ' if product_id in picked else ''}{label}", "fair-pick", product_id)]
        for product_id, label in data.get("found", [])
    ]
    rows.append([button(context.t("fair-products-done", count=len(picked)), "fair-done", 0)])
    rows.append(steps.cancel_row(context))
    key = "fair-pick" if data.get("found") else "fair-pick-none"  # a search that found nothing says so
    return Screen(context.t(key, query=escape(data.get("query", ""))), rows)


async def on_other(update: Update, context: Context) -> None:
    """A photo (with a caption) for the county feature being written."""
    data = dict(context.member.dialog_data or {})
    message = update.effective_message
    if data.get("step") == "feature" and not data.get("county_id"):  # no county tapped yet
        await message.reply_text(context.t("fair-feature-county-first"))
        await _features_screen(update, context, data)
        return
    if data.get("step") == "feature" and message.photo:
        entry = data["features"].setdefault(str(data["county_id"]), {"text": "", "photos": []})
        if len(entry["photos"]) < MAX_FEATURE_PHOTOS:
            entry["photos"].append(message.photo[-1].file_id)
        if message.caption and not entry["text"]:  # a caption is the text when none was written
            entry["text"] = clean_text(message.caption)[:1000]
        await _save(context, data, "feature")
        if not entry["text"]:  # photos alone are not published: the words are asked for
            await steps.ask(update, context, "fair-ask", field="feature")
            return
        await _features_screen(update, context, data)
        return
    await steps.ask_again(update, context, "fair-ask", "name", **_examples(context))


async def choose(update: Update, context: Context) -> None:
    """The dialog's buttons: pick a product, done with products, a county to feature, publish."""
    action, args, data = steps.tapped(update, context, DIALOG)
    step = data.get("step")
    if action == "fair-pick" and step == "products":  # a tap adds the product, a second takes it out
        if args[0] in data["products"]:
            data["products"].remove(args[0])
            key = "fair-unpicked"
        else:
            async with context.db.read() as session:
                await catalog.product(session, product_id=args[0])  # a forged id is not found
            data["products"].append(args[0])
            key = "fair-picked"
        await _save(context, data, "products")
        await update.callback_query.answer(context.t(key, count=len(data["products"])))
        await show(update, context, _pick_screen(context, data))
        return
    if action != "fair-go":  # publishing answers once it knows whether this tap published
        await update.callback_query.answer()
    if action == "fair-done" and step in ("products", "feature") and args[0] == 0:
        await _save(context, data, "feature")
        await _features_screen(update, context, data)
    elif action == "fair-county" and step == "feature":
        async with context.db.read() as session:
            county = await catalog.county(session, county_id=args[0])
        data["county_id"] = county.id
        await _save(context, data, "feature")
        await steps.ask(update, context, "fair-ask", field="feature")
    elif action == "fair-done" and step == "feature" and args[0] == 1:
        await _save(context, data, "preview")
        rows = [
            [
                button(context.t("event-publish"), "fair-go"),
                button(context.t("dialog-cancel"), "dialog-cancel"),
            ]
        ]
        text = context.t(
            "fair-preview",
            name=escape(data["name"]),
            start=when(context, datetime.fromisoformat(data["starts_at"])),
            end=when(context, datetime.fromisoformat(data["ends_at"])),
            products=len(data["products"]),
            features=len(_written(data)),
            open_now=int(datetime.fromisoformat(data["starts_at"]) <= datetime.now(UTC)),
        )
        await show(update, context, Screen(text, rows))
    elif action == "fair-go" and step == "preview":
        fair_id = await _publish(update, context)
        await update.callback_query.answer()
        await show(
            update,
            context,
            Screen(
                context.t("fair-published"),
                [[button(context.t("fair-open"), "fair", fair_id, 0), button(context.t("nav-menu"), "menu")]],
            ),
        )
    else:
        raise callbacks.BadCallback(update.callback_query.data)


def _written(data: dict) -> dict[str, dict]:
    """The county features that will be published: those with words (photos alone are not)."""
    return {county: entry for county, entry in data["features"].items() if entry["text"]}


async def _features_screen(update: Update, context: Context, data: dict) -> None:
    async with context.db.read() as session:
        counties = [county for county, _ in await catalog.counties(session)]
    buttons = [
        button(("✅ " if str(c.id) in _written(data) else "") + name(c, context.locale), "fair-county", c.id)
        for c in counties
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([button(context.t("fair-features-done"), "fair-done", 1)])
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("fair-ask", field="features"), rows))


async def _publish(update: Update, context: Context) -> int:
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        data = await steps.finish(session, update, context, DIALOG, "preview")
        starts_at = datetime.fromisoformat(data["starts_at"])
        fair = await fairs.create(
            session,
            organiser_id=context.member_id,
            name=data["name"],
            offline_fair=data.get("offline_fair", ""),
            starts_at=starts_at,
            ends_at=datetime.fromisoformat(data["ends_at"]),
            product_ids=data["products"],
            now=now,
        )
        for county_id, entry in _written(data).items():
            await fairs.set_feature(
                session,
                fair_id=fair.id,
                actor_id=context.member_id,
                county_id=int(county_id),
                text=entry["text"],
                photos=entry["photos"],
            )
        text = context.t(
            "fair-announcement",
            name=fair.name,
            offline=fair.offline_fair,
            has_offline=int(bool(fair.offline_fair)),
            start=when(context, fair.starts_at),
            end=when(context, fair.ends_at),
        )
        broadcast = await broadcasts.create(
            session,
            organiser_id=context.member_id,
            text=text,
            kind="fairs",
            audience="agency" if fair.scope_id else "all",
            audience_id=fair.scope_id,
            button="fair",
            button_id=fair.id,
            send_at=max(starts_at, now),  # the opening is announced when the fair opens
        )
        await fairs.set_broadcast(session, fair_id=fair.id, broadcast_id=broadcast.id)
    return fair.id


async def _save(context: Context, data: dict, step: str) -> None:
    data = {**data, "step": step}
    await steps.save(context, DIALOG, data)
