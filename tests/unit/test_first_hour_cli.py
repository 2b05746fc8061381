"""Issue 15: the command line checks its arguments and says what is wrong, never a traceback."""

from __future__ import annotations

import json

import pytest

from bot.cli import main


@pytest.fixture
def database(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_ask_refuses_a_unit_of_another_city(capsys):
    assert main(["ask", "--city", "shenzhen", "--unit", "香洲区", "我的职责有哪些"]) == 2
    err = capsys.readouterr().err
    assert "香洲区" in err and "珠海市" in err


def test_ask_accepts_a_unit_by_its_alias(capsys):
    assert main(["ask", "--city", "zhuhai", "--unit", "公安局", "我的职责有哪些"]) == 0


@pytest.mark.parametrize("k", ["0", "-1"])
def test_ask_wants_at_least_one_answer(capsys, k):
    with pytest.raises(SystemExit) as info:
        main(["ask", "-k", k, "一票否决权是什么"])
    assert info.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_reminders_for_an_unknown_unit_is_an_error_not_zero_reminders(capsys):
    assert main(["reminders", "--no-database", "--unit", "不存在局"]) == 2
    err = capsys.readouterr().err
    assert "不存在局" in err and "0 reminders" not in err


def test_reminders_without_a_database_plan_for_every_pilot_unit(capsys):
    assert (
        main(
            [
                "reminders",
                "--no-database",
                "--city",
                "zhuhai",
                "--from",
                "2026-11-10",
                "--to",
                "2026-11-30",
                "--json",
            ]
        )
        == 0
    )
    units = {row["unit"] for row in json.loads(capsys.readouterr().out) if row["role"] == "cdo"}
    assert {"横琴新区", "香洲区", "市公安局", "市金融工作局"} <= units


def test_reminders_for_a_unit_by_alias_lists_that_unit(capsys):
    assert (
        main(
            [
                "reminders",
                "--no-database",
                "--unit",
                "公安局",
                "--from",
                "2026-11-10",
                "--to",
                "2026-11-30",
                "--json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert rows and {row["unit"] for row in rows if row["role"] == "cdo"} == {"市公安局"}


def test_invite_without_a_role_makes_no_code(database, capsys):
    with pytest.raises(SystemExit) as info:
        main(["invite", "--city", "zhuhai", "--unit", "金湾区"])
    assert info.value.code == 2
    assert "--role" in capsys.readouterr().err


# --------------------------------------------------------------------------- messages, not tracebacks


def test_db_upgrade_to_an_unknown_revision_says_so(database, capsys):
    assert main(["db", "upgrade", "foo"]) == 2
    err = capsys.readouterr().err
    assert "foo" in err and "Traceback" not in err


@pytest.mark.parametrize("url", ["mysql://user@localhost/cdo", "not a url", "oracle://a/b"])
def test_an_unsupported_database_url_is_one_line(database, capsys, url):
    assert main(["db", "--database-url", url, "current"]) == 2
    err = capsys.readouterr().err
    assert "sqlite:///" in err and "postgresql://" in err and "Traceback" not in err


def test_chat_with_an_impossible_now_is_a_usage_error(database, capsys):
    with pytest.raises(SystemExit) as info:
        main(["chat", "--demo", "--now", "2026-99-01"])
    assert info.value.code == 2
    assert "2026-99-01" in capsys.readouterr().err


def test_piping_parse_into_head_ends_quietly(tmp_path):
    import os
    import subprocess
    import sys

    lines = "昨天组织了数据安全培训，30人参加\n" * 5000
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    writer = subprocess.run(
        [sys.executable, "-m", "bot", "parse", "--json"],
        input=lines.encode(),
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    reader.stdin.close()
    reader.wait(30)
    assert b"Traceback" not in writer.stderr and b"BrokenPipe" not in writer.stderr, writer.stderr.decode()
    assert writer.returncode == 141


def test_run_without_a_network_says_so_once_and_keeps_retrying_quietly(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import threading

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env |= {
        "TELEGRAM_BOT_TOKEN": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",  # the discard port: nothing listens
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--no-reminders"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
        text=True,
    )
    seen: list[str] = []
    said = threading.Event()

    def read() -> None:
        for line in process.stderr:
            seen.append(line)
            if "retrying quietly" in line:
                said.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert said.wait(120), "".join(seen)
        assert process.poll() is None  # still running: it retries instead of giving up
        # Let a few retries (1 s, 1.5 s, 2.25 s …) happen before stopping it.
        reader.join(6)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(60)
        reader.join(10)
    text = "".join(seen)
    assert "Traceback" not in text and "NetworkError" not in text, text
    assert text.count("retrying quietly") == 1


def test_polling_network_errors_are_logged_once_per_outage(caplog):
    import asyncio
    from datetime import datetime, timedelta
    from types import SimpleNamespace

    from telegram.error import NetworkError

    from bot.core.clock import SHANGHAI, FixedClock
    from bot.handlers.errors import report_error

    clock = FixedClock(datetime(2026, 12, 1, 9, tzinfo=SHANGHAI))
    context = SimpleNamespace(error=NetworkError("httpx.ConnectError: All connection attempts failed"))
    context.app = SimpleNamespace(clock=clock, network_warned_at=None)
    with caplog.at_level("WARNING", logger="bot.handlers.errors"):
        for _ in range(240):
            asyncio.run(report_error(None, context))
            clock.advance(timedelta(seconds=5))
    assert len([r for r in caplog.records if r.levelname == "WARNING"]) == 1


def test_export_names_the_file_by_report_year_and_writes_into_a_missing_folder(database, capsys):
    assert main(["export", "--city", "zhuhai", "--year", "1999", "--now", "2026-12-01T10:00"]) == 0
    assert main(["export", "--city", "zhuhai", "--now", "2026-12-01T10:00"]) == 0
    names = sorted(p.name for p in database.glob("cdo-overview-*"))
    assert names == [
        "cdo-overview-zhuhai-1999-as-of-2026-12-01.xlsx",
        "cdo-overview-zhuhai-2026-as-of-2026-12-01.xlsx",
    ]
    out = database / "reports" / "2026" / "zhuhai.csv"
    assert main(["export", "--city", "zhuhai", "--format", "csv", "--out", str(out)]) == 0
    assert out.read_bytes().startswith("\ufeff单位".encode())
