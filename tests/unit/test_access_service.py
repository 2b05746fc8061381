"""Access: invites, joining with a code, recognising members, CDO handover (on a real SQLite file)."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.services import access
from bot.services.errors import InvalidInvite, NotAuthorized, UnknownCity, UnknownUnit, ValidationFailed
from storage.models import Unit

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
            ("shenzhen", "福田区", "district"),
        ):
            u.units.add(Unit(city=city, name=name, kind=kind))
        u.commit()
    return sqlite_uow_factory


def rendered(reply) -> str:
    text = translator().render(reply)
    assert text != reply.key, f"no translation for {reply.key}"
    return text


def invite(uow, clock, role="cdo", unit="香洲区", city="zhuhai", **kw):
    return access.create_invite(uow, clock, city=city, unit_name=unit, role=role, **kw)


def join(uow, clock, code, user_id, name="王明"):
    return access.join_with_code(
        uow,
        clock,
        code=code,
        account=Account.telegram(user_id),
        display_name=name,
        chat=Address.telegram(user_id),
    )


def test_a_stranger_is_not_recognised(uow):
    assert access.identify(uow, Account.telegram(12345), admin_ids={ADMIN}) is None


def test_an_admin_is_created_on_first_contact_and_recognised_afterwards(uow, clock):
    first = access.identify(uow, Account.telegram(ADMIN), admin_ids={ADMIN}, clock=clock)
    again = access.identify(uow, Account.telegram(ADMIN), admin_ids={ADMIN})
    assert first is not None and first.role == "admin" and first.is_admin
    assert again.member_id == first.member_id
    with uow() as u:
        assert [row.action for row in u.audit.of_entity("member", first.member_id)] == ["join"]


def test_cli_invite_codes_are_short_url_safe_and_unique(uow, clock):
    codes = {invite(uow, clock).code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert 8 <= len(code) <= 64
        assert all(c.isascii() and (c.isalnum() or c in "_-") for c in code)


def test_invite_reply_and_deep_link(uow, clock):
    info = invite(uow, clock)
    assert info.deep_link("@cdo_bot") == f"https://t.me/cdo_bot?start={info.code}"
    assert info.expires_at == NOW + timedelta(days=14)
    assert info.code in rendered(info.reply) and "香洲区" in rendered(info.reply)


def test_joining_with_a_code_makes_a_member_of_that_unit(uow, clock):
    joined = join(uow, clock, invite(uow, clock).code, 111)
    actor = access.identify(uow, Account.telegram(111))
    assert actor == joined.actor
    assert (actor.role, actor.city, actor.unit_name) == ("cdo", "zhuhai", "香洲区")
    assert "香洲区" in rendered(joined.reply)


def test_an_invite_works_only_once(uow, clock):
    code = invite(uow, clock).code
    join(uow, clock, code, 111)
    with pytest.raises(InvalidInvite) as info:
        join(uow, clock, code, 222)
    assert info.value.key == "access.invite.used"
    assert access.identify(uow, Account.telegram(222)) is None
    rendered(info.value.reply())


def test_an_expired_invite_is_refused(uow, clock):
    code = invite(uow, clock, ttl_days=1).code
    clock.advance(timedelta(days=1, seconds=1))
    with pytest.raises(InvalidInvite) as info:
        join(uow, clock, code, 111)
    assert info.value.key == "access.invite.expired"


def test_an_unknown_code_is_refused(uow, clock):
    with pytest.raises(InvalidInvite) as info:
        join(uow, clock, "no-such-code", 111)
    assert info.value.key == "access.invite.unknown"


def test_a_new_cdo_takes_over_the_unit_and_the_old_membership_ends(uow, clock):
    old = join(uow, clock, invite(uow, clock).code, 111, name="李主任").actor
    clock.advance(timedelta(days=30))
    new = join(uow, clock, invite(uow, clock).code, 222, name="王主任")
    assert new.replaced_display_name == "李主任"
    assert access.identify(uow, Account.telegram(111)) is None
    assert "李主任" in rendered(new.reply)
    with uow() as u:
        former = u.members.get(old.member_id)
        assert former.active is False and former.left_at == clock.now()
        assert u.members.active_cdo(new.actor.unit_id).id == new.actor.member_id


def test_staff_joining_does_not_replace_the_cdo(uow, clock):
    cdo = join(uow, clock, invite(uow, clock).code, 111).actor
    staff = join(uow, clock, invite(uow, clock, role="staff").code, 222)
    assert staff.replaced_display_name is None
    assert access.identify(uow, Account.telegram(111)) == cdo


def test_a_member_who_joins_again_moves_to_the_new_unit(uow, clock):
    join(uow, clock, invite(uow, clock, role="staff").code, 111)
    join(uow, clock, invite(uow, clock, unit="市公安局").code, 111)
    actor = access.identify(uow, Account.telegram(111))
    assert (actor.role, actor.unit_name) == ("cdo", "市公安局")


def test_a_coordinator_may_invite_in_their_own_city_only(uow, clock):
    join(uow, clock, invite(uow, clock, role="coordinator", unit=None).code, 333)
    made = access.create_invite(
        uow, clock, city=None, unit_name="市公安局", role="cdo", created_by=Account.telegram(333)
    )
    assert made.city == "zhuhai"
    with pytest.raises(NotAuthorized):
        access.create_invite(
            uow, clock, city="shenzhen", unit_name="福田区", role="cdo", created_by=Account.telegram(333)
        )
    with pytest.raises(NotAuthorized):
        access.create_invite(
            uow, clock, city="zhuhai", unit_name=None, role="admin", created_by=Account.telegram(333)
        )


def test_cdos_and_strangers_may_not_create_invites(uow, clock):
    join(uow, clock, invite(uow, clock).code, 111)
    for user_id in (111, 4242):
        with pytest.raises(NotAuthorized) as info:
            access.create_invite(
                uow,
                clock,
                city="zhuhai",
                unit_name="香洲区",
                role="staff",
                created_by=Account.telegram(user_id),
            )
        rendered(info.value.reply())


def test_admins_may_invite_in_any_city_even_before_their_first_message(uow, clock):
    made = access.create_invite(
        uow,
        clock,
        city="shenzhen",
        unit_name="福田区",
        role="cdo",
        created_by=Account.telegram(ADMIN),
        admin_ids={ADMIN},
    )
    assert made.unit_name == "福田区"


def test_invites_need_a_known_unit_and_city(uow, clock):
    with pytest.raises(UnknownUnit) as info:
        invite(uow, clock, unit="不存在局")
    assert "不存在局" in rendered(info.value.reply())
    with pytest.raises(UnknownCity):
        invite(uow, clock, city="beijing")
    with pytest.raises(ValidationFailed):
        invite(uow, clock, unit=None)
    with pytest.raises(ValidationFailed):
        invite(uow, clock, role="boss")


def test_invites_and_joins_leave_an_audit_trail(uow, clock):
    info = invite(uow, clock)
    joined = join(uow, clock, info.code, 111)
    with uow() as u:
        assert [r.action for r in u.audit.of_entity("invite", info.invite_id)] == ["invite"]
        [join_row] = u.audit.of_entity("member", joined.actor.member_id)
        assert join_row.action == "join" and join_row.after["unit"] == "香洲区"


def test_ensure_units_upserts_the_units_of_the_city_data(uow):
    cities = {
        "zhuhai": SimpleNamespace(
            code="zhuhai",
            units=[
                SimpleNamespace(name="香洲区", kind="district", pilot=True),
                SimpleNamespace(name="斗门区", kind="district", pilot=False),
            ],
        )
    }
    assert access.ensure_units(uow, cities) == 1
    assert access.ensure_units(uow, cities) == 0
    with uow() as u:
        assert u.units.by_name("zhuhai", "斗门区").is_pilot is False
