from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def complaints_link(context) -> str:
    """Coordinators start at the overview of every department; staff at their own list."""
    if context["request"].user.has_perm("complaints.coordinate_complaints"):
        return reverse("complaints:overview")
    return reverse("complaints:list")


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.audit import register_audit_scope
        from core.dashboard import register_panel
        from core.models import Holiday
        from core.navigation import PUBLIC, MenuEntry, register_menu_entry
        from core.round_reports import register_round_report
        from core.workdays import holidays_changed
        from notifications.reminders import register_reminder_source

        from . import models
        from .dashboard import complaints_panel
        from .models import PRIVATE_FIELDS
        from .reminders import complaint_digest
        from .reports import O31_KIND, o31_report
        from .selectors import audit_scope
        from .services import deadlines_follow_holidays

        register_panel("complaints", complaints_panel)
        for entry in (
            MenuEntry(_("Complaints"), complaints_link, order=30, permissions=("complaints.view_complaint",)),
            MenuEntry(_("File a complaint"), "complaints:new", bar=PUBLIC, order=20),
            MenuEntry(_("Report corruption"), "complaints:corruption", bar=PUBLIC, order=30),
            MenuEntry(_("Follow a complaint"), "complaints:status", bar=PUBLIC, order=40),
        ):
            register_menu_entry(entry)
        register_round_report(
            O31_KIND, _("Complaint statistics (O31)"), o31_report, permission="complaints.coordinate_complaints"
        )
        register_reminder_source("complaints", complaint_digest)
        register_audit_scope("complaints", audit_scope)
        holidays_changed.connect(deadlines_follow_holidays, sender=Holiday, dispatch_uid="complaints.deadlines")

        for model in (models.Category, models.Guideline):
            auditlog.register(model)
        # The audit log is read by roles that may not see corruption complaints or who filed one:
        # it records who changed what and when, while the text stays in the complaint and its events.
        auditlog.register(models.Complaint, exclude_fields=[*PRIVATE_FIELDS, "submission_token"])
        auditlog.register(models.ComplaintEvent, exclude_fields=["public_reply", "internal_note"])
        auditlog.register(models.Attachment, exclude_fields=["file", "original_name"])
