"""Pictures for the demo catalog: a coloured card with the product's name, county and category and
a 示例图片 DEMO mark, so that nobody takes one for a photo of the real thing. Drawn with Pillow and a
small font shipped in the package (bot/data/demo-photo-font.ttf, the demo's characters only), kept
by the store like any picture (store/media.py) and uploaded to Telegram on its first showing."""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy.ext.asyncio import AsyncSession

from store import demo
from store.models import Product

SIZE = WIDTH, HEIGHT = 800, 600
MARK = "示例图片 DEMO"
FOOTER = "爱心购 · 演示数据，非实拍"
# A colour per demo category (background, accent); others get the last one.
COLOURS = {
    "腊肉": ((150, 52, 40), (250, 214, 160)),
    "蜂蜜": ((196, 132, 24), (255, 240, 190)),
    "天麻": ((110, 84, 62), (236, 214, 180)),
    "鲜笋": ((72, 120, 52), (220, 240, 190)),
    "土家禽": ((176, 96, 46), (255, 226, 190)),
    "水果": ((214, 104, 30), (255, 236, 200)),
    "手工艺品": ((58, 76, 138), (214, 224, 255)),
    "": ((76, 96, 108), (220, 232, 236)),
}


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    with (files("bot") / "data" / "demo-photo-font.ttf").open("rb") as handle:
        return ImageFont.truetype(io.BytesIO(handle.read()), size)


def picture(name: str, county: str, category: str) -> bytes:
    """The demo card for a product, as JPEG bytes."""
    background, accent = COLOURS.get(category, COLOURS[""])
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    for i, radius in enumerate((330, 250)):  # two soft rings, so it reads as a picture, not a slide
        shade = tuple(min(255, c + 18 * (i + 1)) for c in background)
        draw.ellipse((WIDTH - radius - 60, HEIGHT - radius - 40, WIDTH + radius, HEIGHT + radius), fill=shade)
    draw.rounded_rectangle((32, 32, 300, 92), radius=14, fill=accent)
    draw.text((166, 62), MARK, font=_font(30), fill=background, anchor="mm")
    lines, font = _fitted(name, WIDTH - 120)
    top = HEIGHT // 2 - 30 - (len(lines) - 1) * font.size // 2
    for i, line in enumerate(lines):
        draw.text((WIDTH // 2, top + i * (font.size + 14)), line, font=font, fill="white", anchor="mm")
    below = top + len(lines) * (font.size + 14) + 24
    draw.text(
        (WIDTH // 2, below),
        " · ".join(filter(None, (county, category))),
        font=_font(36),
        fill=accent,
        anchor="mm",
    )
    draw.text((WIDTH // 2, HEIGHT - 44), FOOTER, font=_font(26), fill=accent, anchor="mm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _fitted(name: str, width: int) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """The name on one line, or two split where it reads well, as large as fits."""
    split = name.find("（") if "（" in name else (len(name) + 1) // 2
    for size in (76, 68, 60, 52, 46, 40):
        font = _font(size)
        if font.getlength(name) <= width:
            return [name], font
        halves = [name[:split], name[split:]]
        if max(font.getlength(h) for h in halves) <= width:
            return halves, font
    return [name[:split], name[split:]], _font(40)


async def give_photos(session: AsyncSession, *, media_dir: Path) -> int:
    """Each demo product without a photo gets its demo card (`aixin seed-demo`, the sandbox)."""

    def draw(product: Product) -> bytes:
        return picture(product.name, product.county.name, product.category.name if product.category else "")

    return await demo.give_photos(session, draw=draw, media_dir=media_dir)
