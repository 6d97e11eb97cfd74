"""The public rating form: what a citizen sees, and every way a submission can go wrong."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from satisfaction import selectors
from satisfaction.models import DEFAULT_QUESTIONS, Response

from .conftest import answers, form_token_of

pytestmark = pytest.mark.django_db


def open_form(client, point):
    response = client.get(reverse("satisfaction:rate", args=[point.token]))
    assert response.status_code == 200
    return response, form_token_of(response.content.decode())


def send(client, point, data, **extra):
    return client.post(reverse("satisfaction:rate", args=[point.token]), data, **extra)


def test_form_is_small_thai_and_accessible(client, point):
    response, _token = open_form(client, point)
    html = response.content.decode()
    linked_css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    css_bytes = sum(Path(finders.find(href.removeprefix("/static/"))).stat().st_size for href in linked_css)
    assert len(response.content) + css_bytes < 50_000
    assert '<html lang="th">' in html
    assert "<script" not in html
    assert "<img" not in html
    assert not re.search(r'(src|href)="https?://', html), "no external requests"
    questions = selectors.question_set_for_today().questions.all()
    assert html.count('<fieldset class="scale"') == len(questions)
    for question in questions:
        assert f"<legend>{question.position}. {question.text}</legend>" in html
    # Every radio button and input has a label that names it.
    for input_id in re.findall(r'<input type="(?:radio|text)" name="[^"]+"[^>]* id="([^"]+)"', html):
        assert f'for="{input_id}"' in html
    assert 'for="id_comment"' in html
    assert "มากที่สุด" in html
    assert "น้อยที่สุด" in html


def test_a_rating_is_stored_once_with_its_question_set_version(client, point):
    _response, token = open_form(client, point)
    response = send(client, point, answers(token, 4, comment="บริการดี", gender="f", age_band="31"))
    assert response.status_code == 200
    assert "ขอบคุณ" in response.content.decode()
    stored = Response.objects.get()
    assert stored.service_point == point
    assert stored.question_set == selectors.question_set_for_today()
    assert [getattr(stored, f"score_{p}") for p in range(1, 7)] == [4] * 6
    assert (stored.comment, stored.gender, stored.age_band) == ("บริการดี", "f", "31")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"q1": "6"}, "กรุณาเลือกคะแนน 1 ถึง 5"),
        ({"q2": "abc"}, "กรุณาเลือกคะแนน 1 ถึง 5"),
        ({"q3": "0"}, "กรุณาเลือกคะแนน 1 ถึง 5"),
        ({"q4": ""}, "กรุณาเลือกคะแนนของข้อนี้"),
    ],
)
def test_a_bad_rating_is_refused_clearly_and_nothing_stored(client, point, change, message):
    _response, token = open_form(client, point)
    response = send(client, point, answers(token, 5, comment="ข้อความที่พิมพ์ไว้") | change)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "ข้อความที่พิมพ์ไว้" in html, "what the citizen typed is kept"
    assert Response.objects.count() == 0


def test_a_missing_question_is_refused(client, point):
    _response, token = open_form(client, point)
    data = answers(token)
    del data["q6"]
    assert send(client, point, data).status_code == 400
    assert Response.objects.count() == 0


def test_a_100_kb_comment_is_refused_and_kept_in_the_form(client, point):
    _response, token = open_form(client, point)
    response = send(client, point, answers(token, comment="ก" * 100_000))
    assert response.status_code == 400
    assert "ไม่เกิน 1000 ตัวอักษร" in response.content.decode()
    assert Response.objects.count() == 0


def test_an_unknown_token_is_a_thai_404(client, db, organisation):
    response = client.get(reverse("satisfaction:rate", args=["no-such-point"]))
    assert response.status_code == 404
    assert "ไม่พบแบบประเมิน" in response.content.decode()
    assert client.post(reverse("satisfaction:rate", args=["no-such-point"]), {}).status_code == 404


def test_an_inactive_point_shows_a_notice_and_stores_nothing(client, point):
    _response, token = open_form(client, point)
    point.is_active = False
    point.save()
    page = client.get(reverse("satisfaction:rate", args=[point.token])).content.decode()
    assert "ไม่ได้เปิดรับการประเมิน" in page
    assert "<form" not in page
    response = send(client, point, answers(token))
    assert "ไม่ได้เปิดรับการประเมิน" in response.content.decode()
    assert Response.objects.count() == 0


def test_a_forged_token_is_refused_and_the_answers_kept_with_a_fresh_token(client, point):
    _response, token = open_form(client, point)
    response = send(client, point, answers(token[:-3] + "xyz", 2))
    assert response.status_code == 400
    html = response.content.decode()
    assert "แบบประเมินหมดอายุ" in html
    assert 'value="2" required id="id_q1_3" checked' in html or re.search(r'value="2"[^>]*checked', html)
    fresh = form_token_of(html)
    assert fresh != token[:-3] + "xyz"
    assert Response.objects.count() == 0
    assert send(client, point, answers(fresh, 2)).status_code == 200
    assert Response.objects.count() == 1


def test_a_token_for_another_point_is_refused(client, point, other_point):
    _response, token = open_form(client, other_point)
    assert send(client, point, answers(token)).status_code == 400
    assert Response.objects.count() == 0


def test_an_expired_token_is_refused(client, point, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _response, token = open_form(client, point)
    time_machine.shift(settings.SATISFACTION_FORM_MAX_AGE + 60)
    assert send(client, point, answers(token)).status_code == 400
    assert Response.objects.count() == 0


def test_a_double_tap_or_replay_stores_one_response(client, point):
    _response, token = open_form(client, point)
    first = send(client, point, answers(token))
    again = send(client, point, answers(token))
    assert first.status_code == again.status_code == 200
    assert "นับเพียงครั้งเดียว" in again.content.decode()
    assert Response.objects.count() == 1


def test_the_honeypot_gets_a_thank_you_and_nothing_is_stored(client, point):
    _response, token = open_form(client, point)
    response = send(client, point, answers(token, website="http://spam.example"))
    assert response.status_code == 200
    assert "ขอบคุณ" in response.content.decode()
    assert Response.objects.count() == 0


def test_a_flood_from_one_address_is_limited_without_blocking_others(client, point, settings, time_machine):
    settings.SATISFACTION_RATE_LIMIT = "3/m"
    # The limit counts in windows of the clock: on a slow machine the loop must not straddle two of them.
    time_machine.move_to(timezone.now(), tick=False)
    statuses = []
    for _attempt in range(6):
        _response, token = open_form(client, point)
        statuses.append(send(client, point, answers(token), REMOTE_ADDR="203.0.113.7").status_code)
    assert statuses == [200, 200, 200, 429, 429, 429]
    limited = send(client, point, answers(open_form(client, point)[1]), REMOTE_ADDR="203.0.113.7")
    assert "กรุณารอสักครู่" in limited.content.decode()
    # Someone else at the counter is not affected.
    assert send(client, point, answers(open_form(client, point)[1]), REMOTE_ADDR="198.51.100.9").status_code == 200
    assert Response.objects.count() == 4


def test_forged_forwarded_addresses_do_not_escape_the_limit(client, point, settings):
    settings.SATISFACTION_RATE_LIMIT = "2/m"
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = []
    for attempt in range(4):
        _response, token = open_form(client, point)
        forged = {"HTTP_X_FORWARDED_FOR": f"10.1.1.{attempt}, 203.0.113.7"}
        statuses.append(send(client, point, answers(token), **forged).status_code)
    assert statuses == [200, 200, 429, 429]
    assert Response.objects.count() == 2


def test_the_thank_you_page_links_to_the_public_site(client, point):
    _response, token = open_form(client, point)
    html = send(client, point, answers(token)).content.decode()
    assert f'href="{reverse("home")}"' in html


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="form_token" value="[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_cached_blank_form_is_the_form(client, point):
    url = reverse("satisfaction:rate", args=[point.token])
    first = client.get(url).content.decode()  # the cache starts empty in every test: rendered in full
    second = client.get(url).content.decode()  # the fields from the cache
    assert _without_tokens(first) == _without_tokens(second)
    assert form_token_of(first) != form_token_of(second), "each citizen still gets a token of their own"


def test_changing_a_point_s_service_types_shows_at_once(client, point):
    url = reverse("satisfaction:rate", args=[point.token])
    client.get(url)  # caches the blank form
    point.service_types = "แจ้งเกิด\nคัดสำเนาทะเบียนบ้าน"
    point.save()
    assert "คัดสำเนาทะเบียนบ้าน" in client.get(url).content.decode()


def test_once_warm_the_form_reads_nothing_and_a_rating_is_one_insert(client, point, django_assert_num_queries):
    # A queue of phones at one counter: the point, the year's questions and the organisation come
    # from the cache, so the database sees only the rating itself.
    selectors.question_set_for_today()  # the year's questions exist, as after the year's first form
    send(client, point, answers(open_form(client, point)[1]))  # the first citizen warms the cache
    with django_assert_num_queries(0):
        _response, token = open_form(client, point)
    with CaptureQueriesContext(connection) as queries:
        assert "ขอบคุณ" in send(client, point, answers(token)).content.decode()
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1
    assert statements[0].startswith('INSERT INTO "satisfaction_response"')
    assert Response.objects.count() == 2


def test_the_coordinator_s_changes_reach_the_cached_form_at_once(client, users, point):
    open_form(client, point)  # cached now
    client.force_login(users["coordinator"])
    revised = "\n".join([*DEFAULT_QUESTIONS[:5], "ท่านจะแนะนำบริการนี้ให้ผู้อื่นหรือไม่"])
    assert client.post(reverse("satisfaction:questions_edit"), {"questions": revised}).status_code == 302
    html = open_form(client, point)[0].content.decode()
    assert "ท่านจะแนะนำบริการนี้ให้ผู้อื่นหรือไม่" in html
    assert DEFAULT_QUESTIONS[5] not in html

    edit = {"name": point.name, "department": point.department_id, "location": point.location, "service_types": ""}
    assert client.post(reverse("satisfaction:point_edit", args=[point.pk]), edit).status_code == 302  # unticked
    page = client.get(reverse("satisfaction:rate", args=[point.token])).content.decode()
    assert "ไม่ได้เปิดรับการประเมิน" in page


def test_made_up_tokens_are_not_kept_in_the_cache(client, db):
    from django.core.cache import cache

    from satisfaction.selectors import point_key

    assert client.get(reverse("satisfaction:rate", args=["made-up-1"])).status_code == 404
    assert cache.get(point_key("made-up-1")) is None


def test_the_form_works_when_the_browser_keeps_no_csrf_cookie(db, point):
    """Blocked cookies, or a plain-HTTP site with CSRF_COOKIE_SECURE: the one-time form token is enough."""
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(reverse("satisfaction:rate", args=[point.token]))
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "csrftoken" not in page.cookies, "an anonymous citizen gets no cookie"
    strict.cookies.clear()
    response = strict.post(
        reverse("satisfaction:rate", args=[point.token]), answers(form_token_of(page.content.decode()))
    )
    assert response.status_code == 200
    assert "ขอบคุณ" in response.content.decode()
    assert Response.objects.count() == 1


def test_without_a_cookie_a_forged_or_reused_token_is_still_refused(db, point):
    strict = Client(enforce_csrf_checks=True)
    token = form_token_of(strict.get(reverse("satisfaction:rate", args=[point.token])).content.decode())
    assert strict.post(reverse("satisfaction:rate", args=[point.token]), answers(token + "x")).status_code == 400
    assert strict.post(reverse("satisfaction:rate", args=[point.token]), answers(token)).status_code == 200
    again = strict.post(reverse("satisfaction:rate", args=[point.token]), answers(token))
    assert "นับเพียงครั้งเดียว" in again.content.decode()
    assert Response.objects.count() == 1


def test_a_limited_citizen_keeps_their_answers_with_a_fresh_token(client, point, settings):
    settings.SATISFACTION_RATE_LIMIT = "1/m"
    assert send(client, point, answers(open_form(client, point)[1])).status_code == 200
    _response, token = open_form(client, point)
    typed = answers(token, 2, comment="รอคิวนานมาก", gender="f", age_band="41")
    limited = send(client, point, typed)
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "กรุณารอสักครู่" in html
    assert "รอคิวนานมาก" in html
    assert re.search(r'name="q1" value="2" id="id_q1_2" required checked', html)
    assert re.search(r'name="gender" value="f" id="id_gender_f" checked', html)
    assert re.search(r'name="age_band" value="41" id="id_age_band_41" checked', html)
    fresh = form_token_of(html)
    assert fresh != token
    assert Response.objects.count() == 1, "nothing stored while limited"
    cache.clear()  # the few minutes have passed
    assert send(client, point, typed | {"form_token": fresh}).status_code == 200
    assert Response.objects.get(comment="รอคิวนานมาก").age_band == "41"


def _described_ids_exist(html: str) -> None:
    for ids in re.findall(r'aria-describedby="([^"]+)"', html):
        for described in ids.split():
            assert f'id="{described}"' in html, f"aria-describedby points at a missing {described}"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"gender": "x"}, "gender", "กรุณาเลือกจากคำตอบที่มีให้"),
        ({"age_band": "999"}, "age_band", "กรุณาเลือกจากคำตอบที่มีให้"),
        ({"service_type": "ก" * 201}, "service_type", "กรุณากรอกไม่เกิน 200 ตัวอักษร"),
    ],
)
def test_a_bad_optional_answer_is_marked_where_it_is(client, point, change, field, message):
    _response, token = open_form(client, point)
    response = send(client, point, answers(token, comment="ข้อความที่พิมพ์ไว้") | change)
    assert response.status_code == 400
    html = response.content.decode()
    assert "กรุณาตรวจสอบคำตอบที่มีข้อความแจ้งด้านล่าง" in html
    assert re.search(rf'<(p|span) class="error" id="id_{field}_error">{message}', html), "the message is by the field"
    assert re.search(rf'aria-describedby="id_{field}_error"', html), "and tied to it for screen readers"
    _described_ids_exist(html)
    assert "ข้อความที่พิมพ์ไว้" in html
    assert Response.objects.count() == 0


def test_a_service_type_not_offered_at_the_point_is_marked(client, point):
    point.service_types = "แจ้งเกิด\nแจ้งตาย"
    point.save()
    _response, token = open_form(client, point)
    response = send(client, point, answers(token, service_type="ย้ายที่อยู่"))
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<select name="service_type"[^>]*aria-describedby="id_service_type_error"', html)
    assert 'id="id_service_type_error">กรุณาเลือกจากคำตอบที่มีให้' in html
    _described_ids_exist(html)


def test_the_honeypot_is_written_once_with_its_label(client, point):
    html = open_form(client, point)[0].content.decode()
    assert html.count('name="website"') == 1
    assert '<label for="id_website">เว้นช่องนี้ว่างไว้</label>' in html


def test_the_thank_you_page_links_to_the_complaint_form(client, point):
    _response, token = open_form(client, point)
    html = send(client, point, answers(token)).content.decode()
    assert f'href="{reverse("complaints:new")}?via=qr"' in html
