"""What the emulator's sections share: the JSON type, Telegram's error answers, constants and the
HTTP helpers."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from aiohttp import web

from .spec import Upload

log = logging.getLogger("bot.telegram.emulator")

Json = dict[str, Any]
CallHook = Callable[[str, Json, Any], Any]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
MEDIA_KINDS = ("photo", "document", "video", "animation", "audio")
# Fields PTB needs on media objects besides file_id/file_unique_id.
MEDIA_EXTRA: dict[str, Json] = {
    "video": {"width": 640, "height": 360, "duration": 1},
    "animation": {"width": 320, "height": 240, "duration": 1},
    "audio": {"duration": 1},
    "document": {},
}
# Telegram's default when a bot never chose: everything except these.
NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}  # fmt: skip
COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


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


def scope_key(p: Json) -> tuple[str, str]:
    scope = p.get("scope") or {"type": "default"}
    where = "".join(f":{scope[k]}" for k in ("chat_id", "user_id") if k in scope)
    return scope["type"] + where, p.get("language_code", "")


def update_kind(update: Json) -> str:
    return next((k for k in update if k != "update_id"), "")


def webhook_conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    )


def reply(body: Json, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=partial(json.dumps, ensure_ascii=False))


async def read_params(request: web.Request) -> tuple[Json, dict[str, Upload], bool]:
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
