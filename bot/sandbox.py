"""`aixin sandbox`: the real bot against the local Bot API emulator, as a chat in this terminal.

Messages are printed, buttons are numbered; what can be typed is HELP (`:help`). With input piped,
lines are played in order and the sandbox exits at the end of input, so
`printf '/start\\n1\\n' | aixin sandbox` replays a demo.
"""

from __future__ import annotations

import asyncio
import codecs
import html
import os
import re
import sys
import threading
from datetime import UTC, datetime

from bot.telegram import photos
from handlers import dialog
from store import catalog, demo, media, members

from . import demo_photos
from .app import AixinApplication, build_application
from .lock import one_process
from .serve import running
from .settings import Settings
from .store_setup import open_store
from .telegram.emulator import BotApiEmulator

_TAG = re.compile(r"<[^>]+>")
_WAIT_SECONDS = 30
_NOTICE_CHARACTERS = 160  # a message to someone else is shown on one line, cut here
_NOTICES_SHOWN = 5  # messages to others shown at a time (a broadcast reaches hundreds)

HELP = """\
  a number      taps that button of the newest message that has buttons — except where the
                bot's question asks for a number (places, an amount, a price, stock): there a
                number you type is the answer
  :tap N        taps button N even so;  :tap MSG N  taps button N of the older message bot #MSG
  any text      is sent as a message; /start and the other commands too
  @words        tries inline mode
  :photo words  sends a photo (the words as its caption);  :sticker  sends a sticker
  :as USER_ID   carries on as another Telegram user (a supplier, an organiser, an admin);
                what the bot sends to others meanwhile is shown as  → to USER_ID: …
  :help         this;  :quit (or Ctrl-D)  leaves"""


SIMULATED_PROVIDER = "sandbox:simulated-provider"


async def sandbox(settings: Settings, *, user_id: int, offline: bool = False) -> int:
    # A second sandbox (or `aixin run`) on the same SQLite file is refused (bot/lock.py); on
    # PostgreSQL each sandbox polls an emulator of its own, so none is in another's way.
    async with one_process(settings.database_url, poll_token=None):
        return await _sandbox(settings, user_id=user_id, offline=offline)


async def _sandbox(settings: Settings, *, user_id: int, offline: bool) -> int:
    db = await open_store(settings.database_url)
    async with db.begin() as session:
        if not (await catalog.products_page(session, per_page=1)).total:
            loaded = await demo.seed(session)
            loaded["reviews"] = await demo.seed_community(session, now=datetime.now(UTC))
            print(f"empty database: loading the demo catalog … {loaded}")
        if drawn := await demo_photos.give_photos(session, media_dir=settings.media_path):
            print(f"demo pictures for {drawn} demo products, under {settings.media_path}")
        # This run's emulator knows no file an earlier run uploaded: the pictures go up again.
        await media.forget_door(session, door=photos.DOOR)
    # Notices go to people this run has not played yet (a supplier, the admins): shown, not refused.
    emulator = BotApiEmulator(bot_username="aixin_sandbox_bot", open_chats=True)
    await emulator.start()
    settings = settings.model_copy(
        update={
            "telegram_bot_token": emulator.token,
            "telegram_api_base_url": emulator.base_url,
            "webhook_url": "",
            "payment_provider_token": "" if offline else SIMULATED_PROVIDER,
        }
    )
    application = build_application(settings, db)
    application.track_processed = True
    emulator.add_user(user_id, "体验用户", username="sandbox_member", language_code="zh-hans")
    terminal = Terminal(emulator, application, user_id)
    try:
        async with running(application, settings, poll_timeout=1):
            print(f"爱心购 sandbox · database {settings.database_url} · you are Telegram user {user_id}")
            print("type /start to begin; a number taps a button; :help says more; Ctrl-D or :quit leaves")
            await terminal.loop()
        terminal.show_elsewhere()  # what went out to others while leaving
    finally:
        await emulator.stop()
        await db.dispose()
    for violation in emulator.violations:
        print(f"Bot API violation: {violation}", file=sys.stderr)
    return 1 if emulator.violations else 0


class Terminal:
    """Plays one member's side of the chat in the terminal."""

    def __init__(self, emulator: BotApiEmulator, application, user_id: int) -> None:
        self.emulator = emulator
        self.application = application
        self.user_id = user_id
        self.seen: dict[int, tuple] = {}  # this chat's messages as last printed
        self.printed: set[tuple[int, int]] = set()  # (chat, message) of every chat, printed once
        self.buttons: list[tuple[int, dict]] = []
        self.interactive = sys.stdin.isatty()

    async def loop(self) -> None:
        """Until the end of input or :quit."""
        lines: asyncio.Queue[str] = asyncio.Queue()
        reader = threading.Thread(
            target=read_lines, args=(asyncio.get_running_loop(), lines), name="sandbox-input", daemon=True
        )
        reader.start()
        while True:
            if self.interactive:
                print("> ", end="", flush=True)
            line = await lines.get()
            if not line:
                return
            line = line.strip()
            if not line:
                continue
            if not self.interactive:
                print(f"> {line}")
            if line == ":quit":
                return
            await self.act(line)

    async def act(self, line: str) -> None:
        if line.startswith(":as ") and line[4:].strip().isdecimal():
            self.user_id = int(line[4:].strip())
            self.emulator.add_user(self.user_id, f"用户{self.user_id}", language_code="zh-hans")
            print(f"  (you are now Telegram user {self.user_id})")
            self.seen.clear()
            self.buttons = []  # another chat's
            await self.show({})
            return
        if line == ":help":
            print(HELP)
            return
        if line == ":tap" or line.startswith(":tap "):
            if (key := self.button_of(line[4:].split())) is not None:
                await self.tap(*key)
            return
        if line.isdecimal() and 1 <= int(line) <= len(self.buttons) and not await self.asks_number():
            await self.tap(*self.buttons[int(line) - 1])
            return
        if line.startswith("@"):
            update = await self.emulator.inline_query(self.user_id, line[1:].strip())
        elif line == ":photo" or line.startswith(":photo "):  # a photo, the rest as its caption
            update = await self.emulator.send_photo(self.user_id, line[7:].strip() or None)
        elif line == ":sticker":  # junk where a review or a nomination asks for a photo
            update = await self.emulator.send_sticker(self.user_id)
        else:
            update = await self.emulator.send_text(self.user_id, line)
        await self.answered(update)

    def button_of(self, words: list[str]) -> tuple[int, dict] | None:
        """`:tap N` (of the buttons offered now) or `:tap MSG N` (of the message bot #MSG)."""
        if not words or len(words) > 2 or not all(word.isdecimal() for word in words):
            print("  (:tap N taps button N; :tap MSG N taps button N of the message bot #MSG)")
            return None
        number = int(words[-1])
        if len(words) == 1:
            keys = self.buttons
            where = "offered now" if keys else "is offered now"
        else:
            message = self.emulator.message(self.user_id, int(words[0]))
            if message is None or message["from"]["id"] != self.emulator.bot_id:
                print(f"  (there is no message bot #{words[0]} in this chat)")
                return None
            keys = buttons(message)
            where = f"under bot #{words[0]}" if keys else f"is under bot #{words[0]}"
        if not 1 <= number <= len(keys):
            print(f"  (no button [{number}]: {len(keys)} {where})" if keys else f"  (no button {where})")
            return None
        return keys[number - 1]

    async def asks_number(self) -> bool:
        """Whether the bot's question asks for a number, so that a number typed is its answer."""
        async with self.application.bot_data.db.read() as session:
            member = await members.by_telegram_id(session, self.user_id)
        return member is not None and dialog.asks_number(member.dialog, member.dialog_data)

    async def tap(self, message_id: int, key: dict) -> None:
        if key.get("pay"):
            answer = await pay_invoice(self.emulator, self.application, self.user_id)
            if answer and not answer.get("ok"):
                print(f"  [!] {answer.get('error_message')}")
            await self.show({})
            return
        if "callback_data" in key:
            update = await self.emulator.tap(self.user_id, message_id, key["callback_data"])
        elif "switch_inline_query" in key:
            update = await self.emulator.inline_query(self.user_id, key["switch_inline_query"])
        else:
            print(f"  (opens {key.get('url', '?')})")
            return
        await self.answered(update)

    async def answered(self, update: dict) -> None:
        """Once the bot has handled `update` and sent what it wrote: what changed."""
        try:
            async with asyncio.timeout(_WAIT_SECONDS):
                await self.application.wait_processed(update["update_id"])
        except TimeoutError:
            print("  (the bot did not answer in time)")
        await self.show(update)

    async def show(self, update: dict) -> None:
        """Print what the bot sent others, then what changed in this chat, callback and inline
        answers, and number the buttons."""
        self.show_elsewhere()
        if "callback_query" in update:
            answer = self.emulator.callback_answers.get(update["callback_query"]["id"], {})
            if answer.get("text"):
                print(f"  [{'!' if answer.get('show_alert') else 'i'}] {answer['text']}")
        if "inline_query" in update:
            answer = self.emulator.inline_answers.get(update["inline_query"]["id"], {})
            results = answer.get("results", [])
            print(f"  inline: {len(results)} result(s)")
            for result in results[:10]:
                print(f"   · {result.get('title')} — {result.get('description', '')}")
        messages = self.emulator.messages(self.user_id)
        offered = self.buttons[0][0] if self.buttons else None
        fresh = []  # what changed in this chat, to print
        for message in messages:
            self.printed.add((self.user_id, message["message_id"]))
            state = (message.get("text") or message.get("caption"), str(message.get("reply_markup")))
            if self.seen.get(message["message_id"]) != state:
                self.seen[message["message_id"]] = state
                fresh.append(message)
        # Numbered: the buttons of what just changed (an older message a tap edited, too); else those
        # offered before, as they are now; else the newest message's that has any.
        changed = next((m["message_id"] for m in reversed(fresh) if buttons(m)), None)
        by_id = {message["message_id"]: message for message in messages}
        self.buttons = []
        for message_id in (changed, offered, *reversed(by_id)):
            if message_id in by_id and (keys := buttons(by_id[message_id])):
                self.buttons = keys
                break
        owner = self.buttons[0][0] if self.buttons else None
        for message in fresh:
            print(render(message))
            if message["message_id"] != owner and (keys := buttons(message)):
                # Another message's buttons, as Telegram would show them too: `:tap MSG N` taps one.
                labels = "  ".join(f"[{i}] {key['text']}" for i, (_, key) in enumerate(keys, start=1))
                print(f"  {labels}   (:tap {message['message_id']} N)")
        if self.buttons:
            labels = "  ".join(f"[{i}] {key['text']}" for i, (_, key) in enumerate(self.buttons, start=1))
            owner = self.buttons[0][0]
            if messages and messages[-1]["message_id"] != owner:  # they belong to an older message
                labels = f"↑ #{owner}: {labels}"
            print(f"  {labels}")
            if await self.asks_number():
                print("  (a number you type answers the question; :tap N taps button N)")

    def show_elsewhere(self) -> None:
        """The bot's new messages to other people (a supplier's new order, an admin's notice), one
        line each: `:as USER_ID` shows them in full, with their buttons."""
        new = [
            (chat_id, message)
            for chat_id in list(self.emulator.users)
            if chat_id != self.user_id
            for message in self.emulator.messages(chat_id)
            if (chat_id, message["message_id"]) not in self.printed
        ]
        for chat_id, message in new:
            self.printed.add((chat_id, message["message_id"]))
        for chat_id, message in new[:_NOTICES_SHOWN]:
            print(f"  → to {chat_id}: {one_line(message)}")
        if len(new) > _NOTICES_SHOWN:  # a broadcast
            people = len({chat_id for chat_id, _ in new[_NOTICES_SHOWN:]})
            print(f"  → … and {len(new) - _NOTICES_SHOWN} more to {people} other people")


def read_lines(loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str]) -> None:
    """Put each line of standard input on `lines`, then "" at its end.

    A daemon thread reading the descriptor itself: a read left waiting (in the loop's executor, or
    holding sys.stdin's lock) kept the process from ending after Ctrl-C until Enter was pressed."""
    decoder = codecs.getincrementaldecoder(sys.stdin.encoding or "utf-8")(errors="replace")
    pending = ""
    while True:
        try:
            chunk = os.read(sys.stdin.fileno(), 65536)
        except (OSError, ValueError):  # no standard input (closed, or none at all)
            chunk = b""
        pending += decoder.decode(chunk, final=not chunk)
        *complete, pending = pending.split("\n")
        read = [line + "\n" for line in complete]
        if not chunk:  # the last line, if it had no newline, and the end
            read += [pending, ""] if pending else [""]
        try:
            for line in read:
                loop.call_soon_threadsafe(lines.put_nowait, line)
        except RuntimeError:  # the sandbox has ended meanwhile (:quit with more input piped)
            return
        if not chunk:
            return


def buttons(message: dict) -> list[tuple[int, dict]]:
    """A message's buttons in the order they are numbered: an invoice's is the simulated payment."""
    if "invoice" in message:
        return [(message["message_id"], {"text": "💳 支付（模拟支付）", "pay": True})]
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [(message["message_id"], key) for row in rows for key in row]


async def pay_invoice(emulator: BotApiEmulator, application: AixinApplication, user_id: int) -> dict | None:
    """Pay the newest invoice sent to `user_id`, as Telegram and a payment provider would.

    Returns the bot's answer to the pre-checkout query; the payment follows only if it said ok.
    """
    invoice = next(
        (
            p
            for method, p in reversed(emulator.calls)
            if method == "sendInvoice" and int(p["chat_id"]) == user_id
        ),
        None,
    )
    if invoice is None:
        return None
    total = sum(price["amount"] for price in invoice["prices"])
    update = await emulator.pre_checkout(user_id, invoice["payload"], total, invoice["currency"])
    async with asyncio.timeout(_WAIT_SECONDS):
        await application.wait_processed(update["update_id"])
    answer = emulator.pre_checkout_answers.get(update["pre_checkout_query"]["id"], {})
    if answer.get("ok"):
        update = await emulator.successful_payment(user_id, invoice["payload"], total, invoice["currency"])
        async with asyncio.timeout(_WAIT_SECONDS):
            await application.wait_processed(update["update_id"])
    return answer


def one_line(message: dict) -> str:
    if "invoice" in message:
        return f"🧾 invoice {message['invoice']['title']}"
    text = html.unescape(_TAG.sub("", message.get("text") or message.get("caption") or ""))
    text = ("🖼 (photo) " if message.get("photo") else "") + " / ".join(
        line.strip() for line in text.splitlines() if line.strip()
    )
    if len(text) > _NOTICE_CHARACTERS:
        text = text[: _NOTICE_CHARACTERS - 1] + "…"
    return " ".join([text, *(f"[{key['text']}]" for _, key in buttons(message))])


def render(message: dict) -> str:
    if "invoice" in message:
        invoice = message["invoice"]
        amount = f"{invoice['total_amount'] // 100}.{invoice['total_amount'] % 100:02d}"
        return f"  ┌─ bot #{message['message_id']} 🧾 invoice\n  │ {invoice['title']} · ¥{amount}\n  │ {invoice['description']}"
    text = message.get("text") or message.get("caption") or ""
    text = html.unescape(_TAG.sub("", text))
    photo = "🖼 (photo) " if message.get("photo") else ""
    body = "\n".join(f"  │ {line}" for line in (photo + text).splitlines())
    return f"  ┌─ bot #{message['message_id']}\n{body}"
