"""{% load charts %}{% chart the_chart %}: a chart of core.charts as a figure, on a page or in a PDF."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.charts import Chart, chart_csv_href, chart_svg

register = template.Library()


@register.simple_tag(takes_context=True)
def chart(context: template.Context, chart: Chart, table: bool = True) -> SafeString:
    """The chart's SVG inline, its title as the caption, and its figures as a table and a CSV download.

    On a page the table is folded in a <details>; in a PDF (pdf_context sets `for_pdf`) it is printed
    under the chart, and `table=False` leaves it out where the report already prints those numbers.
    """
    svg = mark_safe(chart_svg(chart))  # noqa: S308 - written by ElementTree, which escapes every label
    return render_to_string(
        "core/_chart.html",
        {
            "chart": chart,
            "svg": svg,
            "table": table,
            "rows": [(label, [chart.format(value) for value in values]) for label, values in chart.rows()],
            "for_pdf": context.get("for_pdf", False),
            "csv_href": "" if context.get("for_pdf") else chart_csv_href(chart),
        },
    )
