"""One engine for every dialog that asks one thing at a time.

A dialog is declared — its steps (text with a check, a choice, photos, a preview) and what finishing
does — and run here over the member's dialog row: its name, the step and the answers so far, written
only over the version the update read (`members.set_dialog(seen=)`), so a restart, a second worker
or another door carries on where it was. Every question offers 取消 and, past the first, ← 上一步
(what was answered stays, and 保留 keeps it); a command in the middle keeps the draft. Buttons
carry the dialog's version: one from an earlier question is stale, and says so.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from store import members
from store.errors import InvalidInput

from .dialog_question import draft_waiting, question
from .dialog_spec import (
    CHOICE,
    CUSTOM,
    DIALOGS,
    PHOTO,
    PHOTOS,
    PICK,
    PREVIEW,
    TEXT,
    Dialog,
    End,
    Refusal,
    Step,
    first,
    following,
    previous,
)
from .reply import Action, Alert, Reply, Screen, parts
from .request import Request


def register(dialog: Dialog) -> Dialog:
    DIALOGS[dialog.name] = dialog
    return dialog


def active(req: Request) -> Dialog | None:
    """The dialog the member has a draft of, answering or paused."""
    member = req.member
    return DIALOGS.get(member.dialog) if member and member.dialog else None


def answering(req: Request) -> Dialog | None:
    """The dialog what the member types answers: not one paused by a command."""
    dialog = active(req)
    return dialog if dialog is not None and not (req.member.dialog_data or {}).get("paused") else None


def asks_number(dialog_name: str | None, data: dict | None) -> bool:
    """Whether what the member types next answers a question whose answer is a number (a dialog
    they are answering, not one a command paused, at a step declared `number`)."""
    dialog = DIALOGS.get(dialog_name or "")
    data = data or {}
    if dialog is None or data.get("paused"):
        return False
    return dialog.steps_by_name.get(data.get("step", ""), dialog.steps[0]).number


async def _maybe(value):
    return await value if inspect.isawaitable(value) else value


# Writing the row --------------------------------------------------------------------------------


async def keep(req: Request, dialog: str | None, data: dict | None = None) -> None:
    """Write the member's dialog (None ends it) in the step's transaction, over the version this
    update read: another update of theirs that moved it meanwhile raises DialogMoved, and the
    update is handled again on the new step."""
    member = req.member
    member.dialog_version = await members.set_dialog(
        req.session, member_id=member.id, dialog=dialog, data=data, seen=member.dialog_version
    )
    member.dialog, member.dialog_data = dialog, data


@asynccontextmanager
async def step_transaction(req: Request) -> AsyncIterator[AsyncSession]:
    """One transaction for a step and the store work it triggers (`req.session` meanwhile)."""
    if req.session is not None:  # inside a flow's own transaction already
        yield req.session
        return
    async with req.db.begin() as session:
        req.session = session
        try:
            yield session
        finally:
            req.session = None


# Starting, and what a member sends ---------------------------------------------------------------


async def begin(req: Request, dialog: Dialog, data: dict | None = None) -> Reply:
    """Start `dialog` (with answers known already). A draft is not thrown away: one of another
    dialog, or of this one with answers about the same thing (typing /event again), waits."""
    other = active(req)
    if other is not None and (
        other is not dialog or _holds_answers(req.member.dialog_data or {}, data or {})
    ):
        return draft_waiting(req, other)
    async with step_transaction(req):
        data = {**(data or {}), "step": first(dialog, data or {}).name}
        await keep(req, dialog.name, data)
        asked = await question(req, dialog, data)
    return [Screen(req.t(dialog.intro), new=True), asked] if dialog.intro else asked


def _holds_answers(draft: dict, data: dict) -> bool:
    """Whether a draft holds answers of its own about what `data` would start (its idempotency
    `key` aside); a draft about another order, review or nomination is left for the new one."""
    about = {k: v for k, v in data.items() if k != "key"}
    if any(draft.get(k) != v for k, v in about.items()):
        return False
    return any(k not in about and k not in ("step", "key") for k in draft)


async def on_text(req: Request, text: str) -> Reply:
    async with step_transaction(req):
        return await _on_text(req, text)


async def _on_text(req: Request, text: str) -> Reply:
    dialog, data, step = _current(req)
    if step.kind == CUSTOM and step.custom.on_text:
        return await _custom(req, dialog, data, step, await step.custom.on_text(req, dict(data), text))
    if step.dash_keeps and text.strip() in ("-", "—") and data.get(step.name):
        return await _answered(req, dialog, data, step, data[step.name])
    if step.kind in (TEXT, PICK) or (step.kind == CHOICE and step.check):
        try:
            value = await _maybe(step.check(req, text, data)) if step.check else text
        except InvalidInput as bad:
            return await _again(req, dialog, data, _refusal(req, dialog, step, bad))
        if step.kind == PICK or step.search:  # typed words search what there is to pick
            return await _move(req, dialog, {**data, f"{step.name}_query": value}, step)
        return await _answered(req, dialog, data, step, value)
    key = "dialog-photo-please" if step.kind in (PHOTO, PHOTOS) else "dialog-use-buttons"
    return await _again(req, dialog, data, req.t(step.hint or key))


async def on_photo(req: Request, photo: str, caption: str = "") -> Reply:
    async with step_transaction(req):
        dialog, data, step = _current(req)
        if step.kind == CUSTOM and step.custom.on_photo:
            outcome = await step.custom.on_photo(req, dict(data), photo, caption)
            return await _custom(req, dialog, data, step, outcome)
        if step.kind == PHOTO:
            return await _answered(req, dialog, data, step, photo)
        if step.kind == PHOTOS:
            photos = list(data.get(step.name) or [])
            if len(photos) >= step.limit:
                return await _again(req, dialog, data, req.t("dialog-photos-full", limit=step.limit))
            return await _move(req, dialog, {**data, step.name: [*photos, photo]}, step)
        return await _on_other(req, dialog, data, step)


async def on_other(req: Request) -> Reply:
    """A sticker, a voice note … where something else is asked: said, and the question again."""
    async with step_transaction(req):
        return await _on_other(req, *_current(req))


async def _on_other(req: Request, dialog: Dialog, data: dict, step: Step) -> Reply:
    key = "dialog-photo-please" if step.kind in (PHOTO, PHOTOS) else "dialog-text-please"
    if step.kind in (CHOICE, PICK, PREVIEW) or (step.kind == CUSTOM and not step.custom.on_text):
        key = "dialog-use-buttons"
    return await _again(req, dialog, data, req.t(step.hint or key))


# The engine's buttons ----------------------------------------------------------------------------


async def on_tap(req: Request, intent: str, args: tuple[int, ...]) -> Reply:
    """One of the engine's buttons; a stale one (another question's, or of a dialog left) says so
    and shows the question there is now."""
    if intent == "dlg-drop":
        return await abandon(req)
    if active(req) is None:
        return Alert(req.t("dialog-none-now"), modal=True)
    async with step_transaction(req):
        return await _on_tap(req, intent, args)


async def _on_tap(req: Request, intent: str, args: tuple[int, ...]) -> Reply:
    dialog, data, step = _current(req)
    if data.pop("paused", False) or intent == "dlg-resume":  # carried on: the question again, below
        asked = await _move(req, dialog, data, step)
        asked.new = True
        return asked
    if args[0] != req.member.dialog_version:
        return [Alert(req.t("dialog-button-stale")), await question(req, dialog, data)]
    if intent == "dlg-back":
        return await _move(req, dialog, data, previous(dialog, step, data))
    if intent == "dlg-goto" and args[1] < dialog.steps.index(step):  # back to an earlier step
        return await _move(req, dialog, data, dialog.steps[args[1]])
    if intent == "dlg-keep" and step.name in data:
        return await _answered(req, dialog, data, step, data[step.name])
    if intent == "dlg-skip" and step.optional:
        return await _answered(req, dialog, data, step, step.skipped)
    if intent == "dlg-clear" and step.kind == PHOTOS:
        return await _move(req, dialog, {**data, step.name: []}, step)
    if intent == "dlg-done" and step.kind in (PHOTOS, PICK):
        return await _answered(req, dialog, data, step, list(data.get(step.name) or []))
    if intent == "dlg-done" and step.kind == CUSTOM and step.custom.on_tap:
        return await _custom(req, dialog, data, step, await step.custom.on_tap(req, dict(data), None))
    if intent == "dlg-go" and step.kind == PREVIEW:
        return await _finish(req, dialog, data)
    if intent == "dlg-pick":
        return await _picked(req, dialog, data, step, args[1])
    return [Alert(req.t("dialog-button-stale")), await question(req, dialog, data)]


async def _picked(req: Request, dialog: Dialog, data: dict, step: Step, value: int) -> Reply:
    if step.kind == CUSTOM and step.custom.on_tap:
        return await _custom(req, dialog, data, step, await step.custom.on_tap(req, dict(data), value))
    known = step.kind in (CHOICE, PICK) and (
        not step.strict or value in {o.value for o in await step.options(req, data)}
    )
    if not known:
        return [Alert(req.t("dialog-button-stale")), await question(req, dialog, data)]
    if step.kind == CHOICE:
        return await _answered(req, dialog, data, step, value)
    picked = list(data.get(step.name) or [])
    removed = value in picked
    picked = [p for p in picked if p != value] if removed else [*picked, value]
    moved = await _move(req, dialog, {**data, step.name: picked}, step)
    if said := step.toggled[removed]:
        return [Alert(req.t(said, count=len(picked))), *parts(moved)]
    return moved


async def cancel(req: Request) -> Reply:
    """取消 under any question, or /cancel: the draft is dropped, nothing else changes."""
    had = req.member is not None and req.member.dialog is not None
    if had:
        async with step_transaction(req):
            await keep(req, None)
    menu = [[Action(req.t("nav-menu"), "menu")]]
    return Screen(req.t("dialog-cancelled" if had else "dialog-none"), menu)


async def abandon(req: Request) -> Reply:
    """放弃 the draft a reminder offered."""
    if req.member is None or req.member.dialog is None:
        return Alert(req.t("dialog-none-now"))
    async with step_transaction(req):
        await keep(req, None)
    return Screen(req.t("dialog-abandoned"), [[Action(req.t("nav-menu"), "menu")]])


async def pause(req: Request) -> Screen | None:
    """A command in the middle of a dialog did what it says: the draft waits (what is typed next
    is no longer its answer) until 继续填写. None when there is no draft."""
    dialog = active(req)
    if dialog is None:
        return None
    if not req.member.dialog_data.get("paused"):
        async with step_transaction(req):
            await keep(req, dialog.name, {**req.member.dialog_data, "paused": True})
    return draft_waiting(req, dialog)


# Moving through the steps ------------------------------------------------------------------------


def _current(req: Request) -> tuple[Dialog, dict, Step]:
    dialog = active(req)
    data = dict(req.member.dialog_data or {})
    return dialog, data, dialog.steps_by_name.get(data.get("step", ""), dialog.steps[0])


async def _answered(req: Request, dialog: Dialog, data: dict, step: Step, value: Any) -> Reply:
    """`value` answers `step`: kept, then the step's `after`, then the next question — or, after
    the last one, the dialog finishes."""
    data = {**data, step.name: value}
    before: Reply = None
    if step.after is not None:
        outcome = await step.after(req, data)
        if isinstance(outcome, End):
            await keep(req, None)
            return outcome.reply
        if isinstance(outcome, dict):
            data = outcome
        elif outcome is not None:
            before = outcome
    return [*parts(before), *parts(await _onwards(req, dialog, data, step))]


async def _onwards(req: Request, dialog: Dialog, data: dict, step: Step) -> Reply:
    """After `step`: the next question, or, after the last one, the dialog finishes."""
    after = following(dialog, step, data)
    return await (_finish(req, dialog, data) if after is None else _move(req, dialog, data, after))


async def _move(req: Request, dialog: Dialog, data: dict, step: Step) -> Reply:
    """To `step` (or the same one again, updated: a photo or a pick more)."""
    data = {**data, "step": step.name}
    await keep(req, dialog.name, data)
    return await question(req, dialog, data)


async def _custom(req: Request, dialog: Dialog, data: dict, step: Step, outcome: Any) -> Reply:
    """What a custom step made of its input: new answers (a dict) and maybe a reply first, or
    ("done", answers) to go on, or End."""
    if isinstance(outcome, End):
        await keep(req, None)
        return outcome.reply
    before, done = None, False
    if isinstance(outcome, tuple):
        first, *rest = outcome
        if first == "done":
            done, data = True, rest[0]
        else:
            data, before = first, rest[0] if rest else None
    elif isinstance(outcome, dict):
        data = outcome
    if not done and isinstance(before, Screen) and not before.rows:  # what was wrong, above the question
        asked = await _move(req, dialog, data, step)
        asked.text, asked.new = f"{before.text}\n\n{asked.text}", True
        return asked
    onwards = _onwards(req, dialog, data, step) if done else _move(req, dialog, data, step)
    return [*parts(before), *parts(await onwards)]


async def _finish(req: Request, dialog: Dialog, data: dict) -> Reply:
    """The answers are stored by the dialog's `finish`, in the step's transaction, and the dialog
    ends — over the version read, so of two last answers at once (two workers) one finishes and
    the other is handled again, finding no dialog."""
    await keep(req, None)
    return await dialog.finish(req.session, req, data)


def _refusal(req: Request, dialog: Dialog, step: Step, bad: InvalidInput) -> str:
    shared = dialog.ask_args(req) if dialog.ask_args else {}
    if isinstance(bad, Refusal):
        return req.t(bad.key, **{**shared, **bad.message_args})
    return req.t(step.invalid or dialog.invalid, **{**shared, "field": step.name})


async def _again(req: Request, dialog: Dialog, data: dict, words: str) -> Screen:
    """The same question again, below what was wrong with the answer, in one message."""
    asked = await question(req, dialog, data)
    asked.text, asked.new = f"{words}\n\n{asked.text}", True
    return asked
