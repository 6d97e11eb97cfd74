"""Logging in and out, locking an account after repeated wrong passwords, and changing one's password."""

import pytest
from axes.models import AccessAttempt
from django.utils import translation

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"  # what tests.conftest.make_user gives every user
LOCKED_HEADING = "Too many failed log-in attempts"


def thai(message: str) -> str:
    with translation.override("th"):
        return translation.gettext(message)


def log_in(client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_the_login_page_shows_the_form(client, organisation):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html


def test_the_right_password_logs_in_and_goes_home(client, users):
    response = log_in(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(users["staff"].pk)


def test_a_wrong_password_re_renders_the_form_with_an_error(client, users):
    response = log_in(client, "staff", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_a_logged_in_user_is_sent_on_from_the_login_page(client, users):
    client.force_login(users["staff"])
    response = client.get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_password(client, users, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert log_in(client, "staff", "wrong-password").status_code == 200
    assert log_in(client, "staff", "wrong-password").status_code == 429

    response = log_in(client, "staff", PASSWORD)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert thai(LOCKED_HEADING) in html
    assert 'name="password"' not in html
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="staff").failures_since_start >= limit


def test_a_lockout_does_not_block_other_users(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "staff", "wrong-password")
    assert log_in(client, "staff", PASSWORD).status_code == 429

    response = log_in(client, "coordinator", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["coordinator"].pk)


def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape_the_lockout(client, users, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The client writes a new address of its own each time; the proxy appends the real one.
        forwarded = f"10.0.0.{attempt}, 203.0.113.7"
        client.post("/accounts/login/", {"username": "staff", "password": "x"}, HTTP_X_FORWARDED_FOR=forwarded)
    response = client.post(
        "/accounts/login/", {"username": "staff", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.0.0.99, 203.0.113.7"
    )
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="staff").ip_address == "203.0.113.7"


def test_failures_below_the_limit_are_forgotten_after_a_success(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "staff", "wrong-password")
    assert log_in(client, "staff", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "staff", "wrong-password").status_code == 200
    assert log_in(client, "staff", PASSWORD).status_code == 302


def test_logout_by_post(client, users):
    client.force_login(users["staff"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_not_allowed(client, users):
    client.force_login(users["staff"])
    assert client.get("/accounts/logout/").status_code == 405
    assert client.session["_auth_user_id"] == str(users["staff"].pk)


def test_password_change_needs_a_login(client, organisation):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_password_change_flow(client, users):
    new_password = "Tak-Bai-ITA-2564-new"
    client.force_login(users["staff"])
    assert client.get("/accounts/password_change/").status_code == 200

    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/done/"
    assert client.get(response["Location"]).status_code == 200
    # Still logged in: the session survived the change of password.
    assert client.session["_auth_user_id"] == str(users["staff"].pk)

    client.post("/accounts/logout/")
    assert log_in(client, "staff", PASSWORD).status_code == 200
    assert log_in(client, "staff", new_password).status_code == 302


def test_password_change_with_a_wrong_old_password_is_refused(client, users):
    client.force_login(users["staff"])
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "not-my-password",
            "new_password1": "Tak-Bai-ITA-2564-new",
            "new_password2": "Tak-Bai-ITA-2564-new",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("old_password")
    users["staff"].refresh_from_db()
    assert users["staff"].check_password(PASSWORD)


def test_password_change_refuses_a_weak_password(client, users):
    client.force_login(users["staff"])
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("new_password2")
    users["staff"].refresh_from_db()
    assert users["staff"].check_password(PASSWORD)
