"""Our WeCom API client against the WeCom emulator on loopback: tokens, errcodes, cards, media, menu."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.core.notifier import RetryLater, Unreachable
from bot.wecom.client import WeComApiError, WeComClient
from tests.e2e.wecom_emulator import WeComEmulator
from tests.e2e.wecom_harness import client_for


@pytest.fixture(scope="module")
def emulator() -> Iterator[WeComEmulator]:
    emu = WeComEmulator().start()
    yield emu
    emu.stop()


@pytest.fixture
async def client(emulator: WeComEmulator) -> AsyncIterator[WeComClient]:
    emulator.faults.clear()
    emulator.gone.clear()
    api = client_for(emulator, timeout=2.0)
    yield api
    await api.aclose()


def card(task_id: str, n: int = 2) -> dict:
    return {
        "card_type": "button_interaction",
        "main_title": {"title": "培训记录待确认"},
        "sub_title_text": "数据安全培训 · 30人",
        "task_id": task_id,
        "button_list": [{"text": f"按钮{i}", "key": f"act:confirm:{i}", "style": 1} for i in range(n)],
    }


async def test_the_token_is_fetched_once_for_many_sends_even_concurrent_ones(
    client: WeComClient, emulator: WeComEmulator
) -> None:
    before = len(emulator.api_calls("/gettoken"))
    await asyncio.gather(*(client.send_text("zhangsan", f"第{i}条") for i in range(8)))
    await client.send_markdown("zhangsan", "**好**")
    assert len(emulator.api_calls("/gettoken")) - before == 1
    assert client.token_fetches == 1
    assert [m.text for m in emulator.sent_to("zhangsan")][-1] == "**好**"


@pytest.mark.parametrize("expire", ["expire_tokens", "invalidate_tokens"])
async def test_an_expired_or_invalid_token_is_refetched_once_and_the_call_goes_through(
    client: WeComClient, emulator: WeComEmulator, expire: str
) -> None:
    await client.send_text("lisi", "一")
    getattr(emulator, expire)()
    sent = await client.send_text("lisi", "二")
    assert sent.msgid
    assert client.token_fetches == 2
    answers = [c.answer["errcode"] for c in emulator.api_calls("/message/send")[-2:]]
    assert answers == [42001 if expire == "expire_tokens" else 40014, 0]


async def test_a_token_is_refreshed_before_it_runs_out_without_waiting_for_an_error(
    emulator: WeComEmulator,
) -> None:
    now = [1000.0]
    api = client_for(emulator, monotonic=lambda: now[0])
    try:
        await api.send_text("wangwu", "一")
        now[0] += 7200 - 200  # inside the safety margin
        await api.send_text("wangwu", "二")
        assert api.token_fetches == 2
        assert all(c.answer["errcode"] == 0 for c in emulator.api_calls("/message/send")[-2:])
    finally:
        await api.aclose()


@pytest.mark.parametrize(
    "fault", [{"errcode": 45009}, {"errcode": -1}, {"status": 502}, {"status": 503}, {"hang": 2.5}]
)
async def test_busy_answers_and_time_outs_become_retry_later(
    client: WeComClient, emulator: WeComEmulator, fault: dict
) -> None:
    await client.access_token()
    emulator.inject(path="/message/send", **fault)
    with pytest.raises(RetryLater) as raised:
        await client.send_text("zhaoliu", "稍后再试")
    if fault.get("errcode") == 45009:
        assert raised.value.retry_after == 60
    assert await client.send_text("zhaoliu", "现在可以了")  # the fault was one call long


async def test_a_user_who_left_or_is_out_of_the_visible_range_is_unreachable(
    client: WeComClient, emulator: WeComEmulator
) -> None:
    emulator.gone.add("left-user")
    with pytest.raises(Unreachable, match="81013"):
        await client.send_text("left-user", "你好")


async def test_a_wrong_secret_is_a_configuration_error_not_a_retry(emulator: WeComEmulator) -> None:
    api = WeComClient(corp_id=emulator.corp_id, secret="wrong", agent_id=1, api_base=emulator.api_base)
    try:
        with pytest.raises(WeComApiError) as raised:
            await api.send_text("zhangsan", "x")
        assert raised.value.errcode == 40001
    finally:
        await api.aclose()


async def test_a_card_response_code_updates_it_once_and_not_after_72_hours(
    client: WeComClient, emulator: WeComEmulator
) -> None:
    first = await client.send_template_card("zhangsan", card("t-once"))
    assert first.response_code
    await client.update_template_card(["zhangsan"], first.response_code, replace_name="已确认")
    assert emulator.cards["t-once"].replaced_by == "已确认"
    assert emulator.cards["t-once"].buttons == []
    with pytest.raises(WeComApiError, match="already used"):
        await client.update_template_card(["zhangsan"], first.response_code, replace_name="再来")
    late = await client.send_template_card("zhangsan", card("t-late"))
    emulator.advance(72 * 3600 + 1)
    try:
        with pytest.raises(WeComApiError, match="expired"):
            await client.update_template_card(["zhangsan"], late.response_code, replace_name="已确认")
    finally:
        emulator.advance(-(72 * 3600 + 1))


@pytest.mark.parametrize(
    ("task_id", "buttons", "problem"),
    [("has space", 2, "task_id"), ("x" * 129, 2, "task_id"), ("ok-id", 7, "1 to 6"), ("t-dup", 2, "already")],
)
async def test_the_emulator_refuses_cards_wecom_would_refuse(
    client: WeComClient, emulator: WeComEmulator, task_id: str, buttons: int, problem: str
) -> None:
    if problem == "already":
        await client.send_template_card("zhangsan", card(task_id))
    with pytest.raises(WeComApiError, match=problem):
        await client.send_template_card("zhangsan", card(task_id, buttons))


async def test_text_over_2048_bytes_is_cut_by_wecom(client: WeComClient, emulator: WeComEmulator) -> None:
    await client.send_text("cutter", "长" * 1000)  # 3,000 bytes
    last = emulator.sent_to("cutter")[-1]
    assert last.truncated
    assert len(last.text.encode()) <= 2048


async def test_media_round_trip_keeps_bytes_name_and_type(
    client: WeComClient, emulator: WeComEmulator
) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40
    media_id = await client.upload_media("file", "签到表.pdf", data, "application/pdf")
    got = await client.get_media(media_id)
    assert (got.data, got.filename, got.content_type) == (data, "签到表.pdf", "application/pdf")
    await client.send_file("zhangsan", media_id)
    assert emulator.sent_to("zhangsan")[-1].msgtype == "file"
    with pytest.raises(WeComApiError, match="not an image"):
        await client.send_image("zhangsan", media_id)
    chart = await client.upload_media("image", "进度.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
    await client.send_image("zhangsan", chart)
    assert emulator.sent_to("zhangsan")[-1].msgtype == "image"


async def test_media_expires_after_three_days(client: WeComClient, emulator: WeComEmulator) -> None:
    media_id = emulator.store_media(b"\x89PNG....", "a.png", "image/png", "image")
    emulator.advance(3 * 24 * 3600 + 1)
    try:
        await client.access_token()  # (the token itself is fine: it was fetched by our clock)
        emulator.tokens.clear()
        with pytest.raises(WeComApiError) as raised:
            await client.get_media(media_id)
        assert raised.value.errcode == 40007
    finally:
        emulator.advance(-(3 * 24 * 3600 + 1))


async def test_menu_is_created_and_wecoms_size_limits_hold(
    client: WeComClient, emulator: WeComEmulator
) -> None:
    menu = [
        {"type": "click", "name": "帮助", "key": "/help"},
        {"name": "记录", "sub_button": [{"type": "click", "name": "历史记录", "key": "/history"}]},
    ]
    await client.create_menu(menu)
    assert emulator.menu == menu
    with pytest.raises(WeComApiError) as raised:
        await client.create_menu([{"type": "click", "name": f"m{i}", "key": f"k{i}"} for i in range(4)])
    assert raised.value.errcode == 40016


async def test_the_access_token_and_secret_never_reach_a_log(
    client: WeComClient, emulator: WeComEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    from bot.cli.logs import setup_logging

    setup_logging("DEBUG")
    await client.send_text("zhangsan", "日志检查")
    emulator.expire_tokens()
    emulator.inject(path="/message/send", status=500)
    with pytest.raises(RetryLater) as raised:
        await client.send_text("zhangsan", "再来")
    tokens = list(emulator.tokens)
    text = caplog.text + str(raised.value) + repr(client)
    assert tokens and not any(token in text for token in tokens)
    assert emulator.secret not in text
