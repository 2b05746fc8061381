"""City rules expand into dated obligations; coordinators' overrides merge with them."""

from dataclasses import replace
from datetime import date

from bot.core.cities import load_cities
from bot.core.obligations import custom_deadline, expand_occurrences, moved_deadline


def zhuhai():
    return load_cities()["zhuhai"]


def summary(occurrences):
    return [(o.due, o.rule_key, o.period_key, o.checkpoint) for o in occurrences]


def test_zhuhai_from_late_november_2026_to_mid_2027():
    found = expand_occurrences(zhuhai(), date(2026, 11, 23), date(2027, 7, 1))
    assert summary(found) == [
        (date(2026, 11, 30), "summary_report", "2026-11-30", None),
        (date(2026, 12, 1), "training_quota", "2026", "12-01"),
        (date(2026, 12, 31), "annual_evaluation", "2026-12", None),
        (date(2027, 1, 1), "exchange_meeting", "2027-H1", None),
        (date(2027, 5, 31), "summary_report", "2027-05-31", None),
        (date(2027, 6, 30), "training_quota", "2027", "06-30"),
        (date(2027, 7, 1), "exchange_meeting", "2027-H2", None),
    ]


def test_every_occurrence_carries_the_city_and_its_clause():
    for occurrence in expand_occurrences(zhuhai(), date(2026, 1, 1), date(2026, 12, 31)):
        assert occurrence.city == "zhuhai"
        assert occurrence.clause.startswith("《珠海市首席数据官制度试点实施方案》")


def test_the_december_evaluation_is_a_month_window_opening_on_the_first():
    (evaluation,) = [
        o
        for o in expand_occurrences(zhuhai(), date(2026, 1, 1), date(2026, 12, 31))
        if o.kind == "annual_evaluation"
    ]
    assert (evaluation.opens, evaluation.due, evaluation.who) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
        "all",
    )


def test_the_half_year_cadence_has_two_periods_and_the_default_one_has_four():
    periods = [
        (o.period_key, o.opens, o.closes)
        for o in expand_occurrences(zhuhai(), date(2027, 1, 1), date(2027, 12, 31))
        if o.kind == "exchange_meeting_cadence"
    ]
    assert periods == [
        ("2027-H1", date(2027, 1, 1), date(2027, 7, 1)),
        ("2027-H2", date(2027, 7, 1), date(2028, 1, 1)),
    ]
    # A city file without a cadence of its own gets the default (深圳 opts out: its plan names two meetings).
    from dataclasses import replace

    from bot.core.cities import _load_defaults, paths

    (default,) = _load_defaults(paths.cities_dir() / "_defaults.toml")
    shenzhen = load_cities()["shenzhen"]
    assert all(r.kind != "exchange_meeting_cadence" for r in shenzhen.rules)
    with_default = replace(shenzhen, rules=(*shenzhen.rules, default))
    quarters = [
        o.period_key
        for o in expand_occurrences(with_default, date(2027, 1, 1), date(2027, 12, 31))
        if o.kind == "exchange_meeting_cadence"
    ]
    assert quarters == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]


def test_shenzhens_plan_cycle_is_historical_and_only_its_cadence_recurs():
    shenzhen = load_cities()["shenzhen"]
    old = expand_occurrences(shenzhen, date(2022, 1, 1), date(2022, 4, 30))
    assert {(o.rule_key, o.due, o.historical) for o in old if o.kind != "exchange_meeting_cadence"} == {
        ("summary_report_2022", date(2022, 4, 30), True),
        ("training_2022", date(2022, 4, 30), True),
        ("exchange_meetings_2022", date(2022, 4, 30), True),
    }
    (training,) = [o for o in old if o.rule_key == "training_2022"]
    assert (training.count_from, training.at_least) == (date(2021, 8, 3), 2)
    now = expand_occurrences(shenzhen, date(2026, 1, 1), date(2026, 12, 31))
    assert now == []  # the plan's own cycle has ended and it sets no meeting cadence
    assert expand_occurrences(shenzhen, date(2022, 1, 1), date(2022, 4, 30), include_historical=False) == [
        o for o in old if not o.historical
    ]


def test_a_moved_deadline_keeps_its_identity_and_replaces_the_file_date():
    city = zhuhai()
    (original,) = [o for o in expand_occurrences(city, date(2026, 11, 1), date(2026, 11, 30))]
    moved = moved_deadline(original, date(2026, 12, 4))
    found = expand_occurrences(city, date(2026, 11, 1), date(2026, 12, 31), extra=[moved])
    reports = [o for o in found if o.kind == "summary_report"]
    assert [(o.due, o.period_key, o.override) for o in reports] == [(date(2026, 12, 4), "2026-11-30", True)]


def test_a_deadline_moved_out_of_the_range_disappears_from_it():
    city = zhuhai()
    (original,) = expand_occurrences(city, date(2026, 11, 1), date(2026, 11, 30))
    later = moved_deadline(original, date(2027, 1, 15))
    assert expand_occurrences(city, date(2026, 11, 1), date(2026, 11, 30), extra=[later]) == []


def test_a_removed_period_is_gone_and_others_stay():
    found = expand_occurrences(
        zhuhai(),
        date(2027, 1, 1),
        date(2027, 12, 31),
        removed={("summary_report", "2027-05-31"), ("training_quota", "2027")},
    )
    assert [o.period_key for o in found if o.kind == "summary_report"] == ["2027-11-30"]
    assert not [o for o in found if o.kind == "training_quota"]


def test_a_coordinators_custom_deadline_is_merged_in_date_order():
    city = zhuhai()
    extra = custom_deadline(
        city, "data_census", "数据普查登记", date(2026, 12, 10), "主要任务（二）1", offsets=[3, 0, 3]
    )
    found = expand_occurrences(city, date(2026, 11, 23), date(2026, 12, 31), extra=[extra])
    assert [o.rule_key for o in found] == [
        "summary_report",
        "training_quota",
        "data_census",
        "annual_evaluation",
    ]
    assert found[2].offsets == (3, 0)
    assert found[2].period_key == "2026-12-10"


def test_overrides_for_another_city_are_ignored():
    city = zhuhai()
    other = replace(custom_deadline(city, "x", "x", date(2026, 12, 10), "c"), city="shenzhen")
    assert all(
        o.rule_key != "x"
        for o in expand_occurrences(city, date(2026, 12, 1), date(2026, 12, 31), extra=[other])
    )
