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
