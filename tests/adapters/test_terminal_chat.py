"""The terminal adapter over the real services and a migrated SQLite file: numbered choices stand in for buttons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from bot.bootstrap import AppContext, build_app_context, seed_units
from bot.chat import TerminalChat, run_session
from bot.config import Settings
from bot.core.clock import SHANGHAI, FixedClock
from bot.services import access


@pytest.fixture
def app(sqlite_url: str) -> Iterator[AppContext]:
    context = build_app_context(
        Settings(database_url=sqlite_url), clock=FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI))
    )
    seed_units(context.uow)
    yield context
    context.close()


@pytest.fixture
def cdo(app: AppContext, tmp_path) -> TerminalChat:
    code = access.create_invite(app.uow, app.clock, city="zhuhai", unit_name="市公安局", role="cdo").code
    chat = TerminalChat(app, 4242, display_name="张三", files_dir=tmp_path)  # charts, never the cwd
    assert "市公安局" in chat.handle(f"/start {code}")
    return chat


def test_a_stranger_in_the_terminal_is_refused_like_on_telegram(app: AppContext) -> None:
    assert "邀请码" in TerminalChat(app, 1).handle("昨天组织了数据安全培训，30人参加")


def test_a_training_is_saved_by_choosing_the_number_of_the_confirm_button(
    cdo: TerminalChat, app: AppContext
) -> None:
    card = cdo.handle("昨天下午3点组织了数据安全培训，30人参加")
    assert "[1] 确认  [2] 修改  [3] 取消" in card
    assert "2026年11月23日" in card
    assert "已保存" in cdo.handle("1")
    assert "数据安全培训" in cdo.handle("/history")


def test_a_field_is_edited_through_numbered_choices_and_a_typed_value(cdo: TerminalChat) -> None:
    cdo.handle("昨天组织了数据安全培训，30人参加")
    menu = cdo.handle("2")
    number = next(part.split("]")[0].lstrip("[") for part in menu.split("  ") if "人数" in part)
    cdo.handle(number)
    assert "人数：45" in cdo.handle("45")


def test_cancel_in_a_guided_dialog_returns_to_ordinary_chat(cdo: TerminalChat) -> None:
    assert "/cancel" in cdo.handle("/train")
    assert cdo.handle("/cancel") == "已取消。"
    assert "没看懂" in cdo.handle("你好")


def test_a_session_reads_lines_until_quit_and_echoes_them_for_a_transcript(cdo: TerminalChat) -> None:
    out: list[str] = []
    run_session(cdo, ["/help\n", "/quit\n", "/history\n"], out.append, echo=True)
    assert out[1] == "> /help"
    assert "使用说明" in out[2]
    assert len(out) == 3


def test_only_a_cards_confirm_button_names_the_draft_whose_message_is_remembered() -> None:
    from bot.core.replies import Choice, Reply
    from bot.services.dispatcher import draft_id_of

    card = Reply(
        "activity.card.training",
        choices=((Choice("button.confirm", "act:confirm:12"), Choice("button.cancel", "act:cancel:12")),),
    )
    saved = Reply("activity.saved", choices=((Choice("activity.button.delete", "act:del:3"),),))
    assert draft_id_of(card) == 12
    assert draft_id_of(saved) is None


def test_the_demo_chat_needs_no_setup_and_leaves_no_database_behind(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "CDO_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--demo"],
        input="/help\n我的职责有哪些\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "市公安局" in done.stdout and "使用说明" in done.stdout and "职责" in done.stdout
    assert list(tmp_path.iterdir()) == []  # the default database was not touched


def test_every_command_in_the_help_is_understood_by_the_terminal_too(cdo: TerminalChat, tmp_path) -> None:
    cdo.files_dir = tmp_path / "exports"
    for name in (c.name for c in cdo.app.dispatcher.commands()):
        if name in ("start", "cancel", "train", "meeting", "report"):
            continue
        assert "没有这个命令" not in cdo.handle(f"/{name}"), name


def test_progress_and_a_settings_button_work_in_the_terminal(cdo: TerminalChat) -> None:
    cdo.handle("昨天组织了数据安全培训，30人参加")
    cdo.handle("1")
    assert "培训 1/2" in cdo.handle("/progress")
    card = cdo.handle("/settings")
    number = next(part.split("]")[0].lstrip("[") for part in card.split("  ") if "17点" in part)
    assert "每天 17:00" in cdo.handle(number)
    assert "没有看懂“明年”" in cdo.handle("/progress 明年")


def test_an_export_is_written_to_a_file_and_never_over_an_earlier_one(cdo: TerminalChat, tmp_path) -> None:
    cdo.files_dir = tmp_path / "exports"
    first = cdo.handle("/export csv")
    second = cdo.handle("/export csv")
    files = sorted(cdo.files_dir.iterdir())
    assert len(files) == 2
    assert str(files[0]) in first + second and str(files[1]) in first + second
    assert files[0].read_bytes().startswith(b"\xef\xbb\xbf")  # CSV with a BOM, for Excel


def test_a_summary_draft_is_written_beside_the_user_and_its_path_shown(cdo: TerminalChat, tmp_path) -> None:
    from docx import Document

    cdo.files_dir = tmp_path / "drafts"
    cdo.handle("昨天组织了数据安全培训，30人参加")
    cdo.handle("1")
    answer = cdo.handle("/summary")
    [path] = sorted(cdo.files_dir.iterdir())
    assert path.suffix == ".docx" and str(path) in answer
    assert "市公安局工作总结报告草稿（2026年下半年）" in answer
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[0] == "市公安局首席数据官工作总结报告"
    assert any("数据安全培训（培训，30人参加）" in t for t in texts)


def test_progress_shows_the_text_first_then_writes_its_chart_beside_the_user(
    cdo: TerminalChat, tmp_path
) -> None:
    cdo.files_dir = tmp_path / "charts"
    answer = cdo.handle("/progress")
    [path] = sorted(cdo.files_dir.iterdir())
    assert path.suffix == ".png" and path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert answer.index("市公安局 2026年进度") < answer.index(str(path))
