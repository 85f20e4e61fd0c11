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
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from store import members
from store.errors import InvalidInput

from .format import escape
from .reply import Action, Alert, Reply, Rows, Screen, parts
from .request import Request

TEXT, CHOICE, PHOTO, PHOTOS, PICK, PREVIEW, CUSTOM = (
    "text",
    "choice",
    "photo",
    "photos",
    "pick",
    "preview",
    "custom",
)
MAX_PHOTOS = 5


class Refusal(InvalidInput):
    """A check's answer to a bad answer in words of its own: the message `key` with `args`."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key, self.message_args = key, args


def reason_check(limit: int) -> Callable[[Request, str, dict], str]:
    """A reason given to someone (why a review is hidden, a nomination turned down): some words, at
    most `limit` characters."""

    def check(req: Request, text: str, data: dict) -> str:
        text = text.strip()
        if len(text) > limit:
            raise Refusal("reason-too-long", limit=limit)
        if not text:
            raise Refusal("dialog-text-please")
        return text

    return check


@dataclass(frozen=True)
class Option:
    label: str
    value: int


@dataclass(frozen=True)
class End:
    """A step's `after` (or a custom step) ends the dialog here, with this reply."""

    reply: Reply = None


@dataclass(frozen=True)
class Custom:
    """A step that is more than one question (a fair's county features): it renders its own
    question and takes text, photos and taps (a value, or None for its 'done' button); each
    returns the new answers and optionally a reply before the question — or End."""

    question: Callable[[Request, dict], Awaitable[Screen]]
    on_text: Callable[[Request, dict, str], Awaitable[Any]] | None = None
    on_photo: Callable[[Request, dict, str, str], Awaitable[Any]] | None = None
    on_tap: Callable[[Request, dict, int | None], Awaitable[Any]] | None = None


@dataclass(frozen=True)
class Step:
    """One question. `check(req, text, data)` turns typed text into the answer or raises
    InvalidInput (its first argument, if any, names the reason for `invalid`); a choice's
    `options(req, data)` are tapped (and, with `check`, may also be typed); PHOTOS collects up to
    `limit`; PICK toggles `options` in a list (`check` then turns typed text into a search kept in
    `data["<name>_query"]`); PREVIEW shows `preview(req, data)` with a button to finish.
    `shown(data)` leaves a step out; `after(req, data)` runs once it is answered."""

    name: str
    kind: str = TEXT
    ask: str | Callable[[Request, dict], str] = ""
    ask_args: Callable[[Request, dict], dict] | None = None
    check: Callable[..., Any] | None = None
    invalid: str = ""
    options: Callable[[Request, dict], Awaitable[list[Option]]] | None = None
    columns: int = 1
    optional: bool = False
    skipped: Any = ""
    limit: int = MAX_PHOTOS
    shown: Callable[[dict], bool] | None = None
    after: Callable[[Request, dict], Awaitable[Any]] | None = None
    show_value: Callable[[Request, dict], str] | None = None
    preview: Callable[[Request, dict], Awaitable[str]] | None = None
    confirm: str = "dialog-confirm"
    custom: Custom | None = None
    # Message keys of this step's words, where it has its own: what is asked of the wrong kind of
    # answer, the answer it has already (`value`), the buttons that keep it, skip and finish.
    hint: str = ""
    dash_keeps: bool = False  # typing "-" keeps the answer the step has (an edit's title)
    current: str = "dialog-current"
    keep: str = "dialog-keep"
    skip: str = "dialog-skip"
    done: str = "dialog-done"
    toggled: tuple[str, str] = ("", "")  # a PICK's word for a pick added, and for one taken out
    # A preview that may not be confirmed as it is offers to go back to this step (label key, step).
    instead: tuple[str, str] = ("", "")
    # A CHOICE whose typed text (`check`) searches what there is to choose, kept as "<name>_query".
    search: bool = False
    # A tapped value must be one of the options shown; False where the store decides instead (an
    # audience out of the organiser's scope is refused by the store, as Forbidden).
    strict: bool = True
    # The answer is a number (places, an amount, a price, stock): where typing a number taps a
    # numbered button (the sandbox), a number typed to this question is its answer instead.
    number: bool = False


@dataclass(frozen=True)
class Dialog:
    """`finish(session, req, data)` stores the result in the transaction that takes the answers
    (once, however often the last answer arrives) and returns the reply; `title` names the draft."""

    name: str
    steps: tuple[Step, ...]
    finish: Callable[[AsyncSession, Request, dict], Awaitable[Reply]]
    title: str
    invalid: str = "dialog-invalid"
    intro: str = ""
    # Variables every question and refusal of the dialog may use (examples computed from today).
    ask_args: Callable[[Request], dict] | None = None
    steps_by_name: dict[str, Step] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps_by_name", {step.name: step for step in self.steps})


DIALOGS: dict[str, Dialog] = {}


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
    """Start `dialog` (with answers known already); a draft of another dialog is not thrown away."""
    if (other := active(req)) is not None and other is not dialog:
        return draft_waiting(req, other)
    async with step_transaction(req):
        data = {**(data or {}), "step": _first(dialog, data or {}).name}
        await keep(req, dialog.name, data)
        asked = await question(req, dialog, data)
    return [Screen(req.t(dialog.intro), new=True), asked] if dialog.intro else asked


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
        return await _move(req, dialog, data, _previous(dialog, step, data))
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


def draft_waiting(req: Request, dialog: Dialog) -> Screen:
    """A draft is waiting: carry on with it, or drop it."""
    return Screen(req.t("dialog-draft-waiting", draft=req.t(dialog.title)), reminder_rows(req), new=True)


def reminder_rows(req: Request) -> Rows:
    return [[Action(req.t("dialog-resume"), "dlg-resume"), Action(req.t("dialog-abandon"), "dlg-drop")]]


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


def _is_shown(step: Step, data: dict) -> bool:
    return step.shown is None or step.shown(data)


def _first(dialog: Dialog, data: dict) -> Step:
    return next(s for s in dialog.steps if _is_shown(s, data))


def _previous(dialog: Dialog, step: Step, data: dict) -> Step:
    before = dialog.steps[: dialog.steps.index(step)]
    return next((s for s in reversed(before) if _is_shown(s, data)), step)


def _following(dialog: Dialog, step: Step, data: dict) -> Step | None:
    after = dialog.steps[dialog.steps.index(step) + 1 :]
    return next((s for s in after if _is_shown(s, data)), None)


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
    following = _following(dialog, step, data)
    return await (_finish(req, dialog, data) if following is None else _move(req, dialog, data, following))


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


# The question ------------------------------------------------------------------------------------


async def question(req: Request, dialog: Dialog, data: dict) -> Screen:
    """The current step's question, its choices, and the ways on and back."""
    step = dialog.steps_by_name.get(data.get("step", ""), dialog.steps[0])
    if step.kind == CUSTOM:
        screen = await step.custom.question(req, data)
        screen.rows = [*screen.rows, _way_out(req, dialog, step, data)]
        return screen
    version = req.member.dialog_version
    shared = dialog.ask_args(req) if dialog.ask_args else {}
    args = {**shared, "field": step.name, **(step.ask_args(req, data) if step.ask_args else {})}
    ask = step.ask(req, data) if callable(step.ask) else step.ask
    text = req.t(ask, **args) if ask else ""
    ready = True
    if step.preview is not None:  # the preview's words, and whether it may be confirmed as it is
        shown = await step.preview(req, data)
        shown, ready = shown if isinstance(shown, tuple) else (shown, True)
        text = shown + ("\n\n" + text if text else "")
    if step.kind == PREVIEW:
        rows = [[Action(req.t(step.confirm), "dlg-go", (version,))]] if ready else []
        if not ready and step.instead[0]:
            target = dialog.steps.index(dialog.steps_by_name[step.instead[1]])
            rows = [[Action(req.t(step.instead[0]), "dlg-goto", (version, target))]]
        return Screen(text, [*rows, _way_out(req, dialog, step, data)])
    rows: Rows = []
    if step.kind in (CHOICE, PICK):
        picked = set(data.get(step.name) or []) if step.kind == PICK else set()
        keys = [
            Action(("✅ " if o.value in picked else "") + o.label, "dlg-pick", (version, o.value))
            for o in await step.options(req, data)
        ]
        rows += [keys[i : i + step.columns] for i in range(0, len(keys), step.columns)]
    count = len(data.get(step.name) or []) if step.kind in (PHOTOS, PICK) else 0
    if count or step.kind == PICK:
        rows.append([Action(req.t(step.done, count=count), "dlg-done", (version,))])
    if count and step.kind == PHOTOS:
        rows.append([Action(req.t("dialog-photos-clear"), "dlg-clear", (version,))])
    has_value = step.kind not in (PHOTOS, PICK) and data.get(step.name) not in (None, "", [])
    if has_value:
        if step.kind != PHOTO:
            shown = step.show_value(req, data) if step.show_value else escape(str(data[step.name]))
            text += "\n" + req.t(step.current, value=shown)
        rows.append([Action(req.t(step.keep), "dlg-keep", (version,))])
    elif step.optional and not count:
        rows.append([Action(req.t(step.skip, count=0), "dlg-skip", (version,))])
    return Screen(text, [*rows, _way_out(req, dialog, step, data)])


def pick(req: Request, label: str, value: int) -> Action:
    """A custom step's button for `value` (its `on_tap` gets the value)."""
    return Action(label, "dlg-pick", (req.member.dialog_version, value))


def done(req: Request, label: str) -> Action:
    """A custom step's button that ends it (its `on_tap` gets None)."""
    return Action(label, "dlg-done", (req.member.dialog_version,))


def _way_out(req: Request, dialog: Dialog, step: Step, data: dict) -> list[Action]:
    row = []
    if _previous(dialog, step, data) is not step:
        row.append(Action(req.t("dialog-back"), "dlg-back", (req.member.dialog_version,)))
    row.append(Action(req.t("dialog-cancel"), "dialog-cancel"))
    return row
