from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Report archive")

    def ready(self) -> None:
        from core.navigation import MenuEntry, register_menu_entry
        from core.round_reports import register_round_report

        from .selectors import EVIDENCE_INDEX
        from .services import evidence_index_report

        def package_offer(run) -> tuple[str, str]:
            year = run.fiscal_year.year
            label = _("Download the ZIP of fiscal year %(year)s") % {"year": year}
            return label, reverse("archive:package_download", args=[year])

        # The index attaches nothing: whoever may read the archive may have it made.
        register_round_report(
            EVIDENCE_INDEX,
            _("Index of evidence (per indicator and OIT item)"),
            evidence_index_report,
            permission="core.view_report",
            offer=package_offer,
        )
        register_menu_entry(
            MenuEntry(
                _("Report archive"), "archive:report_list", group="reports", order=10, permissions=("core.view_report",)
            )
        )
