"""/nominations: the admins' queue. View a nomination; 批准 (choose its category) creates the
supplier if new and a draft product, then a short dialog takes price, unit and stock and lists it;
驳回 asks a reason. The nominator (and whoever's nomination was merged into it) is told either
way. The store checks the admin role on every step, so a forged button changes nothing."""

from __future__ import annotations

from store import catalog, nominations
from store.community_models import NominationStatus
from store.errors import InvalidInput
from store.money import parse_yuan
from store.notices import Button

from . import dialog
from .catalog import FROM_MENU
from .dialog_spec import PREVIEW, Dialog, Step, reason_check
from .format import escape, name, parse_count, yuan
from .notify import tell
from .registry import Stale, command, intent
from .reply import Action, Alert, Reply, Screen, button, pages, parts
from .request import Request

LIST_DIALOG = "nomination_list"
REJECT_DIALOG = "nomination_reject"


@command("nominations")
async def queue_command(context: Request, text: str) -> Reply:
    return await queue(context, 0)


@intent("noms")
async def queue(context: Request, page: int) -> Reply:
    """/nominations or its pages: open and approved nominations, oldest first."""
    async with context.db.read() as session:
        found = await nominations.queue(session, admin_id=context.member_id or 0, page=page)
    rows = [
        [
            button(
                context.t(
                    "queue-button",
                    nomination=n.id,
                    name=escape(n.product_name),
                    county=name(n.county, context.locale),
                    status=n.status.value,
                    supporters=supporters,
                ),
                "nom-view",
                n.id,
            )
        ]
        for n, supporters in found.items
    ]
    if nav := pages(context, found, "noms"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    key = "queue-title" if found.total else "queue-empty"
    return Screen(context.t(key, count=found.total), rows)


@intent("nom-view")
async def view(context: Request, nomination_id: int) -> Reply:
    """One nomination with everything the member said, and what can be done with it."""
    async with context.db.read() as session:
        n = await nominations.for_admin(session, admin_id=context.member_id or 0, nomination_id=nomination_id)
    rows = []
    if n.status == NominationStatus.open:
        rows.append([button(context.t("queue-approve"), "nom-approve", n.id, 0)])
    if n.status == NominationStatus.approved:
        rows.append([button(context.t("queue-list"), "nom-list", n.id)])
    if n.status in nominations.PENDING:
        rows.append([button(context.t("queue-reject"), "nom-reject", n.id)])
    rows.append([button(context.t("nav-back"), "noms", 0), button(context.t("nav-menu"), "menu")])
    text = context.t(
        "queue-nomination",
        nomination=n.id,
        name=escape(n.product_name),
        county=name(n.county, context.locale),
        village=escape(n.village_name) or "-",
        supplier=escape(n.supplier_name),
        contact=escape(n.contact),
        reason=escape(n.reason),
        status=n.status.value,
    )
    return Screen(text, rows, photo=n.photo)


@intent("nom-approve")
async def approve(context: Request, nomination_id: int, category_id: int) -> Reply:
    """批准: first the category, then the draft is made and price, unit and stock are asked."""
    if category_id == 0:
        async with context.db.read() as session:
            await nominations.for_admin(session, admin_id=context.member_id or 0, nomination_id=nomination_id)
            options = [c for c, _ in await catalog.categories(session)]
        rows = [[button(name(c, context.locale), "nom-approve", nomination_id, c.id)] for c in options]
        rows.append([button(context.t("nav-back"), "nom-view", nomination_id)])
        return Screen(context.t("queue-choose-category"), rows)
    now = context.now
    async with context.db.begin() as session:
        draft = await nominations.approve(
            session,
            admin_id=context.member_id or 0,
            nomination_id=nomination_id,
            category_id=category_id,
            now=now,
        )
        told = await nominations.supporters_of(session, nomination_id=nomination_id)
        await tell(
            session,
            [m.id for m in told],
            "nomination-approved",
            about=f"nomination:{nomination_id}",
            now=now,
            name=draft.name,
        )
        asked = await _begin_listing(context, session, nomination_id)
    return [Alert(context.t("queue-approved")), *parts(asked)]


async def _begin_listing(context: Request, session, nomination_id: int) -> Reply:
    req = context
    req.session = session
    return await dialog.begin(req, LISTING, {"nomination": nomination_id})


@intent("nom-list")
async def start_listing(context: Request, nomination_id: int) -> Reply:
    """完成上架 on an approved nomination: the price, unit and stock dialog (again)."""
    async with context.db.begin() as session:
        found = await nominations.for_admin(
            session, admin_id=context.member_id or 0, nomination_id=nomination_id
        )
        if found.status != NominationStatus.approved:
            raise Stale("nom-list")
        asked = await _begin_listing(context, session, nomination_id)
    return asked


def _stock(req: Request, text: str, data: dict) -> int:
    return parse_count(text, most=1_000_000)  # 80, ８０, 80袋


def _unit(req: Request, text: str, data: dict) -> str:
    text = text.strip()
    if not 1 <= len(text) <= 32:
        raise InvalidInput("unit")
    return text


async def _listing_preview(req: Request, data: dict) -> str:
    """What will be listed."""
    nomination = await nominations.for_admin(
        req.session, admin_id=req.member_id, nomination_id=data["nomination"]
    )
    return req.t(
        "queue-list-preview",
        name=escape(nomination.product_name),
        price=yuan(data["price"]),
        unit=escape(data["unit"]),
        stock=data["stock"],
    )


async def _list(session, req: Request, data: dict) -> Reply:
    """确认上架 under the preview: the product goes on sale, once, and its supporters are told."""
    points = req.policy.points_per_listed_nomination
    product = await nominations.list_product(
        session,
        admin_id=req.member_id,
        nomination_id=data["nomination"],
        price_fen=data["price"],
        unit=data["unit"],
        stock=data["stock"],
        now=req.now,
        points=points,
    )
    nomination = await nominations.for_admin(
        session, admin_id=req.member_id, nomination_id=data["nomination"]
    )
    open_card = [[Button("nominate-open-listed", "product", (product.id, FROM_MENU, 0, 0))]]
    for member in await nominations.supporters_of(session, nomination_id=nomination.id):
        await tell(
            session,
            [member.id],
            "nomination-listed",
            about=f"nomination:{nomination.id}",
            now=req.now,
            actions=open_card,
            name=product.name,
            points=points if member.id == nomination.member_id else 0,
        )
    card = Action(req.t("nominate-open-listed"), "product", (product.id, FROM_MENU, 0, 0))
    return Screen(req.t("queue-listed", name=escape(product.name)), [[card]])


def _listing_step(name: str, check, **more) -> Step:
    return Step(name, ask="queue-ask", check=check, invalid="queue-invalid", **more)


LISTING = dialog.register(
    Dialog(
        LIST_DIALOG,
        (
            Step(
                "price",
                ask="queue-ask",
                check=lambda req, text, data: parse_yuan(text.strip()),
                invalid="queue-invalid",
                number=True,
                show_value=lambda req, data: "¥" + yuan(data["price"]),
            ),
            _listing_step("unit", _unit),
            _listing_step("stock", _stock, number=True),
            Step("preview", kind=PREVIEW, preview=_listing_preview, confirm="queue-list-go"),
        ),
        _list,
        title="queue-list-draft",
    )
)


async def _reject(session, req: Request, data: dict) -> Reply:
    rejected = await nominations.reject(
        session, admin_id=req.member_id, nomination_id=data["nomination"], reason=data["reason"], now=req.now
    )
    told = await nominations.supporters_of(session, nomination_id=rejected.id)
    await tell(
        session,
        [m.id for m in told],
        "nomination-rejected",
        about=f"nomination:{rejected.id}",
        now=req.now,
        name=rejected.product_name,
        reason=rejected.reject_reason,
    )
    rows = [[Action(req.t("nav-back"), "noms", (0,)), Action(req.t("nav-menu"), "menu")]]
    return Screen(req.t("queue-rejected", nomination=rejected.id), rows)


async def _reject_preview(req: Request, data: dict) -> str:
    return req.t("queue-reject-preview", nomination=data["nomination"], reason=escape(data["reason"]))


REJECT = dialog.register(
    Dialog(
        REJECT_DIALOG,
        (
            Step(
                "reason",
                ask="queue-ask-reason",
                ask_args=lambda req, data: {"nomination": data["nomination"]},
                check=reason_check(nominations.REASON_LIMIT),
            ),
            Step("preview", kind=PREVIEW, preview=_reject_preview, confirm="queue-reject-confirm"),
        ),
        _reject,
        title="queue-reject-draft",
    )
)


@intent("nom-reject")
async def start_reject(context: Request, nomination_id: int) -> Reply:
    """驳回: the reason (it is sent to the nominator), then a confirmation."""
    async with context.db.read() as session:
        found = await nominations.for_admin(
            session, admin_id=context.member_id or 0, nomination_id=nomination_id
        )
    if found.status not in nominations.PENDING:
        raise Stale("nom-reject")
    return await dialog.begin(context, REJECT, {"nomination": nomination_id})
