"""The core admin keeps the portal's rules: the organisation's logo is checked as on the profile page, and what
logging in records about a user is shown, not typed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Holiday, Organisation
from indicators.services import evidence_create
from tests.conftest import pdf_upload
from tests.core.test_views import profile_data

pytestmark = pytest.mark.django_db

# A genuine 1×1 GIF: a picture Django's ImageField would take, but not one of the logo's PNG or JPEG.
GIF_BYTES = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def test_the_admin_checks_the_logo_by_content(admin_client, organisation):
    gif = SimpleUploadedFile("logo.png", GIF_BYTES, content_type="image/png")
    response = admin_client.post(
        f"/admin/core/organisation/{organisation.pk}/change/", profile_data(organisation, logo=gif, _save="Save")
    )
    assert response.status_code == 200
    assert "logo" in response.context["adminform"].form.errors
    assert not Organisation.objects.get(pk=organisation.pk).logo


def test_login_dates_are_not_editable(admin_client, users):
    response = admin_client.get(f"/admin/auth/user/{users['staff'].pk}/change/")
    fields = response.context["adminform"].form.fields
    assert "last_login" not in fields
    assert "date_joined" not in fields


# --- Buddhist-era dates (core.admin.BuddhistEraDates) -------------------------------------


def test_a_holiday_is_typed_and_listed_in_the_buddhist_era(admin_client):
    response = admin_client.post(
        "/admin/core/holiday/add/",
        {"date": "13/04/2568", "name_th": "วันสงกรานต์", "name_en": "Songkran", "_save": "Save"},
    )
    assert response.status_code == 302
    assert Holiday.objects.get().date == datetime.date(2025, 4, 13)
    listing = admin_client.get("/admin/core/holiday/").content.decode()
    assert "13 เมษายน 2568" in listing
    change = admin_client.get(f"/admin/core/holiday/{Holiday.objects.get().pk}/change/").content.decode()
    assert 'value="13/04/2568"' in change
    assert 'type="date"' not in change


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "13/04/3111"])
def test_a_holiday_at_the_calendars_edge_is_refused_in_the_admin_not_a_server_error(admin_client, typed):
    Holiday.objects.create(date=datetime.date(2025, 4, 14), name_th="วันสงกรานต์")
    response = admin_client.post(
        "/admin/core/holiday/add/", {"date": typed, "name_th": "วันหยุดผิด", "name_en": "", "_save": "Save"}
    )
    assert response.status_code == 200
    assert "ตรวจสอบปี พ.ศ." in response.content.decode()
    assert list(Holiday.objects.values_list("name_th", flat=True)) == ["วันสงกรานต์"]


def test_date_columns_of_change_lists_show_the_buddhist_era(admin_client, measure):
    measure.due_date = datetime.date(2021, 3, 31)
    measure.save()
    listing = admin_client.get("/admin/indicators/measure/").content.decode()
    assert "31 มีนาคม 2564" in listing
    assert "2021" not in listing.split("<tbody", 1)[1]
    sorted_by_date = admin_client.get("/admin/indicators/measure/", {"o": "6"})
    assert sorted_by_date.status_code == 200  # the B.E. column still sorts by the date


def test_read_only_dates_are_shown_in_the_buddhist_era_and_stay_read_only(admin_client, users, measure):
    evidence = evidence_create(
        user=users["staff"],
        measure=measure,
        title="หลักฐาน",
        effective_date=datetime.date(2021, 3, 15),
        upload=pdf_upload(),
    )
    response = admin_client.get(f"/admin/indicators/evidence/{evidence.pk}/change/")
    page = response.content.decode()
    assert "15 มีนาคม 2564" in page
    assert 'name="effective_date"' not in page
    assert "effective_date" not in response.context["adminform"].form.fields

    user = users["staff"]
    user.date_joined = timezone.make_aware(datetime.datetime(2021, 1, 4, 9, 30))
    user.save()
    response = admin_client.get(f"/admin/auth/user/{user.pk}/change/")
    assert "4 มกราคม 2564 เวลา 09:30 น." in response.content.decode()
    assert "date_joined" not in response.context["adminform"].form.fields
    assert 'name="username"' in response.content.decode()  # the rest of the declared fieldsets is still there
