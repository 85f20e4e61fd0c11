"""The "第一书记代言" zone (county → village → its products and its first secretary's stories), a
story's page, and /story: a first secretary's stories with a dialog to write or edit one (title,
text, up to 5 photos, the village products it endorses, whether to tell story subscribers)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from store import roles, stories
from store.errors import NotFound, TooSoon
from store.models import ProductStatus, Role

from . import dialog
from .catalog import FROM_VILLAGE
from .dialog_spec import CHOICE, PHOTOS, PICK, Dialog, Option, Step, words_check
from .format import escape, name, yuan
from .registry import Stale, command, intent
from .reply import Action, Alert, Reply, Screen, button
from .request import Request

DIALOG = "story"


@intent("zone")
async def zone(context: Request) -> Reply:
    """The zone's first page: counties with endorsement stories."""
    async with context.db.read() as session:
        found = await stories.zone_counties(session)
    rows = [
        [button(context.t("zone-county", county=name(c, context.locale), count=n), "zone-county", c.id)]
        for c, n in found
    ]
    rows.append([button(context.t("nav-menu"), "menu")])
    return Screen(context.t("zone-title" if found else "zone-empty"), rows)


@intent("zone-county")
async def zone_county(context: Request, county_id: int) -> Reply:
    async with context.db.read() as session:
        found = await stories.zone_villages(session, county_id=county_id)
    rows = [
        [button(context.t("zone-village", village=escape(v.name), count=n), "zone-village", v.id)]
        for v, n in found
    ]
    rows.append([button(context.t("nav-back"), "zone"), button(context.t("nav-menu"), "menu")])
    return Screen(context.t("zone-villages-title"), rows)


@intent("zone-village")
async def zone_village(context: Request, village_id: int) -> Reply:
    """A village: its first secretary's stories, then its products."""
    async with context.db.read() as session:
        told = await stories.village_stories(session, village_id=village_id)
        products = await stories.village_products(session, village_id=village_id)
        village_name = await stories.village_name(session, village_id=village_id)
    if not told:
        raise Stale("zone-village")
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
    title = context.t("zone-village-title", village=escape(village_name), count=len(told))
    return Screen(title, rows)


@intent("story")
async def story_page(context: Request, story_id: int) -> Reply:
    """A story: its words, its first photo (更多照片 for the others), the products it endorses."""
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
    if more := more_photos_row(context, story):
        rows.append(more)
    back = button(context.t("nav-back"), "zone-village", story.village_id) if story.village_id else None
    rows.append([*([back] if back else []), button(context.t("nav-menu"), "menu")])
    return Screen(text, rows, photo=(story.photos or [""])[0])


def more_photos_row(context: Request, story) -> list:
    """更多照片 under a story or an exemplar shown with its first photo, when it has more."""
    more = len(story.photos) - 1
    return [button(context.t("photos-more", count=more), "story-photos", story.id)] if more > 0 else []


async def photos_after_first(req: Request, *, story_id: int) -> Reply:
    """A story's or an exemplar's photos after the first (the one on its page), as an album."""
    async with req.db.read() as session:
        story = await stories.get(session, story_id=story_id)
    rest = tuple(story.photos[1:])
    if not rest:  # an edit took them out since the page was shown
        raise NotFound("photos", story_id)
    return Screen(
        req.t("photos-more-caption", title=escape(story.title), count=len(rest)), photos=rest, new=True
    )


@intent("story-photos")
async def more_photos(context: Request, story_id: int) -> Reply:
    return await photos_after_first(context, story_id=story_id)


@command("story")
async def mine(context: Request, text: str) -> Reply:
    """/story: my stories (edit, withdraw) and buttons to write one or draft a village product."""
    return await _mine_screen(context)


async def _mine_screen(context: Request) -> Screen:
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


@intent("st-new")
async def begin_new(context: Request, village_id: int) -> Reply:
    """写新故事: the dialog starts with the title."""
    return await _begin(context, "st-new", village_id)


@intent("st-edit")
async def begin_edit(context: Request, story_id: int) -> Reply:
    """编辑: the same, keeping the story's id, and each step what the story says now."""
    return await _begin(context, "st-edit", story_id)


async def _begin(context: Request, action: str, target: int) -> Reply:
    async with context.db.read() as session:
        if action == "st-new":
            await roles.authorize(
                session, member_id=context.member_id, role=Role.first_secretary, scope_id=target
            )
            data = {"village_id": target, "story_id": 0, "photos": [], "products": []}
        else:
            story = await stories.get(session, story_id=target)
            await roles.authorize(
                session, member_id=context.member_id, role=Role.first_secretary, scope_id=story.village_id
            )
            if story.author_id != context.member_id:
                raise Stale("st-edit")
            data = {
                "village_id": story.village_id,
                "story_id": story.id,
                "title": story.title,
                "text": story.text,
                "photos": list(story.photos),
                "products": [p.product_id for p in story.products],
            }
    return await dialog.begin(context, STORY, data)


@intent("st-withdraw")
async def ask_withdraw(context: Request, story_id: int) -> Reply:
    """撤回 under one of my stories: asked first, as a withdrawn story is gone for members."""
    async with context.db.read() as session:
        story = await stories.get(session, story_id=story_id)
    if story.author_id != context.member_id:
        raise Stale("st-withdraw")
    rows = [
        [button(context.t("story-withdraw-yes"), "st-withdraw-ok", story_id)],
        [button(context.t("nav-back"), "st-mine")],
    ]
    return Screen(context.t("story-withdraw-ask", title=escape(story.title)), rows)


@intent("st-withdraw-ok")
async def withdraw(context: Request, story_id: int) -> Reply:
    async with context.db.begin() as session:
        await stories.withdraw(session, story_id=story_id, actor_id=context.member_id, now=context.now)
    return [Alert(context.t("story-withdrawn"), modal=True), await _mine_screen(context)]


@intent("st-mine")
async def mine_again(context: Request) -> Reply:
    """My stories again (返回 from a question about one)."""
    return await _mine_screen(context)


async def _products(req: Request, data: dict) -> list[Option]:
    """Drafts and listed products of the village; one turned down or taken off sale only if the
    story endorses it already."""
    found = await stories.village_products(req.session, village_id=data["village_id"], listed_only=False)
    return [
        Option(name(p, req.locale), p.id)
        for p in found
        if p.status != ProductStatus.delisted or p.id in data.get("products", [])
    ]


async def _push_options(req: Request, data: dict) -> list[Option]:
    return [Option(req.t("story-push", push=1), 1), Option(req.t("story-push", push=0), 0)]


async def _preview(req: Request, data: dict) -> str:
    return req.t(
        "story-preview",
        title=escape(data["title"]),
        text=escape(data["text"][:600]),
        photos=len(data.get("photos") or []),
        products=len(data.get("products") or []),
    )


async def _publish(session, req: Request, data: dict) -> Reply:
    """The story and its push: one update, one transaction."""
    key = "story-published"
    common = dict(
        title=data["title"],
        text=data["text"],
        photos=data["photos"],
        product_ids=data["products"],
        now=req.now,
    )
    if data["story_id"]:
        story = await stories.edit(session, story_id=data["story_id"], actor_id=req.member_id, **common)
    else:
        story = await stories.publish_endorsement(
            session, author_id=req.member_id, village_id=data["village_id"], **common
        )
    story = await stories.get(session, story_id=story.id)
    story_id, title = (
        story.id,
        story.title,
    )  # read now: a push undone by its savepoint expires what it touched
    if data["push"]:
        framed = {"title": story.title, "village": story.village.name, "text": story.text[:600]}
        announcement = req.t("story-announcement", **framed)
        try:
            async with session.begin_nested():  # pushed already this week: only the push is undone
                await stories.push(
                    session,
                    story_id=story_id,
                    author_id=req.member_id,
                    text=announcement,
                    key="story-announcement",
                    args=framed,
                    now=req.now,
                    tz=ZoneInfo(req.policy.timezone),
                )
            key = "story-published-pushed"
        except TooSoon:
            key = "story-published-not-pushed"
    screen = Screen(req.t(key), [[Action(req.t("story-button", title=escape(title)), "story", (story_id,))]])
    return [Alert(req.t(key), modal=True), screen]


STORY = dialog.register(
    Dialog(
        DIALOG,
        (
            Step("title", ask="story-ask", check=words_check(stories.LIMITS["title"]), dash_keeps=True),
            Step(
                "text",
                ask="story-ask",
                check=words_check(stories.LIMITS["text"]),
                dash_keeps=True,
                show_value=lambda r, d: escape(d["text"][:300]),
            ),
            Step(
                "photos",
                kind=PHOTOS,
                ask="story-ask",
                limit=stories.MAX_PHOTOS,
                optional=True,
                skipped=[],
                skip="story-photos-done",
                done="story-photos-done",
                hint="story-photos-hint",
            ),
            Step("products", kind=PICK, ask="story-ask", options=_products, done="story-products-done"),
            Step("push", kind=CHOICE, ask="story-ask", options=_push_options, preview=_preview),
        ),
        _publish,
        title="story-dialog",
    )
)
