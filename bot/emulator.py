"""A local Telegram Bot API server on 127.0.0.1, strict against the Bot API spec, for tests and the sandbox.

The bot talks to it over real HTTP exactly as it talks to api.telegram.org (long polling or a webhook);
the other side, the users, is driven in-process: `await emu.send_text(user_id, "/start")`,
`await emu.tap(user_id, message_id, data)`. Every call is checked against `bot/data/botapi-10.1.json`
(unknown method, missing or unknown field, wrong type, a length past a documented limit, HTML that
Telegram would refuse), nested objects included. A call that breaks the spec gets the error Telegram would
give and is appended to `violations`, which tests expect to stay empty. Runtime errors a correct bot must
handle ("message is not modified", "bot was blocked by the user", ...) are answered like Telegram does
but are not violations.

Telegram's flood limits (`limits`, a `bot.emulator_limits.FloodLimits`) are off by default; with
`limits=True` (or `limits.enabled`) a send over one gets Telegram's 429 with a whole-second retry_after.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from functools import partial
from itertools import count
from typing import Any

import aiohttp
from aiohttp import web

from .emulator_limits import FloodLimits
from .emulator_spec import HtmlError, Spec, Upload, load_spec, parse_html, utf16_len

log = logging.getLogger(__name__)

Json = dict[str, Any]
CallHook = Callable[[str, Json, Any], Any]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
MEDIA_KINDS = ("photo", "document", "video", "animation", "audio")
# Fields PTB needs on media objects besides file_id/file_unique_id.
_MEDIA_EXTRA: dict[str, Json] = {
    "video": {"width": 640, "height": 360, "duration": 1},
    "animation": {"width": 320, "height": 240, "duration": 1},
    "audio": {"duration": 1},
    "document": {},
}
# Telegram's default when a bot never chose: everything except these.
_NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
_CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}  # fmt: skip
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ApiError(Exception):
    """A Telegram error answer. `violation` marks the ones caused by a call that breaks the spec."""

    def __init__(
        self, code: int, description: str, *, violation: bool = False, parameters: Json | None = None
    ):
        super().__init__(description)
        self.code = code
        self.description = description
        self.violation = violation
        self.parameters = parameters


def bad_request(problem: str, *, violation: bool = True) -> ApiError:
    return ApiError(400, f"Bad Request: {problem}", violation=violation)


class BotApiEmulator:
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
            "getMyCommands": lambda p, f: self.commands.get(_scope_key(p), []),
            "deleteMyCommands": self._delete_commands,
            "setChatMenuButton": self._set_menu_button,
            "getChatMenuButton": lambda p, f: self._menu_button(p.get("chat_id")),
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getFile": self._get_file,
        }

    # Lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> BotApiEmulator:
        app = web.Application(client_max_size=50 * 1024 * 1024)  # Telegram takes uploads up to 50 MB
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{self.port}/bot"
        self.base_file_url = f"http://{host}:{self.port}/file/bot"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.webhook_timeout))
        return self

    async def stop(self) -> None:
        self._stopping = True
        self._notify()  # long polls return now instead of holding the shutdown
        if self._webhook_task is not None and not self._webhook_task.done():
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _reply({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        name = request.match_info["method"]
        method = self.spec.method(name)
        try:
            raw, files, typed = await _read_params(request)
        except ValueError as error:
            return self._error(name, bad_request(f"can't parse request: {error}"))
        if method is None:
            self.calls.append((name, raw))
            # Telegram answers an unknown method 404; PTB raises EndPointNotFound (InvalidToken outside
            # do_api_request).
            self.violations.append(f"{name}: unknown method in {self.spec.version}")
            return _reply({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        # A file part named like a field is that field; others are targets of attach://name.
        for key in [k for k in files if k in self.spec.methods[method]]:
            raw[key] = files.pop(key)
        params = raw if typed else self.spec.decode(method, raw)
        self.calls.append((method, params))
        try:
            result = await self._call(method, params, files)
        except ApiError as error:
            return self._error(method, error)
        except Exception as error:  # an emulator bug must fail the test, not hang it
            log.exception("emulator failed on %s", method)
            self.violations.append(f"{method}: emulator error {error!r}")
            return _reply(
                {"ok": False, "error_code": 500, "description": f"Internal Server Error: {error!r}"}, 500
            )
        finally:
            self._notify()
        if self.on_call is not None:
            try:
                outcome = self.on_call(method, params, result)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:
                log.exception("on_call hook failed")
        return _reply({"ok": True, "result": result})

    async def _call(self, method: str, params: Json, files: dict[str, Upload]) -> Any:
        problems = self.spec.validate(method, params)
        if problems:
            self.violations += [f"{method}: {p}" for p in problems]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise bad_request(problems[0] + more, violation=False)  # recorded one by one just above
        chat = self.limits.chat_of(method, params)
        now = self.limits.clock()
        if chat is not None and self.limits.checked:
            seconds = self.limits.refusal(method, chat, now)
            if seconds is not None:
                raise ApiError(
                    429, f"Too Many Requests: retry after {seconds}", parameters={"retry_after": seconds}
                )
        result = self._methods.get(method, partial(self._generic, method))(params, files)
        if inspect.isawaitable(result):
            result = await result
        if chat is not None:
            self.limits.count(chat, now)
        return copy.deepcopy(result)

    def _error(self, method: str, error: ApiError) -> web.Response:
        if error.violation:
            self.violations.append(f"{method}: {error.description.removeprefix('Bad Request: ')}")
        body: Json = {"ok": False, "error_code": error.code, "description": error.description}
        if error.parameters:
            body["parameters"] = error.parameters
        return _reply(body, error.code)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        for record in self._files.values():
            if record["file_path"] == request.match_info["path"]:
                return web.Response(body=record["data"], content_type=record["mime_type"])
        return web.Response(status=404)

    # Updates: long polling and webhook

    def _me(self) -> Json:
        return {
            **self.bot,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, p: Json, files: dict[str, Upload]) -> list[Json]:
        if self.webhook is not None:
            raise _webhook_conflict()
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # an older long poll still waiting is terminated, as Telegram does
        if "allowed_updates" in p:
            self._allowed_updates = p["allowed_updates"]
        offset = p.get("offset", 0)
        if offset < 0:  # keep only the last -offset updates; the rest are forgotten
            del self._pending[: max(0, len(self._pending) + offset)]
        elif offset:
            self._confirm([u for u in self._pending if u["update_id"] < offset])
        limit = min(max(p.get("limit", 100), 1), 100)
        deadline = asyncio.get_running_loop().time() + max(p.get("timeout", 0), 0)
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409, "Conflict: terminated by other getUpdates request; make sure that only one bot "
                    "instance is running"
                )  # fmt: skip
            if self.webhook is not None:
                raise _webhook_conflict()
            ready = self._deliverable(limit)
            remaining = deadline - asyncio.get_running_loop().time()
            if ready or remaining <= 0 or self._stopping:
                return ready
            await self._wait_change(remaining)

    def _set_webhook(self, p: Json, files: dict[str, Upload]) -> bool:
        url = p["url"]
        if not url:
            return self._delete_webhook(p, files)
        if not url.startswith(("https://", "http://")):  # http is let through for local test servers
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not _SECRET.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        if not 1 <= p.get("max_connections", 40) <= 100:
            raise bad_request("bad webhook: max_connections must be 1-100")
        if p.get("drop_pending_updates"):
            self._pending.clear()
        if "allowed_updates" in p:
            self._allowed_updates = p["allowed_updates"]
        self.webhook = {"url": url, "secret_token": secret, "max_connections": p.get("max_connections", 40)}
        self.webhook_last_error = None
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhook())
        return True

    def _delete_webhook(self, p: Json, files: dict[str, Upload]) -> bool:
        self.webhook = None
        if p.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _webhook_info(self, p: Json, files: dict[str, Upload]) -> Json:
        info: Json = {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._pending)}
        if self.webhook is not None:
            info.update(url=self.webhook["url"], max_connections=self.webhook["max_connections"])
            info["ip_address"] = "127.0.0.1"
            if self._allowed_updates:
                info["allowed_updates"] = self._allowed_updates
        if self.webhook_last_error is not None:
            info["last_error_date"], info["last_error_message"] = self.webhook_last_error
        return info

    async def _deliver_webhook(self) -> None:
        """POST pending updates one at a time, in order; a failed one is retried until it gets a 2xx."""
        assert self._session is not None, "start() the emulator first"
        while self.webhook is not None and not self._stopping:
            ready = self._deliverable(1)
            if not ready:
                await self._wait_change(1.0)
                continue
            update, hook = ready[0], self.webhook
            headers = (
                {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]} if hook["secret_token"] else {}
            )
            try:
                async with self._session.post(hook["url"], json=update, headers=headers) as response:
                    ok = 200 <= response.status < 300
                    error = f"Wrong response from the webhook: {response.status} {response.reason}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                ok, error = False, f"Connection failed: {exc!r}"
            if ok:
                self._confirm([update])
            else:
                self.webhook_last_error = (int(time.time()), error)
                await asyncio.sleep(self.webhook_retry_delay)

    def _deliverable(self, limit: int) -> list[Json]:
        """Pending updates the bot asked for, oldest first; ones of other kinds are dropped."""
        allowed = set(self._allowed_updates) or None
        ready = []
        for update in list(self._pending):
            kind = _update_kind(update)
            if (kind not in allowed) if allowed else (kind in _NOT_BY_DEFAULT):
                self._pending.remove(update)
                continue
            ready.append(update)
            if len(ready) == limit:
                break
        return ready

    def _confirm(self, updates: list[Json]) -> None:
        for update in updates:
            self._confirmed.add(update["update_id"])
            self._pending = [u for u in self._pending if u is not update]
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._changed.wait()

    # Chats and messages

    def _chat(self, chat_id: int | str) -> Json:
        with contextlib.suppress(ValueError):
            chat_id = int(chat_id)
        if chat_id in self.users:
            user = self.users[chat_id]
            return {
                "id": chat_id,
                "type": "private",
                **{k: user[k] for k in ("first_name", "username") if k in user},
            }
        if chat_id in self.groups:
            return dict(self.groups[chat_id])
        if self.open_chats and isinstance(chat_id, int) and chat_id > 0:
            self.add_user(chat_id, f"用户{chat_id}")
            self.opened.append(chat_id)
            return self._chat(chat_id)
        raise bad_request("chat not found")

    def _target(self, p: Json) -> Json:
        """The chat a send goes to; a user who blocked the bot refuses it."""
        chat = self._chat(p["chat_id"])
        if chat["id"] in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _new_message(self, chat: Json, sender: Json, content: Json, reply_to: int | None = None) -> Json:
        chat_id = chat["id"]
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        message = {"message_id": message_id, "from": sender, "chat": chat, "date": int(time.time())}
        if reply_to is not None:
            replied = self._messages.get(chat_id, {}).get(reply_to)
            if replied is not None:
                message["reply_to_message"] = {k: v for k, v in replied.items() if k != "reply_to_message"}
        message.update({k: v for k, v in content.items() if v is not None})
        self._messages.setdefault(chat_id, {})[message_id] = message
        return message

    def _bot_message(self, p: Json, content: Json) -> Json:
        """A message from the bot for a send* call: target, reply, and markup handled alike."""
        chat = self._target(p)
        reply = p.get("reply_parameters") or {}
        replied = reply.get("message_id") in self._messages.get(chat["id"], {})
        if reply and not replied and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found", violation=False)
        markup = p.get("reply_markup")
        if markup is not None and "inline_keyboard" not in markup:
            # Reply keyboards belong to the chat, not the message: Telegram does not echo them back.
            self.reply_keyboards[chat["id"]] = markup
            markup = None
        return self._new_message(
            chat, dict(self.bot), {**content, "reply_markup": markup}, reply.get("message_id")
        )

    def _formatted(self, p: Json, key: str, entities_key: str) -> Json:
        """`key` and its entities as Telegram stores them: HTML parsed into plain text and entities."""
        text = p.get(key)
        if text is None:
            return {}
        entities = p.get(entities_key)
        if p.get("parse_mode") == "HTML":  # Markdown modes are stored as sent, unparsed
            try:
                text, entities = parse_html(text)
            except HtmlError as error:
                raise bad_request(str(error)) from None
        return {key: text, entities_key: entities or None}

    def _send_message(self, p: Json, files: dict[str, Upload]) -> Json:
        return self._bot_message(p, self._formatted(p, "text", "entities"))

    def _send_media(self, p: Json, files: dict[str, Upload]) -> Json:
        kind = next(k for k in MEDIA_KINDS if k in p)  # the one required media field of sendPhoto & co
        content = self._media(kind, p[kind], files)
        return self._bot_message(p, {**content, **self._formatted(p, "caption", "caption_entities")})

    def _send_media_group(self, p: Json, files: dict[str, Upload]) -> list[Json]:
        if not 2 <= len(p["media"]) <= 10:
            raise bad_request("media group must have 2-10 items")
        group_id = str(next(self._query_numbers))
        # Every item is checked before any is sent: an album arrives whole or not at all.
        contents = [
            {
                **self._media(item["type"], item["media"], files),
                **self._formatted(item, "caption", "caption_entities"),
            }
            for item in p["media"]
        ]
        return [self._bot_message(p, {**content, "media_group_id": group_id}) for content in contents]

    def _send_invoice(self, p: Json, files: dict[str, Upload]) -> Json:
        if not re.fullmatch(r"[A-Z]{3}", p["currency"]):
            raise bad_request("CURRENCY_INVALID")
        if not p["prices"]:
            raise bad_request("prices must not be empty")
        if p["currency"] == "XTR" and (p.get("provider_token") or len(p["prices"]) != 1):
            raise bad_request("payments in Telegram Stars take no provider_token and exactly one price")
        invoice = {
            "title": p["title"],
            "description": p["description"],
            "start_parameter": p.get("start_parameter", ""),
            "currency": p["currency"],
            "total_amount": sum(price["amount"] for price in p["prices"]),
        }
        return self._bot_message(p, {"invoice": invoice})

    def _send_chat_action(self, p: Json, files: dict[str, Upload]) -> bool:
        self._target(p)
        if p["action"] not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _generic(self, method: str, p: Json, files: dict[str, Upload]) -> Any:
        """Any other method: validated already; a send gives a plain message, everything else True."""
        if "Message" in self.spec.returns.get(method, ()) and "chat_id" in p and method.startswith("send"):
            return self._bot_message(p, self._formatted(p, "caption", "caption_entities"))
        return True

    # Editing and deleting

    def _editable(self, p: Json) -> Json:
        if "inline_message_id" in p:  # messages sent via inline mode are not kept
            raise bad_request("MESSAGE_ID_INVALID")
        if "chat_id" not in p or "message_id" not in p:
            raise bad_request("message identifier is not specified")
        message = self._messages.get(self._chat(p["chat_id"])["id"], {}).get(p["message_id"])
        if message is None:
            raise bad_request("message to edit not found", violation=False)
        if message["from"]["id"] != self.bot_id:
            raise bad_request("message can't be edited", violation=False)
        return message

    def _apply_edit(self, message: Json, content: Json, keys: tuple[str, ...], markup: Json | None) -> Json:
        """Replace `keys` and the inline keyboard; Telegram refuses an edit that changes nothing."""
        before = [message.get(k) for k in keys] + [message.get("reply_markup")]
        if before == [content.get(k) for k in keys] + [markup]:
            raise ApiError(400, NOT_MODIFIED)
        for key in (*keys, "reply_markup"):
            message.pop(key, None)
        message.update({k: v for k, v in {**content, "reply_markup": markup}.items() if v is not None})
        message["edit_date"] = int(time.time())
        return message

    def _edit_text(self, p: Json, files: dict[str, Upload]) -> Json:
        message = self._editable(p)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit", violation=False)
        if "text" not in p:
            raise bad_request("message text is empty")
        content = self._formatted(p, "text", "entities")
        return self._apply_edit(message, content, ("text", "entities"), p.get("reply_markup"))

    def _edit_caption(self, p: Json, files: dict[str, Upload]) -> Json:
        message = self._editable(p)
        if not any(k in message for k in MEDIA_KINDS):
            raise bad_request("there is no caption in the message to edit", violation=False)
        content = self._formatted(p, "caption", "caption_entities")
        return self._apply_edit(message, content, ("caption", "caption_entities"), p.get("reply_markup"))

    def _edit_reply_markup(self, p: Json, files: dict[str, Upload]) -> Json:
        return self._apply_edit(self._editable(p), {}, (), p.get("reply_markup"))

    def _edit_media(self, p: Json, files: dict[str, Upload]) -> Json:
        message = self._editable(p)
        if not any(k in message for k in MEDIA_KINDS):
            raise bad_request("there is no media in the message to edit", violation=False)
        media = p["media"]
        content = self._media(media["type"], media["media"], files)
        content.update(self._formatted(media, "caption", "caption_entities"))
        keys = (*MEDIA_KINDS, "caption", "caption_entities")
        return self._apply_edit(message, content, keys, p.get("reply_markup"))

    def _delete_message(self, p: Json, files: dict[str, Upload]) -> bool:
        chat_messages = self._messages.get(self._chat(p["chat_id"])["id"], {})
        if chat_messages.pop(p["message_id"], None) is None:
            raise bad_request("message to delete not found", violation=False)
        return True

    def _delete_messages(self, p: Json, files: dict[str, Upload]) -> bool:
        chat_messages = self._messages.get(self._chat(p["chat_id"])["id"], {})
        for message_id in p["message_ids"]:
            chat_messages.pop(message_id, None)
        return True

    # Files

    def _media(self, kind: str, value: str | Upload, files: dict[str, Upload]) -> Json:
        """Message content for a photo/document/...: from an upload, attach://name, a URL or a file_id."""
        if kind not in MEDIA_KINDS:
            raise bad_request(f"media of type {kind!r} is not supported by the emulator")
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"no file part for {value}")
            value = upload
        if isinstance(value, Upload):
            record = self._new_file(kind, value)
        elif value.startswith(("http://", "https://")):  # Telegram would download it; any URL will do here
            record = self._new_file(kind, Upload(value.rsplit("/", 1)[-1], "", b""))
        elif value in self._files:
            record = self._files[value]
            if record["kind"] != kind:
                raise bad_request(
                    f"can't use file of type {record['kind'].capitalize()} as {kind.capitalize()}"
                )
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return copy.deepcopy({kind: record["sizes"]} if kind == "photo" else {kind: record["meta"]})

    def _new_file(self, kind: str, upload: Upload) -> Json:
        n = next(self._file_numbers)
        file_id = f"emu-{kind}-{n}"
        ids = {"file_id": file_id, "file_unique_id": f"emu{n}", "file_size": len(upload.data)}
        record: Json = {"kind": kind, "data": upload.data, "mime_type": upload.content_type or "image/jpeg"}
        record.update(ids, file_path=f"{kind}s/file_{n}")
        if kind == "photo":
            small = {
                **ids,
                "file_id": f"{file_id}-s",
                "file_unique_id": f"emu{n}s",
                "width": 90,
                "height": 90,
            }
            record["sizes"] = [small, {**ids, "width": 1280, "height": 960}]
            self._files[small["file_id"]] = record
        else:
            record["meta"] = {**ids, **_MEDIA_EXTRA.get(kind, {})}
            if kind == "document":
                record["meta"].update(file_name=upload.filename or "file", mime_type=record["mime_type"])
        self._files[file_id] = record
        return record

    def _get_file(self, p: Json, files: dict[str, Upload]) -> Json:
        record = self._files.get(p["file_id"])
        if record is None:
            raise bad_request("invalid file_id")
        return {k: record[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}

    # Queries, commands, chat info

    def _answer_callback(self, p: Json, files: dict[str, Upload]) -> bool:
        query_id = p["callback_query_id"]
        if query_id not in self._open_callbacks:  # unknown, or answered already
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        self._open_callbacks.discard(query_id)
        self.callback_answers[query_id] = dict(p)
        return True

    def _answer_inline(self, p: Json, files: dict[str, Upload]) -> bool:
        query_id = p["inline_query_id"]
        if query_id not in self._open_inline:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        ids = [result["id"] for result in p["results"]]
        if len(ids) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        if len(set(ids)) != len(ids):
            raise bad_request("RESULT_ID_DUPLICATE")
        self._open_inline.discard(query_id)
        self.inline_answers[query_id] = dict(p)
        return True

    def _answer_pre_checkout(self, p: Json, files: dict[str, Upload]) -> bool:
        query_id = p["pre_checkout_query_id"]
        if query_id not in self._open_checkouts:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        if not p["ok"] and not p.get("error_message"):
            raise bad_request("error_message is required when ok is False")
        self._open_checkouts.discard(query_id)
        self.pre_checkout_answers[query_id] = dict(p)
        return True

    def _set_commands(self, p: Json, files: dict[str, Upload]) -> bool:
        if len(p["commands"]) > 100:
            raise bad_request("too many commands (at most 100)")
        for command in p["commands"]:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                raise bad_request(f"BOT_COMMAND_INVALID: {command['command']!r}")
        if not re.fullmatch(r"([a-z]{2})?", p.get("language_code", "")):
            raise bad_request(f"invalid language code {p['language_code']!r} (two letters, ISO 639-1)")
        self.commands[_scope_key(p)] = p["commands"]
        return True

    def _delete_commands(self, p: Json, files: dict[str, Upload]) -> bool:
        self.commands.pop(_scope_key(p), None)
        return True

    def _set_menu_button(self, p: Json, files: dict[str, Upload]) -> bool:
        if "chat_id" in p:
            self._chat(p["chat_id"])
        self.menu_buttons[p.get("chat_id")] = p.get("menu_button", {"type": "default"})
        return True

    def _menu_button(self, chat_id: int | None) -> Json:
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "default"}

    def _get_chat(self, p: Json, files: dict[str, Upload]) -> Json:
        gifts = (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        )
        return {
            **self._chat(p["chat_id"]),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(gifts, False),
        }

    def _get_chat_member(self, p: Json, files: dict[str, Upload]) -> Json:
        chat = self._chat(p["chat_id"])
        user_id = p["user_id"]
        if user_id == self.bot_id:
            return {"status": "member", "user": dict(self.bot)}
        if user_id not in self.users or (chat["type"] == "private" and chat["id"] != user_id):
            raise bad_request("user not found", violation=False)
        return {"status": "member", "user": dict(self.users[user_id])}

    # The users' side

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        last_name: str | None = None,
    ) -> Json:
        """A Telegram user; their private chat with the bot has the same id."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "last_name": last_name}
        user.update(username=username, language_code=language_code)
        self.users[user_id] = {k: v for k, v in user.items() if v is not None}
        return dict(self.users[user_id])

    def add_group(self, chat_id: int, title: str) -> Json:
        """A group chat the bot is in; group ids are negative."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        self.groups[chat_id] = {"id": chat_id, "type": "group", "title": title}
        return dict(self.groups[chat_id])

    def block(self, user_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot: sends to them get 403, and the bot gets a my_chat_member update."""
        self.blocked.add(user_id)
        if notify:
            self._push_member_change(user_id, "member", "kicked")

    def unblock(self, user_id: int, *, notify: bool = True) -> None:
        self.blocked.discard(user_id)
        if notify:
            self._push_member_change(user_id, "kicked", "member")

    def _push_member_change(self, user_id: int, old: str, new: str) -> None:
        def member(status: str) -> Json:
            return {
                "status": status,
                "user": dict(self.bot),
                **({"until_date": 0} if status == "kicked" else {}),
            }

        change = {"chat": self._chat(user_id), "from": self._user(user_id), "date": int(time.time())}
        self.push_update(
            {"my_chat_member": {**change, "old_chat_member": member(old), "new_chat_member": member(new)}}
        )

    def _user(self, user_id: int) -> Json:
        if user_id not in self.users:
            raise KeyError(f"unknown user {user_id}: add_user() first")
        return dict(self.users[user_id])

    async def send_content(self, user_id: int, content: Json, *, chat_id: int | None = None) -> Json:
        """The user sends a message with `content` (text, photo, sticker, ...) to the bot."""
        chat = self._chat(user_id if chat_id is None else chat_id)
        message = self._new_message(chat, self._user(user_id), content)
        return await self._arrive({"message": copy.deepcopy(message)})

    async def send_text(self, user_id: int, text: str, *, chat_id: int | None = None) -> Json:
        """A text message; /commands (also `/start payload` deep links) get bot_command entities."""
        entities = [
            {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
            for m in _COMMAND.finditer(text)
        ]
        return await self.send_content(user_id, {"text": text, "entities": entities or None}, chat_id=chat_id)

    async def send_photo(
        self, user_id: int, caption: str | None = None, *, chat_id: int | None = None
    ) -> Json:
        content = self._media("photo", Upload("photo.jpg", "image/jpeg", b"\xff\xd8\xff\xe0emu"), {})
        return await self.send_content(user_id, {**content, "caption": caption}, chat_id=chat_id)

    async def send_sticker(self, user_id: int, emoji: str = "👍", *, chat_id: int | None = None) -> Json:
        n = next(self._file_numbers)
        sticker = {
            "file_id": f"emu-sticker-{n}",
            "file_unique_id": f"emu{n}",
            "type": "regular",
            "emoji": emoji,
        }
        sticker.update(width=512, height=512, is_animated=False, is_video=False)
        return await self.send_content(user_id, {"sticker": sticker}, chat_id=chat_id)

    async def send_location(
        self, user_id: int, latitude: float = 29.56, longitude: float = 106.55, *, chat_id: int | None = None
    ) -> Json:
        location = {"latitude": latitude, "longitude": longitude}
        return await self.send_content(user_id, {"location": location}, chat_id=chat_id)

    async def send_document(
        self,
        user_id: int,
        filename: str = "file.pdf",
        data: bytes = b"%PDF-1.4",
        *,
        chat_id: int | None = None,
    ) -> Json:
        content = self._media("document", Upload(filename, "application/pdf", data), {})
        return await self.send_content(user_id, content, chat_id=chat_id)

    async def tap(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        forged: bool = False,
        chat_id: int | None = None,
    ) -> Json:
        """The user taps an inline button; only a button that is there, unless `forged`."""
        chat = self._chat(user_id if chat_id is None else chat_id)
        message = self._messages.get(chat["id"], {}).get(message_id)
        if message is None or message["from"]["id"] != self.bot_id:
            raise ValueError(f"no bot message {message_id} in chat {chat['id']}")
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        data = [key.get("callback_data") for row in rows for key in row]
        if not forged and callback_data not in data:
            raise ValueError(
                f"message {message_id} has no button with callback_data {callback_data!r}: {data}"
            )
        query_id = str(next(self._query_numbers))
        self._open_callbacks.add(query_id)
        query = {"id": query_id, "from": self._user(user_id), "message": copy.deepcopy(message)}
        query.update(chat_instance=str(abs(chat["id"]) * 7919 % 2**62), data=callback_data)
        return await self._arrive({"callback_query": query})

    async def inline_query(
        self, user_id: int, query: str, offset: str = "", *, chat_type: str = "sender"
    ) -> Json:
        query_id = str(next(self._query_numbers))
        self._open_inline.add(query_id)
        inline = {"id": query_id, "from": self._user(user_id), "query": query, "offset": offset}
        return await self._arrive({"inline_query": {**inline, "chat_type": chat_type}})

    async def pre_checkout(
        self, user_id: int, invoice_payload: str, total_amount: int, currency: str = "CNY"
    ) -> Json:
        query_id = str(next(self._query_numbers))
        self._open_checkouts.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "currency": currency,
            "total_amount": total_amount,
        }
        return await self._arrive({"pre_checkout_query": {**query, "invoice_payload": invoice_payload}})

    async def successful_payment(
        self,
        user_id: int,
        invoice_payload: str,
        total_amount: int,
        currency: str = "CNY",
        telegram_payment_charge_id: str | None = None,
        provider_payment_charge_id: str | None = None,
    ) -> Json:
        n = next(self._query_numbers)
        payment = {"currency": currency, "total_amount": total_amount, "invoice_payload": invoice_payload}
        charge = f"{self._charge_prefix}-{n}"
        payment["telegram_payment_charge_id"] = telegram_payment_charge_id or f"tg-charge-{charge}"
        payment["provider_payment_charge_id"] = provider_payment_charge_id or f"provider-charge-{charge}"
        return await self.send_content(user_id, {"successful_payment": payment})

    async def _arrive(self, update: Json) -> Json:
        """A user's action reaches Telegram: queued, and a waiting long poll may answer before the
        next user acts (many simulated users act from one event loop; real ones do not wait on
        each other)."""
        update = self.push_update(update)
        await asyncio.sleep(0)
        return update

    def push_update(self, update: Json) -> Json:
        """Queue a raw update; it gets the next update_id unless it has one (re-deliveries keep theirs)."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update = {"update_id": self._last_update_id + 1, **update}
        self._last_update_id = max(self._last_update_id, update["update_id"])
        self._pending.append(update)
        self._notify()
        return copy.deepcopy(update)

    # Observation

    def messages(self, chat_id: int) -> list[Json]:
        """The bot's messages in the chat as they are now (edits applied, deleted ones gone), oldest first."""
        return [
            copy.deepcopy(m)
            for m in self._messages.get(chat_id, {}).values()
            if m["from"]["id"] == self.bot_id
        ]

    def message(self, chat_id: int, message_id: int) -> Json | None:
        message = self._messages.get(chat_id, {}).get(message_id)
        return copy.deepcopy(message) if message is not None else None

    @property
    def pending_updates(self) -> list[Json]:
        return copy.deepcopy(self._pending)

    def updates_confirmed(self, update_id: int) -> bool:
        """Whether the bot acknowledged the update: a later getUpdates offset, or a 2xx webhook answer."""
        return update_id in self._confirmed

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0, *, what: str = "") -> Any:  # noqa: ASYNC109
        """Wait until `predicate()` (may be async) is truthy and return it; re-checked on every change."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [method for method, _ in self.calls[-8:]]
                raise TimeoutError(
                    f"waited {timeout}s for {what or getattr(predicate, '__name__', 'a condition')}; "
                    f"pending updates {[u['update_id'] for u in self._pending]}, last calls {recent}, "
                    f"violations {self.violations}"
                )
            # Other state (the bot's own) changes without telling us: poll as well.
            await self._wait_change(min(remaining, 0.05))


def _scope_key(p: Json) -> tuple[str, str]:
    scope = p.get("scope") or {"type": "default"}
    where = "".join(f":{scope[k]}" for k in ("chat_id", "user_id") if k in scope)
    return scope["type"] + where, p.get("language_code", "")


def _update_kind(update: Json) -> str:
    return next((k for k in update if k != "update_id"), "")


def _webhook_conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    )


def _reply(body: Json, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=partial(json.dumps, ensure_ascii=False))


async def _read_params(request: web.Request) -> tuple[Json, dict[str, Upload], bool]:
    """Parameters (query string, then body) and file parts; `typed` when a JSON body gave real types."""
    raw: Json = dict(request.query)
    files: dict[str, Upload] = {}
    if request.method == "GET" or not request.can_read_body:
        return raw, files, False
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, Mapping):
            raise ValueError("a JSON body must be an object")
        return {**raw, **body}, files, True
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files[key] = Upload(value.filename, value.content_type, value.file.read())
        else:
            raw[key] = value
    return raw, files, False
