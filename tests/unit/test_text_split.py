"""bot.core.text_split: one cutting rule for every platform's message limit."""

from hypothesis import given
from hypothesis import strategies as st

from bot.core.text_split import measure_text, split_at_lines


def utf8(ch: str) -> int:
    return len(ch.encode("utf-8"))


def test_lines_stay_whole_when_they_fit():
    text = "\n".join(["甲" * 10, "乙" * 10, "丙" * 10])
    assert split_at_lines(text, 66, utf8) == ["甲" * 10 + "\n" + "乙" * 10, "丙" * 10]


def test_an_over_long_line_is_cut_between_characters_never_inside_one():
    pieces = split_at_lines("数" * 10, 7, utf8)
    assert pieces == ["数数", "数数", "数数", "数数", "数数"]


@given(st.text(alphabet=st.sampled_from(["a", "数", "😀", "\n", " "]), max_size=400), st.integers(4, 60))
def test_every_piece_fits_and_nothing_but_blank_space_is_lost(text, limit):
    pieces = split_at_lines(text, limit, utf8)
    if measure_text(text, utf8) > limit:
        assert all(measure_text(p, utf8) <= limit for p in pieces)

        def ink(t: str) -> str:
            return "".join(t.split())

        assert ink("".join(pieces)) == ink(text)
