"""Roles and the one authorization check every privileged action goes through.

Scopes: supplier → a supplier id, first_secretary → a village id, organiser → an agency id or 0
for all agencies; admin and member are unscoped (0).
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from . import members
from .errors import Forbidden, InvalidInput, NotFound
from .models import Agency, Member, Role, RoleGrant, Supplier, Village

ALL = 0
_SCOPE_TABLE = {Role.supplier: Supplier, Role.first_secretary: Village, Role.organiser: Agency}
_SCOPE_REQUIRED = {Role.supplier, Role.first_secretary}


async def grant(
    session: AsyncSession, *, telegram_user_id: int, role: Role, scope_id: int = ALL
) -> RoleGrant:
    """Grant a role, creating the member if they have not written to the bot yet. Idempotent."""
    await _check_scope(session, role, scope_id)
    member = await session.scalar(select(Member).where(Member.telegram_user_id == telegram_user_id))
    if member is None:
        member = Member(telegram_user_id=telegram_user_id)
        session.add(member)
        await session.flush()
    existing = await session.scalar(
        select(RoleGrant).where(
            RoleGrant.member_id == member.id, RoleGrant.role == role, RoleGrant.scope_id == scope_id
        )
    )
    if existing:
        return existing
    role_grant = RoleGrant(member_id=member.id, role=role, scope_id=scope_id)
    session.add(role_grant)
    await session.flush()
    return role_grant


async def revoke(
    session: AsyncSession, *, telegram_user_id: int, role: Role, scope_id: int | None = None
) -> int:
    """Take a role away (one scope, or every scope when None); returns how many grants went."""
    member_id = await members.id_of(session, telegram_user_id)
    if member_id is None:
        raise NotFound("member", telegram_user_id)
    query = delete(RoleGrant).where(RoleGrant.member_id == member_id, RoleGrant.role == role)
    if scope_id is not None:
        query = query.where(RoleGrant.scope_id == scope_id)
    return (await session.execute(query)).rowcount


async def roles_of(session: AsyncSession, *, member_id: int) -> list[RoleGrant]:
    return list(await session.scalars(select(RoleGrant).where(RoleGrant.member_id == member_id)))


async def holds_any(session: AsyncSession, *, member_id: int) -> bool:
    """Whether the member holds a role beyond member's (supplier, first secretary, organiser,
    admin): staff, who need not belong to a party branch to use the bot."""
    held = select(RoleGrant.id).where(RoleGrant.member_id == member_id, RoleGrant.role != Role.member)
    return bool(await session.scalar(held.limit(1)))


def allows(grants: list[RoleGrant], role: Role, scope_id: int | None = None) -> bool:
    """Whether `grants` permit acting as `role` on `scope_id` (None: any scope of that role).

    An admin may do everything; an organiser scoped to all agencies may act on any agency.
    """
    if role == Role.member:
        return True
    for held in grants:
        if held.role == Role.admin:
            return True
        if held.role != role:
            continue
        if scope_id is None or held.scope_id == scope_id or (role == Role.organiser and held.scope_id == ALL):
            return True
    return False


async def organiser_scope(session: AsyncSession, *, member_id: int | None) -> int:
    """The agency an organiser acts for (ALL for an admin or an organiser of all agencies); Forbidden
    for anyone else. Every organiser's view and change asks this one question."""
    grants = await roles_of(session, member_id=member_id or 0)
    if allows(grants, Role.organiser, ALL):
        return ALL
    for held in grants:
        if held.role == Role.organiser:
            return held.scope_id
    raise Forbidden(Role.organiser)


async def authorize(
    session: AsyncSession, *, member_id: int | None, role: Role, scope_id: int | None = None
) -> None:
    """Raise Forbidden unless the member holds `role` for `scope_id`."""
    if member_id is None or not allows(await roles_of(session, member_id=member_id), role, scope_id):
        raise Forbidden(role, scope_id)


async def scope_ids(session: AsyncSession, *, role: Role) -> tuple[int, int | None, int | None]:
    """How many scopes `role` may be granted on, and their lowest and highest id (what exists, for
    someone who named one that does not)."""
    table = _SCOPE_TABLE[role]
    query = select(func.count(), func.min(table.id), func.max(table.id))
    return tuple((await session.execute(query)).one())


async def _check_scope(session: AsyncSession, role: Role, scope_id: int) -> None:
    if role in _SCOPE_REQUIRED and scope_id == ALL:
        raise InvalidInput(f"{role} needs --scope")
    if role in (Role.admin, Role.member) and scope_id != ALL:
        raise InvalidInput(f"{role} takes no scope")
    table = _SCOPE_TABLE.get(role)
    if table is not None and scope_id != ALL and await session.get(table, scope_id) is None:
        raise NotFound(table.__tablename__, scope_id)


class Holder(NamedTuple):
    """Who holds a role, as much as telling them something needs."""

    id: int
    telegram_user_id: int
    locale: str | None


async def holders(session: AsyncSession, *, role: Role, scope_id: int) -> list[Holder]:
    """Members holding `role` for exactly `scope_id`: who to tell about it."""
    found = await session.execute(_HOLDERS, {"role": role, "scope_id": scope_id})
    return [Holder(*row) for row in found]


_HOLDERS = (  # built once: every paid order tells its supplier's people
    select(Member.id, Member.telegram_user_id, Member.locale)
    .join(RoleGrant, RoleGrant.member_id == Member.id)
    .where(
        RoleGrant.role == bindparam("role"),
        RoleGrant.scope_id == bindparam("scope_id"),
        Member.telegram_user_id.is_not(None),
    )
)
