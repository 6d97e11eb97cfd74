"""Core pages: who may open them, the organisation profile form, the logo, the audit log and report downloads."""

import datetime
import hashlib
import re

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from core.models import Organisation, Report
from core.roles import Role
from core.uploads import FILE_TYPE_REFUSED
from tests.conftest import PDF_BYTES, PNG_BYTES, make_user

pytestmark = pytest.mark.django_db

ROLES = ["staff", "coordinator", "executive", "auditor", "no_role"]
PAGE_ACCESS = {
    "/organisation/": {"coordinator"},
    "/audit/": {"coordinator", "auditor"},
    "/reports/": {"coordinator", "executive", "auditor"},
}


def thai(message) -> str:
    """A message as a Thai visitor sees it (the UI language by default)."""
    with translation.override("th"):
        return str(message)


def footer_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<footer") :]


def profile_data(organisation: Organisation, **changes) -> dict:
    data = {
        "name_th": organisation.name_th,
        "name_en": organisation.name_en,
        "address": organisation.address,
        "phone": organisation.phone,
        "email": organisation.email,
        "website": organisation.website,
        "facebook_url": organisation.facebook_url,
    }
    return data | changes


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


# --- who may open which page -----------------------------------------------


@pytest.mark.parametrize("url", sorted(PAGE_ACCESS))
@pytest.mark.parametrize("role", ROLES)
def test_page_permission_matrix(client, users, organisation, url, role):
    client.force_login(users[role])
    response = client.get(url)
    assert response.status_code == (200 if role in PAGE_ACCESS[url] else 403)


@pytest.mark.parametrize("url", sorted(PAGE_ACCESS))
def test_visitors_are_sent_to_the_login_page(client, organisation, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


# --- organisation profile --------------------------------------------------


def test_coordinator_saves_a_new_phone_and_every_page_footer_shows_it(coordinator_client, organisation):
    response = coordinator_client.post("/organisation/", profile_data(organisation, phone="073-581-999"))
    assert response.status_code == 302
    assert response["Location"] == "/organisation/"
    organisation.refresh_from_db()
    assert organisation.phone == "073-581-999"
    footer = footer_of(coordinator_client.get("/"))
    assert "073-581-999" in footer
    assert organisation.name_th in footer


def test_the_profile_can_be_created_when_none_exists_yet(coordinator_client):
    response = coordinator_client.post(
        "/organisation/", {"name_th": "เทศบาลตำบลทดสอบ", "name_en": "", "website": "example.go.th"}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.pk == Organisation.SINGLETON_PK
    assert organisation.website == "https://example.go.th"


def test_logo_upload_is_stored_under_a_random_name_and_served(coordinator_client, organisation):
    logo = SimpleUploadedFile("โลโก้ เทศบาล.png", PNG_BYTES, content_type="image/png")
    response = coordinator_client.post("/organisation/", profile_data(organisation, logo=logo))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert re.fullmatch(r"logo/\d{4}/[0-9a-f]{32}\.png", organisation.logo.name)

    served = coordinator_client.get("/organisation/logo/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PNG_BYTES
    assert 'src="/organisation/logo/"' in coordinator_client.get("/").content.decode()


def test_the_logo_is_public_for_the_page_header(client, coordinator_client, organisation):
    logo = SimpleUploadedFile("logo.png", PNG_BYTES, content_type="image/png")
    coordinator_client.post("/organisation/", profile_data(organisation, logo=logo))
    client.logout()
    served = client.get("/organisation/logo/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PNG_BYTES


def test_no_logo_is_a_404(client, organisation):
    assert client.get("/organisation/logo/").status_code == 404


def test_a_disguised_logo_is_refused_and_nothing_changes(coordinator_client, organisation):
    organisation.phone = "073-000000"
    organisation.save()
    fake = SimpleUploadedFile("logo.png", b"this is only text, not a picture\n" * 10, content_type="image/png")
    response = coordinator_client.post(
        "/organisation/", profile_data(organisation, name_th="ชื่อใหม่ที่ไม่ควรบันทึก", phone="073-111111", logo=fake)
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("logo", "type")
    assert thai(FILE_TYPE_REFUSED) in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name_th == "เทศบาลตำบลทดสอบ"
    assert organisation.phone == "073-000000"
    assert not organisation.logo


def test_a_pdf_is_not_accepted_as_a_logo(coordinator_client, organisation):
    pdf = SimpleUploadedFile("logo.png", PDF_BYTES, content_type="image/png")
    response = coordinator_client.post("/organisation/", profile_data(organisation, logo=pdf))
    assert response.status_code == 200
    assert response.context["form"].has_error("logo", "type")
    organisation.refresh_from_db()
    assert not organisation.logo


def test_a_missing_thai_name_re_renders_with_an_error_and_keeps_what_was_typed(coordinator_client, organisation):
    response = coordinator_client.post(
        "/organisation/",
        profile_data(organisation, name_th="", phone="073-222222", address="99 ถนนทดสอบ ตำบลเจ๊ะเห"),
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("name_th", "required")
    html = response.content.decode()
    assert 'value="073-222222"' in html
    assert "99 ถนนทดสอบ ตำบลเจ๊ะเห" in html
    organisation.refresh_from_db()
    assert organisation.name_th == "เทศบาลตำบลทดสอบ"
    assert organisation.phone == ""


# --- audit log ---------------------------------------------------------------


@pytest.fixture
def edited_organisation(coordinator_client, organisation) -> Organisation:
    """The organisation after the coordinator changed its phone from 073-000000 to 073-111111."""
    organisation.phone = "073-000000"
    organisation.save()
    response = coordinator_client.post("/organisation/", profile_data(organisation, phone="073-111111"))
    assert response.status_code == 302
    return organisation


def test_the_audit_log_lists_an_edit_with_who_and_old_and_new_values(coordinator_client, users, edited_organisation):
    update = LogEntry.objects.get_for_object(edited_organisation).filter(action=LogEntry.Action.UPDATE).first()
    assert update.actor == users["coordinator"]
    response = coordinator_client.get("/audit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "073-000000 → 073-111111" in html
    assert users["coordinator"].get_full_name() in html


def test_the_auditor_sees_the_same_entries(client, users, edited_organisation):
    client.force_login(users["auditor"])
    assert "073-000000 → 073-111111" in client.get("/audit/").content.decode()


def listed(response) -> list[LogEntry]:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_filter_by_action(coordinator_client, edited_organisation):
    updates = listed(coordinator_client.get("/audit/", {"action": LogEntry.Action.UPDATE}))
    creations = listed(coordinator_client.get("/audit/", {"action": LogEntry.Action.CREATE}))
    assert updates
    assert creations
    assert {entry.action for entry in updates} == {LogEntry.Action.UPDATE}
    assert {entry.action for entry in creations} == {LogEntry.Action.CREATE}


def test_filter_by_actor(coordinator_client, users, edited_organisation):
    mine = listed(coordinator_client.get("/audit/", {"actor": users["coordinator"].pk}))
    assert mine
    assert {entry.actor_id for entry in mine} == {users["coordinator"].pk}
    assert listed(coordinator_client.get("/audit/", {"actor": users["staff"].pk})) == []


def test_filter_by_date(coordinator_client, edited_organisation):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    yesterday = today - datetime.timedelta(days=1)
    assert listed(coordinator_client.get("/audit/", {"date_from": today, "date_to": today}))
    assert listed(coordinator_client.get("/audit/", {"date_from": tomorrow})) == []
    assert listed(coordinator_client.get("/audit/", {"date_to": yesterday})) == []


def test_filter_by_text(coordinator_client, edited_organisation):
    assert listed(coordinator_client.get("/audit/", {"q": "ตำบลทดสอบ"}))
    assert listed(coordinator_client.get("/audit/", {"q": "ไม่มีข้อความนี้"})) == []


def test_start_date_after_end_date_shows_the_form_error(coordinator_client, edited_organisation):
    response = coordinator_client.get("/audit/", {"date_from": "2021-04-01", "date_to": "2021-03-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    assert form.non_field_errors()[0] in response.content.decode()


def test_the_audit_page_reads_related_records_in_bulk(
    coordinator_client, own_department, other_department, django_assert_max_num_queries
):
    # Each new user's profile entry refers to a user and a department: their names are read per page, not per entry.
    for number in range(3):
        make_user(f"first{number}", Role.STAFF, other_department)
    with django_assert_max_num_queries(40) as few:
        coordinator_client.get("/audit/")
    for number in range(30):
        make_user(f"second{number}", Role.STAFF, own_department)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = coordinator_client.get("/audit/")
    html = response.content.decode()
    assert "— → สำนักปลัด" in html  # the department's name, not its id
    assert "— → second29" in html  # the user's name
    assert "เพิ่ม: staff" in html  # a many-to-many change: the role the user was given


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"action": "not-an-action"},
        {"actor": "abc"},
        {"model": "999999"},
        {"date_from": "31/31/2564"},
    ],
)
def test_odd_query_parameters_do_not_break_the_audit_log(coordinator_client, edited_organisation, params):
    response = coordinator_client.get("/audit/", params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "31/31/2564"},
        {"action": "not-an-action", "q": "ทดสอบ"},
        {"date_from": "9999-12-31"},
        {"date_to": "0001-01-01"},
        {"date_from": "31/12/3107"},
    ],
)
def test_an_invalid_filter_lists_nothing_and_says_why(coordinator_client, edited_organisation, params):
    assert len(coordinator_client.get("/audit/").context["page"]) > 0
    response = coordinator_client.get("/audit/", params)
    assert len(response.context["page"]) == 0
    assert "ตัวกรองไม่ถูกต้อง" in response.content.decode()


def test_the_audit_filter_reads_buddhist_era_days(coordinator_client, edited_organisation):
    """31/12/2564 is 31 December 2021: it once read as the Christian year 2564 and matched nothing."""
    entry = LogEntry.objects.get_for_object(edited_organisation).latest("timestamp")
    day = timezone.localtime(entry.timestamp).date()
    typed = f"{day.day}/{day.month}/{day.year + 543}"
    on_the_day = coordinator_client.get("/audit/", {"date_from": typed, "date_to": typed})
    assert entry in on_the_day.context["page"]
    typed_a_year_earlier = f"{day.day}/{day.month}/{day.year + 542}"
    a_year_earlier = coordinator_client.get(
        "/audit/", {"date_from": typed_a_year_earlier, "date_to": typed_a_year_earlier}
    )
    assert entry not in a_year_earlier.context["page"]


# --- report archive --------------------------------------------------------


@pytest.fixture
def stored_report(users):
    report = Report(
        kind="test",
        title="รายงานทดสอบ",
        size=len(PDF_BYTES),
        sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
        generated_by=users["coordinator"],
    )
    report.file.save("test.pdf", ContentFile(PDF_BYTES))
    return report


def test_the_report_list_shows_the_report_and_its_hash(client, users, stored_report):
    client.force_login(users["auditor"])
    html = client.get("/reports/").content.decode()
    assert "รายงานทดสอบ" in html
    assert stored_report.sha256 in html


@pytest.mark.parametrize(("role", "status"), [("auditor", 200), ("executive", 200), ("staff", 403)])
def test_report_download(client, users, stored_report, role, status):
    client.force_login(users[role])
    response = client.get(f"/reports/{stored_report.pk}/download/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["X-Content-SHA256"] == hashlib.sha256(PDF_BYTES).hexdigest()
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]


def test_an_unknown_report_is_a_404(client, users):
    client.force_login(users["auditor"])
    assert client.get("/reports/424242/download/").status_code == 404


def test_a_renamed_organisation_shows_at_once_on_every_page(client, users, organisation):
    client.get("/")  # the profile is cached now
    client.force_login(users["coordinator"])
    form = {"name_th": "เทศบาลตำบลเปลี่ยนชื่อ", "name_en": "Renamed", "address": organisation.address}
    assert client.post("/organisation/", form).status_code == 302
    client.logout()
    assert "เทศบาลตำบลเปลี่ยนชื่อ" in client.get("/").content.decode()
