"""Loading city files: strict validation with messages a coordinator can act on."""

from pathlib import Path

import pytest

from bot.core.cities import CityFileError, MonthDay, load_cities, resolve_city

MINIMAL = """
code = "testcity"
name = "测试市"
aliases = ["测试"]
bureau = "市政务服务数据管理局"

[document]
title = "测试市首席数据官制度试点实施方案"
number = "测府办函〔2026〕1号"
date = 2026-01-15

[[units]]
name = "市公安局"
kind = "department"
aliases = ["公安局"]

[[units]]
name = "市政务服务数据管理局"
kind = "bureau"
pilot = false

[[rules]]
key = "summary_report"
kind = "summary_report"
title = "工作总结报告"
who = "cdo"
yearly = ["06-30"]
clause = "《测试市首席数据官制度试点实施方案》三、2"
"""


def write_city(folder: Path, text: str, name: str = "testcity.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    write_city(tmp_path, text)
    with pytest.raises(CityFileError) as info:
        load_cities(tmp_path)
    return str(info.value)


def test_a_new_city_file_in_a_folder_is_picked_up_with_the_default_quarterly_cadence(tmp_path):
    write_city(tmp_path, MINIMAL)
    cities = load_cities(tmp_path)
    city = cities["testcity"]
    assert city.name == "测试市"
    assert city.meeting_cadence_months == 3
    cadence = [r for r in city.rules if r.kind == "exchange_meeting_cadence"]
    assert len(cadence) == 1 and cadence[0].is_default and cadence[0].every_months == 3
    assert city.rule("summary_report").yearly == (MonthDay(6, 30),)
    assert city.rule("summary_report").offsets == (14, 7, 3, 1, 0)


def test_a_city_with_its_own_cadence_keeps_it(tmp_path):
    text = (
        MINIMAL
        + """
[[rules]]
key = "meetings"
kind = "exchange_meeting_cadence"
title = "交流会"
who = "cdo"
every_months = 4
clause = "《测试市方案》五"
"""
    )
    write_city(tmp_path, text)
    city = load_cities(tmp_path)["testcity"]
    assert city.meeting_cadence_months == 4
    assert [r.key for r in city.rules if r.kind == "exchange_meeting_cadence"] == ["meetings"]


def test_an_unknown_key_names_the_file_the_rule_and_the_allowed_keys(tmp_path):
    message = load_error(
        tmp_path, MINIMAL.replace('yearly = ["06-30"]', 'yearly = ["06-30"]\ndue_date = "06-30"')
    )
    assert "testcity.toml" in message
    assert "'summary_report'" in message
    assert "unknown key 'due_date'" in message
    assert "offsets" in message  # the allowed keys are listed


def test_february_the_thirtieth_is_rejected(tmp_path):
    message = load_error(tmp_path, MINIMAL.replace('"06-30"', '"02-30"'))
    assert "'02-30' is not a real date" in message


def test_february_the_twenty_ninth_falls_on_the_twenty_eighth_in_common_years(tmp_path):
    write_city(tmp_path, MINIMAL.replace('"06-30"', '"02-29"'))
    rule = load_cities(tmp_path)["testcity"].rule("summary_report")
    assert rule.yearly[0].in_year(2028).day == 29
    assert rule.yearly[0].in_year(2027).day == 28


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('kind = "summary_report"', 'kind = "summary"'), "'summary' is not one of"),
        (('who = "cdo"', 'who = "everyone"'), "'everyone' is not one of"),
        (('yearly = ["06-30"]', 'yearly = ["6/30"]'), "not a date of the form"),
        (('yearly = ["06-30"]', 'yearly = ["06-30"]\nonce = [2026-06-30]'), "exactly one of"),
        (('clause = "《测试市首席数据官制度试点实施方案》三、2"', ""), "missing key 'clause'"),
        (("date = 2026-01-15", "date = 2026-02-30"), "not valid TOML"),
        (('kind = "bureau"', 'kind = "department"'), "must also be listed in [[units]]"),
        (('aliases = ["公安局"]', 'aliases = ["公安局", "市政务服务数据管理局"]'), "names both"),
        (('yearly = ["06-30"]', 'yearly = ["06-30"]\noffsets = [7, -1]'), "whole number ≥ 0"),
    ],
)
def test_mistakes_are_reported_clearly(tmp_path, change, expected):
    old, new = change
    assert old in MINIMAL
    assert expected in load_error(tmp_path, MINIMAL.replace(old, new))


def test_a_duplicate_rule_key_is_rejected(tmp_path):
    rule = MINIMAL[MINIMAL.index("[[rules]]") :]
    assert "used twice" in load_error(tmp_path, MINIMAL + rule)


def test_a_meeting_cadence_must_divide_the_year(tmp_path):
    text = (
        MINIMAL
        + """
[[rules]]
key = "meetings"
kind = "exchange_meeting_cadence"
title = "交流会"
who = "cdo"
every_months = 5
clause = "x"
"""
    )
    assert "must divide 12" in load_error(tmp_path, text)


def test_a_quota_checkpoint_needs_a_real_date_and_a_count(tmp_path):
    text = (
        MINIMAL
        + """
[[rules]]
key = "training"
kind = "training_quota"
title = "培训"
who = "cdo"
checkpoints = [{ on = "13-01", at_least = 1 }]
clause = "x"
"""
    )
    assert "'13-01' is not a real date" in load_error(tmp_path, text)
    assert "≥ 1" in load_error(tmp_path, text.replace('"13-01", at_least = 1', '"12-01", at_least = 0'))


def test_two_files_with_the_same_code_are_rejected(tmp_path):
    write_city(tmp_path, MINIMAL, "a.toml")
    write_city(tmp_path, MINIMAL, "b.toml")
    with pytest.raises(CityFileError, match="already used"):
        load_cities(tmp_path)


def test_files_starting_with_an_underscore_are_not_cities(tmp_path):
    write_city(tmp_path, MINIMAL)
    write_city(
        tmp_path,
        '[[rules]]\nkey = "m"\nkind = "exchange_meeting_cadence"\ntitle = "会"\nwho = "cdo"\n'
        'every_months = 2\nclause = "默认"\n',
        "_defaults.toml",
    )
    cities = load_cities(tmp_path)
    assert list(cities) == ["testcity"]
    assert cities["testcity"].meeting_cadence_months == 2  # the folder's own defaults win


@pytest.mark.parametrize("text", ["zhuhai", "ZhuHai", "珠海", "珠海市", " 珠海市 "])
def test_zhuhai_is_found_by_code_short_name_or_full_name(text):
    city = resolve_city(text)
    assert city is not None and city.code == "zhuhai"


def test_an_unknown_city_resolves_to_none():
    assert resolve_city("广州") is None


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("市公安局", "市公安局"),
        ("公安局", "市公安局"),
        ("珠海市公安局", "市公安局"),
        ("珠海公安局", "市公安局"),
        ("人社局", "市人力资源社会保障局"),
        ("横琴", "横琴新区"),
        ("政数局", "市政务服务数据管理局"),
    ],
)
def test_units_are_found_by_name_alias_or_with_the_city_in_front(text, unit):
    found = resolve_city("珠海").find_unit(text)
    assert found is not None and found.name == unit


def test_an_unknown_unit_is_none():
    zhuhai = resolve_city("zhuhai")
    assert zhuhai.find_unit("市气象局") is None  # a Shenzhen pilot, not a Zhuhai one
    assert zhuhai.find_unit("") is None
    assert resolve_city("shenzhen").find_unit("气象局").name == "市气象局"


def test_loading_is_cached():
    assert load_cities()["zhuhai"] is load_cities()["zhuhai"]


def test_an_edited_file_is_reloaded_without_a_restart(tmp_path):
    path = write_city(tmp_path, MINIMAL)
    assert load_cities(tmp_path)["testcity"].rule("summary_report").yearly == (MonthDay(6, 30),)
    path.write_text(MINIMAL.replace('"06-30"', '"06-30", "12-15"') + "\n", encoding="utf-8")
    assert load_cities(tmp_path)["testcity"].rule("summary_report").yearly == (
        MonthDay(6, 30),
        MonthDay(12, 15),
    )
