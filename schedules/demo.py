"""Demo data of the schedules app: responsible people on the demo year's deadlines, one marked done."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from core.models import FiscalYear

from .models import Deadline
from .services import deadlines_ensure_defaults


def load_demo(data: dict, *, with_users: bool, log) -> None:
    fiscal_year = FiscalYear.objects.get(year=data["fiscal_year"])
    created = deadlines_ensure_defaults(fiscal_year)
    log(f"ITA calendar {fiscal_year.year}: {created} default deadlines created")
    if not with_users:
        return
    for spec in data["schedules"]["deadlines"]:
        deadline = Deadline.objects.get(fiscal_year=fiscal_year, kind=spec["kind"])
        if not deadline.responsible.exists():
            deadline.responsible.set(User.objects.filter(username__in=spec["responsible"]))
        if "done_by" in spec and deadline.done_at is None:
            day = datetime.date.fromisoformat(spec["done_at"])
            deadline.done_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            deadline.done_by = User.objects.get(username=spec["done_by"])
            deadline.proof_url = spec["proof_url"]
            deadline.save()
