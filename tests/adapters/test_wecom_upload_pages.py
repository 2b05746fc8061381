"""The one-time upload page on the callback server: form, refusals, and a file handed over once."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from collections.abc import AsyncIterator

import pytest

from bot.core.i18n import translator
from bot.core.replies import Reply
from bot.wecom.crypto import WeComCrypto
from bot.wecom.inbox import Inbox
from bot.wecom.pages import UploadPages
from bot.wecom.server import listen, make_app
from bot.wecom.upload import UploadLinks, derive_key
from tests.adapters.test_wecom_callback import free_port


class Accepting:
    def __init__(self) -> None:
        self.files: list[tuple[str, str, str | None, bytes]] = []

    async def __call__(self, ticket, filename, content_type, data):
        if any(f[0] == ticket.nonce for f in self.files):
            return False, Reply("wecom.upload.used")
        self.files.append((ticket.nonce, filename, content_type, data))
        return True, Reply("", literal=f"收到 {filename}")


@pytest.fixture
async def site() -> AsyncIterator[tuple[UploadLinks, Accepting, list[float]]]:
    now = [1_800_000_000.0]
    port = free_port()
    links = UploadLinks(derive_key("s"), f"http://127.0.0.1:{port}", now=lambda: now[0])
    accepting = Accepting()
    pages = UploadPages(links, translator(), accepting)

    async def nothing(_):
        return None

    crypto = WeComCrypto("t", "a" * 43, "ww")
    server = listen(make_app(crypto, Inbox(nothing), pages), "127.0.0.1", port)
    yield links, accepting, now
    server.stop()


def fetch(url: str, data: bytes | None = None, boundary: str = "b0undary") -> tuple[int, str]:
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"} if data is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def form(name: str, payload: bytes, boundary: str = "b0undary") -> bytes:
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    return head.encode() + payload + f"\r\n--{boundary}--\r\n".encode()


async def test_a_link_shows_the_form_takes_one_file_and_refuses_a_second(site) -> None:
    links, accepting, _ = site
    url = links.url("zhangsan", "c7")
    status, page = await asyncio.to_thread(fetch, url)
    assert status == 200 and "<form" in page and "上传佐证材料" in page
    status, page = await asyncio.to_thread(fetch, url, form("签到表.pdf", b"%PDF-1.7 x"))
    assert status == 200 and "收到 签到表.pdf" in page
    assert accepting.files[0][1:] == ("签到表.pdf", "application/pdf", b"%PDF-1.7 x")
    status, page = await asyncio.to_thread(fetch, url, form("again.pdf", b"%PDF-1.7 y"))
    assert status == 410 and "只能上传一次" in page
    assert len(accepting.files) == 1


async def test_an_expired_or_forged_link_gets_no_form_and_takes_no_file(site) -> None:
    links, accepting, now = site
    url = links.url("zhangsan", "c7")
    now[0] += 24 * 3600 + 1
    assert (await asyncio.to_thread(fetch, url))[0] == 410
    assert (await asyncio.to_thread(fetch, url, form("a.pdf", b"%PDF")))[0] == 410
    forged = url[: url.rindex(".") + 1] + "AAAA"
    assert (await asyncio.to_thread(fetch, forged))[0] == 403
    assert accepting.files == []


async def test_the_upload_token_never_reaches_the_access_log(site, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.INFO, logger="bot.wecom.access")
    links, _, _ = site
    url = links.url("zhangsan", "c7")
    await asyncio.to_thread(fetch, url)
    token = url.rsplit("/", 1)[1]
    assert "/wecom/upload/" in caplog.text and token not in caplog.text
