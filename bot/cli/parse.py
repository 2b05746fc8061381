"""``cdo-bot parse``: run the activity intake on one message (argv) or many (stdin, one per line).

Batch mode prints one JSON object per input line, blank lines included, so outputs stay aligned
with inputs. Only the standard library is imported at module level; the intake itself never
imports telegram or sqlalchemy, and dateparser only for Latin-script date words.
"""

from __future__ import annotations

import argparse
import json
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", help="reference time, ISO 8601 (default: now in Asia/Shanghai)")
    parser.add_argument("--json", action="store_true", help="one JSON object per message")
    parser.add_argument("text", nargs="*", help="the message; omit to read one message per stdin line")


def _human(result: dict) -> str:
    if result["error"]:
        err = result["error"]
        return f"{result['text']}\n  kind: {result['kind']}\n  error: {err['code']} ({err['detail']})"
    if result["kind"] is None:
        return f"{result['text']}\n  kind: none (not an activity log)"
    date = result["date"] + (" (assumed: no date given)" if result["date_assumed"] else "")
    lines = [
        result["text"],
        f"  kind: {result['kind']}",
        f"  date: {date}",
        f"  time: {result['time'] or '-'}",
        f"  attendees: {result['attendees'] if result['attendees'] is not None else '-'}",
        f"  title: {result['title']}",
        f"  location: {result['location'] or '-'}",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from bot.core.clock import SHANGHAI, parse_now
    from bot.core.intake import parse_activity

    try:
        now = parse_now(args.now).astimezone(SHANGHAI)  # "today" is a Shanghai day, whatever offset was typed
    except ValueError as exc:
        print(f"cdo-bot parse: bad --now: {exc}", file=sys.stderr)
        return 2
    sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    if args.text:
        messages = [" ".join(args.text)]
    else:
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
        messages = [line.rstrip("\r\n") for line in sys.stdin]
    for message in messages:
        result = parse_activity(message, now).to_json()
        if args.json:
            print(json.dumps(result, ensure_ascii=False), flush=False)
        else:
            print(_human(result))
    sys.stdout.flush()
    return 0
