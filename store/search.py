"""Product search as people type it: Chinese without spaces, parts in any order, a slip forgiven.

Chinese has no spaces, so a product's searchable text (its names, county, village, supplier and
category) is kept in `product.search_text` as terms: every Han character, every pair of
neighbouring Han characters (a bigram) and every other word, each once, separated by spaces. One
function, `terms`, makes them for the index and for a query. The index holds listed products only
(migration 0009): on SQLite an FTS5 table (`unicode61` splits at the spaces) kept by triggers on
`product`, so every write of `search_text` or `status` updates it in the same transaction, bulk
ones included; on PostgreSQL a partial GIN index over `to_tsvector('simple', search_text)`.

A query matches a listed product that has every one of its characters and words (a word as a
prefix, `hon` finds honey; a number whole) and at least one of its bigrams — so 城口腊肉 finds
城口老腊肉, whose terms hold 城口 and 腊肉 — or, when nothing does and the query has four
characters or more, all but one of them (城口腊内, a slip). Matches come in tiers, each a question
the index answers: the product's own name holds the query's parts (its name's terms are kept
once more, marked), its terms hold the whole query, its parts in any order, every character;
best sellers first within a tier. One statement counts the tiers (on SQLite from the index
alone), and a page reads only the tiers it shows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import column, func, literal_column, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from .errors import InvalidInput
from .models import Product
from .paging import EMPTY, Page

MAX_QUERY_CHARS = 64
# A query's characters and words looked at; the rest of a longer text is not a product's name.
MAX_UNITS = 12
# What the index is made of, for Alembic to leave alone (no model can declare them).
INDEX_TABLE = "product_search"
INDEX_NAME = "ix_product_search"

# Scripts written without spaces: Han, kana, Hangul (and the CJK compatibility and extension blocks).
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003ffff"
_PIECE = re.compile(f"([{_UNSPACED}]+)|([^\\W_{_UNSPACED}]+)")


def _pieces(text: str) -> list[tuple[bool, str]]:
    """(unspaced?, piece) for each run of Han-like characters and each other word, folded:
    full-width forms become ASCII, case is folded, punctuation and spaces separate."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [(match[1] is not None, match[0]) for match in _PIECE.finditer(folded)]


def terms(text: str, *, name: str = "") -> str:
    """The index form of `text`: its characters, bigrams and words, and the characters and bigrams
    of the product's own `name` (part of `text`) once more, marked `n` (n城口), so that a product
    whose name holds the query comes first. No query can make a marked term: it never mixes a
    Latin letter with a Han character. A space at each end, so that `' term '` is a whole term."""
    found: dict[str, None] = {}
    for unspaced, piece in _pieces(text):
        found.update(dict.fromkeys(_grams(piece) if unspaced else [piece]))
    for unspaced, piece in _pieces(name):
        if unspaced:
            found.update(dict.fromkeys(_NAME + gram for gram in _grams(piece)))
    return f" {' '.join(found)} " if found else ""


_NAME = "n"


def _grams(run: str) -> list[str]:
    return [*run, *(run[i : i + 2] for i in range(len(run) - 1))]


def _every(nodes: list) -> tuple:
    return ("and", tuple(nodes))


def _any(nodes: list) -> tuple:
    return ("or", tuple(nodes))


def _term(term: str, prefix: bool = False) -> tuple:
    return (term, prefix)


@dataclass(frozen=True)
class _Query:
    words: list[tuple]  # each word's term: a prefix (hon is honey), but a number is whole (500)
    runs: list[str]  # the runs of Han-like characters, cut to MAX_UNITS characters in all
    chars: list[str]  # their characters, once each
    bigrams: list[str]

    def tiers(self) -> list[tuple]:
        """Boolean expressions over terms, each holding the ones before, best matches first: the
        product's name holds the query's parts; its terms hold the whole query (every bigram);
        they hold its parts in any order (each character inside a bigram that is there); every
        character and a bigram. A character inside a bigram asked for is not asked for again: the
        bigram implies it."""
        words, chars = self.words, [_term(char) for char in self.chars]
        lone = [run for run in self.runs if len(run) == 1]
        if not self.bigrams:
            named = [_term(_NAME + char) for char in lone]
            return [_every(words + named), _every(words + chars)] if named else [_every(words + chars)]
        runs = [(run, False, False) for run in self.runs]
        whole = _every(words + [_term(char) for char in lone] + [_term(bigram) for bigram in self.bigrams])
        named = _every(words + _covered(runs, _NAME))
        loose = _every(words + chars + [_any([_term(bigram) for bigram in self.bigrams])])
        if all(len(run) <= 2 for run in self.runs):  # each run is its one bigram: whole is covered
            return [named, whole] if len(self.runs) == 1 else [named, whole, loose]
        return [named, _any([named, whole]), _every(words + _covered(runs)), loose]

    def slips(self) -> tuple | None:
        """All but one character, the rest in parts whose ends beside the slip may stand alone
        (城口腊内 → 城口腊, and 腊 alone): for a query of four characters or more that nothing else
        matches, so that a query typed right is never answered with what it did not ask for."""
        if sum(len(run) for run in self.runs) < 4:
            return None
        runs = [(run, False, False) for run in self.runs]
        slips = []
        for r, run in enumerate(self.runs):
            for k in range(len(run)):
                parts = [(run[:k], False, True), (run[k + 1 :], True, False)]
                rest = runs[:r] + [part for part in parts if part[0]] + runs[r + 1 :]
                slips.append(_every(self.words + _covered(rest)))
        return _any(list(dict.fromkeys(slips)))


def _covered(runs: list[tuple[str, bool, bool]], mark: str = "") -> list[tuple]:
    """For each character of the runs, that it is inside one of the run's bigrams that are there
    (in the name: `mark`), or there by itself in a run of one or at an end marked open."""
    positions = []
    for run, open_start, open_end in runs:
        for i in range(len(run)):
            around = [run[j : j + 2] for j in (i - 1, i) if 0 <= j < len(run) - 1]
            if not around or (i == 0 and open_start) or (i == len(run) - 1 and open_end):
                around.append(run[i])
            positions.append(_any([_term(mark + gram) for gram in around]))
    return list(dict.fromkeys(positions))


def _query(text: str) -> _Query | None:
    words: dict[str, None] = {}
    chars: dict[str, None] = {}
    runs: list[str] = []
    for unspaced, piece in _pieces(text[:MAX_QUERY_CHARS]):
        if len(words) + len(chars) >= MAX_UNITS:
            break
        if unspaced:
            room = MAX_UNITS - len(words) - len(chars)
            run = piece[:room]
            runs.append(run)
            chars.update(dict.fromkeys(run))
        else:
            words[piece] = None
    if not words and not chars:
        return None
    bigrams = list(dict.fromkeys(run[i : i + 2] for run in runs for i in range(len(run) - 1)))
    terms_of_words = [_term(word, prefix=not word.isdecimal()) for word in words]
    return _Query(terms_of_words, runs, list(chars), bigrams)


class _Syntax:
    """How a database's index is asked: SQLite's FTS5 MATCH or PostgreSQL's tsquery."""

    def __init__(self, term: str, prefix: str, conjunction: str, disjunction: str, but_not: str) -> None:
        self.term, self.prefix, self.conjunction = term, prefix, conjunction
        self.disjunction, self.but_not = disjunction, but_not

    def render(self, node) -> str:
        """A term is letters and digits only, so it needs no escaping in either syntax."""
        name, rest = node
        if name in ("and", "or"):
            joiner = self.conjunction if name == "and" else self.disjunction
            return "(" + joiner.join(self.render(child) for child in rest) + ")"
        return (self.prefix if rest else self.term).format(name)


_FTS5 = _Syntax('"{}"', '"{}"*', " AND ", " OR ", " NOT ")
_TSQUERY = _Syntax("'{}'", "'{}':*", " & ", " | ", " & !")
# The index's own expression and predicate, to the letter (constants, not parameters), so that
# PostgreSQL's planner uses the partial index whatever plan it caches.
_LISTED = Product.status == literal_column("'listed'")
_VECTOR = func.to_tsvector(literal_column("'simple'::regconfig"), Product.search_text)
_INDEX = table(INDEX_TABLE, column("rowid"))
# Below this many matches a tier is read from the index and sorted; above it, the best sellers'
# index is walked and each product looked up in the matches, which stops after one page.
_FEW = 256


def _matching(dialect: str, expression: str):
    if dialect == "postgresql":
        return _VECTOR.op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"), expression))
    return literal_column(INDEX_TABLE).match(expression)


def _count(dialect: str, expression: str):
    if dialect == "postgresql":
        return select(func.count()).where(_LISTED, _matching(dialect, expression)).scalar_subquery()
    return select(func.count()).select_from(_INDEX).where(_matching(dialect, expression)).scalar_subquery()


def _rows(dialect: str, expression: str, matches: int):
    best_first = [Product.sales_count.desc(), Product.id.desc()]
    if dialect == "postgresql":
        return select(Product).where(_LISTED, _matching(dialect, expression)).order_by(*best_first)
    found = Product.id.in_(select(_INDEX.c.rowid).where(_matching(dialect, expression)))
    if matches < _FEW:  # looked up by id and sorted: SQLite's index holds listed products only
        best_first[0] = (Product.sales_count + literal_column("0")).desc()  # not by the index
        return select(Product).where(found).order_by(*best_first)
    return select(Product).where(_LISTED, found).order_by(*best_first)  # the best sellers' index


async def search(session: AsyncSession, *, text: str, page: int = 0, per_page: int = 8) -> Page[Product]:
    """Listed products matching `text` (see the module's docstring), best matches first."""
    if "\x00" in text:  # refused as on every other path to the store (store/db.py)
        raise InvalidInput("text")
    query = _query(text)
    if query is None:
        return EMPTY
    dialect = session.bind.dialect.name
    syntax = _TSQUERY if dialect == "postgresql" else _FTS5
    tiers = list(dict.fromkeys(syntax.render(tier) for tier in query.tiers()))
    counts = (await session.execute(select(*(_count(dialect, tier) for tier in tiers)))).one()
    if not counts[-1] and (slips := query.slips()) is not None:
        tiers = [syntax.render(slips)]
        counts = (await session.execute(select(_count(dialect, tiers[0])))).one()
    total = counts[-1]
    if not total:
        return EMPTY
    page = min(max(page, 0), (total - 1) // per_page)  # a stale page number: the last page
    start, end = page * per_page, (page + 1) * per_page
    items: list[Product] = []
    for k, tier in enumerate(tiers):
        before = counts[k - 1] if k else 0
        if counts[k] <= start or before >= end or counts[k] == before:
            continue  # this tier's products are on other pages (or it has none of its own)
        expression = f"{tier}{syntax.but_not}{tiers[k - 1]}" if k else tier
        rows = _rows(dialect, expression, counts[k] - before)
        offset = max(start - before, 0)
        limit = min(end, counts[k]) - before - offset
        items.extend(await session.scalars(rows.limit(limit).offset(offset)))
    return Page(items, page, -(-total // per_page), total)


def index_filter(obj, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    """For Alembic: leave the search index to migration 0009, since no model declares it."""
    if type_ == "table" and name and (name == INDEX_TABLE or name.startswith(INDEX_TABLE + "_")):
        return False
    return not (type_ == "index" and name == INDEX_NAME)
