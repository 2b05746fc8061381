"""The work-summary draft (/summary): what it contains, opened as Word would, and who may have it."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from docx import Document

from bot.core.cities import load_cities
from bot.core.clock import SHANGHAI
from bot.services import summary
from bot.services.errors import NotAuthorized, UnknownUnit, ValidationFailed
from bot.services.summary_document import BLANK_MARK, summary_docx
from storage.models import Evidence
from tests.integration._outbox_helpers import add_member
from tests.unit._progress_cases import add_activity, add_meeting, clock_at, seed


@pytest.fixture
def cities():
    return load_cities()


@pytest.fixture
def people(sqlite_uow_factory):
    return seed(sqlite_uow_factory)


def add_file(uow_factory, activity_id: int, name: str, uploaded_by: int, on: date) -> None:
    with uow_factory() as uow:
        uow.activities.add_evidence(
            Evidence(
                activity_id=activity_id,
                telegram_file_id=f"file-{name}",
                file_unique_id=f"unique-{name}",
                file_name=name,
                uploaded_by=uploaded_by,
                created_at=datetime(on.year, on.month, on.day, 12, tzinfo=SHANGHAI),
            )
        )
        uow.commit()


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph, in order."""
    return [(p.style.name, p.text) for p in Document(io.BytesIO(data)).paragraphs]


def section_of(paras: list[tuple[str, str]], heading: str) -> list[str]:
    """The texts between the heading that contains ``heading`` and the next heading of its level or above."""
    start = next(i for i, (_s, t) in enumerate(paras) if heading in t and _s.startswith("Heading"))
    level = paras[start][0]
    found = []
    for style, text in paras[start + 1 :]:
        if style.startswith("Heading") and style <= level:
            break
        found.append(text)
    return found


def zhuhai_summary(uow_factory, people, cities, knowledge, actor=None, **kwargs) -> summary.WorkSummary:
    return summary.work_summary(
        uow_factory, clock_at(2026, 11, 24), cities, knowledge, actor or people.cdo, **kwargs
    )


@pytest.fixture
def zhuhai_records(sqlite_uow_factory, people):
    f = sqlite_uow_factory
    governance = add_activity(f, people.cdo, "training", date(2026, 7, 15), "数据治理培训", attendees=30)
    add_activity(f, people.cdo, "training", date(2026, 3, 5), "数据普查登记培训")  # the H1 report's
    add_activity(f, people.cdo, "exchange_meeting", date(2026, 9, 8), "数字政府建设推进会")
    add_activity(f, people.cdo, "training", date(2026, 10, 20), "数据安全培训", attendees=45)
    add_activity(f, people.cdo, "training", date(2026, 8, 1), "已删除的培训", deleted=True)
    add_activity(f, people.cdo, "training", date(2026, 11, 28), "计划中的培训")  # after today: planned
    add_activity(f, people.other_cdo, "training", date(2026, 9, 1), "金湾区的数据分析人才队伍培训")
    add_file(f, governance, "培训签到表.pdf", people.cdo.member_id, date(2026, 7, 16))
    add_meeting(f, date(2026, 6, 18), [people.cdo, people.staff])
    add_meeting(f, date(2026, 5, 20), [people.cdo])  # before the window (H1's report)
    return governance


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026H2", (2026, 2)), ("2026h1", (2026, 1)), ("2026上半年", (2026, 1)), ("2026年下半年", (2026, 2))],
)
def test_a_period_is_a_year_and_a_half(text, expected) -> None:
    assert summary.parse_period(text) == expected


@pytest.mark.parametrize("text", ["2026H3", "26H1", "下半年", "2026"])
def test_other_words_are_no_period(text) -> None:
    assert summary.parse_period(text) is None


def test_a_zhuhai_period_runs_from_the_last_report_to_this_ones_due_date(
    sqlite_uow_factory, people, cities, knowledge
) -> None:
    h2 = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, period=(2026, 2)).period
    assert (h2.key, h2.start, h2.end, h2.due) == ("2026H2", date(2026, 6, 1), date(2026, 11, 30), h2.end)
    h1 = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, period=(2026, 1)).period
    assert (h1.start, h1.end) == (date(2025, 12, 1), date(2026, 5, 31))


def test_without_a_period_the_one_whose_report_is_due_next_is_drafted(
    sqlite_uow_factory, people, cities, knowledge
) -> None:
    on = summary.work_summary
    assert (
        on(sqlite_uow_factory, clock_at(2026, 11, 24), cities, knowledge, people.cdo).period.key == "2026H2"
    )
    assert on(sqlite_uow_factory, clock_at(2026, 12, 2), cities, knowledge, people.cdo).period.key == "2027H1"
    assert on(sqlite_uow_factory, clock_at(2026, 4, 2), cities, knowledge, people.cdo).period.key == "2026H1"


def test_a_city_without_a_current_report_rule_takes_the_calendar_half(
    sqlite_uow_factory, people, cities, knowledge
) -> None:
    futian = add_member(
        sqlite_uow_factory, user_id=3001, name="福田区CDO", role="cdo", unit="福田区", city="shenzhen"
    )
    found = summary.work_summary(sqlite_uow_factory, clock_at(2026, 11, 24), cities, knowledge, futian)
    assert (found.period.key, found.period.start, found.period.end, found.period.due) == (
        "2026H2",
        date(2026, 7, 1),
        date(2026, 12, 31),
        None,
    )


# --------------------------------------------------------------------------- contents


def test_each_record_goes_under_the_duty_it_serves(
    sqlite_uow_factory, people, cities, knowledge, zhuhai_records
) -> None:
    found = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, period=(2026, 2))

    assert [d.title for d in found.duties] == [d.title for d in knowledge.duties("zhuhai")]
    assert len(found.duties) == 4
    placed = {d.number: [e.title for e in d.entries] for d in found.duties}
    # The index's verdicts, not a table: 数据治理 is item 1's and 4's word, 数字政府 item 2's.
    assert "数字政府建设推进会" in placed[2]
    assert any("数据治理培训" in titles for titles in (placed[1], placed[4]))
    # Zhuhai's duty items never speak of 安全: the training is listed apart, not dropped.
    assert [e.title for e in found.other] == ["数据安全培训"]
    every = [t for titles in placed.values() for t in titles] + [e.title for e in found.other]
    assert "已删除的培训" not in every and "计划中的培训" not in every  # deleted, planned
    assert "数据普查登记培训" not in every  # dated in the H1 report's window
    assert not any("金湾区" in t for t in every)  # another unit's


def test_trainings_count_against_the_quota_and_meetings_once_a_day(
    sqlite_uow_factory, people, cities, knowledge, zhuhai_records
) -> None:
    found = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, period=(2026, 2))

    assert [e.title for e in found.trainings] == ["数据治理培训", "数据安全培训"]
    assert found.training is not None
    assert (found.training.count, found.training.required, found.training.verdict) == (3, 2, "done")
    assert [(m.day, m.source) for m in found.meetings] == [
        (date(2026, 6, 18), "signed_in"),
        (date(2026, 9, 8), "logged"),
    ]
    assert found.meetings[0].people == "香洲区首席数据官、香洲区联络员"
    assert [(e.file_name, e.record_title) for e in found.evidence] == [("培训签到表.pdf", "数据治理培训")]


def test_the_docx_has_a_section_per_duty_item_and_the_blanks(
    sqlite_uow_factory, people, cities, knowledge, zhuhai_records
) -> None:
    found = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, period=(2026, 2))
    paras = paragraphs(summary_docx(found))

    assert paras[0] == ("Title", "香洲区首席数据官工作总结报告")
    assert paras[1][1] == "（2026年下半年）"
    texts = [t for _s, t in paras]
    assert "首席数据官：香洲区首席数据官" in texts
    assert "报告期：2026-06-01 至 2026-11-30" in texts
    headings = [(s, t) for s, t in paras if s.startswith("Heading")]
    assert [t for s, t in headings if s == "Heading 1"] == [
        "一、工作成效",
        "二、培训与交流",
        "三、存在问题",
        "四、下一阶段计划",
        "五、佐证材料",
    ]
    assert [t for s, t in headings if s == "Heading 2"] == [
        "（一）统筹数据管理工作",
        "（二）协助推进数字政府建设",
        "（三）实施常态化指导监督",
        "（四）加强数据运营支撑",
        "（五）其他工作",
        "（一）数据技能与安全培训",
        "（二）沟通交流会",
    ]
    assert "2026-09-08　数字政府建设推进会（交流会）" in section_of(paras, "协助推进数字政府建设")
    assert any("数据治理培训（培训，30人参加）" in t for t in section_of(paras, "工作成效"))
    supervision = section_of(paras, "实施常态化指导监督")
    assert supervision[-1].startswith(BLANK_MARK)  # nothing recorded: a marked blank, not silence
    trainings = section_of(paras, "数据技能与安全培训")
    assert "本期组织培训 2 场。" in trainings
    assert any("共组织培训 3 场，年度要求不少于 2 场，已完成" in t for t in trainings)
    assert "本期参加交流会 2 次。" in section_of(paras, "沟通交流会")
    for heading in ("存在问题", "下一阶段计划"):
        body = section_of(paras, heading)
        assert len(body) == 1 and body[0].startswith(BLANK_MARK)


def test_the_evidence_list_names_each_file_its_date_and_its_record(
    sqlite_uow_factory, people, cities, knowledge, zhuhai_records
) -> None:
    found = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, period=(2026, 2))
    document = Document(io.BytesIO(summary_docx(found)))

    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["序号", "文件名", "上传日期", "所属记录"],
        ["1", "培训签到表.pdf", "2026-07-16", "2026-07-15 数据治理培训（培训）"],
    ]


def test_a_shenzhen_district_gets_six_items_and_its_own_focus(
    sqlite_uow_factory, people, cities, knowledge
) -> None:
    futian = add_member(
        sqlite_uow_factory, user_id=3001, name="福田区CDO", role="cdo", unit="福田区", city="shenzhen"
    )
    add_activity(sqlite_uow_factory, futian, "training", date(2026, 9, 3), "全员数据技能与安全培训")
    add_activity(sqlite_uow_factory, futian, "exchange_meeting", date(2026, 10, 9), "人工智能应用创新交流会")
    found = summary.work_summary(sqlite_uow_factory, clock_at(2026, 11, 24), cities, knowledge, futian)

    assert len(found.duties) == 6
    by_title = {d.title: d for d in found.duties}
    assert [e.title for e in by_title["加强人才队伍建设"].entries] == ["全员数据技能与安全培训"]
    special = by_title["开展特色数据应用探索"]
    assert [e.title for e in special.entries] == ["人工智能应用创新交流会"]
    assert special.focus is not None and special.focus.startswith("福田区重点依托")
    assert [d.focus for d in found.duties].count(None) == 5
    paras = paragraphs(summary_docx(found))
    assert any(t.startswith("本单位重点：福田区") for t in section_of(paras, "开展特色数据应用探索"))
    assert any("本市方案目前未规定" in t for t in section_of(paras, "数据技能与安全培训"))
    assert [t for s, t in paras if s == "Heading 2"][5] == "（六）开展特色数据应用探索"


def test_chinese_is_set_in_an_east_asian_font_with_no_theme_font_left_to_override_it(
    sqlite_uow_factory, people, cities, knowledge, zhuhai_records
) -> None:
    found = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, period=(2026, 2))
    styles = zipfile.ZipFile(io.BytesIO(summary_docx(found))).read("word/styles.xml").decode()
    document = Document(io.BytesIO(summary_docx(found)))
    from docx.oxml.ns import qn

    for name, font in (("Normal", "宋体"), ("Title", "黑体"), ("Heading 1", "黑体"), ("Heading 2", "黑体")):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font, name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name
        assert fonts.get(qn("w:ascii")) == "Times New Roman", name
    assert 'w:eastAsia="zh-CN"' in styles
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4


# --------------------------------------------------------------------------- who may have it


def test_a_cdo_and_their_staff_get_their_own_unit_only(sqlite_uow_factory, people, cities, knowledge) -> None:
    mine = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge)
    assert mine.unit_name == "香洲区"
    assert (
        zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, actor=people.staff).unit_name
        == "香洲区"
    )
    assert zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, unit="香洲区").unit_name == "香洲区"
    with pytest.raises(NotAuthorized):
        zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, unit="金湾区")
    with pytest.raises(NotAuthorized):
        zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, actor=people.staff, unit="金湾")
    with pytest.raises(NotAuthorized):
        zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, city="shenzhen")


def test_a_coordinator_names_any_unit_of_their_city_only(
    sqlite_uow_factory, people, cities, knowledge
) -> None:
    coordinator = people.coordinator
    found = zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, actor=coordinator, unit="金湾")
    assert found.unit_name == "金湾区" and found.city == "zhuhai"
    with pytest.raises(ValidationFailed):
        zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, actor=coordinator)
    with pytest.raises(NotAuthorized):
        zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, actor=coordinator, unit="福田区")
    with pytest.raises(NotAuthorized):
        zhuhai_summary(
            sqlite_uow_factory, people, cities, knowledge, actor=coordinator, unit="市公安局", city="shenzhen"
        )
    with pytest.raises(UnknownUnit):
        zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, actor=coordinator, unit="不存在局")


def test_a_member_without_a_unit_gets_no_summary(sqlite_uow_factory, people, cities, knowledge) -> None:
    stray = add_member(sqlite_uow_factory, user_id=4001, name="无单位", role="staff", unit=None)
    with pytest.raises(NotAuthorized):
        zhuhai_summary(sqlite_uow_factory, people, cities, knowledge, actor=stray)


def test_the_command_answers_a_refusal_in_words_and_a_draft_as_a_file(
    sqlite_uow_factory, people, knowledge, zhuhai_records
) -> None:
    from bot.core.i18n import translator
    from bot.core.replies import FileReply, Reply

    clock = clock_at(2026, 11, 24)
    refused = summary.summary_command(sqlite_uow_factory, clock, knowledge, people.cdo, "金湾区")
    assert isinstance(refused, Reply)
    assert "只能生成本单位" in translator().render(refused)
    drafted = summary.summary_command(
        sqlite_uow_factory, clock, knowledge, people.coordinator, "香洲区 2026H2"
    )
    assert isinstance(drafted, FileReply)
    assert drafted.filename == f"cdo-summary-zhuhai-unit{people.cdo.unit_id}-2026H2.docx"
    assert drafted.caption is not None and "香洲区" in drafted.caption and "2026年下半年" in drafted.caption
    assert Document(io.BytesIO(drafted.data)).paragraphs[0].text == "香洲区首席数据官工作总结报告"


# --------------------------------------------------------------------------- the command line


def cli(*args: str) -> int:
    from bot.cli import main

    return main(["summary", *args])


def test_the_command_line_writes_any_units_draft_for_the_coordinators_desk(
    sqlite_url, tmp_path, monkeypatch, capsys
) -> None:
    from storage.uow import uow_factory

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    factory = uow_factory(sqlite_url)
    people = seed(factory)
    add_activity(factory, people.other_cdo, "exchange_meeting", date(2026, 9, 8), "数字政府建设推进会")
    factory.dispose()
    target = tmp_path / "金湾区.docx"
    args = ["--city", "珠海", "--unit", "金湾", "--period", "2026H2", "--now", "2026-11-24T10:00"]
    assert cli(*args, "--database-url", sqlite_url, "--out", str(target)) == 0
    paras = paragraphs(target.read_bytes())
    assert paras[0][1] == "金湾区首席数据官工作总结报告"
    assert "2026-09-08　数字政府建设推进会（交流会）" in section_of(paras, "协助推进数字政府建设")
    assert "1 records under 4 duty items" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (["--city", "atlantis", "--unit", "香洲区"], "未知城市", "unknown city"),
        (["--city", "珠海", "--unit", "福田区"], "没有名为“福田区”的单位", "no unit"),
        (["--city", "珠海", "--unit", "香洲区", "--period", "2026Q3"], "2026H1 或 2026H2", "period must"),
        (
            ["--city", "珠海", "--unit", "香洲区", "--out", "/nonexistent/dir/x.docx"],
            "文件夹不存在",
            "folder does not exist",
        ),
        (["--city", "珠海", "--unit", "香洲区", "--now", "tomorrow"], "不是 ISO 时间", "not an ISO time"),
    ],
)
def test_the_command_line_refuses_in_both_languages_without_a_traceback(
    sqlite_url, capsys, args, chinese, english
) -> None:
    assert cli(*args, "--database-url", sqlite_url) == 2
    err = capsys.readouterr().err
    assert chinese in err and english in err and "Traceback" not in err


def test_an_output_folder_or_a_database_that_cannot_be_opened_is_said_in_one_line(tmp_path, capsys) -> None:
    assert cli("--city", "珠海", "--unit", "香洲区", "--out", str(tmp_path)) == 2
    assert "是一个文件夹" in capsys.readouterr().err
    closed = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # nothing listens on port 1
    assert (
        cli("--city", "珠海", "--unit", "香洲区", "--database-url", closed, "--out", str(tmp_path / "a.docx"))
        == 2
    )
    err = capsys.readouterr().err
    assert "无法打开数据库" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_records_stored_before_input_was_cleaned_still_make_a_valid_docx(
    sqlite_uow_factory, people, cities, knowledge
) -> None:
    """Rows written before ``bot.core.sanitize`` existed may hold controls and bidi overrides.

    python-docx refuses a control character ("All strings must be XML compatible") and an RTL
    override would reorder the coordinator's printout: the draft cleans what it writes.
    """
    f = sqlite_uow_factory
    record = add_activity(
        f, people.cdo, "training", date(2026, 7, 15), "数据\x07安全\u202e培训", attendees=30
    )
    add_file(f, record, "签到\x0b表.pdf", people.cdo.member_id, date(2026, 7, 16))
    found = zhuhai_summary(f, people, cities, knowledge, period=(2026, 2))
    document = Document(io.BytesIO(summary_docx(found)))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for row in t.rows for c in row.cells
    )
    assert "数据安全培训" in text and "签到表.pdf" in text
    assert not any(ch in text for ch in "\x07\x0b\u202e")
