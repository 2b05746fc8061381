"""Issue 15, "files and commands": the words after a command, read in the service layer (bot.services.commands)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.clock import SHANGHAI
from bot.core.i18n import translator
from bot.services import settings
from bot.services.errors import ValidationFailed

NOW = datetime(2026, 12, 1, 10, tzinfo=SHANGHAI)


@pytest.mark.parametrize("text", ["12月20日 12月10日", "2026-12-20 2026-12-10", "12月20日 至 11月1日"])
def test_an_away_range_written_the_wrong_way_round_is_refused_not_moved_to_next_year(text):
    with pytest.raises(ValidationFailed) as info:
        settings.parse_away(text, NOW)
    assert info.value.key == "settings.away_reversed"
    message = translator().render(info.value.reply())
    assert "2026-12-20" in message and "早于" in message


def test_a_short_trip_over_the_new_year_still_ends_next_year():
    first, last = settings.parse_away("12月28日 1月3日", NOW)
    assert (first.isoformat(), last.isoformat()) == ("2026-12-28", "2027-01-03")
