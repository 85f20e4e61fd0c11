"""Callback data codec: `1:<action>:<int>:<int>…`, at most 64 bytes, checked on parse.

The leading version lets a later release change the layout and still recognise old buttons as
stale rather than misreading them.
"""

from __future__ import annotations

from handlers.registry import INTENTS, Stale
from store.models import MAX_ID

VERSION = "1"
MAX_BYTES = 64
_WIDE = 10**12  # the widest argument that is no id (an order button's nonce, catalog._nonce)
_WIDE_ARGS = {("order", 2)}

# The intents' arguments are their registry's (handlers/registry.py); this is for the one action
# Telegram's door answers itself, ahead of the store (ordering.py: 一键下单).
ARITY = {"order": 3}  # product id, quantity, nonce of the card it was tapped on


class BadCallback(Stale):
    """Callback data that this bot did not make, or made in an older layout."""


def arity(action: str) -> int | None:
    found = INTENTS.get(action)
    return found.arity if found else ARITY.get(action)


def _bound(action: str, i: int) -> int:
    found = INTENTS.get(action)
    wide = (action, i) in _WIDE_ARGS or (found is not None and i in found.wide)
    return _WIDE if wide else MAX_ID


def make(action: str, *args: int) -> str:
    if arity(action) != len(args):
        raise ValueError(f"{action} takes {arity(action)} arguments, not {len(args)}")
    data = ":".join([VERSION, action, *(str(int(a)) for a in args)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data}")
    return data


def parse(data: str | None, action: str | None = None) -> tuple[str, tuple[int, ...]]:
    """The action and arguments in `data`; raises BadCallback for anything not made by `make`."""
    if not data or len(data.encode()) > MAX_BYTES:
        raise BadCallback(data)
    version, name, *raw = [*data.split(":"), ""][:2] + data.split(":")[2:]
    if version != VERSION or arity(name) != len(raw) or (action is not None and name != action):
        raise BadCallback(data)
    try:
        args = tuple(int(a) for a in raw)
    except ValueError:
        raise BadCallback(data) from None
    if any(
        a < 0 or a > _bound(name, i) or str(a) != r for i, (a, r) in enumerate(zip(args, raw, strict=True))
    ):
        raise BadCallback(data)
    return name, args


def pattern(action: str) -> str:
    """A regular expression for CallbackQueryHandler that routes one action."""
    return rf"^{VERSION}:{action}(:|$)"
