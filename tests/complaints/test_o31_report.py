"""The O31 statistics: the numbers on screen and in the PDF are the database's, corruption counted apart."""

import csv
import datetime
import io
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.db.models import Avg, Count, F, Q
from django.utils import translation
from django.utils.translation import gettext as _

from complaints.models import FINISHED_STATES, Channel, Complaint, State
from core.models import Report
from indicators.models import Evidence
from tests.indicators.test_o43_report import normalise

from .conftest import at, file_complaint, step

H1_END = at(2021, 3, 31, 23)


@pytest.fixture
def fy2564(fiscal_year, organisation, general, suggestion, corruption, users, corruption_handler, own_department):
    """Complaints of FY2564 in every state, one before and one after the year, none on the boundary by chance."""
    coordinator, integrity = users["coordinator"], corruption_handler
    made = []

    def make(category, when, path, handler=coordinator):
        complaint = file_complaint(category, when, department=own_department)
        for action, days_later in path:
            day = when + datetime.timedelta(days=days_later)
            step(complaint, handler, action, day, public_reply="ตอบแล้ว", department=own_department)
        made.append(complaint)

    make(general, at(2020, 9, 30), [("acknowledge", 1)])  # FY2563: not counted
    make(general, at(2020, 10, 5), [("acknowledge", 1), ("resolve", 6), ("close", 8)])
    make(general, at(2020, 11, 2), [("acknowledge", 2), ("resolve", 9)])
    make(general, at(2020, 12, 1), [("acknowledge", 7), ("reject", 40)])  # late on both counts
    make(general, at(2021, 1, 11), [("acknowledge", 1), ("start", 2)])
    make(general, at(2021, 2, 1), [])
    make(suggestion, at(2021, 3, 1), [("acknowledge", 3)])
    make(suggestion, at(2021, 4, 20), [("acknowledge", 1), ("resolve", 3)])  # full year only
    make(corruption, at(2020, 10, 20), [("acknowledge", 2), ("resolve", 10)], integrity)
    make(corruption, at(2021, 1, 5), [("acknowledge", 1), ("assign", 2)], integrity)
    make(corruption, at(2021, 3, 15), [], integrity)
    make(general, at(2021, 10, 1), [])  # FY2565: not counted
    return made


def expected(start, end, **only) -> dict:
    received = Complaint.objects.filter(received_at__gte=start, received_at__lte=end, **only)
    finished = received.filter(state__in=FINISHED_STATES)
    return {
        "received": received.count(),
        "finished": finished.count(),
        "in_progress": received.filter(state__in=[State.ACKNOWLEDGED, State.ASSIGNED, State.IN_PROGRESS]).count(),
        "not_handled": received.filter(state=State.RECEIVED).count(),
        "within": finished.filter(Q(finished_at__date__lte=F("resolve_due"))).count(),
        "avg_ack": received.aggregate(v=Avg("acknowledge_days"))["v"],
        "avg_finish": finished.aggregate(v=Avg("resolve_days"))["v"],
    }


def pdf_text(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "o31.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True)
    return normalise(out.stdout)


@pytest.fixture
def generate(report_through_job):
    def post_and_download(client, round_: str) -> tuple[Report, bytes]:
        content, _download, report = report_through_job(
            client, "/complaints/statistics/report/", {"year": "2564", "round": round_}
        )
        assert (report.kind, report.round) == ("o31", round_)
        return report, content

    return post_and_download


def row(numbers: dict) -> str:
    share = f"{100 * numbers['within'] / numbers['finished']:.1f}%" if numbers["finished"] else "—"
    return "".join(
        [
            str(numbers["received"]),
            str(numbers["finished"]),
            str(numbers["in_progress"]),
            str(numbers["not_handled"]),
            f"{numbers['avg_ack']:.1f}" if numbers["avg_ack"] is not None else "—",
            f"{numbers['avg_finish']:.1f}" if numbers["avg_finish"] is not None else "—",
            share,
        ]
    )


@pytest.mark.parametrize(("round_", "end"), [("h1", H1_END), ("full", at(2021, 9, 30, 23))])
def test_the_pdf_numbers_equal_the_database(client, users, fy2564, tmp_path, round_, end, generate):
    client.force_login(users["coordinator"])
    report, content = generate(client, round_)
    text = pdf_text(tmp_path, content)
    start = at(2020, 10, 1, 0)
    total = expected(start, end)
    corruption = expected(start, end, category__is_corruption=True)
    assert total["received"] == (10 if round_ == "full" else 9)
    assert "รวม" + row(total) in text
    corruption_row = row(corruption)
    corruption_row = corruption_row.replace(f"{corruption['avg_ack']:.1f}", "", 1)  # that table has no ack column
    assert corruption_row in text
    assert report.sha256
    assert len(content) == report.size
    evidence = Evidence.objects.get(report=report)
    assert evidence.oit_item.code == "O31"


def test_the_numbers_are_stable_in_the_pdf_even_with_html_in_a_category(
    client, users, fy2564, tmp_path, general, generate
):
    general.name_th = "<b>ทั่วไป</b>"
    general.save()
    client.force_login(users["coordinator"])
    _report, content = generate(client, "full")
    assert "<b>ทั่วไป</b>" in pdf_text(tmp_path, content)  # shown as text, not markup


def test_the_screen_hides_corruption_from_those_without_the_permission(client, users, fy2564, corruption_handler):
    client.force_login(users["coordinator"])
    page = client.get("/complaints/statistics/", {"year": "2564", "round": "full"}).content.decode()
    start, end = at(2020, 10, 1, 0), at(2021, 9, 30, 23)
    ordinary = expected(start, end, category__is_corruption=False)
    assert 'id="stats-corruption"' not in page
    assert "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ" not in page
    assert f"<td>{ordinary['received']}</td>" in page
    client.force_login(corruption_handler)
    page = client.get("/complaints/statistics/", {"year": "2564", "round": "full"}).content.decode()
    assert 'id="stats-corruption"' in page
    assert f"<td>{expected(start, end)['received']}</td>" in page


def test_generating_needs_a_post_and_the_coordinator(client, users, fy2564):
    client.force_login(users["coordinator"])
    assert client.get("/complaints/statistics/report/").status_code == 405
    client.force_login(users["staff"])
    assert client.post("/complaints/statistics/report/", {"year": "2564", "round": "full"}).status_code == 403
    assert not Report.objects.exists()


def test_the_statistics_page_has_a_fixed_number_of_queries(client, users, fy2564, django_assert_max_num_queries):
    client.force_login(users["coordinator"])
    with django_assert_max_num_queries(15):
        assert client.get("/complaints/statistics/", {"year": "2564", "round": "full"}).status_code == 200


def test_the_pdf_counts_by_channel_and_by_state_equal_the_database(
    client, users, fy2564, tmp_path, generate, general, own_department
):
    for when, channel in [(at(2021, 2, 3), "telephone"), (at(2021, 2, 4), "telephone"), (at(2021, 5, 6), "letter")]:
        file_complaint(general, when, department=own_department, channel=channel)
    client.force_login(users["coordinator"])
    _report, content = generate(client, "full")
    text = pdf_text(tmp_path, content)
    received = Complaint.objects.filter(received_at__gte=at(2020, 10, 1, 0), received_at__lte=at(2021, 9, 30, 23))
    by_channel = sorted(
        received.values_list("channel").annotate(n=Count("pk")).order_by(), key=lambda row: (-row[1], row[0])
    )
    by_state = dict(received.values_list("state").annotate(n=Count("pk")).order_by())
    assert len(by_channel) == 3  # web, telephone, letter
    assert len(by_state) >= 5
    with translation.override("th"):
        channels = [f"{Channel(key).label}{n}" for key, n in by_channel]
        states = [f"{State(key).label}{by_state[key]}" for key in State.values if key in by_state]
        headings = [str(_("By channel")), str(_("By state today"))]
    # The state table may run onto the next page, past the page's footer and header: each row in order.
    assert_in_order(text, [headings[0], *channels, headings[1], *states])


def assert_in_order(text: str, pieces: list[str]) -> None:
    position = 0
    for piece in map(normalise, pieces):
        found = text.find(piece, position)
        assert found >= 0, piece
        position = found + len(piece)
        assert not text[position].isdigit(), piece  # "รับเรื่อง5" is not the start of "รับเรื่อง51"


def chart_csv(page: str) -> list[list[str]]:
    figure = re.search(r'<figure class="chart" id="chart-figure-complaints-by-category">(.*?)</figure>', page, re.S)
    href = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)"', figure.group(1)).group(1)
    return list(csv.reader(io.StringIO(unquote(href).removeprefix("\ufeff"))))


def test_the_screen_charts_each_category_by_progress_without_what_the_user_may_not_see(
    client, users, fy2564, corruption_handler
):
    start, end = at(2020, 10, 1, 0), at(2021, 9, 30, 23)
    client.force_login(users["coordinator"])
    page = client.get("/complaints/statistics/", {"year": "2564", "round": "full"}).content.decode()
    general = expected(start, end, category__name_th="ร้องเรียน/ร้องทุกข์ทั่วไป")
    rows = chart_csv(page)
    assert rows[0] == ["ประเภท", "แล้วเสร็จ", "กำลังดำเนินการ", "ยังไม่ดำเนินการ"]
    assert rows[1] == [
        "ร้องเรียน/ร้องทุกข์ทั่วไป",
        str(general["finished"]),
        str(general["in_progress"]),
        str(general["not_handled"]),
    ]
    assert not any(row[0].endswith("*") for row in rows), "no corruption category without the permission"
    assert 'id="chart-complaints-by-category"' in page
    client.force_login(corruption_handler)
    rows = chart_csv(client.get("/complaints/statistics/", {"year": "2564", "round": "full"}).content.decode())
    corruption = expected(start, end, category__is_corruption=True)
    assert [row[1:] for row in rows if row[0].endswith(" *")] == [
        [str(corruption["finished"]), str(corruption["in_progress"]), str(corruption["not_handled"])]
    ]


def test_the_pdf_draws_the_chart_without_a_link(client, users, fy2564, tmp_path, generate):
    client.force_login(users["coordinator"])
    _report, content = generate(client, "full")
    text = pdf_text(tmp_path, content)
    # "Not yet handled" heads the two tables, and is the chart's third legend entry.
    assert text.count(normalise("ยังไม่ดำเนินการ")) == 3
    assert "data:text" not in text
