"""A door with no chat, for driving the shop's flows as Request → Reply: one person's requests, each
built afresh from the store as a real door builds it per update (so the member, their dialog row and
their roles are read anew every time)."""

from __future__ import annotations

from dataclasses import dataclass, field

import handlers  # noqa: F401  (the flows register their intents and dialogs on import)
from handlers import dialog, registry
from handlers.policy import Policy
from handlers.reply import Action, Alert, Document, Payment, Screen, parts
from handlers.request import Request, Visitor
from locales import Translator
from store import members, roles
from store.db import Database
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
