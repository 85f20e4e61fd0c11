"""The emulator's updates: long polling, a second poller, a polling Application and webhooks."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from telegram import (
    Update,
)
from telegram.error import Conflict
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from .kit import ALICE, SECRET_HEADER, keyboard, post


async def test_get_updates_offsets_confirm_and_long_polls_wake_up(emu, bot):
    first = await emu.send_text(ALICE, "one")
    second = await emu.send_text(ALICE, "two")
    assert [u.update_id for u in await bot.get_updates()] == [first["update_id"], second["update_id"]]
    assert not emu.updates_confirmed(first["update_id"])
    assert [u.update_id for u in await bot.get_updates(offset=second["update_id"])] == [second["update_id"]]
    assert emu.updates_confirmed(first["update_id"]) and not emu.updates_confirmed(second["update_id"])

    waiting = asyncio.create_task(bot.get_updates(offset=second["update_id"] + 1, timeout=5))
    await asyncio.sleep(0.1)
    third = await emu.send_text(ALICE, "three")
    [got] = await asyncio.wait_for(waiting, 2)
    assert got.message.text == "three" and emu.updates_confirmed(second["update_id"])

    emu.push_update(third)  # the same update delivered again, with the same id
    again = await bot.get_updates(offset=third["update_id"])
    assert [u.update_id for u in again] == [third["update_id"]] * 2
    assert await bot.get_updates(offset=third["update_id"] + 1) == ()
    assert emu.updates_confirmed(third["update_id"])


async def test_a_second_poller_terminates_the_first(emu, bot):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    # Another client: PTB's own getUpdates connection pool would queue a second call behind the first.
    second = asyncio.create_task(post(emu, "getUpdates", json={"timeout": 1}))
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 2)
    assert await second == (200, {"ok": True, "result": []})


async def test_polling_application_answers_a_command_and_a_tap(emu):
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"hello {' '.join(context.args)}", reply_markup=keyboard("go"))

    async def go(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("going")
        await update.callback_query.edit_message_text("gone")

    application = Application.builder().token(emu.token).base_url(emu.base_url).build()
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(go))
    async with application:
        await application.start()
        await application.updater.start_polling(timeout=1)
        await emu.send_text(ALICE, "/start p_12")
        [menu] = await emu.wait_for(lambda: emu.messages(ALICE), what="the answer to /start")
        assert menu["text"] == "hello p_12"
        tap = await emu.tap(ALICE, menu["message_id"], "go")
        await emu.wait_for(lambda: emu.messages(ALICE)[0]["text"] == "gone", what="the edit")
        assert emu.callback_answers[tap["callback_query"]["id"]]["text"] == "going"
        await application.updater.stop()
        await application.stop()
    assert emu.updates_confirmed(tap["update_id"])
    assert "deleteWebhook" in [method for method, _ in emu.calls]


async def test_webhook_delivery_with_secret_retry_and_drop(emu, bot):
    received: list[tuple[str | None, dict]] = []
    statuses = iter([500])  # the first delivery fails and must be retried

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response(status=next(statuses, 200))

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        await emu.send_text(ALICE, "stale")
        await bot.set_webhook(url, secret_token="s3cret_-", drop_pending_updates=True)
        assert emu.pending_updates == []
        update = await emu.send_text(ALICE, "hello")
        await emu.wait_for(lambda: emu.updates_confirmed(update["update_id"]), what="the webhook delivery")
        assert received == [("s3cret_-", update), ("s3cret_-", update)]
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0 and "500" in info.last_error_message
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        await bot.delete_webhook()
        later = await emu.send_text(ALICE, "polling again")
        assert [u.update_id for u in await bot.get_updates()] == [later["update_id"]]
    finally:
        await runner.cleanup()


async def test_wait_for_explains_a_timeout(emu):
    with pytest.raises(TimeoutError, match="waited 0.1s for a reply"):
        await emu.wait_for(lambda: emu.messages(ALICE), timeout=0.1, what="a reply")


# The spec itself
