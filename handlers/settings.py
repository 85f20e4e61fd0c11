"""/settings: which kinds of announcement a member receives. Every broadcast carries a button here."""

from __future__ import annotations

from store import broadcasts
from store.broadcasts import KINDS

from .registry import Stale, command, intent
from .reply import Alert, Reply, Screen, Swap, button
from .request import Request


@command("settings")
async def settings(req: Request, text: str) -> Reply:
    """/settings: a switch per kind of announcement."""
    return _screen(req, await _muted(req))


@intent("mute")
async def mute(req: Request, kind: int, muted: int) -> Reply:
    """A switch in /settings: turn one kind off (1) or on again (0)."""
    await _set(req, kind, muted)
    return [Alert(req.t("settings-saved")), _screen(req, await _muted(req))]


@intent("unsub")
async def unsubscribe(req: Request, kind: int) -> Reply:
    """退订 under a broadcast: no more of this kind. Its button turns into one that undoes it."""
    await _set(req, kind, 1)
    return [
        Alert(req.t("settings-unsubscribed", kind=KINDS[kind]), modal=True),
        Swap(button(req.t("broadcast-resubscribe", kind=KINDS[kind]), "resub", kind)),
    ]


@intent("resub")
async def resubscribe(req: Request, kind: int) -> Reply:
    """The undo of 退订, under the same broadcast: this kind again, and 退订 is offered again."""
    await _set(req, kind, 0)
    return [
        Alert(req.t("settings-resubscribed", kind=KINDS[kind])),
        Swap(button(req.t("broadcast-unsubscribe", kind=KINDS[kind]), "unsub", kind)),
    ]


async def _set(req: Request, kind: int, muted: int) -> None:
    if kind >= len(KINDS) or muted > 1 or req.member_id is None:
        raise Stale("mute")
    async with req.db.begin() as session:
        await broadcasts.mute(session, member_id=req.member_id, kind=KINDS[kind], muted=bool(muted))


async def _muted(req: Request) -> set[str]:
    if req.member_id is None:
        return set()
    async with req.db.read() as session:
        return await broadcasts.muted_kinds(session, member_id=req.member_id)


def _screen(req: Request, muted: set[str]) -> Screen:
    rows = [
        [
            button(
                req.t("settings-kind", kind=kind, muted=int(kind in muted)), "mute", i, int(kind not in muted)
            )
        ]
        for i, kind in enumerate(KINDS)
    ]
    rows.append([button(req.t("nav-menu"), "menu")])
    return Screen(req.t("settings-title"), rows)
