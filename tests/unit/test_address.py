"""Accounts and addresses: their text form round-trips, and a chat goes to its own platform's notifier."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.address import Account, Address
from bot.core.notifier import PlatformNotifier, RecordingNotifier, Unreachable
from bot.core.replies import Reply


@pytest.mark.parametrize(
    "address",
    [
        Address.telegram(42),
        Address.telegram(-1001234567890, 77),
        Address("wecom", "zhangsan"),
        Address("wecom", "wrkSFfCgAAxxx", "resp#code:with:colons"),
    ],
)
def test_an_address_survives_its_text_form(address: Address) -> None:
    assert Address.parse(address.text) == address


def test_a_message_address_knows_its_chat_and_a_chat_names_its_messages() -> None:
    card = Address.parse("telegram:-100123#77")
    assert (card.platform, card.chat, card.message) == ("telegram", "-100123", "77")
    assert card.chat_address == Address.telegram(-100123)
    assert Address.telegram(-100123).at(77) == card


def test_a_telegram_account_is_its_user_id_as_text_and_round_trips() -> None:
    assert Account.telegram(5_000_000_001).text == "telegram:5000000001"
    assert Account.parse("wecom:zhangsan") == Account("wecom", "zhangsan")
    assert Account.parse(Account.telegram(42).text) == Account.telegram(42)


@pytest.mark.parametrize("text", ["42", "Telegram:42", "telegram:", "telegram:4 2", ":42"])
def test_malformed_accounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Account.parse(text)


@pytest.mark.parametrize("text", ["42", "telegram:", "telegram:#7", "telegram:42#", "telegram:4 2"])
def test_malformed_addresses_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Address.parse(text)


def test_the_platform_notifier_sends_each_chat_through_its_platform_and_refuses_an_unknown_one() -> None:
    telegram, wecom = RecordingNotifier(), RecordingNotifier()
    notifier = PlatformNotifier({"telegram": telegram, "wecom": wecom})
    delivered = asyncio.run(notifier.send(Address("wecom", "zhangsan"), Reply("bot.hint")))
    assert delivered.message == Address("wecom", "zhangsan", "1")
    assert [chat for chat, _ in wecom.sent] == [Address("wecom", "zhangsan")] and telegram.sent == []
    with pytest.raises(Unreachable):
        asyncio.run(notifier.send(Address("slack", "C1"), Reply("bot.hint")))
