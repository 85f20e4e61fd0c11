"""Settings from the environment or a `.env` file (the README has the table)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str = ""
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    # Where the bot reaches Telegram through, from mainland China: http://host:port or
    # socks5://user:password@host:port (every Bot API call, the broadcast sender's included).
    telegram_proxy_url: str = ""
    database_url: str = "sqlite+aiosqlite:///./aixin.db"
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_listen: str = "0.0.0.0"
    port: int = 8443
    default_locale: str = "zh-CN"
    timezone: str = "Asia/Shanghai"
    # Keep the replies' rate limiter (PTB's AIORateLimiter, 30 messages/s, plus a chat's second after a
    # bulk send: bot/limiter.py) in front of the Bot API; only a benchmark against the local emulator
    # turns it off, to measure this code rather than Telegram.
    telegram_rate_limit: bool = True
    # Telegram Payments; without it orders are settled offline (货到付款 / 单位结算).
    payment_provider_token: str = ""
    order_payment_minutes: int = 30
    # An offline order whose payment nobody confirmed this many days after it was placed is listed
    # for admins in /offline (its suppliers are reminded after a day); offline orders never expire.
    offline_confirm_days: int = 7
    auto_receive_days: int = 15
    points_per_yuan: int = 1
    # Community (issue #5): points for a review, at most this many review points a day, and for
    # a nominated product once it is listed.
    points_per_review: int = 5
    review_points_daily_cap: int = 15
    points_per_listed_nomination: int = 20
    # Love points for attending a volunteer event (credited at check-in, once).
    points_per_event: int = 10
    # How members reach an admin (a phone, an @name, an email), told to free text that is a question
    # or a thank-you rather than a product's name.
    support_contact: str = ""
    # Broadcasts: messages per second for bulk sends (under Telegram's 30/s, leaving room for
    # replies) and the local hours when non-urgent broadcasts wait, "22-8" for 22:00–08:00.
    broadcast_rate: float = 25.0
    quiet_hours: str = "22-8"
    # How long a claimed delivery may stay unrecorded before another sender takes it (a crash).
    broadcast_lease_seconds: float = 60.0
    # Pictures the store keeps (the demo catalog's, for one): a folder of content-addressed files;
    # by default `media/` beside the SQLite file, or in the working directory on PostgreSQL.
    media_dir: str = ""

    @property
    def quiet_range(self) -> tuple[int, int]:
        """`quiet_hours` as (start, end) local hours: "22-8" is (22, 8)."""
        start, end = (int(hour) for hour in self.quiet_hours.split("-"))
        return start, end

    @property
    def media_path(self) -> Path:
        if self.media_dir:
            return Path(self.media_dir)
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Path(url.database).parent / "media"
        return Path("media")
