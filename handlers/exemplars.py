"""先进典型: the showcase of resident work teams, one exemplar a page; /exemplar, a dialog for
organisers and admins (title, team, county, text, photos); an organiser can nominate one for city
media, which is recorded (no call goes anywhere)."""

from __future__ import annotations

from store import catalog, roles, stories
from store import exemplars as exemplar_store
from store.models import Role

from . import dialog
from .dialog_spec import CHOICE, PHOTOS, PREVIEW, Dialog, Option, Step, words_check
from .format import escape, name
from .registry import command, intent
from .reply import Alert, Reply, Screen, button, pages
from .request import Request
from .stories import more_photos_row

DIALOG = "exemplar"
LIMITS = {"title": stories.LIMITS["title"], "team": stories.LIMITS["team"], "text": stories.LIMITS["text"]}


@intent("exemplars")
async def showcase(context: Request, page: int) -> Reply:
    """One exemplar a page, newest first; organisers see the nomination button."""
    screen = await _page(context, page)
    return screen


async def _page(context: Request, page: int, session=None) -> Screen:
    if session is None:
        async with context.db.read() as session:
            return await _page(context, page, session)
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
        if more := more_photos_row(context, story):
            rows.append(more)
        if roles.allows(grants, Role.organiser) and not nominated:
            rows.append([button(context.t("exemplar-nominate"), "ex-nominate", story.id, found.page)])
    if nav := pages(context, found, "exemplars"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    return Screen(text, rows, photo=(story.photos or [""])[0] if story else "")


@intent("ex-nominate")
async def nominate(context: Request, story_id: int, page: int) -> Reply:
    """推荐至市级媒体: recorded once."""
    async with context.db.begin() as session:
        done = await exemplar_store.nominate(
            session, story_id=story_id, organiser_id=context.member_id, now=context.now
        )
    return [Alert(context.t("exemplar-nominated", new=int(done)), modal=True), await _page(context, page)]


async def _counties(req: Request, data: dict) -> list[Option]:
    return [Option(name(c, req.locale), c.id) for c, _ in await catalog.counties(req.session)]


async def _preview(req: Request, data: dict) -> str:
    county = await catalog.county(req.session, county_id=data["county_id"])
    return req.t(
        "exemplar-preview",
        title=escape(data["title"]),
        team=escape(data["team"]),
        county=name(county, req.locale),
        text=escape(data["text"]),
        photos=len(data.get("photos") or []),
    )


async def _publish(session, req: Request, data: dict) -> Reply:
    await exemplar_store.publish(
        session,
        author_id=req.member_id,
        title=data["title"],
        team=data["team"],
        county_id=data["county_id"],
        text=data["text"],
        photos=data.get("photos") or [],
        now=req.now,
    )
    return [Alert(req.t("exemplar-published"), modal=True), await _page(req, 0, session)]


EXEMPLAR = dialog.register(
    Dialog(
        DIALOG,
        (
            Step("title", ask="exemplar-ask", check=words_check(LIMITS["title"])),
            Step("team", ask="exemplar-ask", check=words_check(LIMITS["team"])),
            Step(
                "county_id",
                kind=CHOICE,
                ask="exemplar-ask",
                ask_args=lambda req, data: {"field": "county"},
                options=_counties,
                columns=3,
                show_value=lambda req, data: "✓",
            ),
            Step("text", ask="exemplar-ask", check=words_check(LIMITS["text"])),
            Step(
                "photos",
                kind=PHOTOS,
                ask="exemplar-ask",
                limit=stories.MAX_PHOTOS,
                optional=True,
                skipped=[],
                skip="photos-done",
                done="photos-done",
            ),
            Step("preview", kind=PREVIEW, preview=_preview, confirm="event-publish"),
        ),
        _publish,
        title="exemplar-draft",
    )
)


@command("exemplar")
async def start(context: Request, text: str) -> Reply:
    """/exemplar: organisers and admins; asks for the title first."""
    async with context.db.read() as session:
        await roles.authorize(session, member_id=context.member_id, role=Role.organiser)
    return await dialog.begin(context, EXEMPLAR)
