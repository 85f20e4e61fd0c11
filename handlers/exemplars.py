"""先进典型: the showcase of resident work teams, one exemplar a page; /exemplar, a dialog for
organisers and admins (title, team, county, text, photos); an organiser can nominate one for city
media, which is recorded (no call goes anywhere)."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update

from store import catalog, roles, stories
from store import exemplars as exemplar_store
from store.models import Role

from . import callbacks, steps
from .context import Context
from .format import escape, name
from .screens import Screen, button, pager, show, show_with_photo

DIALOG = "exemplar"
LIMITS = {"title": stories.LIMITS["title"], "team": stories.LIMITS["team"], "text": stories.LIMITS["text"]}


async def showcase(update: Update, context: Context) -> None:
    """One exemplar a page, newest first; organisers see the nomination button."""
    _, (page,) = callbacks.parse(update.callback_query.data, "exemplars")
    screen = await _page(context, page)
    await update.callback_query.answer()
    await show_with_photo(update, context, screen)


async def _page(context: Context, page: int) -> Screen:
    async with context.db.read() as session:
        found = await exemplar_store.showcase(session, page=page)
        grants = await roles.roles_of(session, member_id=context.member_id or 0)
        story = found.items[0] if found.items else None
        nominated = await exemplar_store.nominated(session, story_id=story.id) if story else False
    rows = []
    if story is None:
        text = context.t("exemplars-empty")
    else:
        text = context.t(
            "exemplar-page",
            title=escape(story.title),
            team=escape(story.team),
            county=name(story.county, context.locale) if story.county else "-",
            text=escape(story.text),
            page=found.page + 1,
            pages=found.pages,
            nominated=int(nominated),
        )
        if roles.allows(grants, Role.organiser) and not nominated:
            rows.append([button(context.t("exemplar-nominate"), "ex-nominate", story.id, found.page)])
    if nav := pager(context, found, "exemplars"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    return Screen(text, rows, photo=(story.photos or [""])[0] if story else "")


async def nominate(update: Update, context: Context) -> None:
    """推荐至市级媒体: recorded once."""
    _, (story_id, page) = callbacks.parse(update.callback_query.data, "ex-nominate")
    async with context.db.begin() as session:
        done = await exemplar_store.nominate(
            session, story_id=story_id, organiser_id=context.member_id, now=datetime.now(UTC)
        )
    await update.callback_query.answer(context.t("exemplar-nominated", new=int(done)), show_alert=True)
    await show_with_photo(update, context, await _page(context, page))


async def start(update: Update, context: Context) -> None:
    """/exemplar: organisers and admins; asks for the title first."""
    async with context.db.begin() as session:
        await roles.authorize(session, member_id=context.member_id, role=Role.organiser)
        await steps.keep(session, context, DIALOG, {"step": "title", "photos": []})
    await steps.ask(update, context, "exemplar-ask", field="title")


async def on_text(update: Update, context: Context, text: str) -> None:
    data = dict(context.member.dialog_data or {})
    step = data.get("step", "title")
    if step not in LIMITS:
        await update.effective_message.reply_text(context.t("broadcast-use-buttons"))
        return
    if not 1 <= len(text) <= LIMITS[step]:
        await update.effective_message.reply_text(context.t("text-too-long"))
        return
    data[step] = text
    following = {"title": "team", "team": "county", "text": "photos"}[step]
    await _save(context, data, following)
    if following == "team":
        await steps.ask(update, context, "exemplar-ask", field="team")
    elif following == "county":
        async with context.db.read() as session:
            counties = [c for c, _ in await catalog.counties(session)]
        buttons = [button(name(c, context.locale), "ex-county", c.id) for c in counties]
        rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
        rows.append(steps.cancel_row(context))
        await show(update, context, Screen(context.t("exemplar-ask", field="county"), rows))
    else:
        await _photos(update, context, data)


async def on_other(update: Update, context: Context) -> None:
    data = dict(context.member.dialog_data or {})
    message = update.effective_message
    if data.get("step") == "photos" and message.photo:
        if len(data["photos"]) < stories.MAX_PHOTOS:
            data["photos"].append(message.photo[-1].file_id)
        await _save(context, data, "photos")
        await _photos(update, context, data)
        return
    await steps.ask_again(update, context, "exemplar-ask", "title")


async def choose(update: Update, context: Context) -> None:
    """The dialog's buttons: the county, then publish."""
    action, args, data = steps.tapped(update, context, DIALOG)
    if action == "ex-county" and data.get("step") == "county":
        async with context.db.read() as session:
            county = await catalog.county(session, county_id=args[0])
        data["county_id"] = county.id
        await _save(context, data, "text")
        await update.callback_query.answer()
        await steps.ask(update, context, "exemplar-ask", field="text")
    elif action == "ex-go" and data.get("step") == "photos":
        async with context.db.begin() as session:
            data = await steps.finish(session, update, context, DIALOG, "photos")
            await exemplar_store.publish(
                session,
                author_id=context.member_id,
                title=data["title"],
                team=data["team"],
                county_id=data["county_id"],
                text=data["text"],
                photos=data["photos"],
                now=datetime.now(UTC),
            )
        await update.callback_query.answer(context.t("exemplar-published"), show_alert=True)
        await show_with_photo(update, context, await _page(context, 0))
    else:
        raise callbacks.BadCallback(update.callback_query.data)


async def _photos(update: Update, context: Context, data: dict) -> None:
    rows = [
        [button(context.t("exemplar-publish", count=len(data["photos"])), "ex-go")],
        steps.cancel_row(context),
    ]
    await show(update, context, Screen(context.t("exemplar-ask", field="photos"), rows))


async def _save(context: Context, data: dict, step: str) -> None:
    data = {**data, "step": step}
    await steps.save(context, DIALOG, data)
