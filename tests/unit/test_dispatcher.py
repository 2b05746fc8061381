"""The one conversation core: commands from the table, access, dialog state in the database, questions, buttons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.core.address import Account, Address
from bot.core.i18n import translator
from bot.core.questions import is_question
from bot.core.replies import Reply
from bot.services import access
from bot.services.command_table import COMMANDS
from bot.services.conversation import Event, Kind, Outcome
from bot.services.dispatcher import Dispatcher, draft_id_of
from tests.unit.test_activity_service import count_activities

USER = Account.telegram(4242)
CHAT = Address.telegram(4242)
GROUP = Address.telegram(-100123)
LINE = "昨天下午3点组织了数据安全培训，30人参加"


@pytest.fixture
def cdo(dispatcher: Dispatcher, clock) -> Dispatcher:
    code = access.create_invite(dispatcher.uow, clock, city="zhuhai", unit_name="市公安局", role="cdo").code
    joined = dispatcher.handle(event(Kind.COMMAND, command="start", text=code, display_name="张三"))
    assert "市公安局" in text(joined)
    return dispatcher


def event(kind: Kind, **fields: Any) -> Event:
    fields.setdefault("chat", CHAT)
    fields.setdefault("account", USER)
    return Event(kind, **fields)


def line(d: Dispatcher, words: str, **fields: Any) -> Outcome:
    if words.startswith("/"):
        name, _, rest = words[1:].partition(" ")
        return d.handle(event(Kind.COMMAND, command=name, text=rest, **fields))
    return d.handle(event(Kind.TEXT, text=words, **fields))


def text(outcome: Outcome) -> str:
    tr = translator()
    parts = [tr.render(outcome.toast)] if outcome.toast else []
    parts += [tr.render(r) for r in (outcome.edit, *outcome.replies) if isinstance(r, Reply)]
    return "\n".join(parts)


def card_of(outcome: Outcome) -> int:
    [reply] = outcome.replies
    draft = draft_id_of(reply)  # type: ignore[arg-type]
    assert draft is not None, reply
    return draft


# ------------------------------------------------------------------ the table


def test_every_command_of_the_table_has_a_help_line_and_the_help_lists_them_all(dispatcher) -> None:
    tr = translator()
    help_text = tr.render(dispatcher.help_reply())
    for command in dispatcher.commands():
        assert tr.gettext(command.help_key) != command.help_key, command.name
        assert f"/{command.name} {tr.gettext(command.help_key)}" in help_text
    assert [c.name for c in COMMANDS if c.menu][:4] == ["help", "train", "meeting", "report"]


def test_a_command_that_shows_a_units_data_is_refused_in_a_group_and_answered_in_private(cdo) -> None:
    assert "私聊" in text(line(cdo, "/progress", chat=GROUP, private=False))
    assert "市公安局" in text(line(cdo, "/progress"))


def test_a_role_the_table_does_not_allow_gets_the_commands_refusal(cdo) -> None:
    assert text(line(cdo, "/overview")) == translator().gettext("progress.overview.not_allowed")
    assert text(line(cdo, "/invite")) == translator().gettext("bot.invite.usage")  # usage first


def test_a_local_only_command_is_unknown_from_a_chat_platform(cdo, tmp_path) -> None:
    assert text(line(cdo, f"/attach {tmp_path}")) == translator().gettext("bot.unknown_command")


# ------------------------------------------------------------------ access


def test_a_stranger_may_only_join_and_nothing_they_send_is_kept(dispatcher) -> None:
    refused = line(dispatcher, LINE)
    assert "邀请码" in text(refused)
    assert count_activities(dispatcher.uow) == 0
    pressed = dispatcher.handle(event(Kind.BUTTON, data="act:confirm:1"))
    assert pressed.alert and "邀请码" in text(pressed)


def test_a_redelivered_event_takes_effect_once(cdo) -> None:
    draft = card_of(line(cdo, LINE))
    first = cdo.handle(event(Kind.BUTTON, data=f"act:confirm:{draft}", event_id="77"))
    again = cdo.handle(event(Kind.BUTTON, data=f"act:confirm:{draft}", event_id="77"))
    assert "已保存" in text(first)
    assert again.alert and again.toast is not None and again.toast.key == "bot.already_handled"
    assert count_activities(cdo.uow) == 1


# ------------------------------------------------------------------ dialogs, in the database


def test_a_guided_dialog_survives_a_restart_and_its_answer_becomes_a_card(cdo, clock) -> None:
    started = line(cdo, "/train")
    assert started.check_after == timedelta(minutes=10)
    restarted = Dispatcher(cdo.uow, clock)  # a new process: the state is in the database
    card = line(restarted, "11月20日 数据安全培训 30人")
    assert "培训" in text(card) and draft_id_of(card.replies[0]) is not None  # type: ignore[arg-type]
    assert "一票否决" in text(line(restarted, "一票否决权是什么"))  # the dialog is over


def test_a_dialog_nobody_answers_times_out_once_and_the_next_line_is_ordinary(cdo, clock) -> None:
    line(cdo, "/report")
    assert cdo.time_out(CHAT, USER) is None  # not yet
    clock.advance(timedelta(minutes=11))
    assert cdo.time_out(CHAT, USER) == Reply("bot.dialog.timeout")
    assert cdo.time_out(CHAT, USER) is None
    assert text(line(cdo, "/cancel")) == "当前没有进行中的操作。"


def test_a_file_during_a_guided_dialog_asks_for_the_text(cdo) -> None:
    from bot.services.activity import EvidenceFile

    line(cdo, "/meeting")
    file = EvidenceFile(telegram_file_id="F", file_unique_id="U", mime_type="image/jpeg")
    assert text(cdo.handle(event(Kind.FILE, file=file))) == translator().gettext("bot.guided.need_text")


def test_cancel_after_a_card_cancels_the_card_and_says_so(cdo) -> None:
    """Issue 15: /cancel after a card said nothing was in progress, and the card could no longer be used."""
    draft = card_of(line(cdo, LINE))
    assert text(line(cdo, "/cancel")) == "已取消。"
    pressed = cdo.handle(event(Kind.BUTTON, data=f"act:confirm:{draft}"))
    assert "已取消" in text(pressed)
    assert count_activities(cdo.uow) == 0
    assert text(line(cdo, "/cancel")) == "当前没有进行中的操作。"


# ------------------------------------------------------------------ lines


def test_a_bare_number_where_no_button_is_shown_is_never_a_duty_question(cdo) -> None:
    """Issue 15: /progress then 1 quoted a clause."""
    line(cdo, "/progress")
    assert text(line(cdo, "1")) == translator().gettext("bot.hint")
    assert not is_question("1") and not is_question(" 12 ")


@pytest.mark.parametrize("pair", [("食堂啥时候开门", "食堂什么时候开门"), ("明天天气怎样", "明天天气如何")])
def test_one_decision_says_what_a_question_is_so_two_wordings_get_one_reply(cdo, pair) -> None:
    first, second = (text(line(cdo, words)) for words in pair)
    assert first == second
    assert all(is_question(words) for words in pair)
    assert first != translator().gettext("bot.hint")  # a question: "not in the plans", not the usage hint


def test_chatter_gets_the_usage_hint(cdo) -> None:
    assert text(line(cdo, "你好")) == translator().gettext("bot.hint")


def test_buttons_go_to_the_service_that_made_them(cdo) -> None:
    settings = line(cdo, "/settings")
    [reply] = settings.replies
    hour = next(c.data for row in reply.choices for c in row if c.data.startswith("set:"))  # type: ignore[union-attr]
    pressed = cdo.handle(event(Kind.BUTTON, data=hour))
    assert pressed.edit is not None and pressed.edit.key.startswith("settings")
    stale = cdo.handle(event(Kind.BUTTON, data="rem:done:999999"))
    assert stale.toast is not None and stale.toast.key == "reminder.action.stale" and stale.buttons == ()


def test_the_help_lists_only_the_commands_the_member_may_use(cdo) -> None:
    help_text = text(line(cdo, "/help"))
    assert "/progress " in help_text
    assert "/overview " not in help_text  # coordinators only: a CDO is not shown it
