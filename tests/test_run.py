"""`aixin run` and the other commands as an operator uses them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import aiohttp
from sqlalchemy import func, select

from store.models import Branch, Member, Product, Role, RoleGrant
from tests.chat import start_chat


def aixin(*args: str, cwd, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """`aixin ARGS` in `cwd`, with `env` and none of the bot's settings from this environment."""
    unset = ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "DATABASE_URL")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=environment,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_run_without_token_is_a_one_line_error(tmp_path):
    result = aixin("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "aixin: TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in the environment or .env"
    )


def test_seed_import_invite_and_roles_from_the_command_line(tmp_path):
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}"}
    assert "demo data loaded" in aixin("seed-demo", cwd=tmp_path, env=env).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,category,county,supplier,supplier_kind,price_yuan,unit,stock\n好蜂蜜,蜂蜜,火星县,某农户,farm,1.234,瓶,3\n"
    )
    result = aixin("import-products", str(bad), cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert f"{bad}:2: county: unknown county '火星县'" in result.stderr
    assert f"{bad}:2: price_yuan:" in result.stderr
    good = tmp_path / "good.csv"
    good.write_text(
        "name,category,county,supplier,supplier_kind,price_yuan,unit,stock\n好蜂蜜,蜂蜜,城口县,某农户,farm,12.5,瓶,3\n"
    )
    assert "1 new" in aixin("import-products", str(good), cwd=tmp_path, env=env).stdout
    assert "start=join_" in aixin("invite", "--branch", "1", cwd=tmp_path, env=env).stdout
    assert aixin("grant-role", "777", "organiser", cwd=tmp_path, env=env).returncode == 0
    refused = aixin("grant-role", "777", "supplier", cwd=tmp_path, env=env)
    assert refused.returncode == 2 and "scope" in refused.stderr
    assert "revoked 1" in aixin("revoke-role", "777", "organiser", cwd=tmp_path, env=env).stdout


async def test_cli_changes_are_in_the_store(tmp_path):
    from bot.store_setup import open_store

    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}"}
    aixin("seed-demo", cwd=tmp_path, env=env)
    aixin("grant-role", "888", "admin", cwd=tmp_path, env=env)
    db = await open_store(env["DATABASE_URL"])
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Product)) >= 50
        assert await session.scalar(select(func.count()).select_from(Branch)) >= 5
        grant = await session.scalar(select(RoleGrant).join(Member).where(Member.telegram_user_id == 888))
        assert grant.role == Role.admin
    await db.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_checks_the_secret_on_every_request(demo_db):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    chat = await start_chat(
        demo_db, webhook_url=url, webhook_secret="s3cret", webhook_listen="127.0.0.1", port=port
    )
    try:
        alice = chat.member("alice")
        await alice.send("/start")  # delivered by the emulator's webhook POST, with the secret
        assert "请选择语言" in alice.last
        forged = {
            "update_id": 999_999,
            "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "/start"},
        }
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=forged, headers=headers) as response:
                    assert response.status == 403
        assert 999_999 not in chat.application.processed
    finally:
        await chat.stop()
    assert chat.emulator.violations == []


def test_sandbox_replays_piped_input_and_exits(tmp_path):
    """`printf '/start\\n1\\n…' | aixin sandbox`: a demo replays on a new database, with no token."""
    result = aixin("sandbox", cwd=tmp_path, input="/start\n1\n1\n1\n1\n8\n1\n蜂蜜\n@腊肉\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "loading the demo catalog" in out
    assert "请选择语言" in out and "已加入" in out and "城口县（" in out
    assert "产地：城口县" in out and "https://t.me/aixin_sandbox_bot?start=p_" in out
    assert "“蜂蜜”的搜索结果" in out and "inline:" in out
    assert (tmp_path / "aixin.db").exists()


def test_sandbox_pays_an_invoice_and_says_whose_buttons_are_offered(tmp_path):
    """A member joins, orders the first hot product, gives the delivery contact and pays; the
    receipt offers its own buttons, and they stay marked as the receipt's under a later message
    that has none."""
    steps = (
        "/start\n1\n1\n1\n3\n1\n2\n张三\n13800138000\n重庆市渝中区人民路1号\n1\n"  # join, hot, card, 一键下单
        ":sticker\n"
    )
    result = aixin("sandbox", cwd=tmp_path, input=steps)
    assert result.returncode == 0, result.stderr
    assert re.search(r"bot #(\d+) 🧾 invoice", result.stdout), result.stdout
    receipt = re.search(r"bot #(\d+)\n  │ 💝 付款成功", result.stdout)
    assert receipt, result.stdout
    after = result.stdout[receipt.end() :]
    assert "[1] 查看订单  [2] 🏠 主菜单" in after
    assert f"↑ #{receipt[1]}: [1] 查看订单  [2] 🏠 主菜单" in after[after.index("只能识别文字") :]


def test_a_nomination_in_a_later_sandbox_run_is_a_new_one(tmp_path):
    """Message ids start again with each sandbox run while ./aixin.db keeps what earlier runs did:
    a second run's nomination must not be taken for the first one."""
    nominate = "/nominate\n{}\n1\n1\n某家\n某 13900000001\n很好很好很好\n1\n1\n"  # … 跳过 the photo, 提交
    assert aixin("sandbox", cwd=tmp_path, input="/start\n1\n1\n1\n").returncode == 0  # joins
    first = aixin("sandbox", cwd=tmp_path, input=nominate.format("巫溪洋芋片"))
    second = aixin("sandbox", cwd=tmp_path, input=nominate.format("城口山核桃"))  # the same message ids
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "已收到您的提名 #1：巫溪洋芋片" in first.stdout
    assert "已收到您的提名 #2：城口山核桃" in second.stdout
