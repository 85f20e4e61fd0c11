"""An order's timeline — placed, paid, shipped (courier and number), received, or cancelled — and a
link to follow a parcel of a known courier."""

from __future__ import annotations

from urllib.parse import quote
from zoneinfo import ZoneInfo

from locales import Translator
from store.models import Order, OrderStatus, utc

from .format import escape

# Our courier codes (store.orders.COURIERS) as kuaidi100 names them; its public query page takes
# `com` and `nu` (https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1234567890) and works without
# an account. 其他 and a supplier's own delivery have nothing to follow.
KUAIDI100 = {
    "sf": "shunfeng",
    "zto": "zhongtong",
    "yto": "yuantong",
    "yunda": "yunda",
    "post": "youzhengguonei",
    "jd": "jd",
}


def track_url(courier: str, tracking_no: str) -> str | None:
    """Where to follow the parcel, for a courier kuaidi100 knows; None otherwise."""
    code = KUAIDI100.get(courier)
    if code is None or not tracking_no:
        return None
    return f"https://www.kuaidi100.com/chaxun?com={code}&nu={quote(tracking_no.strip(), safe='')}"


def timeline(order: Order, locale: str, timezone: str, translator: Translator) -> str:
    """The order's steps so far, one a line, times in `timezone`."""
    zone = ZoneInfo(timezone)

    def step(key: str, moment, **args: object) -> str:
        time = utc(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M")
        return translator.t(locale, key, time=time, **args)

    steps = [step("order-step-placed", order.created_at)]
    if order.paid_at:
        steps.append(step("order-step-paid", order.paid_at))
    if order.shipped_at:
        url = track_url(order.courier, order.tracking_no)
        link = translator.t(locale, "order-track", url=escape(url)) if url else ""
        tracking = escape(order.tracking_no)
        steps.append(
            step("order-step-shipped", order.shipped_at, courier=order.courier or "none", tracking=tracking)
            + link
        )
    if order.received_at:
        steps.append(step("order-step-received", order.received_at))
    if order.closed_at and order.status in (OrderStatus.cancelled, OrderStatus.refunded):
        steps.append(step("order-step-cancelled", order.closed_at))
    return "\n".join(steps)
