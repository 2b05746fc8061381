"""Where the shipped data (``locale/``) lives, in a source checkout and in an installed wheel.

The data directory is installed as the package ``cdo_locale`` because a top-level package named
``locale`` would shadow the standard library's ``locale`` module.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


@cache
def locale_root() -> Path:
    """The ``locale`` folder; ``CDO_LOCALE_DIR`` overrides it (tests, coordinators' own data)."""
    override = os.environ.get("CDO_LOCALE_DIR")
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parents[2] / "locale"
    if (checkout / "zh_CN").is_dir():
        return checkout
    # ``cdo_locale`` has no __init__.py: it is a namespace package, for which
    # importlib.resources.files() returns a MultiplexedPath whose str() is its repr, not a path.
    import cdo_locale

    return Path(next(iter(cdo_locale.__path__)))


def zh_cn() -> Path:
    return locale_root() / "zh_CN"


def policies_dir() -> Path:
    return zh_cn() / "policies"


def cities_dir() -> Path:
    return zh_cn() / "cities"


def jieba_dir() -> Path:
    return zh_cn() / "jieba"


def messages_dir() -> Path:
    return zh_cn() / "LC_MESSAGES"


def cache_dir() -> Path:
    """A writable folder for derived caches (jieba's model cache, the segmented policy index)."""
    base = os.environ.get("CDO_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    path = root / "cdo-bot" if not os.environ.get("CDO_CACHE_DIR") else root
    path.mkdir(parents=True, exist_ok=True)
    return path
