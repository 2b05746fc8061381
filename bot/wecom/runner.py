"""``cdo-bot run --platform wecom``: the WeCom process from start to a clean stop.

Layer: WeCom adapter; the only wiring of ``bot.wecom``. One asyncio loop carries the callback
server (tornado), the inbox's per-user workers, the API client and the reminder ticks; blocking
database work runs in threads (``asyncio.to_thread``) so the loop always answers WeCom within its
5 seconds. SIGTERM/SIGINT stop accepting, finish what was accepted (``Inbox.drain``), then close.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import TYPE_CHECKING

from bot.wecom.client import WeComClient
from bot.wecom.crypto import WeComCrypto
from bot.wecom.inbox import DatabaseInboxStore, Inbox
from bot.wecom.server import listen, make_app
from bot.wecom.upload import UploadLinks, derive_key

if TYPE_CHECKING:
    from bot.bootstrap import AppContext

log = logging.getLogger(__name__)


async def serve(app: AppContext, *, reminders: bool = True, stop: asyncio.Event | None = None) -> int:
    from bot.wecom.reminders import ReminderTicks
    from bot.wecom.transport import WeComTransport

    config = app.settings.wecom
    crypto = WeComCrypto(config.token.get(), config.encoding_aes_key.get(), config.corp_id)
    client = WeComClient(
        corp_id=config.corp_id,
        secret=config.secret.get(),
        agent_id=config.agent_id,
        api_base=config.api_base,
    )
    links = UploadLinks(
        derive_key(config.secret.get(), config.encoding_aes_key.get(), config.corp_id), config.base_url
    )
    transport = WeComTransport(app, client, links)
    inbox = Inbox(transport.handle, DatabaseInboxStore(app.uow, app.clock))
    # First what a crash left between the answer to WeCom and the handling, before any new callback.
    await inbox.recover()
    server = listen(
        make_app(crypto, inbox, transport.upload_pages), config.callback_host, config.callback_port
    )
    log.info("wecom: callback server listening on %s:%s", config.callback_host, config.callback_port)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    ticks: ReminderTicks | None = None
    try:
        await asyncio.to_thread(app.dispatcher.warm_up)
        await transport.publish_menu()
        if reminders:
            ticks = ReminderTicks(app, transport.notifier)
        log.info("wecom: ready")
        await stop.wait()
        log.info("wecom: stopping")
    finally:
        server.stop()
        await inbox.drain()
        if ticks is not None:
            await ticks.stop()
        await client.aclose()
    return 0


def run_wecom(app: AppContext, *, reminders: bool = True) -> int:
    return asyncio.run(serve(app, reminders=reminders))
