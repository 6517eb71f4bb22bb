"""The report's charts: PNG pictures for the Word documents, drawn with matplotlib, and the
same charts as plotly figures for the browser preview (drawing a picture takes about a second,
too long for a page that leaders reload while staff are saving). Inputs are figures already
computed by indicators.statistics."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
# Labels are names staff typed: "$" must not start mathtext in a Word chart.
matplotlib.rcParams["text.parse_math"] = False

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dashboard.charts import AHEAD, BEHIND, FONT, LAST_YEAR, THIS_YEAR, plain  # noqa: E402  (the preview looks like the dashboard)
from core.cache import remember  # noqa: E402
from indicators import statistics  # noqa: E402

# Where Debian's fonts-noto-cjk puts the font, if fontconfig cannot tell us.
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DPI = 130
# Pictures are drawn at the width Word prints them, so a font size here is its size on paper;
# nothing is smaller than MIN_PT (readable when the report is printed).
PRINT_WIDTH_CM = 15.0
PRINT_WIDTH_IN = PRINT_WIDTH_CM / 2.54
MIN_PT = 9
TITLE_PT = 11


@lru_cache(maxsize=1)
def cjk_font() -> font_manager.FontProperties | None:
    """A font with Chinese glyphs, by file path; None leaves matplotlib's default (the chart
    still renders, with boxes for Chinese labels)."""
    candidates = []
    try:
        listing = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=5, check=False
        ).stdout
        candidates = [line.split(":")[0].strip() for line in listing.splitlines() if line.strip()]
    except (OSError, subprocess.SubprocessError):
        pass
    # Prefer a sans-serif regular face: charts read better in it than in a serif or a bold.
    candidates.sort(key=lambda path: ("Sans" not in path, "Regular" not in path, path))
    for path in [*candidates, str(NOTO_CJK)]:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path)
    return None


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # tight_layout has already fitted the labels; bbox_inches="tight" would draw everything twice.
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _legend_kwargs(size: float) -> dict:
    font = cjk_font()
    if font is None:
        return {"fontsize": size}
    sized = font.copy()
    sized.set_size(size)
    return {"prop": sized}


def _font_kwargs(size: float) -> dict:
    font = cjk_font()
    return {"fontproperties": font, "fontsize": size} if font else {"fontsize": size}


@dataclass(frozen=True)
class CompletionBar:
    label: str  # "固定资产投资（至10月）"
    completion: Decimal  # 完成率, percent
    time_progress: Decimal  # 序时进度 at the indicator's own month, percent


@dataclass(frozen=True)
class CompletionChart:
    """Completion of each indicator's annual target, with its time progress as a tick."""

    bars: tuple[CompletionBar, ...]

    def png(self) -> bytes:
        # The same figures make the same picture, and drawing is most of a report's time: a
        # report downloaded again (or by another leader) redraws only charts whose figures changed.
        return remember("chart", (DPI, self), lambda: _draw_completion(self.bars))

    def plotly(self) -> list[dict]:
        """The same chart for the browser preview, drawn there by plotly.js (no matplotlib)."""
        bars = self.bars[::-1]  # plotly draws the first bar at the bottom
        labels = [bar.label for bar in bars]
        colours = [AHEAD if bar.completion >= bar.time_progress else BEHIND for bar in bars]
        data = [
            {"type": "bar", "orientation": "h", "name": "完成率", "y": labels, "x": [float(b.completion) for b in bars],
             "marker": {"color": colours}, "text": [statistics.format_percent(b.completion) for b in bars], "textposition": "outside"},
            {"type": "scatter", "mode": "markers", "name": "序时进度", "y": labels,
             "x": [float(b.time_progress) for b in bars], "marker": {"symbol": "line-ns-open", "size": 22, "color": "#222222"}},
        ]
        widest = max([100.0, *(float(b.completion) for b in bars), *(float(b.time_progress) for b in bars)])
        layout = {"xaxis": {"ticksuffix": "%", "range": [0, widest * 1.15]}, "yaxis": {"automargin": True},
                  "margin": {"l": 8, "r": 24, "t": 16, "b": 48}}
        return [_plotly_figure("completion", data, layout, height=120 + 36 * len(bars))]


def _draw_completion(bars: tuple[CompletionBar, ...]) -> bytes:
    return _png(completion_figure(bars))


def completion_figure(bars: tuple[CompletionBar, ...]) -> Figure:
    height = 1.4 + 0.5 * max(len(bars), 1)
    figure = Figure(figsize=(PRINT_WIDTH_IN, height))
    axes = figure.add_subplot()
    font = _font_kwargs(MIN_PT)
    labels = [bar.label for bar in bars][::-1]
    completions = [float(bar.completion) for bar in bars][::-1]
    progress = [float(bar.time_progress) for bar in bars][::-1]
    positions = range(len(bars))
    colours = ["#2f7d32" if c >= p else "#c0392b" for c, p in zip(completions, progress)]
    axes.barh(positions, completions, color=colours, height=0.55, label="完成率")
    axes.scatter(progress, positions, marker="|", s=400, color="#222222", zorder=3, label="序时进度")
    for y, value, bar in zip(positions, completions, bars[::-1]):
        axes.text(value + 1, y, statistics.format_percent(bar.completion), va="center", **font)
    axes.set_yticks(list(positions))
    axes.set_yticklabels(labels, **font)
    axes.set_xlim(0, max([100.0, *completions, *progress]) * 1.15)
    axes.set_xlabel("%", **font)
    axes.tick_params(labelsize=MIN_PT)
    axes.set_title("年度目标完成率与序时进度", **_font_kwargs(TITLE_PT))
    axes.legend(loc="lower right", **_legend_kwargs(MIN_PT))
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    return figure


@dataclass(frozen=True)
class TrendPanel:
    title: str  # "固定资产投资（亿元）"
    this_year: dict[int, Decimal | None]  # YTD by month
    last_year: dict[int, Decimal | None]


@dataclass(frozen=True)
class TrendChart:
    """YTD month by month, this year against last year, one small panel per indicator."""

    panels: tuple[TrendPanel, ...]
    year: int

    def png(self) -> bytes:
        return remember("chart", (DPI, self), lambda: _draw_trend(self.panels, self.year))

    def plotly(self) -> list[dict]:
        """One small figure per panel for the browser preview."""
        figures = []
        for index, panel in enumerate(self.panels):
            data = []
            for series, year, colour, dash in ((panel.last_year, self.year - 1, LAST_YEAR, "dash"), (panel.this_year, self.year, THIS_YEAR, "solid")):
                months = [m for m in sorted(series) if series[m] is not None]
                data.append({"type": "scatter", "mode": "lines+markers", "name": f"{year}年", "x": months,
                             "y": [float(series[m]) for m in months], "line": {"color": colour, "dash": dash}})
            layout = {"title": {"text": panel.title, "font": {"size": 13}}, "xaxis": {"dtick": 1, "range": [0.5, 12.5]},
                      "margin": {"l": 48, "r": 8, "t": 36, "b": 40}}
            figures.append(_plotly_figure(f"trend-{index}", data, layout, height=260))
        return figures


def _plotly_figure(chart_id: str, data: list[dict], layout: dict, *, height: int) -> dict:
    return {
        "id": f"report-{chart_id}",
        "data": plain(data),
        "layout": plain({"font": {"family": FONT, "size": 12}, "height": height, "showlegend": True,
                         "legend": {"orientation": "h", "x": 0, "y": -0.2}, "paper_bgcolor": "#fff", "plot_bgcolor": "#fff",
                         **layout}),
    }


def _draw_trend(panels: tuple[TrendPanel, ...], year: int) -> bytes:
    return _png(trend_figure(panels, year))


def trend_figure(panels: tuple[TrendPanel, ...], year: int) -> Figure:
    columns = 2 if len(panels) > 1 else 1
    rows = max(1, (len(panels) + columns - 1) // columns)
    figure = Figure(figsize=(PRINT_WIDTH_IN, 2.5 * rows + 0.4))
    for index, panel in enumerate(panels, start=1):
        axes = figure.add_subplot(rows, columns, index)
        for series, label, style in ((panel.last_year, f"{year - 1}年", "--"), (panel.this_year, f"{year}年", "-")):
            months = [m for m in sorted(series) if series[m] is not None]
            axes.plot(months, [float(series[m]) for m in months], style, marker="o", markersize=3, label=label)
        axes.set_title(panel.title, **_font_kwargs(MIN_PT))
        # Month numbers in the default font: sixty CJK tick labels would take most of the drawing time.
        # Every other month labelled: twelve labels at 9 pt crowd half the print width.
        axes.set_xticks(range(1, 13))
        axes.set_xticklabels([str(m) if m % 2 else "" for m in range(1, 13)])
        axes.tick_params(labelsize=MIN_PT)
        axes.set_xlabel("月", **_font_kwargs(MIN_PT))
        axes.grid(alpha=0.3)
        axes.legend(**_legend_kwargs(MIN_PT))
    figure.suptitle("主要指标1-N月累计走势（今年与上年同期）", **_font_kwargs(TITLE_PT))
    figure.tight_layout()
    return figure
