"""Time the complaint list (filtered, paginated) and the O31 statistics page, with their query counts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_cmp DEBUG=1 \
        .venv/bin/python bench/complaints_timing.py [--runs 7]

Fill the database first with `manage.py bench_complaints_data --complaints 100000` (bench/README.md, "Complaints").
Each page is requested through Django's test client as the coordinator, as a logged-in browser would;
reports the median and worst time and the number of SQL queries per page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takbai_ita.settings")

PAGES = [
    ("list, first page", "/complaints/", {}),
    (
        "list, state + category + dates, page 5",
        "/complaints/",
        {"state": "closed", "date_from": "2020-10-01", "date_to": "2021-09-30", "page": "5"},
    ),
    ("list, overdue only, page 2", "/complaints/", {"overdue": "on", "page": "2"}),
    ("list, search by code or subject", "/complaints/", {"q": "99999"}),
    ("O31 statistics FY2564 full year", "/complaints/statistics/", {"year": "2564", "round": "full"}),
    ("O31 statistics FY2564 first half", "/complaints/statistics/", {"year": "2564", "round": "h1"}),
    ("coordinator overview", "/complaints/overview/", {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from complaints.models import Complaint
    from core.roles import Role

    user, created = User.objects.get_or_create(username="bench-coordinator")
    if created:
        user.groups.add(Group.objects.get(name=Role.COORDINATOR))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    print(f"{Complaint.objects.count()} complaints in {connection.vendor} database {connection.settings_dict['NAME']}")
    for label, url, query in PAGES:
        response = client.get(url, query)  # warm the caches once, as a page in use is
        assert response.status_code == 200, (label, response.status_code)
        samples = []
        for _run in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(url, query)
                samples.append((time.perf_counter() - started) * 1000)
        print(
            f"{label:<42} median {statistics.median(samples):7.1f} ms   worst {max(samples):7.1f} ms"
            f"   queries {len(queries.captured_queries)}"
        )


if __name__ == "__main__":
    main()
