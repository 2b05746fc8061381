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
    parser.add_argument("-k", type=int, default=3, help="answers per question (default 3)")
    parser.add_argument("question", nargs="*", help="the question; without it, one question per stdin line")


def run(args: argparse.Namespace) -> int:
    from bot.cli.logs import setup_logging

    setup_logging()  # jieba logs its dictionary loading at DEBUG on stderr; a one-shot command is quiet

    from bot.core.knowledge import Knowledge, city_code

    try:
        city = city_code(args.city)
    except ValueError as exc:
        print(exc, file=sys.stderr)
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

    from bot.core.i18n import translator
    from bot.services.duty import answer_duty_question

    render = translator().render
    for n, q in enumerate(questions):
        if n:
            print()
        reply = answer_duty_question(knowledge, q, city, unit=args.unit, role=args.role)
        print(render(reply))
        for row in reply.choices:
            for choice in row:
                print(f"  · {translator().label(choice)}")
    return 0


def _stdin_lines() -> list[str]:
    # Batch mode keeps one output line per input line, so blank lines are questions too.
    return [line.rstrip("\r\n") for line in sys.stdin]
