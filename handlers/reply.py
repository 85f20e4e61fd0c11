"""What a flow answers, as data. No door is named here: Telegram renders a Screen as a message with
an inline keyboard, WeChat as numbered choices or a news article, the web page as HTML.

Text uses a small neutral markup — <b>, <i>, <a href> — and escapes names and what members typed
(`format.escape`); a door that shows plain text drops the tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.models import Order


@dataclass(frozen=True)
class Action:
    """One thing a screen offers: an intent with its (integer) arguments, a link to open, or
    something to share (`share` is what the recipient's door prefills)."""

    label: str
    intent: str = ""
    args: tuple[int, ...] = ()
    url: str = ""
    share: str | None = None


Rows = list[list[Action]]


@dataclass
class Screen:
    """Text (or a photo with a caption) and rows of actions. A screen answering a tap takes the
    place of the one tapped unless `new` is set; one answering a message is always a new one.
    `photos` make it an album, always new: the pictures together, the text their caption (or,
    when there are actions, a message after them, since an album carries none)."""

    text: str
    rows: Rows = field(default_factory=list)
    photo: str = ""
    photos: tuple[str, ...] = ()
    new: bool = False
    # What this screen shows, for a door that can change it later (a broadcast's progress): the
    # door keeps where it put it.
    tracks: tuple[str, int] | None = None


@dataclass(frozen=True)
class Alert:
    """A short answer to a tap (a toast; `modal` until dismissed). Said as a message when what was
    answered is no tap."""

    text: str
    modal: bool = False


@dataclass(frozen=True)
class Payment:
    """A placed order, to be paid: an invoice where the door takes payments for it, or word that it
    waits for offline settlement (货到付款 / 单位结算)."""

    order: Order


@dataclass(frozen=True)
class Swap:
    """The action tapped becomes `action` where it is, on a message the flow did not draw (a
    broadcast's buttons); the rest of that message stays as it was."""

    action: Action


@dataclass(frozen=True)
class Document:
    """A file to keep (a CSV list), with a caption."""

    filename: str
    content: bytes
    caption: str = ""


Part = Screen | Alert | Payment | Swap | Document
Reply = Part | list[Part] | None


def button(label: str, intent: str, *args: int) -> Action:
    """An action going to `intent(*args)`."""
    return Action(label, intent, args)


def pages(req, page, intent: str, *args: int) -> list[Action]:
    """‹ 上一页 / 下一页 › for a Page, going to `intent(*args, page)`."""
    row = []
    if page.has_prev:
        row.append(Action(req.t("nav-prev"), intent, (*args, page.page - 1)))
    if page.has_next:
        row.append(Action(req.t("nav-next"), intent, (*args, page.page + 1)))
    return row


def parts(reply: Reply) -> list[Part]:
    """A reply as the list of its parts, in order."""
    if reply is None:
        return []
    return list(reply) if isinstance(reply, list) else [reply]
