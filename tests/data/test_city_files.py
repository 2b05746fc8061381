"""The shipped city files: they load, list the pilot units of the plans, and quote the plans verbatim."""

import re

import pytest

from bot.core import paths
from bot.core.cities import load_cities

ZHUHAI_PILOTS = [
    "横琴新区", "香洲区", "金湾区", "斗门区", "高新区",
    "市工业和信息化局", "市公安局", "市人力资源社会保障局", "市自然资源局", "市生态环境局",
    "市住房城乡建设局", "市审计局", "市市场监管局", "市医保局", "市金融工作局",
]  # fmt: skip
SHENZHEN_PILOTS = [
    "市政府",
    "市公安局", "市人力资源保障局", "市规划和自然资源局", "市生态环境局",
    "市市场监管局", "市医保局", "市地方金融监管局", "市气象局",
    "福田区", "南山区", "宝安区", "坪山区",
]  # fmt: skip


def policy_text(city) -> str:
    return re.sub(r"\s+", "", (paths.policies_dir() / city.document.policy_file).read_text(encoding="utf-8"))


def test_both_cities_load():
    assert set(load_cities()) >= {"zhuhai", "shenzhen"}


@pytest.mark.parametrize(("code", "pilots"), [("zhuhai", ZHUHAI_PILOTS), ("shenzhen", SHENZHEN_PILOTS)])
def test_the_pilot_units_are_those_of_the_plan(code, pilots):
    city = load_cities()[code]
    assert [u.name for u in city.pilot_units] == pilots
    text = policy_text(city)
    for unit in city.pilot_units:
        # Shenzhen's plan lists its departments after one leading 市 ("市公安局、人力资源保障局…").
        assert unit.name in text or unit.name.removeprefix("市") in text, unit.name


@pytest.mark.parametrize("code", ["zhuhai", "shenzhen"])
def test_the_bureau_is_a_coordinator_unit_not_a_pilot(code):
    city = load_cities()[code]
    (bureau,) = [u for u in city.units if u.kind == "bureau"]
    assert (bureau.name, bureau.pilot) == ("市政务服务数据管理局", False)
    assert city.bureau == bureau.name
    assert city.find_unit("政数局") == bureau


@pytest.mark.parametrize("code", ["zhuhai", "shenzhen"])
def test_the_document_matches_the_policy_text(code):
    city = load_cities()[code]
    text = policy_text(city)
    assert city.document.number in text
    assert city.document.title in text
    assert f"{city.document.date.year}年{city.document.date.month}月{city.document.date.day}日" in text


@pytest.mark.parametrize("code", ["zhuhai", "shenzhen"])
def test_every_rule_cites_its_plan_and_quotes_it_verbatim(code):
    city = load_cities()[code]
    text = policy_text(city)
    for rule in city.rules:
        if rule.is_default:
            continue
        assert rule.clause.startswith(f"《{city.document.title}》"), rule.key
        assert rule.quote, rule.key
        assert re.sub(r"\s+", "", rule.quote) in text, rule.key


def test_zhuhai_obligations_are_those_of_its_plan():
    city = load_cities()["zhuhai"]
    report = city.rule("summary_report")
    assert [str(d) for d in report.yearly] == ["05-31", "11-30"]
    assert report.offsets == (14, 7, 3, 1, 0)
    assert city.rule("annual_evaluation").month == 12
    quota = city.rule("training_quota")
    assert quota.per_year == 2
    assert [(str(c.on), c.at_least) for c in quota.checkpoints] == [("06-30", 1), ("10-01", 2), ("12-01", 2)]
    assert city.meeting_cadence_months == 6


def test_shenzhen_is_historical_with_the_default_quarterly_cadence():
    city = load_cities()["shenzhen"]
    dated = [r for r in city.rules if not r.is_default]
    assert all(r.historical for r in dated)
    assert {r.kind for r in dated} == {"summary_report", "training_quota", "custom"}
    assert city.meeting_cadence_months == 3
