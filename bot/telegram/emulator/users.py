"""The users' side, driven in-process (a message, a tap, an inline query, a payment), and what a test
observes of the chats."""

from __future__ import annotations

import asyncio
import copy
import inspect
import time
from collections.abc import Callable
from typing import Any

from .common import (
    COMMAND,
    Json,
)
from .spec import Upload, utf16_len


class Users:
    """The users' side, driven in-process (a message, a tap, an inline query, a payment), and what a test"""

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
            for m in COMMAND.finditer(text)
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
