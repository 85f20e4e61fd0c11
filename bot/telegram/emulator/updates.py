"""Updates for the bot: long polling (getUpdates) and a webhook, each update confirmed once."""

from __future__ import annotations

import asyncio
import contextlib
import time

import aiohttp

from .common import (
    NOT_BY_DEFAULT,
    SECRET,
    ApiError,
    Json,
    bad_request,
    update_kind,
    webhook_conflict,
)
from .spec import Upload


class Updates:
    """Updates for the bot: long polling (getUpdates) and a webhook, each update confirmed once."""

    # Updates: long polling and webhook

    def _me(self) -> Json:
        return {
            **self.bot,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, p: Json, files: dict[str, Upload]) -> list[Json]:
        if self.webhook is not None:
            raise webhook_conflict()
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # an older long poll still waiting is terminated, as Telegram does
        if "allowed_updates" in p:
            self._allowed_updates = p["allowed_updates"]
        offset = p.get("offset", 0)
        if offset < 0:  # keep only the last -offset updates; the rest are forgotten
            del self._pending[: max(0, len(self._pending) + offset)]
        elif offset:
            self._confirm([u for u in self._pending if u["update_id"] < offset])
        limit = min(max(p.get("limit", 100), 1), 100)
        deadline = asyncio.get_running_loop().time() + max(p.get("timeout", 0), 0)
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409, "Conflict: terminated by other getUpdates request; make sure that only one bot "
                    "instance is running"
                )  # fmt: skip
            if self.webhook is not None:
                raise webhook_conflict()
            ready = self._deliverable(limit)
            remaining = deadline - asyncio.get_running_loop().time()
            if ready or remaining <= 0 or self._stopping:
                return ready
            await self._wait_change(remaining)

    def _set_webhook(self, p: Json, files: dict[str, Upload]) -> bool:
        url = p["url"]
        if not url:
            return self._delete_webhook(p, files)
        if not url.startswith(("https://", "http://")):  # http is let through for local test servers
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not SECRET.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        if not 1 <= p.get("max_connections", 40) <= 100:
            raise bad_request("bad webhook: max_connections must be 1-100")
        if p.get("drop_pending_updates"):
            self._pending.clear()
        if "allowed_updates" in p:
            self._allowed_updates = p["allowed_updates"]
        self.webhook = {"url": url, "secret_token": secret, "max_connections": p.get("max_connections", 40)}
        self.webhook_last_error = None
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhook())
        return True

    def _delete_webhook(self, p: Json, files: dict[str, Upload]) -> bool:
        self.webhook = None
        if p.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _webhook_info(self, p: Json, files: dict[str, Upload]) -> Json:
        info: Json = {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._pending)}
        if self.webhook is not None:
            info.update(url=self.webhook["url"], max_connections=self.webhook["max_connections"])
            info["ip_address"] = "127.0.0.1"
            if self._allowed_updates:
                info["allowed_updates"] = self._allowed_updates
        if self.webhook_last_error is not None:
            info["last_error_date"], info["last_error_message"] = self.webhook_last_error
        return info

    async def _deliver_webhook(self) -> None:
        """POST pending updates one at a time, in order; a failed one is retried until it gets a 2xx."""
        assert self._session is not None, "start() the emulator first"
        while self.webhook is not None and not self._stopping:
            ready = self._deliverable(1)
            if not ready:
                await self._wait_change(1.0)
                continue
            update, hook = ready[0], self.webhook
            headers = (
                {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]} if hook["secret_token"] else {}
            )
            try:
                async with self._session.post(hook["url"], json=update, headers=headers) as response:
                    ok = 200 <= response.status < 300
                    error = f"Wrong response from the webhook: {response.status} {response.reason}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                ok, error = False, f"Connection failed: {exc!r}"
            if ok:
                self._confirm([update])
            else:
                self.webhook_last_error = (int(time.time()), error)
                await asyncio.sleep(self.webhook_retry_delay)

    def _deliverable(self, limit: int) -> list[Json]:
        """Pending updates the bot asked for, oldest first; ones of other kinds are dropped."""
        allowed = set(self._allowed_updates) or None
        ready = []
        for update in list(self._pending):
            kind = update_kind(update)
            if (kind not in allowed) if allowed else (kind in NOT_BY_DEFAULT):
                self._pending.remove(update)
                continue
            ready.append(update)
            if len(ready) == limit:
                break
        return ready

    def _confirm(self, updates: list[Json]) -> None:
        for update in updates:
            self._confirmed.add(update["update_id"])
            self._pending = [u for u in self._pending if u is not update]
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._changed.wait()
