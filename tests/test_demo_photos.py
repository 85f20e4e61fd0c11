"""The demo catalog's pictures: every character they show is in the font shipped for them, and
each demo product gets one, once."""

from __future__ import annotations

import csv
import io
from importlib.resources import files

from PIL import Image
from sqlalchemy import select

from bot import demo_photos
from store import media
from store.media_models import Media
from store.models import Product


def test_the_shipped_font_has_every_character_a_demo_picture_shows():
    rows = list(csv.DictReader(io.StringIO((files("store") / "demo" / "products.csv").read_text("utf-8"))))
    shown = {
        demo_photos.MARK,
        demo_photos.FOOTER,
        *(r[k] for r in rows for k in ("name", "county", "category")),
    }
    font = demo_photos._font(40)
    missing = sorted(
        {c for text in shown for c in text if not c.isspace() and font.getmask(c).getbbox() is None}
    )
    # Make the subset again with the characters added (fonts-wqy-microhei, fonttools' pyftsubset):
    # pyftsubset /usr/share/fonts/truetype/wqy/wqy-microhei.ttc --font-number=0 --text-file=CHARS
    #   --output-file=bot/data/demo-photo-font.ttf --layout-features='' --no-hinting --name-IDs='*'
    assert missing == [], f"bot/data/demo-photo-font.ttf lacks {''.join(missing)}"
    assert font.getmask("\ue000").getbbox() is None  # what a missing character looks like


def test_a_demo_picture_is_a_jpeg_card():
    data = demo_photos.picture("金佛山方竹笋（真空保鲜装）", "南川区", "鲜笋")
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("JPEG", demo_photos.SIZE)
    assert demo_photos.picture("南川鸡", "南川区", "土家禽") != demo_photos.picture(
        "南川鸡", "南川区", "水果"
    )


async def test_each_demo_product_gets_its_picture_once(demo_db, tmp_path):
    async with demo_db.begin() as session:
        given = await demo_photos.give_photos(session, media_dir=tmp_path)
    async with demo_db.begin() as session:
        assert await demo_photos.give_photos(session, media_dir=tmp_path) == 0
        products = list(await session.scalars(select(Product).where(Product.is_demo.is_(True))))
        kept = {m.id: m for m in await session.scalars(select(Media))}
    assert given == len(products) == len(kept) == 60
    assert {media.media_id_of(p.photo) for p in products} == set(kept)
    assert all(media.read(m, tmp_path)[:3] == b"\xff\xd8\xff" for m in kept.values())
