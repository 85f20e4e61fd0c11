"""Nominating a product (好品大家荐): name → county → village (or 跳过) → supplier or farm household
→ a contact → why it is good → a photo (or 跳过). The step lives in the member's row, so a restart
continues it. A product already on sale is pointed at; one already nominated is merged.
/my_nominations lists a member's nominations with their status."""

from __future__ import annotations

import time

from store import catalog, nominations
from store.community_models import NominationStatus
from store.errors import AlreadyListed

from . import dialog
from .catalog import FROM_MENU
from .dialog_spec import CHOICE, PHOTO, PREVIEW, Dialog, End, Option, Refusal, Step
from .format import escape, name
from .registry import command, intent
from .reply import Action, Reply, Screen, button, pages
from .request import Request

DIALOG = "nominate"


async def _counties(req: Request, data: dict) -> list[Option]:
    return [Option(name(c, req.locale), c.id) for c, _ in await catalog.counties(req.session)]


async def _county_by_name(req: Request, text: str, data: dict) -> int:
    """A county typed rather than tapped: 巫溪县, 巫溪 or Wuxi."""
    found = await catalog.county_by_name(req.session, name=text)
    if found is None:
        raise Refusal("nominate-county-please")
    return found.id


async def _after_county(req: Request, data: dict):
    """The county is known: a product already on sale there under this name ends the dialog; one
    nominated already makes this one a second to it, said now."""
    listed, earlier = await nominations.find_duplicate(
        req.session, county_id=data["county"], name=data["name"]
    )
    if listed is not None:
        return End(_point_at(req, listed.id))
    if earlier is not None:
        return Screen(req.t("nominate-merged-ahead", nomination=earlier.id), new=True)
    return None


def _field(step: str):
    return lambda req, text, data: nominations.check_field(step, text)


async def _after_village(req: Request, data: dict) -> dict:
    """A village the county has is taken under its own name; one it may mean is asked about next,
    so a nomination never adds a second village beside the real one; any other is one of its own."""
    typed = data["village"]
    if not typed:
        return {**data, "village_close": []}
    same, close = await nominations.village_matches(req.session, county_id=data["county"], name=typed)
    if same is not None or not close:
        return {**data, "village": same.name if same else typed, "village_close": []}
    return {**data, "village_close": [[v.id, v.name] for v in close]}


async def _close_villages(req: Request, data: dict) -> list[Option]:
    typed = escape(data["village"])
    close = [Option(escape(name), village_id) for village_id, name in data.get("village_close", [])]
    return [*close, Option(req.t("nominate-village-as-typed", village=typed), 0)]


async def _after_village_meant(req: Request, data: dict) -> dict:
    meant = dict(data.get("village_close", [])).get(data["village_meant"])
    return {**data, "village": meant or data["village"]}


async def _preview(req: Request, data: dict) -> str:
    county = await catalog.county(req.session, county_id=data["county"])
    return req.t(
        "nominate-preview",
        name=escape(data["name"]),
        county=name(county, req.locale),
        village=escape(data.get("village") or "-"),
        supplier=escape(data["supplier"]),
        contact=escape(data["contact"]),
        reason=escape(data["reason"]),
        photo=int(bool(data.get("photo"))),
    )


async def _submit(session, req: Request, data: dict) -> Reply:
    try:
        async with session.begin_nested():
            nomination = await nominations.submit(
                session,
                member_id=req.member_id,
                key=data["key"],
                name=data["name"],
                county_id=data["county"],
                village=data.get("village", ""),
                supplier=data["supplier"],
                contact=data["contact"],
                reason=data["reason"],
                photo=data.get("photo", ""),
                now=req.now,
            )
    except AlreadyListed as listed:  # listed while the member was typing
        return _point_at(req, listed.product_id)
    key = "nominate-merged" if nomination.status == NominationStatus.merged else "nominate-done"
    rows = [[Action(req.t("menu-my-nominations"), "my-noms", (0,)), Action(req.t("nav-menu"), "menu")]]
    return Screen(req.t(key, nomination=nomination.id, name=escape(nomination.product_name)), rows)


def _point_at(req: Request, product_id: int) -> Screen:
    rows = [
        [Action(req.t("nominate-open-listed"), "product", (product_id, FROM_MENU, 0, 0))],
        [Action(req.t("nav-menu"), "menu")],
    ]
    return Screen(req.t("nominate-already-listed"), rows, new=True)


def _text_step(step: str, **more) -> Step:
    return Step(step, ask="nominate-ask", check=_field(step), invalid="nominate-invalid", **more)


NOMINATION = dialog.register(
    Dialog(
        DIALOG,
        (
            _text_step("name"),
            Step(
                "county",
                kind=CHOICE,
                ask="nominate-ask",
                options=_counties,
                columns=3,
                check=_county_by_name,
                after=_after_county,
                show_value=lambda req, data: "✓",
            ),
            _text_step("village", optional=True, skip="nominate-skip", after=_after_village),
            Step(
                "village_meant",
                kind=CHOICE,
                ask="nominate-village-which",
                ask_args=lambda req, data: {"village": escape(data["village"])},
                options=_close_villages,
                shown=lambda data: bool(data.get("village_close")),
                after=_after_village_meant,
                show_value=lambda req, data: escape(data["village"]),
            ),
            _text_step("supplier"),
            _text_step("contact"),
            _text_step("reason"),
            Step(
                "photo",
                kind=PHOTO,
                ask="nominate-ask",
                optional=True,
                skip="nominate-skip",
                hint="nominate-photo-please",
            ),
            Step("preview", kind=PREVIEW, preview=_preview, confirm="nominate-confirm"),
        ),
        _submit,
        title="nominate-draft",
        intro="nominate-intro",
    )
)


@command("nominate")
async def start_command(context: Request, text: str) -> Reply:
    return await start(context)


@intent("nominate")
async def start(context: Request) -> Reply:
    """/nominate or the menu's 提名好物."""
    if context.member is None or context.member.branch_id is None:
        return Screen(context.t("order-join-first"), new=True)
    # One nomination per dialog, however often its last answer arrives. Not the message's id: ids
    # start again in a new sandbox run, while the store keeps what earlier runs nominated.
    key = f"nominate:{context.member_id}:{time.time_ns()}"
    return await dialog.begin(context, NOMINATION, {"key": key})


@command("my_nominations")
async def my_nominations_command(context: Request, text: str) -> Reply:
    return await my_nominations(context, 0)


@intent("my-noms")
async def my_nominations(context: Request, page: int) -> Reply:
    """/my_nominations: mine, newest first, each with its status (and why, if rejected)."""
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
    if nav := pages(context, found, "my-noms"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    key = "my-nominations-title" if found.total else "my-nominations-none"
    return Screen("\n\n".join([context.t(key, count=found.total), *lines]), rows)
