"""Who may see and change which department's records (core.access)."""

import pytest
from django.contrib.auth.models import AnonymousUser, User

from core.access import can_edit_department, can_view_department, roles_of, visible_to
from indicators.models import Measure

pytestmark = pytest.mark.django_db

# user -> (may view own department, may view other, may edit own, may edit other)
ACCESS = {
    "staff": (True, False, True, False),
    "other_staff": (False, True, False, True),  # "own"/"other" are named from `staff`'s point of view
    "coordinator": (True, True, True, True),
    "executive": (True, True, True, False),
    "auditor": (True, True, True, False),
}


@pytest.mark.parametrize("who", sorted(ACCESS))
def test_can_view_department(users, own_department, other_department, who):
    view_own, view_other, _edit_own, _edit_other = ACCESS[who]
    assert can_view_department(users[who], own_department.pk) is view_own
    assert can_view_department(users[who], other_department.pk) is view_other


@pytest.mark.parametrize("who", ["staff", "other_staff", "coordinator"])
def test_can_edit_department(users, own_department, other_department, who):
    _view_own, _view_other, edit_own, edit_other = ACCESS[who]
    assert can_edit_department(users[who], own_department.pk) is edit_own
    assert can_edit_department(users[who], other_department.pk) is edit_other


@pytest.mark.parametrize("who", ["executive", "auditor"])
def test_read_only_roles_cannot_edit_another_department(users, other_department, who):
    assert can_edit_department(users[who], other_department.pk) is False


def test_anonymous_reaches_no_department(own_department, other_department):
    anonymous = AnonymousUser()
    for department in (own_department, other_department):
        assert can_view_department(anonymous, department.pk) is False
        assert can_edit_department(anonymous, department.pk) is False


def test_a_record_without_a_department_is_only_for_roles_that_see_all(users):
    assert can_view_department(users["staff"], None) is False
    assert can_edit_department(users["staff"], None) is False
    assert can_view_department(users["executive"], None) is True
    assert can_edit_department(users["coordinator"], None) is True


def test_a_user_without_a_profile_reaches_no_department(db, own_department):
    loner = User.objects.create_user("loner", password="x-long-password-1")
    assert can_view_department(loner, own_department.pk) is False
    assert can_edit_department(loner, own_department.pk) is False
    assert visible_to(Measure.objects.all(), loner).count() == 0


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff", {"measure"}),
        ("other_staff", {"other_measure"}),
        ("coordinator", {"measure", "other_measure"}),
        ("executive", {"measure", "other_measure"}),
        ("auditor", {"measure", "other_measure"}),
    ],
)
def test_visible_to_narrows_to_the_own_department(users, measure, other_measure, who, expected):
    by_name = {"measure": measure.pk, "other_measure": other_measure.pk}
    visible = set(visible_to(Measure.objects.all(), users[who]).values_list("pk", flat=True))
    assert visible == {by_name[name] for name in expected}


def test_visible_to_anonymous_is_empty(measure, other_measure):
    assert visible_to(Measure.objects.all(), AnonymousUser()).count() == 0


def test_roles_of(users):
    assert roles_of(users["staff"]) == {"staff"}
    assert roles_of(users["auditor"]) == {"auditor"}
    assert roles_of(users["no_role"]) == set()
    assert roles_of(AnonymousUser()) == set()


def test_visible_to_a_user_without_a_role_is_empty_even_in_their_department(users, measure):
    assert measure.department_id == users["no_role"].profile.department_id
    assert visible_to(Measure.objects.all(), users["no_role"]).count() == 0
