"""The shop's policy: one object, set at start, that every flow reads instead of taking arguments."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """The shop's parameters the flows act on, set once at start (`bot/` fills them from the
    environment): what a yuan earns, how long an order waits, when the shop is quiet."""

    payment_provider_token: str = ""
    order_payment_minutes: int = 30
    offline_confirm_days: int = 7  # an offline order unconfirmed this long shows in /offline
    points_per_yuan: int = 1
    points_per_event: int = 10
    timezone: str = "Asia/Shanghai"
    quiet_hours: tuple[int, int] = (22, 8)  # local hours when non-urgent broadcasts wait
    points_per_review: int = 5
    review_points_daily_cap: int = 15
    points_per_listed_nomination: int = 20
    support_contact: str = ""  # how members reach an admin: a phone, an @name, an email
    media_dir: str = "media"  # where the pictures the store keeps are (store/media.py)
