"""Managing service points and the year's questions: who may do what, and what a change keeps."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from satisfaction import selectors, services
from satisfaction.models import DEFAULT_QUESTIONS, QuestionSet, Response, ServicePoint

from .conftest import add_responses, answers, form_token_of

# The current fiscal year exists, with its questions, as the daily schedule makes it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("this_year")]


def test_the_coordinator_adds_a_point_and_it_is_audited(client, users, own_department):
    client.force_login(users["coordinator"])
    data = {"name": "งานสาธารณสุข", "department": own_department.pk, "location": "อาคาร 2", "is_active": "on"}
    response = client.post(reverse("satisfaction:point_create"), data)
    point = ServicePoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("satisfaction:point_detail", args=[point.pk])
    assert LogEntry.objects.get_for_object(point).count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert point.public_url in detail
    assert "<svg" in detail


def test_a_point_without_a_name_is_refused_and_the_input_kept(client, users, own_department):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("satisfaction:point_create"), {"name": "", "department": own_department.pk, "location": "ชั้น 2 ห้อง 5"}
    )
    assert response.status_code == 400
    assert "ชั้น 2 ห้อง 5" in response.content.decode()
    assert ServicePoint.objects.count() == 0


def test_staff_see_their_own_points_and_cannot_manage_them(client, users, point, other_point):
    client.force_login(users["staff"])
    listing = client.get(reverse("satisfaction:point_list")).content.decode()
    assert point.name in listing
    assert other_point.name not in listing
    assert client.get(reverse("satisfaction:point_detail", args=[point.pk])).status_code == 200
    assert client.get(reverse("satisfaction:point_detail", args=[other_point.pk])).status_code == 404
    assert client.get(reverse("satisfaction:point_qr_png", args=[other_point.pk])).status_code == 404
    assert client.get(reverse("satisfaction:point_create")).status_code == 403
    assert client.post(reverse("satisfaction:point_edit", args=[point.pk]), {"name": "x"}).status_code == 403
    assert client.get(reverse("satisfaction:questions_edit")).status_code == 403


def test_deactivating_a_point_keeps_its_results(client, users, point):
    add_responses(point, [5, 4])
    client.force_login(users["coordinator"])
    data = {"name": point.name, "department": point.department_id, "location": point.location}  # is_active unticked
    assert client.post(reverse("satisfaction:point_edit", args=[point.pk]), data).status_code == 302
    point.refresh_from_db()
    assert not point.is_active
    assert client.get(reverse("satisfaction:results")).context["results"].respondents == 2


def test_editing_questions_publishes_a_new_version_and_responses_keep_theirs(client, users, point):
    first = selectors.question_set_for_today()
    token = form_token_of(client.get(reverse("satisfaction:rate", args=[point.token])).content.decode())
    client.post(reverse("satisfaction:rate", args=[point.token]), answers(token))
    client.force_login(users["coordinator"])
    texts = [*DEFAULT_QUESTIONS, "ความสะอาดของสถานที่"]
    response = client.post(reverse("satisfaction:questions_edit"), {"questions": "\n".join(texts)})
    assert response.status_code == 302
    second = selectors.question_set_for_today()
    assert second.version == first.version + 1
    assert list(second.questions.values_list("text", flat=True)) == texts
    assert Response.objects.get().question_set == first
    # Saving the same questions again makes no new version.
    client.post(reverse("satisfaction:questions_edit"), {"questions": "\n".join(texts)})
    assert QuestionSet.objects.filter(fiscal_year=first.fiscal_year).count() == 2
    # The public form now asks the seventh question.
    client.logout()
    assert "ความสะอาดของสถานที่" in client.get(reverse("satisfaction:rate", args=[point.token])).content.decode()


def test_too_many_questions_are_refused(client, users):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("satisfaction:questions_edit"), {"questions": "\n".join(f"ข้อ {n}" for n in range(11))}
    )
    assert response.status_code == 400
    assert "ไม่เกิน 10 ข้อ" in response.content.decode()


def test_the_demo_loads_points_and_a_season_of_responses_once(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    count = Response.objects.count()
    assert ServicePoint.objects.count() == 4
    assert 300 <= count <= 1000
    assert Response.objects.filter(question_set__fiscal_year__year=2564).count() == count
    call_command("load_demo", verbosity=0)
    assert Response.objects.count() == count


PAGES = {
    "points": ("satisfaction:point_list", ()),
    "new point": ("satisfaction:point_create", ()),
    "questions": ("satisfaction:questions_edit", ()),
    "results": ("satisfaction:results", ()),
    "o16": ("satisfaction:o16", ()),
}
# GET status per role: staff, coordinator, executive, auditor, user without a role.
MATRIX = {
    "points": {"staff": 200, "coordinator": 200, "executive": 200, "auditor": 200, "no_role": 403},
    "new point": {"staff": 403, "coordinator": 200, "executive": 403, "auditor": 403, "no_role": 403},
    "questions": {"staff": 403, "coordinator": 200, "executive": 403, "auditor": 403, "no_role": 403},
    "results": {"staff": 200, "coordinator": 200, "executive": 200, "auditor": 200, "no_role": 403},
    "o16": {"staff": 200, "coordinator": 200, "executive": 200, "auditor": 200, "no_role": 403},
}


@pytest.mark.parametrize("role", ["staff", "coordinator", "executive", "auditor", "no_role"])
@pytest.mark.parametrize("page", list(PAGES))
def test_who_may_open_which_page(client, users, point, page, role):
    name, args = PAGES[page]
    client.force_login(users[role])
    assert client.get(reverse(name, args=args)).status_code == MATRIX[page][role]


def test_only_the_coordinator_changes_points_and_suggestions(client, users, point, fiscal_year):
    for role in ("staff", "executive", "auditor"):
        client.force_login(users[role])
        edit = client.post(reverse("satisfaction:point_edit", args=[point.pk]), {"name": "x"})
        assert edit.status_code == 403
        o16 = client.post(f"{reverse('satisfaction:o16')}?year=2564&round=h1", {"text": "x", "save": "1"})
        assert o16.status_code == 403
    point.refresh_from_db()
    assert point.name == "งานทะเบียนราษฎร"


def test_a_form_opened_before_the_questions_changed_is_stored_with_the_version_it_showed(client, users, point):
    url = reverse("satisfaction:rate", args=[point.token])
    token = form_token_of(client.get(url).content.decode())
    seen = selectors.question_set_for_today()
    services.question_set_revise(
        fiscal_year=seen.fiscal_year, texts=["ข้อใหม่", *DEFAULT_QUESTIONS], user=users["coordinator"]
    )
    assert client.post(url, answers(token, 3)).status_code == 200
    stored = Response.objects.get()
    assert stored.question_set == seen
    assert [getattr(stored, f"score_{p}") for p in range(1, 8)] == [3] * 6 + [None]


def test_a_question_written_twice_is_refused(client, users):
    """Results add up answers by wording: a question asked twice would count every answer twice."""
    selectors.question_set_for_today()
    client.force_login(users["coordinator"])
    typed = "ความสะอาดของสถานที่\nเจ้าหน้าที่ผู้ให้บริการ\n  ความสะอาดของสถานที่  "
    response = client.post(reverse("satisfaction:questions_edit"), {"questions": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert "ข้อคำถาม “ความสะอาดของสถานที่” ซ้ำกัน" in html
    assert "เจ้าหน้าที่ผู้ให้บริการ" in html, "what was typed is kept"
    assert QuestionSet.objects.filter(fiscal_year=selectors.question_set_for_today().fiscal_year).count() == 1


@pytest.mark.parametrize(
    ("texts", "message", "thai"),
    [
        ([], services.NO_QUESTIONS, "ต้องมีข้อคำถามอย่างน้อย 1 ข้อ"),
        ([" ", ""], services.NO_QUESTIONS, "ต้องมีข้อคำถามอย่างน้อย 1 ข้อ"),
        ([f"ข้อ {n}" for n in range(11)], services.TOO_MANY_QUESTIONS, "ไม่เกิน 10 ข้อ"),
        (["ก" * 301], services.QUESTION_TOO_LONG, "ยาวเกิน 300 ตัวอักษร"),
        (["ข้อ ก", "ข้อ ข", "ข้อ ก"], services.DUPLICATE_QUESTION, "“ข้อ ก” ซ้ำกัน"),
    ],
)
def test_the_service_refuses_a_set_that_cannot_be_a_form_in_thai(users, texts, message, thai):
    fiscal_year = selectors.question_set_for_today().fiscal_year
    with pytest.raises(ValidationError) as refused, translation.override("th"):
        services.question_set_revise(fiscal_year=fiscal_year, texts=texts, user=users["coordinator"])
    assert refused.value.message == message
    with translation.override("th"):
        assert thai in refused.value.messages[0]
    assert QuestionSet.objects.filter(fiscal_year=fiscal_year).count() == 1


def test_the_admin_shows_questions_but_cannot_reword_an_answered_version(admin_client, point):
    add_responses(point, [5])
    question_set = selectors.question_set_for_today()
    first = question_set.questions.get(position=1)
    url = reverse("admin:satisfaction_questionset_change", args=[question_set.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert first.text in html
    assert 'name="questions-0-text"' not in html
    assert 'name="_save"' not in html
    posted = admin_client.post(
        url,
        {
            "fiscal_year": question_set.fiscal_year_id,
            "version": question_set.version,
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "1",
            "questions-0-id": first.pk,
            "questions-0-question_set": question_set.pk,
            "questions-0-position": "1",
            "questions-0-text": "ถ้อยคำใหม่",
        },
    )
    assert posted.status_code == 403
    first.refresh_from_db()
    assert first.text == DEFAULT_QUESTIONS[0]
    assert admin_client.get(reverse("admin:satisfaction_questionset_add")).status_code == 403
