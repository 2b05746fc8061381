"""``cdo-bot parse``: batch JSON contract, argv mode, and a start-up free of heavy adapters."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from bot.cli import main


def test_batch_mode_prints_one_json_object_per_input_line_blank_lines_included(monkeypatch, capsys):
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO("昨天组织了数据安全培训，30人参加\n\n谢谢\n".encode()))
    )
    assert main(["parse", "--now", "2026-11-23T10:00:00+08:00", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["kind"] for line in lines] == ["training", None, None]
    assert lines[0] == {
        "text": "昨天组织了数据安全培训，30人参加",
        "kind": "training",
        "date": "2026-11-22",
        "time": None,
        "attendees": 30,
        "title": "数据安全培训",
        "location": None,
        "date_assumed": False,
        "error": None,
    }


def test_argv_mode_prints_a_readable_summary(capsys):
    assert main(["parse", "--now", "2026-11-23T10:00", "组织了培训"]) == 0
    out = capsys.readouterr().out
    assert "kind: training" in out
    assert "2026-11-23 (assumed" in out


def test_a_bad_now_is_a_usage_error(capsys):
    assert main(["parse", "--now", "yesterday-ish", "组织了培训"]) == 2


def test_parse_does_not_import_telegram_sqlalchemy_or_dateparser_for_chinese_lines():
    code = (
        "import sys; from bot.cli import main; main(['parse', '--now', '2026-11-23T10:00', '--json', '昨天组织了培训']);"
        "print([m for m in ('telegram', 'sqlalchemy', 'dateparser') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"


def test_now_with_another_offset_is_read_as_a_shanghai_day(capsys):
    # 17:00 UTC on the 22nd is already 01:00 on the 23rd in Shanghai.
    assert main(["parse", "--now", "2026-11-22T17:00:00Z", "--json", "今天组织了培训"]) == 0
    assert json.loads(capsys.readouterr().out)["date"] == "2026-11-23"


def test_latin_date_words_fall_back_to_dateparser(capsys):
    assert main(["parse", "--now", "2026-11-23T10:00:00+08:00", "--json", "Nov 16 组织数据安全培训"]) == 0
    assert json.loads(capsys.readouterr().out)["date"] == "2026-11-16"
