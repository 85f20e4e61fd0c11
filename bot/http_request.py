"""python-telegram-bot's requests over plain asyncio connections: HTTP/1.1, kept alive.

The bot process is bound by its CPU, and every reply is a Bot API call. aiohttp spent ~300 µs of
client CPU on a call that the same bytes on a kept-alive asyncio connection send and read in well
under 100 µs (`python -m bench.bot_api`): the Bot API needs one host, POST with a JSON or
multipart body, and a JSON answer, so this is all the HTTP the bot needs.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
import uuid
from collections import deque
from urllib.parse import urlsplit

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# A server closes a connection it has kept idle (nginx after 75 s by default); one idle longer
# than this is closed here first, so a request is never written to a connection being closed.
IDLE_SECONDS = 30.0
MAX_HEAD = 64 * 1024


class _Connection(asyncio.Protocol):
    """One kept-alive connection: a request written, its response read, then the next."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.answer: asyncio.Future[tuple[int, bytes, bool]] | None = None
        self.lost = False
        self.idle_since = time.monotonic()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(ConnectionResetError("the server closed the connection"))

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.answer is None or self.answer.done():
            return
        try:
            parsed = _parse(self.buffer)
        except ValueError as error:
            self.answer.set_exception(error)
            return
        if parsed is not None:
            self.buffer.clear()
            self.answer.set_result(parsed)

    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes, bool]]:
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.answer

    def reusable(self) -> bool:
        closing = self.lost or self.transport.is_closing()
        return not closing and time.monotonic() - self.idle_since < IDLE_SECONDS

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
    keep_alive = headers.get("connection", "keep-alive" if version == "HTTP/1.1" else "close") != "close"
    start = end + 4
    if "chunked" in headers.get("transfer-encoding", ""):
        body = _dechunk(buffer, start)
        return None if body is None else (int(status), body, keep_alive)
    if "content-length" not in headers:
        raise ValueError("a response without a length")  # never from the Bot API
    stop = start + int(headers["content-length"])
    return (int(status), bytes(buffer[start:stop]), keep_alive) if len(buffer) >= stop else None


def _dechunk(buffer: bytearray, at: int) -> bytes | None:
    body = bytearray()
    while True:
        line_end = buffer.find(b"\r\n", at)
        if line_end < 0:
            return None
        size = int(bytes(buffer[at:line_end]).split(b";")[0], 16)
        at = line_end + 2
        if size == 0:
            return bytes(body) if buffer.find(b"\r\n\r\n", at - 2) >= 0 else None
        if len(buffer) < at + size + 2:
            return None
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
        data = content if isinstance(content, bytes) else content.read()
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {mime}\r\n\r\n".encode())
        parts.append(data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class HttpRequest(BaseRequest):
    """Up to `connections` kept-alive connections to the Bot API's host; `tls` verifies https (by
    default as the system trusts)."""

    def __init__(
        self, *, connections: int = 16, timeout: float = 10.0, tls: ssl.SSLContext | None = None
    ) -> None:
        self._timeout, self._tls = timeout, tls
        self._slots = asyncio.Semaphore(connections)
        self._idle: dict[tuple[str, int, bool], deque[_Connection]] = {}
        self._open: set[_Connection] = set()

    @property
    def read_timeout(self) -> float:
        return self._timeout

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
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
        return await self.exchange(
            url,
            method,
            body,
            kind,
            read_timeout=self._timeout if read_timeout is BaseRequest.DEFAULT_NONE else read_timeout,
            connect_timeout=self._timeout if connect_timeout is BaseRequest.DEFAULT_NONE else connect_timeout,
        )

    async def post_json(self, url: str, parameters: dict) -> tuple[int, bytes]:
        """A call without python-telegram-bot's objects around it (the broadcast sender's)."""
        body = json.dumps(parameters).encode()
        return await self.exchange(url, "POST", body, "application/json", self._timeout, self._timeout)

    async def exchange(
        self,
        url: str,
        method: str,
        body: bytes,
        content_type: str | None,
        read_timeout: float | None,
        connect_timeout: float | None,
    ) -> tuple[int, bytes]:
        """(status, body) of one request; TimedOut or NetworkError when there is no answer."""
        parts = urlsplit(url)
        secure = parts.scheme == "https"
        where = (parts.hostname or "", parts.port or (443 if secure else 80), secure)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        head = f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: {self.USER_AGENT}\r\n"
        if content_type:
            head += f"Content-Type: {content_type}\r\n"
        request = f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body
        try:
            async with self._slots:
                async with asyncio.timeout(connect_timeout):
                    connection = await self._connection(where)
                try:
                    async with asyncio.timeout(read_timeout):  # getUpdates asks for its long poll's time
                        status, answer, keep_alive = await connection.send(request)
                except BaseException:
                    connection.close()  # a request cut short leaves its answer on the wire
                    self._open.discard(connection)
                    raise
                self._release(where, connection, keep_alive)
                return status, answer
        except TimeoutError as error:
            raise TimedOut from error
        except (OSError, ValueError) as error:
            raise NetworkError(f"{type(error).__name__}: {error}") from error

    async def _connection(self, where: tuple[str, int, bool]) -> _Connection:
        idle = self._idle.setdefault(where, deque())
        while idle:
            connection = idle.pop()  # the most recently used: the likeliest still open
            if connection.reusable():
                return connection
            connection.close()
            self._open.discard(connection)
        host, port, secure = where
        if secure and self._tls is None:
            self._tls = ssl.create_default_context()
        _, connection = await asyncio.get_running_loop().create_connection(
            _Connection, host, port, ssl=self._tls if secure else None
        )
        self._open.add(connection)
        return connection

    def _release(self, where: tuple[str, int, bool], connection: _Connection, keep_alive: bool) -> None:
        if keep_alive and not connection.lost:
            connection.idle_since = time.monotonic()
            self._idle[where].append(connection)
        else:
            connection.close()
            self._open.discard(connection)
