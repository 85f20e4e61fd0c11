"""`aixin sandbox`: the real bot against the local Bot API emulator, as a chat in this terminal.

Messages are printed, buttons are numbered; type a number to tap one, any other text to send it,
`@words` for an inline query, `:as USER_ID` to continue as another person (a supplier, an admin), `:photo caption` to send a photo.
Invoices are paid through a simulated payment provider unless `--offline` is given. With input piped, lines are played in order and the sandbox exits at
the end of input, so `printf '/start\\n1\\n' | aixin sandbox` replays a demo.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from datetime import UTC, datetime

from handlers import photos
from store import catalog, demo, media

from . import demo_photos
from .app import AixinApplication, build_application
from .emulator import BotApiEmulator
from .lock import one_process
from .serve import running
from .settings import Settings
from .store_setup import open_store

_TAG = re.compile(r"<[^>]+>")
_WAIT_SECONDS = 30


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
    emulator = BotApiEmulator(bot_username="aixin_sandbox_bot")
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
            print("type /start to begin; a number taps a button; @words tries inline mode; Ctrl-D leaves")
            await terminal.loop()
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
        self.seen: dict[int, tuple] = {}
        self.buttons: list[tuple[int, dict]] = []
        self.interactive = sys.stdin.isatty()

    async def loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if self.interactive:
                print("> ", end="", flush=True)
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                return
            line = line.strip()
            if not line:
                continue
            if not self.interactive:
                print(f"> {line}")
            await self.act(line)

    async def act(self, line: str) -> None:
        if line.startswith(":as ") and line[4:].strip().isdecimal():
            self.user_id = int(line[4:].strip())
            self.emulator.add_user(self.user_id, f"用户{self.user_id}", language_code="zh-hans")
            print(f"  (you are now Telegram user {self.user_id})")
            self.seen.clear()
            self.show({})
            return
        if line.isdecimal() and 1 <= int(line) <= len(self.buttons):
            message_id, key = self.buttons[int(line) - 1]
            if key.get("pay"):
                answer = await pay_invoice(self.emulator, self.application, self.user_id)
                if answer and not answer.get("ok"):
                    print(f"  [!] {answer.get('error_message')}")
                self.show({})
                return
            if "callback_data" in key:
                update = await self.emulator.tap(self.user_id, message_id, key["callback_data"])
            elif "switch_inline_query" in key:
                update = await self.emulator.inline_query(self.user_id, key["switch_inline_query"])
            else:
                print(f"  (opens {key.get('url', '?')})")
                return
        elif line.startswith("@"):
            update = await self.emulator.inline_query(self.user_id, line[1:].strip())
        elif line == ":photo" or line.startswith(":photo "):  # a photo, the rest as its caption
            update = await self.emulator.send_photo(self.user_id, line[7:].strip() or None)
        elif line == ":sticker":  # junk where a review or a nomination asks for a photo
            update = await self.emulator.send_sticker(self.user_id)
        else:
            update = await self.emulator.send_text(self.user_id, line)
        try:
            async with asyncio.timeout(_WAIT_SECONDS):
                await self.application.wait_processed(update["update_id"])
        except TimeoutError:
            print("  (the bot did not answer in time)")
        self.show(update)

    def show(self, update: dict) -> None:
        """Print what changed in the chat, callback and inline answers, and number the buttons."""
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
        for message in messages:
            state = (message.get("text") or message.get("caption"), str(message.get("reply_markup")))
            if self.seen.get(message["message_id"]) != state:
                self.seen[message["message_id"]] = state
                print(render(message))
        self.buttons = []
        for message in reversed(messages):
            if "invoice" in message:
                self.buttons = [(message["message_id"], {"text": "💳 支付（模拟支付）", "pay": True})]
                break
            rows = (message.get("reply_markup") or {}).get("inline_keyboard")
            if rows:
                self.buttons = [(message["message_id"], key) for row in rows for key in row]
                break
        if self.buttons:
            labels = "  ".join(f"[{i}] {key['text']}" for i, (_, key) in enumerate(self.buttons, start=1))
            owner = self.buttons[0][0]
            if messages and messages[-1]["message_id"] != owner:  # they belong to an older message
                labels = f"↑ #{owner}: {labels}"
            print(f"  {labels}")


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
