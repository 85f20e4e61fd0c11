"""Chats and the messages in them: sending, media groups, invoices, chat actions, editing and deleting."""

from __future__ import annotations

import contextlib
import re
import time
from typing import Any

from .common import (
    CHAT_ACTIONS,
    MEDIA_KINDS,
    NOT_MODIFIED,
    ApiError,
    Json,
    bad_request,
)
from .spec import HtmlError, Upload, parse_html


class Chats:
    """Chats and the messages in them: sending, media groups, invoices, chat actions, editing and deleting."""

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
        if p["action"] not in CHAT_ACTIONS:
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
