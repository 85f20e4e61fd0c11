"""A door with no chat, for driving the shop's flows as Request → Reply: one person's requests, each
built afresh from the store as a real door builds it per update (so the member, their dialog row and
their roles are read anew every time)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import handlers  # noqa: F401  (the flows register their intents and dialogs on import)
from handlers import dialog, purchase, registry
from handlers.notify import compose
from handlers.policy import Policy
from handlers.reply import Action, Alert, Document, Payment, Screen, parts
from handlers.request import Request, Visitor
from locales import Translator
from store import members, notices, roles
from store.db import Database
from store.errors import DomainError
from store.models import Role


@dataclass
class Door:
    db: Database
    user_id: int
    name: str = "张三"
    locale: str = "zh-CN"
    policy: Policy = field(default_factory=Policy)

    async def request(self) -> Request:
        async with self.db.begin() as session:
            member = await members.ensure(session, telegram_user_id=self.user_id, display_name=self.name)
            member = await members.get(session, member_id=member.id)
        return Request(
            db=self.db,
            translator=Translator(self.locale),
            policy=self.policy,
            member=member,
            locale=self.locale,
            visitor=Visitor(self.user_id, self.name),
            product_link=lambda product_id: f"https://door.example/p/{product_id}",
        )

    async def command(self, name: str, text: str = ""):
        return await registry.COMMANDS[name](await self.request(), text)

    async def tap(self, intent: str, *args: int):
        return await registry.run(await self.request(), intent, args)

    async def press(self, reply, intent: str, nth: int = 0):
        """Tap the `nth` action of `intent` the reply offers, with the arguments it carries."""
        return await self.tap(intent, *offered(reply, intent)[nth].args)

    async def say(self, text: str):
        """Text while a dialog asks: its answer."""
        return await dialog.on_text(await self.request(), text)

    async def photo(self, file_id: str, caption: str = ""):
        return await dialog.on_photo(await self.request(), file_id, caption)

    async def member(self):
        return (await self.request()).member

    async def grant(self, role: Role, scope_id: int = roles.ALL) -> Door:
        async with self.db.begin() as session:
            await roles.grant(session, telegram_user_id=self.user_id, role=role, scope_id=scope_id)
        return self

    async def join_first_branch(self) -> Door:
        async with self.db.begin() as session:
            member = await members.ensure(session, telegram_user_id=self.user_id, display_name=self.name)
            branch = (await members.branches(session, text="", page=0, per_page=1)).items[0]
            await members.join_branch(session, member_id=member.id, branch_id=branch.id)
        return self


def screens(reply) -> list[Screen]:
    return [p for p in parts(reply) if isinstance(p, Screen)]


def text(reply) -> str:
    return "\n".join(p.text for p in parts(reply) if isinstance(p, Screen | Alert))


def intents(reply) -> list[str]:
    return [a.intent for s in screens(reply) for row in s.rows for a in row if a.intent]


def offered(reply, intent: str) -> list[Action]:
    return [a for s in screens(reply) for row in s.rows for a in row if a.intent == intent]


def alert(reply) -> Alert | None:
    return next((p for p in parts(reply) if isinstance(p, Alert)), None)


def document(reply) -> Document | None:
    return next((p for p in parts(reply) if isinstance(p, Document)), None)


def payment(reply) -> Payment | None:
    return next((p for p in parts(reply) if isinstance(p, Payment)), None)


async def refusal(flow) -> str:
    """What a door says when `flow` (an awaited intent) is refused by a domain error — its message
    in Chinese, as the door's error handler says it; fails the test if nothing is refused."""
    with pytest.raises(DomainError) as refused:
        await flow
    return Translator("zh-CN").t("zh-CN", f"error-{refused.value.code}")


async def news(door: Door) -> list[str]:
    """What the door's member has been told (their notices, oldest first), as each would read now."""
    member = await door.member()
    async with door.db.read() as session:
        told = await notices.of_member(session, member_id=member.id)
        outgoing = [notices.Outgoing(n, door.user_id, door.locale) for n in told]
        translator = Translator(door.locale)
        return [(await compose(session, translator, door.policy.timezone, o)).text for o in outgoing]


async def order(door: Door, product_id: int, quantity: int = 1, nonce: int = 0):
    """一键下单 as a door places it (`purchase.place`, settled as `door.policy` takes money): the
    order, and what the member is shown after it."""
    req = await door.request()
    async with door.db.begin() as session:
        placed = await purchase.place(
            session,
            member_id=req.member_id,
            policy=door.policy,
            product_id=product_id,
            quantity=quantity,
            key=f"flows:order:{req.member_id}:{product_id}:{quantity}:{nonce}",
        )
    return placed, purchase.placed(req, placed)


def labelled(reply, words: str) -> Action:
    """The first action the reply offers whose label holds `words`, as a person finds a button."""
    found = [a for s in screens(reply) for row in s.rows for a in row if words in a.label]
    assert found, f"no {words!r} among {[a.label for s in screens(reply) for row in s.rows for a in row]}"
    return found[0]


async def choose(door: Door, reply, words: str):
    """Tap the action of the reply whose label holds `words` (a dialog's choice, a list's entry)."""
    action = labelled(reply, words)
    return await door.tap(action.intent, *action.args)
