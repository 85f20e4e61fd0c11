"""Online fairs: /fair, a dialog for organisers and admins (name, the offline fair it accompanies,
start, end, products found by name, per-county features with text and photos, preview); the
opening is announced through the outbox at the start. Members see open fairs in the main menu,
with their products and the counties' food and scenery."""

from __future__ import annotations

from datetime import datetime

from store import broadcasts, catalog, fairs, roles
from store.errors import InvalidInput, NotFound

from . import dialog, dialog_question
from .catalog import FROM_FAIR
from .dialog_spec import CUSTOM, PICK, PREVIEW, Custom, Dialog, Option, Refusal, Step, words_check
from .events import when
from .format import escape, example_time, name, parse_local, yuan
from .notify import tell
from .registry import Stale, command, intent
from .reply import Action, Reply, Screen, button, pages
from .request import Request

DIALOG = "fair"
MAX_FEATURE_PHOTOS = 5


async def menu_rows(context: Request) -> list[list]:
    """A main-menu button per fair open now."""
    async with context.db.read() as session:
        open_fairs = await fairs.open_now(session, now=context.now)
    return [[button(context.t("fair-menu-button", name=f.name), "fair", f.id, 0)] for f in open_fairs]


@intent("fair")
async def fair_page(context: Request, fair_id: int, page: int) -> Reply:
    """A fair: what it is, the counties' features, a page of its products."""
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
    if nav := pages(context, products, "fair", fair_id):
        rows.append(nav)
    rows.append([button(t("nav-menu"), "menu")])
    return Screen("\n".join(lines), rows)


@intent("fair-feat")
async def feature(context: Request, fair_id: int, county_id: int) -> Reply:
    """A county's feature at a fair, with its first photo (更多照片 for the others)."""
    async with context.db.read() as session:
        found = {c.id: (f, c) for f, c in await fairs.features(session, fair_id=fair_id)}
    if county_id not in found:
        raise Stale("fair-feat")
    feature_row, county = found[county_id]
    text = f"<b>{name(county, context.locale)}</b>\n{escape(feature_row.text)}"
    rows = [[button(context.t("nav-back"), "fair", fair_id, 0), button(context.t("nav-menu"), "menu")]]
    if (more := len(feature_row.photos) - 1) > 0:
        rows.insert(0, [button(context.t("photos-more", count=more), "fair-photos", fair_id, county_id)])
    return Screen(text, rows, photo=(feature_row.photos or [""])[0])


async def photos_after_first(req: Request, *, fair_id: int, county_id: int) -> Reply:
    """A county feature's photos after the first (the one on its page), as an album."""
    async with req.db.read() as session:
        fair = await fairs.get(session, fair_id=fair_id)
        found = {c.id: (f, c) for f, c in await fairs.features(session, fair_id=fair_id)}
    feature_row, county = found.get(county_id, (None, None))
    rest = tuple(feature_row.photos[1:]) if feature_row else ()
    if not rest:
        raise NotFound("photos", county_id)
    title = f"{escape(fair.name)} · {name(county, req.locale)}"
    return Screen(req.t("photos-more-caption", title=title, count=len(rest)), photos=rest, new=True)


@intent("fair-photos")
async def more_photos(context: Request, fair_id: int, county_id: int) -> Reply:
    request = context
    return await photos_after_first(request, fair_id=fair_id, county_id=county_id)


def _time(step: str):
    def check(req: Request, text: str, data: dict) -> str:
        """The close comes after the opening, and after now."""
        try:
            moment = parse_local(text.strip(), req.policy.timezone).isoformat()
        except InvalidInput:
            raise Refusal("event-invalid", field="time") from None
        if step == "ends_at" and not max(data["starts_at"], req.now.isoformat()) < moment:
            raise Refusal("event-invalid", field="time")
        return moment

    return check


async def _search(req: Request, text: str, data: dict) -> str:
    """Words to look products up by; a search that finds nothing says so."""
    query = text.strip()[:64]
    if not (await catalog.search(req.session, text=query, per_page=1)).total:
        raise Refusal("fair-pick-none", query=escape(query))
    return query


async def _found(req: Request, data: dict) -> list[Option]:
    """The products the last search found (those picked stay picked, found or not)."""
    if not data.get("products_query"):
        return []
    found = await catalog.search(req.session, text=data["products_query"], per_page=20)
    return [Option(name(p, req.locale), p.id) for p in found.items]


def _products_ask(req: Request, data: dict) -> str:
    return "fair-pick" if data.get("products_query") else "fair-ask"


def _written(data: dict) -> dict[str, dict]:
    """The county features that will be published: those with words (photos alone are not)."""
    return {county: entry for county, entry in data.get("features", {}).items() if entry["text"]}


async def _features_question(req: Request, data: dict) -> Screen:
    """The counties to feature (✅ once one has words), or the words of the one tapped."""
    if county_id := data.get("feature_county"):
        county = await catalog.county(req.session, county_id=county_id)
        text = req.t("fair-ask", field="feature") + f"\n<b>{name(county, req.locale)}</b>"
        return Screen(text, [[dialog_question.pick(req, req.t("fair-features-counties"), 0)]])
    counties = [county for county, _ in await catalog.counties(req.session)]
    written = _written(data)
    keys = [
        dialog_question.pick(req, ("✅ " if str(c.id) in written else "") + name(c, req.locale), c.id)
        for c in counties
    ]
    rows = [keys[i : i + 3] for i in range(0, len(keys), 3)]
    rows.append([dialog_question.done(req, req.t("fair-features-done"))])
    return Screen(req.t("fair-ask", field="features"), rows)


def _entry(data: dict) -> dict:
    features = {**data.get("features", {})}
    entry = features[str(data["feature_county"])] = dict(
        features.get(str(data["feature_county"])) or {"text": "", "photos": []}
    )
    data["features"] = features
    return entry


async def _feature_text(req: Request, data: dict, text: str):
    if not data.get("feature_county"):  # no county tapped yet: nothing kept
        return data, Screen(req.t("fair-feature-county-first"), new=True)
    _entry(data)["text"] = text.strip()[:1000]  # the photos sent for the county stay
    return {**data, "feature_county": 0}


async def _feature_photo(req: Request, data: dict, photo: str, caption: str):
    if not data.get("feature_county"):
        return data, Screen(req.t("fair-feature-county-first"), new=True)
    entry = _entry(data)
    if len(entry["photos"]) < MAX_FEATURE_PHOTOS:
        entry["photos"] = [*entry["photos"], photo]
    if caption and not entry["text"]:  # a caption is the text when none was written
        entry["text"] = caption[:1000]
    if not entry["text"]:  # photos alone are not published: the words are asked for
        return data
    return {**data, "feature_county": 0}


async def _feature_tap(req: Request, data: dict, county_id: int | None):
    if county_id is None:
        return "done", {**data, "feature_county": 0}
    if county_id == 0:  # back to the counties
        return {**data, "feature_county": 0}
    county = await catalog.county(req.session, county_id=county_id)  # a forged id is not found
    return {**data, "feature_county": county.id}


async def _preview(req: Request, data: dict) -> str:
    starts_at = datetime.fromisoformat(data["starts_at"])
    return req.t(
        "fair-preview",
        name=escape(data["name"]),
        start=when(req, starts_at),
        end=when(req, datetime.fromisoformat(data["ends_at"])),
        products=len(data.get("products") or []),
        features=len(_written(data)),
        open_now=int(starts_at <= req.now),
    )


def _examples(req: Request) -> dict[str, str]:
    """The times the prompts give as examples: opening tomorrow, closing a week later (computed:
    an example is never a day gone by)."""
    zone = req.policy.timezone
    return {"start": example_time(zone, days=1, hour=9), "end": example_time(zone, days=8, hour=18)}


FAIR = dialog.register(
    Dialog(
        DIALOG,
        (
            Step("name", ask="fair-ask", check=words_check(64)),
            Step("offline_fair", ask="fair-ask", check=words_check(64, none_ok=True)),
            Step(
                "starts_at",
                ask="fair-ask",
                check=_time("starts_at"),
                show_value=lambda r, d: when(r, datetime.fromisoformat(d["starts_at"])),
            ),
            Step(
                "ends_at",
                ask="fair-ask",
                check=_time("ends_at"),
                show_value=lambda r, d: when(r, datetime.fromisoformat(d["ends_at"])),
            ),
            Step(
                "products",
                kind=PICK,
                ask=_products_ask,
                ask_args=lambda req, data: {"query": escape(data.get("products_query", ""))},
                check=_search,
                options=_found,
                done="fair-products-done",
                toggled=("fair-picked", "fair-unpicked"),
            ),
            Step(
                "features",
                kind=CUSTOM,
                custom=Custom(
                    _features_question, on_text=_feature_text, on_photo=_feature_photo, on_tap=_feature_tap
                ),
            ),
            Step("preview", kind=PREVIEW, preview=_preview, confirm="event-publish"),
        ),
        lambda session, req, data: _publish(session, req, data),
        title="fair-dialog",
        ask_args=_examples,
    )
)


@command("fair")
async def start(context: Request, text: str) -> Reply:
    """/fair: organisers and admins; asks for the name first."""
    async with context.db.read() as session:
        await roles.organiser_scope(session, member_id=context.member_id)
    data = {"products": [], "features": {}}
    return await dialog.begin(context, FAIR, data)


async def _publish(session, req: Request, data: dict) -> Reply:
    now = req.now
    starts_at = datetime.fromisoformat(data["starts_at"])
    fair = await fairs.create(
        session,
        organiser_id=req.member_id,
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
            actor_id=req.member_id,
            county_id=int(county_id),
            text=entry["text"],
            photos=entry["photos"],
        )
    framed = {
        "name": fair.name,
        "offline": fair.offline_fair,
        "has_offline": int(bool(fair.offline_fair)),
        "start": when(req, fair.starts_at),
        "end": when(req, fair.ends_at),
    }
    broadcast = await broadcasts.announce(
        session,
        organiser_id=req.member_id,
        key="fair-announcement",
        args=framed,
        text=req.t("fair-announcement", **framed),
        kind="fairs",
        scope_id=fair.scope_id,
        button="fair",
        button_id=fair.id,
        send_at=max(starts_at, now),  # the opening is announced when the fair opens
    )
    await fairs.set_broadcast(session, fair_id=fair.id, broadcast_id=broadcast.id)
    rows = [[Action(req.t("fair-open"), "fair", (fair.id, 0)), Action(req.t("nav-menu"), "menu")]]
    return Screen(req.t("fair-published"), rows)


async def tell_summary(session, fair_id: int, now: datetime) -> None:
    """A closed fair's figures, per county, to its organiser (the clock's job, in the transaction
    that marks the summary sent; not urgent: it waits out quiet hours)."""
    fair = await fairs.get(session, fair_id=fair_id)
    await tell(
        session,
        [fair.organiser_id],
        "fair-summary",
        about=f"fair:{fair_id}",
        now=now,
        urgent=False,
        fair_id=fair_id,
    )
