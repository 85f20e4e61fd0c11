"""What a flow is asked with: who asks (the member, or None for someone new), in which language, the
store, the shop's policy and the time. A door builds it once per update."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from locales import Translator
from store.db import Database
from store.models import Member

from .policy import Policy


@dataclass(frozen=True)
class Visitor:
    """Who is at the door, as the door knows them: a member's account there (its Telegram user id)
    and the name it shows; what a member new to the shop is made from."""

    account_id: int
    display_name: str = ""


@dataclass
class Request:
    db: Database
    translator: Translator
    policy: Policy
    member: Member | None = None
    locale: str = ""
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    # The update's transaction, while a flow that opened one runs (a dialog's step, say): the
    # step's checks, choices and finish read and write in it.
    session: AsyncSession | None = None
    visitor: Visitor | None = None
    # The door's link that opens a product (Telegram: the bot's deep link), for sharing it.
    product_link: Callable[[int], str] = lambda product_id: ""

    def __post_init__(self) -> None:
        self.locale = self.locale or self.translator.default_locale

    @property
    def member_id(self) -> int | None:
        return self.member.id if self.member else None

    def t(self, key: str, **args: object) -> str:
        return self.translator.t(self.locale, key, **args)
