"""Every labelled line in _intake_cases parses to its expected fields (all reference times)."""

from __future__ import annotations

import pytest

from bot.core.intake import parse_activity
from tests.unit._intake_cases import CASES


def _ids() -> list[str]:
    return [f"{now:%Y-%m-%d} {case['text'][:24]}" for now, case in CASES]


@pytest.mark.parametrize(("now", "case"), CASES, ids=_ids())
def test_labelled_line_parses_to_its_expected_fields(now, case):
    out = parse_activity(case["text"], now).to_json()
    out["error"] = out["error"]["code"] if out["error"] else None
    expected = {k: v for k, v in case.items() if k != "text"}
    assert {k: out.get(k) for k in expected} == expected


def test_the_labelled_set_covers_enough_lines_and_all_kinds():
    kinds = {case["kind"] for _, case in CASES}
    assert len(CASES) >= 60
    assert kinds == {"training", "exchange_meeting", "report", None}
