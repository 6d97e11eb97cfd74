from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Report archive")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.round_reports import register_round_report

        from . import models
        from .models import EVIDENCE_INDEX
        from .services import evidence_index_report

        # The index attaches nothing: whoever may read the archive may have it made.
        register_round_report(
            EVIDENCE_INDEX,
            _("Index of evidence (per indicator and OIT item)"),
            evidence_index_report,
            permission="core.view_report",
        )
        auditlog.register(models.ReportJob)
