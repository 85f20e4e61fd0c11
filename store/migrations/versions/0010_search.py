"""search as Chinese is typed: product.search_text holds terms (characters, bigrams, words), indexed

SQLite: an FTS5 table over the listed products' search_text (external content, kept by triggers
on product); PostgreSQL: a partial GIN index over to_tsvector('simple', search_text). Existing
products' search text is made again from their facts, as terms (store/search.py explains them;
the function is copied here as it was).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003ffff"
_PIECE = re.compile(f"([{_UNSPACED}]+)|([^\\W_{_UNSPACED}]+)")

# The index holds listed products only, so that a count of matches reads nothing else.
_SQLITE = [
    """CREATE VIRTUAL TABLE product_search USING fts5(
        search_text, content='product', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', detail='none', columnsize=0)""",
    """CREATE TRIGGER product_search_insert AFTER INSERT ON product WHEN new.status = 'listed' BEGIN
        INSERT INTO product_search (rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER product_search_delete AFTER DELETE ON product WHEN old.status = 'listed' BEGIN
        INSERT INTO product_search (product_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    # One trigger, so that the old terms go before the new ones come (they share most of them).
    """CREATE TRIGGER product_search_update AFTER UPDATE OF search_text, status ON product BEGIN
        INSERT INTO product_search (product_search, rowid, search_text)
        SELECT 'delete', old.id, old.search_text WHERE old.status = 'listed';
        INSERT INTO product_search (rowid, search_text)
        SELECT new.id, new.search_text WHERE new.status = 'listed';
    END""",
    "INSERT INTO product_search (rowid, search_text) SELECT id, search_text FROM product WHERE status = 'listed'",
]
_POSTGRESQL = [
    """CREATE INDEX ix_product_search ON product USING gin (to_tsvector('simple'::regconfig, search_text))
    WHERE status = 'listed'"""
]


def _grams(run: str) -> list[str]:
    return [*run, *(run[i : i + 2] for i in range(len(run) - 1))]


def _pieces(text: str) -> list[tuple[bool, str]]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [(match[1] is not None, match[0]) for match in _PIECE.finditer(folded)]


def terms(text: str, *, name: str) -> str:
    found: dict[str, None] = {}
    for unspaced, piece in _pieces(text):
        found.update(dict.fromkeys(_grams(piece) if unspaced else [piece]))
    for unspaced, piece in _pieces(name):
        if unspaced:
            found.update(dict.fromkeys("n" + gram for gram in _grams(piece)))
    return f" {' '.join(found)} " if found else ""


# A product's facts: name, English name, county, its English name, village, supplier, category
# and its English name — what search_text was made of in 0008 and is made of now.
_FACTS = """SELECT p.id, p.name, p.name_en, c.name, c.name_en, v.name, s.name, g.name, g.name_en
    FROM product p JOIN county c ON c.id = p.county_id JOIN supplier s ON s.id = p.supplier_id
    JOIN category g ON g.id = p.category_id LEFT JOIN village v ON v.id = p.village_id"""


def _rewrite(search_text) -> None:
    connection = op.get_bind()
    product = sa.table("product", sa.column("id"), sa.column("search_text"))
    changed = [
        {"product_id": row[0], "text": search_text(row)} for row in connection.execute(sa.text(_FACTS))
    ]
    if changed:
        connection.execute(
            product.update()
            .where(product.c.id == sa.bindparam("product_id"))
            .values(search_text=sa.bindparam("text")),
            changed,
        )


def _joined(row) -> str:
    return " ".join(part for part in row[1:] if part)


def upgrade() -> None:
    _rewrite(lambda row: terms(_joined(row), name=row[1]))
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER product_search_{trigger}")
        op.execute("DROP TABLE product_search")
    else:
        op.execute("DROP INDEX ix_product_search")
    _rewrite(lambda row: _joined(row).lower())  # what the LIKE search of 0008 looked in
