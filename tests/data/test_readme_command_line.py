"""The README's command-line section names every sub-command and says what ``invite`` prints and how long a code lasts."""

from __future__ import annotations

from pathlib import Path

from bot.cli import COMMANDS
from bot.services.access import CODE_LENGTH, INVITE_TTL_DAYS

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Command line") : text.index("## Layout")]


def test_every_sub_command_is_in_the_readme():
    section = _section()
    missing = [name for name in COMMANDS if f"cdo-bot {name}" not in section]
    assert missing == []


def test_the_readme_says_what_invite_prints_and_how_long_a_code_lasts():
    section = _section()
    assert f"expires after {INVITE_TTL_DAYS} days" in section
    assert f"{CODE_LENGTH} letters" in section and "--role" in section
    assert "prints" in section and "expires_at" in section
