"""The demo catalog (`aixin seed-demo`, and the sandbox on an empty database).

Villages, agencies with their branches, and ~60 products over the 18 counties, all from the CSV
files in store/demo/. Products come in through the same importer as an operator's CSV, marked as
demo data so that cards say so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from . import catalog_import, media, ranking, recommendations, reference, reviews
from .models import Agency, Branch, County, Member, Order, OrderLine, OrderStatus, Product, Village


async def seed(session: AsyncSession) -> dict[str, int]:
    """Load the demo data; safe to run again (rows already there are kept, products updated)."""
    await reference.ensure(session)
    villages = await _villages(session)
    branches = await _organisations(session)
    products = await catalog_import.import_csv(
        session, (files("store") / "demo" / "products.csv").read_text(encoding="utf-8"), demo=True
    )
    if products.errors:
        raise ValueError(f"demo products.csv is broken: {products.errors[:3]}")
    return {"villages": villages, "branches": branches, "products": products.created + products.updated}


async def give_photos(session: AsyncSession, *, draw: Callable[[Product], bytes], media_dir: Path) -> int:
    """Each demo product without a photo gets the picture `draw` makes of it (JPEG bytes; the demo
    cards of bot/demo_photos.py), kept under `media_dir`. A product with a photo keeps it."""
    found = await session.scalars(
        select(Product)
        .where(Product.is_demo.is_(True), Product.photo == "")
        .options(selectinload(Product.county), selectinload(Product.category))
        .order_by(Product.id)
    )
    given = 0
    for product in found:
        kept = await media.keep(session, data=draw(product), content_type="image/jpeg", media_dir=media_dir)
        product.photo = media.ref(kept.id)
        given += 1
    await session.flush()
    return given


async def _villages(session: AsyncSession) -> int:
    counties = {c.name: c for c in await session.scalars(select(County))}
    known = {(v.county_id, v.name) for v in await session.scalars(select(Village))}
    added = 0
    for row in reference.read_csv("store", "demo/counties.csv"):
        county = counties[row["county"]]
        for name in filter(None, row["villages"].split("|")):
            if (county.id, name) not in known:
                session.add(Village(county_id=county.id, name=name))
                added += 1
    await session.flush()
    return added


async def _organisations(session: AsyncSession) -> int:
    agencies = {a.name: a for a in await session.scalars(select(Agency))}
    branches = {(b.agency_id, b.name) for b in await session.scalars(select(Branch))}
    added = 0
    for row in reference.read_csv("store", "demo/organisations.csv"):
        agency = agencies.get(row["agency"])
        if agency is None:
            agency = agencies[row["agency"]] = Agency(name=row["agency"], name_en=row["agency_en"])
            session.add(agency)
            await session.flush()
        if (agency.id, row["branch"]) not in branches:
            session.add(
                Branch(
                    agency_id=agency.id,
                    name=row["branch"],
                    name_en=row["branch_en"],
                    invite_code=row["invite_code"] or None,
                )
            )
            added += 1
    await session.flush()
    return added


async def seed_community(session: AsyncSession, *, now: datetime) -> int:
    """Demo reviews and recommendations by a few demo members, so the ranking has something to
    rank (`aixin seed-demo` and the sandbox; the tests' demo catalog leaves them out). Each review
    sits on a received demo order, entered through the same store functions as a member's."""
    products = {p.name: p for p in await session.scalars(select(Product).where(Product.is_demo.is_(True)))}
    branch = await session.scalar(select(Branch).order_by(Branch.id))
    if branch is None or not products:
        return 0
    added = 0
    rows = list(enumerate(reference.read_csv("store", "demo/community.csv"), start=1))
    for i, row in sorted(rows, key=lambda pair: -int(pair[1]["days_ago"])):  # oldest first, as they happened
        key = f"demo-review:{i}"
        if await session.scalar(select(Order.id).where(Order.idempotency_key == key)):
            continue
        product = products[row["product"]]
        member = await _demo_member(session, int(row["member"]), branch)
        at = now - timedelta(days=int(row["days_ago"]))
        order = Order(
            member_id=member.id,
            supplier_id=product.supplier_id,
            branch_id=branch.id,
            agency_id=branch.agency_id,
            status=OrderStatus.received,
            total_fen=product.price_fen,
            idempotency_key=key,
            # A supplier's order list shows whom it went to: demo orders say so too.
            contact_name=member.display_name,
            contact_phone=f"1380000{i:04d}",
            contact_address="重庆市渝中区（演示数据）",
            created_at=at,
            paid_at=at,
            shipped_at=at,
            received_at=at,
        )
        session.add(order)
        await session.flush()
        line = OrderLine(order_id=order.id, product_id=product.id, quantity=1, price_fen=product.price_fen)
        session.add(line)
        await session.flush()
        await ranking.adjust(
            session, product_id=product.id, heat=ranking.SALE_WEIGHT * ranking.weight(at), sales_count=1
        )
        await reviews.submit(
            session,
            member_id=member.id,
            order_line_id=line.id,
            stars=int(row["stars"]),
            text=row["text"],
            now=at,
        )
        if row["recommend"] == "是":
            await recommendations.set_recommended(
                session, member_id=member.id, product_id=product.id, on=True, now=at
            )
        added += 1
    await ranking.refresh(session, now=now)
    return added


async def _demo_member(session: AsyncSession, number: int, branch: Branch) -> Member:
    display_name = f"演示党员{number}"
    member = await session.scalar(
        select(Member).where(Member.display_name == display_name, Member.telegram_user_id.is_(None))
    )
    if member is None:
        member = Member(display_name=display_name, branch_id=branch.id, locale="zh-CN")
        session.add(member)
        await session.flush()
    return member
