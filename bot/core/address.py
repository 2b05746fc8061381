"""Who speaks and where: a platform-neutral account and an opaque chat/message address.

Layer: core (no telegram, no database). Every transport turns its platform's ids into these two
values and back; the services and the tables only ever see their text form, so a second chat
platform (WeCom / 粤政易) needs no new column and no new branch in a service.

- ``Account(platform, external_id)``: one login of a person on one platform. Telegram's integer
  user id ``42`` is ``Account("telegram", "42")``; WeCom's ``zhangsan`` is ``Account("wecom",
  "zhangsan")``. One member may hold accounts on several platforms (``member_accounts``).
  Text form ``telegram:42``.
- ``Address(platform, chat, message=None)``: a chat (where to send) or, with ``message``, one
  message in it (a card to edit, the card an evidence file replies to, a sent reminder).
  Text form ``telegram:-1001234`` or ``telegram:-1001234#77``. Only the transport of
  ``platform`` looks inside ``chat`` and ``message``; everyone else stores and compares the text.

A chat never contains ``#`` (neither Telegram's integers nor WeCom's ``[0-9A-Za-z_@.-]`` ids do);
a message part may contain anything, so the text form splits at the first ``#``.
"""

from __future__ import annotations

from dataclasses import dataclass

TELEGRAM = "telegram"
"""The platform name of Telegram accounts and chats."""


def _check_platform(platform: str) -> None:
    if not platform or not platform.isascii() or not platform.isidentifier() or platform != platform.lower():
        raise ValueError(f"a platform is a lower-case identifier, got {platform!r}")


@dataclass(frozen=True, order=True)
class Account:
    """One login of a member on one platform; ``external_id`` is the platform's id, as text."""

    platform: str
    external_id: str

    def __post_init__(self) -> None:
        _check_platform(self.platform)
        if not self.external_id or any(ch.isspace() for ch in self.external_id):
            raise ValueError(f"an external id is non-empty text without spaces, got {self.external_id!r}")

    @classmethod
    def telegram(cls, user_id: int | str) -> Account:
        return cls(TELEGRAM, str(int(user_id)))

    @classmethod
    def parse(cls, text: str) -> Account:
        platform, sep, external_id = text.partition(":")
        if not sep:
            raise ValueError(f"not an account: {text!r} (expected platform:id)")
        return cls(platform, external_id)

    @property
    def text(self) -> str:
        return f"{self.platform}:{self.external_id}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, order=True)
class Address:
    """A chat on a platform, or one message in it (``message`` set)."""

    platform: str
    chat: str
    message: str | None = None

    def __post_init__(self) -> None:
        _check_platform(self.platform)
        if not self.chat or "#" in self.chat or any(ch.isspace() for ch in self.chat):
            raise ValueError(f"a chat is non-empty text without '#' or spaces, got {self.chat!r}")
        if self.message is not None and not self.message:
            raise ValueError("a message reference is None or non-empty text")

    @classmethod
    def telegram(cls, chat_id: int | str, message_id: int | str | None = None) -> Address:
        return cls(TELEGRAM, str(int(chat_id)), None if message_id is None else str(int(message_id)))

    @classmethod
    def parse(cls, text: str) -> Address:
        platform, sep, rest = text.partition(":")
        if not sep:
            raise ValueError(f"not an address: {text!r} (expected platform:chat[#message])")
        chat, hashed, message = rest.partition("#")
        return cls(platform, chat, message if hashed else None)

    @property
    def text(self) -> str:
        return f"{self.platform}:{self.chat}" + ("" if self.message is None else f"#{self.message}")

    @property
    def chat_address(self) -> Address:
        """The chat this message is in (itself when it is a chat)."""
        return self if self.message is None else Address(self.platform, self.chat)

    def at(self, message: int | str) -> Address:
        """The message ``message`` of this chat."""
        return Address(self.platform, self.chat, str(message))

    def __str__(self) -> str:
        return self.text
