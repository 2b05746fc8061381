"""``cdo-bot ask``: one question from argv, a batch from stdin, JSON lines the scorer can read."""

from __future__ import annotations

import io
import json

from bot.cli import main


def test_batch_mode_answers_one_json_line_per_input_line(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("一票否决权是什么\n今天天气怎么样\n\n我的职责有哪些\n"))
    assert main(["ask", "--city", "珠海", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 4
    veto, weather, blank, duties = lines
    assert veto["city"] == "zhuhai" and veto["confident"] is True
    assert veto["answers"][0]["source"] == "《珠海市首席数据官制度试点实施方案》 珠府办函〔2021〕63号"
    assert veto["answers"][0]["section"] == "《珠海市首席数据官制度试点实施方案》 主要任务（二）1"
    assert weather["confident"] is False and weather["answers"] == []
    assert blank["confident"] is False and blank["answers"] == []
    assert len(duties["answers"]) == 4


def test_one_question_from_argv_prints_the_clause_for_people(capsys):
    assert main(["ask", "--city", "shenzhen", "工作总结报告什么时候交"]) == 0
    out = capsys.readouterr().out
    assert "2022年4月底前" in out
    assert "四、主要任务（三）2" in out and "深府办函〔2021〕71号" in out


def test_role_and_unit_change_the_duty_list_header(capsys):
    assert main(["ask", "--city", "深圳", "--role", "cdo", "--unit", "坪山区", "我的职责有哪些"]) == 0
    out = capsys.readouterr().out
    assert "坪山区首席数据官" in out and "首席隐私官" in out


def test_an_unknown_city_is_a_usage_error(capsys):
    assert main(["ask", "--city", "广州", "--json", "一票否决权是什么"]) == 2
    assert "广州" in capsys.readouterr().err
