"""The coordinator's views at city scale on PostgreSQL: no query may bind one parameter per record.

PostgreSQL's wire protocol caps a statement at 65,535 bound parameters; a view that ships a list
of activity ids to the server fails once a city's year holds more records than that. The rows are
inserted server-side (``INSERT … SELECT generate_series``) so the test stays quick.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.core.cities import load_cities
from bot.services import progress
from tests.unit._progress_cases import clock_at, seed

pytestmark = pytest.mark.postgres

RECORDS = 66_000  # more than the 65,535 parameters a PostgreSQL statement may carry
WITH_EVIDENCE = 1_000


@pytest.fixture
def factory(postgres_url):
    from storage.uow import uow_factory

    f = uow_factory(postgres_url)
    yield f
    f.dispose()


def _bulk_records(factory, unit_id: int, member_id: int) -> None:
    with factory() as uow:
        uow.session.execute(
            text(
                "INSERT INTO activities (unit_id, kind, date, title, original_text, entered_by,"
                " created_at, updated_at)"
                " SELECT :unit, 'training', DATE '2026-01-01' + (n % 300), '数据安全培训' || n, '', :member,"
                " now(), now() FROM generate_series(1, :n) AS n"
            ),
            {"unit": unit_id, "member": member_id, "n": RECORDS},
        )
        uow.session.execute(
            text(
                "INSERT INTO evidence (activity_id, telegram_file_id, file_unique_id, uploaded_by, created_at)"
                " SELECT id, 'f' || id, 'u' || id, :member, now() FROM activities"
                " WHERE unit_id = :unit ORDER BY id LIMIT :n"
            ),
            {"unit": unit_id, "member": member_id, "n": WITH_EVIDENCE},
        )
        uow.commit()


def test_the_overview_and_the_export_work_with_more_records_than_postgres_parameters(factory) -> None:
    people = seed(factory)
    _bulk_records(factory, people.cdo.unit_id, people.cdo.member_id)
    cities = load_cities()
    clock = clock_at(2026, 11, 24)

    overview = progress.city_overview(factory, clock, cities, people.coordinator)
    row = next(r for r in overview.rows if r.unit_name == "香洲区")
    assert (row.training_count, row.evidence_count) == (RECORDS, WITH_EVIDENCE)

    exported = progress.export_overview(factory, clock, cities, people.coordinator)
    assert len(exported.activities) == RECORDS
    assert sum(a.evidence_count for a in exported.activities) == WITH_EVIDENCE
    assert {a.entered_by for a in exported.activities} == {"香洲区首席数据官"}
