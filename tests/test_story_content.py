"""A first secretary tells a village's story; members find it in the zone and from the product card;
an organiser publishes an exemplar and nominates it (issue #6, property 3 through the chat)."""

from __future__ import annotations

from sqlalchemy import select

from bot.telegram import callbacks
from store import roles, stories
from store.content_models import MediaNomination, Story
from store.models import Product, ProductStatus, Role
from tests.stories import register


async def _village_of(tg, product_name: str) -> tuple[int, int]:
    async with tg.db.read() as session:
        product = await session.scalar(select(Product).where(Product.name == product_name))
        return product.village_id, product.id


async def test_a_first_secretary_story_in_the_zone_and_on_the_card(tg):
    alice = await register(tg, "alice")
    village_id, product_id = await _village_of(tg, "城口老腊肉（五花）")
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=920, role=Role.first_secretary, scope_id=village_id)
    secretary = tg.member("secretary", user_id=920)

    await alice.send("/story")
    assert "没有进行此操作的权限" in alice.last
    await alice.tap_data(callbacks.make("st-new", village_id))  # forged: not her village
    assert "权限" in alice.alert
    await secretary.send("/story")
    await secretary.tap_data(callbacks.make("st-new", village_id + 1))  # another village
    assert "权限" in secretary.alert
    await secretary.tap("写新故事")
    await secretary.send("平原村的老腊肉")
    await secretary.send("大巴山深处，柴火熏足九十天。")
    await secretary.send_sticker()  # not a photo: said so, and the button to go on is still there
    assert "这里可以发送照片" in secretary.recent(2) and "照片好了（0 张）" in " ".join(secretary.buttons)
    await secretary.send_photo()
    assert "照片好了（1 张）" in " ".join(secretary.buttons)
    await secretary.tap("照片好了")
    await secretary.tap("城口老腊肉（五花）")
    assert "✅ 城口老腊肉（五花）" in " ".join(secretary.buttons) and "取消" in secretary.buttons
    await secretary.tap_data(callbacks.make("dlg-pick", 1, 999_999))  # not a product of the village
    await secretary.tap("完成")
    await secretary.tap("只发布")
    assert "故事已发布" in secretary.alert

    await alice.send("/menu")
    await alice.tap("第一书记代言")
    await alice.tap("城口县")
    await alice.tap("1 篇故事")
    assert "第一书记的 1 篇故事和村里的好物" in alice.last  # under the village's name
    assert "城口老腊肉（五花）" in " ".join(alice.buttons)
    await alice.tap("城口老腊肉（五花）")
    await alice.tap("返回")  # back to the village, not the menu
    assert "第一书记的 1 篇故事和村里的好物" in alice.last
    await alice.tap("城口老腊肉（五花）")
    await alice.tap("第一书记代言")
    assert "柴火熏足九十天" in alice.last

    # Editing only the title keeps the words, the photo and the endorsed product.
    await secretary.send("/story")
    await secretary.tap("编辑")
    assert "现在是：平原村的老腊肉" in secretary.recent(2)
    await secretary.send("平原村的柴火老腊肉")
    await secretary.send("-")
    assert "照片好了（1 张）" in " ".join(secretary.buttons)
    await secretary.tap("照片好了")
    assert "✅ 城口老腊肉（五花）" in " ".join(secretary.buttons)
    await secretary.tap("完成")
    await secretary.tap("只发布")
    async with tg.db.read() as session:
        story = await stories.get(session, story_id=await session.scalar(select(Story.id)))
        assert (story.title, story.text) == ("平原村的柴火老腊肉", "大巴山深处，柴火熏足九十天。")
        assert len(story.photos) == 1 and [p.product_id for p in story.products] == [product_id]
    await secretary.send("/story")  # and its photo can be taken out
    await secretary.tap("编辑")
    await secretary.send("-")
    await secretary.send("-")
    await secretary.tap("重新选照片")
    assert "照片好了（0 张）" in " ".join(secretary.buttons)
    await secretary.tap("照片好了")
    await secretary.tap("完成")
    await secretary.tap("只发布")
    async with tg.db.read() as session:
        story = await stories.get(session, story_id=story.id)
        assert story.photos == [] and story.title == "平原村的柴火老腊肉"

    # The secretary drafts a village product; it waits for an admin, who is told.
    admin = await tg.admin(user_id=921)
    await secretary.send("/story")
    await secretary.tap("上架村产品")
    for answer in ("平原村土鸡蛋", "NaN", "1e3", "39.80元", "30枚/盒", "²", "50"):
        await secretary.send(answer)  # NaN, 1e3 and ² are asked again; 39.80元 is taken as ¥39.80
        assert "出了点问题" not in secretary.last
    await secretary.send_sticker()  # the category is asked again, with its buttons
    assert "请点下面的按钮选择" in secretary.recent(2) and "土家禽" in secretary.buttons
    await secretary.tap("土家禽")
    assert "介绍一下这件产品" in secretary.last  # a description and a photo, as a nomination has
    await secretary.send("散养土鸡下的蛋，个大味香")
    assert "照片" in secretary.last
    await secretary.send_photo()
    assert "管理员审核后上架" in secretary.last
    async with tg.db.read() as session:
        draft = await session.scalar(select(Product).where(Product.name == "平原村土鸡蛋"))
        assert draft.status == ProductStatus.draft and draft.village_id == village_id
        assert draft.description == "散养土鸡下的蛋，个大味香" and draft.photo
    assert "待审核：平原村土鸡蛋" in admin.last and "¥39.80" in admin.last
    await alice.tap_data(callbacks.make("drafts"))  # forged: not an admin
    assert "权限" in alice.alert
    await admin.tap("查看待审核的村产品")
    await admin.tap("平原村土鸡蛋")
    assert "¥39.80 / 30枚/盒 · 库存 50" in admin.last and "土家禽" in admin.last  # seen in full first
    assert "散养土鸡下的蛋" in admin.last and admin.messages()[-1].get("photo")
    await admin.tap("上架")
    assert "已上架" in admin.alert
    assert "平原村土鸡蛋 已通过审核上架" in secretary.last
    await admin.tap_data(callbacks.make("draft-ok", draft.id))  # a second tap: told once
    assert sum("已通过审核上架" in (m.get("text") or "") for m in secretary.messages()) == 1
    await secretary.tap("查看商品")
    assert "平原村土鸡蛋" in secretary.last and "39.80" in secretary.last
    async with tg.db.read() as session:
        assert (await session.get(Product, draft.id)).status == ProductStatus.listed

    # Another draft is turned down: never listed, and its secretary is told once.
    await secretary.send("/story")
    await secretary.tap("上架村产品")
    for answer in ("平原村笋干", "25", "250克/袋", "20"):
        await secretary.send(answer)
    await secretary.tap("土家禽")
    await secretary.tap("跳过")  # no description
    await secretary.tap("跳过")  # no photo
    await admin.send("/drafts")
    await admin.tap("平原村笋干")
    await admin.tap("退回")
    assert "已退回" in admin.alert and "平原村笋干" not in " ".join(admin.buttons)
    assert "平原村笋干" in secretary.last and "没有通过审核" in secretary.last
    async with tg.db.read() as session:
        shoots = await session.scalar(select(Product).where(Product.name == "平原村笋干"))
        assert shoots.status == ProductStatus.delisted
    await admin.tap_data(callbacks.make("draft-no", shoots.id))  # a second tap changes nothing
    await admin.tap_data(callbacks.make("draft-ok", shoots.id))  # nor can it be listed now
    assert sum("没有通过审核" in (m.get("text") or "") for m in secretary.messages()) == 1

    await secretary.send("/story")
    await secretary.tap("撤回")
    assert "撤回故事" in secretary.last  # asked first
    async with tg.db.read() as session:
        assert (await session.scalar(select(Story))).status.value != "withdrawn"
    await secretary.tap("确认撤回")
    assert "已撤回" in secretary.alert
    async with tg.db.read() as session:
        assert (await session.scalar(select(Story))).status.value == "withdrawn"


async def test_an_exemplar_is_published_paged_and_nominated_once(tg):
    alice = await register(tg, "alice")
    organiser = await tg.organiser()
    await alice.send("/exemplar")
    assert "没有进行此操作的权限" in alice.last

    await organiser.send("/exemplar")
    await organiser.send("驻村三年，岚溪村变了样")
    await organiser.send("市财政局驻村工作队")
    await organiser.tap("城口县")
    await organiser.send("修路、建合作社、把腊肉卖进城。")
    await organiser.tap("照片好了")
    assert "驻村三年" in organiser.last and "市财政局驻村工作队" in organiser.last  # a preview first
    await organiser.tap("发布")
    assert "已发布到先进典型" in organiser.alert

    await alice.send("/menu")
    await alice.tap("先进典型")
    assert "驻村三年" in alice.last and "推荐至市级媒体" not in " ".join(alice.buttons)
    await alice.tap_data(callbacks.make("ex-nominate", 1, 0))
    assert "权限" in alice.alert
    await organiser.send("/menu")
    await organiser.tap("先进典型")
    await organiser.tap("推荐至市级媒体")
    assert "已记录推荐" in organiser.alert and "已推荐至市级媒体" in organiser.last
    await organiser.tap_data(callbacks.make("ex-nominate", 1, 0))
    assert "已经推荐过了" in organiser.alert
    async with tg.db.read() as session:
        assert len(list(await session.scalars(select(MediaNomination)))) == 1
