"""Progress as a picture: a unit's year for ``/progress``, every unit of a city for ``/overview`` (PNG).

Layer: services (rendering only, from ``UnitProgress`` / ``CityOverview``: the figures are exactly
the text answer's). Every word drawn comes from the catalog (``summary.po``, ``chart.*``).

matplotlib draws, headless: a ``Figure`` on the Agg canvas, never pyplot (no global figure
state, no GUI backend to pick). Importing matplotlib costs about half a second, so this module
is imported only when a chart is made — ``cdo-bot ask``'s cold start never pays for it.

The font is Noto Sans CJK SC, from the ``noto-cjk-sans-otc`` package on PyPI (the Noto Sans CJK
OpenType collection, SIL Open Font License 1.1, which allows bundling and redistribution). It is
a dependency in pyproject, so the README's own ``pip install`` puts it on a fresh machine; no
system font is looked for. The collection's third face is the Simplified Chinese one; matplotlib
(3.11+) registers every face of a collection and picks it by family name. No emoji are drawn:
CJK fonts have none (the text answer keeps its ✅❌). A test checks that every character drawn
has a glyph in this font.

Rendering is serialised by a lock: matplotlib's rcParams are process-wide and Agg is not
guaranteed thread-safe, and adapters call the services from worker threads.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from bot.core.i18n import translator
from bot.core.replies import FileReply
from bot.services.progress import BAD, INFO, OK, SEVERITY, WARN, CityOverview, UnitProgress, short_day

FONT_PACKAGE = "noto_cjk_sans_otc"
FONT_FILE = "NotoSansCJK-Regular.ttc"
FONT_FAMILY = "Noto Sans CJK SC"
FONT_FACE = 2
"""Index of Noto Sans CJK SC in the collection (JP, KR, SC, TC, HK, then the Mono faces)."""
DPI = 100
WIDTH_INCHES = 11.0
FONT_SIZE = 12
SMALL_FONT_SIZE = 10
"""No text smaller than 10 pt at 100 dpi (14 px): legible on a phone once Telegram scales to fit."""
OVERVIEW_ROW_INCHES = 0.34
BAR_HEIGHT = 0.62
UNIT_NAME_GID = "unit-name"
"""The ``gid`` of the overview's unit-name texts (tests read them in order)."""
COLOURS = {OK: "#2e9d4f", INFO: "#2e9d4f", WARN: "#f0a30a", BAD: "#d1342f"}
FUTURE = "#9aa0a6"
MEETING = "#3b6fd6"
_LOCK = threading.Lock()


@cache
def font_path() -> str:
    """The CJK font file, inside its installed package (a plain file: wheels install unzipped)."""
    return str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE))


@cache
def _matplotlib() -> Any:
    """Import matplotlib and register the font once per process."""
    import matplotlib
    from matplotlib import font_manager

    font_manager.fontManager.addfont(font_path())
    return matplotlib


def _rc() -> dict[str, Any]:
    return {
        "font.family": [FONT_FAMILY],
        "font.size": FONT_SIZE,
        "axes.titlesize": FONT_SIZE + 1,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": SMALL_FONT_SIZE + 1,
        "ytick.labelsize": SMALL_FONT_SIZE + 1,
        "legend.fontsize": SMALL_FONT_SIZE + 1,
        "figure.titlesize": FONT_SIZE + 3,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def render_png(build: Any, *args: Any) -> bytes:
    """``build(*args)`` → Figure, drawn to PNG bytes under the chart settings."""
    matplotlib = _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with _LOCK, matplotlib.rc_context(_rc()):
        figure = build(*args)
        FigureCanvasAgg(figure)
        out = io.BytesIO()
        # zlib level 1: a chart's flat colours compress nearly as well as at the default 6, several times faster.
        figure.savefig(out, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return out.getvalue()


def draw(build: Any, *args: Any) -> Any:
    """The drawn Figure itself (tests read its texts and fonts)."""
    matplotlib = _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with _LOCK, matplotlib.rc_context(_rc()):
        figure = build(*args)
        FigureCanvasAgg(figure).draw()
    return figure


# --------------------------------------------------------------------------- /progress


def progress_chart(progress: UnitProgress) -> FileReply:
    t = translator()
    return FileReply(
        f"cdo-progress-unit{progress.unit_id}-{progress.year}.png",
        render_png(progress_figure, progress),
        t.format("chart.progress.caption", {"unit": progress.unit_name, "year": progress.year}),
    )


def progress_figure(progress: UnitProgress) -> Any:
    """Trainings held over the year against the quota's checkpoints; below, meetings and report periods."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    t = translator()
    first, last = date(progress.year, 1, 1), date(progress.year, 12, 31)
    as_of = min(max(progress.today, first), last)
    figure = Figure(figsize=(WIDTH_INCHES, 7.0), dpi=DPI)
    trainings_ax, timeline = figure.subplots(2, 1, sharex=True, height_ratios=(3.0, 1.4))
    _margins(figure, left=1.55, right=0.3, top=0.65, bottom=0.5, hspace=0.12)
    figure.suptitle(
        y=1 - 0.15 / 7.0,
        t=t.format(
            "chart.progress.title",
            {"unit": progress.unit_name, "year": progress.year, "today": short_day(progress.today)},
        ),
    )

    training = progress.trainings[0] if progress.trainings else None
    held = [d for d in (training.held_on if training else ()) if first <= d <= last]
    xs = [first, *held, as_of]
    ys = [0, *range(1, len(held) + 1), len(held)]
    trainings_ax.step(
        xs, ys, where="post", color=MEETING, linewidth=2.5, label=t.gettext("chart.progress.held")
    )
    if held:
        trainings_ax.scatter(held, range(1, len(held) + 1), color=MEETING, s=40, zorder=3)
    top = max(len(held), 1)
    if training is not None:
        top = max(top, training.required, *(at_least for _d, at_least in training.checkpoints))
        trainings_ax.axhline(
            training.required,
            color=FUTURE,
            linestyle="--",
            label=t.format("chart.progress.required", {"count": training.required}),
        )
        for due, at_least in training.checkpoints:
            done = sum(1 for d in held if d <= due)
            colour = COLOURS[OK] if done >= at_least else COLOURS[BAD] if due < as_of else FUTURE
            trainings_ax.scatter([due], [at_least], marker="D", s=110, color=colour, zorder=4)
            trainings_ax.annotate(
                t.format("chart.progress.checkpoint", {"day": short_day(due), "count": at_least}),
                (due, at_least),
                textcoords="offset points",
                xytext=(0, 10),
                ha="center",
                fontsize=SMALL_FONT_SIZE,
                color=colour,
            )
    else:
        trainings_ax.text(
            0.5,
            0.6,
            t.gettext("chart.progress.no_quota"),
            transform=trainings_ax.transAxes,
            ha="center",
            color=FUTURE,
        )
    trainings_ax.axvline(as_of, color=FUTURE, linestyle=":", label=t.gettext("chart.today"))
    trainings_ax.set_ylim(0, top + 1)
    trainings_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    trainings_ax.set_ylabel(t.gettext("chart.progress.trainings_axis"))
    trainings_ax.legend(loc="upper left")
    trainings_ax.grid(axis="y", alpha=0.3)

    meetings = progress.meetings
    days = [d for d in (meetings.days if meetings else ()) if first <= d <= last]
    if days:
        timeline.scatter(days, [1] * len(days), s=110, color=MEETING, zorder=3)
    for report in progress.reports:
        if not first <= report.due <= last:
            continue
        colour = {"submitted": COLOURS[OK], "overdue": COLOURS[BAD]}.get(report.state, FUTURE)
        timeline.scatter([report.due], [0], marker="s", s=110, color=colour, zorder=3)
        timeline.annotate(
            t.format(
                "chart.progress.report",
                {"day": short_day(report.due), "state": t.gettext(f"progress.state.{report.state}")},
            ),
            (report.due, 0),
            textcoords="offset points",
            xytext=(0, 10),
            ha="center",
            fontsize=SMALL_FONT_SIZE,
            color=colour,
        )
    timeline.axvline(as_of, color=FUTURE, linestyle=":")
    meeting_label = t.gettext("chart.progress.meetings_row")
    if meetings is not None:
        meeting_label = t.format(
            "chart.progress.meetings_count",
            {"attended": meetings.attended, "expected": meetings.expected_so_far},
        )
    timeline.set_yticks([0, 1], [t.gettext("chart.progress.reports_row"), meeting_label])
    timeline.set_ylim(-0.7, 1.8)
    timeline.set_xlim(first, last)
    _month_axis(timeline)
    timeline.grid(axis="x", alpha=0.3)
    return figure


def _margins(figure: Any, *, left: float, right: float, top: float, bottom: float, **space: float) -> None:
    """Fixed margins in inches. Not matplotlib's constrained layout: it measures every text several
    times, seconds for a city of 50 units; our labels' extents are known from their length."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height, **space
    )


def _month_axis(axis: Any) -> None:
    from matplotlib.dates import MonthLocator, num2date
    from matplotlib.ticker import FuncFormatter

    t = translator()
    axis.xaxis.set_major_locator(MonthLocator())
    axis.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: t.format("chart.month", {"month": num2date(value).month}))
    )


# --------------------------------------------------------------------------- /overview


def overview_chart(overview: CityOverview) -> FileReply:
    t = translator()
    return FileReply(
        f"cdo-overview-{overview.city}-{overview.today.isoformat()}.png",
        render_png(overview_figure, overview),
        t.format("chart.overview.caption", {"city": overview.city_name, "year": overview.year}),
    )


def behind_first(overview: CityOverview) -> list[UnitProgress]:
    """The pilot units, worst first: status, then the share of the training quota done, then the plan's order."""
    rows = [r for r in overview.rows if r.is_pilot]

    def share(row: UnitProgress) -> float:
        required = row.training_required or 0
        return row.training_count / required if required else 1.0

    return sorted(rows, key=lambda r: (-SEVERITY[r.status], share(r), rows.index(r)))


def overview_figure(overview: CityOverview) -> Any:
    """One row per pilot unit, behind first: trainings against the quota, meetings against the cadence,
    the report of the period the overview shows. Each bar has its own mark's colour, the unit's
    name its overall status (the worst of the three)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator
    from matplotlib.transforms import blended_transform_factory, offset_copy

    t = translator()
    rows = behind_first(overview)
    height = max(4.0, OVERVIEW_ROW_INCHES * len(rows) + 2.2)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    # Not sharey: a shared axis builds a tick (line and label artists) per unit on both sides.
    trainings_ax, meetings_ax, reports_ax = figure.subplots(1, 3, width_ratios=(1.25, 1.0, 0.55))
    longest = max((len(r.unit_name) for r in rows), default=4)
    _margins(
        figure, left=0.3 + longest * (SMALL_FONT_SIZE + 1) / 72, right=0.5, top=0.95, bottom=0.95, wspace=0.12
    )
    figure.suptitle(
        y=1 - 0.15 / height,
        t=t.format(
            "chart.overview.title",
            {"city": overview.city_name, "year": overview.year, "today": short_day(overview.today)},
        ),
    )
    ys = list(range(len(rows)))
    colours = [COLOURS[r.status] for r in rows]
    _bars(
        trainings_ax,
        ys,
        [r.training_count for r in rows],
        [r.training_required for r in rows],
        [COLOURS[r.trainings[0].mark] if r.trainings else FUTURE for r in rows],
        t.gettext("chart.overview.trainings"),
    )
    _bars(
        meetings_ax,
        ys,
        [r.meetings.attended if r.meetings else 0 for r in rows],
        [r.meetings.expected_so_far if r.meetings else None for r in rows],
        [COLOURS[r.meetings.mark] if r.meetings else FUTURE for r in rows],
        t.gettext("chart.overview.meetings"),
    )
    _reports(reports_ax, overview, rows)
    for axis in (trainings_ax, meetings_ax, reports_ax):
        axis.set_yticks([])
        axis.set_ylim(len(rows) - 0.5, -0.5)  # the first row on top
    # The unit names are plain texts, not tick labels: a tick is four artists, seconds for a few
    # hundred units. A unit with nothing done has no bar to colour: its name carries the status.
    names = blended_transform_factory(trainings_ax.transAxes, trainings_ax.transData)
    names = offset_copy(names, fig=figure, x=-6, y=0, units="points")
    for y, row, colour in zip(ys, rows, colours, strict=True):
        trainings_ax.text(
            0,
            y,
            row.unit_name,
            transform=names,
            ha="right",
            va="center",
            color=colour,
            fontsize=SMALL_FONT_SIZE + 1,
            gid=UNIT_NAME_GID,
        )
    for axis in (trainings_ax, meetings_ax):
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.grid(axis="x", alpha=0.3)
    legend = [
        Patch(color=COLOURS[BAD], label=t.gettext("progress.status.bad")),
        Patch(color=COLOURS[WARN], label=t.gettext("progress.status.warn")),
        Patch(color=COLOURS[OK], label=t.gettext("progress.status.ok")),
    ]
    figure.legend(
        handles=[*legend, _target_handle(t.gettext("chart.overview.target"))],
        loc="lower center",
        ncols=4,
        frameon=False,
    )
    return figure


def _reports(axis: Any, overview: CityOverview, rows: Sequence[UnitProgress]) -> None:
    """Each unit's report of the period the overview shows, as a coloured square and its state
    (已报送 08-21, 未到期) — or an earlier one still overdue, which is what makes its name red."""
    from matplotlib.transforms import offset_copy

    t = translator()
    beside = offset_copy(axis.transData, fig=axis.figure, x=10, y=0, units="points")
    shown = [
        (y, next((s for s in r.reports if s.state == "overdue"), None) or r.report_for(overview.focus_period))
        for y, r in enumerate(rows)
    ]
    shown = [(y, report) for y, report in shown if report is not None]
    if shown:
        axis.scatter(
            [0] * len(shown),
            [y for y, _r in shown],
            marker="s",
            s=90,
            color=[COLOURS[r.mark] for _y, r in shown],
        )
    for y, report in shown:
        label = t.gettext(f"progress.state.{report.state}")
        if report.submitted_on is not None:
            label = f"{label} {short_day(report.submitted_on)}"
        elif report.state == "overdue":
            label = f"{label} {short_day(report.due)}"
        axis.text(0, y, label, transform=beside, va="center", fontsize=SMALL_FONT_SIZE)
    axis.set_xlim(-0.3, 3)
    axis.set_xticks([])
    axis.spines["bottom"].set_visible(False)
    title = t.gettext("chart.overview.reports")
    if overview.focus_due is not None:
        title = t.format("chart.overview.report_due", {"due": short_day(overview.focus_due)})
    axis.set_title(title)


def _target_handle(label: str) -> Any:
    from matplotlib.lines import Line2D

    return Line2D(
        [], [], color="#222222", marker="|", linestyle="none", markersize=16, markeredgewidth=2.5, label=label
    )


def _bars(
    axis: Any,
    ys: Sequence[int],
    values: Sequence[int],
    targets: Sequence[int | None],
    colours: Sequence[str],
    title: str,
) -> None:
    """Bars, target marks and value labels of one column. The bars are one collection and the labels
    plain texts: ``barh`` and ``annotate`` make an artist each with its own bookkeeping, which for a
    few hundred units costs seconds."""
    from matplotlib.collections import PolyCollection
    from matplotlib.transforms import offset_copy

    half = BAR_HEIGHT / 2
    boxes = [
        [(0, y - half), (0, y + half), (v, y + half), (v, y - half)] for y, v in zip(ys, values, strict=True)
    ]
    axis.add_collection(PolyCollection(boxes, facecolors=colours, edgecolors="none"))
    marks = [(target, y) for target, y in zip(targets, ys, strict=True) if target is not None]
    if marks:
        axis.scatter(
            [m[0] for m in marks],
            [m[1] for m in marks],
            marker="|",
            s=260,
            linewidths=2.5,
            color="#222222",
            zorder=3,
        )
    beside = offset_copy(axis.transData, fig=axis.figure, x=6, y=0, units="points")
    for y, value, target in zip(ys, values, targets, strict=True):
        label = f"{value}/{target}" if target is not None else str(value)
        axis.text(max(value, target or 0), y, label, transform=beside, va="center", fontsize=SMALL_FONT_SIZE)
    top = max([*values, *(t for t in targets if t is not None), 1])
    axis.set_xlim(0, top * 1.25 + 0.5)
    axis.set_title(title)
