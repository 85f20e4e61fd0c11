"""Members chatting with the real Application through the local Bot API emulator, over HTTP.

Tests read like a member's story: `await alice.send("/start")`, `await alice.tap("按区县选购")`.
Each step waits until the bot has finished handling that update, so there is no sleeping.
"""

from __future__ import annotations

import asyncio
import html
import re
from itertools import count

from bot.app import AixinApplication, build_application
from bot.sandbox import pay_invoice
from bot.serve import start_updates, stop_updates
from bot.settings import Settings
from bot.telegram.emulator import BotApiEmulator
from store import ledger, members, roles
from store.db import Database
from store.models import Role

_TAG = re.compile(r"<[^>]+>")
_user_ids = count(50_001)
STEP_SECONDS = 10


class Chat:
    """The emulator and the running bot; makes members."""

    def __init__(
        self, emulator: BotApiEmulator, application: AixinApplication, db: Database, settings: Settings
    ) -> None:
        self.emulator = emulator
        self.application = application
        self.db = db
        self.settings = settings

    def member(self, name: str, *, language_code: str = "zh-hans", user_id: int | None = None) -> Member:
        user_id = user_id or next(_user_ids)
        self.emulator.add_user(user_id, name, username=name, language_code=language_code)
        return Member(self, user_id, name)

    async def organiser(
        self, name: str = "organiser", *, user_id: int = 903, agency_id: int = roles.ALL, **kwargs
    ) -> Member:
        """A member granted the organiser's role: of all agencies unless `agency_id` is given."""
        return await self.granted(name, Role.organiser, user_id=user_id, scope_id=agency_id, **kwargs)

    async def admin(self, name: str = "admin", *, user_id: int = 902, **kwargs) -> Member:
        return await self.granted(name, Role.admin, user_id=user_id, **kwargs)

    async def granted(
        self, name: str, role: Role, *, user_id: int, scope_id: int = roles.ALL, **kwargs
    ) -> Member:
        async with self.db.begin() as session:
            await roles.grant(session, telegram_user_id=user_id, role=role, scope_id=scope_id)
        return self.member(name, user_id=user_id, **kwargs)

    async def restart(self) -> None:
        """Stop the bot and start a new one on the same store and emulator, as after a deploy."""
        await stop_application(self.application)
        self.application = await start_application(self.settings, self.db)

    async def stop(self) -> None:
        await stop_application(self.application)
        await self.emulator.stop()

    async def deliver(self, update: dict) -> dict:
        async with asyncio.timeout(STEP_SECONDS):
            await self.application.wait_processed(update["update_id"])
        return update


class Member:
    def __init__(self, chat: Chat, user_id: int, name: str) -> None:
        self.chat = chat
        self.id = user_id
        self.name = name
        self.last_update: dict = {}

    @property
    def emulator(self) -> BotApiEmulator:
        return self.chat.emulator

    async def send(self, text: str) -> None:
        self.last_update = await self.chat.deliver(await self.emulator.send_text(self.id, text))

    async def send_all(self, *texts: str) -> None:
        """Each text in turn, as a member answering a dialog's questions one after another."""
        for text in texts:
            await self.send(text)

    async def points(self) -> int:
        """Their love points: the sum of their ledger's entries."""
        async with self.chat.db.read() as session:
            member = await members.by_telegram_id(session, self.id)
            return await ledger.points_balance(session, member_id=member.id) if member else 0

    async def send_sticker(self) -> None:
        self.last_update = await self.chat.deliver(await self.emulator.send_sticker(self.id))

    async def send_photo(self, caption: str | None = None) -> None:
        self.last_update = await self.chat.deliver(await self.emulator.send_photo(self.id, caption))

    async def tap(self, label: str) -> None:
        """Tap the button labelled `label` (or containing it) on the newest screen that has it."""
        message_id, data = self.find_button(label)
        self.last_update = await self.chat.deliver(await self.emulator.tap(self.id, message_id, data))

    async def tap_data(self, data: str) -> None:
        """Send callback data of our own making, as a forger would, on the newest screen."""
        message_id = self.messages()[-1]["message_id"]
        update = await self.emulator.tap(self.id, message_id, data, forged=True)
        self.last_update = await self.chat.deliver(update)

    async def pay_invoice(self) -> dict | None:
        """Pay the newest invoice in this chat; returns the bot's pre-checkout answer."""
        return await pay_invoice(self.emulator, self.chat.application, self.id)

    async def inline(self, query: str) -> list[dict]:
        update = await self.chat.deliver(await self.emulator.inline_query(self.id, query))
        return self.emulator.inline_answers[update["inline_query"]["id"]]["results"]

    def messages(self) -> list[dict]:
        return self.emulator.messages(self.id)

    @property
    def last(self) -> str:
        """The newest bot message's text or caption, without markup."""
        messages = self.messages()
        return plain(messages[-1]) if messages else ""

    def recent(self, count: int = 2) -> str:
        """The newest `count` bot messages, as one text."""
        return "\n".join(plain(m) for m in self.messages()[-count:])

    @property
    def alert(self) -> str:
        """The text of the answer to the last button tapped."""
        query = self.last_update.get("callback_query")
        return self.emulator.callback_answers.get(query["id"], {}).get("text", "") if query else ""

    @property
    def buttons(self) -> list[str]:
        """The labels on the newest screen with buttons."""
        for message in reversed(self.messages()):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard")
            if rows:
                return [key["text"] for row in rows for key in row]
        return []

    def find_button(self, label: str) -> tuple[int, str]:
        for message in reversed(self.messages()):
            keys = [k for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for k in row]
            for match in (lambda k: k["text"] == label, lambda k: label in k["text"]):
                for key in keys:
                    if match(key) and "callback_data" in key:
                        return message["message_id"], key["callback_data"]
        raise AssertionError(f"no button {label!r}; the screen has {self.buttons}")


def plain(message: dict) -> str:
    return html.unescape(_TAG.sub("", message.get("text") or message.get("caption") or ""))


async def start_chat(db: Database, **settings: object) -> Chat:
    """The emulator and the bot on `db`, receiving updates as `aixin run` would with `settings`."""
    emulator = BotApiEmulator(bot_username="aixin_test_bot")
    await emulator.start()
    settings = Settings(
        telegram_bot_token=emulator.token, telegram_api_base_url=emulator.base_url, _env_file=None, **settings
    )
    return Chat(emulator, await start_application(settings, db), db, settings)


async def start_application(settings: Settings, db: Database) -> AixinApplication:
    application = build_application(settings, db)
    application.track_processed = True
    await application.initialize()
    await application.start()
    await start_updates(application, settings, poll_timeout=1)
    return application


async def stop_application(application: AixinApplication) -> None:
    await stop_updates(application)
    await application.stop()
    await application.shutdown()
