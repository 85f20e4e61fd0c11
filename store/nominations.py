"""Nominations: members propose products from the poor counties; admins verify and list them.

open → approved (supplier created if new, a draft product prefilled) → listed (price and stock
completed; the nominator earns points), or open → rejected with a reason. A nomination of a
product already on sale is refused with that product (AlreadyListed); one of a product already
nominated (same county, near-identical name) is stored as merged into the earlier one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from . import catalog, ledger
from .community_models import Nomination, NominationStatus
from .errors import AlreadyListed, InvalidInput, NominationDecided, NotFound
from .ledger_models import PointsReason
from .models import Category, County, Member, Product, ProductStatus, Supplier, SupplierKind, Village
from .names import near_identical, near_place, normalize
from .paging import Page, paginate
from .roles import Role, authorize
from .sql import insert_ignoring_duplicates

# field → (shortest, longest); village may be left out
LIMITS = {"name": (2, 64), "village": (0, 64), "supplier": (2, 128), "contact": (5, 128), "reason": (5, 500)}
REASON_LIMIT = 256
PENDING = (NominationStatus.open, NominationStatus.approved)


def check_field(field: str, value: str) -> str:
    """A nomination field, tidied; InvalidInput(field) when empty or too long."""
    value = " ".join(value.split())
    low, high = LIMITS[field]
    if not low <= len(value) <= high:
        raise InvalidInput(field)
    return value


async def find_duplicate(
    session: AsyncSession, *, county_id: int, name: str
) -> tuple[Product | None, Nomination | None]:
    """A listed product of the county with a near-identical name (`names.near_identical`: a
    typo apart, not a character more at an end), else a pending nomination with one."""
    wanted = normalize(name)
    for product_id, product_name in await session.execute(
        select(Product.id, Product.name).where(
            Product.county_id == county_id, Product.status == ProductStatus.listed
        )
    ):
        if near_identical(wanted, normalize(product_name)):
            return await session.get(Product, product_id), None
    for nomination in await session.scalars(
        select(Nomination)
        .where(Nomination.county_id == county_id, Nomination.status.in_(PENDING))
        .order_by(Nomination.id)
    ):
        if near_identical(wanted, nomination.normalized_name):
            return None, nomination
    return None, None


async def village_matches(
    session: AsyncSession, *, county_id: int, name: str
) -> tuple[Village | None, list[Village]]:
    """The county's village a typed name is (the same name once folded as product names are:
    width, case, spaces and punctuation; the county's name before it left off), else the villages
    it may mean (`names.near_place`, at most five) for the member to choose from; (None, []) for a
    village the shop does not know."""
    county = await session.get(County, county_id)
    wanted = normalize(name)
    if county is not None:  # 城口县岚溪村 or 城口岚溪村 in 城口县 is 岚溪村
        for prefix in (normalize(county.name), normalize(county.name)[:-1]):
            if len(prefix) >= 2 and wanted.startswith(prefix):
                wanted = wanted[len(prefix) :]
                break
    if not wanted:
        return None, []
    close = []
    for village in await session.scalars(
        select(Village).where(Village.county_id == county_id).order_by(Village.id)
    ):
        known = normalize(village.name)
        if known == wanted:
            return village, []
        if near_place(wanted, known):
            close.append(village)
    return None, close[:5]


async def submit(
    session: AsyncSession,
    *,
    member_id: int,
    key: str,
    name: str,
    county_id: int,
    supplier: str,
    contact: str,
    reason: str,
    village: str = "",
    photo: str = "",
    now: datetime,
) -> Nomination:
    """Store a nomination once per `key`; AlreadyListed if the product is on sale already."""
    if existing := await session.scalar(select(Nomination).where(Nomination.key == key)):
        return existing
    if await session.get(County, county_id) is None:
        raise NotFound("county", county_id)
    fields = {
        "name": check_field("name", name),
        "village": check_field("village", village),
        "supplier": check_field("supplier", supplier),
        "contact": check_field("contact", contact),
        "reason": check_field("reason", reason),
    }
    listed, earlier = await find_duplicate(session, county_id=county_id, name=fields["name"])
    if listed is not None:
        raise AlreadyListed(listed.id)
    if fields["village"]:  # a village the shop knows is kept under its own name
        same, _ = await village_matches(session, county_id=county_id, name=fields["village"])
        fields["village"] = same.name if same else fields["village"]
    await session.execute(
        insert_ignoring_duplicates(session, Nomination, "key").values(
            member_id=member_id,
            key=key,
            product_name=fields["name"],
            normalized_name=normalize(fields["name"]),
            county_id=county_id,
            village_name=fields["village"],
            supplier_name=fields["supplier"],
            contact=fields["contact"],
            reason=fields["reason"],
            photo=photo[:256],
            status=NominationStatus.merged if earlier else NominationStatus.open,
            merged_into_id=earlier.id if earlier else None,
            reject_reason="",
            created_at=now,
        )
    )
    return await session.scalar(select(Nomination).where(Nomination.key == key))


async def of_member(
    session: AsyncSession, *, member_id: int, page: int, per_page: int = 8
) -> Page[Nomination]:
    query = (
        select(Nomination)
        .where(Nomination.member_id == member_id)
        .order_by(Nomination.id.desc())
        .options(joinedload(Nomination.county))
    )
    return await paginate(session, query, page=page, per_page=per_page)


async def queue(
    session: AsyncSession, *, admin_id: int, page: int, per_page: int = 6
) -> Page[tuple[Nomination, int]]:
    """Admins only: nominations waiting for a decision or for price and stock, oldest first,
    each with how many later nominations were merged into it."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    merged = aliased(Nomination)
    supporters = (
        select(func.count())
        .where(merged.merged_into_id == Nomination.id)
        .correlate(Nomination)
        .scalar_subquery()
    )
    query = (
        select(Nomination)
        .add_columns(supporters)
        .where(Nomination.status.in_(PENDING))
        .order_by(Nomination.id)
        .options(joinedload(Nomination.county))
    )
    found = await paginate(session, query, page=page, per_page=per_page)
    rows = (await session.execute(query.limit(per_page).offset(found.page * per_page))).all()
    return Page([(n, count) for n, count in rows], found.page, found.pages, found.total)


async def for_admin(session: AsyncSession, *, admin_id: int, nomination_id: int) -> Nomination:
    await authorize(session, member_id=admin_id, role=Role.admin)
    nomination = await session.scalar(
        select(Nomination).where(Nomination.id == nomination_id).options(joinedload(Nomination.county))
    )
    if nomination is None:
        raise NotFound("nomination", nomination_id)
    return nomination


async def approve(
    session: AsyncSession, *, admin_id: int, nomination_id: int, category_id: int, now: datetime
) -> Product:
    """An admin approves: the supplier is created if new and a draft product prefilled."""
    nomination = await for_admin(session, admin_id=admin_id, nomination_id=nomination_id)
    category = await session.get(Category, category_id)
    if category is None:
        raise NotFound("category", category_id)
    await _move(session, nomination, NominationStatus.open, NominationStatus.approved, admin_id, now)
    supplier = await session.scalar(select(Supplier).where(Supplier.name == nomination.supplier_name))
    if supplier is None:
        supplier = Supplier(
            name=nomination.supplier_name,
            kind=SupplierKind.farm,
            county_id=nomination.county_id,
            contact=nomination.contact,
        )
        session.add(supplier)
    village = None
    if nomination.village_name:  # the county's own village when it is one, however it was typed
        village, _ = await village_matches(
            session, county_id=nomination.county_id, name=nomination.village_name
        )
        if village is None:
            village = Village(county_id=nomination.county_id, name=nomination.village_name)
            session.add(village)
    await session.flush()
    # Loaded here, not through nomination.county: _move refreshed the nomination, and a lazy load
    # would need IO that an async session cannot do implicitly (MissingGreenlet).
    county = await session.get(County, nomination.county_id)
    product = Product(
        name=nomination.product_name,
        category_id=category.id,
        county_id=nomination.county_id,
        village_id=village.id if village else None,
        supplier_id=supplier.id,
        price_fen=1,  # a draft is never on sale; the admin sets the price when listing it
        unit="件",
        stock=0,
        photo=nomination.photo,
        description=nomination.reason,
        status=ProductStatus.draft,
        search_text=catalog.search_text_of(
            name=nomination.product_name,
            name_en="",
            county=county,
            village=village,
            supplier=supplier,
            category=category,
        ),
        created_at=now,
    )
    session.add(product)
    await session.flush()
    nomination.product_id = product.id
    return product


async def list_product(
    session: AsyncSession,
    *,
    admin_id: int,
    nomination_id: int,
    price_fen: int,
    unit: str,
    stock: int,
    now: datetime,
    points: int = 20,
) -> Product:
    """The admin completes price, unit and stock: the draft goes on sale; the nominator earns points."""
    nomination = await for_admin(session, admin_id=admin_id, nomination_id=nomination_id)
    unit = " ".join(unit.split())
    if price_fen <= 0 or not 0 <= stock <= 1_000_000 or not 1 <= len(unit) <= 32:
        raise InvalidInput("price, unit or stock")
    await _move(session, nomination, NominationStatus.approved, NominationStatus.listed, admin_id, now)
    product = await session.get(Product, nomination.product_id)
    product.price_fen, product.unit, product.stock = price_fen, unit, stock
    product.status = ProductStatus.listed
    nominator = await session.scalar(
        select(Member).where(Member.id == nomination.member_id).options(joinedload(Member.branch))
    )
    await ledger.credit_points(
        session,
        member_id=nominator.id,
        branch_id=nominator.branch_id,
        agency_id=nominator.branch.agency_id if nominator.branch else None,
        delta=points,
        reason=PointsReason.listed_nomination,
        source=f"nomination:{nomination.id}",
        now=now,
    )
    return product


async def reject(
    session: AsyncSession, *, admin_id: int, nomination_id: int, reason: str, now: datetime
) -> Nomination:
    """An admin turns a nomination down with a reason (before it is listed)."""
    nomination = await for_admin(session, admin_id=admin_id, nomination_id=nomination_id)
    reason = " ".join(reason.split())
    if not 1 <= len(reason) <= REASON_LIMIT:
        raise InvalidInput("reason")
    await _move(session, nomination, nomination.status, NominationStatus.rejected, admin_id, now)
    if nomination.product_id:  # approved already: its draft will not be needed
        await session.execute(
            update(Product).where(Product.id == nomination.product_id).values(status=ProductStatus.delisted)
        )
    nomination.reject_reason = reason
    return nomination


async def supporters_of(session: AsyncSession, *, nomination_id: int) -> list[Member]:
    """The nominator and everyone whose nomination was merged into it: who to tell of a decision."""
    return list(
        await session.scalars(
            select(Member).where(
                Member.id.in_(
                    select(Nomination.member_id).where(
                        (Nomination.id == nomination_id) | (Nomination.merged_into_id == nomination_id)
                    )
                )
            )
        )
    )


async def _move(
    session: AsyncSession,
    nomination: Nomination,
    from_: NominationStatus,
    to: NominationStatus,
    admin_id: int,
    now: datetime,
) -> None:
    if from_ not in PENDING:
        raise NominationDecided(nomination.id)
    moved = await session.execute(
        update(Nomination)
        .where(Nomination.id == nomination.id, Nomination.status == from_)
        .values(status=to, decided_by=admin_id, decided_at=now)
    )
    if moved.rowcount != 1:
        raise NominationDecided(nomination.id)
    await session.refresh(nomination)
