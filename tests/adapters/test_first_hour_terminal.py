"""Issue 15: the first hour in the terminal chat, end to end over the real services and a migrated SQLite file.

One scripted session per role — a Zhuhai district CDO, a Shenzhen pilot-district CDO and a Zhuhai
coordinator — runs the flows the issue found broken and checks every reply that matters; then the
terminal's own additions: ``/reminders`` (what is due now, with its buttons), ``/attach PATH`` and a
prompt in an interactive terminal.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime

import pytest
from openpyxl import load_workbook

from bot.bootstrap import AppContext, build_app_context, seed_units
from bot.chat import TerminalChat, run_session
from bot.config import Settings
from bot.core.address import Account
from bot.core.clock import SHANGHAI, FixedClock
from bot.services import access

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)  # a Tuesday, the day after the 11-30 report deadline


@pytest.fixture
def app(sqlite_url: str) -> Iterator[AppContext]:
    context = build_app_context(Settings(database_url=sqlite_url), clock=FixedClock(NOW))
    seed_units(context.uow)
    yield context
    context.close()


def join(
    app: AppContext, user_id: int, name: str, *, city: str, unit: str | None, role: str, files
) -> TerminalChat:
    code = access.create_invite(app.uow, app.clock, city=city, unit_name=unit, role=role).code
    chat = TerminalChat(app, user_id, display_name=name, files_dir=files)
    assert "欢迎" in chat.handle(f"/start {code}")
    return chat


def press(chat: TerminalChat, answer: str, label: str) -> str:
    """Press the numbered choice whose label is ``label`` in the last answer."""
    for part in answer.replace("\n", "  ").split("  "):
        if part.startswith("[") and part.endswith(label):
            return chat.handle(part[1 : part.index("]")])
    raise AssertionError(f"no choice {label!r} in:\n{answer}")


def transcript(chat: TerminalChat, lines: list[str]) -> str:
    out: list[str] = []
    run_session(chat, lines, out.append, echo=True)
    return "\n".join(out)


def test_a_zhuhai_district_cdos_first_hour(app: AppContext, tmp_path) -> None:
    cdo = join(app, 5001, "李主任", city="zhuhai", unit="香洲区", role="cdo", files=tmp_path)

    # A question about an activity is answered, never offered as a record to confirm.
    answer = cdo.handle("工作总结啥时候交")
    assert "请确认" not in answer and "11月30日前" in answer

    # A plan is not a record: no 确认, and pressing on saves nothing.
    plan = cdo.handle("明天下午要组织一场数据安全培训")
    assert "计划" in plan and "[1] 确认" not in plan
    assert "提醒" in press(cdo, plan, "活动结束后提醒我确认")

    # The same line twice asks before it counts twice.
    card = cdo.handle("昨天组织了数据安全培训，30人参加")
    assert "已保存" in press(cdo, card, "确认")
    again = cdo.handle("昨天组织了数据安全培训，30人参加")
    asked = press(cdo, again, "确认")
    assert "已有一条相同的记录" in asked
    assert "已取消" in press(cdo, asked, "取消") or "不保存" in press(cdo, asked, "取消")

    # /train in the prompt's own shape keeps title, count and place apart.
    assert "/cancel" in cdo.handle("/train")
    card = cdo.handle("11月5日 个人信息保护专题 45人 区委党校")
    assert "主题：个人信息保护专题" in card and "人数：45" in card and "地点：区委党校" in card
    saved = press(cdo, card, "确认")
    number = saved.split("编号 ")[1].split("）")[0]

    # A late report says so.
    card = cdo.handle("6月15日报送了上半年工作总结报告")
    press(cdo, card, "确认")
    progress = cdo.handle("/progress")
    assert "培训 2/2 场" in progress  # the plan and the duplicate did not count
    assert "05-31期：逾期报送（06-15" in progress
    assert "最近记录：2026-11-30" in progress  # never the planned 12-02

    # Duties hold the CDO's only; the operator company's task has its own line.
    duties = cdo.handle("/duty")
    assert "共 3 项" in duties and "由数字广东珠海分公司负责" in duties

    # Settings refuse a reversed range; /undo N removes that record; deadlines show no ids.
    assert "早于开始日期" in cdo.handle("/settings away 12月20日 12月10日")
    assert f"编号 {number}" in cdo.handle(f"/undo {number}")
    assert "培训 1/2 场" in cdo.handle("/progress")
    deadlines = cdo.handle("/deadline")
    assert "@" not in deadlines and "/deadline add" not in deadlines


def test_a_shenzhen_pilot_district_cdos_first_hour(app: AppContext, tmp_path) -> None:
    cdo = join(app, 6001, "王主任", city="shenzhen", unit="福田区", role="cdo", files=tmp_path)
    card = cdo.handle("11月3日组织了数据安全培训，30人参加")
    press(cdo, card, "确认")
    progress = cdo.handle("/progress")
    assert "培训 1 场" in progress and "未设场次要求" in progress
    assert "应参加3次" not in progress and "默认节奏" not in progress
    answer = cdo.handle("培训要组织几次")
    assert "2022年4月前" in answer and "已过" in answer
    plan = cdo.handle("下周一上午十点要去开全市CDO工作交流会")
    assert "计划" in plan and "[1] 确认" not in plan
    assert "2026-12-07" not in cdo.handle("/progress")


def test_a_zhuhai_coordinators_first_hour(app: AppContext, tmp_path) -> None:
    coordinator = join(app, 7001, "政数局", city="zhuhai", unit=None, role="coordinator", files=tmp_path)
    cdo = join(app, 7002, "李主任", city="zhuhai", unit="香洲区", role="cdo", files=tmp_path)
    press(cdo, cdo.handle("6月15日报送了上半年工作总结报告"), "确认")

    session = transcript(
        coordinator,
        [
            "/overview",
            "/overview shenzhen",
            "/schedule add 12月10日 14:30 第二次首席数据官沟通交流会 市政府8楼会议室",
            "/schedule ics",
            "/invite 金湾区 首席数据官",
            "/invite zhuhai coordinator",
            "/invite 金湾区 admin",
            "/export",
        ],
    )
    overview = session.split("> /overview shenzhen")[0]
    bureau = next(line for line in overview.splitlines() if "市政务服务数据管理局" in line)
    assert "培训—" in bureau and "❌" not in bureau  # not measured: the bureau is no pilot unit
    assert "只能查看珠海市的概览" in session
    assert "“第二次首席数据官沟通交流会”" in session or "第二次首席数据官沟通交流会" in session
    assert "市政府8楼会议室" in session and "“add" not in session
    assert "请写上会议编号" in session
    assert "角色“首席数据官”不存在" not in session and "金湾区" in session
    assert "没有找到“zhuhai”" not in session
    assert "管理员邀请码只有管理员可以生成" in session
    [workbook] = tmp_path.glob("cdo-overview-zhuhai-2026-as-of-2026-12-01*.xlsx")
    book = load_workbook(io.BytesIO(workbook.read_bytes()))
    reports = [r for r in book["报告报送"].iter_rows(values_only=True)]
    assert not [r for r in reports if r[0] == "市政务服务数据管理局"]
    assert (
        "香洲区",
        "首席数据官工作总结报告",
        "2026-05-31",
        "2026-05-31",
        "逾期报送",
        "2026-06-15",
    ) in reports


def test_reminders_in_the_terminal_show_what_is_due_now_with_working_buttons(sqlite_url, tmp_path) -> None:
    clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))  # 7 days before 11-30
    app = build_app_context(Settings(database_url=sqlite_url), clock=clock)
    seed_units(app.uow)
    try:
        cdo = join(app, 8001, "李主任", city="zhuhai", unit="香洲区", role="cdo", files=tmp_path)
        due = cdo.handle("/reminders")
        assert "工作总结报告" in due and "11月30日" in due
        done = press(cdo, due, "已完成")
        assert "已报送" in done or "已记录" in done
        assert "11-30期：已报送" in cdo.handle("/progress")
    finally:
        app.close()


def test_nothing_due_says_so(app: AppContext, tmp_path) -> None:
    coordinator = join(app, 8101, "政数局", city="shenzhen", unit=None, role="coordinator", files=tmp_path)
    assert "没有到期的提醒" in coordinator.handle("/reminders")


def test_attach_puts_a_local_file_on_the_last_record(app: AppContext, tmp_path) -> None:
    cdo = join(app, 8201, "李主任", city="zhuhai", unit="香洲区", role="cdo", files=tmp_path)
    press(cdo, cdo.handle("昨天组织了数据安全培训，30人参加"), "确认")
    sheet = tmp_path / "签到表.pdf"
    sheet.write_bytes(b"%PDF-1.4 sign-in sheet")
    assert "共 1 份" in cdo.handle(f"/attach {sheet}")
    assert "没有重复保存" in cdo.handle(f"/attach {sheet}")
    assert "没有找到文件" in cdo.handle(f"/attach {tmp_path / 'missing.pdf'}")
    assert "佐证材料 1 份" in cdo.handle("/history")
    with app.uow() as uow:
        [evidence] = uow.activities.evidence_of(
            uow.activities.history([access.identify(cdo.app.uow, Account.telegram(8201)).unit_id])[0].id
        )
        assert evidence.file_name == "签到表.pdf" and evidence.mime_type == "application/pdf"


def test_an_interactive_terminal_shows_a_prompt(tmp_path) -> None:
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--demo"],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )
    os.close(follower)
    seen = b""
    try:
        while b"\xe4\xbd\xa0> " not in seen:  # "你> "
            chunk = os.read(leader, 4096)
            if not chunk:
                break
            seen += chunk
        assert "你> ".encode() in seen, seen.decode(errors="replace")
        os.write(leader, b"/quit\n")
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
