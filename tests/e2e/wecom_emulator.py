"""A WeCom (企业微信 / 粤政易) emulator on loopback: the server API and the user side of one self-built app.

It plays WeCom's part exactly as documented, so that the real ``cdo-bot run --platform wecom``
process cannot tell it from WeCom:

- **server API** under ``http://127.0.0.1:<port>/cgi-bin`` (what ``WECOM_API_BASE`` points at):
  ``gettoken`` (tokens live ``token_lifetime`` s, 7,200 like WeCom's), ``message/send`` (text,
  markdown, file, template_card ``button_interaction`` — ≤ 6 buttons, a unique ``task_id`` of
  ≤ 128 bytes of ``[0-9A-Za-z_-@]``, a ``response_code`` per card), ``message/update_template_card``
  (each ``response_code`` usable once and for 72 h), ``media/upload``, ``media/get`` (media expire
  after 3 days), ``menu/create``. Text and markdown over 2,048 bytes are cut, as WeCom does, and
  a member's messages beyond 30 within 60 s (or 1,000 within an hour) are dropped without an error
  (``dropped``), as 访问频率限制 says ("超过部分会被丢弃不下发").
- **faults**: ``expire_tokens()`` (42001) and ``invalidate_tokens()`` (40014) for tokens already
  issued; ``inject(errcode=45009 | -1, status=500 …, times=n, path=...)`` for busy answers;
  ``gone`` userids (left the organisation / outside the visible range) get 81013;
- **user side**: ``send_text``, ``send_image``, ``send_file``, ``press`` (a ``template_card_event``),
  ``click_menu``, ``verify_url`` — each sealed (AES + signature, ``wecom_envelope``: an
  implementation independent of the bot's) and POSTed to the bot's callback. As WeCom does, a
  callback not answered within ``callback_timeout`` (5 s) is sent again, identical (same MsgId),
  up to 3 more times; ``redeliver(result)`` repeats one on purpose;
- **records**: ``calls`` (every API call), ``messages`` (what the bot sent, in order), ``cards``
  (by ``task_id``, with their state after updates), ``callbacks`` (every delivery and its answer).

Time is the emulator's own (``now()``; ``advance(seconds)`` moves it) so that token expiry and the
72-hour ``response_code`` rule are tested without waiting. Every socket sets TCP_NODELAY.
"""

from __future__ import annotations

import base64
import contextlib
import email.parser
import email.policy
import http.client
import itertools
import json
import re
import secrets
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.e2e.loopback import LoopbackServer
from tests.e2e.wecom_envelope import Sealed, WeComSide

TOKEN_LIFETIME = 7200
RESPONSE_CODE_LIFETIME = 72 * 3600
MEDIA_LIFETIME = 3 * 24 * 3600
TEXT_LIMIT_BYTES = 2048
MEMBER_PER_MINUTE = 30
MEMBER_PER_HOUR = 1000
"""WeCom's per-app, per-member send limits; beyond them messages are dropped, not refused."""
MAX_BUTTONS = 6
TASK_ID = re.compile(r"^[0-9A-Za-z_\-@]{1,128}$")
CARD_TYPES = ("text_notice", "news_notice", "button_interaction", "vote_interaction", "multiple_interaction")

# errcodes (WeCom's global error code list)
INVALID_CREDENTIAL = 40001
INVALID_CORPID = 40013
INVALID_TOKEN = 40014
EXPIRED_TOKEN = 42001
MISSING_TOKEN = 41001
INVALID_MEDIA = 40007
INVALID_PARAMETER = 40058
INVALID_AGENTID = 40056
ALL_INVALID = 81013


class ApiError(Exception):
    def __init__(self, errcode: int, errmsg: str, **extra: Any) -> None:
        super().__init__(errmsg)
        self.errcode = errcode
        self.errmsg = errmsg
        self.extra = extra


@dataclass
class Call:
    path: str
    params: dict[str, Any]
    body: Any
    at: float
    answer: dict[str, Any] | None = None


@dataclass
class Sent:
    """One message the bot sent (``message/send``)."""

    msgid: str
    touser: str
    msgtype: str
    payload: dict[str, Any]
    truncated: bool = False
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        """What the user reads: the text, the markdown, or a card's titles and lines."""
        if self.msgtype in ("text", "markdown"):
            return self.payload[self.msgtype]["content"]
        if self.msgtype == "template_card":
            return card_text(self.payload["template_card"])
        return f"[{self.msgtype}]"

    @property
    def card(self) -> dict[str, Any] | None:
        return self.payload.get("template_card")


@dataclass
class Card:
    """A button card as the user sees it now."""

    task_id: str
    touser: str
    content: dict[str, Any]
    msgid: str
    sent_at: float
    replaced_by: str | None = None
    """After ``update_template_card`` with ``button.replace_name``: the buttons are gone, this shows."""
    updates: int = 0

    @property
    def buttons(self) -> list[tuple[str, str]]:
        if self.replaced_by is not None:
            return []
        return [(b.get("text", ""), b.get("key", "")) for b in self.content.get("button_list", [])]

    def key(self, label: str) -> str:
        for text, key in self.buttons:
            if text == label:
                return key
        raise LookupError(f"no button {label!r} on card {self.task_id}: {self.buttons}")


@dataclass
class Callback:
    """One callback WeCom delivered (or tried to) and what the bot answered."""

    kind: str
    user: str
    plain: str
    sealed: Sealed
    status: int | None = None
    body: bytes = b""
    attempts: int = 0
    msg_id: str | None = None
    at: float = field(default_factory=time.monotonic)
    seconds: float | None = None
    """How long the bot took to answer the HTTP request (WeCom gives it 5 s)."""


@dataclass
class StoredMedia:
    data: bytes
    filename: str
    content_type: str
    kind: str
    created: float


@dataclass
class Fault:
    errcode: int | None = None
    status: int | None = None
    times: int = 1
    path: str | None = None
    hang: float | None = None


def card_text(card: dict[str, Any]) -> str:
    parts = [
        (card.get("main_title") or {}).get("title", ""),
        (card.get("main_title") or {}).get("desc", ""),
        card.get("sub_title_text", ""),
    ]
    for item in card.get("horizontal_content_list") or []:
        parts.append(f"{item.get('keyname', '')}：{item.get('value', '')}")
    return "\n".join(p for p in parts if p)


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _nodelay(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class WeComEmulator(LoopbackServer):
    """In-process WeCom; thread-safe; one corp, one self-built app, many users."""

    def __init__(
        self,
        *,
        corp_id: str = "ww5ca1ab1e0d0c0ffe",
        agent_id: int = 1000002,
        secret: str = "emulator-app-secret-do-not-log",
        token: str = "emuToken2026",
        encoding_aes_key: str | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.corp_id = corp_id
        self.agent_id = agent_id
        self.secret = secret
        self.token = token
        self.encoding_aes_key = encoding_aes_key or base64.b64encode(secrets.token_bytes(32)).decode()[:43]
        self.side = WeComSide(self.token, self.encoding_aes_key, self.corp_id)
        self._host = host
        self._lock = threading.Condition()
        self._offset = 0.0
        self._msg_ids = itertools.count(7_300_000_000_000_000_001)
        self._sent_ids = itertools.count(1)
        self.token_lifetime = TOKEN_LIFETIME
        self.tokens: dict[str, dict[str, Any]] = {}
        """access_token → {"expires": t, "state": "ok" | "expired" | "invalid"}."""
        self.calls: list[Call] = []
        self.unknown_calls: list[Call] = []
        self.messages: list[Sent] = []
        self.dropped: list[Sent] = []
        """Messages beyond a member's 30 a minute / 1,000 an hour: answered ok, never shown."""
        self._received: dict[str, list[float]] = {}
        """userid → the emulator times of the messages they were sent (for the per-member limit)."""
        self.cards: dict[str, Card] = {}
        self.response_codes: dict[str, dict[str, Any]] = {}
        """code → {"task_id", "user", "issued", "used"}."""
        self.media: dict[str, StoredMedia] = {}
        self.menu: list[dict[str, Any]] | None = None
        self.callbacks: list[Callback] = []
        self.faults: list[Fault] = []
        self.gone: set[str] = set()
        """Userids who left the organisation or are outside the app's visible range."""
        self.callback_url: str | None = None
        self.callback_timeout = 5.0
        self.callback_retries = 3
        self._server: ThreadingHTTPServer | None = None

    # ----------------------------------------------------------------- time
    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds

    # ----------------------------------------------------------------- server life
    def start(self) -> WeComEmulator:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                _nodelay(self.connection)

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._handle(b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._handle(self.rfile.read(length) if length else b"")

            def _handle(self, body: bytes) -> None:
                url = urllib.parse.urlsplit(self.path)
                if not url.path.startswith("/cgi-bin/"):
                    self._json(404, {"errcode": 404, "errmsg": "not found"})
                    return
                path = url.path[len("/cgi-bin") :]
                params = dict(urllib.parse.parse_qsl(url.query))
                status, headers, data = emulator.handle(
                    path, params, self.headers.get("Content-Type", ""), body
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.serve(Handler, "wecom-emulator")
        return self

    @property
    def api_base(self) -> str:
        """What ``WECOM_API_BASE`` is set to."""
        return f"http://{self._host}:{self.port}/cgi-bin"

    def bot_env(self) -> dict[str, str]:
        """The ``WECOM_*`` settings of the app, as the admin console shows them."""
        return {
            "WECOM_CORP_ID": self.corp_id,
            "WECOM_AGENT_ID": str(self.agent_id),
            "WECOM_SECRET": self.secret,
            "WECOM_TOKEN": self.token,
            "WECOM_ENCODING_AES_KEY": self.encoding_aes_key,
            "WECOM_API_BASE": self.api_base,
        }

    # ----------------------------------------------------------------- faults
    def expire_tokens(self) -> None:
        """Every token issued so far is expired (42001), as after 7,200 s."""
        with self._lock:
            for entry in self.tokens.values():
                entry["state"] = "expired"

    def invalidate_tokens(self) -> None:
        """Every token issued so far is invalid (40014), as after the secret was reset."""
        with self._lock:
            for entry in self.tokens.values():
                entry["state"] = "invalid"

    def inject(
        self,
        *,
        errcode: int | None = None,
        status: int | None = None,
        times: int = 1,
        path: str | None = None,
        hang: float | None = None,
    ) -> None:
        """The next ``times`` calls (to ``path``, or any but gettoken) answer busy / fail / hang."""
        with self._lock:
            self.faults.append(Fault(errcode, status, times, path, hang))

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and (fault.path == path or (fault.path is None and path != "/gettoken")):
                    fault.times -= 1
                    return fault
            return None

    # ----------------------------------------------------------------- API
    def handle(
        self, path: str, params: dict[str, str], content_type: str, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        parsed: Any = None
        if content_type.startswith("multipart/form-data"):
            parsed = _multipart(content_type, body)
        elif body:
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
        call = Call(path, params, parsed, time.monotonic())
        with self._lock:
            self.calls.append(call)
        fault = self._take_fault(path)
        if fault is not None:
            if fault.hang:
                time.sleep(fault.hang)
            if fault.status:
                return fault.status, {"Content-Type": "text/html"}, b"<html>502 Bad Gateway</html>"
            if fault.errcode is not None:
                return self._answer(call, {"errcode": fault.errcode, "errmsg": "system busy (injected)"})
        handler: Callable[..., Any] | None = getattr(
            self, "_api_" + path.strip("/").replace("/", "_").lower(), None
        )
        if handler is None:
            with self._lock:
                self.unknown_calls.append(call)
            return self._answer(call, {"errcode": 404, "errmsg": f"{path} is not emulated"}, status=404)
        try:
            if path != "/gettoken":
                self._check_token(params.get("access_token"))
            result = handler(params, parsed)
        except ApiError as error:
            return self._answer(call, {"errcode": error.errcode, "errmsg": error.errmsg, **error.extra})
        if isinstance(result, StoredMedia):
            name = urllib.parse.quote(result.filename)
            headers = {
                "Content-Type": result.content_type,
                "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}",
            }
            return 200, headers, result.data
        return self._answer(call, {"errcode": 0, "errmsg": "ok", **result})

    def _answer(
        self, call: Call, payload: dict[str, Any], status: int = 200
    ) -> tuple[int, dict[str, str], bytes]:
        call.answer = payload
        with self._lock:
            self._lock.notify_all()
        return status, {"Content-Type": "application/json; charset=UTF-8"}, json.dumps(payload).encode()

    def _check_token(self, token: str | None) -> None:
        if not token:
            raise ApiError(MISSING_TOKEN, "access_token missing")
        entry = self.tokens.get(token)
        if entry is None or entry["state"] == "invalid":
            raise ApiError(INVALID_TOKEN, "invalid access_token")
        if entry["state"] == "expired" or self.now() >= entry["expires"]:
            raise ApiError(EXPIRED_TOKEN, "access_token expired")

    def _api_gettoken(self, params: dict[str, str], body: Any) -> dict[str, Any]:
        if params.get("corpid") != self.corp_id:
            raise ApiError(INVALID_CORPID, "invalid corpid")
        if params.get("corpsecret") != self.secret:
            raise ApiError(INVALID_CREDENTIAL, "invalid credential")
        token = secrets.token_urlsafe(48)
        with self._lock:
            self.tokens[token] = {"expires": self.now() + self.token_lifetime, "state": "ok"}
        return {"access_token": token, "expires_in": self.token_lifetime}

    def _check_agent(self, value: Any) -> None:
        if str(value) != str(self.agent_id):
            raise ApiError(INVALID_AGENTID, "invalid agentid")

    def _api_message_send(self, params: dict[str, str], body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise ApiError(INVALID_PARAMETER, "body is not JSON")
        self._check_agent(body.get("agentid"))
        users = [u for u in str(body.get("touser") or "").split("|") if u]
        if not users:
            raise ApiError(INVALID_PARAMETER, "touser empty")
        invalid = [u for u in users if u in self.gone]
        if len(invalid) == len(users):
            raise ApiError(ALL_INVALID, "user & party & tag all invalid", invaliduser="|".join(invalid))
        msgtype = body.get("msgtype")
        content = body.get(msgtype) if isinstance(msgtype, str) else None
        if not isinstance(content, dict):
            raise ApiError(INVALID_PARAMETER, f"no {msgtype} object")
        truncated = False
        response_code = None
        if msgtype in ("text", "markdown"):
            text = str(content.get("content") or "")
            if not text:
                raise ApiError(INVALID_PARAMETER, "empty content")
            raw = text.encode()
            if len(raw) > TEXT_LIMIT_BYTES:  # WeCom cuts, it does not refuse
                content = {**content, "content": raw[:TEXT_LIMIT_BYTES].decode(errors="ignore")}
                truncated = True
        elif msgtype in ("file", "image"):
            media = self._media_of(str(content.get("media_id") or ""))
            if msgtype == "image" and media.kind != "image":
                raise ApiError(INVALID_PARAMETER, "media_id is not an image")
        elif msgtype == "template_card":
            self._check_card(content)
        else:
            raise ApiError(INVALID_PARAMETER, f"msgtype {msgtype} not emulated")
        with self._lock:
            msgid = f"msg{next(self._sent_ids):06d}"
            payload = {**body, msgtype: content}
            for user in users:
                if user in self.gone:
                    continue
                if self._over_member_limit(user):
                    self.dropped.append(Sent(msgid, user, msgtype, payload, truncated))
                    continue
                self.messages.append(Sent(msgid, user, msgtype, payload, truncated))
                if msgtype == "template_card" and content.get("task_id"):
                    self.cards[content["task_id"]] = Card(
                        content["task_id"], user, content, msgid, self.now()
                    )
            if msgtype == "template_card" and content.get("card_type") == "button_interaction":
                response_code = self._issue_code(content["task_id"], users[0])
            self._lock.notify_all()
        answer: dict[str, Any] = {"msgid": msgid, "invaliduser": "|".join(invalid)}
        if response_code:
            answer["response_code"] = response_code
        return answer

    def _over_member_limit(self, user: str) -> bool:
        """Count one message to ``user``; True if it is beyond 30 in 60 s or 1,000 in 3,600 s (caller holds the lock)."""
        now = self.now()
        times = [t for t in self._received.get(user, ()) if t > now - 3600.0]
        over = len(times) >= MEMBER_PER_HOUR or sum(t > now - 60.0 for t in times) >= MEMBER_PER_MINUTE
        if not over:
            times.append(now)
        self._received[user] = times
        return over

    def _check_card(self, card: dict[str, Any]) -> None:
        kind = card.get("card_type")
        if kind not in CARD_TYPES:
            raise ApiError(INVALID_PARAMETER, f"invalid card_type {kind}")
        if not (card.get("main_title") or {}).get("title") and not card.get("sub_title_text"):
            raise ApiError(INVALID_PARAMETER, "main_title.title or sub_title_text required")
        if kind == "button_interaction":
            task_id = card.get("task_id")
            if not isinstance(task_id, str) or not TASK_ID.match(task_id):
                raise ApiError(INVALID_PARAMETER, f"invalid task_id {task_id!r}")
            if len(task_id.encode()) > 128:
                raise ApiError(INVALID_PARAMETER, "task_id longer than 128 bytes")
            if task_id in self.cards:
                raise ApiError(INVALID_PARAMETER, f"task_id {task_id} already used")
            buttons = card.get("button_list") or []
            if not 1 <= len(buttons) <= MAX_BUTTONS:
                raise ApiError(INVALID_PARAMETER, f"button_list must hold 1 to 6 buttons, got {len(buttons)}")
            keys = [b.get("key") for b in buttons]
            if any(not k or len(str(k).encode()) > 1024 for k in keys) or len(set(keys)) != len(keys):
                raise ApiError(INVALID_PARAMETER, "button keys must be unique, 1 to 1024 bytes")
            if any(not b.get("text") for b in buttons):
                raise ApiError(INVALID_PARAMETER, "button text required")

    def _issue_code(self, task_id: str, user: str) -> str:
        code = secrets.token_urlsafe(24)
        self.response_codes[code] = {"task_id": task_id, "user": user, "issued": self.now(), "used": False}
        return code

    def _api_message_update_template_card(self, params: dict[str, str], body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise ApiError(INVALID_PARAMETER, "body is not JSON")
        self._check_agent(body.get("agentid"))
        code = str(body.get("response_code") or "")
        with self._lock:
            entry = self.response_codes.get(code)
            if entry is None:
                raise ApiError(INVALID_PARAMETER, "invalid response_code")
            if entry["used"]:
                raise ApiError(INVALID_PARAMETER, "response_code already used")
            if self.now() - entry["issued"] > RESPONSE_CODE_LIFETIME:
                raise ApiError(INVALID_PARAMETER, "response_code expired")
            card = self.cards[entry["task_id"]]
            if "template_card" in body:
                new = body["template_card"]
                if not isinstance(new, dict) or new.get("card_type") not in CARD_TYPES:
                    raise ApiError(INVALID_PARAMETER, "invalid template_card")
                card.content = {**new, "task_id": card.task_id}
                card.replaced_by = None
            elif isinstance(body.get("button"), dict):
                card.replaced_by = str(body["button"].get("replace_name") or "")
            else:
                raise ApiError(INVALID_PARAMETER, "button or template_card required")
            entry["used"] = True
            card.updates += 1
            self._lock.notify_all()
        return {"invaliduser": []}

    def _api_media_upload(self, params: dict[str, str], body: Any) -> dict[str, Any]:
        kind = params.get("type")
        if kind not in ("image", "voice", "video", "file"):
            raise ApiError(40004, "invalid media type")
        if not isinstance(body, dict) or "media" not in body:
            raise ApiError(41005, "media data missing")
        filename, content_type, data = body["media"]
        if len(data) < 5:
            raise ApiError(40005, "invalid file size")
        return {
            "type": kind,
            "media_id": self.store_media(data, filename, content_type, kind),
            "created_at": str(int(self.now())),
        }

    def store_media(self, data: bytes, filename: str, content_type: str, kind: str = "file") -> str:
        media_id = "3" + secrets.token_urlsafe(40)
        with self._lock:
            self.media[media_id] = StoredMedia(data, filename, content_type, kind, self.now())
        return media_id

    def _media_of(self, media_id: str) -> StoredMedia:
        media = self.media.get(media_id)
        if media is None or self.now() - media.created > MEDIA_LIFETIME:
            raise ApiError(INVALID_MEDIA, "invalid media_id")
        return media

    def _api_media_get(self, params: dict[str, str], body: Any) -> StoredMedia:
        return self._media_of(params.get("media_id") or "")

    def _api_menu_create(self, params: dict[str, str], body: Any) -> dict[str, Any]:
        self._check_agent(params.get("agentid"))
        buttons = (body or {}).get("button") if isinstance(body, dict) else None
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
            raise ApiError(40016, "invalid button size")
        for button in buttons:
            if len(str(button.get("name") or "").encode()) > 16 or not button.get("name"):
                raise ApiError(40018, "invalid button name size")
            subs = button.get("sub_button")
            if subs is not None:
                if not 1 <= len(subs) <= 5:
                    raise ApiError(40023, "invalid sub button size")
                for sub in subs:
                    if not sub.get("name") or len(str(sub["name"]).encode()) > 40:
                        raise ApiError(40018, "invalid sub button name size")
                    if sub.get("type") == "click" and not 1 <= len(str(sub.get("key") or "").encode()) <= 128:
                        raise ApiError(40019, "invalid button key size")
            elif button.get("type") == "click" and not 1 <= len(str(button.get("key") or "").encode()) <= 128:
                raise ApiError(40019, "invalid button key size")
        with self._lock:
            self.menu = buttons
        return {}

    # ----------------------------------------------------------------- user side
    def _message_xml(self, user: str, msg_type: str, fields: dict[str, str], *, msg_id: str | None) -> str:
        parts = [
            f"<ToUserName>{_cdata(self.corp_id)}</ToUserName>",
            f"<FromUserName>{_cdata(user)}</FromUserName>",
            f"<CreateTime>{int(self.now())}</CreateTime>",
            f"<MsgType>{_cdata(msg_type)}</MsgType>",
        ]
        for name, value in fields.items():
            parts.append(f"<{name}>{_cdata(value)}</{name}>")
        if msg_id is not None:
            parts.append(f"<MsgId>{msg_id}</MsgId>")
        parts.append(f"<AgentID>{self.agent_id}</AgentID>")
        return "<xml>" + "".join(parts) + "</xml>"

    def _deliver(self, kind: str, user: str, plain: str, msg_id: str | None = None) -> Callback:
        sealed = self.side.seal(plain, timestamp=int(self.now()))
        callback = Callback(kind, user, plain, sealed, msg_id=msg_id)
        with self._lock:
            self.callbacks.append(callback)
        self._post(callback)
        return callback

    def _post(self, callback: Callback, *, retries: int | None = None) -> None:
        """POST a sealed callback; unanswered within ``callback_timeout``, send it again (same MsgId)."""
        if self.callback_url is None:
            raise RuntimeError("set emulator.callback_url to the bot's /wecom/callback first")
        url = urllib.parse.urlsplit(self.callback_url)
        query = urllib.parse.urlencode(callback.sealed.query())
        body = callback.sealed.body(self.corp_id, str(self.agent_id))
        for _ in range(1 + (self.callback_retries if retries is None else retries)):
            callback.attempts += 1
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=self.callback_timeout)
            started = time.monotonic()
            try:
                connection.connect()
                _nodelay(connection.sock)
                connection.request(
                    "POST", f"{url.path}?{query}", body=body, headers={"Content-Type": "text/xml"}
                )
                response = connection.getresponse()
                callback.status, callback.body = response.status, response.read()
                callback.seconds = time.monotonic() - started
                return
            except (TimeoutError, ConnectionError, OSError):
                callback.status = None
            finally:
                connection.close()

    def redeliver(self, callback: Callback) -> Callback:
        """WeCom's retry: the very same sealed callback (same MsgId, signature and nonce) once more."""
        again = Callback(
            callback.kind, callback.user, callback.plain, callback.sealed, msg_id=callback.msg_id
        )
        with self._lock:
            self.callbacks.append(again)
        self._post(again, retries=0)
        return again

    def post_raw(self, query: dict[str, str], body: bytes, method: str = "POST") -> tuple[int, bytes]:
        """Anything at all to the callback URL (a forger's request)."""
        assert self.callback_url is not None
        url = urllib.parse.urlsplit(self.callback_url)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=self.callback_timeout)
        try:
            connection.request(method, f"{url.path}?{urllib.parse.urlencode(query)}", body=body or None)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def verify_url(self) -> tuple[int, str, str]:
        """The admin console's "save callback URL" check: (status, the bot's answer, the expected echo)."""
        echo = str(secrets.randbelow(10**18))
        sealed = self.side.seal(echo, timestamp=int(self.now()))
        query = {**sealed.query(), "echostr": sealed.encrypt}
        status, body = self.post_raw(query, b"", method="GET")
        return status, body.decode(errors="replace"), echo

    def send_text(self, user: str, text: str) -> Callback:
        msg_id = str(next(self._msg_ids))
        return self._deliver(
            "text", user, self._message_xml(user, "text", {"Content": text}, msg_id=msg_id), msg_id
        )

    def send_image(
        self, user: str, data: bytes = b"\x89PNG\r\n\x1a\n" + b"\0" * 2000, content_type: str = "image/png"
    ) -> Callback:
        media_id = self.store_media(
            data, "image.png" if content_type == "image/png" else "image.jpg", content_type, "image"
        )
        msg_id = str(next(self._msg_ids))
        fields = {"PicUrl": f"http://{self._host}/pic/{media_id[:8]}", "MediaId": media_id}
        return self._deliver("image", user, self._message_xml(user, "image", fields, msg_id=msg_id), msg_id)

    def send_file(self, user: str, data: bytes, filename: str, content_type: str) -> Callback:
        """A file message. WeCom documents none from a member to a self-built app; if one comes, this is its
        assumed shape (MediaId, and the name in FileName), mirroring the image message."""
        media_id = self.store_media(data, filename, content_type, "file")
        msg_id = str(next(self._msg_ids))
        fields = {"MediaId": media_id, "FileName": filename}
        return self._deliver("file", user, self._message_xml(user, "file", fields, msg_id=msg_id), msg_id)

    def press(self, user: str, task_id: str, key: str) -> Callback:
        """The user presses the button ``key`` on the card ``task_id``: a ``template_card_event``."""
        with self._lock:
            card = self.cards[task_id]
            if card.touser != user:
                raise AssertionError(f"card {task_id} was sent to {card.touser}, not {user}")
            if key not in [k for _, k in card.buttons]:
                raise AssertionError(f"no button {key!r} on card {task_id} now: {card.buttons}")
            code = self._issue_code(task_id, user)
        fields = {
            "Event": "template_card_event",
            "EventKey": key,
            "TaskId": task_id,
            "CardType": card.content.get("card_type", "button_interaction"),
            "ResponseCode": code,
        }
        return self._deliver("press", user, self._message_xml(user, "event", fields, msg_id=None))

    def click_menu(self, user: str, key: str) -> Callback:
        fields = {"Event": "click", "EventKey": key}
        return self._deliver("click", user, self._message_xml(user, "event", fields, msg_id=None))

    # ----------------------------------------------------------------- records
    def transcript(self, user: str) -> str:
        """What ``user`` sent and what the bot sent them (and did to their cards), in order."""
        lines: list[tuple[float, str]] = []
        for cb in list(self.callbacks):
            if cb.user != user:
                continue
            fields = dict(re.findall(r"<(\w+)><!\[CDATA\[(.*?)\]\]></\1>", cb.plain, re.S))
            what = {
                "text": fields.get("Content", ""),
                "image": "[图片]",
                "file": f"[文件 {fields.get('FileName', '')}]",
                "press": f"[按下 {fields.get('EventKey', '')} @ {fields.get('TaskId', '')[:9]}…]",
                "click": f"[菜单 {fields.get('EventKey', '')}]",
            }.get(cb.kind, cb.kind)
            lines.append((cb.at, f"user sent: {what}   -> HTTP {cb.status}"))
        for sent in self.sent_to(user):
            body = sent.text.replace("\n", "\n           ")
            card = sent.card
            if card:
                body += f"\n           buttons: {[b['text'] for b in card.get('button_list', [])]}"
            lines.append((sent.at, f"bot sent ({sent.msgtype}): {body}"))
        for call in self.api_calls("/message/update_template_card"):
            body = call.body or {}
            if body.get("userids") == [user]:
                new = body.get("template_card")
                what = (
                    f"buttons -> {(body.get('button') or {}).get('replace_name')!r}"
                    if new is None
                    else (
                        "card replaced: "
                        + card_text(new).replace("\n", " / ")
                        + f" buttons: {[b['text'] for b in new.get('button_list', [])]}"
                    )
                )
                lines.append((call.at, f"bot updated the card: {what}"))
        return "\n".join(text for _, text in sorted(lines, key=lambda item: item[0]))

    def sent_to(self, user: str) -> list[Sent]:
        with self._lock:
            return [m for m in self.messages if m.touser == user]

    def api_calls(self, path: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.path == path]

    def wait_for_message(
        self, user: str, *, after: int = 0, contains: str | None = None, timeout: float = 10.0
    ) -> Sent:
        def found() -> Sent | None:
            for message in self.sent_to(user)[after:]:
                if contains is None or contains in message.text:
                    return message
            return None

        return self.wait_until(found, timeout, f"a message to {user} containing {contains!r}")

    def wait_for_card_update(self, task_id: str, *, updates: int = 1, timeout: float = 10.0) -> Card:
        return self.wait_until(
            lambda: self.cards[task_id] if self.cards[task_id].updates >= updates else None,
            timeout,
            f"update #{updates} of card {task_id}",
        )


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[str, str, bytes]]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    out: dict[str, tuple[str, str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        out[str(name)] = (
            part.get_filename() or "",
            part.get_content_type(),
            part.get_payload(decode=True) or b"",
        )
    return out
