"""A form sent without its CSRF cookie (blocked cookies, a page left open) gets a Thai page, not Django's English."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/accounts/login/", "/complaints/new/"])
def test_a_csrf_failure_is_explained_in_thai_with_an_english_line(organisation, url):
    response = Client(enforce_csrf_checks=True).post(url, {"username": "staff", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "ส่งแบบฟอร์มไม่สำเร็จ" in html
    assert "คุกกี้" in html, "says what to do"
    assert '<p lang="en">' in html
    assert "CSRF verification failed" not in html
