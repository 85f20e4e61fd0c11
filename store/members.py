"""Members: who they are, their branch, locale and the step of their current dialog."""

from __future__ import annotations

import re
import secrets
import unicodedata

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from .catalog import containing
from .errors import DialogMoved, InvalidInput, NotFound, UnknownInvite
from .models import Agency, Branch, Member
from .paging import Page, paginate

PAGE_SIZE = 8


# Every update starts here: the member's own row only (handlers need id, branch, locale and dialog;
# joining branch, agency and roles cost more than the read itself), and a statement built once, so
# SQLAlchemy does not walk it again for its cache key on every call.
_BY_TELEGRAM_ID = select(Member).where(Member.telegram_user_id == bindparam("telegram_user_id"))
_PROFILE = _BY_TELEGRAM_ID.options(
    joinedload(Member.branch).joinedload(Branch.agency), selectinload(Member.roles)
)


async def by_telegram_id(session: AsyncSession, telegram_user_id: int) -> Member | None:
    """The member behind a Telegram user (their row only); None if new."""
    return await session.scalar(_BY_TELEGRAM_ID, {"telegram_user_id": telegram_user_id})


_ID_BY_TELEGRAM_ID = select(Member.id).where(Member.telegram_user_id == bindparam("telegram_user_id"))


async def id_of(session: AsyncSession, telegram_user_id: int) -> int | None:
    """The id of the member behind a Telegram user; None if new."""
    return await session.scalar(_ID_BY_TELEGRAM_ID, {"telegram_user_id": telegram_user_id})


async def profile(session: AsyncSession, telegram_user_id: int) -> Member | None:
    """The member with branch, agency and roles loaded, for /me; None if new."""
    return await session.scalar(_PROFILE, {"telegram_user_id": telegram_user_id})


async def ensure(
    session: AsyncSession, *, telegram_user_id: int, display_name: str, locale: str | None = None
) -> Member:
    """The member for a Telegram user, created on first contact."""
    if member := await by_telegram_id(session, telegram_user_id):
        return member
    # A Telegram name is the member's own and kept as it is, but for a NUL: no database keeps one.
    display_name = display_name.replace("\x00", "")[:128]
    member = Member(telegram_user_id=telegram_user_id, display_name=display_name, locale=locale)
    session.add(member)
    await session.flush()
    return await by_telegram_id(session, telegram_user_id)


async def get(session: AsyncSession, *, member_id: int) -> Member:
    member = await session.scalar(
        select(Member)
        .where(Member.id == member_id)
        .options(joinedload(Member.branch).joinedload(Branch.agency), selectinload(Member.roles))
    )
    if member is None:
        raise NotFound("member", member_id)
    return member


async def set_locale(session: AsyncSession, *, member_id: int, locale: str) -> None:
    member = await get(session, member_id=member_id)
    member.locale = locale


async def set_dialog(
    session: AsyncSession,
    *,
    member_id: int,
    dialog: str | None,
    data: dict | None = None,
    seen: int | None = None,
) -> int:
    """Keep (or clear, with None) the step of the member's current dialog; returns its new version.

    With `seen`, the dialog version the update read: written only if no other update changed the
    dialog since (DialogMoved otherwise). Several workers may handle one member's quick answers at
    once, and each would otherwise write its answer over the step the other one has already taken.
    """
    condition = [Member.id == member_id]
    if seen is not None:
        condition.append(Member.dialog_version == seen)
    version = await session.scalar(
        update(Member)
        .where(*condition)
        .values(dialog=dialog, dialog_data=data, dialog_version=Member.dialog_version + 1)
        .returning(Member.dialog_version)
    )
    if version is None:
        raise DialogMoved(member_id) if seen is not None else NotFound("member", member_id)
    return version


async def take_dialog(
    session: AsyncSession, *, member_id: int, dialog: str, step: str | None = None
) -> dict | None:
    """End the member's dialog, once: the answers kept so far, if the member is in `dialog` (at
    `step`, when given); None otherwise, and nothing changes.

    Call it first in the transaction that acts on the dialog's last answer: of two taps of the same
    "publish" at once, one takes the answers and the other finds the dialog gone (on PostgreSQL the
    second UPDATE waits for the first's row lock, then sees the cleared row and matches nothing).
    """
    condition = [Member.id == member_id, Member.dialog == dialog]
    if step is not None:
        condition.append(Member.dialog_data["step"].as_string() == step)
    # RETURNING gives the new values: dialog_data is left as it was by this statement, cleared by the next.
    taken = await session.execute(
        update(Member)
        .where(*condition)
        .values(dialog=None, dialog_version=Member.dialog_version + 1)
        .returning(Member.dialog_data)
    )
    row = taken.first()
    if row is None:
        return None
    await session.execute(update(Member).where(Member.id == member_id).values(dialog_data=None))
    return dict(row.dialog_data or {})


async def set_last_search(session: AsyncSession, *, member_id: int, text: str) -> None:
    member = await get(session, member_id=member_id)
    member.last_search = text[:64]


async def join_branch(
    session: AsyncSession, *, member_id: int, branch_id: int, ends: str | None = None
) -> Branch:
    """Put the member in a branch (a member belongs to one branch at a time); joining ends the
    dialog `ends` (the choosing of a branch) if that is the member's, and no other draft."""
    branch = await session.scalar(
        select(Branch).where(Branch.id == branch_id).options(selectinload(Branch.agency))
    )
    if branch is None:
        raise NotFound("branch", branch_id)
    member = await get(session, member_id=member_id)
    member.branch_id = branch.id
    if ends is not None and member.dialog == ends:
        member.dialog = None
        member.dialog_data = None
        member.dialog_version = Member.dialog_version + 1  # in SQL: not over another worker's bump
    return branch


async def branch_by_invite(session: AsyncSession, *, code: str) -> Branch:
    branch = await session.scalar(
        select(Branch).where(Branch.invite_code == code).options(selectinload(Branch.agency))
    )
    if branch is None:
        raise UnknownInvite(code)
    return branch


async def make_invite(session: AsyncSession, *, branch_id: int) -> str:
    """The branch's invite code, created once and kept."""
    branch = await session.get(Branch, branch_id)
    if branch is None:
        raise NotFound("branch", branch_id)
    if not branch.invite_code:
        branch.invite_code = secrets.token_urlsafe(6).replace("-", "x").replace("_", "y").lower()
    return branch.invite_code


async def agencies(
    session: AsyncSession, *, text: str = "", page: int = 0, per_page: int = PAGE_SIZE
) -> Page[Agency]:
    """Agencies whose name contains `text` (all when empty), paged by name."""
    query = select(Agency).order_by(Agency.id)
    if text:
        names = (func.lower(Agency.name), func.lower(Agency.name_en))
        query = query.where(or_(*(containing(n, text.lower()) for n in names)))
    return await paginate(session, query, page=page, per_page=per_page)


async def branches(
    session: AsyncSession,
    *,
    agency_id: int | None = None,
    text: str = "",
    page: int = 0,
    per_page: int = PAGE_SIZE,
) -> Page[Branch]:
    """Branches of an agency, or all branches matching `text`, paged."""
    query = select(Branch).options(selectinload(Branch.agency)).order_by(Branch.id)
    if agency_id is not None:
        query = query.where(Branch.agency_id == agency_id)
    if text:
        names = (func.lower(Branch.name), func.lower(Branch.name_en), func.lower(Agency.name))
        query = query.join(Branch.agency).where(or_(*(containing(n, text.lower()) for n in names)))
    return await paginate(session, query, page=page, per_page=per_page)


async def agency(session: AsyncSession, *, agency_id: int) -> Agency:
    found = await session.get(Agency, agency_id)
    if found is None:
        raise NotFound("agency", agency_id)
    return found


MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
LANDLINE = re.compile(r"^0[0-9]{9,11}$")  # area code (2 or 3 digits after the 0), 7 or 8 digits
# Dashes people put between digit groups (a phone's keyboard, a word processor's): all a hyphen.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
CONTACT_LIMITS = {"name": (1, 32), "address": (6, 200)}


def check_contact_field(field: str, value: str) -> str:
    """A delivery contact field, tidied; raises InvalidInput(field) when it cannot be right."""
    value = " ".join(value.split())
    if field == "phone":  # as people write them: +86 138 0013 8000, 138-0013-8000, 023-6388-1234,
        # １３８ ００１３ ８０００ on a Chinese keyboard (full width, NFKC), 8613800138000
        value = unicodedata.normalize("NFKC", value).translate(_DASHES).replace(" ", "")
        abroad = re.match(r"^(\+86|0086|86(?=1[3-9][0-9]{9}$))-?", value)
        if abroad:  # the trunk 0 of a landline is left out after the country code
            value = value[abroad.end() :]
            value = value if value.startswith("0") or MOBILE.match(value.replace("-", "")) else f"0{value}"
        digits = value.replace("-", "")
        if MOBILE.match(digits):
            return digits
        if not LANDLINE.match(digits):
            raise InvalidInput(field)
        return value
    low, high = CONTACT_LIMITS[field]
    if not low <= len(value) <= high:
        raise InvalidInput(field)
    return value


async def set_contact(
    session: AsyncSession, *, member_id: int, name: str, phone: str, address: str
) -> Member:
    """Keep the member's delivery contact, checked field by field."""
    member = await get(session, member_id=member_id)
    member.contact_name = check_contact_field("name", name)
    member.contact_phone = check_contact_field("phone", phone)
    member.contact_address = check_contact_field("address", address)
    return member
