"""Fixtures of the complaints tests: the default categories, a corruption handler, complaints at given times."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission, User

from complaints.models import Category, Complaint
from complaints.services import complaint_submit, complaint_transition
from core.roles import Role
from tests.conftest import make_user

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=BANGKOK)


@pytest.fixture
def general(db) -> Category:
    return Category.objects.get(name_th="ร้องเรียน/ร้องทุกข์ทั่วไป")


@pytest.fixture
def suggestion(db) -> Category:
    return Category.objects.get(name_th="ข้อเสนอแนะ")


@pytest.fixture
def corruption(db) -> Category:
    return Category.objects.get(is_corruption=True)


def grant(user: User, *codenames: str) -> User:
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="complaints", codename=codename))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def corruption_handler(users, own_department) -> User:
    """A coordinator the organisation named to handle corruption complaints."""
    return grant(make_user("integrity", Role.COORDINATOR, own_department), "handle_corruption")


def file_complaint(category: Category, when: datetime.datetime | None = None, **fields) -> Complaint:
    values = {"subject": "ถนนชำรุด", "description": "ถนนหน้าตลาดเป็นหลุมลึก", "anonymous": True} | fields
    if when is None:
        return complaint_submit(category=category, **values)
    with time_machine.travel(when, tick=False):
        return complaint_submit(category=category, **values)


def step(complaint: Complaint, user: User, action: str, when: datetime.datetime | None = None, **fields):
    if when is None:
        return complaint_transition(complaint=complaint, user=user, action=action, **fields)
    with time_machine.travel(when, tick=False):
        return complaint_transition(complaint=complaint, user=user, action=action, **fields)
