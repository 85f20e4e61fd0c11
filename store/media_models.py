"""Pictures the shop keeps itself: a media row per picture, its bytes a content-addressed file under
MEDIA_DIR, and each door's own id for it once the door has it (Telegram's file_id after the first
upload), so a picture is uploaded to a door once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow


class Media(Base):
    """A picture: `path` is relative to MEDIA_DIR and named by the bytes' sha256."""

    __tablename__ = "media"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MediaDoorId(Base):
    """A door's id for a media row (door "telegram": the file_id Telegram gave the upload)."""

    __tablename__ = "media_door_id"
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id"), primary_key=True)
    door: Mapped[str] = mapped_column(String(16), primary_key=True)
    door_id: Mapped[str] = mapped_column(String(256))
