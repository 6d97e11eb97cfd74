"""A new fiscal year gets its default ITA calendar the moment it is created."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from core.models import FiscalYear

from .services import deadlines_ensure_defaults


@receiver(post_save, sender=FiscalYear, dispatch_uid="schedules_default_deadlines")
def default_deadlines_for_new_year(sender, instance: FiscalYear, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        deadlines_ensure_defaults(instance)
