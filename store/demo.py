"""The demo catalog (`aixin seed-demo`, and the sandbox on an empty database).

Villages, agencies with their branches, and ~60 products over the 18 counties, all from the CSV
files in store/demo/. Products come in through the same importer as an operator's CSV, marked as
demo data so that cards say so.
"""

from __future__ import annotations

from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from . import catalog_import, reference
from .models import Agency, Branch, County, Village


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
