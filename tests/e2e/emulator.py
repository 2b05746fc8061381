"""A small Telegram Bot API emulator on loopback, for end-to-end tests of the real bot process.

Why our own and not npm ``telegram-test-api``: that server speaks JSON only, has no
``editMessageText``/``getFile``/``setMyCommands`` and models callback queries loosely, while
python-telegram-bot posts ``application/x-www-form-urlencoded`` (JSON-encoded values) and
``multipart/form-data`` bodies. A few hundred lines of standard library give us exactly the
methods the bot uses, an injectable user side and a complete record of what the bot sent.

The bot reaches it through ``TELEGRAM_BASE_URL=http://127.0.0.1:<port>/bot`` (PTB appends the
token). Tests inject messages, files and button presses with the ``send_*``/``press`` methods and
wait (with bounded timeouts) on what the bot sent with ``wait_for_message``.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.e2e.loopback import LoopbackServer

BOT_USER = {
    "id": 123,
    "is_bot": True,
    "first_name": "CDO 助手",
    "username": "cdo_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

# Parameters that PTB sends as plain strings (everything else is JSON-encoded).
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "file_id",
        "parse_mode",
        "url",
        "secret_token",
        "description",
        "short_description",
        "name",
        "title",
        "language_code",
        "emoji",
        "chat_id_str",
    }
)


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """Undo PTB's encoding: strings as they are, everything else as JSON."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _STRING_PARAMS:
            out[key] = value
            continue
        try:
            out[key] = json.loads(value)
        except (json.JSONDecodeError, TypeError):
            out[key] = value
    return out


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            out["parameters"] = self.parameters
        return out


class BotApiEmulator(LoopbackServer):
    """In-process Bot API server; thread-safe; one bot, many users and chats."""

    def __init__(self, token: str = "123:TEST", host: str = "127.0.0.1") -> None:
        self.token = token
        self._host = host
        self._lock = threading.Condition()
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._updates: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.unknown_calls: list[Call] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        """Every message in every chat by (chat_id, message_id), current state after edits."""
        self.bot_message_keys: list[tuple[int, int]] = []
        """Messages the bot sent, in order."""
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.commands: list[dict[str, Any]] = []
        self.conflict = False
        """When set, getUpdates answers 409 as if another instance were polling."""
        self.blocked_by: set[int] = set()
        """Chats whose user blocked the bot: sending there answers 403."""
        self.flood_wait: int | None = None
        """When set, the next send answers 429 with this ``retry_after`` (once)."""
        self._server: ThreadingHTTPServer | None = None

    # ----------------------------------------------------------------- server life
    def start(self) -> BotApiEmulator:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body are two writes: with Nagle's algorithm the body waits for the client's
            # delayed ACK (~40 ms), capping a keep-alive connection near 22 calls/s, below Telegram's 30/s.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                self._handle(b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._handle(self.rfile.read(length) if length else b"")

            def _handle(self, body: bytes) -> None:
                path = urllib.parse.urlsplit(self.path)
                prefix = f"/bot{emulator.token}/"
                if not path.path.startswith(prefix):
                    self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                method = path.path[len(prefix) :]
                params = dict(urllib.parse.parse_qsl(path.query))
                params.update(emulator._parse_body(self.headers.get("Content-Type", ""), body))
                try:
                    result = emulator.dispatch(method, decode_params(params))
                except ApiError as exc:
                    self._send(exc.code, exc.payload())
                    return
                self._send(200, {"ok": True, "result": result})

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                # The bot may have been killed during a long poll: exactly what the restart test does.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        self.serve(Handler, "bot-api-emulator")
        return self

    @property
    def base_url(self) -> str:
        """What to put in ``TELEGRAM_BASE_URL``: PTB appends the token."""
        return f"http://{self._host}:{self.port}/bot"

    @staticmethod
    def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
        if not body:
            return {}
        if content_type.startswith("application/json"):
            return {k: v if isinstance(v, str) else json.dumps(v) for k, v in json.loads(body).items()}
        if content_type.startswith("multipart/form-data"):
            head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
            out: dict[str, Any] = {}
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True) or b""
                if filename:
                    out[f"__file__{name}"] = json.dumps({"file_name": filename, "size": len(payload)})
                else:
                    out[name] = payload.decode("utf-8")
            return out
        return dict(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))

    # ----------------------------------------------------------------- Bot API
    def dispatch(self, method: str, params: dict[str, Any]) -> Any:
        call = Call(method, params)
        with self._lock:
            self.calls.append(call)
        handler: Callable[[dict[str, Any]], Any] | None = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            with self._lock:
                self.unknown_calls.append(call)
            raise ApiError(404, f"Not Found: method {method} is not emulated")
        return handler(params)

    def _api_getme(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def _api_deletewebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _api_setwebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _api_close(self, params: dict[str, Any]) -> Any:
        return True

    def _api_setmycommands(self, params: dict[str, Any]) -> Any:
        with self._lock:
            self.commands = list(params.get("commands") or [])
        return True

    def _api_getmycommands(self, params: dict[str, Any]) -> Any:
        return self.commands

    def _api_sendchataction(self, params: dict[str, Any]) -> Any:
        return True

    def _api_getupdates(self, params: dict[str, Any]) -> Any:
        if self.conflict:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._lock:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and self._server is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(min(left, 0.5))
            return self._updates[:limit]

    def _check_send(self, params: dict[str, Any]) -> None:
        if int(params["chat_id"]) in self.blocked_by:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if self.flood_wait is not None:
            wait, self.flood_wait = self.flood_wait, None
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        self._check_send(params)
        text = params.get("text", "")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._bot_sends(params, text=text)

    def _api_senddocument(self, params: dict[str, Any]) -> Any:
        return self._bot_sends(params, document=self._new_file({"file_name": "document"}))

    def _api_sendphoto(self, params: dict[str, Any]) -> Any:
        return self._bot_sends(params, photo=[self._new_file({"width": 1, "height": 1})])

    def _api_editmessagetext(self, params: dict[str, Any]) -> Any:
        key = (int(params["chat_id"]), int(params["message_id"]))
        with self._lock:
            message = self.messages.get(key)
            if message is None or message["from"]["id"] != BOT_USER["id"]:
                raise ApiError(400, "Bad Request: message to edit not found")
            if message.get("text") == params.get("text") and message.get("reply_markup") == params.get(
                "reply_markup"
            ):
                raise ApiError(400, "Bad Request: message is not modified")
            message["text"] = params.get("text", "")
            message["edit_date"] = int(time.time())
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            else:
                message.pop("reply_markup", None)
            message.setdefault("_edits", 0)
            message["_edits"] += 1
            self._lock.notify_all()
            return self._public(message)

    def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        key = (int(params["chat_id"]), int(params["message_id"]))
        with self._lock:
            message = self.messages.get(key)
            if message is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            else:
                message.pop("reply_markup", None)
            self._lock.notify_all()
            return self._public(message)

    def _api_answercallbackquery(self, params: dict[str, Any]) -> Any:
        with self._lock:
            self.callback_answers[str(params["callback_query_id"])] = params
            self._lock.notify_all()
        return True

    def _api_getfile(self, params: dict[str, Any]) -> Any:
        file = self.files.get(str(params["file_id"]))
        if file is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            **{k: v for k, v in file.items() if k in ("file_id", "file_unique_id", "file_size")},
            "file_path": f"documents/{file['file_id']}",
        }

    # ----------------------------------------------------------------- helpers
    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _new_file(self, extra: dict[str, Any]) -> dict[str, Any]:
        n = next(self._file_ids)
        file = {"file_id": f"FILE{n:04d}", "file_unique_id": f"U{n:04d}", **extra}
        self.files[file["file_id"]] = file
        return file

    @staticmethod
    def _public(message: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in message.items() if not k.startswith("_")}

    def _chat(self, chat_id: int, user: dict[str, Any] | None = None) -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": (user or {}).get("first_name", "用户")}
        return {"id": chat_id, "type": "group", "title": "试点工作群"}

    def _bot_sends(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        with self._lock:
            message: dict[str, Any] = {
                "message_id": self._next_message_id(chat_id),
                "from": BOT_USER,
                "chat": self._chat(chat_id),
                "date": int(time.time()),
                **content,
            }
            if params.get("caption"):
                message["caption"] = params["caption"]
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            reply = params.get("reply_parameters") or {}
            if reply.get("message_id") and (chat_id, int(reply["message_id"])) in self.messages:
                message["reply_to_message"] = self._public(self.messages[(chat_id, int(reply["message_id"]))])
            self.messages[(chat_id, message["message_id"])] = message
            self.bot_message_keys.append((chat_id, message["message_id"]))
            self._lock.notify_all()
            return self._public(message)

    def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._lock.notify_all()
        return update

    # ----------------------------------------------------------------- user side
    @staticmethod
    def user(user_id: int, first_name: str = "测试", username: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "zh-hans",
        }
        if username:
            out["username"] = username
        return out

    def _user_message(
        self, user: dict[str, Any], chat_id: int | None, reply_to: dict[str, Any] | None, **content: Any
    ) -> dict[str, Any]:
        chat_id = user["id"] if chat_id is None else chat_id
        with self._lock:
            message: dict[str, Any] = {
                "message_id": self._next_message_id(chat_id),
                "from": user,
                "chat": self._chat(chat_id, user),
                "date": int(time.time()),
                **content,
            }
            if reply_to is not None:
                message["reply_to_message"] = self._public(reply_to)
            self.messages[(chat_id, message["message_id"])] = message
        self._push({"message": self._public(message)})
        return message

    def send_text(
        self,
        user: dict[str, Any],
        text: str,
        *,
        chat_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user types ``text``; a leading ``/command`` gets its ``bot_command`` entity, as Telegram does."""
        content: dict[str, Any] = {"text": text}
        entities = []
        if text.startswith("/"):
            command = text.split()[0]
            entities.append(
                {"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}
            )
        mention = f"@{BOT_USER['username']}"
        if mention in text and not text.startswith("/"):
            offset = len(text[: text.index(mention)].encode("utf-16-le")) // 2
            entities.append({"type": "mention", "offset": offset, "length": len(mention)})
        if entities:
            content["entities"] = entities
        return self._user_message(user, chat_id, reply_to, **content)

    def send_document(
        self,
        user: dict[str, Any],
        *,
        file_name: str = "签到表.pdf",
        mime_type: str = "application/pdf",
        size: int = 20_000,
        caption: str | None = None,
        chat_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        file = self._new_file({"file_name": file_name, "mime_type": mime_type, "file_size": size})
        content: dict[str, Any] = {"document": file}
        if caption:
            content["caption"] = caption
        return self._user_message(user, chat_id, reply_to, **content)

    def send_photo(
        self,
        user: dict[str, Any],
        *,
        caption: str | None = None,
        size: int = 50_000,
        chat_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        small = self._new_file({"width": 90, "height": 60, "file_size": 1_000})
        big = self._new_file({"width": 1280, "height": 853, "file_size": size})
        content: dict[str, Any] = {"photo": [small, big]}
        if caption:
            content["caption"] = caption
        return self._user_message(user, chat_id, reply_to, **content)

    def press(self, user: dict[str, Any], message: dict[str, Any], data: str) -> str:
        """The user presses the inline button carrying ``data`` under ``message``; returns the query id."""
        query_id = f"CQ{next(self._callback_ids)}"
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": self._public(message),
                    "chat_instance": f"ci{message['chat']['id']}",
                    "data": data,
                }
            }
        )
        return query_id

    # ----------------------------------------------------------------- records
    def bot_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [self.messages[k] for k in self.bot_message_keys if chat_id is None or k[0] == chat_id]

    def method_calls(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for_message(
        self, chat_id: int, *, after: int = 0, contains: str | None = None, timeout: float = 10.0
    ) -> dict[str, Any]:
        """The first bot message in ``chat_id`` beyond the first ``after`` ones (optionally containing text)."""

        def found() -> dict[str, Any] | None:
            sent = self.bot_messages(chat_id)[after:]
            for message in sent:
                body = message.get("text") or message.get("caption") or ""
                if contains is None or contains in body:
                    return message
            return None

        return self.wait_until(found, timeout, f"a bot message in chat {chat_id} containing {contains!r}")

    def wait_for_edit(
        self, message: dict[str, Any], *, edits: int = 1, timeout: float = 10.0
    ) -> dict[str, Any]:
        key = (message["chat"]["id"], message["message_id"])
        return self.wait_until(
            lambda: self.messages[key] if self.messages[key].get("_edits", 0) >= edits else None,
            timeout,
            f"edit #{edits} of message {key}",
        )

    def wait_for_answer(self, query_id: str, timeout: float = 10.0) -> dict[str, Any]:
        return self.wait_until(lambda: self.callback_answers.get(query_id), timeout, f"answer to {query_id}")

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback_data) of every inline button under a message, row by row."""
    markup = message.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]


def button_data(message: dict[str, Any], label: str) -> str:
    for text, data in buttons(message):
        if text == label:
            return data
    raise LookupError(f"no button {label!r} under message: {buttons(message)}")
