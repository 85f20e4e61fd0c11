"""Whether two names mean the same thing: products (what nominations use to find duplicates) and
villages (what a nomination's free-text village is matched against)."""

from __future__ import annotations

import unicodedata


def normalize(name: str) -> str:
    """A name for comparison: width-folded, lower-case, without spaces, punctuation or symbols."""
    folded = unicodedata.normalize("NFKC", name).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PSZC")[:64]


def near_identical(a: str, b: str) -> bool:
    """Normalized names that are equal, or (both at least 4 characters) one edit apart, a typo
    inside the name: one with a character more at either end is another product (城口山地鸡蛋
    is not 城口山地鸡, nor 土鸡蛋 鸡蛋)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < len(longer) and (longer.startswith(shorter) or longer.endswith(shorter)):
        return False
    return _edits(a, b) <= 1


def _edits(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def near_place(typed: str, known: str) -> bool:
    """Whether a typed village name may mean a known one, both normalized: a typo apart, or one
    inside the other once the 村 is left off (凤凰村 or 凤凰 for 太安镇凤凰村, 万州区太安镇凤凰村
    for 太安镇凤凰村). Only a person can tell, so this is what to offer, never what to take unasked."""
    if near_identical(typed, known):
        return True
    typed_core, known_core = typed.removesuffix("村"), known.removesuffix("村")
    shorter, longer = sorted((typed_core, known_core), key=len)
    return len(shorter) >= 2 and shorter in longer
