"""The ``cdo-bot`` command line: an adapter like the Telegram handlers.

Each sub-command lives in its own module ``bot.cli.<name>`` exposing
``configure(parser)`` and ``run(args) -> int``. Only the chosen module is imported, so that
``cdo-bot ask`` does not pay for telegram, sqlalchemy or apscheduler at start-up.
Modules here import only the standard library at module level.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS: dict[str, str] = {
    "run": "运行机器人：Telegram，或 --platform wecom 企业微信 (run the bot)",
    "chat": "终端聊天，无需 Telegram (terminal chat over the same core and database)",
    "ask": "职责问答 (answer a duty question from the policy texts)",
    "parse": "解析活动消息 (parse an activity message into a record draft)",
    "invite": "生成邀请码 (create a one-time invite code)",
    "members": "成员管理 (list a unit's members, deactivate one, hand a unit over)",
    "reminders": "查看提醒计划 (list planned reminders without sending)",
    "deadline": "管理截止日期 (add, list or remove deadlines)",
    "db": "数据库迁移 (database migrations)",
    "export": "导出工作台账 (export the city overview as xlsx or csv)",
    "summary": "生成工作总结报告草稿 (a unit's work-summary draft as .docx)",
}


def build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cdo-bot", description="首席数据官助手 cdo-bot")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        if name == command:
            importlib.import_module(f"bot.cli.{name.replace('-', '_')}").configure(p)
    return parser


EXIT_BROKEN_PIPE = 141
"""What a Unix tool killed by SIGPIPE returns (``cdo-bot parse … | head``): the reader left, no error."""
EXIT_USAGE = 2


def iso_time(text: str) -> str:
    """An argparse type for ``--now``: a bad value (``2026-99-01``) is a usage error, not a traceback."""
    from datetime import datetime

    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date or time: {text!r} (e.g. 2026-12-01T09:00)"
        ) from None
    return text


def _usage_problem(error: BaseException) -> str | None:
    """The one-line message for a failure the user can fix (a bad database URL, an unknown migration
    revision); None for a bug, which keeps its traceback. Classes are looked up only if loaded."""
    storage_db = sys.modules.get("storage.db")
    if storage_db is not None and isinstance(error, storage_db.UnsupportedDatabase):
        return str(error)
    alembic_exc = sys.modules.get("alembic.util.exc")
    if alembic_exc is not None and isinstance(error, alembic_exc.CommandError):
        return str(error)
    return None


def _quiet_stdout() -> None:
    """After the reader closed the pipe: point stdout at /dev/null so the final flush cannot raise again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module = importlib.import_module(f"bot.cli.{args.command.replace('-', '_')}")
    try:
        return int(module.run(args) or 0)
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as error:
        problem = _usage_problem(error)
        if problem is None:
            raise
        print(f"cdo-bot {args.command}: {problem}", file=sys.stderr)
        return EXIT_USAGE
