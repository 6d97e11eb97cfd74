"""Opening a satisfaction page writes nothing: fiscal years and their questions come from whoever creates
a year (the daily schedule, the framework loader, the demo, the coordinator), the tallies from a nightly task."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.fiscal import fiscal_year_of
from core.models import FiscalYear
from satisfaction import selectors, services, tasks
from satisfaction.models import DEFAULT_QUESTIONS, DailyTally, QuestionSet, Response, TallyWatermark

from .conftest import add_responses

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def writes_of(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return response.status_code, [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]


def test_no_page_writes_even_on_the_first_view_of_a_day(client, users, point):
    add_responses(point, [5, 4], when=timezone.now() - datetime.timedelta(days=2), comment="ดี")
    add_responses(point, [3])
    watermark = selectors.tallied_until()
    client.force_login(users["coordinator"])
    pages = [
        reverse("satisfaction:rate", args=[point.token]),
        reverse("satisfaction:questions_edit"),
        reverse("satisfaction:results"),
        reverse("satisfaction:results_csv"),
        reverse("satisfaction:o16"),
        reverse("satisfaction:point_list"),
        reverse("satisfaction:point_detail", args=[point.pk]),
    ]
    for url in pages:
        assert writes_of(client, url) == (200, []), url
    assert selectors.tallied_until() == watermark  # the days before today are still read live
    assert client.get(reverse("satisfaction:results")).context["results"].respondents == 3


@pytest.mark.parametrize("page", ["questions_edit", "results", "results_csv", "o16"])
def test_a_year_not_in_the_portal_is_said_so_and_not_created(client, users, this_year, page):
    client.force_login(users["coordinator"])
    missing = this_year.year + 5
    status, writes = writes_of(client, f"{reverse(f'satisfaction:{page}')}?year={missing}")
    assert (status, writes) == (404, [])
    html = client.get(f"{reverse(f'satisfaction:{page}')}?year={missing}").content.decode()
    assert f"ไม่มีปีงบประมาณ {missing} ในระบบ" in html
    assert f"?year={this_year.year}" in html, "the years that exist are offered"
    assert not FiscalYear.objects.filter(year=missing).exists()


def test_the_results_say_how_fresh_they_are(client, users, point, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 12, 1, 13, 5)), tick=False)
    add_responses(point, [5])
    client.force_login(users["coordinator"])
    html = client.get(reverse("satisfaction:results")).content.decode()
    assert "ข้อมูล ณ 1 ธันวาคม 2569 เวลา 13:05 น." in html
    csv_text = b"".join(client.get(reverse("satisfaction:results_csv")).streaming_content).decode()
    assert "ข้อมูล ณ,2026-12-01 13:05" in csv_text  # local time, as Excel reads a date and time back


@pytest.mark.usefixtures("without_framework")
def test_a_new_fiscal_year_gets_the_questions_of_the_year_before_when_it_is_created(users):
    before = FiscalYear.objects.create(year=2563)
    assert list(selectors.questions_of(before)[1]) == DEFAULT_QUESTIONS
    revised = ["ความสะอาดของสถานที่", *DEFAULT_QUESTIONS]
    services.question_set_revise(fiscal_year=before, texts=revised, user=users["coordinator"])
    year = FiscalYear.objects.create(year=2564)  # as the daily schedule, the loader or the admin do
    question_set = QuestionSet.objects.get(fiscal_year=year)
    assert question_set.version == 1
    assert list(question_set.questions.values_list("text", flat=True)) == revised


def test_before_the_schedule_creates_the_new_year_the_form_asks_the_year_before_s_questions(
    client, db, organisation, own_department, time_machine
):
    from satisfaction.models import ServicePoint

    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 10, 1, 0, 30)), tick=False)
    year = fiscal_year_of(timezone.localdate())
    last_year = FiscalYear.objects.create(year=year - 1)
    point = ServicePoint.objects.create(name="งานทะเบียนราษฎร", department=own_department)
    url = reverse("satisfaction:rate", args=[point.token])
    assert writes_of(client, url) == (200, [])
    assert selectors.question_set_for_today() == QuestionSet.objects.get(fiscal_year=last_year)
    FiscalYear.objects.create(year=year)  # the 07:00 run; the cached form follows at once
    assert selectors.question_set_for_today().fiscal_year.year == year


@pytest.mark.usefixtures("without_framework")
def test_before_any_fiscal_year_the_form_says_it_is_not_ready(client, db, organisation, own_department):
    from satisfaction.models import ServicePoint

    point = ServicePoint.objects.create(name="งานทะเบียนราษฎร", department=own_department)
    status, writes = writes_of(client, reverse("satisfaction:rate", args=[point.token]))
    assert (status, writes) == (200, [])
    assert "แบบประเมินยังไม่พร้อมใช้งาน" in client.get(reverse("satisfaction:rate", args=[point.token])).content.decode()
    assert not FiscalYear.objects.exists()


def test_the_nightly_task_tallies_the_days_that_closed(point):
    add_responses(point, [5, 4], when=timezone.now() - datetime.timedelta(days=1, hours=1))
    add_responses(point, [3])
    assert not DailyTally.objects.exists()
    tallied = tasks.refresh_tallies()
    assert tallied == TallyWatermark.objects.get().tallied_until.isoformat()
    assert DailyTally.objects.filter(position=1).aggregate(n=Sum("count"))["n"] == 2
    assert Response.objects.count() == 3


def test_the_nightly_task_is_scheduled_after_midnight_in_bangkok():
    task = PeriodicTask.objects.select_related("crontab").get(task="satisfaction.tasks.refresh_tallies")
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == ("15", "0", "Asia/Bangkok")
