"""The core admin keeps the portal's rules: the organisation's logo is checked as on the profile page, and what
logging in records about a user is shown, not typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Organisation
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
