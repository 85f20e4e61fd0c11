"""Scoped previews: an agency's organiser who forges an audience of another agency (or of one of its
branches) is refused at the preview, and never learns how many members it holds."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.telegram import callbacks
from store import roles
from store.models import Agency, Branch, Member, Role
from tests.chat import plain
from tests.stories import register

FORBIDDEN = "您没有进行此操作的权限"
COUNT = re.compile(r"将发给 \d+ 人")


async def test_an_organiser_cannot_preview_an_audience_outside_their_agency(tg):
    for name in ("alice", "bob"):
        await register(tg, name)  # members of 市财政局, so the own agency's preview has someone
    carol = tg.member("carol")  # and one of 市农业农村委's first branch: a figure to hide
    await carol.send("/start")
    await carol.tap("中文")
    await carol.tap("市农业农村委")
    await carol.tap("第一党支部")
    async with tg.db.begin() as session:
        own = await session.scalar(select(Agency.id).where(Agency.name == "市财政局"))
        other = await session.scalar(select(Agency.id).where(Agency.name == "市农业农村委"))
        other_branch = await session.scalar(
            select(Branch.id).where(Branch.agency_id == other).order_by(Branch.id)
        )
        await roles.grant(session, telegram_user_id=903, role=Role.organiser, scope_id=own)
    organiser = tg.member("organiser", user_id=903)

    async def forge(value: int) -> None:
        """A tap of the current question's button for `value`, whether it is offered or not."""
        async with tg.db.read() as session:
            version = await session.scalar(
                select(Member.dialog_version).where(Member.telegram_user_id == 903)
            )
        await organiser.tap_data(callbacks.make("dlg-pick", version, value))

    for audience, audience_id in (("agency", other), ("branch", other_branch)):
        await organiser.send("/broadcast")
        await organiser.send("本周末网上展销会")
        await organiser.tap("展销会")
        if audience == "agency":  # not offered to an agency's organiser: forged
            await forge(1)
        else:
            await organiser.tap("某个支部")
        await forge(audience_id)  # another agency's, or one of its branches
        await organiser.tap("不加按钮")
        await organiser.tap("立即发送")
        assert FORBIDDEN in organiser.last or FORBIDDEN in organiser.alert, audience
        assert "确认发送" not in " ".join(organiser.buttons)
        async with tg.db.read() as session:
            version = await session.scalar(
                select(Member.dialog_version).where(Member.telegram_user_id == 903)
            )
        await organiser.tap_data(callbacks.make("dlg-go", version))  # and it cannot be sent either
        assert FORBIDDEN in organiser.alert or FORBIDDEN in organiser.last
        await organiser.send("/cancel")

    assert not any(COUNT.search(plain(m)) for m in organiser.messages())  # no figure, ever
    await organiser.send("/broadcast")  # their own agency: previewed with its figure
    await organiser.send("本周末网上展销会")
    await organiser.tap("展销会")
    await organiser.tap("本机关全体成员")
    await organiser.tap("不加按钮")
    await organiser.tap("立即发送")
    assert "将发给 2 人" in organiser.last
