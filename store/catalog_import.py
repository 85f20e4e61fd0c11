"""Importing a product catalog from CSV: every row is checked first, then all or none are stored.

A row names its county, category and supplier by name; a new supplier is created (its kind is
then required), a village unknown in its county is added, and a product already listed under the
same name in the same county is updated rather than duplicated, so an import can be re-run.

Rows are stored in bulk, so 100,000 of them take seconds, not hours: what the file names is
looked up in a few set-based SELECTs, then new suppliers, villages and products are inserted and
existing products updated with one executemany statement each (bench/import.py).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .catalog import county_names, search_text_of
from .errors import InvalidInput
from .models import MAX_ID, Category, County, Product, ProductStatus, Supplier, SupplierKind, Village
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
_MAX_LENGTH = {
    "name": 64,
    "name_en": 128,
    "village": 64,
    "supplier": 128,
    "unit": 32,
    "certification_no": 64,
    "photo": 512,
}
# Values in one IN list: under SQLite's oldest limit of 999 bound parameters a statement.
_CHUNK = 500


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
    kept: int = 0  # empty optional cells of updated products that kept what was stored


# Optional columns an empty cell of leaves as it is on a product already there (unless cleared).
KEPT_WHEN_EMPTY = ("name_en", "village", "charity_item", "certification_no", "photo", "description")


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    county: County | None = None
    category: Category | None = None
    price_fen: int = 0
    stock: int = 0
    charity_item: bool = False


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read in.

    UTF-8, with or without the BOM that Excel's "CSV UTF-8" writes, is tried first and strictly;
    then GB18030, which contains GBK and GB2312 (Excel's plain "CSV" on a Chinese Windows).
    InvalidInput("encoding", name or "", line) for anything else, `line` being where UTF-8 failed.
    """
    for bom, name in ((codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise InvalidInput("encoding", name, 1)
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as not_utf8:
        try:
            return data.decode("gb18030"), "GB18030"
        except UnicodeDecodeError:
            raise InvalidInput("encoding", "", data.count(b"\n", 0, not_utf8.start) + 1) from None


async def import_csv(
    session: AsyncSession, text: str, *, demo: bool = False, clear_empty: bool = False
) -> ImportResult:
    """Check every row of `text`; store them all if none is bad, otherwise store nothing. An empty
    optional cell of a product already there keeps what it has, unless `clear_empty`."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader, [])
    except csv.Error as error:
        return ImportResult(0, 0, [RowError(1, "-", f"not CSV: {error}")])
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        return ImportResult(0, 0, [RowError(1, column, "missing column") for column in missing])
    unknown = [RowError(1, column, "unknown column") for column in header if column not in COLUMNS]
    twice = [RowError(1, column, "named twice") for column in COLUMNS if header.count(column) > 1]
    if unknown or twice:
        return ImportResult(0, 0, unknown + twice)

    counties = county_names(await session.scalars(select(County)))
    categories = {c.name: c for c in await session.scalars(select(Category))}
    categories.update({c.name_en.lower(): c for c in categories.values()})

    rows: list[_Row] = []
    errors: list[RowError] = []
    seen: dict[tuple[object, str], int] = {}
    for row in _read(reader, header, errors):
        errors.extend(_check(row, counties, categories))
        key = (row.county.id if row.county else row.values.get("county", ""), row.values.get("name", ""))
        if key in seen:
            errors.append(RowError(row.line, "name", f"same product and county as line {seen[key]}"))
        seen.setdefault(key, row.line)
        rows.append(row)
    named = {row.values["supplier"] for row in rows if row.values["supplier"]}
    suppliers = {s.name: s for (s,) in await _in(session, select(Supplier), Supplier.name, named)}
    new_suppliers = _check_suppliers(rows, suppliers, errors)
    if errors:
        return ImportResult(0, 0, sorted(errors, key=lambda e: e.line))

    await _add_suppliers(session, new_suppliers, suppliers)
    villages = await _villages(session, rows)
    created, updated, kept = await _store_products(
        session, rows, suppliers, villages, demo=demo, clear_empty=clear_empty
    )
    return ImportResult(created, updated, [], kept)


def _read(reader, header: list[str], errors: list[RowError]) -> Iterator[_Row]:
    """The rows after the header, each with the line it starts on (a quoted value may span
    lines; blank lines are skipped); a row short of values has them empty."""
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors.append(RowError(line, "-", f"not CSV: {error}"))
            return
        if record:
            if any(extra.strip() for extra in record[len(header) :]):
                errors.append(RowError(line, "-", f"more values than the {len(header)} columns"))
            values = dict.fromkeys(header, "")
            values.update((column, value.strip()) for column, value in zip(header, record, strict=False))
            yield _Row(line, values)
        line = reader.line_num + 1


def _check(row: _Row, counties: dict, categories: dict) -> list[RowError]:
    values, line, problems = row.values, row.line, []
    for column, value in values.items():
        if "\x00" in value:  # PostgreSQL text cannot hold it
            problems.append(RowError(line, column, "contains a NUL character"))
    for column in REQUIRED:
        if not values.get(column):
            problems.append(RowError(line, column, "empty"))
    for column, limit in _MAX_LENGTH.items():
        if len(values.get(column, "")) > limit:
            problems.append(RowError(line, column, f"longer than {limit} characters"))
    if values.get("county"):
        row.county = _lookup(counties, values["county"])
        if row.county is None:
            problems.append(RowError(line, "county", f"unknown county {values['county']!r}"))
    if values.get("category"):
        row.category = _lookup(categories, values["category"])
        if row.category is None:
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
        if row.stock > MAX_ID:
            problems.append(RowError(line, "stock", f"more than {MAX_ID}"))
    except ValueError:
        if values.get("stock"):
            problems.append(RowError(line, "stock", "not a whole number ≥ 0"))
    charity = values.get("charity_item", "").lower()
    if charity not in _YES | _NO:
        problems.append(RowError(line, "charity_item", "not 是/否 (yes/no)"))
    row.charity_item = charity in _YES
    if values.get("supplier_kind", "") not in ("", *SupplierKind.__members__):
        problems.append(RowError(line, "supplier_kind", "not one of brand, shop, farm"))
    return problems


def _check_suppliers(rows: list[_Row], suppliers: dict[str, Supplier], errors: list[RowError]) -> dict:
    """The suppliers to create, by name: (kind, county) from the first row that names each.

    A new supplier needs its kind on its first row; later rows may leave it out or repeat it.
    """
    new: dict[str, tuple[SupplierKind, County | None]] = {}
    for row in rows:
        kind, name, line = row.values.get("supplier_kind", ""), row.values.get("supplier", ""), row.line
        if not name or (kind and kind not in SupplierKind.__members__):
            continue
        if name in suppliers:
            if kind and kind != suppliers[name].kind:
                errors.append(
                    RowError(line, "supplier_kind", f"supplier is already a {suppliers[name].kind}")
                )
        elif name not in new:
            if kind:
                new[name] = (SupplierKind(kind), row.county)
            else:
                errors.append(RowError(line, "supplier_kind", "needed for a new supplier"))
        elif kind and new[name][0] != kind:
            errors.append(RowError(line, "supplier_kind", "differs from an earlier row"))
    return new


async def _add_suppliers(session: AsyncSession, new: dict, suppliers: dict[str, Supplier]) -> None:
    if not new:
        return
    await session.execute(
        insert(Supplier.__table__),
        [
            {"name": name, "kind": kind, "county_id": county.id if county else None}
            for name, (kind, county) in new.items()
        ],
    )
    for (supplier,) in await _in(session, select(Supplier), Supplier.name, new):
        suppliers[supplier.name] = supplier


async def _villages(session: AsyncSession, rows: list[_Row]) -> dict[tuple[int, str], Village]:
    """The villages the rows name, by (county id, name); those a county does not have yet added."""
    # A dict, not a set: new villages are added in the order the file names them.
    wanted = {(row.county.id, row.values["village"]): None for row in rows if row.values.get("village")}
    if not wanted:
        return {}

    async def known() -> dict[tuple[int, str], Village]:
        found = await _in(session, select(Village), Village.name, {name for _, name in wanted})
        return {(v.county_id, v.name): v for (v,) in found if (v.county_id, v.name) in wanted}

    villages = await known()
    missing = [key for key in wanted if key not in villages]
    if missing:
        await session.execute(
            insert(Village.__table__), [{"county_id": county, "name": name} for county, name in missing]
        )
        villages = await known()
    return villages


async def _store_products(
    session: AsyncSession,
    rows: list[_Row],
    suppliers: dict,
    villages: dict,
    *,
    demo: bool,
    clear_empty: bool,
) -> tuple[int, int, int]:
    """Insert the rows' new products and update the existing ones (the first of a county and
    name, if a county has the name twice); returns how many of each, and how many empty cells
    kept a stored value."""
    existing: dict[tuple[int, str], int] = {}
    stored: dict[int, object] = {}
    found = await _in(
        session,
        select(
            Product.id,
            Product.county_id,
            Product.name,
            Product.name_en,
            Product.village_id,
            Product.charity_item,
            Product.certification_no,
            Product.photo,
            Product.description,
        ),
        Product.county_id,
        {row.county.id for row in rows},
    )
    for product in found:
        key = (product.county_id, product.name)
        existing[key] = min(product.id, existing.get(key, product.id))
        stored[product.id] = product
    stored_villages = {
        v.id: v
        for (v,) in await _in(
            session, select(Village), Village.id, {p.village_id for p in stored.values() if p.village_id}
        )
    }
    new, changed, kept = [], [], 0
    for row in rows:
        values = dict(row.values)
        product_id = existing.get((row.county.id, values["name"]))
        village = villages.get((row.county.id, values["village"])) if values.get("village") else None
        charity_item = row.charity_item
        if product_id is not None and not clear_empty:
            was = stored[product_id]
            empty = [column for column in KEPT_WHEN_EMPTY if not values.get(column)]
            kept += len(empty)
            for column in empty:
                if column == "village":
                    village = stored_villages.get(was.village_id)
                elif column == "charity_item":
                    charity_item = was.charity_item
                else:
                    values[column] = getattr(was, column)
        supplier = suppliers[values["supplier"]]
        fields = {
            "name_en": values.get("name_en", ""),
            "category_id": row.category.id,
            "village_id": village.id if village else None,
            "supplier_id": supplier.id,
            "price_fen": row.price_fen,
            "unit": values["unit"],
            "stock": row.stock,
            "charity_item": charity_item,
            "certification_no": values.get("certification_no", ""),
            "photo": values.get("photo", ""),
            "description": values.get("description", ""),
            "is_demo": demo,
            "search_text": search_text_of(
                name=values["name"],
                name_en=values.get("name_en", ""),
                county=row.county,
                village=village,
                supplier=supplier,
                category=row.category,
            ),
        }
        if product_id is None:
            new.append(
                {
                    "county_id": row.county.id,
                    "name": values["name"],
                    "status": ProductStatus.listed,
                    "sales_count": 0,
                    **fields,
                }
            )
        else:
            changed.append({"product_id": product_id, **fields})
    table = Product.__table__
    if new:
        await session.execute(insert(table), new)
    if changed:
        # One executemany UPDATE … SET (the other keys) WHERE id = ?; Core, because the ORM's
        # bulk update by primary key spends as long again in Python.
        await session.execute(update(table).where(table.c.id == bindparam("product_id")), changed)
    return len(new), len(changed), kept


async def _in(session: AsyncSession, query, column, values: Iterable) -> list:
    """The rows of `query` with `column IN values`, in chunks of at most _CHUNK values."""
    values = sorted(values)
    found = []
    for start in range(0, len(values), _CHUNK):
        found.extend(await session.execute(query.where(column.in_(values[start : start + _CHUNK]))))
    return found


def _lookup(table: dict, name: str):
    return table.get(name) or table.get(name.lower())
