"""The shop's flows, one module per capability, in no door's terms: importing the package registers
every intent, command and dialog (handlers/registry.py), which each door routes through."""

from __future__ import annotations

from . import (  # noqa: F401
    broadcast,
    catalog,
    community,
    contact,
    dialogs,
    event_admin,
    event_roster,
    events,
    exemplars,
    fairs,
    fund,
    my_orders,
    nominate,
    nomination_queue,
    offline,
    order_messages,
    refunds,
    review_dialog,
    settings,
    settlement,
    start,
    stories,
    supplier,
    village_products,
)

# The commands a door offers in its menu, in this order.
COMMANDS = (
    "start",
    "menu",
    "search",
    "orders",
    "me",
    "rank",
    "fund",
    "address",
    "nominate",
    "my_nominations",
    "events",
    "settings",
    "language",
    "cancel",
    "help",
)
