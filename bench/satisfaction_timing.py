"""Time the satisfaction results page, its CSV export and the O16 report on the benchmark database.

    python bench/satisfaction_timing.py [--runs 5]

Fill the database first: bench/README.md ("Satisfaction"). Reports the median and the worst of the runs.
"""

import argparse
import statistics
import time

from satisfaction_common import create_database, setup_django


def timed(label: str, runs: int, action) -> None:
    action()  # warm the caches once, as a page that is used is
    samples = []
    for _run in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    print(f"{label:<45} median {statistics.median(samples):8.1f} ms   worst {max(samples):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2564)
    args = parser.parse_args()
    create_database()
    setup_django()

    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from django.test import Client

    from core.models import Department, FiscalYear, Organisation, UserProfile
    from indicators.framework_loader import FRAMEWORK_DIR, framework_load_file
    from indicators.models import Framework
    from satisfaction.models import Response
    from satisfaction.reports import o16_report

    if not Framework.objects.filter(fiscal_year__year=args.year).exists():
        framework_load_file(FRAMEWORK_DIR / f"ita-{args.year}.yaml")
    # A generated report belongs to the organisation's coordinating department.
    Organisation.objects.get_or_create(
        pk=Organisation.SINGLETON_PK,
        defaults={"name_th": "Bench", "coordinating_department": Department.objects.order_by("order").first()},
    )
    user, created = User.objects.get_or_create(username="bench-coordinator")
    if created:
        user.groups.add(Group.objects.get(name="coordinator"))
        UserProfile.objects.create(user=user)
    fiscal_year = FiscalYear.objects.get(year=args.year)
    in_year = Response.objects.filter(question_set__fiscal_year=fiscal_year).count()
    print(f"{Response.objects.count():,} responses, {in_year:,} in {args.year}")

    client = Client()
    client.force_login(user)

    def page(query: dict):
        def get():
            response = client.get("/satisfaction/results/", {"year": args.year, **query})
            assert response.status_code == 200, response.status_code

        return get

    def csv_export():
        response = client.get("/satisfaction/results.csv", {"year": args.year})
        assert response.status_code == 200
        for _chunk in response.streaming_content:
            pass

    def o16(round_: str):
        def generate():
            # Rolled back: a benchmark leaves no reports or evidence behind.
            with transaction.atomic():
                o16_report(fiscal_year, round_, user)
                transaction.set_rollback(True)

        return generate

    timed("results page, whole fiscal year", args.runs, page({}))
    timed("results page, first half", args.runs, page({"period": "h1"}))
    timed("results page, one month, one point", args.runs, page({"period": f"m{args.year - 544}-12", "point": 1}))
    timed("results CSV (incl. every comment)", max(1, args.runs // 2), csv_export)
    timed("O16 report, first half (PDF, stored)", max(1, args.runs // 2), o16("h1"))
    timed("O16 report, full year (PDF, stored)", max(1, args.runs // 2), o16("full"))


if __name__ == "__main__":
    main()
