"""Rights (issue 11): admin rights from one place, member management, handover notices, hashed
invite codes, rate-limited joins, joining only in a private chat. On a real SQLite file."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.core.notifier import RecordingNotifier
from bot.services import access, members, reminders
from bot.services.errors import InvalidInvite, NotAuthorized, ValidationFailed
from storage.models import Invite, Member, Unit

ADMIN = 9001
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def uow(sqlite_uow_factory):
    with sqlite_uow_factory() as u:
        for city, name, kind in (
            ("zhuhai", "香洲区", "district"),
            ("zhuhai", "市公安局", "department"),
            ("zhuhai", "市政务服务数据管理局", "bureau"),
            ("shenzhen", "福田区", "district"),
        ):
            u.units.add(Unit(city=city, name=name, kind=kind))
        u.commit()
    return sqlite_uow_factory


def code_for(uow, clock, role="cdo", unit="香洲区", city="zhuhai", **kw) -> str:
    return access.create_invite(uow, clock, city=city, unit_name=unit, role=role, **kw).code


def join(uow, clock, code, user_id, name="王明", **kw):
    return access.join_with_code(
        uow,
        clock,
        code=code,
        account=Account.telegram(user_id),
        display_name=name,
        chat=Address.telegram(user_id),
        **kw,
    )


def text(reply) -> str:
    return translator().render(reply)


# ------------------------------------------------------------------ admin rights from one place


def test_removing_a_user_from_admin_ids_revokes_their_admin_membership(uow, clock):
    assert access.identify(uow, Account.telegram(ADMIN), admin_ids={ADMIN}, clock=clock).is_admin
    assert access.identify(uow, Account.telegram(ADMIN), admin_ids=set(), clock=clock) is None
    with uow() as u:
        assert u.members.active_by_account("telegram", str(ADMIN)) is None
    with pytest.raises(NotAuthorized):
        access.create_invite(
            uow,
            clock,
            city="shenzhen",
            unit_name=None,
            role="coordinator",
            created_by=Account.telegram(ADMIN),
        )


def test_a_stale_admin_row_gives_no_rights_even_where_identify_is_skipped(uow, clock):
    access.identify(uow, Account.telegram(ADMIN), admin_ids={ADMIN}, clock=clock)
    with uow() as u:
        member = u.members.active_by_account("telegram", str(ADMIN))
        assert access.has_admin_rights(u, member, {ADMIN})
        assert not access.has_admin_rights(u, member, set())


def test_an_admin_minted_in_chat_keeps_rights_until_deactivated(uow, clock):
    code = code_for(
        uow, clock, role="admin", unit=None, city=None, created_by=Account.telegram(ADMIN), admin_ids={ADMIN}
    )
    minted = join(uow, clock, code, 4242).actor
    assert access.identify(uow, Account.telegram(4242), admin_ids=set()).is_admin
    reply = members.deactivate_member(
        uow, clock, member_id=minted.member_id, by=Account.telegram(ADMIN), admin_ids={ADMIN}
    )
    assert "已停用" in text(reply)
    assert access.identify(uow, Account.telegram(4242), admin_ids=set()) is None


def test_an_admin_listed_in_admin_ids_is_not_deactivated_in_chat(uow, clock):
    admin = access.identify(uow, Account.telegram(ADMIN), admin_ids={ADMIN}, clock=clock)
    with pytest.raises(ValidationFailed) as refused:
        members.deactivate_member(uow, clock, member_id=admin.member_id, admin_ids={ADMIN})
    assert "ADMIN_IDS" in text(refused.value.reply())


# ------------------------------------------------------------------ list, deactivate, hand over


def _coordinator(uow, clock, city="zhuhai", user_id=3001):
    code = code_for(uow, clock, role="coordinator", unit="市政务服务数据管理局", city=city)
    return join(uow, clock, code, user_id, name="统筹老陈").actor


def test_a_coordinator_lists_and_deactivates_members_of_their_own_city_only(uow, clock):
    coordinator = _coordinator(uow, clock)
    cdo = join(uow, clock, code_for(uow, clock), 111, name="李主任").actor
    other = join(uow, clock, code_for(uow, clock, unit="福田区", city="shenzhen"), 222).actor
    rows, reply = members.list_members(uow, unit_name="香洲区", by=coordinator.account)
    assert [r.display_name for r in rows] == ["李主任"] and f"#{cdo.member_id}" in text(reply)
    with pytest.raises(NotAuthorized):
        members.list_members(uow, city="shenzhen", by=coordinator.account)
    with pytest.raises(NotAuthorized):
        members.deactivate_member(uow, clock, member_id=other.member_id, by=coordinator.account)
    members.deactivate_member(uow, clock, member_id=cdo.member_id, by=coordinator.account)
    assert access.identify(uow, Account.telegram(111)) is None
    assert access.identify(uow, Account.telegram(222)) is not None


def test_cdos_may_not_manage_members(uow, clock):
    cdo = join(uow, clock, code_for(uow, clock), 111).actor
    with pytest.raises(NotAuthorized):
        members.list_members(uow, unit_name="香洲区", by=cdo.account)
    with pytest.raises(NotAuthorized):
        members.deactivate_member(uow, clock, member_id=cdo.member_id, by=cdo.account)
    with pytest.raises(NotAuthorized):
        members.hand_over(uow, clock, city=None, unit_name="香洲区", by=cdo.account)


async def test_a_handover_tells_the_previous_cdo_and_the_coordinator(uow, clock):
    coordinator = _coordinator(uow, clock)
    join(uow, clock, code_for(uow, clock), 111, name="李主任")
    info = members.hand_over(uow, clock, city=None, unit_name="香洲区", by=coordinator.account)
    assert "李主任" in text(info.reply)
    join(uow, clock, info.code, 222, name="王主任")
    notifier = RecordingNotifier()
    stats = await reminders.dispatch_due(uow, clock, notifier, offload=False)
    told = {int(chat.chat): text(reply) for chat, reply in notifier.sent}
    assert stats.sent == 2, told
    assert "王主任 接任" in told[111] and "身份已结束" in told[111]
    assert "李主任 交接给 王主任" in told[int(coordinator.account.external_id)]


# ------------------------------------------------------------------ invite codes


def test_invite_codes_are_stored_only_as_hashes(uow, clock):
    code = code_for(uow, clock)
    with uow() as u:
        [row] = u.session.query(Invite).all()
        assert row.code_hash == access.hash_code(code) and code not in row.code_hash
        stored = " ".join(str(a.after) for a in u.audit.recent())
    assert code not in stored
    assert join(uow, clock, code, 111).actor.unit_name == "香洲区"


def test_failed_joins_are_rate_limited_per_user_and_logged_without_the_code(uow, clock, caplog):
    good = code_for(uow, clock)
    caplog.set_level(logging.INFO)
    for attempt in range(access.MAX_FAILED_JOINS):
        with pytest.raises(InvalidInvite) as wrong:
            join(uow, clock, f"WRONG{attempt}guess", 555)
        assert wrong.value.key == "access.invite.unknown"
    with pytest.raises(InvalidInvite) as locked:
        join(uow, clock, good, 555)  # even the right code, while locked out
    assert locked.value.key == "access.invite.too_many"
    assert "WRONG" not in caplog.text and good not in caplog.text
    assert "failed join attempt by user telegram:555" in caplog.text
    assert join(uow, clock, good, 556).actor is not None  # another user is not affected
    later = FixedClock(NOW + access.FAILED_JOIN_WINDOW + timedelta(minutes=1))
    assert join(uow, later, code_for(uow, later), 555).actor is not None


# ------------------------------------------------------------------ groups


def test_joining_in_a_group_redeems_nothing_and_points_to_a_private_chat(uow, clock):
    code = code_for(uow, clock)
    link = f"https://t.me/cdo_test_bot?start={code}"
    with pytest.raises(InvalidInvite) as refused:
        access.join_with_code(
            uow,
            clock,
            code=code,
            account=Account.telegram(111),
            display_name="王明",
            chat=Address.telegram(-100200300),
            private_chat=False,
            private_link=link,
        )
    assert link in text(refused.value.reply()) and "私聊" in text(refused.value.reply())
    with uow() as u:
        assert u.members.active_by_account("telegram", str(111)) is None
    assert join(uow, clock, code, 111).actor is not None


def test_a_member_row_keeps_its_private_chat(uow, clock):
    join(uow, clock, code_for(uow, clock), 111)
    with uow() as u:
        member: Member = u.members.active_by_account("telegram", str(111))
        assert member.chat_address == "telegram:111"


# ------------------------------------------------------------------ the command line


def test_the_command_line_lists_deactivates_and_hands_over(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.delenv("ADMIN_IDS", raising=False)
    assert main(["invite", "--city", "zhuhai", "--unit", "香洲区", "--role", "cdo"]) == 0
    code = capsys.readouterr().out.strip()
    from bot.bootstrap import build_app_context

    app = build_app_context()
    try:
        joined = join(app.uow, app.clock, code, 111, name="李主任").actor
    finally:
        app.close()
    assert main(["members", "list", "--city", "zhuhai", "--unit", "香洲区"]) == 0
    assert f"#{joined.member_id} 李主任" in capsys.readouterr().out
    assert main(["members", "handover", "--city", "zhuhai", "--unit", "香洲区"]) == 0
    assert "李主任" in capsys.readouterr().out
    assert main(["members", "deactivate", str(joined.member_id)]) == 0
    assert "已停用" in capsys.readouterr().out
    assert main(["members", "deactivate", str(joined.member_id)]) == 1
    assert main(["members", "list", "--city", "zhuhai", "--unit", "香洲区"]) == 0
    assert "没有在册成员" in capsys.readouterr().out
