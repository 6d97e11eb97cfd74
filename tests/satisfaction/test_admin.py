"""The recommendations admin saves through the service, so the O16 report names who wrote the text."""

import pytest

from core.fiscal import Round
from core.models import FiscalYear
from satisfaction.models import Recommendation
from satisfaction.services import recommendation_save
from tests.conftest import admin_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/satisfaction/recommendation/"


def test_a_recommendation_added_in_the_admin_names_who_wrote_it(client, users, fiscal_year):
    client.force_login(admin_staff(users["coordinator"]))
    response = client.post(
        f"{CHANGELIST}add/",
        {
            "fiscal_year": fiscal_year.pk,
            "round": Round.FIRST_HALF,
            "text": "เพิ่มป้ายบอกทาง",
            "updated_by": users["executive"].pk,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    saved = Recommendation.objects.get(fiscal_year=fiscal_year, round=Round.FIRST_HALF)
    assert (saved.text, saved.updated_by) == ("เพิ่มป้ายบอกทาง", users["coordinator"])


def test_a_change_keeps_the_round_and_names_who_changed_it(client, users, fiscal_year):
    recommendation = recommendation_save(
        fiscal_year=fiscal_year, round_=Round.FIRST_HALF, text="เดิม", user=users["executive"]
    )
    other_year = FiscalYear.objects.create(year=2565)
    client.force_login(admin_staff(users["coordinator"]))
    response = client.post(
        f"{CHANGELIST}{recommendation.pk}/change/",
        {
            "fiscal_year": other_year.pk,
            "round": Round.FULL_YEAR,
            "text": "ใหม่",
            "updated_by": users["executive"].pk,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    fresh = Recommendation.objects.get(pk=recommendation.pk)
    assert (fresh.fiscal_year, fresh.round, fresh.text, fresh.updated_by) == (
        fiscal_year,
        Round.FIRST_HALF,
        "ใหม่",
        users["coordinator"],
    )
    assert Recommendation.objects.count() == 1
