"""The gettext catalog: English msgids in code, Chinese text in ``locale/zh_CN/LC_MESSAGES/*.po``.

Each concern keeps its own ``.po`` file (``common.po``, ``duty.po``, ``intake.po`` …) so that
features can grow their strings without editing one shared file; at start-up they are merged
and compiled (with Babel) into one ``.mo`` in the cache folder, then loaded with the standard
library's ``gettext``. The ``.mo`` is rebuilt whenever a ``.po`` is newer, so nothing binary is
committed. A msgid with no translation is an error in tests (tests/data/test_catalog.py).
"""

from __future__ import annotations

import gettext
import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from bot.core import paths
from bot.core.replies import Choice, Reply

DOMAIN = "cdo_bot"


def po_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or paths.messages_dir()).glob("*.po"))


def merged_catalog(directory: Path | None = None):  # -> babel.messages.Catalog
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    merged = Catalog(locale="zh_CN", domain=DOMAIN)
    for po in po_files(directory):
        with po.open("rb") as fh:
            for message in read_po(fh, locale="zh_CN"):
                if message.id:
                    if message.id in merged:
                        raise ValueError(f"msgid {message.id!r} is defined twice (again in {po.name})")
                    merged[message.id] = message
    return merged


def compile_catalog(directory: Path | None = None) -> Path:
    """Compile the merged ``.po`` files into a ``.mo`` keyed by their content."""
    from babel.messages.mofile import write_mo

    sources = po_files(directory)
    digest = hashlib.sha1()
    for po in sources:
        digest.update(po.name.encode())
        digest.update(po.read_bytes())
    target = paths.cache_dir() / f"{DOMAIN}-{digest.hexdigest()[:16]}.mo"
    if not target.exists():
        catalog = merged_catalog(directory)
        tmp = target.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        tmp.replace(target)
    return target


class Translator:
    """Renders msgids and ``Reply`` objects into Chinese text."""

    def __init__(self, translations: gettext.NullTranslations) -> None:
        self._t = translations

    def gettext(self, msgid: str) -> str:
        return self._t.gettext(msgid)

    def format(self, msgid: str, params: Mapping[str, Any] | None = None) -> str:
        text = self.gettext(msgid)
        return text.format(**params) if params else text

    def label(self, choice: Choice) -> str:
        return choice.label if choice.literal else self.format(choice.label, choice.params)

    def render(self, reply: Reply) -> str:
        text = self.format(reply.key, reply.params) if reply.key else ""
        if reply.literal:
            text = f"{text}\n{reply.literal}" if text else reply.literal
        return text


@cache
def translator() -> Translator:
    mo = compile_catalog()
    with mo.open("rb") as fh:
        return Translator(gettext.GNUTranslations(fh))


def _(msgid: str, /, **params: Any) -> str:
    """Shorthand for adapters: translate and format in one call."""
    return translator().format(msgid, params)
