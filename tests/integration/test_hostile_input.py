"""Hostile input cleaned at the edge (the dispatcher, so every transport), on SQLite and PostgreSQL:
NUL made 确认 fail on PostgreSQL, an evidence name over 255 characters failed there too, and an RTL
override reached /history unchanged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.bootstrap import build_app_context, seed_units
from bot.config import Secret, Settings
from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.sanitize import clean_file_name, clean_text
from bot.services import access
from bot.services.activity import EvidenceFile
from bot.services.conversation import Event, Kind
from bot.services.dispatcher import draft_id_of

NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)
RLO = "\u202e"


@pytest.fixture
def app(db_url: str):
    context = build_app_context(
        Settings(telegram_bot_token=Secret("123:TEST"), database_url=db_url), clock=FixedClock(NOW)
    )
    seed_units(context.uow)
    yield context
    context.close()


def _event(kind: Kind, **fields: Any) -> Event:
    return Event(kind, account=Account.telegram(1001), chat=Address.telegram(1001), **fields)


def test_nul_controls_and_rtl_overrides_never_reach_the_database_or_history(app) -> None:
    dispatcher = app.dispatcher
    code = access.create_invite(app.uow, app.clock, city="zhuhai", unit_name="香洲区", role="cdo").code
    dispatcher.handle(_event(Kind.COMMAND, command="start", text=code, display_name=f"王{RLO}明\x00"))
    member = access.identify(app.uow, Account.telegram(1001))
    assert member.display_name == "王明"
    [card] = dispatcher.handle(
        _event(Kind.TEXT, text=f"上周三组织了数据\x00治理{RLO}培训\x07，30人参加\x0b")
    ).replies
    draft = draft_id_of(card)
    assert draft is not None, card
    saved = dispatcher.handle(_event(Kind.BUTTON, data=f"act:confirm:{draft}"))
    assert saved.edit is not None and "activity.saved" in saved.edit.key, saved
    [listing] = dispatcher.handle(_event(Kind.COMMAND, command="history")).replies
    history = app.translator.render(listing)
    assert "数据治理培训" in history
    assert RLO not in history and "\x00" not in history and "\x07" not in history
    with app.uow() as uow:
        [activity] = uow.activities.history([member.unit_id])
        assert "\x00" not in activity.original_text and RLO not in activity.title


def test_an_evidence_file_name_of_300_characters_with_nul_is_stored_shortened(app) -> None:
    dispatcher = app.dispatcher
    code = access.create_invite(app.uow, app.clock, city="zhuhai", unit_name="香洲区", role="cdo").code
    dispatcher.handle(_event(Kind.COMMAND, command="start", text=code, display_name="王明"))
    member = access.identify(app.uow, Account.telegram(1001))
    [card] = dispatcher.handle(_event(Kind.TEXT, text="上周三组织了数据治理培训，30人参加")).replies
    dispatcher.handle(_event(Kind.BUTTON, data=f"act:confirm:{draft_id_of(card)}"))
    name = "签到表" + "很长" * 150 + f"\x00{RLO}.pdf"
    file = EvidenceFile(
        telegram_file_id="BQACAgUAAxkBAAIB",
        file_unique_id="AgADu",
        file_name=name,
        mime_type="application/pdf",
        file_size=20_000,
        caption=f"签到\x00表{RLO}",
    )
    [reply] = dispatcher.handle(_event(Kind.FILE, file=file, text=file.caption)).replies
    assert reply.key.startswith("activity.evidence"), reply
    with app.uow() as uow:
        [activity] = uow.activities.history([member.unit_id])
        [evidence] = uow.activities.evidence_of(activity.id)
    assert evidence.file_name.endswith(".pdf") and len(evidence.file_name) <= 200
    assert "\x00" not in evidence.file_name and RLO not in evidence.file_name
    assert evidence.caption == "签到表"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x00b", "ab"),
        ("x\u202egpj.exe", "xgpj.exe"),
        ("\ufeff题目", "题目"),
        ("行一\r\n行二", "行一\n行二"),
        ("\ud800孤立代理", "孤立代理"),
        ("👩\u200d💻 培训", "👩\u200d💻 培训"),
    ],
)
def test_clean_text_keeps_what_people_type_and_drops_what_breaks(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_file_name_drops_folders_and_keeps_the_extension() -> None:
    assert clean_file_name("../../etc/passwd") == "_.._etc_passwd"
    assert clean_file_name("a" * 300 + ".docx").endswith(".docx")
    assert len(clean_file_name("a" * 300 + ".docx")) == 200
