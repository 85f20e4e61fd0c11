"""Photos on Telegram. A photo a member sent is its Telegram file_id already. A picture the store
keeps (`media:<id>`, store/media.py: the demo catalog's, say) is sent by the file_id Telegram gave it
when it was first uploaded; the first time, its bytes are uploaded from MEDIA_DIR and the file_id in
Telegram's answer is kept for every later showing."""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from telegram import Message
from telegram.error import BadRequest

from store import media

from .context import ANSWERS_UNREAD, Context

log = logging.getLogger(__name__)
DOOR = "telegram"


async def sending(context: Context, photos: Sequence[str], send: Callable[[list], Awaitable[Any]]) -> Any:
    """`await send(values)` with `photos` as Telegram takes them (file_ids, or files to upload), and
    what it returns. A kept picture whose file is gone is left out, so `values` may be shorter. A
    kept file_id Telegram refuses (another bot's, an emulator's that restarted) is dropped and the
    picture uploaded again."""
    wanted = {m for m in map(media.media_id_of, photos) if m is not None}
    if not wanted:
        return await send(list(photos))
    async with context.db.read() as session:
        known = await media.door_ids(session, media_ids=wanted, door=DOOR)
    rows = {}
    for attempt in (1, 2):
        if missing := wanted - set(known) - set(rows):  # the files to upload, read only then
            async with context.db.read() as session:
                rows |= await media.kept(session, media_ids=missing)
        values, uploads = [], {}
        for photo in photos:
            media_id = media.media_id_of(photo)
            if media_id is None or media_id in known:
                values.append(photo if media_id is None else known[media_id])
                continue
            data = media.read(rows[media_id], Path(context.policy.media_dir)) if media_id in rows else None
            if data is None:
                log.warning(
                    "picture %s is not under MEDIA_DIR %s: shown without it", photo, context.policy.media_dir
                )
                continue
            upload = io.BytesIO(data)
            upload.name = Path(rows[media_id].path).name
            uploads[len(values)] = media_id
            values.append(upload)
        read = ANSWERS_UNREAD.set(False) if uploads else None  # the file_id is in Telegram's answer
        try:
            result = await send(values)
        except BadRequest as error:
            if attempt == 2 or not known or "file" not in error.message.lower():
                raise
            async with context.db.begin() as session:
                for media_id, file_id in known.items():
                    await media.forget(session, media_id=media_id, door=DOOR, door_id=file_id)
            known = {}
            continue
        finally:
            if read is not None:
                ANSWERS_UNREAD.reset(read)
        if uploads:
            await _remember(context, result, uploads)
        return result
    raise AssertionError("unreachable")


async def _remember(context: Context, result: Any, uploads: dict[int, int]) -> None:
    """The file_ids Telegram gave the uploads: a message each (an album is one per photo)."""
    messages = list(result) if isinstance(result, list | tuple) else [result]
    if not all(isinstance(m, Message) for m in messages):  # nothing sent after all ("not modified")
        return
    async with context.db.begin() as session:
        for index, media_id in uploads.items():
            message = messages[index] if index < len(messages) else None
            if message is not None and message.photo:
                await media.remember(session, media_id=media_id, door=DOOR, door_id=message.photo[-1].file_id)
