"""The callback server on loopback, fed by the WeCom emulator: URL check, 403s, answer first, work after."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from bot.wecom.crypto import WeComCrypto
from bot.wecom.events import Incoming
from bot.wecom.inbox import Inbox
from bot.wecom.server import CALLBACK_PATH, listen, make_app
from tests.e2e.wecom_emulator import WeComEmulator
from tests.e2e.wecom_harness import client_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    def __init__(self) -> None:
        self.seen: list[Incoming] = []
        self.gate: asyncio.Event | None = None

    async def __call__(self, incoming: Incoming) -> None:
        if self.gate is not None:
            await self.gate.wait()
        self.seen.append(incoming)


@pytest.fixture
async def setup() -> AsyncIterator[tuple[WeComEmulator, Recorder, Inbox]]:
    emulator = WeComEmulator().start()
    recorder = Recorder()
    inbox = Inbox(recorder)
    crypto = WeComCrypto(emulator.token, emulator.encoding_aes_key, emulator.corp_id)
    port = free_port()
    server = listen(make_app(crypto, inbox), "127.0.0.1", port)
    emulator.callback_url = f"http://127.0.0.1:{port}{CALLBACK_PATH}"
    yield emulator, recorder, inbox
    server.stop()
    await inbox.drain(2)
    emulator.stop()


async def until(predicate, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_the_admin_consoles_url_check_gets_the_decrypted_echo(setup) -> None:
    emulator, _, _ = setup
    status, answer, echo = await asyncio.to_thread(emulator.verify_url)
    assert (status, answer) == (200, echo)


async def test_a_message_is_answered_with_an_empty_200_and_handled_after(setup) -> None:
    emulator, recorder, _ = setup
    recorder.gate = asyncio.Event()  # the work cannot finish until the test says so
    callback = await asyncio.to_thread(emulator.send_text, "zhangsan", "你好")
    assert (callback.status, callback.body, callback.attempts) == (200, b"", 1)
    assert recorder.seen == []  # answered before the work was done
    recorder.gate.set()
    await until(lambda: recorder.seen)
    (incoming,) = recorder.seen
    assert (incoming.user, incoming.kind, incoming.text) == ("zhangsan", "text", "你好")
    assert incoming.key == f"msg:{callback.msg_id}"


async def test_a_retry_while_the_first_is_still_being_handled_is_dropped(setup) -> None:
    emulator, recorder, inbox = setup
    recorder.gate = asyncio.Event()
    first = await asyncio.to_thread(emulator.send_text, "lisi", "一次")
    again = await asyncio.to_thread(emulator.redeliver, first)
    assert again.status == 200
    recorder.gate.set()
    await until(lambda: recorder.seen)
    await inbox.drain(2)
    assert [i.text for i in recorder.seen] == ["一次"]
    assert inbox.dropped_retries == 1


async def test_one_users_messages_are_handled_in_the_order_sent(setup) -> None:
    emulator, recorder, _ = setup
    for n in range(5):
        await asyncio.to_thread(emulator.send_text, "wangwu", f"第{n}条")
    await asyncio.to_thread(emulator.send_image, "wangwu")
    await until(lambda: len(recorder.seen) == 6)
    assert [i.text for i in recorder.seen[:5]] == [f"第{n}条" for n in range(5)]
    assert recorder.seen[5].kind == "image" and recorder.seen[5].media_id in emulator.media


async def test_a_button_press_arrives_with_its_task_key_and_response_code(setup) -> None:
    emulator, recorder, _ = setup

    api = client_for(emulator)
    card = {
        "card_type": "button_interaction",
        "main_title": {"title": "确认吗"},
        "task_id": "card1",
        "button_list": [{"text": "确认", "key": "act:confirm:9"}],
    }
    await api.send_template_card("zhaoliu", card)
    await api.aclose()
    await asyncio.to_thread(emulator.press, "zhaoliu", "card1", "act:confirm:9")
    await until(lambda: recorder.seen)
    press = recorder.seen[0]
    assert (press.kind, press.task_id, press.text) == ("press", "card1", "act:confirm:9")
    assert press.response_code in emulator.response_codes
    assert press.key.startswith("evt:zhaoliu:")


@pytest.mark.parametrize("forgery", ["signature", "body", "corp", "empty"])
async def test_a_forged_or_broken_callback_gets_403_and_nothing_is_queued(setup, forgery: str) -> None:
    emulator, recorder, inbox = setup
    sealed = emulator.side.seal(
        "<xml><FromUserName>x</FromUserName><MsgType>text</MsgType></xml>", timestamp=1
    )
    query, body = sealed.query(), sealed.body(emulator.corp_id, "1")
    if forgery == "signature":
        query["msg_signature"] = "f" * 40
    elif forgery == "body":
        body = body.replace(sealed.encrypt[:12].encode(), b"A" * 12)
    elif forgery == "corp":
        from tests.e2e.wecom_envelope import WeComSide

        other = WeComSide(emulator.token, emulator.encoding_aes_key, "ww-someone-else")
        forged = other.seal("<xml><FromUserName>x</FromUserName></xml>", timestamp=1)
        query, body = forged.query(), forged.body(emulator.corp_id, "1")
    else:
        body = b""
    status, _ = await asyncio.to_thread(emulator.post_raw, query, body)
    assert status == 403
    await asyncio.sleep(0.05)
    assert recorder.seen == [] and inbox.handled == 0
    bad = {**query, "echostr": sealed.encrypt, "msg_signature": "0" * 40}
    assert (await asyncio.to_thread(emulator.post_raw, bad, b"", "GET"))[0] == 403
