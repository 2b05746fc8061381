"""The /progress and /overview pictures: valid PNGs of a legible size, every character drawn has a glyph."""

from __future__ import annotations

import io
import warnings
from datetime import date

import pytest
from matplotlib.font_manager import findfont
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from PIL import Image

from bot.core.cities import load_cities
from bot.services import charts, progress
from bot.services.charts import SMALL_FONT_SIZE
from tests.integration._outbox_helpers import add_member
from tests.unit._progress_cases import add_activity, add_meeting, add_submission, clock_at, seed


@pytest.fixture
def cities():
    return load_cities()


@pytest.fixture
def people(sqlite_uow_factory):
    found = seed(sqlite_uow_factory)
    add_activity(sqlite_uow_factory, found.cdo, "training", date(2026, 3, 5), "数据安全培训")
    add_activity(sqlite_uow_factory, found.cdo, "training", date(2026, 9, 5), "数据治理培训")
    add_activity(sqlite_uow_factory, found.other_cdo, "training", date(2026, 9, 5), "数据治理培训")
    add_submission(sqlite_uow_factory, found.cdo, "2026-05-31", date(2026, 5, 28))
    add_meeting(sqlite_uow_factory, date(2026, 6, 18), [found.cdo])
    return found


def mine(uow_factory, cities, actor) -> progress.UnitProgress:
    return progress.unit_progress(uow_factory, clock_at(2026, 11, 24), cities, actor)


def city(uow_factory, cities, actor, code: str | None = None) -> progress.CityOverview:
    return progress.city_overview(uow_factory, clock_at(2026, 11, 24), cities, actor, city=code)


def drawn_texts(figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def assert_every_glyph_is_in_the_font(figure) -> set[str]:
    """Every visible text is set in the shipped Noto Sans CJK SC face, which has a glyph for each of its characters."""
    face = FT2Font(charts.font_path(), face_index=charts.FONT_FACE)
    assert face.family_name == charts.FONT_FAMILY
    charmap = face.get_charmap()
    drawn: set[str] = set()
    for text in drawn_texts(figure):
        used = findfont(text.get_fontproperties(), fallback_to_default=False)
        assert (str(used), getattr(used, "face_index", 0)) == (charts.font_path(), charts.FONT_FACE), text
        assert text.get_fontsize() >= SMALL_FONT_SIZE, text  # legible
        drawn |= set(text.get_text())
    missing = sorted(ch for ch in drawn if not ch.isspace() and ord(ch) not in charmap)
    assert missing == [], missing
    return drawn


def assert_valid_png(data: bytes, min_width: int = 1000, min_height: int = 600) -> tuple[int, int]:
    Image.open(io.BytesIO(data)).verify()  # raises on a truncated or corrupt file
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.width >= min_width and image.height >= min_height, image.size
    return image.size


def test_the_font_ships_with_a_python_package_not_the_system() -> None:
    assert "site-packages" in charts.font_path() or "dist-packages" in charts.font_path()
    assert charts.font_path().endswith("noto_cjk_sans_otc/NotoSansCJK-Regular.ttc")


def test_the_progress_chart_draws_every_character_in_the_cjk_font(sqlite_uow_factory, people, cities) -> None:
    figure = charts.draw(charts.progress_figure, mine(sqlite_uow_factory, cities, people.cdo))
    drawn = assert_every_glyph_is_in_the_font(figure)
    texts = [t.get_text() for t in drawn_texts(figure)]
    assert "香洲区 2026年进度（截至11-24）" in texts
    assert "06-30 至少1场" in texts and "10-01 至少2场" in texts  # the quota's checkpoints
    assert "05-31 已报送" in texts and "11-30 未到期" in texts  # the report periods
    assert "交流会 1/1" in texts and "12月" in texts
    assert {"培", "训", "报"} <= drawn


def test_the_progress_png_is_valid_legible_and_warns_of_no_missing_glyph(
    sqlite_uow_factory, people, cities
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)": fail on it
        chart = charts.progress_chart(mine(sqlite_uow_factory, cities, people.cdo))
    assert chart.is_picture and chart.filename.endswith("-2026.png")
    assert assert_valid_png(chart.data) == (1100, 700)
    assert 10_000 < len(chart.data) < 500_000


def test_shenzhen_without_a_current_quota_says_so_on_the_chart(sqlite_uow_factory, people, cities) -> None:
    futian = add_member(
        sqlite_uow_factory, user_id=3001, name="福田区CDO", role="cdo", unit="福田区", city="shenzhen"
    )
    figure = charts.draw(charts.progress_figure, mine(sqlite_uow_factory, cities, futian))
    assert_every_glyph_is_in_the_font(figure)
    assert "本市方案未规定本年度培训场次" in [t.get_text() for t in drawn_texts(figure)]


@pytest.mark.parametrize("code", ["zhuhai", "shenzhen"])
def test_the_overview_chart_lists_every_pilot_unit_behind_first(
    sqlite_uow_factory, people, cities, code
) -> None:
    overview = city(sqlite_uow_factory, cities, progress.trusted_actor(code), code)
    figure = charts.draw(charts.overview_figure, overview)
    assert_every_glyph_is_in_the_font(figure)  # every unit name of both cities has its glyphs
    axis = figure.axes[0]
    names = [t.get_text() for t in axis.texts if t.get_gid() == charts.UNIT_NAME_GID]
    pilots = [u.name for u in cities[code].pilot_units]
    assert sorted(names) == sorted(pilots)
    assert names == [r.unit_name for r in charts.behind_first(overview)]
    if code == "zhuhai":
        # 香洲区 has done its trainings: last; 金湾区 has one of two: just before it.
        assert names[-2:] == ["金湾区", "香洲区"]
        assert "市政务服务数据管理局" not in names  # the bureau is not measured
        texts = [t.get_text() for t in drawn_texts(figure)]
        assert "报告（11-30截止）" in texts
        # 金湾区 never handed in May's report: the reason its name is red, though it has trained once.
        assert texts.count("逾期未报 05-31") == len(names) - 1 and texts.count("未到期") == 1


def test_the_overview_png_grows_with_the_number_of_units(sqlite_uow_factory, people, cities) -> None:
    overview = city(sqlite_uow_factory, cities, people.coordinator)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = charts.overview_chart(overview)
    assert chart.filename == "cdo-overview-zhuhai-2026-11-24.png"
    width, height = assert_valid_png(chart.data)
    assert width == 1100 and height >= 15 * charts.OVERVIEW_ROW_INCHES * charts.DPI


def test_a_chart_too_tall_for_a_telegram_photo_goes_as_a_document() -> None:
    from bot.core.replies import FileReply
    from bot.handlers.render import fits_as_photo

    def png(width: int, height: int) -> FileReply:
        out = io.BytesIO()
        Image.new("RGB", (width, height), "white").save(out, format="PNG")
        return FileReply("chart.png", out.getvalue())

    assert fits_as_photo(png(1100, 7000))
    assert not fits_as_photo(png(1100, 9500))  # width + height over 10,000
    assert not fits_as_photo(png(100, 2500))  # sides beyond 1:20
    assert not fits_as_photo(FileReply("table.xlsx", b"PK"))
