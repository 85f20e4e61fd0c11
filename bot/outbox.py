"""The broadcast sender's door to Telegram: one delivery as a message, and what came of it."""

from __future__ import annotations

import contextlib
import json
import time

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TelegramError

from bot.telegram import callbacks
from bot.telegram.render import keyboard
from handlers.broadcast import progress_rows, progress_text
from jobs.broadcast import Outcome
from locales import Translator
from store import broadcasts
from store.broadcast_models import Broadcast, BroadcastStatus, Delivery
from store.broadcasts import CAPTION_LIMIT, KINDS, TEXT_LIMIT

from .http_request import HttpRequest


class BotApiSend:
    """A `Send` for jobs.broadcast.Sender: one delivery as one JSON POST to the Bot API, without a
    rate limiter (the Pacer does the spacing).

    Not through python-telegram-bot's Bot, which the rest of the bot uses: at hundreds of sends a
    second the bot process is CPU-bound, and a Bot.send_message spent more than half of a send's
    CPU encoding the parameters one by one and building a Message from each answer, of which the
    sender keeps only message_id (0.65 ms against 0.29 ms a send, both over aiohttp then, against
    the emulator in another process). Answers map as PTB's errors did: 429 retry after retry_after,
    403 blocked, 400 failed, anything else (or no answer) retry with backoff.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        translator: Translator,
        bot_username: str,
        *,
        connections: int = 16,
        timeout: float = 10.0,
        proxy: str = "",
    ) -> None:
        self.url = f"{base_url}{token}"
        self.proxy = proxy  # TELEGRAM_PROXY_URL
        self.translator, self.bot_username = translator, bot_username
        self.connections, self.timeout = connections, timeout
        self._markups: dict[tuple[int, str | None], dict] = {}  # one per broadcast and language
        self._texts: dict[tuple[int, str | None], str] = {}  # an announcement's, likewise
        self._http: HttpRequest | httpx.AsyncClient | None = None

    async def __aenter__(self) -> BotApiSend:
        if self.proxy:
            limits = httpx.Limits(
                max_connections=self.connections, max_keepalive_connections=self.connections
            )
            self._http = httpx.AsyncClient(proxy=self.proxy, limits=limits, timeout=self.timeout)
        else:
            self._http = HttpRequest(connections=self.connections, timeout=self.timeout)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await (self._http.shutdown() if isinstance(self._http, HttpRequest) else self._http.aclose())

    async def _post(self, url: str, body: dict) -> tuple[int, bytes]:
        if isinstance(self._http, HttpRequest):
            return await self._http.post_json(url, body)
        try:  # through a proxy: httpx, as python-telegram-bot's own calls go then
            answer = await self._http.post(url, json=body)
        except httpx.HTTPError as error:
            raise NetworkError(f"{type(error).__name__}: {error}") from error
        return answer.status_code, answer.content

    async def __call__(self, broadcast: Broadcast, delivery: Delivery) -> Outcome:
        markup = self._markup(broadcast, delivery.locale)
        text = self._text(broadcast, delivery.locale)
        if broadcast.photo:
            method = "sendPhoto"
            body = {"chat_id": delivery.chat_id, "photo": broadcast.photo, "caption": text}
        else:
            method, body = "sendMessage", {"chat_id": delivery.chat_id, "text": text}
        body["reply_markup"] = markup
        try:
            _, answer = await self._post(f"{self.url}/{method}", body)
            answer = json.loads(answer)
        except (NetworkError, ValueError) as error:
            return Outcome("retry", error=f"{type(error).__name__}: {error}")
        if answer.get("ok"):
            return Outcome("sent", message_id=answer["result"]["message_id"])
        code, description = answer.get("error_code"), answer.get("description", "")
        if code == 429:
            retry_after = (answer.get("parameters") or {}).get("retry_after", 1)
            return Outcome("retry", retry_after=float(retry_after), error="429")
        if code == 403:
            return Outcome("blocked", error=description)
        if code == 400:
            return Outcome("failed", error=description)
        return Outcome("retry", error=f"{code}: {description}")

    def _text(self, broadcast: Broadcast, locale: str | None) -> str:
        """An announcement framed in the recipient's language (its values as its organiser wrote
        them); an organiser's own words as written."""
        if not broadcast.key:
            return broadcast.text
        if (text := self._texts.get((broadcast.id, locale))) is None:
            if len(self._texts) > 64:
                self._texts.clear()
            limit = CAPTION_LIMIT if broadcast.photo else TEXT_LIMIT
            text = self.translator.t(locale, broadcast.key, **(broadcast.args or {}))[:limit]
            self._texts[broadcast.id, locale] = text
        return text

    def _markup(self, broadcast: Broadcast, locale: str | None) -> dict:
        if (markup := self._markups.get((broadcast.id, locale))) is None:
            if len(self._markups) > 64:
                self._markups.clear()
            buttons = _buttons(broadcast, locale, self.translator, self.bot_username)
            markup = self._markups[broadcast.id, locale] = InlineKeyboardMarkup(buttons).to_dict()
        return markup


_CONTENT_BUTTONS = {
    "event": ("broadcast-sign-up", "ev-join"),
    "fair": ("broadcast-open-fair", "fair", 0),
    "story": ("broadcast-open-story", "story"),
}


def _buttons(broadcast: Broadcast, locale: str | None, translator: Translator, bot_username: str) -> list:
    rows = []
    if broadcast.button == "product":
        link = f"https://t.me/{bot_username}?start=p_{broadcast.button_id}"
        rows.append([InlineKeyboardButton(translator.t(locale, "broadcast-open-product"), url=link)])
    elif broadcast.button == "county":
        label = translator.t(locale, "broadcast-open-county")
        rows.append(
            [InlineKeyboardButton(label, callback_data=callbacks.make("county", broadcast.button_id, 0))]
        )
    elif broadcast.button in _CONTENT_BUTTONS:  # issue #6: 报名, a fair, a story
        key, action, *extra = _CONTENT_BUTTONS[broadcast.button]
        data = callbacks.make(action, broadcast.button_id, *extra)
        rows.append([InlineKeyboardButton(translator.t(locale, key), callback_data=data)])
    unsubscribe = translator.t(locale, "broadcast-unsubscribe", kind=broadcast.kind)
    rows.append(
        [
            InlineKeyboardButton(
                unsubscribe, callback_data=callbacks.make("unsub", KINDS.index(broadcast.kind))
            )
        ]
    )
    return rows


def progress_editor(bot: Bot, db, translator: Translator, *, every: float = 3.0):
    """An OnProgress that edits each broadcast's progress message, at most every `every` seconds
    (and always when it is done)."""
    last: dict[int, float] = {}

    async def edit(broadcast_ids: set[int]) -> None:
        now = time.monotonic()
        async with db.read() as session:
            for broadcast_id in broadcast_ids:
                broadcast = await session.get(Broadcast, broadcast_id)
                finished = broadcast.status != BroadcastStatus.sending
                if broadcast.progress_message_id is None or (
                    not finished and now - last.get(broadcast_id, 0) < every
                ):
                    continue
                last[broadcast_id] = now
                counts = await broadcasts.progress(session, broadcast_id=broadcast_id)
                text = progress_text(translator, None, broadcast, counts)
                markup = keyboard(progress_rows(translator, None, broadcast))
                with contextlib.suppress(TelegramError):  # not modified, or the message is gone
                    await bot.edit_message_text(
                        text, broadcast.progress_chat_id, broadcast.progress_message_id, reply_markup=markup
                    )

    return edit
