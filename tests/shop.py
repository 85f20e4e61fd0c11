"""A small shop for the order tests: members with a delivery contact, a product, a supplier, an admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from store import fairs, roles
from store.models import Agency, Branch, Member, Product, ProductStatus, Role, Supplier, SupplierKind
from store.notice_models import Notice

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


@dataclass
class Shop:
    product_id: int
    charity_product_id: int
    supplier_id: int
    members: list[int]
    supplier_member: int
    admin: int
    branch_id: int
    agency_id: int


async def open_shop(db, *, members: int = 3, stock: int = 100, price_fen: int = 12_800) -> Shop:
    async with db.begin() as session:
        agency = Agency(name="市财政局", name_en="Finance")
        session.add(agency)
        await session.flush()
        branch = Branch(agency_id=agency.id, name="第一支部", name_en="Branch 1")
        supplier = Supplier(name="巴山食品", kind=SupplierKind.brand, county_id=1)
        other_supplier = Supplier(name="别家小店", kind=SupplierKind.shop, county_id=1)
        session.add_all([branch, supplier, other_supplier])
        await session.flush()
        common = dict(category_id=1, county_id=1, unit="袋", status=ProductStatus.listed, search_text="")
        product = Product(
            name="城口老腊肉", supplier_id=supplier.id, price_fen=price_fen, stock=stock, **common
        )
        charity = Product(
            name="巫溪土蜂蜜",
            supplier_id=supplier.id,
            price_fen=6_850,
            stock=stock,
            charity_item=True,
            **common,
        )
        session.add_all([product, charity])
        people = [
            Member(
                telegram_user_id=100 + i,
                display_name=f"member {i}",
                branch_id=branch.id,
                contact_name=f"收货人{i}",
                contact_phone="13800138000",
                contact_address="重庆市渝中区人民路1号",
            )
            for i in range(members)
        ]
        session.add_all(people)
        await session.flush()
        await roles.grant(session, telegram_user_id=900, role=Role.supplier, scope_id=supplier.id)
        await roles.grant(session, telegram_user_id=901, role=Role.admin)
        supplier_member = await session.scalar(select(Member.id).where(Member.telegram_user_id == 900))
        admin = await session.scalar(select(Member.id).where(Member.telegram_user_id == 901))
        return Shop(
            product.id,
            charity.id,
            supplier.id,
            [m.id for m in people],
            supplier_member,
            admin,
            branch.id,
            agency.id,
        )


async def fair_summaries_told(db) -> dict[int, list]:
    """Each fair whose summary its organiser has been told (once: a second notice fails this), with
    the figures the notice shows when sent (store.fairs.summary, per county)."""
    async with db.read() as session:
        told = list(
            await session.scalars(select(Notice).where(Notice.key == "fair-summary").order_by(Notice.id))
        )
        fair_ids = [n.args["fair_id"] for n in told]
        assert len(fair_ids) == len(set(fair_ids)), "a summary told twice"
        for notice in told:
            organiser = (await fairs.get(session, fair_id=notice.args["fair_id"])).organiser_id
            assert notice.member_id == organiser and not notice.urgent
        return {fair_id: await fairs.summary(session, fair_id=fair_id) for fair_id in fair_ids}
