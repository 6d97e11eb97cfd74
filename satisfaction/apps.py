from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "satisfaction"
    verbose_name = _("Service satisfaction")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.beat import Schedule, register_schedule
        from core.cache import forget_on_change
        from core.dashboard import register_panel
        from core.navigation import MenuEntry, MenuGroup, register_menu_entry, register_menu_group
        from core.round_reports import register_round_report

        from . import models, selectors, signals  # noqa: F401 - signals connects its receivers
        from .dashboard import satisfaction_panel
        from .reports import O16_KIND, o16_report

        register_panel("satisfaction", satisfaction_panel)
        register_schedule(
            Schedule(
                "Satisfaction daily tallies",
                "satisfaction.tasks.refresh_tallies",
                minute="15",
                hour="0",
                description="At 00:15, the satisfaction ratings of the day that closed, tallied for the results pages.",
            )
        )
        register_menu_group(MenuGroup("satisfaction", _("Satisfaction"), order=20))
        for entry in (
            MenuEntry(
                _("Service points"),
                "satisfaction:point_list",
                group="satisfaction",
                order=10,
                permissions=("satisfaction.view_servicepoint",),
            ),
            MenuEntry(
                _("Satisfaction results"),
                "satisfaction:results",
                group="satisfaction",
                order=20,
                permissions=("satisfaction.view_response",),
            ),
            MenuEntry(
                _("Satisfaction report (O16)"),
                "satisfaction:o16",
                group="satisfaction",
                order=30,
                permissions=("satisfaction.view_recommendation",),
            ),
        ):
            register_menu_entry(entry)
        # What the public form caches (selectors): a point by its token, the year's newest questions.
        forget_on_change(models.ServicePoint, lambda point: [selectors.point_key(point.token)])
        forget_on_change(
            models.QuestionSet,
            lambda question_set: [
                # The form of the year after shows these until that year has its own.
                selectors.current_questions_key(question_set.fiscal_year.year),
                selectors.current_questions_key(question_set.fiscal_year.year + 1),
                selectors.questions_key(question_set.pk),
            ],
        )
        forget_on_change(models.Question, lambda question: [selectors.questions_key(question.question_set_id)])
        register_round_report(
            O16_KIND, _("Satisfaction report (O16)"), o16_report, permission="satisfaction.change_recommendation"
        )

        # Responses are citizens' anonymous submissions, not records anyone edits: not audited.
        for model in (models.ServicePoint, models.QuestionSet, models.Question, models.Recommendation):
            auditlog.register(model)
