"""CSV files safe to open in a spreadsheet program: every export writes its rows with `writer`.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and tab or CR can
hide such a start), so a member who calls themselves `=HYPERLINK(…)` could make an organiser's
Excel fetch a link or run a command when the list is opened (CSV injection). The rule is OWASP's:
such a text cell is written with a leading apostrophe.

Here, not in a door or a flow, because both the command line (bot/) and the flows (handlers/)
write CSV files and both may import the store; it holds no text for people, only the rule.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """`value` as a spreadsheet should see it.

    Text (`str`: names, free text, anything a person typed) that starts like a formula gets a
    leading `'`. Numbers the code itself produces (`int`, `float`, `Decimal`; `bool` too) are left
    alone, so a negative amount or a points reversal stays a number. An export must therefore pass a
    number as a number: money as `yuan(fen)` (a `Decimal`), never a formatted string, which would be
    text and, if negative, neutralised. Anything else (None, a date) is written as csv writes it.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def yuan(fen: int) -> Decimal:
    """An amount in fen as a number of yuan with two decimals (-1250 → -12.50), for a cell."""
    return Decimal(fen).scaleb(-2)


def writer(file, **options: Any) -> SafeWriter:
    """Like `csv.writer(file, **options)`, but every cell goes through `cell`."""
    return SafeWriter(csv.writer(file, **options))


class SafeWriter:
    def __init__(self, inner) -> None:
        self._writer = inner

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
