"""What a dialog is declared as: its steps (text with a check, a choice, photos, a pick, a preview,
a custom step) and what finishing does; the engine (handlers/dialog.py) runs them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import InvalidInput

from .reply import Reply, Screen
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


def words_check(
    limit: int, *, too_long: str = "text-too-long", none_ok: bool = False
) -> Callable[[Request, str, dict], str]:
    """Some words, at most `limit` characters: nothing but spaces is asked for again, more is refused
    with `too_long`; with `none_ok`, "-" or "无" answers that there is none."""

    def check(req: Request, text: str, data: dict) -> str:
        text = text.strip()
        if none_ok and text in ("-", "无"):
            return ""
        if len(text) > limit:
            raise Refusal(too_long, limit=limit)
        if not text:
            raise Refusal("dialog-text-please")
        return text

    return check


def reason_check(limit: int) -> Callable[[Request, str, dict], str]:
    """A reason given to someone (why a review is hidden, a nomination turned down)."""
    return words_check(limit, too_long="reason-too-long")


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


# The steps a member meets, in order (a step may be shown only for some answers) ---------------


def is_shown(step: Step, data: dict) -> bool:
    return step.shown is None or step.shown(data)


def first(dialog: Dialog, data: dict) -> Step:
    return next(s for s in dialog.steps if is_shown(s, data))


def previous(dialog: Dialog, step: Step, data: dict) -> Step:
    before = dialog.steps[: dialog.steps.index(step)]
    return next((s for s in reversed(before) if is_shown(s, data)), step)


def following(dialog: Dialog, step: Step, data: dict) -> Step | None:
    after = dialog.steps[dialog.steps.index(step) + 1 :]
    return next((s for s in after if is_shown(s, data)), None)
