"""Roles are Django groups created by migrations, each holding exactly the permissions the apps grant it."""

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission

from core.roles import Role, role_permissions, sync_roles

ROLE_USERS = ["staff", "coordinator", "executive", "auditor"]

# permission -> the roles that hold it (every other role must not).
EXPECTED = {
    "core.view_all_departments": {"coordinator", "executive", "auditor"},
    "core.change_all_departments": {"coordinator"},
    "indicators.review_evidence": {"coordinator"},
    "indicators.publish_evidence": {"coordinator"},
    "indicators.add_evidence": {"staff", "coordinator"},
    "indicators.change_evidence": {"staff", "coordinator"},
    "indicators.delete_evidence": {"coordinator"},
    "indicators.add_measure": {"coordinator"},
    "indicators.view_evidence": {"staff", "coordinator", "executive", "auditor"},
    "auditlog.view_logentry": {"coordinator", "auditor"},
    "core.view_report": {"coordinator", "executive", "auditor"},
    "core.change_organisation": {"coordinator"},
    "auth.change_user": {"coordinator"},
}


def dotted(perms) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in perms}


def group_permissions() -> dict[str, set[str]]:
    return {
        group.name: dotted(group.permissions.select_related("content_type"))
        for group in Group.objects.prefetch_related("permissions")
    }


@pytest.mark.django_db
def test_the_four_role_groups_exist_after_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {"staff", "coordinator", "executive", "auditor"}
    assert set(Role.values) == {"staff", "coordinator", "executive", "auditor"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_each_group_holds_exactly_the_listed_permissions(role):
    # Also catches a typo in an app's ROLE_GRANTS: sync_roles skips a permission that does not exist.
    assert group_permissions()[role] == role_permissions()[role]


def test_the_grants_the_apps_declare_make_the_table_core_used_to_hard_code():
    """Moving the grants from core into each app's roles.py changed no role's permissions (the one
    report-run permission replaced those of the two runners it unified)."""
    table = json.loads((Path(__file__).parent / "role_table.json").read_text(encoding="utf-8"))
    assert {role.value: sorted(perms) for role, perms in role_permissions().items()} == table


@pytest.mark.parametrize("perm", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLE_USERS)
def test_role_permission_matrix(users, role, perm):
    assert users[role].has_perm(perm) is (role in EXPECTED[perm])


@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_a_user_without_a_role_has_none_of_them(users, perm):
    assert users["no_role"].has_perm(perm) is False


@pytest.mark.django_db
def test_sync_roles_is_idempotent():
    before = group_permissions()
    sync_roles(django_apps)
    once = group_permissions()
    sync_roles(django_apps)
    assert once == before
    assert group_permissions() == once
    assert Group.objects.filter(name__in=Role.values).count() == len(Role.values)


@pytest.mark.django_db
def test_sync_roles_restores_a_permission_taken_away_and_removes_an_extra_one():
    coordinator = Group.objects.get(name="coordinator")
    staff = Group.objects.get(name="staff")
    coordinator.permissions.remove(Permission.objects.get(codename="publish_evidence"))
    staff.permissions.add(Permission.objects.get(codename="publish_evidence"))
    sync_roles(django_apps)
    permissions = group_permissions()
    assert "indicators.publish_evidence" in permissions["coordinator"]
    assert "indicators.publish_evidence" not in permissions["staff"]


@pytest.mark.django_db
def test_sync_roles_with_the_live_registry_leaves_app_configs_intact():
    # create_permissions and post_migrate skip an app whose models_module is unset,
    # so sync_roles must not leave the live registry's apps without theirs.
    sync_roles(django_apps)
    for label in ("core", "indicators", "auth", "contenttypes", "auditlog"):
        config = django_apps.get_app_config(label)
        assert config.models_module is importlib.import_module(f"{config.name}.models"), label
