"""Evidence through the browser's eyes: upload, refusals that keep what was typed, review, publish."""

import datetime
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.html import escape

from core.uploads import FILE_TOO_LARGE, FILE_TYPE_REFUSED
from indicators.forms import ReviewForm
from indicators.models import Evidence, ReviewState
from indicators.services import FILE_OR_LINK, PUBLISH_NEEDS_APPROVAL, RETURN_NEEDS_COMMENT, evidence_create
from tests.conftest import PDF_BYTES, pdf_upload

ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
TITLE = "รายงานผลการประชุมชี้แจงบุคลากร ครั้งที่ 1/2564"
DESCRIPTION = "สรุปการประชุมวันที่ 15 มีนาคม 2564"


def shown(message, **params) -> str:
    """A message as a page in Thai (the default language) shows it: translated, filled in, escaped."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        if params:
            text = text % params
    return escape(text)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def create_url(measure) -> str:
    return f"/measures/{measure.pk}/evidence/new/"


def post_evidence(client, measure, **fields):
    data = {
        "title": TITLE,
        "description": DESCRIPTION,
        "effective_date": "2021-03-15",
        "url": "",
        **fields,
    }
    if "file" not in fields:
        data["file"] = pdf_upload("รายงานการประชุม.pdf")
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(create_url(measure), data)  # the test client sends multipart/form-data


@pytest.fixture
def staff_client(client, users):
    client.force_login(users["staff"])
    return client


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


def make_evidence(user, measure, title: str = "หลักฐานทดสอบ") -> Evidence:
    return evidence_create(
        user=user, measure=measure, title=title, effective_date=datetime.date(2021, 3, 1), upload=pdf_upload()
    )


# --- Upload -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2564-03-15", "15/03/2564", "15 มี.ค. 2564", "๑๕/๐๓/๒๕๖๔", "2021-03-15"])
def test_an_effective_date_typed_with_the_buddhist_year_is_that_day(staff_client, measure, typed, users, client):
    """2564-03-15 was once saved as 15 March 3107 (a browser date box reads every year as Christian)."""
    assert post_evidence(staff_client, measure, effective_date=typed).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.effective_date == datetime.date(2021, 3, 15)

    client.force_login(users["coordinator"])
    queue = client.get("/review/").content.decode()
    assert "15 มีนาคม 2564" in queue  # the reviewer sees the date the evidence proves
    edit = staff_client.get(f"/evidence/{evidence.pk}/edit/").content.decode()
    assert 'value="15/03/2564"' in edit


@pytest.mark.parametrize(
    ("typed", "understood"),
    [("15/03/3107", "15 มีนาคม 3107"), ("15/03/1964", "15 มีนาคม 2507"), ("2569-03-15", "15 มีนาคม 2569")],
)
def test_an_effective_date_far_from_the_measures_year_is_refused_naming_what_was_read(
    staff_client, measure, typed, understood
):
    files_before = stored_files()
    response = post_evidence(staff_client, measure, effective_date=typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"อ่านได้เป็น {understood} — ตรวจสอบปี พ.ศ." in page
    assert "1 ตุลาคม 2562" in page
    assert "30 กันยายน 2565" in page
    assert f'value="{typed}"' in page
    assert not Evidence.objects.exists()
    assert stored_files() == files_before


def test_a_day_the_calendar_lacks_is_refused_in_thai(staff_client, measure):
    response = post_evidence(staff_client, measure, effective_date="31/02/2564")
    assert "ไม่มีวันที่ 31 กุมภาพันธ์ 2564 ในปฏิทิน" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_upload_form_shows_the_measure(staff_client, measure):
    response = staff_client.get(create_url(measure))
    assert response.status_code == 200
    page = response.content.decode()
    assert measure.text in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="file"' in page


def test_staff_uploads_a_pdf_to_their_departments_measure(staff_client, measure, users):
    response = post_evidence(staff_client, measure, oit_item=str(measure.oit_items.get().pk))

    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/evidence/{evidence.pk}/"
    assert evidence.measure == measure
    assert evidence.oit_item.code == "O16"
    assert evidence.title == TITLE
    assert evidence.description == DESCRIPTION
    assert evidence.effective_date == datetime.date(2021, 3, 15)
    assert evidence.original_filename == "รายงานการประชุม.pdf"
    assert evidence.uploaded_by == users["staff"]
    assert evidence.review_state == ReviewState.SUBMITTED
    with evidence.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    # The audit log knows who did it (the request's user).
    assert LogEntry.objects.get_for_object(evidence).get().actor == users["staff"]

    detail = staff_client.get(response["Location"])
    assert detail.status_code == 200
    assert escape(TITLE) in detail.content.decode()


def test_staff_gives_a_link_instead_of_a_file(staff_client, measure):
    response = post_evidence(staff_client, measure, file=None, url="https://www.example.go.th/news/15")
    assert response.status_code == 302
    assert Evidence.objects.get().url == "https://www.example.go.th/news/15"


def _refused(response, message: str, *, typed: str = TITLE) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{escape(typed)}"' in page or f">\n{escape(typed)}</textarea>" in page
    return page


def test_an_executable_renamed_pdf_is_refused(staff_client, measure):
    upload = SimpleUploadedFile("report.pdf", ELF_BYTES, content_type="application/pdf")
    response = post_evidence(staff_client, measure, file=upload)
    _refused(response, shown(FILE_TYPE_REFUSED))
    assert not Evidence.objects.exists()
    assert stored_files() == []


def test_a_file_over_the_cap_is_refused(staff_client, measure, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = post_evidence(staff_client, measure)
    with translation.override(settings.LANGUAGE_CODE):
        params = {"size": filesizeformat(len(PDF_BYTES)), "limit": filesizeformat(100)}
    _refused(response, shown(FILE_TOO_LARGE, **params))
    assert not Evidence.objects.exists()
    assert stored_files() == []


def test_an_empty_file_is_refused(staff_client, measure):
    response = post_evidence(staff_client, measure, file=SimpleUploadedFile("empty.pdf", b""))
    # Django's own file field refuses an empty file (in Thai) before the portal's EMPTY_FILE check runs.
    _refused(response, shown(forms.FileField.default_error_messages["empty"]))
    assert not Evidence.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x", "ftp://example.com/report.pdf"])
def test_a_link_that_is_not_http_is_refused(staff_client, measure, url):
    response = post_evidence(staff_client, measure, file=None, url=url)
    page = _refused(response, shown(forms.URLField.default_error_messages["invalid"]))
    assert not Evidence.objects.exists()
    assert 'href="javascript:' not in page


def test_a_missing_title_is_refused(staff_client, measure):
    response = post_evidence(staff_client, measure, title="")
    _refused(response, shown(forms.Field.default_error_messages["required"]), typed=DESCRIPTION)
    assert not Evidence.objects.exists()
    assert stored_files() == []


def test_both_a_file_and_a_link_is_refused(staff_client, measure):
    response = post_evidence(staff_client, measure, url="https://www.example.go.th/")
    _refused(response, shown(FILE_OR_LINK))
    assert not Evidence.objects.exists()
    assert stored_files() == []


def test_neither_file_nor_link_is_refused(staff_client, measure):
    response = post_evidence(staff_client, measure, file=None)
    _refused(response, shown(FILE_OR_LINK))
    assert not Evidence.objects.exists()


def test_staff_cannot_post_to_another_departments_measure(staff_client, other_measure):
    response = post_evidence(staff_client, other_measure)
    assert response.status_code == 404
    assert not Evidence.objects.exists()
    assert stored_files() == []


# --- Replacing the file -----------------------------------------------------------------


def test_staff_replaces_the_file_and_the_old_one_stays_downloadable(staff_client, measure, users):
    evidence = make_evidence(users["staff"], measure)
    new_pdf = PDF_BYTES.replace(b"0 0 595 842", b"0 0 842 595")

    response = staff_client.post(f"/evidence/{evidence.pk}/replace/", {"file": pdf_upload("v2.pdf", new_pdf)})

    assert response.status_code == 302
    revision = evidence.revisions.get()
    old = staff_client.get(f"/evidence/revisions/{revision.pk}/file/")
    assert old.status_code == 200
    assert b"".join(old.streaming_content) == PDF_BYTES
    new = staff_client.get(f"/evidence/{evidence.pk}/file/")
    assert b"".join(new.streaming_content) == new_pdf


def test_a_disguised_replacement_is_refused_on_the_form(staff_client, measure, users):
    evidence = make_evidence(users["staff"], measure)
    sha256 = evidence.sha256

    response = staff_client.post(f"/evidence/{evidence.pk}/replace/", {"file": SimpleUploadedFile("x.pdf", ELF_BYTES)})

    assert response.status_code == 200
    assert shown(FILE_TYPE_REFUSED) in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.sha256 == sha256
    assert not evidence.revisions.exists()


# --- Review and publication ---------------------------------------------------------------


def test_the_coordinator_approves_through_the_review_form(coordinator_client, measure, users):
    evidence = make_evidence(users["staff"], measure)

    response = coordinator_client.post(
        f"/evidence/{evidence.pk}/review/", {"decision": ReviewForm.APPROVE, "comment": "ถูกต้องครบถ้วน"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/review/"
    evidence.refresh_from_db()
    assert evidence.review_state == ReviewState.APPROVED
    assert evidence.review_comment == "ถูกต้องครบถ้วน"
    assert evidence.reviewed_by == users["coordinator"]
    entry = LogEntry.objects.get_for_object(evidence).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == users["coordinator"]
    assert entry.changes_dict["review_state"] == ["submitted", "approved"]


def test_the_coordinator_returns_with_a_comment(coordinator_client, measure, users):
    evidence = make_evidence(users["staff"], measure)
    detail = f"/evidence/{evidence.pk}/"

    response = coordinator_client.post(
        f"/evidence/{evidence.pk}/review/", {"decision": ReviewForm.RETURN, "comment": "ขาดลายมือชื่อ", "next": detail}
    )

    assert response.status_code == 302
    assert response["Location"] == detail
    evidence.refresh_from_db()
    assert evidence.review_state == ReviewState.RETURNED
    assert evidence.review_comment == "ขาดลายมือชื่อ"


@pytest.mark.parametrize("next_url", ["https://evil.example/phish", "//evil.example/phish", "javascript:alert(1)"])
def test_the_review_redirect_stays_on_the_site(coordinator_client, measure, users, next_url):
    evidence = make_evidence(users["staff"], measure)

    response = coordinator_client.post(
        f"/evidence/{evidence.pk}/review/", {"decision": ReviewForm.APPROVE, "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == "/review/"
    assert Evidence.objects.get(pk=evidence.pk).review_state == ReviewState.APPROVED


def test_returning_without_a_comment_shows_an_error_and_changes_nothing(coordinator_client, measure, users):
    evidence = make_evidence(users["staff"], measure)

    response = coordinator_client.post(
        f"/evidence/{evidence.pk}/review/", {"decision": ReviewForm.RETURN, "comment": "  "}, follow=True
    )

    assert response.redirect_chain == [(f"/evidence/{evidence.pk}/", 302)]
    assert response.status_code == 200
    assert shown(RETURN_NEEDS_COMMENT) in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.review_state == ReviewState.SUBMITTED
    assert evidence.reviewed_by is None


def test_an_unknown_decision_changes_nothing(coordinator_client, measure, users):
    evidence = make_evidence(users["staff"], measure)
    response = coordinator_client.post(f"/evidence/{evidence.pk}/review/", {"decision": "delete"})
    assert response.status_code == 302
    assert Evidence.objects.get(pk=evidence.pk).review_state == ReviewState.SUBMITTED


def test_the_coordinator_publishes_approved_evidence(coordinator_client, measure, users):
    evidence = make_evidence(users["staff"], measure)
    coordinator_client.post(f"/evidence/{evidence.pk}/review/", {"decision": ReviewForm.APPROVE})

    response = coordinator_client.post(f"/evidence/{evidence.pk}/publish/", {"published": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/evidence/{evidence.pk}/"
    assert Evidence.objects.get(pk=evidence.pk).is_public

    coordinator_client.post(f"/evidence/{evidence.pk}/publish/", {"published": "0"})
    assert not Evidence.objects.get(pk=evidence.pk).is_published


def test_publishing_unapproved_evidence_shows_an_error(coordinator_client, measure, users):
    evidence = make_evidence(users["staff"], measure)

    response = coordinator_client.post(f"/evidence/{evidence.pk}/publish/", {"published": "1"}, follow=True)

    assert response.status_code == 200
    assert shown(PUBLISH_NEEDS_APPROVAL) in response.content.decode()
    assert not Evidence.objects.get(pk=evidence.pk).is_published


def test_review_and_publish_refuse_get(coordinator_client, measure, users):
    evidence = make_evidence(users["staff"], measure)
    assert coordinator_client.get(f"/evidence/{evidence.pk}/review/").status_code == 405
    assert coordinator_client.get(f"/evidence/{evidence.pk}/publish/").status_code == 405
    assert Evidence.objects.get(pk=evidence.pk).review_state == ReviewState.SUBMITTED
