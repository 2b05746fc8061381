"""The duty service: which reply each kind of question gets, and that every reply renders."""

from __future__ import annotations

from bot.core.i18n import translator
from bot.services.duty import (
    CITY_PREFIX,
    CLAUSE_PREFIX,
    SUGGEST_PREFIX,
    answer_duty_question,
    list_duties,
    show_clause,
)


def render(reply) -> str:
    return translator().render(reply)


def test_a_found_clause_is_quoted_with_its_place_and_document_number(knowledge):
    reply = answer_duty_question(knowledge, "一票否决权是什么", "zhuhai")
    assert reply.key == "duty.answer"
    text = render(reply)
    assert "主要任务（二）1" in text and "珠府办函〔2021〕63号" in text
    assert "对项目建设是否符合数据资源治理和共享要求" in text


def test_other_candidates_are_offered_as_clause_buttons(knowledge):
    reply = answer_duty_question(knowledge, "首席数据官由谁任免", "zhuhai")
    data = [c.data for row in reply.choices for c in row]
    assert data and all(d.startswith(CLAUSE_PREFIX) for d in data)
    assert all(len(d.encode()) <= 64 for d in data)  # Telegram's callback data limit


def test_duty_question_lists_titles_and_gists_for_a_cdo(knowledge):
    reply = answer_duty_question(knowledge, "我的职责有哪些", "zhuhai", role="cdo")
    assert reply.key == "duty.list.cdo"
    text = render(reply)
    for title in ("统筹数据管理工作", "协助推进数字政府建设", "实施常态化指导监督", "加强数据运营支撑"):
        assert title in text
    assert "共 3 项" in text  # item 4 is the operator company's (数字广东珠海分公司), on its own line


def test_the_header_depends_on_role_and_unit(knowledge):
    assert list_duties(knowledge, "zhuhai", role="staff").key == "duty.list.staff"
    assert list_duties(knowledge, "zhuhai", role="coordinator").key == "duty.list.general"
    unit_reply = list_duties(knowledge, "shenzhen", unit="南山区", role="cdo")
    assert unit_reply.key == "duty.list.cdo_unit"
    assert "南山区首席数据官" in render(unit_reply)


def test_asking_about_another_citys_cdo_is_not_answered_as_your_own_duties(knowledge):
    reply = answer_duty_question(knowledge, "深圳的首席数据官要干什么", "zhuhai", "市公安局", "cdo")
    text = render(reply)
    assert text.startswith("《深圳市首席数据官制度试点实施方案》规定的首席数据官职责（共 6 项）")
    assert "您作为" not in text
    own = render(answer_duty_question(knowledge, "我的职责有哪些", "zhuhai", "市公安局", "cdo"))
    assert own.startswith("您作为市公安局首席数据官的职责")


def test_a_district_named_in_the_question_shows_its_focus_not_the_askers(knowledge):
    text = render(answer_duty_question(knowledge, "福田区首席数据官负责什么", "shenzhen", "南山区", "cdo"))
    assert "▶ 福田区重点" in text and "南山区重点" not in text and "您作为" not in text


def test_a_shenzhen_district_sees_its_focus_sentence(knowledge):
    text = render(answer_duty_question(knowledge, "我负责什么", "shenzhen", unit="福田区"))
    assert "深港科技创新合作区" in text
    assert "共 6 项" in text


def test_duty_list_without_a_city_asks_for_one(knowledge):
    reply = answer_duty_question(knowledge, "我的职责有哪些", None)
    assert reply.key == "duty.choose_city"
    assert {c.data for row in reply.choices for c in row} == {
        CITY_PREFIX + "zhuhai",
        CITY_PREFIX + "shenzhen",
    }
    assert "珠海" in {translator().label(c) for row in reply.choices for c in row}


def test_out_of_scope_gets_example_questions_and_no_buttons(knowledge):
    reply = answer_duty_question(knowledge, "今天天气怎么样", "zhuhai")
    assert reply.key == "duty.not_in_plans"
    assert reply.choices == ()
    assert "我的职责有哪些" in render(reply)


def test_a_weak_match_offers_suggestions_as_buttons(knowledge):
    reply = answer_duty_question(knowledge, "首席数据官的培训经费", "zhuhai")
    assert reply.key == "duty.suggest"
    data = [c.data for row in reply.choices for c in row]
    assert data and all(d.startswith(SUGGEST_PREFIX) for d in data)
    clause_id = data[0].removeprefix(SUGGEST_PREFIX)
    shown = show_clause(knowledge, clause_id)
    assert shown.key == "duty.answer" and shown.literal == knowledge.clause(clause_id).text


def test_a_stale_clause_button_is_answered_politely(knowledge):
    assert show_clause(knowledge, "zhuhai.c99").key == "duty.unknown_clause"


def test_every_duty_reply_key_is_translated(knowledge):
    keys = [
        "duty.answer",
        "duty.list.cdo",
        "duty.list.cdo_unit",
        "duty.list.staff",
        "duty.list.general",
        "duty.suggest",
        "duty.not_in_plans",
        "duty.choose_city",
        "duty.city.zhuhai",
        "duty.city.shenzhen",
        "duty.unknown_clause",
    ]
    for key in keys:
        assert translator().gettext(key) != key, key
