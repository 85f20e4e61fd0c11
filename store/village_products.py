"""A first secretary lists a village product as a draft; an admin approves it into the catalog."""

from __future__ import annotations

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .catalog import search_text_of
from .community_models import Nomination
from .errors import InvalidInput, NotFound
from .models import Category, County, Product, ProductStatus, Role, Supplier, SupplierKind, Village
from .roles import ALL, Holder, authorize, holders


async def draft_product(
    session: AsyncSession,
    *,
    author_id: int,
    village_id: int,
    name: str,
    category_id: int,
    price_fen: int,
    unit: str,
    stock: int,
    description: str = "",
    photo: str = "",
) -> Product:
    """A village product listed as a draft by the village's first secretary, for an admin to approve."""
    await authorize(session, member_id=author_id, role=Role.first_secretary, scope_id=village_id)
    if not 1 <= len(name) <= 64 or not 1 <= len(unit) <= 32 or price_fen <= 0 or not 0 <= stock <= 100_000:
        raise InvalidInput("product")
    village = await session.get(Village, village_id)
    county = await session.get(County, village.county_id)
    category = await session.get(Category, category_id)
    if category is None:
        raise NotFound("category", category_id)
    supplier_name = f"{county.name}{village.name}"
    supplier = await session.scalar(select(Supplier).where(Supplier.name == supplier_name))
    if supplier is None:
        supplier = Supplier(name=supplier_name, kind=SupplierKind.farm, county_id=county.id)
        session.add(supplier)
        await session.flush()
    product = Product(
        name=name,
        category_id=category_id,
        county_id=county.id,
        village_id=village_id,
        village=village,  # loaded, so whoever is told of the draft can name the village
        supplier_id=supplier.id,
        price_fen=price_fen,
        unit=unit,
        stock=stock,
        description=description[:1000],
        photo=photo[:512],
        status=ProductStatus.draft,
        search_text=search_text_of(
            name=name, name_en="", county=county, village=village, supplier=supplier, category=category
        ),
    )
    session.add(product)
    await session.flush()
    return product


# A nomination's approval also makes a draft (a placeholder at 1 fen, no stock); it goes on sale only
# through nominations.list_product, where the admin sets price, unit and stock. Not a village draft.
_NOT_NOMINATED = ~exists().where(Nomination.product_id == Product.id)


async def drafts(session: AsyncSession, *, admin_id: int | None) -> list[Product]:
    """Village products drafted by first secretaries, waiting for an admin (not nominations' drafts)."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    return list(
        await session.scalars(
            select(Product)
            .where(Product.status == ProductStatus.draft, _NOT_NOMINATED)
            .options(selectinload(Product.village), selectinload(Product.county))
            .order_by(Product.id)
            .limit(20)
        )
    )


async def approve(session: AsyncSession, *, product_id: int, admin_id: int | None) -> tuple[Product, bool]:
    """An admin lists a drafted product; True when this call listed it. Approving twice (or two
    admins at once) lists it once, and only the first is told True."""
    listed_now = await _decide(session, product_id, admin_id, ProductStatus.listed)
    product = await session.get(Product, product_id, populate_existing=True)
    if product is None or product.status != ProductStatus.listed:  # delisted, or a nomination's draft
        raise NotFound("product", product_id)
    return product, listed_now


async def draft(session: AsyncSession, *, product_id: int, admin_id: int | None) -> Product:
    """One drafted village product, as an admin reviews it (NotFound once it is decided)."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    found = await session.scalar(
        select(Product)
        .where(Product.id == product_id, Product.status == ProductStatus.draft, _NOT_NOMINATED)
        .options(selectinload(Product.village), selectinload(Product.category))
    )
    if found is None:
        raise NotFound("product", product_id)
    return found


async def reject(session: AsyncSession, *, product_id: int, admin_id: int | None) -> Product | None:
    """An admin turns a draft down: it is never listed. The product if this call did it (once)."""
    if not await _decide(session, product_id, admin_id, ProductStatus.delisted):
        return None
    return await session.get(Product, product_id, populate_existing=True)


async def _decide(
    session: AsyncSession, product_id: int, admin_id: int | None, status: ProductStatus
) -> bool:
    """An admin moves a drafted village product on (listed or turned down), once: True if this
    call did; of two admins at once, only one."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    decided = await session.execute(
        update(Product)
        .where(Product.id == product_id, Product.status == ProductStatus.draft, _NOT_NOMINATED)
        .values(status=status)
        .execution_options(synchronize_session=False)
    )
    return decided.rowcount == 1


async def reviewers(session: AsyncSession) -> list[Holder]:
    """Who approves drafts (the admins): to be told of a new one."""
    return await holders(session, role=Role.admin, scope_id=ALL)


async def secretaries(session: AsyncSession, *, product: Product) -> list[Holder]:
    """The first secretaries of a drafted product's village: to be told it was listed."""
    if product.village_id is None:
        return []
    return await holders(session, role=Role.first_secretary, scope_id=product.village_id)
