from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Organisation and users")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.models import User
        from django.urls import register_converter

        from . import models
        from .beat import Schedule, register_schedule
        from .cache import forget_on_change
        from .forms import HolidayForm
        from .lookups import register as register_lookups
        from .navigation import ACCOUNT, PUBLIC, MenuEntry, MenuGroup, register_menu_entry, register_menu_group
        from .params import IdConverter, TokenConverter
        from .selectors import ORGANISATION_KEY
        from .services import holidays_imported
        from .spreadsheets import Column, ImportSpec, register_import
        from .text import install as refuse_control_characters_in_forms

        # The conventions every view and form follows without asking: ids and tokens in URLs are read by
        # converters (<id:pk>, <token:code>), `__in` on an integer column tolerates numbers it cannot
        # hold, and every form's text field (the admin's too) refuses control characters.
        register_converter(IdConverter, "id")
        register_converter(TokenConverter, "token")
        register_lookups()
        refuse_control_characters_in_forms()

        for model in (models.Organisation, models.Department, models.FiscalYear, models.UserProfile, models.Holiday):
            auditlog.register(model)
        auditlog.register(models.Report, exclude_fields=["file"])
        auditlog.register(models.ReportRun)
        auditlog.register(models.SpreadsheetImport, exclude_fields=["file", "errors"])
        register_menu_group(MenuGroup("reports", _("Reports"), order=40))
        for entry in (
            MenuEntry(
                _("Audit log"), "core:audit_log", group="reports", order=20, permissions=("auditlog.view_logentry",)
            ),
            MenuEntry(
                _("Verify a report"),
                "core:verify",
                group="reports",
                order=30,
                permissions=("core.view_report", "auditlog.view_logentry"),
            ),
            MenuEntry(_("Verify a report"), "core:verify", bar=PUBLIC, order=90),
            MenuEntry(
                _("Organisation profile"),
                "core:organisation_edit",
                bar=ACCOUNT,
                order=10,
                permissions=("core.change_organisation",),
            ),
            MenuEntry(
                _("Public holidays"), "core:holiday_list", bar=ACCOUNT, order=30, permissions=("core.change_holiday",)
            ),
            MenuEntry(
                _("Administration"), "admin:index", bar=ACCOUNT, order=80, visible=lambda c: c["request"].user.is_staff
            ),
            MenuEntry(_("Change password"), "password_change", bar=ACCOUNT, order=90),
        ):
            register_menu_entry(entry)
        register_schedule(
            Schedule(
                "Report runs left behind",
                "core.tasks.sweep_report_runs",
                minute="*/15",
                description="Queue again a report whose task was lost or killed; past its attempts it is failed.",
            )
        )
        forget_on_change(models.Organisation, lambda organisation: [ORGANISATION_KEY])
        register_import(
            ImportSpec(
                kind="holidays",
                label=_("Public holidays"),
                form=HolidayForm,
                key=("date",),
                columns=(
                    Column("date", _("Date")),
                    Column("name_th", _("Holiday name (Thai)")),
                    Column("name_en", _("Holiday name (English)")),
                ),
                permissions=("core.add_holiday", "core.change_holiday"),
                back="core:holiday_list",
                done=holidays_imported,
            )
        )
        # Who holds which role and permission is on record: granting oneself a permission (the corruption
        # channel's, say) shows up in the log. Listed fields only: never the password hash, nor each
        # log-in (last_login), nor the reverse relations other apps add to User.
        auditlog.register(
            User,
            include_fields=["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"],
            m2m_fields={"groups", "user_permissions"},
        )
