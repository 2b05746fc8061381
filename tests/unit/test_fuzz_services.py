"""A fuzz run over the entry point every transport uses (``Dispatcher.handle``, through
``run_blocking`` as the Telegram transport calls it): arbitrary text, button data, command
arguments and unknown users.

Properties (issue 11): no unhandled exception; no record written without a confirmation; no data of
one unit in a reply to another unit's member. CI-sized (a few dozen examples per property).
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import build_app_context, seed_units
from bot.config import Secret, Settings
from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.replies import FileReply, Reply
from bot.services.access import new_member
from bot.services.blocking import run_blocking
from bot.services.conversation import Event, Kind, Outcome
from storage.models import Activity

NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)
SECRET_TITLE = "甲单位机密培训XYZ"
SECRET_NAME = "甲单位首席数据官ABC"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

COMMANDS = [
    "history", "undo", "progress", "overview", "export", "deadline", "schedule", "settings", "members",
    "deactivate", "handover", "duty", "summary", "invite",
]  # fmt: skip
PREFIXES = ["act:confirm:", "act:delete:", "act:restore:", "act:dupok:", "act:edit:", "act:field:", "act:cancel:",
            "rem:done:", "rem:snooze:2h:", "rem:rsvp:yes:", "set:hour:", "set:mute:", "duty:clause:", "duty:city:",
            "duty:suggest:", ""]  # fmt: skip
digits = st.one_of(
    st.integers(min_value=-5, max_value=40).map(str),
    st.integers(min_value=2**31 - 3, max_value=2**70).map(str),
    st.sampled_from(["²", "٣", "０", "1e3", "-0", "#1", "1:2", ""]),
)
texty = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from("\x00\u202e\ufeff\n"),
    max_size=60,
)
button_data = st.one_of(st.builds(lambda p, d, t: p + d + t, st.sampled_from(PREFIXES), digits, texty), texty)
words = st.one_of(
    texty,
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(["add", "move", "remove", "cancel", "ics", "hour", "away",
                                                        "珠海", "深圳", "csv", "2026", "9999", "0001"]), digits | texty),
)  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Two units of Zhuhai: 甲 (香洲区) holds a record the fuzzed member of 乙 (金湾区) must never see."""
    from storage.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite3'}"
    upgrade(url)
    app = build_app_context(
        Settings(telegram_bot_token=Secret("123:TEST"), database_url=url), clock=FixedClock(NOW)
    )
    seed_units(app.uow)
    with app.uow() as uow:
        jia = uow.units.by_name("zhuhai", "香洲区")
        yi = uow.units.by_name("zhuhai", "金湾区")
        owner = uow.members.add(
            new_member(
                Account.telegram(1001),
                display_name=SECRET_NAME,
                city="zhuhai",
                unit_id=jia.id,
                role="cdo",
                chat_address=Address.telegram(1001).text,
            )
        )
        uow.members.add(
            new_member(
                Account.telegram(1101),
                display_name="乙单位首席数据官",
                city="zhuhai",
                unit_id=yi.id,
                role="cdo",
                chat_address=Address.telegram(1101).text,
            )
        )
        uow.activities.add(
            Activity(
                unit_id=jia.id,
                kind="training",
                date=date(2026, 3, 5),
                title=SECRET_TITLE,
                entered_by=owner.id,
            )
        )
        uow.commit()
    app.dispatcher.warm_up()
    # 甲's CDO leaves a card waiting for 确认: nobody else may confirm it.
    app.dispatcher.handle(
        Event(
            Kind.TEXT,
            account=Account.telegram(1001),
            chat=Address.telegram(1001),
            text="上周三组织了数据治理培训，30人参加",
        )
    )
    yield app
    app.close()


def _activity_count(app) -> int:
    with app.uow() as uow:
        return uow.session.query(Activity).filter(Activity.deleted_at.is_(None)).count()


def _text_of(app, result) -> str:
    if result is None:
        return ""
    if isinstance(result, FileReply):
        return result.filename + (result.caption or "") + result.data.decode("utf-8", "replace")
    if isinstance(result, Reply):
        rendered = app.translator.render(result)
        assert rendered != result.key or not result.key, f"no catalog entry for {result.key}"
        return rendered + " ".join(c.data for row in result.choices for c in row)
    assert isinstance(result, Outcome)
    return "".join(_text_of(app, r) for r in (result.toast, result.edit, *result.replies))


def run(coroutine):
    return asyncio.run(coroutine)


def handle(world, user_id: int, kind: Kind, **fields) -> Outcome:
    """One event through the dispatcher, off the loop and under a deadline, as Telegram sends it."""
    event = Event(kind, account=Account.telegram(user_id), chat=Address.telegram(user_id), **fields)
    return run(run_blocking(world.dispatcher.handle, event, timeout=120))


@FUZZ
@given(text=texty)
def test_free_text_never_raises_and_never_writes_a_record(world, text: str) -> None:
    before = _activity_count(world)
    reply = handle(world, 1101, Kind.TEXT, text=text)
    assert SECRET_TITLE not in _text_of(world, reply) and SECRET_NAME not in _text_of(world, reply)
    assert _activity_count(world) == before  # a card at most: nothing is recorded before 确认


@FUZZ
@given(data=button_data)
def test_forged_buttons_never_raise_never_write_and_never_show_another_unit(world, data: str) -> None:
    before = _activity_count(world)  # 1101 has no card of their own: every write would be a forgery
    outcome = handle(world, 1101, Kind.BUTTON, data=data, message=Address.telegram(1101, 1))
    shown = _text_of(world, outcome)
    assert SECRET_TITLE not in shown and SECRET_NAME not in shown
    assert _activity_count(world) == before


@FUZZ
@given(command=st.sampled_from(COMMANDS), arguments=words)
def test_command_arguments_never_raise_and_never_show_another_unit(
    world, command: str, arguments: str
) -> None:
    result = handle(world, 1101, Kind.COMMAND, command=command, text=arguments)
    shown = _text_of(world, result)
    assert SECRET_TITLE not in shown and SECRET_NAME not in shown
    with world.uow() as uow:  # 甲's record is still there: /undo N and /deactivate cannot reach it
        assert (
            uow.session.query(Activity)
            .filter(Activity.title == SECRET_TITLE, Activity.deleted_at.is_(None))
            .count()
            == 1
        )


@FUZZ
@given(user_id=st.integers(min_value=1, max_value=2**40), code=texty, text=texty)
def test_unknown_users_are_recognised_as_nobody_and_their_codes_join_nobody(
    world, user_id, code, text
) -> None:
    from bot.services import access

    if user_id in (1001, 1101):
        return
    account = Account.telegram(user_id)
    assert access.identify(world.uow, account) is None
    reply = handle(world, user_id, Kind.COMMAND, command="start", text=code, display_name=text)
    shown = _text_of(world, reply)
    assert SECRET_TITLE not in shown and SECRET_NAME not in shown
    assert access.identify(world.uow, account) is None  # no code was valid
