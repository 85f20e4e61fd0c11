"""The `aixin` command: run the bot, try it in a sandbox, and look after the store."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

from store import members, roles, schema
from store.db import Database
from store.errors import DomainError, NotFound
from store.models import Role

from .operator_errors import check_database_url, check_settings, explain
from .settings import Settings
from .store_setup import open_store


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="aixin", description="爱心购 Aixin storefront bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="serve Telegram (long polling, or a webhook when WEBHOOK_URL is set)")
    sandbox = commands.add_parser("sandbox", help="try the bot in this terminal, no token or internet needed")
    sandbox.add_argument("--user-id", type=int, default=10001, help="the Telegram user id you play")
    sandbox.add_argument(
        "--offline", action="store_true", help="settle orders offline instead of paying invoices"
    )
    commands.add_parser("seed-demo", help="load the demo catalog (marked as demo data)")
    importer = commands.add_parser(
        "import-products", help="import a product catalog from CSV (all rows or none)"
    )
    importer.add_argument("file", type=Path)
    importer.add_argument(
        "--clear-empty",
        action="store_true",
        help="an empty optional cell clears that field of a product already there (by default it keeps it)",
    )
    adding = commands.add_parser("add-category", help="add a product category (such as 核桃 or 其他)")
    adding.add_argument("name")
    adding.add_argument("--en", default="", help="its English name")
    invite = commands.add_parser("invite", help="print a branch's invite deep link")
    invite.add_argument("--branch", type=int, required=True, help="branch id")
    for name in ("grant-role", "revoke-role"):
        command = commands.add_parser(name, help=f"{name.split('-')[0]} a role to a Telegram user")
        command.add_argument("telegram_user_id", type=int)
        command.add_argument("role", choices=[r.value for r in Role])
        command.add_argument("--scope", type=int, default=None, help="supplier, village or agency id")
    export = commands.add_parser("export", help="export a report as CSV files for Excel")
    export.add_argument("report", choices=["volunteer-record"])
    export.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD", help="first local date")
    export.add_argument(
        "--to", dest="last", required=True, metavar="YYYY-MM-DD", help="last local date (inclusive)"
    )
    export.add_argument("--out", type=Path, default=Path("."), help="directory to write to (default: here)")
    db_command = commands.add_parser("db", help="database schema")
    db_command.add_argument("action", choices=["upgrade", "current"])
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "apscheduler", "aiohttp.access", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings = None
    try:
        settings = Settings()
        sys.exit(asyncio.run(_dispatch(args, settings)) or 0)
    except KeyboardInterrupt:
        pass
    except Exception as error:
        sentence = explain(error, settings)
        if sentence is None:
            raise
        _fail(sentence)


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int | None:
    if problem := check_settings(settings, args.command):
        _fail(problem)
    check_database_url(settings.database_url)
    if args.command == "run":
        from .serve import serve

        return await serve(settings)
    if args.command == "sandbox":
        from .sandbox import sandbox

        return await sandbox(settings, user_id=args.user_id, offline=args.offline)
    if args.command == "db":
        return await _db(args.action, settings)
    if args.command == "export":
        return await _export_volunteer_record(args, settings)
    db = await open_store(settings.database_url)
    try:
        return await _store_command(args, settings, db)
    finally:
        await db.dispose()


async def _db(action: str, settings: Settings) -> None:
    db = Database.from_url(settings.database_url)
    try:
        if action == "upgrade":
            await schema.upgrade(db.engine)
        print(f"schema: {await schema.current(db.engine)} (this release: {schema.head()})")
    finally:
        await db.dispose()


async def _store_command(args: argparse.Namespace, settings: Settings, db: Database) -> int | None:
    from store import demo

    from . import demo_photos

    try:
        async with db.begin() as session:
            if args.command == "seed-demo":
                loaded = await demo.seed(session)
                loaded["reviews"] = await demo.seed_community(session, now=datetime.now(UTC))
                loaded["pictures"] = await demo_photos.give_photos(session, media_dir=settings.media_path)
                print(f"demo data loaded: {loaded}")
            elif args.command == "import-products":
                return await _import_products(session, args.file, clear_empty=args.clear_empty)
            elif args.command == "add-category":
                return await _add_category(session, args.name, args.en)
            elif args.command == "invite":
                code = await members.make_invite(session, branch_id=args.branch)
                username = await _bot_username(settings)
                print(f"https://t.me/{username}?start=join_{code}")
            elif args.command == "grant-role":
                scope, role = args.scope or roles.ALL, Role(args.role)
                try:
                    await roles.grant(
                        session, telegram_user_id=args.telegram_user_id, role=role, scope_id=scope
                    )
                except NotFound:
                    _fail(await _no_such_scope(session, role, scope))
                print(f"granted {args.role} (scope {scope or 'all'}) to {args.telegram_user_id}")
            elif args.command == "revoke-role":
                gone = await roles.revoke(
                    session, telegram_user_id=args.telegram_user_id, role=Role(args.role), scope_id=args.scope
                )
                print(f"revoked {gone} grant(s)")
    except DomainError as error:
        _fail(f"{error.code}: {' '.join(str(a) for a in error.args[1:])}")
    return None


async def _no_such_scope(session, role: Role, scope: int) -> str:
    """What to say of a scope that does not exist: on a new database, that the demo data has some."""
    what, these = {
        Role.supplier: ("supplier", "suppliers"),
        Role.first_secretary: ("village", "villages"),
        Role.organiser: ("agency", "agencies"),
    }[role]
    count, lowest, highest = await roles.scope_ids(session, role=role)
    if not count:
        return f"no {what} {scope} yet: run `aixin seed-demo` first (it loads the demo's {these}), then grant the role"
    return f"no {what} {scope}: there are {count}, with ids from {lowest} to {highest}"


SHOWN_PROBLEMS = 200  # a file of the wrong shape would otherwise print a line for every row


async def _add_category(session, name: str, name_en: str) -> int | None:
    """`aixin add-category NAME`: a category more for products to be filed under."""
    from store import catalog
    from store.errors import InvalidInput

    try:
        category = await catalog.add_category(session, name=name, name_en=name_en)
    except InvalidInput:
        print(f"category {name!r} exists already (or is not 1-32 characters): nothing added", file=sys.stderr)
        return 1
    print(f"category added: {category.name} ({category.name_en}), id {category.id}")
    return None


async def _import_products(session, file: Path, *, clear_empty: bool = False) -> int | None:
    """`aixin import-products FILE`: every row checked, then all stored, or nothing and the problems."""
    from store import catalog_import
    from store.errors import InvalidInput

    try:
        data = await asyncio.to_thread(file.read_bytes)
    except OSError as error:
        _fail(f"cannot read {file}: {error.strerror}")
    try:
        text, encoding = catalog_import.decode(data)
    except InvalidInput as unreadable:
        _, _, name, line = unreadable.args
        what = f"{name} text" if name else "neither UTF-8 nor GB18030 (GBK) text"
        print(f'{file}:{line}: {what}: save it as "CSV UTF-8"; nothing imported', file=sys.stderr)
        return 1
    result = await catalog_import.import_csv(session, text, clear_empty=clear_empty)
    for error in result.errors[:SHOWN_PROBLEMS]:
        print(f"{file}:{error.line}: {error.column}: {error.reason}", file=sys.stderr)
    if result.errors:
        shown = f" (the first {SHOWN_PROBLEMS} shown)" if len(result.errors) > SHOWN_PROBLEMS else ""
        print(f"nothing imported: {len(result.errors)} problem(s){shown}", file=sys.stderr)
        return 1
    read_as = "" if encoding == "UTF-8" else f" (read as {encoding})"
    print(f"imported{read_as}: {result.created} new, {result.updated} updated")
    if result.kept:
        print(
            f"{result.kept} empty cell(s) of updated products kept what was stored (--clear-empty clears them)"
        )
    return None


async def _export_volunteer_record(args: argparse.Namespace, settings: Settings) -> None:
    """Write the volunteer record of local dates --from..--to as a members and a branches CSV file."""
    from .exports import volunteer_record

    try:
        first, last = (datetime.strptime(day, "%Y-%m-%d").date() for day in (args.first, args.last))
    except ValueError:
        _fail(f"--from and --to must be dates like 2026-11-29, not {args.first!r} and {args.last!r}")
    if last < first:
        _fail(f"--to {last} is before --from {first}")
    db = await open_store(settings.database_url)
    try:
        written = await volunteer_record(db, first=first, last=last, timezone=settings.timezone, out=args.out)
    finally:
        await db.dispose()
    for path, rows, name in written:
        print(f"{path}: {rows} {name}")


async def _bot_username(settings: Settings) -> str:
    """The bot's username for deep links; a placeholder when no token is configured."""
    if not settings.telegram_bot_token:
        return "<bot>"
    from telegram import Bot

    async with Bot(settings.telegram_bot_token, base_url=settings.telegram_api_base_url) as bot:
        return bot.username


def _fail(message: str) -> None:
    print(f"aixin: {message}", file=sys.stderr)
    sys.exit(2)
