"""The HTTP server every door shares (aiohttp): Telegram's webhook is its first route.

A request is judged before its body is read: without the right secret it gets 403, with a
Content-Length past MAX_UPDATE_BYTES 413, and a body without a length is cut off at that size
(413) while it is read. So a stranger's 95 MB upload costs no memory: aiohttp reads what follows a
refusal in small pieces and drops them.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

# Far above any real update: a message is a few KB, and Telegram sends files by file_id.
MAX_UPDATE_BYTES = 1024 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def web_app(routes: list[web.RouteDef]) -> web.Application:
    """The server's application with `routes` (a door's endpoints) mounted."""
    app = web.Application()
    app.add_routes(routes)
    return app


def telegram_route(application: Application, *, path: str, secret: str) -> web.RouteDef:
    """POST `path`: an update from Telegram, put on `application`'s update queue as
    python-telegram-bot's own webhook server does, and answered 200 only once it is there (the
    inbox queue records a payment first, so a crash after the 200 loses no payment)."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return web.Response(status=403, text="wrong secret token")
        body = await read_at_most(request, MAX_UPDATE_BYTES)
        if body is None:
            return web.Response(status=413, text=f"an update is at most {MAX_UPDATE_BYTES} bytes")
        try:
            data = json.loads(body)
            update = Update.de_json(data, application.bot) if isinstance(data, dict) else None
        except Exception as error:  # malformed JSON, or JSON that is not an update
            log.warning("webhook request with the right secret but no update in it: %s", error)
            update = None
        if update is None:
            return web.Response(status=400, text="not an update")
        application.bot.insert_callback_data(update)
        await application.update_queue.put(update)
        return web.Response()

    return web.post(path or "/", receive)


async def read_at_most(request: web.Request, limit: int) -> bytes | None:
    """The body, or None when it is longer than `limit`: told by its Content-Length before any of it
    is read, or found while reading one sent without a length (chunked)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


async def start_web(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Listen on host:port; `await runner.cleanup()` stops."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
