"""Steps that several stories share."""

from __future__ import annotations


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
