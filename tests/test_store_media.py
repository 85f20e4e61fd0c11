"""The store keeps a picture once per content, with each door's own id for it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from store import media
from store.errors import InvalidInput
from store.media_models import Media

JPEG = b"\xff\xd8\xff\xe0 a picture"


@pytest.fixture
def media_dir(tmp_path):
    return tmp_path / "media"  # beside the test's SQLite file


async def test_the_same_bytes_are_one_row_and_one_file(db, media_dir):
    async with db.begin() as session:
        first = await media.keep(session, data=JPEG, content_type="image/jpeg", media_dir=media_dir)
        again = await media.keep(session, data=JPEG, content_type="image/jpeg", media_dir=media_dir)
        other = await media.keep(
            session, data=b"\x89PNG other", content_type="image/png", media_dir=media_dir
        )
        assert await session.scalar(select(func.count()).select_from(Media)) == 2
    assert first.id == again.id != other.id and first.size == len(JPEG)
    assert media.read(first, media_dir) == JPEG and first.path.endswith(".jpg")
    assert sorted(p.name for p in media_dir.rglob("*") if p.is_file()) == sorted(
        [first.path.split("/")[1], other.path.split("/")[1]]
    )
    assert media.media_id_of(media.ref(first.id)) == first.id
    assert media.media_id_of("AgACAgIAAxkBAAIB") is None and media.media_id_of("") is None
    (media_dir / first.path).unlink()
    assert media.read(first, media_dir) is None


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(b"", "image/jpeg"), (b"GIF89a", "image/gif"), (b"x" * (media.MAX_BYTES + 1), "image/jpeg")],
)
async def test_only_pictures_up_to_5_mb_are_kept(db, media_dir, data, content_type):
    async with db.begin() as session:
        with pytest.raises(InvalidInput):
            await media.keep(session, data=data, content_type=content_type, media_dir=media_dir)
        assert await session.scalar(select(func.count()).select_from(Media)) == 0
    assert not media_dir.exists()


async def test_a_door_id_is_kept_replaced_and_forgotten(db, media_dir):
    async with db.begin() as session:
        picture = await media.keep(session, data=JPEG, content_type="image/jpeg", media_dir=media_dir)
        await media.remember(session, media_id=picture.id, door="telegram", door_id="first")
        await media.remember(session, media_id=picture.id, door="telegram", door_id="second")
        await media.remember(session, media_id=picture.id, door="wechat", door_id="w1")
    async with db.begin() as session:
        assert await media.door_ids(session, media_ids=[picture.id], door="telegram") == {
            picture.id: "second"
        }
        await media.forget(session, media_id=picture.id, door="telegram", door_id="first")  # replaced already
        assert await media.door_ids(session, media_ids=[picture.id], door="telegram") == {
            picture.id: "second"
        }
        await media.forget(session, media_id=picture.id, door="telegram", door_id="second")
        assert await media.door_ids(session, media_ids=[picture.id], door="telegram") == {}
        assert await media.door_ids(session, media_ids=[picture.id], door="wechat") == {picture.id: "w1"}
