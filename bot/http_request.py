"""python-telegram-bot's requests over plain asyncio connections: HTTP/1.1, kept alive; through a
proxy, python-telegram-bot's own HTTPXRequest (`bot_api_request`).

The bot process is bound by its CPU, and every reply is a Bot API call. aiohttp spent ~190 µs more
client CPU on a call than the same bytes on a kept-alive asyncio connection (`python -m
bench.bot_api`, bench/README.md): the Bot API needs one host, POST with a JSON or multipart body
and a JSON answer with a length, so this is all the HTTP the bot needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import select
import ssl
import time
import uuid
from collections import deque
from urllib.parse import urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

# A server closes a connection it has kept idle (nginx after 75 s by default); one idle longer
# than this is closed here first, so a request is not written to a connection being closed.
IDLE_SECONDS = 30.0
MAX_HEAD = 64 * 1024
HAPPY_EYEBALLS = 0.25  # seconds before the next address is tried too (IPv6 that drops packets)

Where = tuple[str, int, bool]  # host, port, https
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")  # httpx's, SOCKS by its socks extra


def bot_api_request(proxy: str = "", *, connections: int, timeout: float = 10.0) -> BaseRequest:
    """The Bot API's transport: direct, this module's HttpRequest; through `proxy` (an HTTP or a
    SOCKS5 proxy's URL), httpx, which speaks both."""
    if not proxy:
        return HttpRequest(connections=connections, timeout=timeout)
    return HTTPXRequest(
        connection_pool_size=connections,
        proxy=proxy,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=timeout,
    )


class _Connection(asyncio.Protocol):
    """One kept-alive connection: a request written, its response read, then the next."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.answer: asyncio.Future[tuple[int, bytes, bool]] | None = None
        self.writable = asyncio.Event()  # the request has left our buffer (flow control)
        self.writable.set()
        self.lost = False
        self.idle_since = time.monotonic()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self.writable.set()
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(ConnectionResetError("the server closed the connection"))

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()

    def data_received(self, data: bytes) -> None:
        if self.answer is None or self.answer.done():
            self.close()  # bytes nobody asked for: this connection is out of step
            return
        self.buffer += data
        try:
            parsed = _parse(self.buffer)
        except ValueError as error:
            self.answer.set_exception(error)
            return
        if parsed is not None:
            self.buffer.clear()
            self.answer.set_result(parsed)

    async def exchange(
        self, request: bytes, write_timeout: float | None, read_timeout: float | None
    ) -> tuple[int, bytes, bool]:
        """(status, body, keep alive). The read timeout starts once the request is written, so
        an upload has `write_timeout` to leave (getUpdates asks for its long poll's time)."""
        self.answer = asyncio.get_running_loop().create_future()
        if self.lost:
            raise ConnectionResetError("the server closed the connection")
        self.transport.write(request)
        if not self.writable.is_set():
            async with asyncio.timeout(write_timeout):
                await self.writable.wait()
        async with asyncio.timeout(read_timeout):
            return await self.answer

    def reusable(self) -> bool:
        if self.lost or self.transport.is_closing() or time.monotonic() - self.idle_since >= IDLE_SECONDS:
            return False
        try:  # readable while idle: a close (or stray bytes) that a busy loop has not read yet
            return not select.select([self.transport.get_extra_info("socket")], [], [], 0)[0]
        except (OSError, ValueError):
            return False

    def close(self) -> None:
        self.lost = True
        if self.transport is not None:
            self.transport.close()


def _parse(buffer: bytearray) -> tuple[int, bytes, bool] | None:
    """(status, body, keep alive) once `buffer` holds a whole response, else None."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        if len(buffer) > MAX_HEAD:
            raise ValueError("response head too long")
        return None
    lines = bytes(buffer[:end]).decode("latin-1").split("\r\n")
    version, status = lines[0].split(" ", 2)[:2]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    tokens = {token.strip() for token in headers.get("connection", "").split(",")}
    keep_alive = "keep-alive" in tokens if version == "HTTP/1.0" else "close" not in tokens
    start = end + 4
    if "chunked" in headers.get("transfer-encoding", ""):
        if not buffer.endswith(b"\r\n\r\n"):  # not the last chunk yet: no need to decode again
            return None
        body, stop = _dechunk(buffer, start)
    elif "content-length" in headers:
        length = int(headers["content-length"])
        if length < 0:
            raise ValueError("a negative Content-Length")
        body, stop = bytes(buffer[start : start + length]), start + length
        if len(buffer) < stop:
            return None
    else:
        raise ValueError("a response without a length")  # never from the Bot API
    if body is None:
        return None
    return int(status), body, keep_alive and len(buffer) == stop  # bytes beyond it: out of step


def _dechunk(buffer: bytearray, at: int) -> tuple[bytes | None, int]:
    """The body of a chunked response and where it ends, or (None, 0) while it is incomplete."""
    body = bytearray()
    while True:
        line_end = buffer.find(b"\r\n", at)
        if line_end < 0:
            return None, 0
        size = int(bytes(buffer[at:line_end]).split(b";")[0], 16)
        at = line_end + 2
        if size == 0:
            trailers_end = buffer.find(b"\r\n\r\n", at - 2)
            return (bytes(body), trailers_end + 4) if trailers_end >= 0 else (None, 0)
        if len(buffer) < at + size + 2:
            return None, 0
        if buffer[at + size : at + size + 2] != b"\r\n":
            raise ValueError("a chunk longer than its size")
        body += buffer[at : at + size]
        at += size + 2


def _multipart(request_data: RequestData) -> tuple[bytes, str]:
    """An upload: the fields as multipart/form-data, each JSON-encoded as PTB does."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in request_data.json_parameters.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        parts.append(value.encode() + b"\r\n")
    for name, (filename, content, mime) in request_data.multipart_data.items():
        if not isinstance(content, bytes):
            content.seek(0)  # a file handle sent again (a retry) is read from the start again
            content = content.read()
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {mime}\r\n\r\n".encode())
        parts.append(content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class HttpRequest(BaseRequest):
    """Up to `connections` kept-alive connections to the Bot API's host; `tls` verifies https (by
    default as the system trusts)."""

    def __init__(
        self, *, connections: int = 16, timeout: float = 10.0, tls: ssl.SSLContext | None = None
    ) -> None:
        self._connections, self._timeout, self._tls = connections, timeout, tls
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(connections)
        self._idle: dict[Where, deque[_Connection]] = {}
        self._open: set[_Connection] = set()
        self._generation = 0  # counts shutdowns: a connection opened across one is not kept

    @property
    def read_timeout(self) -> float:
        return self._timeout

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        self._generation += 1
        for connection in self._open:
            connection.close()
        self._open.clear()
        self._idle.clear()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        body, kind = b"", None
        if request_data is not None and request_data.contains_files:
            body, kind = _multipart(request_data)
        elif request_data is not None:
            body, kind = json.dumps(request_data.parameters).encode(), "application/json"
        given = {
            "read": read_timeout,
            "write": write_timeout,
            "connect": connect_timeout,
            "pool": pool_timeout,
        }
        timeouts = {k: self._timeout if v is BaseRequest.DEFAULT_NONE else v for k, v in given.items()}
        return await self.exchange(url, method, body, kind, **timeouts)

    async def post_json(self, url: str, parameters: dict) -> tuple[int, bytes]:
        """A call without python-telegram-bot's objects around it (the broadcast sender's)."""
        body = json.dumps(parameters).encode()
        t = self._timeout
        return await self.exchange(url, "POST", body, "application/json", read=t, write=t, connect=t, pool=t)

    async def exchange(
        self,
        url: str,
        method: str,
        body: bytes,
        content_type: str | None,
        *,
        read: float | None,
        write: float | None,
        connect: float | None,
        pool: float | None,
    ) -> tuple[int, bytes]:
        """(status, body) of one request; TimedOut or NetworkError when there is no answer."""
        self._bind_to_running_loop()
        parts = urlsplit(url)
        secure = parts.scheme == "https"
        where = (parts.hostname or "", parts.port or (443 if secure else 80), secure)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        head = f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: {self.USER_AGENT}\r\n"
        if content_type:
            head += f"Content-Type: {content_type}\r\n"
        request = f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body
        try:
            async with asyncio.timeout(pool):
                await self._slots.acquire()
            try:
                async with asyncio.timeout(connect):
                    connection = await self._connection(where)
                try:
                    status, answer, keep_alive = await connection.exchange(request, write, read)
                except BaseException:
                    self._drop(connection)  # a request cut short leaves its answer on the wire
                    raise
                self._release(where, connection, keep_alive)
                return status, answer
            finally:
                self._slots.release()
        except TimeoutError as error:
            raise TimedOut from error
        except (OSError, ValueError) as error:
            raise NetworkError(f"{type(error).__name__}: {error}") from error

    def _bind_to_running_loop(self) -> None:
        """Connections belong to the loop that opened them: a request object used from another
        loop (tests, a restarted application) starts afresh there."""
        loop = asyncio.get_running_loop()
        if loop is self._loop:
            return
        for connection in self._open:
            with contextlib.suppress(RuntimeError):  # its loop is closed: the socket goes with it
                connection.close()
        self._loop, self._open, self._idle = loop, set(), {}
        self._slots = asyncio.Semaphore(self._connections)

    async def _connection(self, where: Where) -> _Connection:
        idle = self._idle.setdefault(where, deque())
        while idle:
            connection = idle.pop()  # the most recently used: the likeliest still open
            if connection.reusable():
                return connection
            self._drop(connection)
        host, port, secure = where
        if secure and self._tls is None:
            self._tls = ssl.create_default_context()
        generation = self._generation
        _, connection = await asyncio.get_running_loop().create_connection(
            _Connection, host, port, ssl=self._tls if secure else None, happy_eyeballs_delay=HAPPY_EYEBALLS
        )
        if generation != self._generation:
            connection.close()
            raise ConnectionResetError("shut down while connecting")
        self._open.add(connection)
        return connection

    def _release(self, where: Where, connection: _Connection, keep_alive: bool) -> None:
        if keep_alive and not connection.lost and connection in self._open:  # not shut down meanwhile
            connection.idle_since = time.monotonic()
            self._idle.setdefault(where, deque()).append(connection)
        else:
            self._drop(connection)

    def _drop(self, connection: _Connection) -> None:
        connection.close()
        self._open.discard(connection)
