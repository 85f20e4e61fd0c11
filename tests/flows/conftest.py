"""The people of tests/shop.py's shop at a door with no chat: a member who buys (Telegram user 100),
the supplier's man (900) and an admin (901). A module that needs them otherwise (another policy, less
stock) defines its own."""

from __future__ import annotations

import pytest

from tests.flows.door import Door
from tests.shop import open_shop


@pytest.fixture
async def shop(db):
    """One supplier 巴山食品 (900), an admin (901) and members 100… with delivery contacts."""
    return await open_shop(db)


@pytest.fixture
def buyer(db):
    return Door(db, 100, "member 0")


@pytest.fixture
def supplier(db):
    return Door(db, 900, "王德明")


@pytest.fixture
def admin(db):
    return Door(db, 901, "管理员")
