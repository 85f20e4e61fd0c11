"""Answers to callback, inline and pre-checkout queries; commands, the menu button and chat info."""

from __future__ import annotations

import re

from .common import (
    Json,
    bad_request,
    scope_key,
)
from .spec import Upload


class Queries:
    """Answers to callback, inline and pre-checkout queries; commands, the menu button and chat info."""

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
        self.commands[scope_key(p)] = p["commands"]
        return True

    def _delete_commands(self, p: Json, files: dict[str, Upload]) -> bool:
        self.commands.pop(scope_key(p), None)
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
