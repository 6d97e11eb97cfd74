from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Organisation and users")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.models import User

        from . import models
        from .cache import forget_on_change
        from .selectors import ORGANISATION_KEY

        for model in (models.Organisation, models.Department, models.FiscalYear, models.UserProfile, models.Holiday):
            auditlog.register(model)
        auditlog.register(models.Report, exclude_fields=["file"])
        forget_on_change(models.Organisation, lambda organisation: [ORGANISATION_KEY])
        # Who holds which role and permission is on record: granting oneself a permission (the corruption
        # channel's, say) shows up in the log. Listed fields only: never the password hash, nor each
        # log-in (last_login), nor the reverse relations other apps add to User.
        auditlog.register(
            User,
            include_fields=["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"],
            m2m_fields={"groups", "user_permissions"},
        )
