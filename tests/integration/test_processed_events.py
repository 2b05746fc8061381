"""The processed-events ledger on SQLite and PostgreSQL: an update's effect and its ledger row commit together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.events import DuplicateEvent, handling_event
from storage.models import Unit

AT = datetime(2026, 12, 2, 1, tzinfo=UTC)


def _add_unit(factory, name: str) -> None:
    with factory() as uow:
        uow.units.add(Unit(city="zhuhai", name=name, kind="department"))
        uow.commit()


def _unit_names(factory) -> list[str]:
    with factory() as uow:
        return [u.name for u in uow.units.all()]


def test_a_write_inside_an_event_records_the_event_in_the_same_commit(uow_factory):
    with handling_event("telegram", 41):
        _add_unit(uow_factory, "甲局")
    with uow_factory() as uow:
        assert uow.events.seen("telegram", "41")
        assert not uow.events.seen("wecom", "41")


def test_a_redelivered_event_cannot_write_a_second_time(uow_factory):
    with handling_event("telegram", 42):
        _add_unit(uow_factory, "甲局")
    with pytest.raises(DuplicateEvent), handling_event("telegram", 42):
        _add_unit(uow_factory, "乙局")
    assert _unit_names(uow_factory) == ["甲局"]


def test_several_commits_of_one_event_record_it_once(uow_factory):
    with handling_event("telegram", 43):
        _add_unit(uow_factory, "甲局")
        _add_unit(uow_factory, "乙局")
    assert sorted(_unit_names(uow_factory)) == ["乙局", "甲局"]


def test_a_read_only_event_leaves_no_row_and_may_be_handled_again(uow_factory):
    with handling_event("telegram", 44), uow_factory() as uow:
        uow.units.all()
        uow.commit()
    with uow_factory() as uow:
        assert not uow.events.seen("telegram", "44")


def test_outside_an_event_commits_record_nothing(uow_factory):
    _add_unit(uow_factory, "甲局")
    with uow_factory() as uow:
        assert uow.events.forget_before(datetime(2100, 1, 1, tzinfo=UTC)) == 0


def test_claim_is_an_insert_ignore_for_adapters_that_record_on_receipt(uow_factory):
    with uow_factory() as uow:
        assert uow.events.claim("wecom", "7360000000000000001", AT) is True
        assert uow.events.claim("wecom", "7360000000000000001", AT) is False
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.claim("wecom", "7360000000000000001", AT) is False
        assert uow.events.claim("telegram", "7360000000000000001", AT) is True
        assert uow.events.forget_before(datetime(2026, 12, 3, tzinfo=UTC)) == 2


def test_an_id_older_than_the_redelivery_window_is_new_again(uow_factory):
    from bot.services.events import REDELIVERY_WINDOW, already_handled
    from storage.models import ProcessedEvent

    with uow_factory() as uow:
        old = datetime.now(UTC) - REDELIVERY_WINDOW - timedelta(hours=1)
        uow.events.add(ProcessedEvent(platform="telegram", event_id="45", processed_at=old))
        uow.commit()
    assert not already_handled(uow_factory, "telegram", 45)
    with handling_event("telegram", 45):
        _add_unit(uow_factory, "甲局")  # Telegram reused the id after a quiet week: applied
    assert already_handled(uow_factory, "telegram", 45)
    assert _unit_names(uow_factory) == ["甲局"]


def test_old_ledger_rows_are_forgotten_by_the_sync_tick(uow_factory):
    from bot.core.clock import FixedClock
    from bot.services.events import REDELIVERY_WINDOW, forget_old
    from storage.models import ProcessedEvent

    now = datetime(2026, 12, 2, 1, tzinfo=UTC)
    with uow_factory() as uow:
        for event_id, age in (
            ("old", 2 * REDELIVERY_WINDOW + timedelta(hours=1)),
            ("recent", timedelta(hours=1)),
        ):
            uow.events.add(ProcessedEvent(platform="telegram", event_id=event_id, processed_at=now - age))
        uow.commit()
    assert forget_old(uow_factory, FixedClock(now)) == 1
    with uow_factory() as uow:
        assert uow.events.seen("telegram", "recent") and not uow.events.seen("telegram", "old")


def test_every_new_factory_records_the_ledger_even_after_earlier_ones_were_collected(tmp_path):
    """A garbage-collected factory's id is reused by a new one: the new one must still note writes.

    Before the listeners moved to ``WriteTrackingSession``, ``event.contains`` found the dead
    factory's registration under the reused id, skipped registering, and about two in three new
    factories wrote no ledger row (a redelivered ``/schedule`` made a second meeting).
    """
    import gc

    from storage.migrate import upgrade
    from storage.uow import uow_factory as make_factory

    url = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    upgrade(url)
    unrecorded = []
    for attempt in range(40):
        factory = make_factory(url)
        with handling_event("telegram", 9000 + attempt):
            _add_unit(factory, f"局{attempt}")
        with factory() as uow:
            if not uow.events.seen("telegram", str(9000 + attempt)):
                unrecorded.append(attempt)
        factory.dispose()
        del factory
        gc.collect()
    assert unrecorded == []
