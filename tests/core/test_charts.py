"""Charts (core.charts and {% chart %}): pygal's SVG made safe to inline, in Sarabun, with Thai numbers,
a table of the same figures, a CSV download, and the same chart drawn in a PDF."""

import copy
import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.utils import translation
from pypdf import PdfReader

from core.charts import LABEL_CHARACTERS, Chart, Kind, Series, Target, chart_csv_href, chart_svg
from core.pdf import render_pdf

SVG = "{http://www.w3.org/2000/svg}"
TEST_TEMPLATES = Path(__file__).parent / "templates"
LONG_LABEL = "เจ้าหน้าที่ให้บริการด้วยความสุภาพ เต็มใจ และเป็นมิตร ตลอดทั้งกระบวนการให้บริการแก่ประชาชนผู้มาติดต่อ"


@pytest.fixture(autouse=True)
def _thai():
    with translation.override("th"):
        yield


def budget_chart(kind: Kind = Kind.BAR, **changes) -> Chart:
    fields = {
        "key": "budget",
        "kind": kind,
        "title": "การเบิกจ่ายงบประมาณ",
        "categories": ["ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3"],
        "series": [Series("เบิกจ่าย", [1234567.5, 250000, 98.25])],
        "category_title": "ไตรมาส",
        "unit": "บาท",
        "decimals": 2,
        **changes,
    }
    return Chart(**fields)


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - the SVG under test, made here


def texts(svg: str) -> list[str]:
    return [element.text for element in parsed(svg).iter(f"{SVG}text") if element.text]


def figure(chart: Chart, **context) -> str:
    return Template("{% load charts %}{% chart chart %}").render(Context({"chart": chart, **context}))


def csv_of(html: str) -> list[list[str]]:
    href = re.search(r'href="(data:[^"]+)"', html).group(1)
    prefix = "data:text/csv;charset=utf-8,"
    assert href.startswith(prefix)
    text = unquote(href[len(prefix) :])
    assert text.startswith("\ufeff"), "a byte-order mark, so Excel reads the Thai as UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_is_inline_svg_without_script_or_outside_reference_in_sarabun(kind):
    chart = budget_chart(kind, series=[Series("แผน", [100, 200, 300]), Series("จริง", [90, None, 310])])
    svg = chart_svg(chart)
    root = parsed(svg)
    assert root.tag == f"{SVG}svg"
    assert not svg.startswith("<?xml"), "inline in HTML: no XML declaration"
    assert not list(root.iter(f"{SVG}script"))
    assert "<script" not in svg
    assert "javascript" not in svg.lower()
    assert "href" not in svg
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "//" not in svg.replace("http://www.w3.org/2000/svg", ""), "no outside address, not even protocol-relative"
    assert "<!--" not in svg, "pygal's comments carry today's date"
    assert "font-family:Sarabun" in svg.replace(" ", "")
    assert root.get("role") == "img"
    assert root.get("aria-label") == "การเบิกจ่ายงบประมาณ"
    assert {"แผน", "จริง"} <= set(texts(svg)), "two series: a legend"


def test_the_same_chart_draws_the_same_svg_with_one_stable_id():
    svg = chart_svg(budget_chart())
    assert svg == chart_svg(budget_chart())
    ids = [element.get("id") for element in parsed(svg).iter() if element.get("id")]
    assert ids == ["chart-budget"], "the key names the chart; no other id to repeat on a page of charts"
    assert "#chart-budget" in svg, "its style is scoped to it, so two charts on a page keep their own"


def test_labels_and_values_are_drawn_with_thai_number_formatting():
    svg_texts = texts(chart_svg(budget_chart()))
    assert {"ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "1,234,567.50", "250,000.00", "98.25", "บาท"} <= set(svg_texts)


def test_dates_are_labelled_in_the_buddhist_era():
    chart = budget_chart(categories=[datetime.date(2021, 4, 1), datetime.date(2021, 5, 1), datetime.date(2021, 6, 1)])
    assert chart.labels == ["1 เม.ย. 2564", "1 พ.ค. 2564", "1 มิ.ย. 2564"]
    assert "1 เม.ย. 2564" in texts(chart_svg(chart))
    assert csv_of(figure(chart))[1][0] == "1 เม.ย. 2564"


def test_markup_in_any_label_comes_out_escaped():
    attack = "<script>alert(1)</script>"
    chart = budget_chart(title=attack, categories=[attack, "ข", "ค"], series=[Series(attack, [1, 2, 3])], note=attack)
    svg = chart_svg(chart)
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert attack in texts(svg), "shown as the text it is"
    html = figure(chart)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_none_zero_and_negative_values():
    chart = budget_chart(series=[Series("ยอด", [None, 0, -3.5])], decimals=1)
    svg = chart_svg(chart)
    parsed(svg)
    assert {"0.0", "-3.5"} <= set(texts(svg))
    html = figure(chart)
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert cells == ["–", "0.0", "-3.5"], "no figure is a dash, not a zero"
    assert csv_of(html)[1:] == [["ไตรมาส 1", ""], ["ไตรมาส 2", "0.0"], ["ไตรมาส 3", "-3.5"]]


@pytest.mark.parametrize(
    "chart", [budget_chart(categories=[], series=[]), budget_chart(series=[Series("ยอด", [None] * 3)])]
)
def test_a_chart_without_figures_says_so_instead_of_drawing(chart):
    parsed(chart_svg(chart))  # still a valid SVG for whoever asks for it
    html = figure(chart)
    assert "ไม่มีตัวเลขสำหรับแสดงเป็นแผนภูมิในช่วงนี้" in html
    assert "<svg" not in html
    assert "<table" not in html
    assert "data:text/csv" not in html


def test_a_long_thai_label_is_cut_on_the_chart_but_whole_in_its_table_and_csv():
    chart = budget_chart(Kind.HORIZONTAL_BAR, categories=[LONG_LABEL, "ข", "ค"])
    drawn = next(text for text in texts(chart_svg(chart)) if text.startswith("เจ้าหน้าที่"))
    assert drawn.endswith("…")
    assert LONG_LABEL.startswith(drawn[:-1])
    letters = [char for char in drawn[:-1] if not ("\u0e31" <= char <= "\u0e3a" or "\u0e47" <= char <= "\u0e4e")]
    assert len(letters) <= LABEL_CHARACTERS
    html = figure(chart)
    assert f'<th scope="row">{LONG_LABEL}</th>' in html
    assert csv_of(html)[1][0] == LONG_LABEL


def test_a_target_line_is_drawn_with_its_label():
    chart = budget_chart(target=Target(1500000, "วงเงินงบประมาณ"))
    svg = chart_svg(chart)
    assert "วงเงินงบประมาณ 1,500,000.00" in texts(svg)
    assert re.search(r'class="major guide line"', svg), "the target's guide is drawn apart from the others"


def test_a_huge_figure_is_drawn_in_full():
    chart = budget_chart(series=[Series("งบประมาณ", [10**15, -(10**15), 0])], decimals=0)
    assert {"1,000,000,000,000,000", "-1,000,000,000,000,000"} <= set(texts(chart_svg(chart)))


def test_values_beyond_the_scale_widen_it():
    chart = budget_chart(series=[Series("ค่าเฉลี่ย", [4.5, 7, 1])], scale=(0, 5))
    assert "7.00" in texts(chart_svg(chart))


def test_the_page_figure_has_a_caption_a_folded_table_of_the_same_numbers_and_a_csv_download():
    html = figure(budget_chart(note="ข้อมูลถึงสิ้นเดือน"))
    assert re.search(r"<figure[^>]*>\s*<figcaption[^>]*>การเบิกจ่ายงบประมาณ", html)
    assert "ข้อมูลถึงสิ้นเดือน" in html
    assert "<details" in html
    assert "<summary>" in html
    assert re.findall(r'<td class="num">([^<]*)</td>', html) == ["1,234,567.50", "250,000.00", "98.25"]
    assert "<caption>บาท</caption>" in html
    assert 'download="budget.csv"' in html
    assert csv_of(html) == [
        ["ไตรมาส", "เบิกจ่าย"],
        ["ไตรมาส 1", "1234567.50"],
        ["ไตรมาส 2", "250000.00"],
        ["ไตรมาส 3", "98.25"],
    ]


def test_the_csv_download_neutralises_formulas_in_labels():
    chart = budget_chart(categories=['=HYPERLINK("http://x")', "ข", "ค"])
    assert csv_of(figure(chart))[1][0] == '\'=HYPERLINK("http://x")'
    assert chart_csv_href(chart).startswith("data:text/csv;charset=utf-8,%EF%BB%BF")


def test_in_a_pdf_context_the_table_is_printed_and_nothing_is_a_link():
    html = figure(budget_chart(), for_pdf=True)
    assert "<table" in html
    assert "<details" not in html
    assert "data:text/csv" not in html
    bare = Template("{% load charts %}{% chart chart table=False %}").render(
        Context({"chart": budget_chart(), "for_pdf": True})
    )
    assert "<svg" in bare
    assert "<table" not in bare


@pytest.mark.parametrize(
    "changes",
    [
        {"key": "Budget Chart"},
        {"key": ""},
        {"key": "x" * 100},
        {"series": [Series("เบิกจ่าย", [1, 2])]},
        {"series": [Series("เบิกจ่าย", [1, float("nan"), 2])]},
        {"series": [Series("เบิกจ่าย", [1, Decimal("NaN"), 2])]},
        {"series": [Series("เบิกจ่าย", [1, float("-inf"), 2])]},
        {"series": [Series("เบิกจ่าย", [1, 1e300, 2])]},
        {"target": Target(float("inf"), "เป้าหมาย")},
        {"decimals": -1},
    ],
)
def test_a_malformed_description_is_refused_where_it_is_built(changes):
    with pytest.raises(ValueError, match="chart key|values for|cannot be charted|negative"):
        budget_chart(**changes)


@pytest.mark.django_db
def test_weasyprint_draws_the_chart_in_sarabun_with_its_text_kept_as_text(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates
    chart = budget_chart(Kind.HORIZONTAL_BAR, target=Target(1000000, "เป้าหมาย"))
    bare = budget_chart(
        key="bare", title="แผนภูมิไม่มีตาราง", categories=["ก", "ข", "ค"], series=[Series("ยอด", [11, 22, 33])], decimals=0
    )
    pdf = render_pdf("core_tests/chart_pdf.html", {"title": "ทดสอบแผนภูมิ", "chart": chart, "bare": bare})
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Drawn by the SVG (labels, values, unit, target) and printed by the table under it.
    assert text.count("1,234,567.50") == 2
    assert text.count("ไตรมาส 2") == 2
    assert "เป้าหมาย 1,000,000.00" in text
    assert "บาท" in text
    assert "แผนภูมิไม่มีตาราง" in text
    assert text.count("22") == 1, "table=False: the values once, on the chart"
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert fonts
    assert all("Sarabun" in name for name in fonts), fonts


def test_counts_get_whole_number_ticks():
    chart = budget_chart(Kind.STACKED_BAR, series=[Series("แล้วเสร็จ", [3, 1, 0]), Series("ค้าง", [0, 1, 2])], decimals=0)
    axis = next(
        group for group in parsed(chart_svg(chart)).iter(f"{SVG}g") if group.get("class") == "axis y always_show"
    )
    ticks = [text.text for text in axis.iter(f"{SVG}text")]
    assert ticks
    assert len(ticks) == len(set(ticks)), f"no fraction printed as a repeated whole number: {ticks}"
