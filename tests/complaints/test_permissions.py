"""Who sees which complaint: department scoping, the corruption permission (404 everywhere), hidden identity."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from complaints.models import Complaint
from core.fiscal import fiscal_year_of
from core.models import FiscalYear
from core.roles import Role
from tests.conftest import make_user, pdf_upload

from .conftest import file_complaint, grant

SECRET_SUBJECT = "ปลัดเรียกรับเงินใต้โต๊ะ"
OWN_SUBJECT = "ขยะไม่เก็บหน้าบ้าน"
OTHER_SUBJECT = "ใบเสร็จค่าภาษีผิด"


@pytest.fixture
def complaints(general, corruption, own_department, other_department) -> dict[str, Complaint]:
    return {
        "own": file_complaint(
            general,
            department=own_department,
            subject=OWN_SUBJECT,
            anonymous=False,
            name="นายเปิดเผย",
            phone="0812345678",
            attachments=[pdf_upload()],
        ),
        "other": file_complaint(general, department=other_department, subject=OTHER_SUBJECT),
        "corruption": file_complaint(
            corruption,
            department=own_department,
            subject=SECRET_SUBJECT,
            anonymous=False,
            name="นายผู้แจ้ง",
            phone="0899999999",
            attachments=[pdf_upload()],
        ),
    }


@pytest.fixture
def department_head(own_department) -> User:
    """A head of the complaint's own department: staff role, no corruption permission."""
    return make_user("head", Role.STAFF, own_department)


@pytest.fixture
def people(users, department_head, corruption_handler) -> dict[str, User]:
    return {**users, "head": department_head, "integrity": corruption_handler}


# who -> which of the three complaints they see
MATRIX = {
    "staff": {"own"},
    "head": {"own"},
    "other_staff": {"other"},
    "coordinator": {"own", "other"},
    "executive": {"own", "other"},
    "auditor": {"own", "other"},
    "no_role": set(),
    "integrity": {"own", "other", "corruption"},
}


def xlsx_rows(response) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)


def xlsx_cells(response) -> set:
    return {value for row in xlsx_rows(response) for value in row}


@pytest.mark.parametrize(("who", "sees"), MATRIX.items())
def test_detail_list_search_export_and_attachments_follow_the_matrix(client, people, complaints, who, sees):
    client.force_login(people[who])
    listing = client.get("/complaints/")
    searched = client.get("/complaints/", {"q": "เรียกรับ"})
    exported = client.get("/complaints/export.csv")
    exported_xlsx = client.get("/complaints/export.xlsx")
    if who == "no_role":
        assert listing.status_code == 403
        assert exported.status_code == 403
        assert exported_xlsx.status_code == 403
    else:
        listing_text = listing.content.decode()
        exported_text = b"".join(exported.streaming_content).decode()
        exported_cells = xlsx_cells(exported_xlsx)
        assert ("corruption" in sees) == (SECRET_SUBJECT in searched.content.decode())
        for name, subject in (("own", OWN_SUBJECT), ("other", OTHER_SUBJECT), ("corruption", SECRET_SUBJECT)):
            assert (name in sees) == (subject in listing_text), name
            assert (name in sees) == (subject in exported_text), name
            assert (name in sees) == (complaints[name].tracking_code in exported_text), name
            assert (name in sees) == (subject in exported_cells), name
            assert (name in sees) == (complaints[name].tracking_code in exported_cells), name
    for name, complaint in complaints.items():
        expected = 200 if name in sees else (403 if who == "no_role" else 404)
        assert client.get(f"/complaints/{complaint.pk}/").status_code == expected, name
        for attachment in complaint.attachments.all():
            assert client.get(f"/complaints/attachments/{attachment.pk}/").status_code == expected


def figure(page: str, marker: str) -> str:
    return page.split(marker, 1)[1].split("<", 1)[0]


@pytest.mark.parametrize(("who", "counted"), [("coordinator", 2), ("executive", 2), ("integrity", 3)])
def test_a_corruption_complaint_is_not_counted_for_those_without_the_permission(
    client, people, complaints, fiscal_year, who, counted
):
    # The three complaints were received today, not yet acknowledged; the corruption one counts only with the right.
    this_year = FiscalYear.objects.get_or_create(year=fiscal_year_of(timezone.localdate()))[0]
    client.force_login(people[who])
    home = client.get("/", {"year": 2564}).content.decode()
    assert figure(home, 'data-figure="open">') == str(counted)
    assert figure(home, 'data-figure="not-acknowledged">') == str(counted)
    statistics = client.get("/complaints/statistics/", {"year": this_year.year, "round": "full"}).content.decode()
    total_row = statistics.split('class="fw-bold total">', 1)[1]
    assert figure(total_row, "<td>") == str(counted)
    assert ('id="stats-corruption"' in statistics) == (who == "integrity")
    if who != "executive":  # the overview is the coordinators' screen
        overview = client.get("/complaints/overview/").content.decode()
        assert figure(overview, 'id="received-count">') == str(counted)
        assert (SECRET_SUBJECT in overview) is False  # listed only when overdue, and never by its text here


def test_the_complainants_identity_is_hidden_without_the_permission(client, people, complaints):
    client.force_login(people["staff"])
    page = client.get(f"/complaints/{complaints['own'].pk}/").content.decode()
    assert "นายเปิดเผย" not in page
    assert "0812345678" not in page
    assert "ปกปิด" in page
    exported = b"".join(client.get("/complaints/export.csv", {"identity": "1"}).streaming_content).decode()
    assert "นายเปิดเผย" not in exported
    assert "0812345678" not in exported
    client.force_login(people["coordinator"])
    assert "นายเปิดเผย" in client.get(f"/complaints/{complaints['own'].pk}/").content.decode()
    plain = b"".join(client.get("/complaints/export.csv").streaming_content).decode()
    assert "นายเปิดเผย" not in plain  # personal data only when asked for
    asked = b"".join(client.get("/complaints/export.csv", {"identity": "1"}).streaming_content).decode()
    assert "นายเปิดเผย" in asked
    assert "นายเปิดเผย" not in xlsx_cells(client.get("/complaints/export.xlsx"))
    assert "นายเปิดเผย" in xlsx_cells(client.get("/complaints/export.xlsx", {"identity": "1"}))
    client.force_login(people["staff"])
    assert "นายเปิดเผย" not in xlsx_cells(client.get("/complaints/export.xlsx", {"identity": "1"}))


def test_the_corruption_handler_sees_the_identity_only_with_the_identity_permission(client, own_department, complaints):
    handler = grant(make_user("investigator", Role.STAFF, own_department), "handle_corruption")
    client.force_login(handler)
    page = client.get(f"/complaints/{complaints['corruption'].pk}/").content.decode()
    assert SECRET_SUBJECT in page
    assert "นายผู้แจ้ง" not in page
    client.force_login(grant(handler, "view_complainant_identity"))
    assert "นายผู้แจ้ง" in client.get(f"/complaints/{complaints['corruption'].pk}/").content.decode()


def test_no_role_holds_the_corruption_permission_by_default(db):
    from django.contrib.auth.models import Group

    for group in Group.objects.all():
        assert not group.permissions.filter(codename="handle_corruption").exists(), group.name


def test_csv_cells_cannot_become_spreadsheet_formulas(client, people, general, own_department):
    file_complaint(general, department=own_department, subject='=HYPERLINK("http://evil")')
    client.force_login(people["coordinator"])
    exported = b"".join(client.get("/complaints/export.csv").streaming_content).decode()
    assert "'=HYPERLINK" in exported
    assert exported.startswith("\ufeff")  # Excel reads the Thai as UTF-8


def test_the_xlsx_export_has_typed_cells_and_inert_formulas(client, people, general, own_department):
    complaint = file_complaint(general, department=own_department, subject='=HYPERLINK("http://evil")')
    client.force_login(people["coordinator"])
    response = client.get("/complaints/export.xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A1"].value == "รหัสติดตาม"
    assert sheet["H1"].value == "หัวเรื่อง"
    code, received, *_middle, subject, acknowledge_by, resolve_by, _overdue = sheet[2]
    assert code.value == complaint.tracking_code
    local = timezone.localtime(complaint.received_at).replace(tzinfo=None)
    assert received.is_date
    assert abs(received.value - local) < datetime.timedelta(seconds=1)
    assert acknowledge_by.is_date
    assert acknowledge_by.value.date() == complaint.acknowledge_due
    assert resolve_by.is_date
    assert resolve_by.value.date() == complaint.resolve_due
    assert "[$-107041E]" in acknowledge_by.number_format  # shown in the Buddhist era
    assert subject.data_type == "s"
    assert subject.value == '=HYPERLINK("http://evil")'
    assert subject.quotePrefix


def test_the_list_query_count_does_not_grow_with_rows(
    client, people, general, own_department, django_assert_max_num_queries
):
    client.force_login(people["coordinator"])
    for _ in range(3):
        file_complaint(general, department=own_department)
    with django_assert_max_num_queries(20) as few:
        client.get("/complaints/")
    for _ in range(30):
        file_complaint(general, department=own_department)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/complaints/")
