"""The emulator's HTTP side: start and stop, and each call read, checked against the spec and answered."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
from functools import partial
from typing import Any, Self

import aiohttp
from aiohttp import web

from .common import (
    ApiError,
    Json,
    bad_request,
    log,
    read_params,
    reply,
)
from .spec import Upload


class Server:
    """The emulator's HTTP side: start and stop, and each call read, checked against the spec and answered."""

    # Lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> Self:
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

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return reply({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        name = request.match_info["method"]
        method = self.spec.method(name)
        try:
            raw, files, typed = await read_params(request)
        except ValueError as error:
            return self._error(name, bad_request(f"can't parse request: {error}"))
        if method is None:
            self.calls.append((name, raw))
            # Telegram answers an unknown method 404; PTB raises EndPointNotFound (InvalidToken outside
            # do_api_request).
            self.violations.append(f"{name}: unknown method in {self.spec.version}")
            return reply({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
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
            return reply(
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
        return reply({"ok": True, "result": result})

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
        return reply(body, error.code)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        for record in self._files.values():
            if record["file_path"] == request.match_info["path"]:
                return web.Response(body=record["data"], content_type=record["mime_type"])
        return web.Response(status=404)
