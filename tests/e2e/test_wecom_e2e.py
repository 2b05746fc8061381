"""End to end on WeCom: the real ``cdo-bot run --platform wecom`` process against the WeCom emulator.

One process and one SQLite file serve the module (each test speaks as its own WeCom user); the
restart test kills and restarts that same process. Every wait is bounded. A transcript of each
conversation is written next to the bot's log (``wecom-transcripts.txt``).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.harness import create_invite, query, row_counts
from tests.e2e.wecom_emulator import Sent, WeComEmulator
from tests.e2e.wecom_harness import WeComBotProcess, free_port, wecom_env

pytestmark = pytest.mark.e2e

TRAINING = "昨天下午3点组织了数据安全培训，30人参加"
_users = itertools.count(1)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("wecom-e2e")


@pytest.fixture(scope="module")
def transcripts(workdir: Path) -> Path:
    """Where the conversations are written: ``CDO_WECOM_TRANSCRIPT`` or beside the bot's log."""
    return Path(os.environ.get("CDO_WECOM_TRANSCRIPT") or workdir / "wecom-transcripts.txt")


@pytest.fixture(scope="module")
def emulator(transcripts: Path) -> Iterator[WeComEmulator]:
    emu = WeComEmulator().start()
    yield emu
    emu.stop()
    answered = sorted(c.seconds for c in emu.callbacks if c.seconds is not None)
    if answered:
        with transcripts.open("a", encoding="utf-8") as out:
            out.write(
                f"\ncallbacks answered: {len(answered)}, p50 {answered[len(answered) // 2] * 1000:.1f} ms, "
                f"max {answered[-1] * 1000:.1f} ms (WeCom waits 5,000 ms)\n"
            )
    assert all(s < 5 for s in answered)  # every callback answered within WeCom's 5 seconds


@pytest.fixture(scope="module")
def db_path(workdir: Path) -> Path:
    return workdir / "cdo-bot.sqlite3"


@pytest.fixture(scope="module")
def env(emulator: WeComEmulator, db_path: Path, workdir: Path) -> dict[str, str]:
    return wecom_env(emulator, f"sqlite:///{db_path}", free_port(), CDO_CACHE_DIR=str(workdir / "cache"))


@pytest.fixture(scope="module")
def bot(emulator: WeComEmulator, env: dict[str, str], workdir: Path) -> Iterator[WeComBotProcess]:
    process = WeComBotProcess(emulator, env, workdir / "bot.log").start()
    yield process
    code = process.stop()
    assert code == 0, process.log()[-3000:]


class User:
    """A WeCom member (or a stranger) talking to the app through the emulator."""

    def __init__(self, emulator: WeComEmulator, userid: str) -> None:
        self.emulator = emulator
        self.id = userid

    def seen(self) -> int:
        return len(self.emulator.sent_to(self.id))

    def say(self, text: str) -> Sent:
        before = self.seen()
        callback = self.emulator.send_text(self.id, text)
        assert callback.status == 200, callback
        return self.emulator.wait_for_message(self.id, after=before, timeout=15)

    def card(self, message: Sent) -> str:
        assert message.card is not None, f"not a card: {message.text}"
        return message.card["task_id"]

    def press(self, message: Sent, label: str):
        task_id = self.card(message)
        callback = self.emulator.press(self.id, task_id, self.emulator.cards[task_id].key(label))
        assert callback.status == 200, callback
        return callback

    def pressed(self, message: Sent, label: str, *, updates: int = 1):
        """Press and wait until the card was updated."""
        self.press(message, label)
        return self.emulator.wait_for_card_update(self.card(message), updates=updates, timeout=15)


def last_card(user: User, after: int = 0) -> Sent:
    return user.emulator.wait_until(
        lambda: next((m for m in user.emulator.sent_to(user.id)[after:] if m.card), None), 15, "a card"
    )


@pytest.fixture
def stranger(emulator: WeComEmulator) -> User:
    return User(emulator, f"stranger{next(_users)}")


@pytest.fixture
def member(
    emulator: WeComEmulator,
    env: dict[str, str],
    bot: WeComBotProcess,
    transcripts: Path,
    request: pytest.FixtureRequest,
) -> Iterator[User]:
    user = User(emulator, f"cdo{next(_users)}")
    code = create_invite(env, "zhuhai", "市公安局", "cdo")
    assert "市公安局" in user.say(f"/start {code}").text
    yield user
    with transcripts.open("a", encoding="utf-8") as out:
        out.write(f"\n===== {request.node.name} ({user.id})\n{emulator.transcript(user.id)}\n")


def accounts(db_path: Path, userid: str) -> list[tuple]:
    return query(
        db_path,
        "SELECT m.role, m.chat_address FROM members m JOIN member_accounts a ON a.member_id = m.id "
        "WHERE a.platform = 'wecom' AND a.external_id = ? AND m.active",
        userid,
    )


def test_the_admin_consoles_url_check_is_answered_with_the_echo(bot: WeComBotProcess, emulator) -> None:
    status, answer, echo = emulator.verify_url()
    assert (status, answer) == (200, echo)


def test_a_stranger_is_refused_politely_and_nothing_is_stored(
    bot: WeComBotProcess, stranger: User, db_path: Path, emulator: WeComEmulator
) -> None:
    before = row_counts(db_path)
    answer = stranger.say(TRAINING)
    assert "邀请码" in answer.text
    assert answer.card is None
    gets = len(emulator.api_calls("/media/get"))
    seen = stranger.seen()
    emulator.send_image(stranger.id)
    assert "邀请码" in emulator.wait_for_message(stranger.id, after=seen, timeout=15).text
    assert len(emulator.api_calls("/media/get")) == gets  # a stranger's file is not even fetched
    assert row_counts(db_path) == before
    log = bot.log()
    assert TRAINING not in log
    assert emulator.secret not in log and emulator.encoding_aes_key not in log
    assert not any(token in log for token in emulator.tokens)


def test_members_join_with_start_code_or_with_jiaru_code(
    bot: WeComBotProcess, emulator: WeComEmulator, env: dict[str, str], db_path: Path
) -> None:
    first, second = User(emulator, f"wang{next(_users)}"), User(emulator, f"zhao{next(_users)}")
    code = create_invite(env, "zhuhai", "市公安局", "cdo")
    assert "市公安局" in first.say(f"/start {code}").text
    assert accounts(db_path, first.id) == [("cdo", f"wecom:{first.id}")]
    assert "使用说明" in first.say("/help").text
    other = create_invite(env, "zhuhai", "香洲区", "staff")
    assert "香洲区" in second.say(f"加入 {other}").text
    assert accounts(db_path, second.id) == [("staff", f"wecom:{second.id}")]
    # A code is used once.
    third = User(emulator, f"qian{next(_users)}")
    third.say(f"加入 {code}")
    assert accounts(db_path, third.id) == []


def test_a_training_confirmed_on_the_card_appears_in_history(member: User, db_path: Path) -> None:
    before = row_counts(db_path)["activities"]
    card = member.say(TRAINING)
    assert [label for label, _ in member.emulator.cards[member.card(card)].buttons] == [
        "确认",
        "修改",
        "取消",
    ]
    assert "数据安全培训" in card.text and "30" in card.text
    assert row_counts(db_path)["activities"] == before
    seen = member.seen()
    updated = member.pressed(card, "确认")
    assert row_counts(db_path)["activities"] == before + 1
    assert "已保存" in (updated.replaced_by or "")
    member.emulator.wait_for_message(member.id, after=seen, contains="已保存", timeout=15)
    seen = member.seen()
    member.emulator.send_text(member.id, "/history")
    history = member.emulator.wait_for_message(member.id, after=seen, contains="最近", timeout=15)
    assert "数据安全培训" in history.text


def test_cancel_writes_nothing(member: User, db_path: Path) -> None:
    before = row_counts(db_path)["activities"]
    card = member.say("今天上午参加了数据要素交流会，20人")
    closed = member.pressed(card, "取消")
    assert closed.buttons == [] or "取消" not in [label for label, _ in closed.buttons]
    assert row_counts(db_path)["activities"] == before


def test_a_duty_question_is_answered_with_the_citys_duties(member: User) -> None:
    seen = member.seen()
    member.say("我的职责有哪些")
    text = "\n".join(m.text for m in member.emulator.sent_to(member.id)[seen:])
    assert "首席数据官" in text and "珠海" in text


def test_the_apps_menu_holds_the_main_commands_and_a_click_runs_one(member: User, emulator) -> None:
    keys = [b.get("key") for b in emulator.menu or [] for b in [b, *b.get("sub_button", [])] if b.get("key")]
    assert {"/history", "/duty", "/help"} <= set(keys)
    seen = member.seen()
    emulator.click_menu(member.id, "/duty")
    duties = emulator.wait_for_message(member.id, after=seen, timeout=15)
    assert "首席数据官" in duties.text


def test_a_card_shown_before_a_restart_still_works_after_it(
    bot: WeComBotProcess, member: User, db_path: Path
) -> None:
    before = row_counts(db_path)["activities"]
    seen = member.seen()
    line = member.emulator.send_text(member.id, "11月18日参加了市里的数据共享交流会，12人")
    card = last_card(member, seen)
    bot.kill()
    bot.start()
    member.emulator.redeliver(line)  # WeCom's retry reaching the new process: the ledger remembers
    press = member.press(card, "确认")
    member.emulator.wait_for_card_update(member.card(card), timeout=15)
    assert row_counts(db_path)["activities"] == before + 1
    bot.kill()
    bot.start()
    member.emulator.redeliver(press)  # and a press retried after a restart saves nothing twice
    assert "数据共享交流会" in member.say("/history").text
    assert row_counts(db_path)["activities"] == before + 1
    cards = [m for m in member.emulator.sent_to(member.id)[seen:] if m.card and "请确认" in m.text]
    assert len(cards) == 1


def test_a_message_answered_200_but_not_handled_when_the_bot_died_is_handled_after_the_restart(
    bot: WeComBotProcess, member: User, db_path: Path, emulator: WeComEmulator
) -> None:
    """WeCom never resends a callback it got 200 for: the bot keeps it until it is handled.

    The reply's ``message/send`` hangs, so the process is still handling the message when it is
    killed; the restarted process finds it kept and answers it, once.
    """
    seen = member.seen()
    emulator.inject(path="/message/send", hang=30.0)
    question = emulator.send_text(member.id, "一票否决权是什么")
    assert question.status == 200 and question.attempts == 1  # answered at once: WeCom will not retry
    emulator.wait_until(lambda: query(db_path, "SELECT count(*) FROM inbound_events") == [(1,)], what="kept")
    bot.kill()
    emulator.faults.clear()
    bot.start()
    answer = emulator.wait_for_message(member.id, after=seen, contains="否决", timeout=30)
    assert "项目" in answer.text
    emulator.wait_until(
        lambda: query(db_path, "SELECT count(*) FROM inbound_events") == [(0,)], what="forgotten"
    )
    bot.kill()
    bot.start()  # handled is forgotten: a second restart answers nothing again
    assert member.say("/history").text
    assert len([m for m in emulator.sent_to(member.id)[seen:] if "否决" in m.text]) == 1


def test_a_retried_callback_is_acted_on_once(member: User, db_path: Path, emulator: WeComEmulator) -> None:
    before = row_counts(db_path)["activities"]
    seen = member.seen()
    text = emulator.send_text(member.id, "11月19日组织了数据资产登记培训，15人")
    card = last_card(member, seen)
    again = emulator.redeliver(text)  # WeCom's retry: same MsgId, same signature
    assert again.status == 200
    press = member.press(card, "确认")
    emulator.wait_for_card_update(member.card(card), timeout=15)
    saved_at = member.seen()
    emulator.redeliver(press)
    emulator.redeliver(press)
    emulator.wait_until(lambda: row_counts(db_path)["activities"] == before + 1, 15, "the record")
    emulator.send_text(member.id, "/history")  # handled after the retries (one user's messages go in order)
    emulator.wait_for_message(member.id, after=saved_at, contains="最近", timeout=15)
    assert row_counts(db_path)["activities"] == before + 1
    cards = [m for m in emulator.sent_to(member.id)[seen:] if m.card and "请确认" in m.text]
    assert len(cards) == 1  # the retried text made no second card


def test_a_forged_callback_gets_403_and_changes_nothing(
    bot: WeComBotProcess, member: User, db_path: Path, emulator: WeComEmulator
) -> None:
    before, seen = row_counts(db_path), len(emulator.messages)
    plain = (
        f"<xml><ToUserName><![CDATA[{emulator.corp_id}]]></ToUserName><FromUserName><![CDATA[{member.id}]]>"
        "</FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{TRAINING}]]></Content><MsgId>1</MsgId></xml>"
    )
    sealed = emulator.side.seal(plain, timestamp=1)
    forged = {**sealed.query(), "msg_signature": "0" * 40}
    status, _ = emulator.post_raw(forged, sealed.body(emulator.corp_id, str(emulator.agent_id)))
    assert status == 403
    status, _ = emulator.post_raw(sealed.query(), b"<xml><Encrypt><![CDATA[bm90IG91cnM=]]></Encrypt></xml>")
    assert status == 403
    member.say("/help")  # the next real message is answered, and nothing came before it
    assert row_counts(db_path) == before
    assert all(m.touser == member.id and "使用说明" in m.text for m in emulator.messages[seen:])


def test_a_photo_after_a_saved_record_becomes_its_evidence_and_a_pdf_comes_by_the_upload_link(
    member: User, db_path: Path, emulator: WeComEmulator
) -> None:
    card = member.say("今天组织了数据分类分级培训，18人参加")
    seen = member.seen()
    member.pressed(card, "确认")
    saved = emulator.wait_for_message(member.id, after=seen, contains="已保存", timeout=15)
    before = row_counts(db_path)["evidence"]
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 30
    seen = member.seen()
    emulator.send_image(member.id, photo)
    attached = emulator.wait_for_message(member.id, after=seen, contains="佐证材料", timeout=15)
    assert "数据分类分级培训" in attached.text
    assert row_counts(db_path)["evidence"] == before + 1
    kept = query(
        db_path,
        "SELECT c.data, e.mime_type FROM evidence e JOIN evidence_contents c ON c.evidence_id = e.id "
        "ORDER BY e.id DESC LIMIT 1",
    )
    assert kept == [(photo, "image/png")]  # the bytes are ours: WeCom forgets media after 3 days
    link = next(word for word in saved.text.split() if "/wecom/upload/" in word)
    link = link[link.index("http") :]
    with urllib.request.urlopen(link, timeout=10) as page:
        assert page.status == 200 and "上传" in page.read().decode()
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 20
    assert _upload(link, "签到表.pdf", pdf) == 200
    assert row_counts(db_path)["evidence"] == before + 2
    assert query(db_path, "SELECT file_name FROM evidence ORDER BY id DESC LIMIT 1") == [("签到表.pdf",)]
    assert _upload(link, "again.pdf", pdf) == 410  # one time only
    assert row_counts(db_path)["evidence"] == before + 2


def _upload(url: str, name: str, data: bytes) -> int:
    boundary = "----cdo-bot-test"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_reminder_due_now_reaches_the_wecom_member_exactly_once(
    emulator: WeComEmulator, workdir: Path, env: dict[str, str]
) -> None:
    db = workdir / "reminders.sqlite3"
    local = wecom_env(emulator, f"sqlite:///{db}", free_port(), CDO_CACHE_DIR=str(workdir / "cache"))
    module_bot_callback = emulator.callback_url  # this test's own process takes the callbacks meanwhile
    process = WeComBotProcess(emulator, local, workdir / "reminders.log", reminders=True)
    user = User(emulator, f"remind{next(_users)}")
    try:
        process.start()
        assert "市公安局" in user.say(f"/start {create_invite(local, 'zhuhai', '市公安局', 'cdo')}").text
        _meeting_in(db, minutes=110)  # its "2 hours before" reminder is due now
        seen = user.seen()
        process.stop()
        process.start()  # the first tick runs at start
        reminder = emulator.wait_for_message(user.id, after=seen, contains="交流会", timeout=30)
        assert reminder.card is not None  # with its RSVP buttons
        process.stop()
        process.start()  # a restart does not send it again
        emulator.wait_until(lambda: "wecom reminder ticks" in process.log(), 15, "the ticks")
        import time

        time.sleep(3)
        assert [m for m in emulator.sent_to(user.id)[seen:] if "交流会" in m.text] == [reminder]
        with sqlite3.connect(db) as conn:
            soon = conn.execute(
                "SELECT status FROM reminder_outbox WHERE kind = 'meeting' AND dedupe_key LIKE '%|2h|%'"
            ).fetchall()
        assert soon == [("sent",)]  # marked sent before the process stopped: nothing left in doubt
    finally:
        process.stop()
        emulator.callback_url = module_bot_callback


def _meeting_in(db: Path, *, minutes: int) -> None:
    _meeting_in_url(f"sqlite:///{db}", minutes=minutes)


@pytest.mark.postgres
def test_a_telegram_and_a_wecom_process_on_one_postgresql_each_remind_their_own_members_once(
    postgres_url: str, workdir: Path
) -> None:
    from tests.e2e.emulator import BotApiEmulator
    from tests.e2e.harness import BotProcess, bot_env

    telegram, wecom = BotApiEmulator().start(), WeComEmulator().start()
    cache = {"CDO_CACHE_DIR": str(workdir / "cache")}
    tg_env = bot_env(telegram, workdir / "unused.sqlite3", DATABASE_URL=postgres_url, **cache)
    wc_env = wecom_env(wecom, postgres_url, free_port(), **cache)
    tg_bot = BotProcess(telegram, tg_env, workdir / "pg-telegram.log", reminders=True)
    wc_bot = WeComBotProcess(wecom, wc_env, workdir / "pg-wecom.log", reminders=True)
    tg_user, wc_user = telegram.user(9101, "电报用户"), User(wecom, f"pg{next(_users)}")
    try:
        wc_bot.start()
        tg_bot.start()
        telegram.send_text(tg_user, f"/start {create_invite(tg_env, 'zhuhai', '市公安局', 'cdo')}")
        telegram.wait_for_message(9101, contains="市公安局", timeout=30)
        assert "香洲区" in wc_user.say(f"/start {create_invite(wc_env, 'zhuhai', '香洲区', 'cdo')}").text
        tg_bot.stop()
        wc_bot.stop()
        _meeting_in_url(postgres_url, minutes=110)
        tg_seen, wc_seen = len(telegram.bot_messages(9101)), wc_user.seen()
        wc_bot.start()
        tg_bot.start()
        tg_reminder = telegram.wait_for_message(9101, after=tg_seen, contains="交流会", timeout=40)
        wc_reminder = wecom.wait_for_message(wc_user.id, after=wc_seen, contains="交流会", timeout=40)
        import time

        time.sleep(3)  # both processes' dispatch ticks have had their chance at every row
        assert [m for m in telegram.bot_messages(9101)[tg_seen:] if "交流会" in m.get("text", "")] == [
            tg_reminder
        ]
        assert [m for m in wecom.sent_to(wc_user.id)[wc_seen:] if "交流会" in m.text] == [wc_reminder]
        assert {m.touser for m in wecom.messages} <= {wc_user.id}  # nothing of Telegram's went to WeCom
        from sqlalchemy import create_engine, text

        engine = create_engine(postgres_url)
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT chat_address, status FROM reminder_outbox WHERE kind = 'meeting' AND status <> 'pending'"
                )
            ).fetchall()
        engine.dispose()
        assert sorted(rows) == [("telegram:9101", "sent"), (f"wecom:{wc_user.id}", "sent")]
    finally:
        tg_bot.stop()
        wc_bot.stop()
        telegram.stop()
        wecom.stop()


def _meeting_in_url(url: str, *, minutes: int) -> None:
    from bot.core.clock import SHANGHAI
    from storage.models import Meeting
    from storage.uow import uow_factory

    factory = uow_factory(url)
    try:
        with factory() as uow:
            uow.meetings.add(
                Meeting(
                    city="zhuhai",
                    title="数据要素交流会",
                    starts_at=datetime.now(SHANGHAI) + timedelta(minutes=minutes),
                )
            )
            uow.commit()
    finally:
        factory.dispose()


def test_the_terminals_own_commands_do_not_exist_on_wecom(member: User, db_path: Path) -> None:
    before = row_counts(db_path)["evidence"]
    refused = member.say("/attach /etc/hostname")  # would read a file of the bot's own machine
    assert "/help" in refused.text
    assert row_counts(db_path)["evidence"] == before
