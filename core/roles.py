"""The portal's roles as Django groups, and the model permissions each holds.

Default deny: a permission no app grants belongs to no role. Each app declares what its roles
get in a ``roles.py`` of its own:

    from core.roles import Role, crud, view

    ROLE_GRANTS = {Role.COORDINATOR: crud("budget", "project"), Role.AUDITOR: view("budget", "project")}

`role_permissions` collects the grants of every installed app, and each app calls `sync_roles`
from a data migration of its own once its models (and so its permissions) exist.
"""

from importlib import import_module

from django.apps import apps as live_apps
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    COORDINATOR = "coordinator", _("ITA coordinator")
    EXECUTIVE = "executive", _("Executive")
    AUDITOR = "auditor", _("Auditor")


def crud(app: str, *models_: str) -> set[str]:
    return {f"{app}.{action}_{m}" for m in models_ for action in ("add", "change", "delete", "view")}


def view(app: str, *models_: str) -> set[str]:
    return {f"{app}.view_{m}" for m in models_}


def role_permissions() -> dict[Role, set[str]]:
    """Every role's permissions: the union of the ROLE_GRANTS of every installed app."""
    merged: dict[Role, set[str]] = {role: set() for role in Role}
    for app_config in live_apps.get_app_configs():
        if not module_has_submodule(app_config.module, "roles"):
            continue
        for role, granted in getattr(import_module(f"{app_config.name}.roles"), "ROLE_GRANTS", {}).items():
            merged[Role(role)] |= granted
    return merged


def sync_roles(apps) -> None:
    """Create the role groups and give each exactly the permissions listed (idempotent).

    ``apps`` is the migration state's registry (or django.apps.apps).
    Permissions of apps not yet migrated are skipped; their own migration
    calls this again once they exist.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # create_permissions skips an app without models_module (a migration's
        # stubs have none); restore the original so the live registry keeps its own.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, wanted in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role.value)
        perms = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)


# --- core's own grants: the organisation, its users, reports and the audit log ---------------------
CORE_MODELS = ("organisation", "department", "fiscalyear", "userprofile", "report")

ROLE_GRANTS: dict[Role, set[str]] = {
    Role.STAFF: view("core", "organisation", "department", "fiscalyear", "holiday"),
    Role.COORDINATOR: (
        crud("core", *CORE_MODELS, "holiday")
        | view("core", "reportrun")  # and why one failed, in the admin
        | {"core.view_all_departments", "core.change_all_departments", "auditlog.view_logentry"}
        | crud("auth", "user")
        | {"auth.view_group"}
    ),
    Role.EXECUTIVE: view("core", *CORE_MODELS, "holiday") | {"core.view_all_departments"},
    Role.AUDITOR: view("core", *CORE_MODELS, "holiday") | {"core.view_all_departments", "auditlog.view_logentry"},
}
