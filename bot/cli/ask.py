"""``cdo-bot ask``: answer duty questions from the policy texts, one from argv or many from stdin.

Layer: adapter (command line). Imports only the standard library at module level; ``run``
pulls in the knowledge core (jieba, bm25s) and nothing of telegram or sqlalchemy, so a cold
start costs little more than jieba's own.

    cdo-bot ask --city zhuhai 一票否决权是什么          # human-readable answer
    cdo-bot ask --city 深圳 --json < questions.txt      # one JSON object per input line

JSON contract (one line per question)::

    {"question", "city", "confident": bool, "intent",
     "answers": [{"text", "source", "section", "score", "clause_id"}],
     "suggestions": [...]?,  "unit"?, "focus"?}

A weak match (intent "weak") lists its candidates as answers with confident false; a question
the plans do not cover has confident false and no answers.
"""

from __future__ import annotations

import argparse
import json
import sys

ROLES = ("cdo", "staff", "coordinator", "admin")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", help="zhuhai | shenzhen (or 珠海 | 深圳); default: both plans")
    parser.add_argument("--role", choices=ROLES, default=None, help="who is asking (changes wording)")
    parser.add_argument("--unit", default=None, help="the asker's unit, e.g. 福田区 or 市公安局")
    parser.add_argument("--json", action="store_true", help="one JSON object per question")
    parser.add_argument("-k", type=_positive, default=3, help="answers per question (default 3, at least 1)")
    parser.add_argument("question", nargs="*", help="the question; without it, one question per stdin line")


def _positive(text: str) -> int:
    """``-k 0`` or ``-k -1`` would ask for no answers at all: a usage error, not an empty reply."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _check_unit(unit: str | None, city: str | None) -> str | None:
    """Why ``--unit`` cannot be used with ``--city`` (香洲区 is not a Shenzhen unit), else None."""
    from bot.core.cities import load_cities

    cities = load_cities()
    scope = [cities[city]] if city in cities else list(cities.values())
    if any(c.find_unit(unit or "") for c in scope):
        return None
    where = "、".join(c.name for c in scope)
    elsewhere = [c.name for c in cities.values() if c not in scope and c.find_unit(unit or "")]
    hint = f" (it is a unit of {'、'.join(elsewhere)})" if elsewhere else ""
    return f"unknown unit for {where}: {unit}{hint}"


def run(args: argparse.Namespace) -> int:
    from bot.cli.logs import setup_logging

    setup_logging()  # jieba logs its dictionary loading at DEBUG on stderr; a one-shot command is quiet

    from bot.core.knowledge import Knowledge, city_code

    try:
        city = city_code(args.city)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.unit is not None and (problem := _check_unit(args.unit, city)) is not None:
        print(problem, file=sys.stderr)
        return 2
    knowledge = Knowledge.load()
    questions = [" ".join(args.question)] if args.question else _stdin_lines()
    if args.json:
        out = sys.stdout
        for q in questions:
            result = knowledge.ask(q, city=city, unit=args.unit, role=args.role, k=args.k)
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        out.flush()
        return 0

    from datetime import datetime

    from bot.core.clock import SHANGHAI
    from bot.core.i18n import translator
    from bot.services.duty import answer_duty_question

    render = translator().render
    today = datetime.now(SHANGHAI).date()  # a one-shot command: the wall clock is the right "now"
    for n, q in enumerate(questions):
        if n:
            print()
        reply = answer_duty_question(knowledge, q, city, unit=args.unit, role=args.role, today=today)
        print(render(reply))
        for row in reply.choices:
            for choice in row:
                print(f"  · {translator().label(choice)}")
    return 0


def _stdin_lines() -> list[str]:
    # Batch mode keeps one output line per input line, so blank lines are questions too.
    return [line.rstrip("\r\n") for line in sys.stdin]
