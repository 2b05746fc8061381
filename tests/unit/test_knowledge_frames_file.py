"""The answer frames are data (locale/zh_CN/jieba/answer_frames.toml): the shipped file loads in
its order with its macros and the index's markers filled in, and a mistake in the file is an error
naming the frame rather than a way of asking silently lost. What the frames answer is tested in
test_knowledge_answer_frames.py."""

from __future__ import annotations

import shutil

import pytest

from bot.core import paths
from bot.core.knowledge import engine
from bot.core.knowledge.index import DOC_NUMBER


def test_the_shipped_frames_load_in_file_order_with_placeholders_filled():
    frames = engine.load_answer_frames(paths.jieba_dir() / engine.FRAMES_FILE)
    assert list(frames) == [
        "merit",
        "benefit",
        "whom_to_ask",
        "staffing",
        "lead",
        "own_plan",
        "support",
        "holder",
        "oversight",
        "basis",
        "issued",
        "appointed",
        "rollout",
        "census",
    ]
    assert frames["issued"].answers == (DOC_NUMBER, "印发")
    assert frames["merit"].within == "benefit"
    assert frames["staffing"].keys == frozenset({"人", "人员", "专家", "公司", "外包"})
    # A macro is substituted, a quantifier is left alone.
    assert frames["own_plan"].asks.pattern.startswith(
        "(?:自己|本单位|本区|本部门|各区|各部门)[^,，。?？]{0,8}?"
    )
    assert not any(engine._PLACEHOLDER.search(f.asks.pattern) for f in frames.values())
    assert frames["staffing"].asks.search("能不能从外面招几个懂行的人")


def _write(tmp_path, body: str):
    path = tmp_path / "frames.toml"
    path.write_text('[macros]\nWHO = "(?:谁|哪)"\n\n' + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[frames]]\nname = "a"\nasks = "x"\nanswer = ["y"]\n', "unknown key"),
        ('[[frames]]\nname = "a"\nasks = "x"\n', "missing key"),
        ('[[frames]]\nname = "a"\nasks = "{WHOM}找"\nanswers = ["y"]\n', "unknown placeholder {WHOM}"),
        ('[[frames]]\nname = "a"\nasks = "x"\nanswers = ["{DOC}"]\n', "unknown placeholder {DOC}"),
        ('[[frames]]\nname = "a"\nasks = "x"\nanswers = ["y"]\nwithin = "b"\n', "names no frame"),
        ('[[frames]]\nname = "a"\nasks = "(x"\nanswers = ["y"]\n', "asks:"),
        ('[[frames]]\nname = "a"\nasks = "x"\nanswers = "y"\n', "list of strings"),
        (
            '[[frames]]\nname = "a"\nasks = "x"\nanswers = ["y"]\n[[frames]]\nname = "a"\nasks = "z"\nanswers = ["y"]\n',
            "second frame",
        ),
        ('[frame]\nname = "a"\n', "unknown table"),
    ],
)
def test_a_mistake_in_the_file_is_an_error_naming_file_and_frame(tmp_path, body, message):
    with pytest.raises(ValueError, match=r"^frames\.toml: ") as caught:
        engine.load_answer_frames(_write(tmp_path, body))
    assert message in str(caught.value)


def test_pieces_of_a_pattern_are_joined_and_macros_filled(tmp_path):
    path = _write(
        tmp_path, "[[frames]]\nname = \"a\"\nasks = ['{WHO}[^,]{0,4}', '|出人']\nanswers = ['{DOC_NUMBER}']\n"
    )
    frame = engine.load_answer_frames(path)["a"]
    assert frame.asks.pattern == "(?:谁|哪)[^,]{0,4}|出人"
    assert frame.answers == (DOC_NUMBER,)
    assert frame.keys == frozenset()
    assert frame.within is None


def test_the_frames_are_read_from_cdo_locale_dir(tmp_path, monkeypatch):
    shutil.copytree(paths.locale_root(), tmp_path / "locale")
    own = tmp_path / "locale" / "zh_CN" / "jieba" / engine.FRAMES_FILE
    own.write_text('[[frames]]\nname = "only"\nasks = "x"\nanswers = ["y"]\n', encoding="utf-8")
    monkeypatch.setenv("CDO_LOCALE_DIR", str(tmp_path / "locale"))
    paths.locale_root.cache_clear()
    engine._answer_frames.cache_clear()
    try:
        assert list(engine._answer_frames()) == ["only"]
    finally:
        monkeypatch.delenv("CDO_LOCALE_DIR")
        paths.locale_root.cache_clear()
        engine._answer_frames.cache_clear()
    assert "rollout" in engine._answer_frames()
