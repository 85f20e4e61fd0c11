"""Pictures the store keeps: bytes in a content-addressed file under MEDIA_DIR, a media row for
each, and each door's own id for it (`door_ids`, `remember`, `forget`).

A photo field (a product's `photo`, say) names a kept picture as `media:<id>`; anything else in it
is a door's own id as a member sent it (a Telegram file_id, which never has a colon).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .errors import InvalidInput
from .media_models import Media, MediaDoorId
from .sql import insert_ignoring_duplicates

PREFIX = "media:"
TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
MAX_BYTES = 5 * 1024 * 1024


def ref(media_id: int) -> str:
    """What a photo field holds for a kept picture."""
    return f"{PREFIX}{media_id}"


def media_id_of(photo: str) -> int | None:
    """The media row a photo field names, or None for a door's own id (or no photo)."""
    number = photo.removeprefix(PREFIX) if photo.startswith(PREFIX) else ""
    return int(number) if number.isdecimal() else None


async def keep(session: AsyncSession, *, data: bytes, content_type: str, media_dir: Path) -> Media:
    """The media row for these bytes, written under `media_dir` first if new (the same bytes are
    one row and one file, however often they are kept). JPEG, PNG or WebP, at most 5 MB."""
    if content_type not in TYPES or not data or len(data) > MAX_BYTES:
        raise InvalidInput("photo")
    digest = hashlib.sha256(data).hexdigest()
    path = f"{digest[:2]}/{digest}{TYPES[content_type]}"
    target = Path(media_dir) / path
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        os.replace(partial, target)  # whole or not there: a reader never sees half a picture
    row = {"sha256": digest, "content_type": content_type, "size": len(data), "path": path}
    await session.execute(insert_ignoring_duplicates(session, Media, "sha256"), row)
    return await session.scalar(select(Media).where(Media.sha256 == digest))


async def kept(session: AsyncSession, *, media_ids: Iterable[int]) -> dict[int, Media]:
    found = await session.scalars(select(Media).where(Media.id.in_(set(media_ids))))
    return {m.id: m for m in found}


def read(media: Media, media_dir: Path) -> bytes | None:
    """The picture's bytes, or None when its file is gone (MEDIA_DIR moved or cleared)."""
    try:
        return (Path(media_dir) / media.path).read_bytes()
    except FileNotFoundError:
        return None


async def door_ids(session: AsyncSession, *, media_ids: Iterable[int], door: str) -> dict[int, str]:
    """The door's own ids of these pictures, for those it has one."""
    rows = await session.execute(
        select(MediaDoorId.media_id, MediaDoorId.door_id).where(
            MediaDoorId.door == door, MediaDoorId.media_id.in_(set(media_ids))
        )
    )
    return {media_id: door_id for media_id, door_id in rows}


async def remember(session: AsyncSession, *, media_id: int, door: str, door_id: str) -> None:
    """The door's id for a picture, replacing one it had (two uploads at once: either id works)."""
    changed = await session.execute(
        update(MediaDoorId)
        .where(MediaDoorId.media_id == media_id, MediaDoorId.door == door)
        .values(door_id=door_id)
    )
    if changed.rowcount == 0:
        row = {"media_id": media_id, "door": door, "door_id": door_id}
        await session.execute(insert_ignoring_duplicates(session, MediaDoorId, "media_id", "door"), row)


async def forget(session: AsyncSession, *, media_id: int, door: str, door_id: str) -> None:
    """Drop a door id the door no longer knows (unless another has replaced it meanwhile)."""
    await session.execute(
        delete(MediaDoorId).where(
            MediaDoorId.media_id == media_id, MediaDoorId.door == door, MediaDoorId.door_id == door_id
        )
    )


async def forget_door(session: AsyncSession, *, door: str) -> int:
    """Drop every id of a door that starts knowing nothing (the sandbox's new emulator)."""
    return (await session.execute(delete(MediaDoorId).where(MediaDoorId.door == door))).rowcount
