"""One person on two platforms is one member: ``/link`` on one, ``/link CODE`` on the other.

A second invite would make a second member (and, for a CDO, hand their own unit over to
themselves); a link code adds the other platform's account to the same member instead.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.core.address import Account, Address
from bot.services import access
from bot.services.conversation import Kind
from bot.services.dispatcher import Dispatcher
from tests.unit.test_dispatcher import LINE, event, line, text

WECOM_USER, WECOM_CHAT = Account("wecom", "zhangsan"), Address("wecom", "zhangsan")


def joined_cdo(d: Dispatcher, clock) -> None:
    code = access.create_invite(d.uow, clock, city="zhuhai", unit_name="市公安局", role="cdo").code
    assert "市公安局" in text(line(d, f"/start {code}", display_name="张三"))


def link_code(d: Dispatcher) -> str:
    reply = text(line(d, "/link"))
    found = re.search(r"/link (\S+)", reply)
    assert found, reply
    return found.group(1)


def on_wecom(d: Dispatcher, words: str) -> str:
    name, _, rest = words[1:].partition(" ")
    return text(d.handle(event(Kind.COMMAND, command=name, text=rest, account=WECOM_USER, chat=WECOM_CHAT)))


def members_of(d: Dispatcher) -> list[tuple[int, str | None, list[str]]]:
    with d.uow() as uow:
        unit = uow.units.by_name("zhuhai", "市公安局")
        return [
            (m.id, m.chat_address, sorted(f"{a.platform}:{a.external_id}" for a in m.accounts if a.active))
            for m in uow.members.active_in_unit(unit.id)
        ]


def test_a_link_code_makes_the_wecom_account_a_second_login_of_the_same_cdo(dispatcher, clock) -> None:
    joined_cdo(dispatcher, clock)
    assert "市公安局" in on_wecom(dispatcher, f"/link {link_code(dispatcher)}")
    [(_member, chat, accounts)] = members_of(dispatcher)
    assert accounts == ["telegram:4242", "wecom:zhangsan"]
    assert chat == "wecom:zhangsan"  # reminders follow to the platform just linked
    # Both logins are the same member: a record saved on WeCom is in the Telegram /history.
    card = dispatcher.handle(event(Kind.TEXT, text=LINE, account=WECOM_USER, chat=WECOM_CHAT))
    [reply] = card.replies
    confirm = next(c.data for row in reply.choices for c in row if "confirm" in c.data)
    dispatcher.handle(event(Kind.BUTTON, data=confirm, account=WECOM_USER, chat=WECOM_CHAT))
    assert "数据安全培训" in text(line(dispatcher, "/history"))


def test_a_link_code_works_once_and_not_after_its_fifteen_minutes(dispatcher, clock) -> None:
    joined_cdo(dispatcher, clock)
    code = link_code(dispatcher)
    on_wecom(dispatcher, f"/link {code}")
    other = Account("wecom", "lisi")
    used = dispatcher.handle(
        event(Kind.COMMAND, command="link", text=code, account=other, chat=Address("wecom", "lisi"))
    )
    assert "已经被使用" in text(used)
    late = link_code(dispatcher)
    clock.advance(access.LINK_LIFETIME + timedelta(seconds=1))
    expired = dispatcher.handle(
        event(Kind.COMMAND, command="link", text=late, account=other, chat=Address("wecom", "lisi"))
    )
    assert "过期" in text(expired)
    assert [accounts for _id, _chat, accounts in members_of(dispatcher)] == [
        ["telegram:4242", "wecom:zhangsan"]
    ]


def test_an_account_that_is_already_a_member_cannot_be_linked_to_another(dispatcher, clock) -> None:
    joined_cdo(dispatcher, clock)
    code = access.create_invite(dispatcher.uow, clock, city="zhuhai", unit_name="香洲区", role="staff").code
    on_wecom(dispatcher, f"/start {code}")  # zhangsan on WeCom is already 香洲区's staff member
    assert "其他成员" in on_wecom(dispatcher, f"/link {link_code(dispatcher)}")
    assert [accounts for _id, _chat, accounts in members_of(dispatcher)] == [["telegram:4242"]]


def test_linking_a_members_own_account_again_says_so_and_a_group_gets_no_code(dispatcher, clock) -> None:
    joined_cdo(dispatcher, clock)
    on_wecom(dispatcher, f"/link {link_code(dispatcher)}")
    assert "无需再次关联" in on_wecom(dispatcher, f"/link {link_code(dispatcher)}")
    group = text(line(dispatcher, "/link", chat=Address.telegram(-100123), private=False))
    assert "私聊" in group and "/link " not in group
