"""One registry of the shop's intents and commands; every door routes through it.

An intent is what an action on a screen asks for: `async def county(req, county_id, page) -> Reply`,
its integer arguments in order. A door turns a tap (Telegram's callback data, WeChat's numbered
choice) into an intent's name and arguments and asks `run`; a command (`/events`) is an intent
reached by typing, `async def events(req, text) -> Reply` with what was typed after it.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .reply import Reply
from .request import Request

Flow = Callable[..., Awaitable[Reply]]


class Stale(ValueError):
    """An action this shop did not offer as asked: forged, from an older release, or arguments out
    of the range its screen could have shown. Answered as a stale button; nothing changes."""


@dataclass(frozen=True)
class Intent:
    name: str
    run: Flow
    arity: int
    # Argument positions that are no ids and may be wider than one (an order button's nonce).
    wide: frozenset[int] = frozenset()


INTENTS: dict[str, Intent] = {}
COMMANDS: dict[str, Flow] = {}


def intent(name: str, *, wide: tuple[int, ...] = (), arity: int | None = None) -> Callable[[Flow], Flow]:
    """Register `flow` as the intent `name`; its arguments after `req` are its integer arguments
    (`arity` of them, for a flow that takes them as `*args`)."""

    def register(flow: Flow) -> Flow:
        if name in INTENTS:
            raise ValueError(f"intent {name} registered twice")
        if arity is None:
            params = list(inspect.signature(flow).parameters.values())[1:]
            count = sum(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
        INTENTS[name] = Intent(name, flow, count if arity is None else arity, frozenset(wide))
        return flow

    return register


def command(name: str) -> Callable[[Flow], Flow]:
    """Register `flow(req, text)` as the command `name` (`/name text`)."""

    def register(flow: Flow) -> Flow:
        if name in COMMANDS:
            raise ValueError(f"command {name} registered twice")
        COMMANDS[name] = flow
        return flow

    return register


async def run(req: Request, name: str, args: tuple[int, ...]) -> Reply:
    """The reply of the intent `name` to `args`; Stale for an intent there is none of."""
    found = INTENTS.get(name)
    if found is None or found.arity != len(args):
        raise Stale(name)
    return await found.run(req, *args)
