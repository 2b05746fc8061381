"""WeCom rendering of platform-neutral ``Reply`` objects: text messages and button cards.

Layer: WeCom adapter (``bot.core`` only). What WeCom allows, and how a ``Reply`` is fitted to it:

- a text message holds 2,048 bytes and WeCom *cuts* longer ones silently, so text is split at line
  breaks into pieces of at most 2,048 UTF-8 bytes (PITFALLS 9, WeCom's size);
- choices become a ``template_card`` of type ``button_interaction``: at most 6 buttons, each with
  the choice's data as its ``key`` (≤ 1,024 bytes; our callback data are ≤ 64), a ``task_id`` that
  is unique and 128 bytes at most of ``[0-9A-Za-z_-@]`` (``new_task_id``); more than 6 choices
  become further cards of 6 ("更多选项 2/3");
- the card's text: the first line is the ``main_title`` (≤ 36 characters), ``字段：值`` lines the
  ``horizontal_content_list`` (≤ 6 rows, short keys and values — the shape of a record card), the
  rest ``sub_title_text`` (≤ 112 characters). A reply that does not fit goes out as text first and
  the card then carries only its title and buttons, so nothing is lost;
- button labels over 10 characters (what WeCom's card shows) become "1. 开头…" with the full
  labels listed in the card's text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.i18n import Translator
from bot.core.replies import Choice, Reply
from bot.core.text_split import split_at_lines

TEXT_LIMIT_BYTES = 2048
MAX_BUTTONS = 6
TITLE_LIMIT = 36
SUB_TITLE_LIMIT = 112
HORIZONTAL_LIMIT = 6
KEY_LIMIT = 5
VALUE_LIMIT = 30
LABEL_LIMIT = 10
TASK_ID = re.compile(r"^[0-9A-Za-z_\-@]{1,128}$")
FIELD_LINE = re.compile(r"^(?P<key>[^：:\s]{1,5})[：:](?P<value>.+)$")


def new_task_id() -> str:
    """Unique across processes and restarts (WeCom refuses a ``task_id`` used before by the app)."""
    return "c" + uuid.uuid4().hex


@dataclass(frozen=True)
class Outgoing:
    """One ``message/send`` body part: ``msgtype`` and its object."""

    msgtype: str
    content: dict[str, Any]
    choices: tuple[Choice, ...] = field(default=())
    """The choices a card carries (for the transport's bookkeeping)."""

    @property
    def task_id(self) -> str | None:
        return self.content.get("task_id") if self.msgtype == "template_card" else None


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """Pieces of at most ``limit`` UTF-8 bytes, cut at line breaks where possible, never inside a character."""
    return split_at_lines(text, limit, utf8_len)


def text_messages(text: str) -> list[Outgoing]:
    return [Outgoing("text", {"content": chunk}) for chunk in split_text(text)]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def card_body(text: str) -> dict[str, Any] | None:
    """``main_title`` / ``horizontal_content_list`` / ``sub_title_text`` for ``text``, or None if it does not fit."""
    lines = [line for line in text.split("\n")]
    title = lines[0].strip()
    if len(title) > TITLE_LIMIT:
        return None
    rows: list[dict[str, str]] = []
    rest: list[str] = []
    for line in lines[1:]:
        match = FIELD_LINE.match(line.strip())
        if (
            match
            and len(rows) < HORIZONTAL_LIMIT
            and len(match["value"].strip()) <= VALUE_LIMIT
            and not rest  # fields come first on a card; a field line after prose stays prose
        ):
            rows.append({"keyname": match["key"], "value": match["value"].strip()})
        else:
            rest.append(line)
    sub = "\n".join(rest).strip()
    if len(sub) > SUB_TITLE_LIMIT:
        return None
    body: dict[str, Any] = {}
    if title:
        body["main_title"] = {"title": title}
    if rows:
        body["horizontal_content_list"] = rows
    if sub:
        body["sub_title_text"] = sub
    return body


def cards(
    text: str,
    choices: list[Choice],
    translator: Translator,
    *,
    task_id: Callable[[], str] = new_task_id,
) -> list[Outgoing]:
    """The text and its buttons: one card when it fits, else text messages and then the card(s)."""
    labels = [translator.label(c) for c in choices]
    long_labels = any(len(label) > LABEL_LIMIT for label in labels)
    if long_labels:
        listing = "\n".join(f"{n}. {label}" for n, label in enumerate(labels, 1))
        text = f"{text}\n{listing}" if text else listing
        labels = [_shorten(f"{n}. {label}", LABEL_LIMIT) for n, label in enumerate(labels, 1)]
    out: list[Outgoing] = []
    body = card_body(text)
    if body is None:
        out.extend(text_messages(text))
        first_line = text.split("\n", 1)[0].strip() or translator.gettext("wecom.card.choose")
        body = {"main_title": {"title": _shorten(first_line, TITLE_LIMIT)}}
    groups = [list(range(i, min(i + MAX_BUTTONS, len(choices)))) for i in range(0, len(choices), MAX_BUTTONS)]
    for n, group in enumerate(groups, 1):
        if n > 1:
            body = {
                "main_title": {
                    "title": translator.format("wecom.card.more_choices", {"n": n, "total": len(groups)})
                }
            }
        tid = task_id()
        if not TASK_ID.match(tid):
            raise ValueError(f"task_id {tid!r} is not 128 bytes of [0-9A-Za-z_-@]")
        card = {
            "card_type": "button_interaction",
            **body,
            "task_id": tid,
            "button_list": [
                {"text": labels[i], "key": choices[i].data, "style": 1 if i == group[0] else 2} for i in group
            ],
        }
        out.append(Outgoing("template_card", card, tuple(choices[i] for i in group)))
    return out


def render(
    reply: Reply, translator: Translator, *, task_id: Callable[[], str] = new_task_id
) -> list[Outgoing]:
    """The WeCom messages for ``reply``: text pieces, or card(s) when it has choices."""
    text = translator.render(reply).strip() or translator.gettext("bot.empty_reply")
    choices = [choice for row in reply.choices for choice in row if choice.data]
    if not choices:
        return text_messages(text)
    return cards(text, choices, translator, task_id=task_id)


def done_label(reply: Reply | None, translator: Translator, fallback: str) -> str:
    """What a pressed card shows instead of its buttons (``update_template_card`` ``replace_name``)."""
    if reply is None:
        return fallback
    first = translator.render(reply).strip().split("\n", 1)[0].strip()
    return _shorten(first, 20) or fallback
