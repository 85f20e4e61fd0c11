"""The notice outbox: a message to one member, written in the transaction of the change that causes
it, and sent after the commit by the process that wrote it — or, should that process die first, by
any process once the claim's lease is over. A crash between the commit and the send loses nothing
and repeats at most what was in flight.

A notice holds a message key and its arguments (ids and values), never rendered text: it is
rendered when it is sent, in the recipient's language, for the door they use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Member
from .notice_models import Notice, NoticeStatus
from .sql import insert_ignoring_duplicates

# session.info keys. WRITTEN: ids of the notices this transaction wrote, handed to the process's
# sender once it commits (store.db.Database). SENDS: set by a Database whose process sends them
# right after the commit, so they are written already claimed; without one they wait as pending
# for whichever process sends notices.
WRITTEN = "aixin_notices_written"
SENDS = "aixin_notices_sent_here"
MAX_ATTEMPTS = 5
LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class Button:
    """A button under a notice: the message key of its label, and the intent it opens."""

    label: str
    intent: str
    args: tuple[int, ...] = ()


def encode(rows: Iterable[Iterable[Button]]) -> list[list[dict]]:
    return [[{"label": a.label, "intent": a.intent, "args": list(a.args)} for a in row] for row in rows]


def decode(rows: list[list[dict]]) -> list[list[Button]]:
    return [[Button(a["label"], a["intent"], tuple(a["args"])) for a in row] for row in rows]


async def add(
    session: AsyncSession,
    *,
    member_id: int,
    key: str,
    idempotency_key: str,
    now: datetime,
    args: dict | None = None,
    actions: Sequence[Sequence[Button]] = (),
    urgent: bool = True,
) -> int | None:
    """Write a notice to `member_id`; the same `idempotency_key` writes it once (None then)."""
    sends_here = bool(session.info.get(SENDS))
    inserted = await session.execute(
        insert_ignoring_duplicates(session, Notice, "idempotency_key", returning="id"),
        {
            "member_id": member_id,
            "key": key,
            "args": args or {},
            "actions": encode(actions),
            "urgent": urgent,
            "idempotency_key": idempotency_key[:128],
            "status": NoticeStatus.sending if sends_here else NoticeStatus.pending,
            "attempts": 0,
            "next_attempt_at": now,
            "claimed_at": now if sends_here else None,
            "error": "",
            "created_at": now,
        },
    )
    notice_id = inserted.scalar()
    if notice_id is not None and sends_here:
        session.info.setdefault(WRITTEN, []).append(notice_id)
    return notice_id


async def add_each(
    session: AsyncSession, member_ids: Iterable[int], *, idempotency_key: str, **notice: object
) -> list[int]:
    """The same notice to each of `member_ids`, once each (the key is made per member)."""
    written = []
    for member_id in dict.fromkeys(member_ids):
        notice_id = await add(
            session, member_id=member_id, idempotency_key=f"{idempotency_key}:{member_id}", **notice
        )
        if notice_id is not None:
            written.append(notice_id)
    return written


@dataclass(frozen=True)
class Outgoing:
    """A claimed notice with what its sender needs to know of the recipient."""

    notice: Notice
    chat_id: int | None
    locale: str | None


_WITH_RECIPIENT = select(Notice, Member.telegram_user_id, Member.locale).join(
    Member, Member.id == Notice.member_id
)


async def load(session: AsyncSession, *, notice_ids: Sequence[int]) -> list[Outgoing]:
    """The notices `notice_ids` still being sent, oldest first, with their recipients."""
    rows = await session.execute(
        _WITH_RECIPIENT.where(Notice.id.in_(notice_ids), Notice.status == NoticeStatus.sending).order_by(
            Notice.id
        )
    )
    return [Outgoing(notice, chat_id, locale) for notice, chat_id, locale in rows]


def _claimable(now: datetime, lease: timedelta, quiet: bool):
    due = and_(Notice.status == NoticeStatus.pending, Notice.next_attempt_at <= now)
    abandoned = and_(Notice.status == NoticeStatus.sending, Notice.claimed_at < now - lease)
    condition = or_(due, abandoned)
    return and_(condition, Notice.urgent) if quiet else condition


async def any_due(
    session: AsyncSession, *, now: datetime, lease: timedelta = LEASE, quiet: bool = False
) -> bool:
    """Whether `claim` would find anything: asked in a read transaction, so an idle sender never
    takes SQLite's write lock."""
    found = await session.scalar(select(Notice.id).where(_claimable(now, lease, quiet)).limit(1))
    return found is not None


async def claim(
    session: AsyncSession, *, now: datetime, limit: int = 100, lease: timedelta = LEASE, quiet: bool = False
) -> list[int]:
    """Take up to `limit` notices that are due, or whose sender's claim ran out (it died): nobody
    else gets them until the lease ends. During quiet hours only urgent ones."""
    taken = list(
        await session.scalars(
            select(Notice.id)
            .where(_claimable(now, lease, quiet))
            .order_by(Notice.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if taken:
        await session.execute(
            update(Notice)
            .where(Notice.id.in_(taken))
            .values(status=NoticeStatus.sending, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
    return taken


@dataclass(frozen=True)
class Result:
    """What came of sending one notice: sent, blocked, retry (after `retry_after` s) or failed."""

    notice_id: int
    outcome: str
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


_table = Notice.__table__
_RECORD = (  # Core, for one executemany of all outcomes
    update(_table)
    .where(_table.c.id == bindparam("notice_id"), _table.c.status == NoticeStatus.sending)
    .values(
        status=bindparam("b_status"),
        attempts=_table.c.attempts + bindparam("b_spent"),
        next_attempt_at=bindparam("b_next"),
        sent_at=bindparam("b_sent_at"),
        message_id=bindparam("b_message_id"),
        error=bindparam("b_error"),
    )
)


async def record(session: AsyncSession, *, results: Sequence[Result], now: datetime) -> None:
    """The outcomes of sends, in one statement: sent; blocked (the member is marked, as broadcasts
    mark them); retried later, with backoff, until MAX_ATTEMPTS; or failed for good."""
    if not results:
        return
    attempts = dict(
        (
            await session.execute(
                select(Notice.id, Notice.attempts).where(Notice.id.in_([r.notice_id for r in results]))
            )
        ).all()
    )
    rows, blocked = [], []
    for result in results:
        row = {
            "notice_id": result.notice_id,
            "b_spent": 1,
            "b_next": now,
            "b_sent_at": None,
            "b_message_id": None,
            "b_error": result.error[:256],
        }
        if result.outcome == "sent":
            row |= {"b_status": NoticeStatus.sent, "b_sent_at": now, "b_message_id": result.message_id}
        elif result.outcome == "blocked":
            row |= {"b_status": NoticeStatus.blocked}
            blocked.append(result.notice_id)
        elif result.outcome == "retry" and attempts.get(result.notice_id, 0) + 1 < MAX_ATTEMPTS:
            backoff = max(result.retry_after, 2.0 ** attempts.get(result.notice_id, 0))
            row |= {"b_status": NoticeStatus.pending, "b_next": now + timedelta(seconds=backoff)}
        else:
            row |= {"b_status": NoticeStatus.failed}
        rows.append(row)
    await session.execute(_RECORD, rows)
    if blocked:
        members = select(Notice.member_id).where(Notice.id.in_(blocked)).scalar_subquery()
        await session.execute(
            update(Member)
            .where(Member.id.in_(members), Member.blocked_at.is_(None))
            .values(blocked_at=now)
            .execution_options(synchronize_session=False)
        )


async def of_member(session: AsyncSession, *, member_id: int, key: str | None = None) -> list[Notice]:
    """A member's notices, oldest first (for tests and support)."""
    query = select(Notice).where(Notice.member_id == member_id)
    if key is not None:
        query = query.where(Notice.key == key)
    return list(await session.scalars(query.order_by(Notice.id)))


Action = Button  # the name this had at first; remove once no branch in flight uses it
