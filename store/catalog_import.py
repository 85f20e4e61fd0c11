"""Importing a product catalog from CSV: every row is checked first, then all or none are stored.

A row names its county, category and supplier by name; a new supplier is created (its kind is
then required), a village unknown in its county is added, and a product already listed under the
same name in the same county is updated rather than duplicated, so an import can be re-run.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .catalog import search_text_of
from .errors import InvalidInput
from .models import Category, County, Product, ProductStatus, Supplier, SupplierKind, Village
from .money import parse_yuan

COLUMNS = (
    "name",
    "name_en",
    "category",
    "county",
    "village",
    "supplier",
    "supplier_kind",
    "price_yuan",
    "unit",
    "stock",
    "charity_item",
    "certification_no",
    "photo",
    "description",
)
REQUIRED = ("name", "category", "county", "supplier", "price_yuan", "unit", "stock")
_YES = {"是", "yes", "y", "true", "1"}
_NO = {"否", "no", "n", "false", "0", ""}
_MAX_LENGTH = {"name": 64, "name_en": 128, "village": 64, "supplier": 128, "unit": 32, "certification_no": 64}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    errors: list[RowError]


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    price_fen: int = 0
    stock: int = 0
    charity_item: bool = False


async def import_csv(session: AsyncSession, text: str, *, demo: bool = False) -> ImportResult:
    """Check every row of `text`; store them all if none is bad, otherwise store nothing."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
    if missing:
        return ImportResult(0, 0, [RowError(1, column, "missing column") for column in missing])
    unknown = [column for column in reader.fieldnames or [] if column not in COLUMNS]
    if unknown:
        return ImportResult(0, 0, [RowError(1, column, "unknown column") for column in unknown])

    counties = {c.name: c for c in await session.scalars(select(County))}
    counties.update({c.name_en.lower(): c for c in counties.values() if c.name_en})
    categories = {c.name: c for c in await session.scalars(select(Category))}
    categories.update({c.name_en.lower(): c for c in categories.values()})
    suppliers = {s.name: s for s in await session.scalars(select(Supplier))}

    rows: list[_Row] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    new_kinds: dict[str, str] = {}
    for line, raw in enumerate(reader, start=2):
        row = _Row(line, {k: (v or "").strip() for k, v in raw.items() if k is not None})
        problems = _check(row, counties, categories, suppliers, new_kinds)
        key = (row.values.get("county", ""), row.values.get("name", ""))
        if key in seen:
            problems.append(RowError(line, "name", f"same product and county as line {seen[key]}"))
        seen.setdefault(key, line)
        errors.extend(problems)
        rows.append(row)
    if errors:
        return ImportResult(0, 0, errors)

    created = updated = 0
    for row in rows:
        is_new = await _store(session, row, counties, categories, suppliers, demo=demo)
        created += is_new
        updated += not is_new
    await session.flush()
    return ImportResult(created, updated, [])


def _check(row: _Row, counties, categories, suppliers, new_kinds: dict[str, str]) -> list[RowError]:
    values, line, problems = row.values, row.line, []
    for column in REQUIRED:
        if not values.get(column):
            problems.append(RowError(line, column, "empty"))
    for column, limit in _MAX_LENGTH.items():
        if len(values.get(column, "")) > limit:
            problems.append(RowError(line, column, f"longer than {limit} characters"))
    if values.get("county") and _lookup(counties, values["county"]) is None:
        problems.append(RowError(line, "county", f"unknown county {values['county']!r}"))
    if values.get("category") and _lookup(categories, values["category"]) is None:
        problems.append(RowError(line, "category", f"unknown category {values['category']!r}"))
    try:
        row.price_fen = parse_yuan(values.get("price_yuan", ""))
    except InvalidInput:
        if values.get("price_yuan"):
            problems.append(RowError(line, "price_yuan", "not an amount in yuan with at most 2 decimals"))
    try:
        row.stock = int(values.get("stock", ""))
        if row.stock < 0:
            raise ValueError
    except ValueError:
        if values.get("stock"):
            problems.append(RowError(line, "stock", "not a whole number ≥ 0"))
    charity = values.get("charity_item", "").lower()
    if charity not in _YES | _NO:
        problems.append(RowError(line, "charity_item", "not 是/否 (yes/no)"))
    row.charity_item = charity in _YES
    kind, supplier = values.get("supplier_kind", ""), values.get("supplier", "")
    if kind and kind not in SupplierKind.__members__:
        problems.append(RowError(line, "supplier_kind", "not one of brand, shop, farm"))
    elif supplier in suppliers:
        if kind and kind != suppliers[supplier].kind:
            problems.append(
                RowError(line, "supplier_kind", f"supplier is already a {suppliers[supplier].kind}")
            )
    elif supplier:
        if not kind and supplier not in new_kinds:
            problems.append(RowError(line, "supplier_kind", "needed for a new supplier"))
        elif kind and new_kinds.setdefault(supplier, kind) != kind:
            problems.append(RowError(line, "supplier_kind", "differs from an earlier row"))
    return problems


def _lookup(table: dict, name: str):
    return table.get(name) or table.get(name.lower())


async def _store(session: AsyncSession, row: _Row, counties, categories, suppliers, *, demo: bool) -> bool:
    values = row.values
    county = _lookup(counties, values["county"])
    supplier = suppliers.get(values["supplier"])
    if supplier is None:
        supplier = Supplier(
            name=values["supplier"], kind=SupplierKind(values["supplier_kind"]), county_id=county.id
        )
        session.add(supplier)
        suppliers[supplier.name] = supplier
    village = None
    if values.get("village"):
        village = await session.scalar(
            select(Village).where(Village.county_id == county.id, Village.name == values["village"])
        )
        if village is None:
            village = Village(county_id=county.id, name=values["village"])
            session.add(village)
    await session.flush()
    product = await session.scalar(
        select(Product).where(Product.county_id == county.id, Product.name == values["name"])
    )
    is_new = product is None
    if is_new:
        product = Product(
            county_id=county.id, name=values["name"], status=ProductStatus.listed, sales_count=0
        )
        session.add(product)
    product.name_en = values.get("name_en", "")
    product.category_id = _lookup(categories, values["category"]).id
    product.village_id = village.id if village else None
    product.supplier_id = supplier.id
    product.price_fen = row.price_fen
    product.unit = values["unit"]
    product.stock = row.stock
    product.charity_item = row.charity_item
    product.certification_no = values.get("certification_no", "")
    product.photo = values.get("photo", "")
    product.description = values.get("description", "")
    product.is_demo = demo
    product.search_text = search_text_of(
        name=product.name,
        name_en=product.name_en,
        county=county,
        village=village,
        supplier=supplier,
        category=_lookup(categories, values["category"]),
    )
    return is_new
