"""A local Telegram Bot API server on 127.0.0.1, strict against the Bot API spec, for tests and the sandbox.

The bot talks to it over real HTTP exactly as it talks to api.telegram.org (long polling or a webhook);
the other side, the users, is driven in-process: `await emu.send_text(user_id, "/start")`,
`await emu.tap(user_id, message_id, data)`. Every call is checked against `bot/data/botapi-10.1.json`
(unknown method, missing or unknown field, wrong type, a length past a documented limit, HTML that
Telegram would refuse), nested objects included. A call that breaks the spec gets the error Telegram would
give and is appended to `violations`, which tests expect to stay empty. Runtime errors a correct bot must
handle ("message is not modified", "bot was blocked by the user", ...) are answered like Telegram does
but are not violations.

Telegram's flood limits (`limits`, a `bot.telegram.emulator.limits.FloodLimits`) are off by default; with
`limits=True` (or `limits.enabled`) a send over one gets Telegram's 429 with a whole-second retry_after.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from itertools import count
from typing import Any

import aiohttp
from aiohttp import web

from .chats import Chats
from .common import ApiError, CallHook, Json, bad_request, scope_key
from .files import Files
from .limits import FloodLimits
from .queries import Queries
from .server import Server
from .spec import Spec, Upload, load_spec
from .updates import Updates
from .users import Users

__all__ = ["ApiError", "BotApiEmulator", "FloodLimits", "bad_request"]


class BotApiEmulator(Server, Updates, Chats, Files, Queries, Users):
    """One bot's view of Telegram, served over HTTP, with the users' side as coroutines."""

    def __init__(
        self,
        *,
        bot_username: str = "aixin_test_bot",
        bot_first_name: str = "Aixin",
        bot_id: int = 7_000_000_001,
        token: str | None = None,
        spec: Spec | None = None,
        limits: bool = False,
        global_rate: float | None = 30.0,
        chat_rate: float | None = 1.0,
        group_limit: int | None = 20,
        group_window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        open_chats: bool = False,
    ) -> None:
        self.token = token or f"{bot_id}:AAE{secrets.token_urlsafe(24)}"
        self.bot_id = int(self.token.split(":", 1)[0])
        self.bot: Json = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.spec = spec or load_spec()
        self.users: dict[int, Json] = {}
        self.groups: dict[int, Json] = {}
        self.blocked: set[int] = set()
        # The sandbox plays only some of the people its store knows: with `open_chats`, a user id
        # never added is taken as someone who started the bot elsewhere, and added on the bot's
        # first call to them (`opened` lists them), instead of "chat not found".
        self.open_chats = open_chats
        self.opened: list[int] = []

        # What the bot did, for tests to read.
        self.calls: list[tuple[str, Json]] = []
        self.violations: list[str] = []
        self.callback_answers: dict[str, Json] = {}
        self.inline_answers: dict[str, Json] = {}
        self.pre_checkout_answers: dict[str, Json] = {}
        self.commands: dict[tuple[str, str], list[Json]] = {}  # (scope, language_code) -> BotCommands
        self.menu_buttons: dict[int | None, Json] = {}
        self.reply_keyboards: dict[int, Json] = {}  # chat id -> the last non-inline reply_markup sent
        self.on_call: CallHook | None = None  # called as on_call(method, params, result) after each success
        self.webhook: Json | None = None
        self.webhook_last_error: tuple[int, str] | None = None
        self.webhook_retry_delay = 0.2
        self.webhook_timeout = 10.0

        self.limits = FloodLimits(
            enabled=limits,
            global_rate=global_rate,
            chat_rate=chat_rate,
            group_limit=group_limit,
            group_window=group_window,
            clock=clock,
        )

        self._messages: dict[int, dict[int, Json]] = {}  # chat id -> message id -> message, in order
        self._last_message_id: dict[int, int] = {}
        self._pending: list[Json] = []
        self._last_update_id = 0
        self._confirmed: set[int] = set()
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._files: dict[str, Json] = {}  # file_id (any photo size too) -> file record
        self._file_numbers = count(1)
        self._query_numbers = count(4_000_000_001)
        # Telegram's charge ids are unique for good; a sandbox run over an existing database must
        # not reuse one an earlier run's payment left in the store's inbox.
        self._charge_prefix = secrets.token_hex(4)
        self._open_callbacks: set[str] = set()
        self._open_inline: set[str] = set()
        self._open_checkouts: set[str] = set()
        self._changed = asyncio.Event()
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self.base_url = ""  # what PTB takes as base_url; it appends the token itself
        self.base_file_url = ""
        self.port = 0
        self._methods: dict[str, Callable[[Json, dict[str, Upload]], Any]] = {
            "getMe": lambda p, f: self._me(),
            "logOut": lambda p, f: True,
            "close": lambda p, f: True,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_media,
            "sendDocument": self._send_media,
            "sendVideo": self._send_media,
            "sendAudio": self._send_media,
            "sendAnimation": self._send_media,
            "sendMediaGroup": self._send_media_group,
            "sendInvoice": self._send_invoice,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_text,
            "editMessageCaption": self._edit_caption,
            "editMessageReplyMarkup": self._edit_reply_markup,
            "editMessageMedia": self._edit_media,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "answerCallbackQuery": self._answer_callback,
            "answerInlineQuery": self._answer_inline,
            "answerPreCheckoutQuery": self._answer_pre_checkout,
            "setMyCommands": self._set_commands,
            "getMyCommands": lambda p, f: self.commands.get(scope_key(p), []),
            "deleteMyCommands": self._delete_commands,
            "setChatMenuButton": self._set_menu_button,
            "getChatMenuButton": lambda p, f: self._menu_button(p.get("chat_id")),
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getFile": self._get_file,
        }
