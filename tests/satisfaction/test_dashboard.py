"""The satisfaction panel on the signed-in home page: the year's ratings for those who may see them."""

import datetime

from django.utils import timezone

from satisfaction import services

from .conftest import add_responses

IN_FY2564 = timezone.make_aware(datetime.datetime(2021, 2, 15, 10))


def test_executives_see_the_year_s_ratings_on_the_home_page(client, users, fiscal_year, point, other_point):
    questions = services.question_set_ensure(fiscal_year)
    add_responses(point, [5, 4, 3], when=IN_FY2564, question_set=questions)
    add_responses(other_point, [2, 1], when=IN_FY2564, question_set=questions)
    client.force_login(users["executive"])
    page = client.get("/", {"year": 2564}).content.decode()
    assert 'id="panel-satisfaction"' in page
    assert '<span class="fs-4 fw-bold" data-figure="respondents">5</span>' in page
    assert '<strong data-figure="mean">3.00</strong>' in page  # (5+4+3+2+1)/5 on every question
    assert '<strong data-figure="satisfied">40.0%</strong>' in page  # 4s and 5s: 2 of 5
    assert "งานทะเบียนราษฎร" in page
    assert "งานจัดเก็บรายได้" in page


def test_staff_see_their_department_s_points_only(client, users, fiscal_year, point, other_point):
    questions = services.question_set_ensure(fiscal_year)
    add_responses(point, [5], when=IN_FY2564, question_set=questions)
    add_responses(other_point, [1], when=IN_FY2564, question_set=questions)
    client.force_login(users["staff"])
    page = client.get("/", {"year": 2564}).content.decode()
    assert '<span class="fs-4 fw-bold" data-figure="respondents">1</span>' in page
    assert "งานจัดเก็บรายได้" not in page


def test_a_user_without_the_permission_gets_no_panel(client, users, fiscal_year, point):
    client.force_login(users["no_role"])
    assert 'id="panel-satisfaction"' not in client.get("/", {"year": 2564}).content.decode()
