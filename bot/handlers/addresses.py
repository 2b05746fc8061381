"""Telegram's integers as the core's ``Account`` and ``Address`` (``bot.core.address``).

Layer: Telegram adapter. The only place that knows a Telegram user id is an account of the
``telegram`` platform and a (chat id, message id) pair is a message address.
"""

from __future__ import annotations

from telegram import MaybeInaccessibleMessage, Message, User

from bot.core.address import Account, Address


def account_of(user: User) -> Account:
    return Account.telegram(user.id)


def chat_of(message: Message | MaybeInaccessibleMessage) -> Address:
    return Address.telegram(message.chat.id)


def address_of(message: Message | MaybeInaccessibleMessage) -> Address:
    """The message itself: a card to edit, the card a file replies to."""
    return Address.telegram(message.chat.id, message.message_id)
