"""The portal's roles as Django groups, and the model permissions each holds.

Default deny: a permission not listed here belongs to no role. Apps added
later put their rows in ROLE_PERMISSIONS and call `sync_roles` from a data
migration of their own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    COORDINATOR = "coordinator", _("ITA coordinator")
    EXECUTIVE = "executive", _("Executive")
    AUDITOR = "auditor", _("Auditor")


def _crud(app: str, *models_: str) -> set[str]:
    return {f"{app}.{action}_{m}" for m in models_ for action in ("add", "change", "delete", "view")}


def _view(app: str, *models_: str) -> set[str]:
    return {f"{app}.view_{m}" for m in models_}


CORE_MODELS = ("organisation", "department", "fiscalyear", "userprofile", "report")
FRAMEWORK_MODELS = ("framework", "indicator", "subindicator", "oititem")
WORK_MODELS = ("measure", "evidence", "evidencerevision")

_READ_EVERYTHING = (
    _view("core", *CORE_MODELS) | _view("indicators", *FRAMEWORK_MODELS, *WORK_MODELS) | {"core.view_all_departments"}
)

ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.STAFF: (
        _view("core", "organisation", "department", "fiscalyear")
        | _view("indicators", *FRAMEWORK_MODELS, *WORK_MODELS)
        | {"indicators.add_evidence", "indicators.change_evidence"}
    ),
    Role.COORDINATOR: (
        _crud("core", *CORE_MODELS)
        | _crud("indicators", *FRAMEWORK_MODELS, *WORK_MODELS)
        | {
            "core.view_all_departments",
            "core.change_all_departments",
            "indicators.review_evidence",
            "indicators.publish_evidence",
            "auditlog.view_logentry",
        }
        | _crud("auth", "user")
        | {"auth.view_group"}
    ),
    Role.EXECUTIVE: set(_READ_EVERYTHING),
    Role.AUDITOR: _READ_EVERYTHING | {"auditlog.view_logentry"},
}


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
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        perms = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)


# Report archive: the coordinator sees report jobs (and why one failed) in the admin.
ROLE_PERMISSIONS[Role.COORDINATOR] |= _view("archive", "reportjob")
# --- notifications and schedules: everyone with a role sees the ITA calendar (their own
# notifications need no permission); the coordinator manages the calendar, the beat
# schedules in the admin, and the e-mails that could not be delivered.
_BEAT_MODELS = ("periodictask", "crontabschedule", "intervalschedule", "solarschedule", "clockedschedule")
for _role in Role:
    ROLE_PERMISSIONS[_role] |= _view("schedules", "deadline")
ROLE_PERMISSIONS[Role.COORDINATOR] |= (
    _crud("schedules", "deadline")
    | _view("schedules", "roundreportrun")
    | {"schedules.mark_deadline_done", "notifications.manage_delivery", "notifications.view_notification"}
    | _crud("django_celery_beat", *_BEAT_MODELS)
)
# --- Complaints (complaints/) and public holidays (core.Holiday) ------------------
# Corruption complaints need `complaints.handle_corruption`, which no role holds: the
# coordinator grants it to named users in the admin (Users → user permissions).
COMPLAINT_MODELS = ("category", "complaint", "complaintevent", "attachment", "guideline")
ROLE_PERMISSIONS[Role.STAFF] |= _view("core", "holiday") | {
    "complaints.view_complaint",
    "complaints.add_complaint",
    "complaints.change_complaint",
    "complaints.view_category",
}
ROLE_PERMISSIONS[Role.COORDINATOR] |= (
    _crud("core", "holiday")
    | _crud("complaints", *COMPLAINT_MODELS)
    | {"complaints.coordinate_complaints", "complaints.view_complainant_identity"}
)
ROLE_PERMISSIONS[Role.EXECUTIVE] |= _view("core", "holiday") | _view("complaints", "complaint", "category")
ROLE_PERMISSIONS[Role.AUDITOR] |= _view("core", "holiday") | _view("complaints", "complaint", "category")
# --- satisfaction ---------------------------------------------------------
# Staff see their department's service points and results; the coordinator runs points, questions and O16.
_SATISFACTION_READ = _view("satisfaction", "servicepoint", "questionset", "question", "response", "recommendation")
ROLE_PERMISSIONS[Role.STAFF] |= _SATISFACTION_READ
ROLE_PERMISSIONS[Role.COORDINATOR] |= _crud(
    "satisfaction", "servicepoint", "questionset", "question", "recommendation"
) | {"satisfaction.view_response"}
ROLE_PERMISSIONS[Role.EXECUTIVE] |= _SATISFACTION_READ
ROLE_PERMISSIONS[Role.AUDITOR] |= _SATISFACTION_READ
