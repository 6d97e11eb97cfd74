"""A request body far over the upload cap is refused before anything reads it, with a Thai page."""

import io

import pytest

from core.models import Report

pytestmark = pytest.mark.django_db


def test_a_huge_upload_to_a_public_form_is_refused_unread(client, settings):
    settings.REQUEST_MAX_BYTES = 100_000
    huge = io.BytesIO(b"%PDF-1.7\n" + b"0" * 200_000)
    huge.name = "report.pdf"
    response = client.post("/verify/", {"file": huge})
    assert response.status_code == 413
    html = response.content.decode()
    assert "ไฟล์มีขนาดใหญ่เกินไป" in html
    assert "20 MB" in html  # the cap a person can act on, not the internal limit
    assert Report.objects.count() == 0


def test_a_declared_length_alone_is_enough_to_refuse(client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.generic(
        "POST", "/verify/", b"x", CONTENT_TYPE="multipart/form-data; boundary=x", CONTENT_LENGTH="5000000000"
    )
    assert response.status_code == 413


def test_a_body_under_the_limit_reaches_the_form(client, settings):
    settings.REQUEST_MAX_BYTES = 1_000_000
    not_a_pdf = io.BytesIO(b"not a pdf")
    not_a_pdf.name = "report.pdf"
    response = client.post("/verify/", {"file": not_a_pdf})
    assert response.status_code == 400
    assert response.context["file_form"].errors["file"]  # the form's own message
