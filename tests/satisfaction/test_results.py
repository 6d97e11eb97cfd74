"""Results: right numbers, only the points a user may see, filters, CSV and XLSX of what the screen shows,
fixed queries."""

import csv
import datetime
import io
import re
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.fiscal import fiscal_year_of
from satisfaction import selectors, services
from satisfaction.models import DEFAULT_QUESTIONS, Response, ServicePoint

from .conftest import add_responses

pytestmark = pytest.mark.django_db

URL = reverse("satisfaction:results")


@pytest.fixture
def rated(point, other_point):
    add_responses(point, [5, 4, 3], comment="บริการรวดเร็ว")
    add_responses(other_point, [2, 2], comment="รอนาน")


def current_year() -> int:
    return fiscal_year_of(timezone.localdate())


def test_counts_means_distribution_and_share_satisfied(client, users, rated):
    client.force_login(users["coordinator"])
    response = client.get(URL)
    assert response.status_code == 200
    outcome = response.context["results"]
    assert outcome.respondents == 5
    overall = outcome.questions[0]
    assert overall.label == DEFAULT_QUESTIONS[0]
    assert overall.n == 5
    assert overall.mean == pytest.approx((5 + 4 + 3 + 2 + 2) / 5)
    assert overall.satisfied_pct == pytest.approx(40.0)
    assert [count for _score, count, _pct in overall.distribution] == [1, 1, 1, 2, 0]
    by_point = {result.point.name: result for result in outcome.points}
    assert by_point["งานทะเบียนราษฎร"].responses == 3
    assert by_point["งานทะเบียนราษฎร"].overall.mean == pytest.approx(4.0)
    assert by_point["งานจัดเก็บรายได้"].overall.satisfied_pct == 0
    html = response.content.decode()
    assert "3.20" in html
    assert "40.0%" in html
    assert "บริการรวดเร็ว" in html
    assert "รอนาน" in html


def chart_csv(html: str, key: str) -> list[list[str]]:
    figure = re.search(rf'<figure class="chart" id="chart-figure-{key}">(.*?)</figure>', html, re.S).group(1)
    href = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)"', figure).group(1)
    return list(csv.reader(io.StringIO(unquote(href).removeprefix("\ufeff"))))


def test_the_page_charts_the_means_with_a_table_and_a_csv_of_the_same_figures(client, users, rated):
    client.force_login(users["coordinator"])
    html = client.get(URL).content.decode()
    assert 'id="chart-means-by-question"' in html
    assert 'id="chart-means-by-point"' in html
    assert chart_csv(html, "means-by-point") == [
        ["จุดบริการ", "ค่าเฉลี่ย (เต็ม 5)"],
        ["งานทะเบียนราษฎร", "4.00"],
        ["งานจัดเก็บรายได้", "2.00"],
    ]
    assert chart_csv(html, "means-by-question")[1] == [DEFAULT_QUESTIONS[0], "3.20"]
    folded = re.search(r'id="chart-figure-means-by-point">.*?<details.*?<table.*?</table>', html, re.S).group(0)
    assert '<th scope="row">งานทะเบียนราษฎร</th><td class="num">4.00</td>' in folded


def test_a_chart_shows_only_what_the_user_may_see(client, users, rated):
    client.force_login(users["staff"])
    html = client.get(URL).content.decode()
    assert chart_csv(html, "means-by-point")[1:] == [["งานทะเบียนราษฎร", "4.00"]]
    assert "งานจัดเก็บรายได้" not in html


def test_a_period_without_ratings_says_there_is_nothing_to_chart(client, users, point):
    client.force_login(users["coordinator"])
    html = client.get(URL).content.decode()
    assert html.count("ไม่มีตัวเลขสำหรับแสดงเป็นแผนภูมิในช่วงนี้") == 2
    assert "<svg" not in html


def test_staff_see_only_their_departments_points(client, users, rated):
    client.force_login(users["staff"])
    response = client.get(URL)
    assert [result.point.name for result in response.context["results"].points] == ["งานทะเบียนราษฎร"]
    assert response.context["results"].respondents == 3
    assert "รอนาน" not in response.content.decode()
    # Asking for the other department's point by id shows nothing of it.
    other = response.context["form"].fields["point"].queryset
    assert [p.name for p in other] == ["งานทะเบียนราษฎร"]


@pytest.mark.parametrize(("role", "status"), [("executive", 200), ("auditor", 200), ("no_role", 403)])
def test_who_may_see_results(client, users, rated, role, status):
    client.force_login(users[role])
    assert client.get(URL).status_code == status
    assert client.get(reverse("satisfaction:results_csv")).status_code == status
    assert client.get(reverse("satisfaction:results_xlsx")).status_code == status


def test_visitors_are_sent_to_log_in(client, rated):
    assert client.get(URL).status_code == 302


def test_filters_by_point_question_and_month(client, users, point, other_point):
    year = current_year()
    start = datetime.date(year - 544, 10, 1)
    in_october = timezone.make_aware(datetime.datetime.combine(start, datetime.time(10)))
    in_november = timezone.make_aware(datetime.datetime.combine(start.replace(month=11), datetime.time(10)))
    add_responses(point, [5], when=in_october)
    add_responses(point, [1, 1], when=in_november)
    add_responses(other_point, [3], when=in_october)
    selectors.question_set_for_today()
    client.force_login(users["coordinator"])
    outcome = client.get(URL, {"year": year, "period": f"m{start:%Y-%m}"}).context["results"]
    assert outcome.respondents == 2
    outcome = client.get(URL, {"year": year, "period": f"m{start:%Y-%m}", "point": point.pk}).context["results"]
    assert outcome.respondents == 1
    assert outcome.questions[0].mean == 5
    question = DEFAULT_QUESTIONS[2]
    outcome = client.get(URL, {"year": year, "question": question}).context["results"]
    assert [tally.label for tally in outcome.questions] == [question]
    assert outcome.questions[0].n == 4


def test_nonsense_filters_do_not_break_the_page(client, users, rated):
    client.force_login(users["coordinator"])
    response = client.get(URL, {"year": "abc", "period": "m9999-99", "point": "x", "department": "-1", "page": "z"})
    assert response.status_code == 200
    assert response.context["results"].respondents == 5


def test_edited_questions_are_not_mixed_with_the_old_ones(client, users, point):
    add_responses(point, [5])
    fiscal_year = selectors.question_set_for_today().fiscal_year
    texts = ["ความสะอาดของสถานที่", *DEFAULT_QUESTIONS[1:]]
    services.question_set_revise(fiscal_year=fiscal_year, texts=texts, user=users["coordinator"])
    add_responses(point, [1])
    outcome = selectors.results(fiscal_year, selectors.service_points_visible(users["coordinator"]), fiscal_year.period)
    by_label = {tally.label: tally for tally in outcome.questions}
    assert by_label["ความสะอาดของสถานที่"].counts[1] == 1
    assert by_label["ความสะอาดของสถานที่"].n == 1
    assert by_label[DEFAULT_QUESTIONS[0]].counts[5] == 1
    assert by_label[DEFAULT_QUESTIONS[0]].n == 1
    assert by_label[DEFAULT_QUESTIONS[1]].n == 2


def test_csv_is_what_the_screen_shows(client, users, rated, point):
    client.force_login(users["staff"])
    screen = client.get(URL).context["results"]
    response = client.get(reverse("satisfaction:results_csv"))
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    question_rows = {row[0]: row for row in rows if row and row[0] in DEFAULT_QUESTIONS}
    assert len(question_rows) == len(screen.questions)
    for tally in screen.questions:
        assert question_rows[tally.label][1:5] == [str(tally.n), f"{tally.mean:.2f}", f"{tally.satisfied_pct:.2f}", "1"]
    assert any(row[:3] == ["งานทะเบียนราษฎร", point.department.name, "3"] for row in rows)
    assert sum(row[-1:] == ["บริการรวดเร็ว"] for row in rows) == 3
    assert "รอนาน" not in text


def test_the_xlsx_has_the_csv_s_rows_with_numbers_and_dates_typed(client, users, rated, point):
    client.force_login(users["staff"])
    screen = client.get(URL).context["results"]
    text = b"".join(client.get(reverse("satisfaction:results_csv")).streaming_content).decode("utf-8")
    csv_rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    response = client.get(reverse("satisfaction:results_xlsx"))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    # Cells written, without the blank ones openpyxl pads each row with up to the widest.
    xlsx_rows = [[cell for cell in row if cell.value is not None] for row in sheet.iter_rows()]
    assert len(xlsx_rows) == len(csv_rows), "one row source"
    start = xlsx_rows[0][3]
    assert start.is_date
    assert start.value.date().isoformat() == csv_rows[0][3]
    assert "[$-107041E]" in start.number_format
    as_of = xlsx_rows[2][1]
    assert as_of.is_date
    assert as_of.value.strftime("%Y-%m-%d %H:%M") == csv_rows[2][1]
    by_label = {row[0].value: row for row in xlsx_rows if row and row[0].value in DEFAULT_QUESTIONS}
    for tally in screen.questions:
        label, answers, mean, satisfied, *_rest = by_label[tally.label]
        assert (answers.data_type, answers.value) == ("n", tally.n)
        assert mean.data_type == "n"
        assert Decimal(str(mean.value)) == Decimal(f"{tally.mean:.2f}")
        assert mean.number_format == "0.00"
        assert satisfied.data_type == "n"
        assert Decimal(str(satisfied.value)) == Decimal(f"{tally.satisfied_pct:.2f}")
    comments = [row for row in xlsx_rows if row and row[-1].value == "บริการรวดเร็ว"]
    assert len(comments) == 3
    assert all(row[0].is_date for row in comments)


def test_a_citizen_s_comment_cannot_become_a_formula_in_the_csv(client, users, point):
    add_responses(point, [5], comment='=HYPERLINK("http://evil.example","ดูผล")')
    client.force_login(users["coordinator"])
    text = b"".join(client.get(reverse("satisfaction:results_csv")).streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[-1] for row in rows if row and "HYPERLINK" in row[-1]] == ['\'=HYPERLINK("http://evil.example","ดูผล")']
    content = b"".join(client.get(reverse("satisfaction:results_xlsx")).streaming_content)
    cells = [cell for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]
    [comment] = [cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert comment.data_type == "s"
    assert comment.quotePrefix
    assert comment.value == '=HYPERLINK("http://evil.example","ดูผล")'


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_responses(
    client, users, point, other_point, django_assert_num_queries, time_machine
):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0)), tick=False)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    client.force_login(users["coordinator"])
    add_responses(point, [4] * 5, comment="ดี")
    add_responses(other_point, [3] * 5, when=yesterday)
    services.tallies_refresh()  # the first view of a day tallies the day before: not what is measured here
    client.get(URL)  # the organisation's profile is cached by the first page: not what is measured here
    few = _queries(client, URL)
    few_in_a_department = _queries(client, f"{URL}?department={other_point.department_id}")
    # More responses, points, departments, genders and age bands, on tallied days and today.
    third = ServicePoint.objects.create(name="งานสาธารณสุข", department=other_point.department)
    add_responses(point, [5, 4, 3, 2, 1] * 20, comment="ดีมาก", gender="f", age_band="31")
    add_responses(other_point, [2] * 40, gender="m", age_band="u20")
    add_responses(third, [5] * 30, when=yesterday, gender="o", age_band="60")
    add_responses(third, [4] * 20, when=yesterday - datetime.timedelta(days=3), age_band="41")
    services.tallies_refresh()
    assert Response.objects.count() == 200
    outcome = client.get(URL).context["results"]
    assert (len(outcome.points), len(outcome.departments)) == (3, 2)
    assert sum(row.count for row in client.get(URL).context["profile"].age_band) == 200
    with django_assert_num_queries(few):
        client.get(URL)
    with django_assert_num_queries(few):
        client.get(URL, {"page": "3"})
    with django_assert_num_queries(few_in_a_department):
        client.get(URL, {"department": other_point.department_id})


def test_closed_days_from_the_tallies_and_today_from_the_responses_add_up(users, point):
    from satisfaction.models import DailyTally

    yesterday = timezone.now() - datetime.timedelta(days=1, hours=1)
    add_responses(point, [5, 4], when=yesterday)
    add_responses(point, [1])  # today
    assert services.tallies_refresh() <= timezone.localdate()
    assert DailyTally.objects.filter(day=timezone.localtime(yesterday).date(), position=1).count() == 2
    fiscal_year = selectors.question_set_for_today().fiscal_year
    visible = selectors.service_points_visible(users["coordinator"])
    outcome = selectors.results(fiscal_year, visible, fiscal_year.period)
    assert outcome.respondents == 3
    assert outcome.questions[0].counts == {5: 1, 4: 1, 3: 0, 2: 0, 1: 1}
    # A late import into a tallied day is counted once the tallies are refreshed.
    add_responses(point, [2], when=yesterday)
    services.tallies_refresh()
    outcome = selectors.results(fiscal_year, visible, fiscal_year.period)
    assert outcome.respondents == 4
    assert outcome.questions[0].counts[2] == 1
    assert DailyTally.objects.filter(position=1).count() == 3


@pytest.mark.parametrize("tallied", [False, True], ids=["live", "tallied"])
def test_a_form_opened_on_30_september_and_sent_on_1_october_counts_under_its_questions(
    users, point, tallied, without_framework
):
    """Its answers are to the previous year's questions: they appear under them, not under nothing."""
    from core.models import FiscalYear

    year_before = FiscalYear.objects.create(year=2563)
    year = FiscalYear.objects.create(year=2564)
    seen = services.question_set_ensure(year_before)
    services.question_set_revise(
        fiscal_year=year_before, texts=[*DEFAULT_QUESTIONS, "ความสะอาดของสถานที่"], user=users["coordinator"]
    )
    seen = services.question_set_ensure(year_before)
    services.question_set_ensure(year)  # the new year's own questions (the six, copied) exist too
    first_of_october = timezone.make_aware(datetime.datetime(2020, 10, 1, 0, 5))
    add_responses(point, [4], when=first_of_october, question_set=seen)
    Response.objects.update(score_7=5)
    if tallied:
        services.tallies_refresh()
    outcome = selectors.results(year, selectors.service_points_visible(users["coordinator"]), year.period)
    assert outcome.respondents == 1
    by_label = {tally.label: tally for tally in outcome.questions}
    assert by_label[DEFAULT_QUESTIONS[0]].counts[4] == 1
    assert by_label["ความสะอาดของสถานที่"].counts[5] == 1
    assert sum(tally.n for tally in outcome.questions) == 7
    assert outcome.points[0].overall.n == 7


@pytest.fixture
def profiled(point, other_point, time_machine):
    # Mid-year, so that yesterday (read from the tallies) and today are in the same fiscal year.
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0)), tick=False)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    add_responses(point, [5, 4], when=yesterday, gender="f", age_band="31")
    add_responses(point, [3], gender="m", age_band="60")
    add_responses(other_point, [2], gender="f")
    add_responses(other_point, [5])
    services.tallies_refresh()  # yesterday from the tallies, today live


def test_the_respondent_profile_counts_gender_and_age(client, users, profiled):
    client.force_login(users["coordinator"])
    response = client.get(URL)
    profile = response.context["profile"]
    assert [(row.label, row.count) for row in profile.gender] == [
        ("ชาย", 1),
        ("หญิง", 3),
        ("อื่น ๆ / ไม่ประสงค์จะระบุ", 0),
        ("ไม่ระบุ", 1),
    ]
    assert {row.label: row.count for row in profile.age_band} == {
        "ต่ำกว่า 20 ปี": 0,
        "20–30 ปี": 0,
        "31–40 ปี": 2,
        "41–50 ปี": 0,
        "51–60 ปี": 0,
        "มากกว่า 60 ปี": 1,
        "ไม่ระบุ": 2,
    }
    assert [row.pct for row in profile.gender] == [20.0, 60.0, 0.0, 20.0]
    html = response.content.decode()
    assert 'id="profile-gender"' in html
    assert 'id="profile-age_band"' in html
    assert "60.0%" in html
    # The same filters as the rest of the page.
    staff = client.get(URL, {"department": users["staff"].profile.department_id}).context["profile"]
    assert sum(row.count for row in staff.gender) == 3


def test_per_point_distribution_and_per_department_table(client, users, profiled, point, other_point):
    client.force_login(users["coordinator"])
    response = client.get(URL)
    outcome = response.context["results"]
    by_point = {result.point.pk: result for result in outcome.points}
    assert [count for _s, count, _p in by_point[point.pk].overall.distribution] == [6, 6, 6, 0, 0]
    assert [departments.department for departments in outcome.departments] == [point.department, other_point.department]
    own, other = outcome.departments
    assert (own.responses, own.overall.mean, own.overall.satisfied_pct) == (
        3,
        pytest.approx(4.0),
        pytest.approx(200 / 3),
    )
    assert (other.responses, other.overall.mean, other.overall.satisfied_pct) == (2, pytest.approx(3.5), 50.0)
    html = response.content.decode()
    assert 'id="by-department"' in html
    assert "66.7%" in html
    assert "(33%)" in html, "the per-point distribution shows each score's share"


def test_the_department_filter(client, users, profiled, point, other_point):
    client.force_login(users["coordinator"])
    outcome = client.get(URL, {"department": other_point.department_id}).context["results"]
    assert [result.point for result in outcome.points] == [other_point]
    assert outcome.respondents == 2
    assert [result.department for result in outcome.departments] == [other_point.department]
    assert outcome.questions[0].n == 2
    # Staff cannot reach another department's points by choosing it.
    client.force_login(users["staff"])
    response = client.get(URL, {"department": other_point.department_id})
    assert response.context["results"].respondents == 3
    assert [result.point for result in response.context["results"].points] == [point]


def test_csv_has_the_breakdowns_and_the_profile_the_screen_shows(client, users, profiled, point, other_point):
    client.force_login(users["coordinator"])
    page = client.get(URL)
    screen = page.context["results"]
    text = b"".join(client.get(reverse("satisfaction:results_csv")).streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert ["จำนวนผู้ตอบแบบประเมิน", "5"] in rows
    header = next(row for row in rows if row and row[0] == "ข้อคำถาม")
    assert header[4:] == ["5", "4", "3", "2", "1", "5 (%)", "4 (%)", "3 (%)", "2 (%)", "1 (%)"]
    for tally in screen.questions:
        row = next(row for row in rows if row and row[0] == tally.label)
        assert row[9:] == [f"{pct:.2f}" for _score, _count, pct in tally.distribution]
    for result in screen.points:
        row = next(row for row in rows if row[:2] == [result.point.name, result.point.department.name])
        overall = result.overall
        assert row[2:] == [
            str(result.responses),
            f"{overall.mean:.2f}",
            f"{overall.satisfied_pct:.2f}",
            *(str(count) for _s, count, _p in overall.distribution),
            *(f"{pct:.2f}" for _s, _c, pct in overall.distribution),
        ]
    for department in screen.departments:
        assert [
            department.department.name,
            str(department.responses),
            f"{department.overall.mean:.2f}",
            f"{department.overall.satisfied_pct:.2f}",
        ] in rows
    for _key, heading, profile_rows in page.context["profile"].tables:
        assert [str(heading), "จำนวนผู้ตอบแบบประเมิน", "สัดส่วน (%)"] in rows
        for row in profile_rows:
            assert [row.label, str(row.count), f"{row.pct:.2f}"] in rows


def test_upgrading_gives_the_days_already_tallied_their_profile(users, point, time_machine):
    """Migration 0004: the profile of days tallied before it existed comes from the migration, not a slow page."""
    import importlib

    from django.apps import apps

    from satisfaction.models import DailyProfileTally

    migration = importlib.import_module("satisfaction.migrations.0004_daily_profile_tally")
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0)), tick=False)
    add_responses(point, [5, 4], when=timezone.now() - datetime.timedelta(days=2), gender="f", age_band="20")
    add_responses(point, [3], gender="m")  # today: not tallied yet
    services.tallies_refresh()
    DailyProfileTally.objects.all().delete()  # as it was before the migration
    migration.tally_profiles_of_tallied_days(apps, None)
    assert list(DailyProfileTally.objects.values_list("gender", "age_band", "count")) == [("f", "20", 2)]
    fiscal_year = selectors.question_set_for_today().fiscal_year
    profile = selectors.results(
        fiscal_year, selectors.service_points_visible(users["coordinator"]), fiscal_year.period, with_profile=True
    ).profile
    assert [row.count for row in profile.gender] == [1, 2, 0, 0]
