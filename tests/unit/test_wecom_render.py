"""Replies fitted to WeCom: 2,048-byte texts, button cards of at most 6, unique valid task ids."""

from __future__ import annotations

import pytest

from bot.core.i18n import translator
from bot.core.replies import Choice, Reply
from bot.wecom.render import TASK_ID, card_body, new_task_id, render, split_text

T = translator()


def literal(text: str, choices: tuple[tuple[Choice, ...], ...] = ()) -> Reply:
    return Reply("", literal=text, choices=choices)


def buttons(n: int, label: str = "选项{n}") -> tuple[tuple[Choice, ...], ...]:
    return (tuple(Choice(label.format(n=i), f"x:{i}", literal=True) for i in range(1, n + 1)),)


def test_long_text_is_split_at_line_breaks_into_pieces_wecom_does_not_cut() -> None:
    text = "\n".join(f"第{i}行：数据安全培训与数据要素交流会" for i in range(200))
    pieces = split_text(text)
    assert len(pieces) > 1
    assert all(len(p.encode()) <= 2048 for p in pieces)
    assert "\n".join(pieces) == text


def test_one_enormous_line_is_cut_between_characters_never_inside_one() -> None:
    pieces = split_text("数" * 3000)
    assert all(len(p.encode()) <= 2048 for p in pieces) and "".join(pieces) == "数" * 3000


def test_a_record_card_fits_one_wecom_card_with_its_fields_as_rows() -> None:
    reply = literal(
        "📝 请确认培训记录：\n类型：培训\n日期：2026-12-01\n人数：30\n\n点“确认”保存，点“取消”不保存。",
        (
            (
                Choice("确认", "act:confirm:7", literal=True),
                Choice("修改", "act:edit:7", literal=True),
                Choice("取消", "act:cancel:7", literal=True),
            ),
        ),
    )
    (card,) = render(reply, T)
    body = card.content
    assert card.msgtype == "template_card" and body["card_type"] == "button_interaction"
    assert body["main_title"]["title"] == "📝 请确认培训记录："
    assert [(r["keyname"], r["value"]) for r in body["horizontal_content_list"]] == [
        ("类型", "培训"),
        ("日期", "2026-12-01"),
        ("人数", "30"),
    ]
    assert body["sub_title_text"] == "点“确认”保存，点“取消”不保存。"
    assert [(b["text"], b["key"]) for b in body["button_list"]] == [
        ("确认", "act:confirm:7"),
        ("修改", "act:edit:7"),
        ("取消", "act:cancel:7"),
    ]
    assert TASK_ID.match(body["task_id"])


def test_text_that_does_not_fit_a_card_goes_first_as_text_and_the_card_keeps_the_buttons() -> None:
    long = "条款原文：" + "数据" * 200
    out = render(literal(f"一票否决权\n{long}", buttons(2)), T)
    assert [o.msgtype for o in out] == ["text", "template_card"]
    assert long in out[0].content["content"]
    assert out[1].content["main_title"]["title"] == "一票否决权"


def test_more_than_six_choices_become_a_second_card() -> None:
    out = render(literal("请选择要修改的内容", buttons(8)), T)
    assert [len(o.content["button_list"]) for o in out] == [6, 2]
    assert out[1].content["main_title"]["title"] == "更多选项（2/2）"
    keys = [b["key"] for o in out for b in o.content["button_list"]]
    assert keys == [f"x:{i}" for i in range(1, 9)]
    assert len({o.task_id for o in out}) == 2


def test_long_labels_are_numbered_on_the_buttons_and_listed_whole_in_the_text() -> None:
    out = render(literal("相关条款", buttons(2, "第{n}条 首席数据官的职责与工作机制")), T)
    card = out[-1].content
    assert all(len(b["text"]) <= 10 for b in card["button_list"])
    assert card["button_list"][0]["text"].startswith("1. ")
    shown = "\n".join(o.content.get("content", "") for o in out) + card.get("sub_title_text", "")
    assert "1. 第1条 首席数据官的职责与工作机制" in shown


def test_task_ids_are_unique_and_of_wecoms_alphabet() -> None:
    ids = {new_task_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(TASK_ID.match(i) and len(i) <= 128 for i in ids)


@pytest.mark.parametrize("bad", ["has space", "x" * 129, "中文"])
def test_a_task_id_outside_wecoms_rules_is_refused_before_sending(bad: str) -> None:
    with pytest.raises(ValueError, match="task_id"):
        render(literal("选", buttons(1)), T, task_id=lambda: bad)


def test_a_title_longer_than_a_card_title_means_no_card_body() -> None:
    assert card_body("题" * 37) is None
    assert card_body("短标题\n" + "说" * 113) is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("加入 AbC-123_x", "/start AbC-123_x"),
        ("加入：AbCd1234", "/start AbCd1234"),
        ("  加入   AbCd1234 ", "/start AbCd1234"),
        ("加入了数据安全培训", "加入了数据安全培训"),  # a sentence, not a code
        ("加入 两个 词", "加入 两个 词"),
        ("/start AbC", "/start AbC"),
    ],
)
def test_jiaru_code_is_the_same_join_as_start_code(typed: str, meant: str) -> None:
    from bot.wecom.transport import _join_alias

    assert _join_alias(typed) == meant
