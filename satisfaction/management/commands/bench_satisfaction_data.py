"""manage.py bench_satisfaction_data --responses 1000000: fill a benchmark database with realistic ratings, fast.

On PostgreSQL the rows go in with COPY (about a minute for a million); elsewhere with bulk_create.
For benchmarks only: it adds service points named "Bench …" and responses with random scores.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core.fiscal import fiscal_year_period
from core.models import Department, FiscalYear
from satisfaction import services
from satisfaction.models import DailyProfileTally, DailyTally, Response, ServicePoint

SCORES = (5, 4, 3, 2, 1)
WEIGHTS = (45, 35, 14, 4, 2)
BATCH = 10_000


class Command(BaseCommand):
    help = "Add benchmark service points and N random responses spread over a fiscal year."

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, required=True)
        parser.add_argument("--points", type=int, default=20)
        parser.add_argument("--year", type=int, default=2564, help="fiscal year (B.E.) the responses fall in")
        parser.add_argument("--comment-share", type=float, default=0.05)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, responses: int, points: int, year: int, comment_share: float, seed: int, **options):
        if responses < 0 or points < 1:
            raise CommandError("--responses must be ≥ 0 and --points ≥ 1")
        rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
        department = Department.objects.order_by("order").first() or Department.objects.create(name_th="Bench")
        service_points = [
            ServicePoint.objects.get_or_create(name=f"Bench {n:02}", department=department)[0]
            for n in range(1, points + 1)
        ]
        fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
        question_set = services.question_set_ensure(fiscal_year)
        positions = list(question_set.questions.values_list("position", flat=True))
        period = fiscal_year_period(year)
        start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time(8)))
        seconds = int((period.end - period.start).days * 86400)
        started = time.monotonic()

        def rows():
            for _n in range(responses):
                scores = rng.choices(SCORES, WEIGHTS, k=len(positions))
                yield (
                    rng.choice(service_points).pk,
                    question_set.pk,
                    start + datetime.timedelta(seconds=rng.randrange(seconds)),
                    "bench comment" if rng.random() < comment_share else "",
                    dict(zip((f"score_{p}" for p in positions), scores, strict=True)),
                )

        if connection.vendor == "postgresql":
            self._copy(rows(), positions)
        else:
            self._bulk_create(rows())
        elapsed = time.monotonic() - started
        self.stdout.write(f"{responses} responses in {elapsed:.1f} s; {Response.objects.count()} in the database")
        started = time.monotonic()
        services.tallies_invalidate(period.start)
        services.tallies_refresh()
        # Fresh statistics, as autovacuum would soon give them: with the planner's estimate of an empty
        # table, the year's GROUP BY sorts 200,000 tally rows on disk instead of hashing them.
        with connection.cursor() as cursor:
            for model in (DailyTally, DailyProfileTally):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.stdout.write(f"daily tallies rebuilt in {time.monotonic() - started:.1f} s")

    def _copy(self, rows, positions: list[int]) -> None:
        columns = ["service_point_id", "question_set_id", "submitted_at", "comment"]
        columns += ["service_type", "gender", "age_band", *(f"score_{p}" for p in positions)]
        table = Response._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for point, question_set, moment, comment, scores in rows:
                    copy.write_row((point, question_set, moment, comment, "", "", "", *scores.values()))
            cursor.execute(f"ANALYZE {table}")

    def _bulk_create(self, rows) -> None:
        batch = []
        for point, question_set, moment, comment, scores in rows:
            batch.append(
                Response(
                    service_point_id=point,
                    question_set_id=question_set,
                    submitted_at=moment,
                    comment=comment,
                    **scores,
                )
            )
            if len(batch) == BATCH:
                Response.objects.bulk_create(batch)
                batch = []
        Response.objects.bulk_create(batch)
