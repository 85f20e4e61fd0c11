"""A first secretary lists a village product as a draft (name, price, unit, stock, category);
the admins are told and approve drafts with /drafts; the village's secretaries are told once it is
listed. The dialog's step lives in the member's row."""

from __future__ import annotations

from store import catalog, roles
from store import village_products as drafts_store
from store.errors import InvalidInput
from store.models import Role
from store.money import parse_yuan
from store.notices import Button

from . import dialog
from .catalog import FROM_MENU
from .dialog_spec import CHOICE, PHOTO, Dialog, Option, Step
from .format import escape, name, parse_count, yuan
from .notify import tell
from .registry import Stale, command, intent
from .reply import Action, Alert, Reply, Screen, button
from .request import Request

DIALOG = "village_product"


@intent("vp-new")
async def begin(context: Request, village_id: int) -> Reply:
    """上架村产品: the dialog, for the first secretary of that village."""
    async with context.db.read() as session:
        await roles.authorize(
            session, member_id=context.member_id, role=Role.first_secretary, scope_id=village_id
        )
    return await dialog.begin(context, DRAFT, {"village_id": village_id})


def _price(req: Request, text: str, data: dict) -> int:
    return parse_yuan(text.strip())  # as the nomination queue takes prices: '39.8', '39.8元', '¥68'


def _stock(req: Request, text: str, data: dict) -> int:
    return parse_count(text, most=100_000)  # 80, ８０, 80袋


def _words(step: str, limit: int):
    def check(req: Request, text: str, data: dict) -> str:
        if not 1 <= len(text.strip()) <= limit:
            raise InvalidInput(step)
        return text.strip()

    return check


async def _categories(req: Request, data: dict) -> list[Option]:
    return [Option(name(c, req.locale), c.id) for c, _ in await catalog.categories(req.session)]


async def _submit(session, req: Request, data: dict) -> Reply:
    """The draft is stored for an admin to approve, and the admins are told."""
    product = await drafts_store.draft_product(
        session,
        author_id=req.member_id,
        village_id=data["village_id"],
        name=data["name"],
        category_id=data["category"],
        price_fen=data["price"],
        unit=data["unit"],
        stock=data["stock"],
        description=data.get("description", ""),
        photo=data.get("photo", ""),
    )
    admins = await drafts_store.reviewers(session)
    await tell(
        session,
        [a.id for a in admins],
        "draft-submitted",
        about=f"draft:{product.id}",
        now=req.now,
        actions=[[Button("drafts-open", "drafts")]],
        name=product.name,
        village=product.village.name,
        price=yuan(product.price_fen),
    )
    text = req.t("draft-saved", name=escape(product.name), price=yuan(product.price_fen))
    return Screen(text, [[Action(req.t("nav-menu"), "menu")]])


def _asked(step: str, check, **more) -> Step:
    return Step(step, ask="draft-ask", check=check, invalid="event-invalid", **more)


DRAFT = dialog.register(
    Dialog(
        DIALOG,
        (
            _asked("name", _words("name", 64)),
            _asked("price", _price, number=True, show_value=lambda req, data: "¥" + yuan(data["price"])),
            _asked("unit", _words("unit", 32)),
            _asked("stock", _stock, number=True),
            Step("category", kind=CHOICE, ask="draft-ask", options=_categories, show_value=lambda r, d: "✓"),
            _asked("description", _words("description", 1000), optional=True),
            Step("photo", kind=PHOTO, ask="draft-ask", optional=True),
        ),
        _submit,
        title="draft-draft",
    )
)


@intent("drafts")
async def drafts(context: Request) -> Reply:
    """/drafts, or the button under "a draft was submitted": the drafts, each opening in full
    to be listed or turned down (admins)."""
    return await _drafts_screen(context)


@command("drafts")
async def drafts_command(context: Request, text: str) -> Reply:
    return await _drafts_screen(context)


async def _drafts_screen(context: Request) -> Screen:
    async with context.db.read() as session:
        found = await drafts_store.drafts(session, admin_id=context.member_id)
    rows = [
        [
            button(
                context.t(
                    "draft-row",
                    name=p.name,
                    village=p.village.name if p.village else "-",
                    price=yuan(p.price_fen),
                ),
                "draft-view",
                p.id,
            )
        ]
        for p in found
    ]
    rows.append([button(context.t("nav-menu"), "menu")])
    return Screen(context.t("drafts-title", count=len(found)), rows)


@intent("draft-view")
async def view(context: Request, product_id: int) -> Reply:
    """A draft in full, to list it or turn it down."""
    async with context.db.read() as session:
        product = await drafts_store.draft(session, product_id=product_id, admin_id=context.member_id)
    text = context.t(
        "draft-detail",
        name=escape(product.name),
        village=escape(product.village.name if product.village else "-"),
        price=yuan(product.price_fen),
        unit=escape(product.unit),
        stock=product.stock,
        category=name(product.category, context.locale),
        description=escape(product.description) or "-",
    )
    rows = [
        [
            button(context.t("draft-approve"), "draft-ok", product.id),
            button(context.t("draft-reject"), "draft-no", product.id),
        ],
        [button(context.t("nav-back"), "drafts")],
    ]
    return Screen(text, rows, photo=product.photo)


@intent("draft-no")
async def reject(context: Request, product_id: int) -> Reply:
    """退回 a draft: never listed; its village's first secretaries are told (once)."""
    async with context.db.begin() as session:
        product = await drafts_store.reject(session, product_id=product_id, admin_id=context.member_id)
        if product is None:
            raise Stale("draft-no")
        told = await drafts_store.secretaries(session, product=product)
        await tell(
            session,
            [s.id for s in told],
            "draft-rejected-notice",
            about=f"draft:{product.id}",
            now=context.now,
            name=product.name,
        )
    return [Alert(context.t("draft-rejected", name=product.name), modal=True), await _drafts_screen(context)]


@intent("draft-ok")
async def approve(context: Request, product_id: int) -> Reply:
    """Tap a draft: it is listed, and its village's first secretaries are told (once)."""
    async with context.db.begin() as session:
        product, listed_now = await drafts_store.approve(
            session, product_id=product_id, admin_id=context.member_id
        )
        told = await drafts_store.secretaries(session, product=product) if listed_now else []
        await tell(
            session,
            [s.id for s in told],
            "draft-listed",
            about=f"draft:{product.id}",
            now=context.now,
            actions=[[Button("draft-view", "product", (product.id, FROM_MENU, 0, 0))]],
            name=product.name,
        )
    return [Alert(context.t("draft-approved", name=product.name), modal=True), await _drafts_screen(context)]
