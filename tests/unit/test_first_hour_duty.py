"""Issue 15: a duty list holds the CDO's duties only; a plan's dated targets that have passed are marked."""

from __future__ import annotations

from datetime import date

from bot.core.i18n import translator
from bot.services import duty


def test_zhuhais_duty_list_keeps_the_operator_companys_task_on_a_line_of_its_own(knowledge):
    reply = duty.list_duties(knowledge, "zhuhai", "香洲区", "cdo")
    text = translator().render(reply)
    listed = [line for line in text.splitlines() if line[:1].isdigit()]
    assert [line.split(".", 1)[0] for line in listed] == ["1", "2", "3"]
    assert all("数字广东珠海分公司" not in line for line in listed)
    assert "共 3 项" in text
    [other] = [line for line in text.splitlines() if "数字广东珠海分公司" in line]
    assert "不属于首席数据官的职责" in other and "4. 加强数据运营支撑" in other


def test_a_cdo_who_is_the_subject_of_负责_keeps_the_duty(knowledge):
    text = translator().render(duty.list_duties(knowledge, "shenzhen", "福田区", "cdo"))
    assert "5. 加强人才队伍建设" in text and "不属于首席数据官的职责" not in text
    assert duty.other_party("负责协调本级政府或本部门数据的内外部共享") is None
    assert duty.other_party(
        "4.加强数据运营支撑。按照方案，数字广东珠海分公司负责组建团队。", "加强数据运营支撑"
    ) == ("数字广东珠海分公司")


def test_a_shenzhen_answer_marks_2022年4月前_as_passed(knowledge):
    reply = duty.answer_duty_question(knowledge, "培训要组织几次", "shenzhen", today=date(2026, 12, 1))
    text = translator().render(reply)
    assert "2022年4月前" in text and "已过" in text


def test_a_target_not_yet_passed_is_not_marked(knowledge):
    assert duty.passed_targets("在2022年4月前组织2次培训", date(2022, 4, 20)) == []
    assert duty.passed_targets("在2022年4月底前组织2次培训", date(2022, 5, 1)) == ["2022年4月底前"]
    assert duty.passed_targets("2022年底前完成", date(2023, 1, 2)) == ["2022年底前"]
