"""Catalog imports at the seed's scale: `python -m bench.import [--rows 10000,100000] [--backends …]`.

Writes a CSV of N products (18 counties, 7 categories, one supplier per 20 rows, a village on every
other row), then, on a fresh database of each backend (a new SQLite file; a new PostgreSQL database
on the server of --postgres), times the operator's command as a whole process:

- `aixin import-products FILE` on the empty catalog (every row new),
- the same file again (every row an update),
- the file with its last row broken (every row checked, nothing stored).

The schema is migrated by `aixin db upgrade` before, untimed. Targets: 10,000 rows < 10 s,
100,000 rows < 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from store.catalog_import import COLUMNS
from store.reference import read_csv

TARGETS = {10_000: 10.0, 100_000: 60.0}
WORDS = ["腊肉", "蜂蜜", "天麻", "鲜笋", "土鸡", "脐橙", "脆李", "织锦", "山地", "高山", "老", "土"]


def catalog(rows: int, seed: int = 7) -> str:
    """A catalog CSV of `rows` products with unique (county, name) pairs."""
    rng = random.Random(seed)
    counties = [row["county"] for row in read_csv("store", "data/counties.csv")]
    categories = [row["category"] for row in read_csv("store", "data/categories.csv")]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for i in range(rows):
        county = counties[i % len(counties)]
        supplier = i // 20
        writer.writerow(
            [
                f"{rng.choice(WORDS)}{rng.choice(WORDS)}{i}",
                f"Product {i}",
                rng.choice(categories),
                county,
                f"{county}第{i % 50}村" if i % 2 else "",
                f"基准供应商{supplier}",
                ("brand", "shop", "farm")[supplier % 3],
                f"{rng.randint(500, 50_000) / 100:.2f}",
                "500克/袋",
                rng.randint(0, 500),
                "是" if i % 7 == 0 else "否",
                f"LB-{i}" if i % 5 == 0 else "",
                "",
                "山里的好东西，" * rng.randint(1, 6),
            ]
        )
    return out.getvalue()


def aixin(*args: str, url: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """Runs `aixin ARGS`; returns its wall time, its CPU time (user + system: less moved by what
    else the shared machine runs; PostgreSQL's own work is not in it) and the finished process."""
    env = {**os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "", "WEBHOOK_URL": ""}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot", *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done


@asynccontextmanager
async def fresh_database(backend: str, postgres: str, folder: Path):
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / f'import-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"bench_import_{uuid.uuid4().hex[:8]}"
    server = make_url(postgres).set(drivername="postgresql")
    connection = await asyncpg.connect(server.render_as_string(hide_password=False))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        yield make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


async def run(rows: int, backend: str, postgres: str, folder: Path) -> dict[str, float]:
    good = folder / f"catalog-{rows}.csv"
    if not good.exists():
        good.write_text(catalog(rows), encoding="utf-8")
        lines = good.read_text(encoding="utf-8").splitlines()
        (folder / f"broken-{rows}.csv").write_text(
            "\n".join(lines[:-1] + [lines[-1].replace("500克/袋", "")]) + "\n", encoding="utf-8"
        )
    broken = folder / f"broken-{rows}.csv"
    figures = {}
    async with fresh_database(backend, postgres, folder) as url:
        *_, upgraded = aixin("db", "upgrade", url=url)
        assert upgraded.returncode == 0, upgraded.stderr
        for label, path, expect in (
            ("create", good, f"{rows} new, 0 updated"),
            ("update", good, f"0 new, {rows} updated"),
            ("refuse", broken, "nothing imported: 1 problem(s)"),
        ):
            seconds, cpu, done = aixin("import-products", str(path), url=url)
            assert expect in done.stdout + done.stderr, (label, done.stdout, done.stderr[-2000:])
            figures[label], figures[f"{label} cpu"] = seconds, cpu
            print(f"  {backend:8s} {rows:7d} rows  {label}: {seconds:6.1f} s ({cpu:5.1f} s CPU)", flush=True)
    return figures


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000", help="comma-separated row counts")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL URL whose server may create databases (one is made for each run)",
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.rows.split(",")]
    backends = args.backends.split(",")
    print("aixin import-products, wall time of the whole command (process start included)")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for rows in counts:
            for backend in backends:
                results[rows, backend] = await run(rows, backend, args.postgres, Path(folder))
    print("\n| rows | backend | new | again (updates) | last row bad (refused) | target |")
    print("|---|---|---|---|---|---|")
    for (rows, backend), f in results.items():
        target = TARGETS.get(rows)
        verdict = f"< {target:.0f} s: {'met' if f['create'] < target else 'NOT met'}" if target else "-"
        cells = " | ".join(f"{f[k]:.1f} s ({f[k + ' cpu']:.1f})" for k in ("create", "update", "refuse"))
        print(f"| {rows:,} | {backend} | {cells} | {verdict} |")
    print("(wall time, and the command's CPU seconds in brackets)")
    for backend in backends:
        done = sorted(rows for rows, b in results if b == backend)
        if len(done) >= 2:
            small, large = done[0], done[-1]
            ratio = results[large, backend]["create"] / results[small, backend]["create"]
            print(
                f"{backend}: {large:,} rows took {ratio:.1f}× as long as {small:,} ({large / small:.0f}× the rows)"
            )


if __name__ == "__main__":
    asyncio.run(main())
