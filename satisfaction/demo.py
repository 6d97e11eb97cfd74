"""Demo data of the satisfaction app: the organisation's service points and a season of ratings."""

import datetime
import random

from django.utils import timezone

from core.fiscal import fiscal_year_period
from core.models import Department, FiscalYear

from . import services
from .models import Response, ServicePoint

# Most citizens are satisfied; a few are not, as in real municipal surveys.
SCORE_WEIGHTS = {5: 45, 4: 35, 3: 14, 2: 4, 1: 2}
COMMENT_SHARE = 0.15


def load_demo(data: dict, *, with_users: bool, log) -> None:
    spec = data.get("satisfaction")
    if not spec:
        return
    points = [_point(item) for item in spec["service_points"]]
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=data["fiscal_year"])
    question_set = services.question_set_ensure(fiscal_year)
    if Response.objects.filter(service_point__in=points).exists():
        log("satisfaction responses: already there")
        return
    rng = random.Random(spec.get("seed", 0))  # noqa: S311 - reproducible demo data, not security
    period = fiscal_year_period(fiscal_year.year)
    days = [
        period.start + datetime.timedelta(days=offset)
        for offset in range((period.end - period.start).days + 1)
        if (period.start + datetime.timedelta(days=offset)).weekday() < 5
    ]
    positions = list(question_set.questions.values_list("position", flat=True))
    scores, weights = zip(*SCORE_WEIGHTS.items(), strict=True)
    responses = []
    for _index in range(spec["responses"]):
        point = rng.choice(points)
        day = rng.choice(days)
        moment = datetime.datetime.combine(day, datetime.time(8, 30)) + datetime.timedelta(minutes=rng.randrange(480))
        responses.append(
            Response(
                service_point=point,
                question_set=question_set,
                submitted_at=timezone.make_aware(moment),
                service_type=rng.choice(["", *point.service_type_choices]),
                gender=rng.choice(["", "m", "f", "f", "m", "o"]),
                age_band=rng.choice(["", "u20", "20", "31", "41", "51", "60"]),
                comment=rng.choice(spec["comments"]) if rng.random() < COMMENT_SHARE else "",
                **{f"score_{p}": rng.choices(scores, weights)[0] for p in positions},
            )
        )
    Response.objects.bulk_create(responses, batch_size=1000)
    services.tallies_invalidate(period.start)
    services.tallies_refresh()  # the results pages only read the tallies; the nightly task keeps them up
    log(f"satisfaction: {len(points)} service points, {len(responses)} responses in {fiscal_year.year}")


def _point(item: dict) -> ServicePoint:
    department = Department.objects.get(name_th=item["department"])
    point, _created = ServicePoint.objects.get_or_create(
        department=department,
        name=item["name"],
        defaults={"location": item.get("location", ""), "service_types": "\n".join(item.get("service_types", []))},
    )
    return point
