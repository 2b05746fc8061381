"""Issue 15, "messages that confuse": what people are told when something is wrong (real SQLite file)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.core.cities import load_cities
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.services import access, activity, commands, progress
from bot.services.errors import NotAuthorized, UnknownUnit
from tests.unit._progress_cases import add_activity, seed

NOW = datetime(2026, 12, 1, 10, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def people(sqlite_uow_factory):
    return seed(sqlite_uow_factory)


def render(reply) -> str:
    text = translator().render(reply)
    assert text != reply.key and "{" not in text
    return text


def test_an_unknown_shenzhen_unit_is_explained_with_the_citys_name_and_its_own_examples(
    sqlite_uow_factory, people, clock
):
    with pytest.raises(UnknownUnit) as info:
        access.create_invite(sqlite_uow_factory, clock, city="shenzhen", unit_name="香洲区", role="cdo")
    text = render(info.value.reply())
    assert "深圳市" in text and "shenzhen" not in text
    assert "香洲区）" not in text and "市公安局" in text and "福田区" in text


@pytest.mark.parametrize(
    ("word", "role"), [("首席数据官", "cdo"), ("数据专员", "staff"), ("协调员", "coordinator")]
)
def test_invite_takes_the_chinese_role_names(sqlite_uow_factory, people, clock, word, role):
    args = commands.invite_arguments(f"金湾区 {word}")
    assert (args.city, args.unit, args.role) == (None, "金湾区", role)
    info = access.create_invite(
        sqlite_uow_factory,
        clock,
        city=None,
        unit_name=args.unit,
        role=args.role,
        created_by=people.coordinator.account,
    )
    assert info.role == role and info.city == "zhuhai"


def test_invite_reads_a_city_code_as_the_city_not_as_a_unit():
    args = commands.invite_arguments("zhuhai coordinator")
    assert (args.city, args.unit, args.role) == ("zhuhai", None, "coordinator")
    args = commands.invite_arguments("珠海 市公安局 cdo")
    assert (args.city, args.unit, args.role) == ("zhuhai", "市公安局", "cdo")
    assert commands.invite_arguments("") is None


def test_a_coordinator_asking_for_an_admin_code_is_told_only_admins_make_those(
    sqlite_uow_factory, people, clock
):
    with pytest.raises(NotAuthorized) as info:
        access.create_invite(
            sqlite_uow_factory,
            clock,
            city=None,
            unit_name=None,
            role="admin",
            created_by=people.coordinator.account,
        )
    text = render(info.value.reply())
    assert "管理员邀请码只有管理员可以生成" in text


def test_a_coordinator_inviting_for_another_city_is_told_which_city_is_theirs(
    sqlite_uow_factory, people, clock
):
    with pytest.raises(NotAuthorized) as info:
        access.create_invite(
            sqlite_uow_factory,
            clock,
            city="shenzhen",
            unit_name="福田区",
            role="cdo",
            created_by=people.coordinator.account,
        )
    assert "珠海市" in render(info.value.reply())


def test_invite_codes_never_start_with_a_dash(sqlite_uow_factory, people, clock):
    codes = [
        access.create_invite(sqlite_uow_factory, clock, city="zhuhai", unit_name="金湾区", role="cdo").code
        for _ in range(150)
    ]
    assert all(code.isalnum() and code.isascii() and len(code) == 12 for code in codes)


def test_another_citys_overview_names_the_coordinators_own_city_not_progress(
    sqlite_uow_factory, people, clock
):
    with pytest.raises(NotAuthorized) as info:
        progress.city_overview(sqlite_uow_factory, clock, load_cities(), people.coordinator, city="shenzhen")
    text = render(info.value.reply())
    assert "珠海市" in text and "/progress" not in text


def test_a_cdo_sees_deadlines_without_ids_or_coordinator_commands(sqlite_uow_factory, people, clock):
    text = render(commands.deadline_command(sqlite_uow_factory, clock, people.cdo, ""))
    assert "@" not in text and "/deadline add" not in text and "12月31日" in text
    coordinator = render(commands.deadline_command(sqlite_uow_factory, clock, people.coordinator, ""))
    assert "annual_evaluation@2026-12" in coordinator and "/deadline move" in coordinator


def test_a_report_in_the_history_has_no_attendee_count(sqlite_uow_factory, people, clock):
    add_activity(sqlite_uow_factory, people.cdo, "report", date(2026, 11, 28), "下半年工作总结")
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 11, 20), attendees=None)
    report_line, training_line = render(
        activity.list_history(sqlite_uow_factory, clock, people.cdo).reply
    ).splitlines()[1:3]
    assert "下半年工作总结" in report_line and "人数" not in report_line
    assert "人数：未注明" in training_line
