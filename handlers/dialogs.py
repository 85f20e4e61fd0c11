"""The dialog engine's buttons (handlers/dialog.py) as intents: a step's choices, 跳过, 保留, ← 上一步,
the preview's confirmation, 继续填写 and 放弃 a draft; 取消 and /cancel; and taking a dialog's answers once."""

from __future__ import annotations

import functools

from store import members

from . import dialog as engine
from .registry import Stale, command, intent
from .reply import Reply
from .request import Request

# The engine's buttons under a dialog's questions, with the dialog's version first (an earlier
# question's button is stale): pick an option's value, 跳过, 保留, ← 上一步, back to an earlier step's
# index, done (photos or picks), the photos again from none, the preview's confirmation; 继续填写 and
# 放弃 a draft after a command.
_ENGINE = (
    ("dlg-pick", 2),
    ("dlg-skip", 1),
    ("dlg-keep", 1),
    ("dlg-back", 1),
    ("dlg-goto", 2),
    ("dlg-done", 1),
    ("dlg-clear", 1),
    ("dlg-go", 1),
    ("dlg-resume", 0),
    ("dlg-drop", 0),
)


async def _engine_tap(name: str, req: Request, *args: int) -> Reply:
    return await engine.on_tap(req, name, args)


for _name, _arity in _ENGINE:
    intent(_name, arity=_arity)(functools.partial(_engine_tap, _name))


@intent("dialog-cancel")
async def cancel(req: Request) -> Reply:
    """取消 under any question: the draft is dropped, nothing else changes."""
    return await engine.cancel(req)


@command("cancel")
async def cancel_command(req: Request, text: str) -> Reply:
    """/cancel: the same."""
    return await engine.cancel(req)


async def take(req: Request, session, dialog: str, step: str) -> dict:
    """The answers of a dialog whose last button was tapped, taken (and the dialog ended) once.

    The first statement of the transaction that acts on them: a second tap of the same button, even
    one at the same moment, finds nothing to take and is answered as a stale button, changing nothing.
    """
    data = await members.take_dialog(session, member_id=req.member_id, dialog=dialog, step=step)
    if data is None:
        raise Stale(dialog)
    return data
