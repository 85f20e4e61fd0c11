"""Callback data codec: `1:<action>:<int>:<int>…`, at most 64 bytes, checked on parse.

The leading version lets a later release change the layout and still recognise old buttons as
stale rather than misreading them.
"""

from __future__ import annotations

from store.models import MAX_ID

from .registry import INTENTS, Stale

VERSION = "1"
MAX_BYTES = 64
_WIDE = 10**12  # the widest argument that is no id (an order button's nonce, catalog._nonce)
_WIDE_ARGS = {("order", 2)}

# action → number of integer arguments, for the actions not yet in the registry of intents
ARITY = {
    "menu": 0,
    "counties": 0,
    "county": 2,  # county id, page
    "categories": 0,
    "category": 2,  # category id, page
    "hot": 1,  # page
    "search": 1,  # page of the member's last search
    "search-help": 0,
    "product": 4,  # product id, origin kind, origin id, origin page
    "language": 1,  # index into locales.LOCALES
    "agencies": 1,  # page
    "agency": 2,  # agency id, page
    "join": 1,  # branch id
    "me": 0,
    "qty": 5,  # product id, quantity, origin kind, origin id, origin page
    "order": 3,  # product id, quantity, nonce of the card it was tapped on
    "orders": 1,  # page of the member's orders
    "order-view": 1,  # order id
    "order-cancel": 1,  # order id: asks first
    "order-cancel-ok": 1,  # order id: cancel it
    "refunds": 1,  # page of the admins' queue of cancelled paid orders
    "refund": 1,  # order id: an admin is asked to confirm the money went back
    "refund-ok": 1,  # order id: record the refund
    "order-receive": 1,  # order id
    "order-pay": 1,  # order id: send its invoice again
    "settle-ok": 1,  # order id: an admin confirms that its money arrived outside the chat
    "dialog-cancel": 0,
    # The dialog engine's buttons (handlers/dialog.py); the dialog's version first, so that a button
    # of an earlier question is stale.
    "dlg-pick": 2,  # version, the option's value
    "dlg-skip": 1,  # version: 跳过
    "dlg-keep": 1,  # version: 保留 what this step had
    "dlg-back": 1,  # version: ← 上一步
    "dlg-goto": 2,  # version, an earlier step's index: back to it, answers kept
    "dlg-done": 1,  # version: photos or picks done
    "dlg-clear": 1,  # version: the photos again, from none
    "dlg-go": 1,  # version: the preview's confirmation
    "dlg-resume": 0,  # 继续填写 a draft, after a command
    "dlg-drop": 0,  # 放弃 the draft
    "address-edit": 0,  # /address: enter a new delivery contact
    "offline-paid": 1,  # order id: the supplier confirms offline payment
    "ship": 1,  # order id: the supplier starts shipping it (courier, then tracking number)
    "om-new": 1,  # order id: write to the other side of the order (联系卖家 / 联系买家)
    "om-reply": 1,  # order message id: answer it (回复)
    "offline": 1,  # page of the admins' offline orders waiting too long for their payment
    "offline-cancel": 1,  # order id: an admin asks to cancel an overdue offline order
    "offline-cancel-ok": 1,  # order id: cancel it, telling its buyer and supplier
    "supply": 1,  # page of the supplier's orders
    "rank": 2,  # level (0 branch, 1 agency), period (0 this month, 1 all time)
    "mute": 2,  # kind of announcement (index into store.broadcasts.KINDS), 1 off / 0 on
    "unsub": 1,  # kind of announcement, from the button under a broadcast
    "resub": 1,  # kind of announcement: undo 退订, from the same button
    "bc-pause": 1,  # broadcast id
    "bc-resume": 1,  # broadcast id
    "bc-cancel": 1,  # broadcast id: asks first
    "bc-cancel-ok": 1,  # broadcast id: cancel it
    "bc-show": 1,  # broadcast id: its progress again (不取消)
    # Community (issue #5)
    "rec": 5,  # product id, 1 recommend / 0 withdraw, origin kind, origin id, origin page
    "rvs": 5,  # a product's reviews: product id, page, origin kind, origin id, origin page
    "ranked": 1,  # 好品推荐: page of the whole catalog by the ranking
    "county-rank": 2,  # county id, page: a county's products by the ranking
    "rv-start": 1,  # order line id: rate it (or change its review)
    "rv-hide": 1,  # review id: an admin hides it (asks the reason)
    "rv-photo": 1,  # review id: its photo
    "nominate": 0,  # start the nomination dialog
    "my-noms": 1,  # page of my nominations
    "noms": 1,  # page of the admins' nomination queue
    "nom-view": 1,  # nomination id
    "nom-approve": 2,  # nomination id, category id (0: choose one)
    "nom-list": 1,  # nomination id: enter price, unit and stock, then list it
    "nom-reject": 1,  # nomination id: asks the reason
    # Events (issue #6)
    "events": 1,  # page of the event list
    "ev": 1,  # event id: its card
    "ev-join": 1,  # event id: sign up (also under the announcement)
    "ev-leave": 1,  # event id: leave before the start
    "ev-roster": 2,  # event id, page: check-in list
    "ev-in": 3,  # event id, member id, roster page: check in
    "ev-out": 3,  # event id, member id, roster page: take a check-in of today back
    "ev-csv": 1,  # event id: the sign-up list as CSV
    "ev-cancel": 1,  # event id: its organiser asks to cancel it (a confirmation follows)
    "ev-cancel-ok": 1,  # event id: cancel it, telling everyone signed up or waiting
    # Fairs
    "fair": 2,  # fair id, page of its products
    "fair-feat": 2,  # fair id, county id: the county's feature
    "fair-photos": 2,  # fair id, county id: the feature's photos after the first
    # The first-secretary zone and stories
    "zone": 0,
    "zone-county": 1,  # county id
    "zone-village": 1,  # village id
    "story": 1,  # story id
    "story-photos": 1,  # story id (an endorsement or an exemplar): its photos after the first
    "st-new": 1,  # village id: write a story
    "st-edit": 1,  # story id
    "st-withdraw": 1,  # story id: asks first
    "st-withdraw-ok": 1,  # story id: withdraw it
    "st-mine": 0,  # /story: my stories
    "vp-new": 1,  # village id: draft a village product
    "draft-ok": 1,  # product id: an admin approves a draft
    "draft-view": 1,  # product id: a drafted village product in full, to list or turn down
    "draft-no": 1,  # product id: turn the draft down
    "drafts": 0,  # the admins' list of drafts (from the message telling them of a new one)
    # Exemplars
    "exemplars": 1,  # page (one exemplar a page)
    "ex-nominate": 2,  # story id, page
}


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


def number(text: str) -> int | None:
    """A typed id or count ('12'), if it is one a column can hold; None otherwise ('²', '1e3')."""
    return int(text) if text.isdecimal() and len(text) <= 10 and int(text) <= MAX_ID else None


def pattern(action: str) -> str:
    """A regular expression for CallbackQueryHandler that routes one action."""
    return rf"^{VERSION}:{action}(:|$)"
