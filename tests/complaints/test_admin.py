"""The category admin: whether a category is the confidential corruption channel cannot be switched, once
complaints were filed under it, by anybody who may not handle corruption complaints."""

import pytest

from complaints.models import Category

from .conftest import file_complaint, grant


def category_form(category: Category, **changes) -> dict:
    data = {
        "name_th": category.name_th,
        "name_en": category.name_en,
        "days_to_acknowledge": category.days_to_acknowledge,
        "days_to_resolve": category.days_to_resolve,
        "order": category.order,
        "active": "on" if category.active else "",
        "is_corruption": "on" if category.is_corruption else "",
        "_save": "Save",
    }
    return {key: value for key, value in (data | changes).items() if value != ""}


@pytest.fixture
def coordinator(users):
    users["coordinator"].is_staff = True
    users["coordinator"].save()
    return users["coordinator"]


@pytest.mark.parametrize("name", ["corruption", "general"])
def test_the_coordinator_cannot_switch_a_category_with_complaints(client, coordinator, request, name):
    category = request.getfixturevalue(name)
    file_complaint(category)
    client.force_login(coordinator)
    switched = "" if category.is_corruption else "on"
    response = client.post(
        f"/admin/complaints/category/{category.pk}/change/",
        category_form(category, is_corruption=switched, days_to_resolve=20),
    )
    assert response.status_code == 200
    assert "เฉพาะผู้ที่มีสิทธิ์จัดการเรื่องร้องเรียนการทุจริต" in response.content.decode()
    fresh = Category.objects.get(pk=category.pk)
    assert (fresh.is_corruption, fresh.days_to_resolve) == (category.is_corruption, category.days_to_resolve)


def test_other_changes_and_an_unused_category_stay_free(client, coordinator, corruption):
    client.force_login(coordinator)
    file_complaint(corruption)
    response = client.post(
        f"/admin/complaints/category/{corruption.pk}/change/", category_form(corruption, days_to_resolve=20)
    )
    assert response.status_code == 302
    assert Category.objects.get(pk=corruption.pk).days_to_resolve == 20
    unused = Category.objects.create(name_th="หมวดใหม่")
    response = client.post(f"/admin/complaints/category/{unused.pk}/change/", category_form(unused, is_corruption="on"))
    assert response.status_code == 302
    assert Category.objects.get(pk=unused.pk).is_corruption


def test_a_holder_of_the_corruption_permission_may_switch_it(client, coordinator, corruption):
    file_complaint(corruption)
    client.force_login(grant(coordinator, "handle_corruption"))
    response = client.post(
        f"/admin/complaints/category/{corruption.pk}/change/", category_form(corruption, is_corruption="")
    )
    assert response.status_code == 302
    assert not Category.objects.get(pk=corruption.pk).is_corruption
