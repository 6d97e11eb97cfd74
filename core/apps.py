from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Organisation and users")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models
        from .cache import forget_on_change
        from .selectors import ORGANISATION_KEY

        for model in (models.Organisation, models.Department, models.FiscalYear, models.UserProfile, models.Holiday):
            auditlog.register(model)
        auditlog.register(models.Report, exclude_fields=["file"])
        forget_on_change(models.Organisation, lambda organisation: [ORGANISATION_KEY])
