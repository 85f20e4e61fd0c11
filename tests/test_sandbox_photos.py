"""The sandbox draws the demo catalog's pictures once, into media/ beside ./aixin.db, and shows
them in every run (each run's emulator is new, so they are uploaded to it again)."""

from __future__ import annotations

from tests.test_run import aixin


def test_the_sandbox_shows_demo_pictures_in_every_run(tmp_path):
    steps = "/start\n1\n1\n1\n1\n8\n1\n"  # join, 按区县选购, a county, its first product
    first = aixin("sandbox", cwd=tmp_path, input=steps)
    second = aixin("sandbox", cwd=tmp_path, input="/start\n1\n8\n1\n")
    for run in (first, second):
        assert run.returncode == 0, run.stdout + run.stderr  # no Bot API violation either
        card = run.stdout[run.stdout.index("产地：") - 200 :]
        assert "🖼 (photo)" in card and "演示" in card
    assert "demo pictures for 60 demo products" in first.stdout
    assert "demo pictures" not in second.stdout
    assert len(list((tmp_path / "media").glob("*/*.jpg"))) == 60
