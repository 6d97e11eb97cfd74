"""A new fiscal year gets its satisfaction questions when it is created, whoever creates it (the daily
schedule, the framework loader, the demo data, the coordinator in the admin): opening a page never does."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from core.models import FiscalYear

from . import services


@receiver(post_save, sender=FiscalYear, dispatch_uid="satisfaction_year_questions")
def year_questions(sender, instance: FiscalYear, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        services.question_set_ensure(instance)
