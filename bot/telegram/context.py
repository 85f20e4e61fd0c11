"""The typed context every Telegram handler receives: the store, the member and their language, and
the flows' Request made from them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from handlers.policy import Policy
from handlers.request import Request, Visitor
from locales import Translator
from store.db import Database
from store.models import Member

# Set while a handler sends what it will not read back; bot.client.AixinBot honours it.
ANSWERS_UNREAD: ContextVar[bool] = ContextVar("aixin_answers_unread", default=False)
# The callback query this update's handler has answered (bot.client.AixinBot sets it): a tap is
# answered once, and a reply rendered after that says what it has to say in the chat.
TAP_ANSWERED: ContextVar[str | None] = ContextVar("aixin_tap_answered", default=None)


@contextmanager
def answers_unread() -> Iterator[None]:
    """Within: a message sent or edited returns True, not the `Message` Telegram echoes back, which
    python-telegram-bot would build for about half of the call's CPU (bench/README.md). For the
    busy paths that never read it: screens, invoices, receipts, notices."""
    token = ANSWERS_UNREAD.set(True)
    try:
        yield
    finally:
        ANSWERS_UNREAD.reset(token)


class BotData:
    """What the whole application shares; filled in once by `bot.app.build_application`."""

    db: Database
    translator: Translator
    policy: Policy
    bot_username: str = ""


class Context(CallbackContext[ExtBot, dict, dict, BotData]):
    """Adds `db`, `t`, `member` and `locale`; `member` and `locale` are set by `bot.telegram.member`."""

    def __init__(self, application: Application, chat_id: int | None = None, user_id: int | None = None):
        super().__init__(application, chat_id, user_id)
        self.member: Member | None = None
        self.locale: str = application.bot_data.translator.default_locale
        # The member's dialog version as the update found it: a command that wrote the dialog
        # itself (started or resumed one) is no interruption of it.
        self.dialog_seen: int | None = None
        # The intents the update's answer offered (`render`): one that offered 继续填写 has said
        # that a draft waits.
        self.offered: set[str] = set()

    @property
    def policy(self) -> Policy:
        return self.bot_data.policy

    @property
    def translator(self) -> Translator:
        return self.bot_data.translator

    @property
    def db(self) -> Database:
        return self.bot_data.db

    @property
    def member_id(self) -> int | None:
        return self.member.id if self.member else None

    def t(self, key: str, **args: object) -> str:
        return self.bot_data.translator.t(self.locale, key, **args)

    def request(self, update: Update | None = None) -> Request:
        """What the flows are asked with, for this update."""
        user = update.effective_user if update is not None else None
        return Request(
            db=self.db,
            translator=self.translator,
            policy=self.policy,
            member=self.member,
            locale=self.locale,
            visitor=Visitor(user.id, user.full_name) if user else None,
            product_link=self.product_link,
        )

    def product_link(self, product_id: int) -> str:
        """The deep link that opens a product's card in this bot."""
        return f"https://t.me/{self.bot_data.bot_username}?start=p_{product_id}"
