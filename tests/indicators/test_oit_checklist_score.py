"""The OIT checklist and dashboard score the year with indicators.scoring: the documented FY2564 example, live."""

import datetime
from decimal import Decimal

from indicators.models import OITItem
from indicators.selectors import oit_checklist
from indicators.services import evidence_approve, evidence_create, evidence_set_published


def publish(item: OITItem, users) -> None:
    evidence = evidence_create(
        user=users["coordinator"],
        oit_item=item,
        title=f"เอกสาร {item.code}",
        effective_date=datetime.date(2021, 3, 1),
        url=f"https://example.org/{item.code}",
    )
    evidence_approve(user=users["coordinator"], evidence=evidence)
    evidence_set_published(user=users["coordinator"], evidence=evidence, published=True)


def test_one_item_of_a_sub_indicator_missing_scores_as_the_nacc_does(client, users, fiscal_year):
    items = OITItem.objects.filter(sub_indicator__indicator__framework__fiscal_year=fiscal_year)
    missing = items.filter(sub_indicator__code="9.2").order_by("number").first()
    for item in items.exclude(pk=missing.pk):
        publish(item, users)

    scores = {score.indicator.number: score for score in oit_checklist(users["coordinator"], fiscal_year)}
    assert scores[9].score == Decimal("97.5")  # 9.2 = 87.5, the other four 100
    assert scores[10].score == 100
    nine_two = next(sub for sub in scores[9].sub_scores if sub.sub_indicator.code == "9.2")
    assert (nine_two.passed, len(nine_two.items), nine_two.percent) == (7, 8, Decimal("87.5"))

    client.force_login(users["executive"])
    assert "97.50" in client.get(f"/?year={fiscal_year.year}").content.decode()
