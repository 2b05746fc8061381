"""``cdo-bot reminders`` and ``cdo-bot deadline``: real subprocesses on a temporary SQLite database, no token."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-24T10:00:00+08:00"


def cdo_bot(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "CDO_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )


def test_reminders_lists_zhuhai_deadlines_evaluation_and_meeting_prompts_without_sending(
    tmp_path: Path,
) -> None:
    done = cdo_bot(
        tmp_path, "reminders", "--city", "zhuhai", "--from", "2026-11-23", "--to", "2027-06-30", "--json"
    )
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    keys = {(r["rule_key"], r["period_key"], r["stage"], r["send_at"][:10]) for r in listed}
    assert {
        ("summary_report", "2026-11-30", "7d", "2026-11-23"),
        ("summary_report", "2026-11-30", "1d", "2026-11-27"),  # 29 Nov is a Sunday
        ("summary_report", "2026-11-30", "0d", "2026-11-30"),
        ("summary_report", "2026-11-30", "missing", "2026-11-30"),
        ("summary_report", "2027-05-31", "14d", "2027-05-17"),
        ("summary_report", "2027-05-31", "0d", "2027-05-31"),
        ("annual_evaluation", "2026-12", "open", "2026-12-01"),
        ("exchange_meeting", "2027-H1", "no-meeting", "2027-01-04"),
    } <= keys
    assert all(r["clause"].startswith("《珠海市首席数据官制度试点实施方案》") for r in listed)
    assert {r["role"] for r in listed} == {"cdo", "coordinator"}  # the city's placeholder people
    first = next(r for r in listed if r["stage"] == "7d")
    assert "11月30日" in first["text"] and "依据" in first["text"]
    # Nothing was sent or queued: the outbox is empty.
    import sqlite3

    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        assert db.execute("select count(*) from reminder_outbox").fetchone() == (0,)


def test_a_deadline_added_and_moved_on_the_command_line_shows_in_the_plan(tmp_path: Path) -> None:
    added = cdo_bot(
        tmp_path,
        "deadline",
        "add",
        "--city",
        "zhuhai",
        "--date",
        "2026-12-15",
        "--title",
        "数据安全专项报告",
        "--json",
        "--now",
        NOW,
    )
    assert added.returncode == 0, added.stderr
    ident = json.loads(added.stdout)["id"]
    moved = cdo_bot(
        tmp_path,
        "deadline",
        "move",
        "summary_report@2027-05-31",
        "--city",
        "珠海",
        "--date",
        "2027-06-04",
        "--now",
        NOW,
    )
    assert moved.returncode == 0, moved.stderr
    listed = json.loads(
        cdo_bot(tmp_path, "deadline", "list", "--city", "zhuhai", "--json", "--now", NOW).stdout
    )
    assert {(e["id"], e["due"], e["source"]) for e in listed} >= {
        (ident, "2026-12-15", "custom"),
        ("summary_report@2027-05-31", "2027-06-04", "moved"),
    }
    plan = json.loads(
        cdo_bot(
            tmp_path, "reminders", "--city", "zhuhai", "--from", "2026-12-01", "--to", "2027-06-30", "--json"
        ).stdout
    )
    custom = sorted(
        r["send_at"][:10]
        for r in plan
        if r["rule_key"] == f"custom.{ident}" and r["role"] == "cdo" and r["unit"] == "横琴新区"
    )
    assert custom == ["2026-12-01", "2026-12-08", "2026-12-11", "2026-12-14", "2026-12-15"]
    moved_due = {r["due"] for r in plan if r["period_key"] == "2027-05-31"}
    assert moved_due == {"2027-06-04"}

    removed = cdo_bot(tmp_path, "deadline", "remove", "--city", "zhuhai", "--id", ident)
    assert removed.returncode == 0, removed.stderr
    again = cdo_bot(tmp_path, "deadline", "remove", "--city", "zhuhai", "--id", ident)
    assert again.returncode == 1 and ident in again.stderr


def test_an_unknown_city_is_a_usage_error(tmp_path: Path) -> None:
    done = cdo_bot(tmp_path, "reminders", "--city", "atlantis", "--no-database")
    assert done.returncode == 2 and "atlantis" in done.stderr


def test_a_deadline_title_from_the_command_line_is_cleaned_like_chat_input(tmp_path: Path) -> None:
    added = cdo_bot(
        tmp_path,
        "deadline",
        "add",
        "--city",
        "zhuhai",
        "--date",
        "2026-12-15",
        "--title",
        "数据\u202e安全\x07专项报告",
        "--json",
        "--now",
        NOW,
    )
    assert added.returncode == 0, added.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "cli.sqlite3") as conn:
        [(title,)] = conn.execute("SELECT title FROM deadlines").fetchall()
    assert title == "数据安全专项报告"
