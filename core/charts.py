"""Charts for pages and PDFs alike: a small description of the figures, drawn as SVG by pygal on the server.

An app builds a `Chart` in its selectors (or report context) and the template draws it with
`{% load charts %}{% chart the_chart %}` (core/templatetags/charts.py): a <figure> with the SVG
inline, its caption, a table of the same numbers and, on pages, a link that downloads them as CSV.
The same tag in a PDF template prints the table under the chart instead of the link, and WeasyPrint
draws the SVG with the Sarabun font of pdf/base.html, its labels kept as text.

The SVG is made to be inlined in a page that may show anything a citizen typed: pygal writes the
labels through ElementTree, which escapes them, and the script pygal adds for its tooltips, its
comments (one dated) and any reference outside the chart are taken out, so the same description
always gives the same SVG and the page fetches nothing for it.

Why pygal rather than matplotlib's SVG backend: pygal is a small pure-Python package that writes
real <text> elements, so the browser and WeasyPrint shape Thai with the Sarabun font, screen
readers and the PDF's text layer read the labels, and tests can find them; matplotlib (a wheel 60
times larger, with numpy) draws text as paths by default, and otherwise still lays it out with its
own font metrics, and stamps a date and random ids unless configured not to.
"""

import datetime
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import pygal
from django.utils.translation import gettext as _
from pygal.graph.graph import Graph
from pygal.style import Style
from pygal.util import compute_scale

from .csv_export import csv_lines
from .thai import Number, number, thai_date

Value = Number | None
Category = str | datetime.date

WIDTH = 720
HEIGHT = 340
# Horizontal bars grow with their categories, so a long list of service points stays legible.
BAR_ROW = 30
HORIZONTAL_MARGIN = 70
# Category labels longer than this are cut on the chart (never in its table or CSV): the axis would
# otherwise take the plot's width.
LABEL_CHARACTERS = 32
# Room right of the plot for the value written after the longest horizontal bar.
VALUE_ROOM = 60
VALUE_GAP = 4
# Under columns and lines, longer labels are slanted so neighbours do not overlap.
UPRIGHT_LABEL_CHARACTERS = 10

FONT = "Sarabun, sans-serif"
COLOURS = ("#1f3b73", "#e07b39", "#3a8d5d", "#8c5aa8", "#c9a227", "#5b8fd1", "#a33b4c", "#6b6b6b")
GUIDE = "#c8ccd4"
TARGET = "#b02a37"

# Far above any figure of a local organisation (a national budget is some 10^12 baht); pygal's scale
# overflows long before float's own limit, so a larger or non-finite value is refused where the chart is built.
LARGEST = 10**15

_KEY = re.compile(r"[a-z][a-z0-9-]{0,62}")
_SVG = "{http://www.w3.org/2000/svg}"


class Kind(StrEnum):
    BAR = "bar"
    HORIZONTAL_BAR = "horizontal_bar"
    LINE = "line"
    STACKED_BAR = "stacked_bar"


_GRAPHS: dict[Kind, Callable[..., Graph]] = {
    Kind.BAR: pygal.Bar,
    Kind.HORIZONTAL_BAR: pygal.HorizontalBar,
    Kind.LINE: pygal.Line,
    Kind.STACKED_BAR: pygal.StackedBar,
}


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]


@dataclass(frozen=True)
class Target:
    """A level the figures should reach (a pass mark, a budget line), drawn across the chart."""

    value: Number
    label: str


@dataclass(frozen=True)
class Chart:
    """What a chart shows, independent of how it is drawn.

    `key` names the chart on its page (element ids, the CSV file name): unique per page, lowercase
    letters, digits and hyphens. `categories` are the labels along the category axis (dates are
    shown in the Buddhist era), and each series has one value per category (None: no figure).
    `decimals` and `unit` say how values read: 2 and "คะแนน (เต็ม 5)", 0 and "บาท". `scale` is the
    value axis' range when it has a natural one (0–5, 0–100 %); values outside it widen it. `note`
    follows the title in the caption (the period, a source).
    """

    key: str
    kind: Kind
    title: str
    categories: Sequence[Category]
    series: Sequence[Series]
    category_title: str = ""
    unit: str = ""
    decimals: int = 0
    scale: tuple[Number, Number] | None = None
    target: Target | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.key):
            raise ValueError(f"chart key {self.key!r}: lowercase letters, digits and hyphens")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"series {series.name!r} has {len(series.values)} values for {len(self.categories)} categories"
                )
            for value in series.values:
                if value is not None and not _chartable(value):
                    raise ValueError(f"series {series.name!r}: {value} cannot be charted")
        if self.target and not _chartable(self.target.value):
            raise ValueError(f"target {self.target.value} cannot be charted")
        if self.decimals < 0:
            raise ValueError("decimals cannot be negative")

    @property
    def labels(self) -> list[str]:
        return [category_label(category) for category in self.categories]

    @property
    def has_figures(self) -> bool:
        return any(value is not None for series in self.series for value in series.values)

    def format(self, value: Value) -> str:
        """A value as the chart and its table print it: '1,234.50'; no figure: '–'."""
        return "–" if value is None else number(value, self.decimals)

    def rows(self) -> Iterator[tuple[str, list[Value]]]:
        """(category label, one value per series), category by category."""
        for index, label in enumerate(self.labels):
            yield label, [series.values[index] for series in self.series]


def _chartable(value: Number) -> bool:
    return math.isfinite(value) and abs(float(value)) <= LARGEST


def category_label(category: Category) -> str:
    if isinstance(category, datetime.date):
        return thai_date(category, short=True)
    return str(category)


def _shortened(label: str, characters: int = LABEL_CHARACTERS) -> str:
    """The label cut to so many letters, counting a Thai vowel or tone mark with its consonant."""
    count = 0
    for index, char in enumerate(label):
        if unicodedata.category(char) != "Mn":
            count += 1
            if count > characters:
                return label[:index].rstrip() + "…"
    return label


def _plain(value: Value) -> float | None:
    return None if value is None else float(value)


def _style(chart: Chart) -> Style:
    # Without a target no guide is "major": pygal would otherwise draw some guides darker at random-looking values.
    major = TARGET if chart.target else GUIDE
    return Style(
        font_family=FONT,
        background="transparent",
        plot_background="transparent",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#555",
        colors=COLOURS,
        opacity="1",
        opacity_hover="1",
        transition="0s",
        guide_stroke_color=GUIDE,
        guide_stroke_dasharray="0",
        major_guide_stroke_color=major,
        major_guide_stroke_dasharray="6,3" if chart.target else "0",
        label_font_size=12,
        major_label_font_size=12,
        value_font_size=11,
        title_font_size=14,
        legend_font_size=12,
        no_data_font_size=16,
    )


def _value_range(chart: Chart) -> tuple[float, float] | None:
    """The scale asked for, widened to every value and the target, so no bar runs off the plot."""
    figures = [float(value) for series in chart.series for value in series.values if value is not None]
    if chart.target:
        figures.append(float(chart.target.value))
    if chart.scale:
        figures.extend(float(end) for end in chart.scale)
    if not figures:
        return None
    return min(0.0, *figures), max(figures)


def _target_labels(chart: Chart, low: float, high: float) -> dict[str, Any]:
    """The value axis' ticks with the target among them: pygal draws a tick's guide across the plot."""
    if chart.target is None:
        return {}
    target = float(chart.target.value)
    ticks: list[Any] = [tick for tick in compute_scale(low, high, False, -chart.decimals, 4, 10) if tick != target]
    ticks.append({"value": target, "label": f"{chart.target.label} {chart.format(chart.target.value)}"})
    return {"y_labels": ticks, "y_labels_major": [target], "show_minor_y_labels": True}


def _height(chart: Chart) -> int:
    if chart.kind is Kind.HORIZONTAL_BAR:
        rows = len(chart.categories) * max(1, len(chart.series))
        return max(HORIZONTAL_MARGIN + BAR_ROW * rows, 160)
    return HEIGHT


def _cleaned(chart: Chart) -> Callable[[ElementTree.Element], ElementTree.Element]:
    """An XML filter: no script, comment, processing instruction or outside reference; the chart's title as its name.

    Only the root keeps an id (the chart's key): pygal's other ids serve its script and would repeat
    from one chart to the next on a page. A horizontal bar's value is written after the bar's end
    rather than centred on it, where half of it would be dark on the dark bar.
    """

    def clean(root: ElementTree.Element) -> ElementTree.Element:
        for parent in root.iter():
            for child in list(parent):
                if not isinstance(child.tag, str) or child.tag in ("script", f"{_SVG}script"):
                    parent.remove(child)
                    continue
                for name in [name for name in child.attrib if name == "id" or name.endswith("href")]:
                    del child.attrib[name]
        for element in root.iter():
            if element.tag in ("title", f"{_SVG}title") and element.text == "Pygal":
                element.text = chart.title
            if chart.kind is Kind.HORIZONTAL_BAR and element.get("class") == "value" and "x" in element.attrib:
                element.set("text-anchor", "start")
                element.set("x", str(float(element.get("x", 0)) + VALUE_GAP))
        root.set("role", "img")
        root.set("aria-label", chart.title)
        return root

    return clean


def _axes(chart: Chart) -> dict[str, Any]:
    """Where the unit goes (the value axis: across the bottom of horizontal bars) and how category labels fit."""
    if chart.kind is Kind.HORIZONTAL_BAR:
        # The categories are cut by _shortened; the value ticks (and the target's label) are short.
        return {"x_title": chart.unit or None, "truncate_label": -1}
    slanted = any(len(label) > UPRIGHT_LABEL_CHARACTERS for label in chart.labels)
    return {"y_title": chart.unit or None, "x_label_rotation": 30 if slanted else 0, "truncate_label": LABEL_CHARACTERS}


def chart_svg(chart: Chart) -> str:
    """The chart as an inline <svg> element: no XML declaration, no script, the same text for the same chart."""
    value_range = _value_range(chart) if chart.has_figures else None
    graph = _GRAPHS[chart.kind](
        style=_style(chart),
        width=WIDTH,
        height=_height(chart),
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
        print_values=chart.kind in (Kind.BAR, Kind.HORIZONTAL_BAR) and len(chart.series) == 1,
        print_values_position="top",
        value_formatter=chart.format,
        formatter=chart.format,
        show_legend=len(chart.series) > 1,
        legend_at_bottom=True,
        show_y_labels=chart.has_figures,
        allow_interruptions=True,
        # No tick finer than the figures: counts get 0, 1, 2, not 0, 0.25, 0.5 printed as 0, 0, 1.
        order_min=-chart.decimals,
        truncate_legend=LABEL_CHARACTERS,
        no_data_text=_("No data"),
        margin=12,
        margin_right=12 + (VALUE_ROOM if chart.kind is Kind.HORIZONTAL_BAR else 0),
        **_axes(chart),
        **({"range": value_range} if value_range else {}),
        **(_target_labels(chart, *value_range) if value_range else {}),
    )
    # pygal names the chart (and scopes its CSS) with a random uuid; the key keeps both stable.
    graph.uuid = chart.key
    if chart.kind is Kind.HORIZONTAL_BAR:
        # pygal stacks horizontal bars from the bottom up; the first category goes on top, as in its table.
        graph.x_labels = [_shortened(label) for label in reversed(chart.labels)]
        for series in chart.series:
            graph.add(series.name, [_plain(value) for value in reversed(series.values)])
    else:
        graph.x_labels = chart.labels
        for series in chart.series:
            graph.add(series.name, [_plain(value) for value in series.values])
    graph.add_xml_filter(_cleaned(chart))
    return graph.render(is_unicode=True)


def chart_csv_rows(chart: Chart) -> Iterator[list[Any]]:
    """The chart's figures for a spreadsheet: a heading row, then one row per category, numbers unformatted."""
    yield [chart.category_title or chart.title, *(series.name for series in chart.series)]
    for label, values in chart.rows():
        yield [label, *("" if value is None else round(Decimal(str(value)), chart.decimals) for value in values)]


def chart_csv_href(chart: Chart) -> str:
    """A data: address of the chart's CSV (BOM, neutralised formulas), for a download link on the page.

    The figures travel with the page: the download is exactly what the chart shows, to whoever sees
    it, without a second request that would have to repeat the page's query and its permission checks.
    """
    return "data:text/csv;charset=utf-8," + quote("".join(csv_lines(chart_csv_rows(chart))))
