"""Personal reminder settings: hour, 出差/休假, mute — validated, audited, shown as a card with buttons."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.services import settings
from bot.services.errors import ValidationFailed
from tests.integration._outbox_helpers import seed_zhuhai

NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12月1日 12月5日", (date(2026, 12, 1), date(2026, 12, 5))),
        ("12月1日至12月5日", (date(2026, 12, 1), date(2026, 12, 5))),
        ("2026-12-28 到 2027-01-03", (date(2026, 12, 28), date(2027, 1, 3))),
        ("12月28日 1月3日", (date(2026, 12, 28), date(2027, 1, 3))),
    ],
)
def test_away_ranges_are_read_in_the_usual_ways(text: str, expected: tuple[date, date]) -> None:
    assert settings.parse_away(text, NOW) == expected


def test_a_single_day_or_nonsense_is_not_an_away_range() -> None:
    with pytest.raises(ValidationFailed):
        settings.parse_away("12月1日", NOW)


def test_settings_are_validated_stored_and_audited(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NOW)
    with pytest.raises(ValidationFailed):
        settings.set_reminder_hour(sqlite_uow_factory, clock, people.cdo, 24)
    with pytest.raises(ValidationFailed):
        settings.set_away(sqlite_uow_factory, clock, people.cdo, date(2026, 12, 5), date(2026, 12, 1))
    with pytest.raises(ValidationFailed):
        settings.set_away(sqlite_uow_factory, clock, people.cdo, date(2026, 11, 1), date(2026, 11, 3))
    settings.set_reminder_hour(sqlite_uow_factory, clock, people.cdo, 8)
    settings.set_away(sqlite_uow_factory, clock, people.cdo, date(2026, 12, 1), date(2026, 12, 5))
    now = settings.set_mute(sqlite_uow_factory, clock, people.cdo, True)
    assert now == settings.PersonalSettings(8, False, date(2026, 12, 1), date(2026, 12, 5), True)
    with sqlite_uow_factory() as uow:
        trail = uow.audit.of_entity("member_settings", people.cdo.member_id)
    assert (trail[0].before["reminder_hour"], trail[0].after["reminder_hour"]) == (None, 8)
    assert trail[-1].after["mute_nudges"] is True and len(trail) == 3


def test_the_card_says_what_is_set_and_its_buttons_change_it(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NOW)
    card = settings.settings_reply(settings.get_settings(sqlite_uow_factory, people.cdo))
    text = translator().render(card)
    assert "每天 9:00" in text and "未设置" in text and "正常提醒" in text
    assert [c.data for c in card.choices[1]] == ["set:mute:on"]
    muted = settings.press_settings_button(sqlite_uow_factory, clock, people.cdo, "set:mute:on")
    assert muted.key == "settings.card.muted" and [c.data for c in muted.choices[1]] == ["set:mute:off"]
    settings.set_away(sqlite_uow_factory, clock, people.cdo, date(2026, 12, 1), date(2026, 12, 5))
    card = settings.press_settings_button(sqlite_uow_factory, clock, people.cdo, "set:hour:14")
    assert card.key == "settings.card.away.muted" and card.choices[-1][0].data == "set:away:clear"
    assert "每天 14:00" in translator().render(card)
    cleared = settings.press_settings_button(sqlite_uow_factory, clock, people.cdo, "set:away:clear")
    assert cleared.key == "settings.card.muted"
    with pytest.raises(ValidationFailed):
        settings.press_settings_button(sqlite_uow_factory, clock, people.cdo, "set:hour:noon")
