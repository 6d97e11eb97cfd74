from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def public_oit_link(context) -> str | None:
    """The OIT page of the fiscal year the page shows (the public home's), if it shows one."""
    fiscal_year = context.get("fiscal_year")
    return reverse("indicators:public_oit", args=[fiscal_year.year]) if fiscal_year else None


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("ITA indicators and evidence")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.navigation import PUBLIC, MenuEntry, MenuGroup, register_menu_entry, register_menu_group
        from core.round_reports import register_round_report

        from . import models
        from .reports import O43_KIND, o43_report

        register_round_report(O43_KIND, _("Measures report (O43)"), o43_report, permission="indicators.review_evidence")
        register_menu_group(MenuGroup("ita", _("ITA work"), order=10))
        for entry in (
            MenuEntry(_("My measures"), "indicators:my_measures", group="ita", order=10),
            MenuEntry(_("Measures"), "indicators:measure_list", group="ita", order=20),
            MenuEntry(_("OIT checklist"), "indicators:oit_checklist", group="ita", order=30),
            MenuEntry(
                _("Review"),
                "indicators:review_queue",
                group="ita",
                order=40,
                permissions=("indicators.review_evidence",),
            ),
            MenuEntry(_("Published information (OIT)"), public_oit_link, bar=PUBLIC, order=10),
        ):
            register_menu_entry(entry)

        for model in (models.Framework, models.Indicator, models.SubIndicator, models.OITItem):
            auditlog.register(model)
        auditlog.register(models.Measure, m2m_fields={"oit_items"})
        auditlog.register(models.Evidence)
        auditlog.register(models.EvidenceRevision)
