"""One check for the intake probe tables (rows of line, kind, day, clock, attendees).

Why shared: the probe modules of each intake round read their rows the same way; ``...`` in a
row means "not checked", and the clock and the count are only checked of a line that logs an
activity (a line that logs nothing may still carry the day and clock it mentions).
"""

from __future__ import annotations

from bot.core.intake import parse_activity
from tests.unit._intake_cases import NOW_A


def check_probe(line, kind, day, clock, attendees):
    out = parse_activity(line, NOW_A).to_json()
    assert out["kind"] == kind, out
    if day is not ...:
        assert out["date"] == day, out
    if kind is not None:
        if clock is not ...:
            assert out["time"] == clock, out
        if attendees is not ...:
            assert out["attendees"] == attendees, out
