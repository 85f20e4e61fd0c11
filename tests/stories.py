"""Steps that several stories share."""

from __future__ import annotations

from sqlalchemy import select

from store import roles
from store.models import Product, Role


async def member_at_chicken(tg, name="alice"):
    """A registered member looking at 城口山地鸡's card (a charity item, ¥168.00)."""
    member = tg.member(name)
    await member.send("/start")
    await member.tap("中文")
    await member.tap("市财政局")
    await member.tap("第一党支部")
    await member.send("城口山地鸡")
    await member.tap("城口山地鸡")
    return member


async def give_contact(member):
    await member.send("张三")
    await member.send("13800138000")
    await member.send("重庆市渝中区人民路100号")


async def register(tg, name: str):
    """A member who has chosen Chinese and joined 市财政局's first branch."""
    member = tg.member(name)
    await member.send("/start")
    await member.tap("中文")
    await member.tap("市财政局")
    await member.tap("第一党支部")
    return member


async def chicken_supplier(tg, user_id: int = 900):
    """Telegram user `user_id`, given the supplier role for 城口山地鸡's supplier; not in the chat yet."""
    async with tg.db.begin() as session:
        supplier_id = await session.scalar(select(Product.supplier_id).where(Product.name == "城口山地鸡"))
        await roles.grant(session, telegram_user_id=user_id, role=Role.supplier, scope_id=supplier_id)


async def paid_chicken(tg, name="alice"):
    """A member who has ordered 城口山地鸡 (giving the delivery contact) and paid the invoice."""
    member = await member_at_chicken(tg, name)
    await member.tap("一键下单")
    await give_contact(member)
    await member.pay_invoice()
    return member
