"""The scoring module (indicators.scoring) reproduces the documented ITA examples and grades every band's edge."""

from decimal import Decimal

import pytest
import yaml

from indicators.framework_loader import FRAMEWORK_DIR
from indicators.scoring import (
    GradeBand,
    ItemStanding,
    OITMethod,
    OITStanding,
    RulesError,
    ScoringRules,
    gains,
    oit_indicator_scores,
    oit_score,
    project,
    total_score,
)

D = Decimal

# FY2564 as ../shared/ita/README.md documents it: AA-F from the total, pass mark 85, weights 30/30/40.
RULES_2564 = ScoringRules.from_data(
    {
        "tool_weights": {"IIT": 30, "EIT": 30, "OIT": 40},
        "pass_mark": 85,
        "bands": [
            {"label": "AA", "from": 95},
            {"label": "A", "from": 85},
            {"label": "B", "from": 75},
            {"label": "C", "from": 65},
            {"label": "D", "from": 55},
            {"label": "E", "from": 50},
            {"label": "F", "from": 0},
        ],
    }
)
# FY2568 (documented): ผ่านดี needs 85 in every tool; ผ่านดีเยี่ยม 95 in every tool (derived).
RULES_2568 = ScoringRules.from_data(
    {
        "tool_weights": {"IIT": "30", "EIT": "30", "OIT": "40"},
        "pass_mark": "85",
        "oit": "item_share",
        "bands": [
            {"label": "ผ่านดีเยี่ยม", "from": 95, "each_tool_from": 95},
            {"label": "ผ่านดี", "from": 85, "each_tool_from": 85},
            {"label": "ผ่าน", "from": 85},
            {"label": "ต้องปรับปรุง", "from": 70},
            {"label": "ต้องปรับปรุงโดยด่วน", "from": 0},
        ],
    }
)


def standing_2564(missing: set[str] = frozenset()) -> OITStanding:
    """The shipped FY2564 edition's items, every one passed except ``missing``."""
    data = yaml.safe_load((FRAMEWORK_DIR / "ita-2564.yaml").read_text(encoding="utf-8"))
    items, indicator_of = [], {}
    for indicator in data["indicators"]:
        for sub in indicator.get("sub_indicators", []):
            indicator_of[sub["code"]] = str(indicator["number"])
            items += [ItemStanding(item["code"], sub["code"], item["code"] not in missing) for item in sub["items"]]
    return OITStanding(tuple(items), indicator_of)


def items_of(sub_indicator: str, count: int) -> set[str]:
    codes = [str(item.key) for item in standing_2564().items if item.sub_indicator == sub_indicator]
    return set(codes[:count])


@pytest.mark.parametrize(
    ("missing", "indicator", "expected"),
    [
        (("9.2", 1), "9", D("97.50")),  # documented: one item of 9.2 missing -> 9.2 = 87.5 -> indicator 9 = 97.50
        (("10.1", 1), "10", D("93.75")),  # one of 10.1 missing -> indicator 10 = 93.75
        (("10.1", 2), "10", D("87.50")),  # two of 10.1 missing -> 87.50
    ],
)
def test_the_documented_fy2564_examples(missing, indicator, expected):
    standing = standing_2564(items_of(*missing))
    assert oit_indicator_scores(standing)[indicator] == expected
    untouched = "10" if indicator == "9" else "9"
    assert oit_indicator_scores(standing)[untouched] == 100


def test_everything_published_scores_100_and_nothing_scores_0():
    every = standing_2564()
    assert oit_score(every, OITMethod.SUB_INDICATOR_MEAN) == 100
    nothing = standing_2564({str(item.key) for item in every.items})
    assert oit_score(nothing, OITMethod.SUB_INDICATOR_MEAN) == 0
    assert oit_score(OITStanding(()), OITMethod.ITEM_SHARE) == 0


def test_the_total_weights_each_tool():
    assert total_score({"IIT": D(90), "EIT": D(80), "OIT": D(100)}, RULES_2564) == D(91)


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("100", "AA"),
        ("95.00", "AA"),
        ("94.99", "A"),
        ("94.995", "AA"),  # rounded half up to 95.00, as results are published
        ("85.00", "A"),
        ("84.99", "B"),
        ("75.00", "B"),
        ("74.99", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("55.00", "D"),
        ("54.99", "E"),
        ("50.00", "E"),
        ("49.99", "F"),
        ("0", "F"),
    ],
)
def test_every_fy2564_band_edge(total, label):
    assert RULES_2564.grade(D(total), {}).label == label


@pytest.mark.parametrize(
    ("total", "tools", "label"),
    [
        ("94.64", {"IIT": "99", "EIT": "84.99", "OIT": "98"}, "ผ่าน"),  # documented: EIT under 85 -> not ผ่านดี
        ("94.64", {"IIT": "99", "EIT": "85.00", "OIT": "98"}, "ผ่านดี"),
        ("95.00", {"IIT": "95", "EIT": "95", "OIT": "95"}, "ผ่านดีเยี่ยม"),
        ("96.00", {"IIT": "99", "EIT": "94.99", "OIT": "95"}, "ผ่านดี"),
        ("85.00", {"IIT": "85", "EIT": "85", "OIT": "85"}, "ผ่านดี"),
        ("84.99", {"IIT": "99", "EIT": "99", "OIT": "99"}, "ต้องปรับปรุง"),
        ("70.00", {}, "ต้องปรับปรุง"),
        ("69.99", {}, "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_a_label_can_ask_for_a_minimum_in_every_tool(total, tools, label):
    assert RULES_2568.grade(D(total), {tool: D(score) for tool, score in tools.items()}).label == label


def test_the_projection_spans_oit_as_it_stands_to_every_item_published():
    standing = standing_2564(items_of("10.1", 2))
    projection = project(standing, {"IIT": D(90), "EIT": D(90)}, RULES_2564)
    assert projection.tools["OIT"] == D("93.75")  # indicator 9 = 100, indicator 10 = 87.50
    assert projection.total == D("91.50")  # 27 + 27 + 37.5
    assert projection.grade.label == "A"
    assert projection.ceiling_total == D("94.00")
    assert projection.ceiling_grade.label == "A"


def test_items_are_ranked_by_what_their_publication_adds():
    standing = standing_2564(items_of("9.1", 1) | items_of("10.2", 1))
    ranked = gains(standing, RULES_2564)
    # 10.2 has two items, so one of them is worth half of indicator 10; one of nine in 9.1 far less.
    assert [key for key, _ in ranked] == [*items_of("10.2", 1), *items_of("9.1", 1)]
    assert ranked[0][1] == D("5.00")  # 50 points of indicator 10 -> 12.5 of OIT -> 5 of the total
    assert ranked[1][1] == D("0.44")  # 11.1 of 9.1 -> 2.2 of indicator 9 -> 1.1 of OIT -> 0.44


def test_item_share_counts_every_item_alike():
    standing = OITStanding(tuple(ItemStanding(f"O{n}", None, n <= 20) for n in range(1, 27)))
    assert oit_score(standing, OITMethod.ITEM_SHARE).quantize(D("0.01")) == D("76.92")
    with pytest.raises(RulesError):
        oit_score(standing, OITMethod.SUB_INDICATOR_MEAN)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"tool_weights": {"IIT": 30, "EIT": 30, "OIT": 30}}, "add up to 90"),
        ({"bands": [{"label": "A", "from": 85}, {"label": "B", "from": 50}]}, "starts at 0"),
        ({"bands": [{"label": "A", "from": 85}, {"label": "A2", "from": 85}, {"label": "F", "from": 0}]}, "same score"),
        ({"bands": [{"label": "F", "from": 0}, {"label": "A", "from": 85}]}, "from the best"),
        ({"bands": [{"label": "X", "from": 120}, {"label": "F", "from": 0}]}, "outside 0-100"),
        ({"bands": [{"label": "X"}]}, "cannot be read"),
        ({"pass_mark": "eighty-five"}, "cannot be read"),
        ({"oit": "guesswork"}, "cannot be read"),
    ],
)
def test_rules_that_cannot_grade_every_score_once_are_refused(change, problem):
    data = {
        "tool_weights": {"IIT": 30, "EIT": 30, "OIT": 40},
        "pass_mark": 85,
        "bands": [{"label": "A", "from": 85}, {"label": "F", "from": 0}],
        **change,
    }
    with pytest.raises(RulesError, match=problem):
        ScoringRules.from_data(data)


def test_a_band_with_a_tool_minimum_never_stands_alone():
    rules = ScoringRules(
        tool_weights={"OIT": D(100)},
        pass_mark=D(85),
        bands=(GradeBand("ผ่านดี", D(85), D(85)), GradeBand("ผ่าน", D(0))),
    )
    assert rules.grade(D(90), {"OIT": D(90)}).label == "ผ่านดี"
    assert rules.grade(D(90), {"OIT": D(80), "IIT": D(100)}).label == "ผ่าน"
