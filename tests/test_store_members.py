"""Members, branches, invites and the one authorization check for roles."""

from __future__ import annotations

import asyncio

import pytest

from store import members, roles
from store.errors import DialogMoved, Forbidden, InvalidInput, NotFound, UnknownInvite
from store.models import Agency, Branch, Role, Supplier, SupplierKind, Village


async def _organisation(session) -> tuple[Agency, Branch, Branch]:
    agency = Agency(name="市财政局", name_en="Finance Bureau")
    session.add(agency)
    await session.flush()
    first = Branch(agency_id=agency.id, name="市财政局机关第一党支部", name_en="Branch 1")
    second = Branch(agency_id=agency.id, name="市财政局机关第二党支部", name_en="Branch 2")
    session.add_all([first, second])
    await session.flush()
    return agency, first, second


async def test_first_contact_creates_one_member(db):
    async with db.begin() as session:
        a = await members.ensure(session, telegram_user_id=42, display_name="Alice")
        b = await members.ensure(session, telegram_user_id=42, display_name="Alice again")
    assert a.id == b.id and b.display_name == "Alice" and b.branch_id is None


async def test_join_by_invite_code(db):
    async with db.begin() as session:
        _, first, _ = await _organisation(session)
        code = await members.make_invite(session, branch_id=first.id)
        assert await members.make_invite(session, branch_id=first.id) == code  # kept, not renewed
        member = await members.ensure(session, telegram_user_id=7, display_name="Bob")
        branch = await members.branch_by_invite(session, code=code)
        await members.join_branch(session, member_id=member.id, branch_id=branch.id)
    async with db.read() as session:
        member = await members.profile(session, 7)
        assert member.branch.name == "市财政局机关第一党支部" and member.branch.agency.name == "市财政局"
        with pytest.raises(UnknownInvite):
            await members.branch_by_invite(session, code="nope")


async def test_branches_paged_and_searched(db):
    async with db.begin() as session:
        agency, _, _ = await _organisation(session)
    async with db.read() as session:
        page = await members.branches(session, agency_id=agency.id, per_page=1)
        assert (page.total, page.pages, page.has_next) == (2, 2, True)
        found = await members.branches(session, text="第二")
        assert [b.name for b in found.items] == ["市财政局机关第二党支部"]
        assert (await members.branches(session, text="财政局")).total == 2
        assert (await members.agencies(session, text="finance")).total == 1


async def test_roles_are_checked_with_their_scope(db):
    async with db.begin() as session:
        agency, _, _ = await _organisation(session)
        village = Village(county_id=1, name="岚溪村")
        supplier = Supplier(name="巴山食品", kind=SupplierKind.brand)
        session.add_all([village, supplier])
        await session.flush()
        await roles.grant(session, telegram_user_id=1, role=Role.first_secretary, scope_id=village.id)
        await roles.grant(session, telegram_user_id=2, role=Role.organiser, scope_id=roles.ALL)
        await roles.grant(session, telegram_user_id=3, role=Role.organiser, scope_id=agency.id)
        await roles.grant(session, telegram_user_id=4, role=Role.admin)
        await roles.grant(session, telegram_user_id=4, role=Role.admin)  # idempotent
        await roles.grant(session, telegram_user_id=5, role=Role.supplier, scope_id=supplier.id)
        ids = {n: (await members.by_telegram_id(session, n)).id for n in range(1, 6)}

        async def may(n: int, role: Role, scope: int | None) -> bool:
            try:
                await roles.authorize(session, member_id=ids[n], role=role, scope_id=scope)
                return True
            except Forbidden:
                return False

        assert await may(1, Role.first_secretary, village.id)
        assert not await may(1, Role.first_secretary, village.id + 1)
        assert not await may(1, Role.organiser, agency.id)
        assert await may(2, Role.organiser, agency.id) and await may(2, Role.organiser, 999)
        assert await may(3, Role.organiser, agency.id) and not await may(3, Role.organiser, agency.id + 1)
        assert await may(4, Role.supplier, supplier.id) and await may(4, Role.organiser, 5)
        assert await may(5, Role.supplier, supplier.id) and not await may(5, Role.admin, None)
        assert len(await roles.roles_of(session, member_id=ids[4])) == 1
        with pytest.raises(Forbidden):
            await roles.authorize(session, member_id=None, role=Role.admin)


async def test_grant_refuses_missing_or_unknown_scope_and_revoke_takes_it_away(db):
    async with db.begin() as session:
        with pytest.raises(InvalidInput):
            await roles.grant(session, telegram_user_id=9, role=Role.supplier)
        with pytest.raises(NotFound):
            await roles.grant(session, telegram_user_id=9, role=Role.first_secretary, scope_id=12345)
        with pytest.raises(InvalidInput):
            await roles.grant(session, telegram_user_id=9, role=Role.admin, scope_id=3)
        await roles.grant(session, telegram_user_id=9, role=Role.admin)
        member = await members.by_telegram_id(session, 9)
        assert await roles.revoke(session, telegram_user_id=9, role=Role.admin) == 1
        with pytest.raises(Forbidden):
            await roles.authorize(session, member_id=member.id, role=Role.admin)


async def test_a_dialog_is_taken_once_and_only_at_its_step(db):
    async with db.begin() as session:
        member = await members.ensure(session, telegram_user_id=11, display_name="Organiser")
        data = {"step": "preview", "title": "进城口县"}
        await members.set_dialog(session, member_id=member.id, dialog="event", data=data)
    async with db.begin() as session:
        assert await members.take_dialog(session, member_id=member.id, dialog="fair") is None
        assert await members.take_dialog(session, member_id=member.id, dialog="event", step="title") is None

    async def take() -> dict | None:
        async with db.begin() as session:
            return await members.take_dialog(session, member_id=member.id, dialog="event", step="preview")

    taken = await asyncio.gather(*(take() for _ in range(5)))
    assert [t for t in taken if t is not None] == [data]
    async with db.read() as session:
        found = await members.get(session, member_id=member.id)
        assert (found.dialog, found.dialog_data) == (None, None)


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("0086 138 0013 8000", "13800138000"),
        ("023-63881234", "023-63881234"),
        ("023-6388-1234", "023-6388-1234"),
        ("02363881234", "02363881234"),
        ("+86 23 6388 1234", "02363881234"),
        ("+86-10-12345678", "010-12345678"),
    ],
)
def test_a_phone_number_is_taken_as_people_write_it(written, kept):
    assert members.check_contact_field("phone", written) == kept


@pytest.mark.parametrize(
    "written", ["12345", "23800138000", "138001380001", "138-0013-800a", "+1 2025550100", "023-123"]
)
def test_a_phone_number_that_cannot_be_right_is_refused(written):
    with pytest.raises(InvalidInput):
        members.check_contact_field("phone", written)


async def test_a_dialog_step_is_written_only_over_the_version_it_was_read_at(db):
    async with db.begin() as session:
        member = await members.ensure(session, telegram_user_id=8, display_name="Carol")
        read = member.dialog_version
        first = await members.set_dialog(
            session, member_id=member.id, dialog="contact", data={"step": "phone"}, seen=read
        )
    assert first == read + 1
    with pytest.raises(DialogMoved):  # read before that write: refused, and nothing changes
        async with db.begin() as session:
            await members.set_dialog(
                session, member_id=member.id, dialog="contact", data={"step": "x"}, seen=read
            )
    async with db.begin() as session:
        assert await members.take_dialog(session, member_id=member.id, dialog="contact") == {"step": "phone"}
    async with db.begin() as session:  # taking the answers moved the dialog on too
        with pytest.raises(DialogMoved):
            await members.set_dialog(session, member_id=member.id, dialog="contact", seen=first)
        assert (
            await members.set_dialog(session, member_id=member.id, dialog=None) == first + 2
        )  # leaving always
    async with db.read() as session:
        member = await members.by_telegram_id(session, 8)
        assert (member.dialog, member.dialog_data, member.dialog_version) == (None, None, first + 2)
