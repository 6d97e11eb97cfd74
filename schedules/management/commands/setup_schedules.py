"""manage.py setup_schedules: the periodic tasks and every fiscal year's default deadlines. Safe to run twice."""

from django.core.management.base import BaseCommand

from core.beat import ensure_schedules
from core.models import FiscalYear
from schedules.services import deadlines_ensure_defaults


class Command(BaseCommand):
    help = "Create the default periodic tasks (Asia/Bangkok) and the default ITA calendar of each fiscal year."

    def handle(self, *args, **options):
        for name in ensure_schedules():
            self.stdout.write(f"  schedule created: {name}")
        for fiscal_year in FiscalYear.objects.order_by("year"):
            created = deadlines_ensure_defaults(fiscal_year)
            if created:
                self.stdout.write(f"  FY{fiscal_year.year}: {created} default deadlines created")
        self.stdout.write(self.style.SUCCESS("Schedules and calendars are in place."))
