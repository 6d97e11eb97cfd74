"""manage.py bench_complaints_data --complaints 100000: fill a benchmark database with generated complaints.

For bench/complaints_timing.py only: the rows are marked (submission token "bench:<n>") and `--clear`
removes exactly them. Deterministic (fixed seed); spread over FY2563–FY2565 in every state and channel.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from complaints.models import Category, Channel, Complaint, State
from complaints.services import deadlines_for
from core.models import Department, FiscalYear

BATCH = 5000
MARK = "bench:"  # submission-token prefix of generated rows
FIRST_DAY = datetime.date(2019, 10, 1)
DAYS = 3 * 365
# Most complaints are finished; some are still open, a few never touched.
STATE_WEIGHTS = {
    State.CLOSED: 40,
    State.RESOLVED: 20,
    State.REJECTED: 5,
    State.IN_PROGRESS: 12,
    State.ASSIGNED: 8,
    State.ACKNOWLEDGED: 7,
    State.RECEIVED: 8,
}


class Command(BaseCommand):
    help = "Generate complaints for the benchmarks (never on a production database)."

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, default=100_000)
        parser.add_argument("--clear", action="store_true", help="delete the generated complaints first")

    def handle(self, *args, complaints: int, clear: bool, **options):
        if clear:
            deleted, _ = Complaint.objects.filter(submission_token__startswith=MARK).delete()
            self.stdout.write(f"deleted {deleted} rows")
        for year in (2563, 2564, 2565):
            FiscalYear.objects.get_or_create(year=year)
        departments = list(Department.objects.all()) or [Department.objects.create(name_th="หน่วยงานทดสอบ")]
        categories = list(Category.objects.all())
        start = Complaint.objects.filter(submission_token__startswith=MARK).count()
        rng = random.Random(2564 + start)  # noqa: S311 - reproducible fake data, not a secret
        deadlines = {}
        states, weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
        made = 0
        while made < complaints:
            rows = []
            for _ in range(min(BATCH, complaints - made)):
                n = start + made + len(rows)
                category = rng.choice(categories)
                day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
                key = (category.pk, day)
                if key not in deadlines:
                    deadlines[key] = deadlines_for(category, day)
                acknowledge_due, resolve_due = deadlines[key]
                received_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randrange(7, 22))))
                state = rng.choices(states, weights)[0]
                acknowledged = state != State.RECEIVED
                finished = state in (State.RESOLVED, State.REJECTED, State.CLOSED)
                ack_days, resolve_days = rng.randrange(0, 6), rng.randrange(1, 25)
                rows.append(
                    Complaint(
                        submission_token=f"{MARK}{n}",
                        category=category,
                        channel=rng.choice(Channel.values),
                        subject=f"เรื่องร้องเรียนทดสอบสมรรถนะ {n}",
                        description="รายละเอียดเรื่องร้องเรียนสำหรับทดสอบสมรรถนะ",
                        anonymous=rng.random() < 0.4,
                        state=state,
                        department=rng.choice(departments) if state not in (State.RECEIVED,) else None,
                        received_at=received_at,
                        acknowledge_due=acknowledge_due,
                        resolve_due=resolve_due,
                        acknowledged_at=received_at + datetime.timedelta(days=ack_days) if acknowledged else None,
                        acknowledge_days=ack_days if acknowledged else None,
                        finished_at=received_at + datetime.timedelta(days=resolve_days) if finished else None,
                        resolve_days=resolve_days if finished else None,
                    )
                )
            with transaction.atomic():
                Complaint.objects.bulk_create(rows)
            made += len(rows)
            self.stdout.write(f"  {made}/{complaints}")
        self.stdout.write(self.style.SUCCESS(f"{complaints} complaints generated"))
