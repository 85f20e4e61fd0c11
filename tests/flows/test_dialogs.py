"""Dialogs run by the engine as Request → Reply, one request per message as a door makes them (the
member read afresh each time): what a member is asked, what is refused and kept, on both databases."""

from __future__ import annotations

import handlers  # noqa: F401  (the flows register their intents and dialogs on import)
from handlers import dialog, registry
from handlers.policy import Policy
from handlers.reply import Alert, Screen, parts
from handlers.request import Request, Visitor
from locales import Translator
from store import members

USER = 5002


async def _req(db) -> Request:
    """The request for the member's next message, as a door builds it per update."""
    async with db.begin() as session:
        member = await members.ensure(session, telegram_user_id=USER, display_name="李四")
        member = await members.get(session, member_id=member.id)
    return Request(
        db=db, translator=Translator("zh-CN"), policy=Policy(), member=member, visitor=Visitor(USER, "李四")
    )


def _text(reply) -> str:
    return "\n".join(p.text for p in parts(reply) if isinstance(p, Screen))


def _intents(reply) -> list[str]:
    return [a.intent for p in parts(reply) if isinstance(p, Screen) for row in p.rows for a in row]


async def _contact(db):
    async with db.read() as session:
        member = await members.by_telegram_id(session, USER)
        return member.contact_name, member.contact_phone, member.contact_address


async def test_the_delivery_contact_is_asked_field_by_field_and_a_bad_phone_is_refused(db):
    asked = await registry.COMMANDS["address"](await _req(db), "")
    assert "请发送收货人姓名" in _text(asked) and "dialog-cancel" in _intents(asked)
    asked = await dialog.on_text(await _req(db), "李四")
    assert "请发送收货人手机号" in _text(asked) and "dlg-back" in _intents(asked)  # ← 上一步 past the first
    refused = await dialog.on_text(await _req(db), "12345")
    assert "手机号格式不对" in _text(refused) and "请发送收货人手机号" in _text(refused)  # asked again
    asked = await dialog.on_text(await _req(db), "138 0013 8000")
    assert "请发送详细收货地址" in _text(asked)
    assert await _contact(db) == ("", "", "")  # nothing kept before the last answer
    saved = await dialog.on_text(await _req(db), "重庆市渝中区解放碑街道 88 号")
    assert "收货信息已保存" in _text(saved) and "13800138000" in _text(saved)
    assert await _contact(db) == ("李四", "13800138000", "重庆市渝中区解放碑街道 88 号")
    assert (await _req(db)).member.dialog is None  # the dialog ended with it


async def test_cancel_drops_the_draft_and_changes_nothing(db):
    await registry.COMMANDS["address"](await _req(db), "")
    await dialog.on_text(await _req(db), "李四")
    cancelled = await registry.run(await _req(db), "dialog-cancel", ())
    assert "已取消，什么都没有改变" in _text(cancelled)
    req = await _req(db)
    assert req.member.dialog is None and await _contact(db) == ("", "", "")


async def test_a_command_between_keeps_the_draft_and_resume_asks_where_it_was(db):
    await registry.COMMANDS["address"](await _req(db), "")
    await dialog.on_text(await _req(db), "李四")
    waiting = await dialog.pause(await _req(db))  # a command came between: the door pauses the dialog
    assert "未完成的" in waiting.text and [a.intent for row in waiting.rows for a in row] == [
        "dlg-resume",
        "dlg-drop",
    ]
    assert not dialog.answering(await _req(db))  # what is typed now is not an answer
    resumed = await registry.run(await _req(db), "dlg-resume", ())
    assert "请发送收货人手机号" in _text(resumed)  # the name stayed answered
    saved = await dialog.on_text(await _req(db), "13800138000")
    assert "请发送详细收货地址" in _text(saved)


async def test_a_button_of_an_earlier_question_is_stale_and_changes_nothing(db):
    await registry.COMMANDS["address"](await _req(db), "")
    await dialog.on_text(await _req(db), "李四")
    await dialog.on_text(await _req(db), "13800138000")  # at the address now
    req = await _req(db)
    earlier = req.member.dialog_version - 1  # the phone question's buttons carried this
    reply = parts(await registry.run(req, "dlg-back", (earlier,)))
    assert isinstance(reply[0], Alert) and "这个按钮已失效" in reply[0].text
    assert "请发送详细收货地址" in _text(reply)  # the question there is now, not the phone again
    assert (await _req(db)).member.dialog_data["step"] == "address"


async def test_a_kept_contact_is_shown_and_changed_only_when_all_is_answered_again(db):
    await registry.COMMANDS["address"](await _req(db), "")
    for answer in ("李四", "13800138000", "重庆市渝中区解放碑街道 88 号"):
        await dialog.on_text(await _req(db), answer)
    shown = await registry.COMMANDS["address"](await _req(db), "")
    assert "13800138000" in _text(shown) and _intents(shown) == ["address-edit", "menu"]
    asked = await registry.run(await _req(db), "address-edit", ())
    assert "请发送收货人姓名" in _text(asked)
    await dialog.on_text(await _req(db), "王五")
    assert await _contact(db) == ("李四", "13800138000", "重庆市渝中区解放碑街道 88 号")  # not yet
    await dialog.on_text(await _req(db), "13900139000")
    await dialog.on_text(await _req(db), "重庆市万州区高笋塘 1 号")
    assert await _contact(db) == ("王五", "13900139000", "重庆市万州区高笋塘 1 号")


async def test_the_dialogs_own_command_again_keeps_what_was_answered(db):
    await registry.COMMANDS["address"](await _req(db), "")
    again = await registry.COMMANDS["address"](await _req(db), "")  # nothing answered yet: asked anew
    assert "请发送收货人姓名" in _text(again)
    await dialog.on_text(await _req(db), "李四")
    waiting = await registry.COMMANDS["address"](await _req(db), "")  # typed again, the name given
    assert "未完成的" in _text(waiting) and _intents(waiting) == ["dlg-resume", "dlg-drop"]
    assert (await _req(db)).member.dialog_data["name"] == "李四"
    resumed = await registry.run(await _req(db), "dlg-resume", ())
    assert "请发送收货人手机号" in _text(resumed)
