from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("ITA indicators and evidence")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.round_reports import register_round_report

        from . import models
        from .reports import O43_KIND, o43_report

        register_round_report(O43_KIND, _("Measures report (O43)"), o43_report, permission="indicators.review_evidence")

        for model in (models.Framework, models.Indicator, models.SubIndicator, models.OITItem):
            auditlog.register(model)
        auditlog.register(models.Measure, m2m_fields={"oit_items"})
        auditlog.register(models.Evidence)
        auditlog.register(models.EvidenceRevision)
