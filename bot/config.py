"""Settings from the environment (and a ``.env`` file), read once by ``bot.bootstrap``.

The bot token is a ``Secret``: its ``repr``/``str`` never show the value, so it cannot reach a
log by accident. Only ``cdo-bot run`` needs it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo


class Secret:
    """A string that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__


def default_database_url() -> str:
    data_dir = Path(os.environ.get("CDO_DATA_DIR", "data"))
    return f"sqlite:///{data_dir / 'cdo-bot.sqlite3'}"


def _ids(value: str) -> frozenset[int]:
    out = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if part:
            if not part.lstrip("-").isdigit():
                raise ValueError(f"ADMIN_IDS must be numeric Telegram user ids, got {part!r}")
            out.add(int(part))
    return frozenset(out)


WECOM_API_BASE = "https://qyapi.weixin.qq.com/cgi-bin"


@dataclass(frozen=True)
class WeComSettings:
    """The self-built app (自建应用) of ``cdo-bot run --platform wecom``: what WeCom's admin console shows.

    ``api_base`` is WeCom's public API unless a private deployment (粤政易, 政务微信) has its own;
    ``public_url`` is where WeCom and members' browsers reach the callback server (the upload
    links are built on it), by default ``http://<callback host>:<port>``.
    """

    corp_id: str = ""
    agent_id: int = 0
    secret: Secret = field(default_factory=lambda: Secret(""))
    token: Secret = field(default_factory=lambda: Secret(""))
    encoding_aes_key: Secret = field(default_factory=lambda: Secret(""))
    api_base: str = WECOM_API_BASE
    callback_host: str = "0.0.0.0"
    callback_port: int = 8080
    public_url: str | None = None

    @classmethod
    def from_env(cls, get: Callable[..., str | None]) -> WeComSettings:
        return cls(
            corp_id=get("WECOM_CORP_ID", "") or "",
            agent_id=int(get("WECOM_AGENT_ID", "0") or 0),
            secret=Secret(get("WECOM_SECRET", "") or ""),
            token=Secret(get("WECOM_TOKEN", "") or ""),
            encoding_aes_key=Secret(get("WECOM_ENCODING_AES_KEY", "") or ""),
            api_base=get("WECOM_API_BASE", WECOM_API_BASE) or WECOM_API_BASE,
            callback_host=get("WECOM_CALLBACK_HOST", "0.0.0.0") or "0.0.0.0",
            callback_port=int(get("WECOM_CALLBACK_PORT", "8080") or 8080),
            public_url=get("WECOM_PUBLIC_URL"),
        )

    def missing(self) -> list[str]:
        """The variables ``run --platform wecom`` cannot start without."""
        required = {
            "WECOM_CORP_ID": self.corp_id,
            "WECOM_AGENT_ID": self.agent_id,
            "WECOM_SECRET": self.secret,
            "WECOM_TOKEN": self.token,
            "WECOM_ENCODING_AES_KEY": self.encoding_aes_key,
        }
        return [name for name, value in required.items() if not value]

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.secret.get(), self.token.get(), self.encoding_aes_key.get())

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.callback_host in ("0.0.0.0", "::", "") else self.callback_host
        return f"http://{host}:{self.callback_port}"


@dataclass(frozen=True)
class Settings:
    telegram_bot_token: Secret = field(default_factory=lambda: Secret(""))
    telegram_base_url: str | None = None
    database_url: str = field(default_factory=default_database_url)
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    admin_ids: frozenset[int] = frozenset()
    webhook_url: str | None = None
    webhook_secret: Secret = field(default_factory=lambda: Secret(""))
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    reminder_hour: int = 9
    log_level: str = "INFO"
    service_timeout: float = 10.0
    """Seconds one request may wait for the database before the user is told "系统繁忙" (issue 11)."""
    wecom: WeComSettings = field(default_factory=lambda: WeComSettings())

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, dotenv: bool = True) -> Settings:
        if env is None:
            if dotenv:
                from dotenv import load_dotenv

                load_dotenv(override=False)
            env = dict(os.environ)
        get = lambda k, d=None: env.get(k) or d  # noqa: E731
        return cls(
            telegram_bot_token=Secret(get("TELEGRAM_BOT_TOKEN", "")),
            telegram_base_url=get("TELEGRAM_BASE_URL"),
            database_url=get("DATABASE_URL") or default_database_url(),
            timezone=ZoneInfo(get("TZ_NAME", "Asia/Shanghai")),
            admin_ids=_ids(get("ADMIN_IDS", "")),
            webhook_url=get("WEBHOOK_URL"),
            webhook_secret=Secret(get("WEBHOOK_SECRET", "")),
            webhook_listen=get("WEBHOOK_LISTEN", "0.0.0.0"),
            webhook_port=int(get("WEBHOOK_PORT", "8443")),
            reminder_hour=int(get("REMINDER_HOUR", "9")),
            log_level=get("LOG_LEVEL", "INFO"),
            service_timeout=float(get("SERVICE_TIMEOUT", "10")),
            wecom=WeComSettings.from_env(get),
        )
