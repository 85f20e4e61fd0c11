"""The sandbox as a newcomer meets it: the README's roles on a fresh clone, a number typed where a
number is asked, a button of an older message, news for people not played yet, and leaving while
the bot is still sending. Each through `aixin` as a process, with piped input."""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import Clock
from tests.bot_process import read_until, start
from tests.test_run import aixin

README = Path(__file__).resolve().parent.parent / "README.md"
QUIET_NEVER = {"QUIET_HOURS": "0-0"}  # a test at night sends like one by day


def _role_paragraph() -> str:
    text = README.read_text()
    return text[text.index("To try the roles") :].split("\n\n")[0]


def test_the_readmes_roles_work_on_a_fresh_clone(tmp_path):
    """The README's role commands, in its order, on a new ./aixin.db, then its sandbox lines."""
    paragraph = _role_paragraph()
    commands = re.findall(r"`aixin ((?:seed-demo|grant-role)[^`]*)`", paragraph)
    assert commands[0] == "seed-demo" and len(commands) >= 3, paragraph
    for command in commands:
        done = aixin(*command.split(), cwd=tmp_path)
        assert done.returncode == 0, f"aixin {command}: {done.stderr}"
    session = re.findall(r"`(:as \d+)` → `(/\w+)`", paragraph)
    assert session == [(":as 903", "/event"), (":as 920", "/story")], paragraph
    lines = "".join(f"{who}\n{command}\n" for who, command in session)
    run = aixin("sandbox", cwd=tmp_path, input=lines, env=QUIET_NEVER)
    assert run.returncode == 0, run.stdout + run.stderr
    organiser, first_secretary = run.stdout.split("> :as 920")
    assert "请发送活动名称" in organiser  # the event dialog's first step
    assert "我的代言故事" in first_secretary and "✍️ 写新故事" in first_secretary
    assert "issue #" not in README.read_text()  # roles, not issue numbers


def test_a_scope_that_does_not_exist_is_refused_in_one_line(tmp_path):
    before = aixin("grant-role", "920", "first_secretary", "--scope", "30", cwd=tmp_path)
    assert (before.returncode, before.stderr) == (
        2,
        "aixin: no village 30 yet: run `aixin seed-demo` first (it loads the demo's villages), "
        "then grant the role\n",
    )
    assert aixin("seed-demo", cwd=tmp_path).returncode == 0
    wrong = aixin("grant-role", "920", "first_secretary", "--scope", "3000", cwd=tmp_path)
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "aixin: no village 3000: there are 72, with ids from 1 to 72\n",
    )
    nobody = aixin("revoke-role", "920", "first_secretary", cwd=tmp_path)
    assert nobody.returncode == 2 and "not-found: member 920" in nobody.stderr  # nothing was granted


def test_a_number_answers_a_question_that_asks_for_one(tmp_path):
    """8 and 2 tap 城口县 and its village; 2 places is the answer, not [2] 取消; the fund's amount
    1 is an amount, not [1] 取消; `:tap 1` taps it even so."""
    for role in (("903", "organiser"), ("888", "admin")):
        assert aixin("grant-role", *role, cwd=tmp_path).returncode == 0  # on the demo the sandbox loads
    steps = (
        ":as 903\n/event\n春季采购行\n8\n2\n火车北站\n明天 8点\n明天 18点\n明天 7点\n2\n-\n"
        ":as 888\n/fund_out\n1\n:tap 1\n"
    )
    run = aixin("sandbox", cwd=tmp_path, input=steps, env=QUIET_NEVER)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    places = out.index("名额多少人")
    assert "(a number you type answers the question; :tap N taps button N)" in out[places:]
    assert "活动说明" in out[places:]  # the next question: 2 answered this one
    assert "📍 城口县 · 河鱼乡平原村" in out and "名额 2" in out
    amount = out[out.index("> /fund_out") :]
    assert "超过了可拨付的 ¥0.00" in amount  # taken as ¥1.00, more than the demo fund holds
    assert "已取消，什么都没有改变。" in amount[amount.index("> :tap 1") :]


def test_tap_msg_n_taps_a_button_of_an_older_message(tmp_path):
    steps = "/start\n1\n1\n1\n1\n8\n1\n蜂蜜\n:tap 3 2\n:tap 99 1\n:tap 3 42\n"  # join, the card #3, a search
    run = aixin("sandbox", cwd=tmp_path, input=steps, env=QUIET_NEVER)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "┌─ bot #3\n  │ 🖼 (photo) 城口老腊肉（五花）" in out
    assert "“蜂蜜”的搜索结果" in out
    ordered = out[out.index("> :tap 3 2") :]
    assert "请发送收货人姓名" in ordered[: ordered.index("> :tap 99 1")]  # 🛒 一键下单 on the card
    assert "(there is no message bot #99 in this chat)" in ordered
    assert "(no button [42]: 7 under bot #3)" in ordered


def test_news_for_someone_not_played_yet_is_shown_and_the_sandbox_goes_on(tmp_path):
    """The supplier of 城口老腊肉 (901) has not been played in this run: their new order is shown
    as → to 901, and as 901 it opens in full, with the button that confirms the money."""
    assert aixin("seed-demo", cwd=tmp_path).returncode == 0
    assert aixin("grant-role", "901", "supplier", "--scope", "1", cwd=tmp_path).returncode == 0
    steps = "/start\n1\n1\n1\n1\n8\n1\n2\n张三\n13800138000\n重庆市渝中区人民路1号\n:as 901\n1\n"
    run = aixin("sandbox", "--offline", cwd=tmp_path, input=steps, env=QUIET_NEVER)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Bot API violation" not in run.stderr
    out = run.stdout
    assert re.search(r"→ to 901: 🆕 新订单（货到付款 / 单位结算） / 订单 #\d+ · 待确认收款 / 城口老腊肉", out)
    supplier = out[out.index("> :as 901") :]
    assert "┌─ bot #1\n  │ 🆕 新订单" in supplier and "[1] ✅ 确认收款" in supplier
    assert "→ to 10001: 💝 付款成功" in supplier  # 确认收款 tapped: the buyer's receipt, elsewhere


def _count(database: Path, table: str) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return dict(connection.execute(f"SELECT status, count(*) FROM {table} GROUP BY status").fetchall())  # noqa: S608


async def _until_some_sent(database: Path, table: str) -> None:
    async with asyncio.timeout(60):
        while not _count(database, table).get("sent"):  # noqa: ASYNC110 (another process writes it)
            await asyncio.sleep(0.05)


async def _members(database: Path, telegram_ids: range) -> None:
    from bot.store_setup import open_store
    from store import roles
    from store.models import Role

    db = await open_store(f"sqlite+aiosqlite:///{database}")
    async with db.begin() as session:
        for telegram_id in telegram_ids:
            await roles.grant(session, telegram_user_id=telegram_id, role=Role.member)
    await db.dispose()


async def _a_trip_cancelled_for(database: Path, telegram_ids: range) -> None:
    """An organiser cancelled a trip its members signed up for, in another process that stopped
    before sending a word: each member's notice waits in the outbox."""
    from bot.store_setup import open_store
    from handlers.notify import tell
    from store import attendance, events, members
    from store.notices import Button

    await _members(database, telegram_ids)
    now = datetime.now(UTC)
    db = await open_store(f"sqlite+aiosqlite:///{database}")
    async with db.begin() as session:
        organiser = await members.id_of(session, 903)
        event = await events.create(
            session,
            organiser_id=organiser,
            title="城口采购行",
            county_id=1,
            meeting_place="火车北站",
            starts_at=now + timedelta(days=7),
            ends_at=now + timedelta(days=7, hours=8),
            signup_deadline=now + timedelta(days=5),
            capacity=len(telegram_ids),
            now=now,
        )
        for telegram_id in telegram_ids:
            member = await members.id_of(session, telegram_id)
            await events.sign_up(session, event_id=event.id, member_id=member, now=now)
        people = await attendance.cancel_event(session, event_id=event.id, actor_id=organiser, now=now)
        await tell(
            session,
            [p.id for p in people],
            "event-cancelled-notice",
            about=f"event:{event.id}",
            now=now,
            actions=[[Button("event-open", "ev", (event.id,))]],
            event_id=event.id,
        )
    await db.dispose()


async def _left(process: asyncio.subprocess.Process) -> str:
    async with asyncio.timeout(60):
        out, _ = await process.communicate()
    return out.decode()


async def test_quit_while_a_broadcast_goes_out(tmp_path):
    """:quit in the middle of a broadcast to 200: no traceback, exit 0, and every delivery sent
    once or back in the outbox for the next start — none left claimed."""
    database = tmp_path / "aixin.db"
    assert aixin("seed-demo", cwd=tmp_path).returncode == 0
    assert aixin("grant-role", "903", "organiser", cwd=tmp_path).returncode == 0
    await _members(database, range(2000, 2200))
    process = await start("sandbox", cwd=tmp_path, **QUIET_NEVER)
    try:
        await read_until(process, "Ctrl-D")
        process.stdin.write(
            ":as 903\n/broadcast\n大家好，周末展销会见\n1\n1\n1\n1\n1\n".encode()
        )  # … ✅ 确认发送
        await read_until(process, "已安排发送")
        await _until_some_sent(database, "delivery")
        process.stdin.write(b":quit\n")
        out = await _left(process)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode == 0, out
    assert "Traceback" not in out and " ERROR " not in out, out
    deliveries = _count(database, "delivery")
    assert set(deliveries) == {"sent", "pending"}, deliveries  # left mid-send, nothing claimed left
    assert deliveries["sent"] + deliveries["pending"] == 201  # the 200 and the organiser
    assert re.search(r"→ to \d+: 大家好，周末展销会见 \[🔕 退订一般通知\]", out)


async def test_the_end_of_input_while_notices_go_out(tmp_path):
    """Notices another process left unsent go out at the start; the input ends meanwhile: what was
    taken is sent, the rest waits, and the sandbox leaves without a traceback."""
    database = tmp_path / "aixin.db"
    assert aixin("seed-demo", cwd=tmp_path).returncode == 0
    assert aixin("grant-role", "903", "organiser", cwd=tmp_path).returncode == 0
    await _a_trip_cancelled_for(database, range(2000, 2200))
    process = await start("sandbox", cwd=tmp_path, **QUIET_NEVER)
    try:
        await read_until(process, "Ctrl-D")
        await _until_some_sent(database, "notice")
        process.stdin.close()
        out = await _left(process)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode == 0, out
    assert "Traceback" not in out and " ERROR " not in out, out
    notices = _count(database, "notice")
    assert set(notices) <= {"sent", "pending"} and sum(notices.values()) == 200, notices
    assert re.search(r"→ to 2\d{3}: ❌ 活动取消通知：城口采购行（原定 [\d :-]+）已由组织者取消。", out), out


async def test_ctrl_c_leaves_at_once_while_notices_go_out(tmp_path):
    """Ctrl-C with the input still open (a terminal): the sandbox leaves once what is being sent
    has gone, without waiting for Enter, and says nothing of it but the usual lines."""
    database = tmp_path / "aixin.db"
    assert aixin("seed-demo", cwd=tmp_path).returncode == 0
    assert aixin("grant-role", "903", "organiser", cwd=tmp_path).returncode == 0
    await _a_trip_cancelled_for(database, range(2000, 2200))
    process = await start("sandbox", cwd=tmp_path, **QUIET_NEVER)
    try:
        await read_until(process, "Ctrl-D")
        await _until_some_sent(database, "notice")
        process.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):  # it waited for a line that never came
            out = (await process.stdout.read()).decode()
            await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode == 0, out
    assert "Traceback" not in out and " ERROR " not in out, out
    assert set(_count(database, "notice")) <= {"sent", "pending"}


async def test_the_clock_lets_a_job_under_way_finish_when_the_bot_stops(caplog):
    """A reminder being sent as the bot stops is sent, not cut off and logged as a failed job."""
    clock = Clock(timezone="UTC")
    sending, sent = asyncio.Event(), []

    async def send_reminders() -> None:
        sending.set()
        await asyncio.sleep(0.3)  # the Bot API's answer on its way
        sent.append("reminder")

    clock.add_job(send_reminders, "interval", seconds=60, next_run_time=datetime.now(UTC))
    clock.start()
    async with asyncio.timeout(10):
        await sending.wait()
    with caplog.at_level(logging.INFO):
        await clock.stop()
    assert sent == ["reminder"]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_a_commands_buttons_show_when_a_waiting_draft_follows_it(tmp_path):
    # /address leaves a draft; /settings then answers with its switches and the draft's reminder.
    steps = "/start\n1\n1\n1\n/address\n/settings\n:tap 6 1\n"
    run = aixin("sandbox", cwd=tmp_path, input=steps, env=QUIET_NEVER)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout[run.stdout.index("> /settings") :]
    assert "[1] 🔔 一般通知：接收中" in out and "(:tap 6 N)" in out  # not only the reminder's
    assert "[1] ✏️ 继续填写  [2] 🗑 放弃" in out
    assert "🔕 一般通知：已关闭" in out[out.index("> :tap 6 1") :]
