"""The "第一书记代言" zone (county → village → its products and its first secretary's stories), a
story's page, and /story: a first secretary's stories with a dialog to write or edit one (title,
text, up to 5 photos, the village products it endorses, whether to tell story subscribers)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from telegram import Update

from store import roles, stories
from store.errors import TooSoon
from store.models import ProductStatus, Role

from . import callbacks, steps
from .catalog import FROM_VILLAGE
from .context import Context
from .format import escape, name, yuan
from .screens import Screen, button, show, show_with_photo

DIALOG = "story"


async def zone(update: Update, context: Context) -> None:
    """The zone's first page: counties with endorsement stories."""
    async with context.db.read() as session:
        found = await stories.zone_counties(session)
    rows = [
        [button(context.t("zone-county", county=name(c, context.locale), count=n), "zone-county", c.id)]
        for c, n in found
    ]
    rows.append([button(context.t("nav-menu"), "menu")])
    await update.callback_query.answer()
    await show(update, context, Screen(context.t("zone-title" if found else "zone-empty"), rows))


async def zone_county(update: Update, context: Context) -> None:
    _, (county_id,) = callbacks.parse(update.callback_query.data, "zone-county")
    async with context.db.read() as session:
        found = await stories.zone_villages(session, county_id=county_id)
    rows = [
        [button(context.t("zone-village", village=escape(v.name), count=n), "zone-village", v.id)]
        for v, n in found
    ]
    rows.append([button(context.t("nav-back"), "zone"), button(context.t("nav-menu"), "menu")])
    await update.callback_query.answer()
    await show(update, context, Screen(context.t("zone-villages-title"), rows))


async def zone_village(update: Update, context: Context) -> None:
    """A village: its first secretary's stories, then its products."""
    _, (village_id,) = callbacks.parse(update.callback_query.data, "zone-village")
    async with context.db.read() as session:
        told = await stories.village_stories(session, village_id=village_id)
        products = await stories.village_products(session, village_id=village_id)
        village_name = await stories.village_name(session, village_id=village_id)
    if not told:
        raise callbacks.BadCallback(update.callback_query.data)
    rows = [[button(context.t("story-button", title=escape(s.title)), "story", s.id)] for s in told]
    rows += [
        [
            button(
                context.t("product-button", name=name(p, context.locale), price=yuan(p.price_fen)),
                "product",
                p.id,
                FROM_VILLAGE,  # 返回 comes back here
                village_id,
                0,
            )
        ]
        for p in products
    ]
    rows.append(
        [
            button(context.t("nav-back"), "zone-county", told[0].county_id),
            button(context.t("nav-menu"), "menu"),
        ]
    )
    await update.callback_query.answer()
    title = context.t("zone-village-title", village=escape(village_name), count=len(told))
    await show(update, context, Screen(title, rows))


async def story_page(update: Update, context: Context) -> None:
    """A story: its words, its first photo, the products it endorses."""
    _, (story_id,) = callbacks.parse(update.callback_query.data, "story")
    async with context.db.read() as session:
        story = await stories.get(session, story_id=story_id)
        products = (
            await stories.village_products(session, village_id=story.village_id) if story.village_id else []
        )
    endorsed = {sp.product_id for sp in story.products}
    where = f"{name(story.county, context.locale)} · {escape(story.village.name)}" if story.village else ""
    text = context.t("story-page", title=escape(story.title), place=where, text=escape(story.text))
    rows = [
        [
            button(
                context.t("product-button", name=name(p, context.locale), price=yuan(p.price_fen)),
                "product",
                p.id,
                0,
                0,
                0,
            )
        ]
        for p in products
        if p.id in endorsed
    ]
    back = button(context.t("nav-back"), "zone-village", story.village_id) if story.village_id else None
    rows.append([*([back] if back else []), button(context.t("nav-menu"), "menu")])
    await update.callback_query.answer()
    await show_with_photo(update, context, Screen(text, rows, photo=(story.photos or [""])[0]))


async def mine(update: Update, context: Context) -> None:
    """/story: my stories (edit, withdraw) and buttons to write one or draft a village product."""
    await show(update, context, await _mine_screen(context))


async def _mine_screen(context: Context) -> Screen:
    async with context.db.read() as session:
        grants = await roles.roles_of(session, member_id=context.member_id or 0)
        villages = [g.scope_id for g in grants if g.role == Role.first_secretary]
        if not villages:
            await roles.authorize(
                session, member_id=context.member_id, role=Role.first_secretary, scope_id=-1
            )
        written = await stories.of_author(session, author_id=context.member_id)
    rows = [
        [
            button(context.t("story-button", title=escape(s.title)), "story", s.id),
            button(context.t("story-edit"), "st-edit", s.id),
            button(context.t("story-withdraw"), "st-withdraw", s.id),
        ]
        for s in written
    ]
    for village_id in villages:
        rows.append(
            [
                button(context.t("story-new"), "st-new", village_id),
                button(context.t("story-draft"), "vp-new", village_id),
            ]
        )
    rows.append([button(context.t("nav-menu"), "menu")])
    return Screen(context.t("story-mine", count=len(written)), rows)


async def begin(update: Update, context: Context) -> None:
    """写新故事 or 编辑: the dialog starts with the title (an edit keeps the story's id)."""
    action, (target,) = callbacks.parse(update.callback_query.data)
    async with context.db.begin() as session:
        if action == "st-new":
            await roles.authorize(
                session, member_id=context.member_id, role=Role.first_secretary, scope_id=target
            )
            data = {"step": "title", "village_id": target, "story_id": 0, "photos": [], "products": []}
        else:
            story = await stories.get(session, story_id=target)
            await roles.authorize(
                session, member_id=context.member_id, role=Role.first_secretary, scope_id=story.village_id
            )
            if story.author_id != context.member_id:
                raise callbacks.BadCallback(update.callback_query.data)
            data = {  # what the story says now: each step can keep it
                "step": "title",
                "village_id": story.village_id,
                "story_id": story.id,
                "title": story.title,
                "text": story.text,
                "photos": list(story.photos),
                "products": [p.product_id for p in story.products],
            }
        await steps.keep(session, context, DIALOG, data)
    await update.callback_query.answer()
    await _ask(update, context, data, "title")


async def _ask(update: Update, context: Context, data: dict, step: str) -> None:
    """The title or the text; when editing, what it says now, which '-' keeps."""
    if data.get("story_id") and data.get(step):
        await update.effective_message.reply_text(context.t("story-current", current=data[step][:300]))
    await steps.ask(update, context, "story-ask", field=step)


async def withdraw(update: Update, context: Context) -> None:
    _, (story_id,) = callbacks.parse(update.callback_query.data, "st-withdraw")
    async with context.db.begin() as session:
        await stories.withdraw(session, story_id=story_id, actor_id=context.member_id, now=datetime.now(UTC))
    await update.callback_query.answer(context.t("story-withdrawn"), show_alert=True)
    await show(update, context, await _mine_screen(context))


async def on_text(update: Update, context: Context, text: str) -> None:
    data = dict(context.member.dialog_data or {})
    step = data.get("step")
    limit = stories.LIMITS.get(step or "", 0)
    if step not in ("title", "text"):
        await update.effective_message.reply_text(context.t("broadcast-use-buttons"))
        return
    keep = text.strip() in ("-", "—") and data.get("story_id") and data.get(step)
    if not keep and not 1 <= len(text) <= limit:
        await update.effective_message.reply_text(context.t("text-too-long"))
        return
    if not keep:
        data[step] = text
    await _save(context, data, "text" if step == "title" else "photos")
    if step == "title":
        await _ask(update, context, data, "text")
    else:
        await _photos_screen(update, context, data)


async def on_other(update: Update, context: Context) -> None:
    """Photos for the story, up to five."""
    data = dict(context.member.dialog_data or {})
    message = update.effective_message
    if data.get("step") == "photos":  # a photo is kept; anything else: the same screen again
        if message.photo and len(data["photos"]) < stories.MAX_PHOTOS:
            data["photos"].append(message.photo[-1].file_id)
            await _save(context, data, "photos")
        else:  # not a photo, or one too many
            await message.reply_text(context.t("story-photo-please", full=int(bool(message.photo))))
        await _photos_screen(update, context, data)
        return
    await steps.ask_again(update, context, "story-ask", "title")


async def choose(update: Update, context: Context) -> None:
    """The dialog's buttons: photos done, a product to endorse (toggles), products done, push or not."""
    action, args, data = steps.tapped(update, context, DIALOG)
    step = data.get("step")
    if action == "st-photos-clear" and step == "photos":
        data["photos"] = []
        await _save(context, data, "photos")
        await update.callback_query.answer()
        await _photos_screen(update, context, data)
        return
    async with context.db.read() as session:
        products = await stories.village_products(session, village_id=data["village_id"], listed_only=False)
    # Drafts and listed products; one turned down or taken off sale only if the story endorses it.
    products = [p for p in products if p.status != ProductStatus.delisted or p.id in data["products"]]
    if action == "st-photos" and step == "photos" or action == "st-pick" and step == "products":
        if action == "st-pick":
            if args[0] not in {p.id for p in products}:
                raise callbacks.BadCallback(update.callback_query.data)
            picked = data["products"]
            data["products"] = (
                [p for p in picked if p != args[0]] if args[0] in picked else [*picked, args[0]]
            )
        await _save(context, data, "products")
        rows = [
            [button(("✅ " if p.id in data["products"] else "") + name(p, context.locale), "st-pick", p.id)]
            for p in products
        ]
        rows.append([button(context.t("story-products-done"), "st-push", 2)])
        rows.append(steps.cancel_row(context))
        await update.callback_query.answer()
        await show(update, context, Screen(context.t("story-ask", field="products"), rows))
    elif action == "st-push" and step == "products" and args[0] == 2:
        await _save(context, data, "push")
        rows = [
            [button(context.t("story-push", push=1), "st-push", 1)],
            [button(context.t("story-push", push=0), "st-push", 0)],
            steps.cancel_row(context),
        ]
        await update.callback_query.answer()
        await show(update, context, Screen(context.t("story-ask", field="push"), rows))
    elif action == "st-push" and step == "push" and args[0] in (0, 1):
        await _publish(update, context, push=bool(args[0]))
    else:
        raise callbacks.BadCallback(update.callback_query.data)


async def _publish(update: Update, context: Context, *, push: bool) -> None:
    now = datetime.now(UTC)
    key = "story-published"
    async with context.db.begin() as session:  # the story and its push: one update, one transaction
        data = await steps.finish(session, update, context, DIALOG, "push")
        common = dict(
            title=data["title"],
            text=data["text"],
            photos=data["photos"],
            product_ids=data["products"],
            now=now,
        )
        if data["story_id"]:
            story = await stories.edit(
                session, story_id=data["story_id"], actor_id=context.member_id, **common
            )
        else:
            story = await stories.publish_endorsement(
                session, author_id=context.member_id, village_id=data["village_id"], **common
            )
        story = await stories.get(session, story_id=story.id)
        story_id, title = (
            story.id,
            story.title,
        )  # read now: a push undone by its savepoint expires what it touched
        if push:
            announcement = context.t(
                "story-announcement", title=story.title, village=story.village.name, text=story.text[:600]
            )
            try:
                async with session.begin_nested():  # pushed already this week: only the push is undone
                    await stories.push(
                        session,
                        story_id=story_id,
                        author_id=context.member_id,
                        text=announcement,
                        now=now,
                        tz=ZoneInfo(context.config.timezone),
                    )
                key = "story-published-pushed"
            except TooSoon:
                key = "story-published-not-pushed"
    await update.callback_query.answer(context.t(key), show_alert=True)
    await show(
        update,
        context,
        Screen(
            context.t(key),
            [[button(context.t("story-button", title=escape(title)), "story", story_id)]],
        ),
    )


async def _photos_screen(update: Update, context: Context, data: dict) -> None:
    rows = [[button(context.t("story-photos-done", count=len(data["photos"])), "st-photos")]]
    if data["photos"]:
        rows.append([button(context.t("story-photos-clear"), "st-photos-clear")])
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("story-ask", field="photos"), rows))


async def _save(context: Context, data: dict, step: str) -> None:
    data = {**data, "step": step}
    await steps.save(context, DIALOG, data)
