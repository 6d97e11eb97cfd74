"""Results: right numbers, only the points a user may see, filters, CSV of what the screen shows, fixed queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.fiscal import fiscal_year_of
from satisfaction import selectors, services
from satisfaction.models import Response

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
    assert overall.label == services.DEFAULT_QUESTIONS[0]
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
    services.question_set_for_today()
    client.force_login(users["coordinator"])
    outcome = client.get(URL, {"year": year, "period": f"m{start:%Y-%m}"}).context["results"]
    assert outcome.respondents == 2
    outcome = client.get(URL, {"year": year, "period": f"m{start:%Y-%m}", "point": point.pk}).context["results"]
    assert outcome.respondents == 1
    assert outcome.questions[0].mean == 5
    question = services.DEFAULT_QUESTIONS[2]
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
    fiscal_year = services.question_set_for_today().fiscal_year
    texts = ["ความสะอาดของสถานที่", *services.DEFAULT_QUESTIONS[1:]]
    services.question_set_revise(fiscal_year=fiscal_year, texts=texts, user=users["coordinator"])
    add_responses(point, [1])
    outcome = selectors.results(fiscal_year, selectors.service_points_visible(users["coordinator"]), fiscal_year.period)
    by_label = {tally.label: tally for tally in outcome.questions}
    assert by_label["ความสะอาดของสถานที่"].counts[1] == 1
    assert by_label["ความสะอาดของสถานที่"].n == 1
    assert by_label[services.DEFAULT_QUESTIONS[0]].counts[5] == 1
    assert by_label[services.DEFAULT_QUESTIONS[0]].n == 1
    assert by_label[services.DEFAULT_QUESTIONS[1]].n == 2


def test_csv_is_what_the_screen_shows(client, users, rated, point):
    client.force_login(users["staff"])
    screen = client.get(URL).context["results"]
    response = client.get(reverse("satisfaction:results_csv"))
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    question_rows = {row[0]: row for row in rows if row and row[0] in services.DEFAULT_QUESTIONS}
    assert len(question_rows) == len(screen.questions)
    for tally in screen.questions:
        assert question_rows[tally.label][1:5] == [str(tally.n), f"{tally.mean:.2f}", f"{tally.satisfied_pct:.2f}", "1"]
    assert any(row[:3] == ["งานทะเบียนราษฎร", point.department.name, "3"] for row in rows)
    assert sum(row[-1:] == ["บริการรวดเร็ว"] for row in rows) == 3
    assert "รอนาน" not in text


def test_a_citizen_s_comment_cannot_become_a_formula_in_the_csv(client, users, point):
    add_responses(point, [5], comment='=HYPERLINK("http://evil.example","ดูผล")')
    client.force_login(users["coordinator"])
    text = b"".join(client.get(reverse("satisfaction:results_csv")).streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[-1] for row in rows if row and "HYPERLINK" in row[-1]] == ['\'=HYPERLINK("http://evil.example","ดูผล")']


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_responses(client, users, point, other_point, django_assert_num_queries):
    client.force_login(users["coordinator"])
    add_responses(point, [4] * 5, comment="ดี")
    add_responses(other_point, [3] * 5)
    services.tallies_refresh()  # the first view of a day tallies the day before: not what is measured here
    client.get(URL)  # the organisation's profile is cached by the first page: not what is measured here
    few = _queries(client, URL)
    add_responses(point, [5, 4, 3, 2, 1] * 20, comment="ดีมาก")
    add_responses(other_point, [2] * 90)
    assert Response.objects.count() == 200
    with django_assert_num_queries(few):
        client.get(URL)
    with django_assert_num_queries(few):
        client.get(URL, {"page": "3"})


def test_closed_days_from_the_tallies_and_today_from_the_responses_add_up(users, point):
    from satisfaction.models import DailyTally

    yesterday = timezone.now() - datetime.timedelta(days=1, hours=1)
    add_responses(point, [5, 4], when=yesterday)
    add_responses(point, [1])  # today
    assert services.tallies_refresh() <= timezone.localdate()
    assert DailyTally.objects.filter(day=timezone.localtime(yesterday).date(), position=1).count() == 2
    fiscal_year = services.question_set_for_today().fiscal_year
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
