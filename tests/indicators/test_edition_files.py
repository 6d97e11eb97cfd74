"""The shipped framework editions (indicators/frameworks/editions/) and their topic list, read as plain YAML.

Each file is checked for what a loader and the year rollover rely on (unique codes, one placement per item,
mappings to real items of the previous edition, known topics, scoring rules that grade every band edge as
intended) and against ../shared/ita/: the counts and changes written below are copied from its CSVs and
README, so the check holds where that folder is absent; where it is present, every row is compared too.
"""

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from indicators.framework_loader import FRAMEWORK_DIR
from indicators.scoring import ScoringRules

EDITIONS_DIR = FRAMEWORK_DIR / "editions"
REFERENCE_DIR = Path(settings.BASE_DIR).parent / "shared" / "ita"

# Rows of ../shared/ita/oit_<year>*.csv; 2570 is the 2569 list cloned.
ITEM_COUNTS = {2564: 43, 2565: 43, 2566: 43, 2567: 43, 2568: 26, 2569: 26, 2570: 26}
# ../shared/ita/README.md: the 2567 rows carried from 2566, the 2568 and 2569 titles derived or not established.
UNCONFIRMED = {
    2567: [f"O{n}" for n in [*range(5, 19), *range(21, 44)]],
    2568: ["O5", "O6", "O7", "O25", "O26"],
    2569: ["O2", "O6", "O7"],
    2570: ["O2", "O6", "O7"],
}
# ../shared/ita/README.md: the bands documented for 2564 and 2565, and the 2568 labels with per-tool minimums.
AA_TO_F = [("AA", 95, None), ("A", 85, None), ("B", 75, None), ("C", 65, None), ("D", 55, None), ("E", 50, None)]
DOCUMENTED_BANDS = {
    2564: [*AA_TO_F, ("F", 0, None)],
    2565: [*AA_TO_F, ("F", 0, None)],
    2568: [
        ("ผ่านดีเยี่ยม", 95, 95),
        ("ผ่านดี", 85, 85),
        ("ผ่าน", 85, None),
        ("ต้องปรับปรุง", 70, None),
        ("ต้องปรับปรุงโดยด่วน", 0, None),
    ],
}
TOOLS = ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2
CERTAINTY = {"documented", "derived", "recollected", "unknown"}
HEADER_KEYS = {"fiscal_year", "sector", "name", "status", "source", "scoring", "indicators"}
OPTIONAL_HEADER_KEYS = {"cloned_from", "status_note", "sector_note", "unconfirmed", "unplaced_items"}
ITEM_KEYS = {
    "code",
    "group_th",
    "title_th",
    "title_en",
    "requirement_th",
    "requirement_th_is_summary",
    "requirement_en",
    "certainty",
    "scoring_note",
    "notes",
    "continues",
    "reappears",
    "topics",
}
SCORING_KEYS = {"tool_weights", "pass_mark", "oit", "bands", "certainty", "borrowed_from"}
CENT = Decimal("0.01")


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


EDITIONS = {data["fiscal_year"]: data for data in map(_read, sorted(EDITIONS_DIR.glob("ita-*.yaml")))}
YEARS = sorted(EDITIONS)
TOPICS = _read(EDITIONS_DIR / "topics.yaml")["topics"]
TOPIC_KEYS = {topic["key"] for topic in TOPICS}


def placed_items(edition: dict) -> list[tuple[str, dict]]:
    """(sub-indicator code, item) for every item that sits in a sub-indicator."""
    return [
        (sub["code"], item)
        for indicator in edition["indicators"]
        for sub in indicator.get("sub_indicators", [])
        for item in sub["items"]
    ]


def items_of(edition: dict) -> list[dict]:
    return [item for _, item in placed_items(edition)] + edition.get("unplaced_items", [])


def item(year: int, code: str) -> dict:
    return next(item for item in items_of(EDITIONS[year]) if item["code"] == code)


def codes(year: int) -> list[str]:
    return [item["code"] for item in items_of(EDITIONS[year])]


def test_every_documented_year_ships_one_common_edition():
    assert sorted(EDITIONS) == sorted(ITEM_COUNTS)
    assert sorted(path.name for path in EDITIONS_DIR.glob("ita-*.yaml")) == [f"ita-{y}-common.yaml" for y in YEARS]
    assert {edition["sector"] for edition in EDITIONS.values()} == {"common"}


@pytest.mark.parametrize("year", YEARS)
def test_the_header_names_the_year_its_status_and_sources(year):
    edition = EDITIONS[year]
    assert HEADER_KEYS <= set(edition) <= HEADER_KEYS | OPTIONAL_HEADER_KEYS
    assert edition["name"].endswith(f"ประจำปีงบประมาณ พ.ศ. {year}")
    assert edition["source"]
    assert all(isinstance(source, str) and source for source in edition["source"])
    if edition["status"] == "provisional":
        assert edition["cloned_from"] == year - 1
        assert re.search("[ก-๙]", edition["status_note"])
    else:
        assert edition["status"] == "official"
        assert "cloned_from" not in edition
        assert "status_note" not in edition


@pytest.mark.parametrize("year", YEARS)
def test_the_ten_indicators_keep_their_tools(year):
    indicators = EDITIONS[year]["indicators"]
    assert [(indicator["number"], indicator["tool"]) for indicator in indicators] == list(enumerate(TOOLS, start=1))
    assert all(indicator["name_th"] and indicator["name_en"] for indicator in indicators)


@pytest.mark.parametrize("year", YEARS)
def test_item_codes_are_unique_and_as_many_as_the_reference_rows(year):
    assert len(codes(year)) == len(set(codes(year))) == ITEM_COUNTS[year]


@pytest.mark.parametrize("year", YEARS)
def test_items_sit_in_exactly_one_sub_indicator_or_the_edition_places_none(year):
    edition = EDITIONS[year]
    subs = [(ind["number"], sub["code"]) for ind in edition["indicators"] for sub in ind.get("sub_indicators", [])]
    if subs:
        assert "unplaced_items" not in edition
        assert len(placed_items(edition)) == ITEM_COUNTS[year]  # with unique codes: each item once
        assert len({code for _, code in subs}) == len(subs)
        assert all(code.startswith(f"{number}.") for number, code in subs)
        assert {number for number, _ in subs} == {9, 10}
        assert edition["scoring"]["oit"] == "sub_indicator_mean"
    else:
        assert len(edition["unplaced_items"]) == ITEM_COUNTS[year]
        assert edition["scoring"]["oit"] == "item_share"


@pytest.mark.parametrize("year", YEARS)
def test_items_carry_only_known_fields_and_mark_their_thai_summaries(year):
    unconfirmed = set(EDITIONS[year].get("unconfirmed", []))
    for entry in items_of(EDITIONS[year]):
        assert set(entry) <= ITEM_KEYS, entry["code"]
        assert entry["certainty"] in CERTAINTY
        assert ("requirement_th" in entry) == ("requirement_en" in entry), entry["code"]
        if "requirement_th" in entry:
            # No official Thai wording is in ../shared/ita/: every Thai requirement is a marked summary.
            assert entry["requirement_th_is_summary"] is True
            assert re.search("[ก-๙]", entry["requirement_th"])
        else:
            assert entry["certainty"] == "unknown"
        if "title_th" not in entry:
            assert entry["code"] in unconfirmed
            assert "title_en" not in entry


@pytest.mark.parametrize("year", YEARS)
def test_unconfirmed_items_are_the_ones_the_reference_says(year):
    assert EDITIONS[year].get("unconfirmed", []) == UNCONFIRMED.get(year, [])
    assert set(UNCONFIRMED.get(year, [])) <= set(codes(year))


@pytest.mark.parametrize("year", YEARS[1:])
def test_continues_names_items_of_the_previous_edition(year):
    previous = set(codes(year - 1))
    for entry in items_of(EDITIONS[year]):
        # Only an item whose title is not established may leave its predecessor unsaid.
        assert "continues" in entry or "title_th" not in entry, entry["code"]
        assert set(entry.get("continues", [])) <= previous, entry["code"]


def test_the_first_edition_continues_nothing():
    assert not any("continues" in entry or "reappears" in entry for entry in items_of(EDITIONS[YEARS[0]]))


@pytest.mark.parametrize("year", YEARS)
def test_an_item_that_reappears_names_an_older_item_and_continues_none(year):
    for entry in items_of(EDITIONS[year]):
        if "reappears" in entry:
            earlier = entry["reappears"]
            assert entry["continues"] == []
            assert earlier["year"] < year - 1  # a gap of at least one edition, else it would continue
            assert earlier["code"] in codes(earlier["year"])


def test_the_topic_list_is_well_formed():
    assert len(TOPIC_KEYS) == len(TOPICS)
    for topic in TOPICS:
        assert re.fullmatch("[a-z][a-z_]*", topic["key"])
        assert re.search("[ก-๙]", topic["name_th"])
        assert re.search("[ก-๙]", topic["description_th"])
        assert topic["name_en"]


@pytest.mark.parametrize("year", YEARS)
def test_every_item_maps_to_known_topics(year):
    for entry in items_of(EDITIONS[year]):
        assert set(entry["topics"]) <= TOPIC_KEYS, entry["code"]
        # An item whose very title is not established cannot be given a topic without inventing one.
        assert entry["topics"] or "title_th" not in entry, entry["code"]


def test_every_topic_is_used_by_an_edition_or_reserved_for_an_app():
    used = {key for year in YEARS for entry in items_of(EDITIONS[year]) for key in entry["topics"]}
    for topic in TOPICS:
        # A reserved topic that an edition starts using loses its reservation, and an unused one must have one.
        assert (topic["key"] in used) != bool(topic.get("reserved_for")), topic["key"]


@pytest.mark.parametrize("year", YEARS)
def test_the_scoring_rules_parse_and_say_how_sure_they_are(year):
    section = EDITIONS[year]["scoring"]
    rules = ScoringRules.from_data(section)
    assert set(section) <= SCORING_KEYS
    assert set(section["certainty"]) == {"tool_weights", "pass_mark", "oit", "bands"}
    assert set(section["certainty"].values()) <= CERTAINTY
    undocumented = section["certainty"]["bands"] in {"recollected", "unknown"}
    assert (rules.borrowed_from is not None) == undocumented
    if rules.borrowed_from:
        lender = EDITIONS[rules.borrowed_from]["scoring"]
        assert "borrowed_from" not in lender
        assert lender["bands"] == section["bands"]


@pytest.mark.parametrize("year", YEARS)
def test_the_bands_are_the_documented_ones_or_borrowed_from_them(year):
    section = EDITIONS[year]["scoring"]
    bands = [(band["label"], band["from"], band.get("each_tool_from")) for band in section["bands"]]
    assert bands == DOCUMENTED_BANDS[section.get("borrowed_from", year)]
    assert section["tool_weights"] == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert section["pass_mark"] == 85


BAND_EDGES = [(year, index) for year in YEARS for index in range(len(EDITIONS[year]["scoring"]["bands"]))]


@pytest.mark.parametrize(("year", "index"), BAND_EDGES)
def test_every_band_edge_grades_as_intended(year, index):
    rules = ScoringRules.from_data(EDITIONS[year]["scoring"])
    band = rules.bands[index]
    lower = [b for b in rules.bands[index + 1 :] if b.min_each_tool is None]
    if band.min_each_tool is None:
        no_tool_minimum_met = dict.fromkeys(rules.tool_weights, Decimal(0))
        assert rules.grade(band.min_total, no_tool_minimum_met) == band
        if band.min_total > 0:
            assert rules.grade(band.min_total - CENT, no_tool_minimum_met) == lower[0]
        return
    every_tool_at_edge = dict.fromkeys(rules.tool_weights, band.min_each_tool)
    assert rules.grade(band.min_total, every_tool_at_edge) == band
    assert rules.grade(band.min_total - CENT, every_tool_at_edge) != band
    for tool in rules.tool_weights:
        assert rules.grade(band.min_total, {**every_tool_at_edge, tool: band.min_each_tool - CENT}) != band


def test_2570_is_the_2569_edition_marked_provisional():
    current, cloned = EDITIONS[2570], EDITIONS[2569]
    assert current["status"] == "provisional"
    assert current["cloned_from"] == 2569
    for key in ("sector", "indicators", "scoring", "unconfirmed"):
        assert current[key] == cloned[key], key

    def without_links(entry: dict) -> dict:
        return {key: value for key, value in entry.items() if key not in {"continues", "reappears"}}

    assert [without_links(entry) for entry in items_of(current)] == [without_links(entry) for entry in items_of(cloned)]
    assert all(entry["continues"] == [entry["code"]] for entry in items_of(current))


@pytest.mark.parametrize(
    ("year", "code", "continues"),
    [
        (2565, "O34", ["O34"]),  # the executive's declaration becomes the No Gift Policy, same slot
        (2566, "O10", []),  # personal-data policy: new
        (2566, "O11", ["O10", "O18"]),  # operating plan and spending plan merged
        (2566, "O12", ["O11", "O19"]),
        (2566, "O13", ["O12", "O20"]),
        (2566, "O19", ["O21"]),  # procurement renumbered
        (2566, "O31", ["O34"]),  # the No Gift trio splits 2565 O34
        (2566, "O32", ["O34"]),
        (2566, "O33", ["O34"]),
        (2566, "O39", []),  # the ethics trio: new
        (2566, "O41", []),
        (2567, "O21", ["O21"]),
        (2568, "O1", ["O1", "O3"]),  # structure with powers and duties
        (2568, "O3", ["O5", "O8"]),  # contact with the Q&A channel
        (2568, "O8", ["O14"]),  # the staff and service manuals renumbered
        (2568, "O9", ["O15"]),
        (2568, "O16", ["O39", "O40", "O41"]),  # the ethics trio merged
        (2568, "O21", ["O31", "O32"]),  # No Gift declaration and culture merged
        (2568, "O22", ["O33"]),
        (2568, "O23", ["O34"]),
        (2569, "O10", ["O10", "O11"]),  # E-Service absorbs the service statistics
        (2569, "O11", []),  # the monthly procurement summary returns after a gap
        (2569, "O20", ["O21", "O22"]),
        (2569, "O21", ["O23"]),
        (2569, "O25", []),
        (2569, "O26", []),
    ],
)
def test_the_documented_changes_are_mapped(year, code, continues):
    assert item(year, code)["continues"] == continues


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (2565, "O32"),  # the separate feedback channel is gone in 2566
        (2565, "O35"),  # executive participation and organisational culture no longer exist as such
        (2565, "O38"),
        (2567, "O21"),  # the monthly procurement summary is absent in 2568
        (2567, "O42"),  # the internal-measures pair has no 2568 successor
        (2567, "O43"),
    ],
)
def test_items_the_next_year_dropped_are_continued_by_none(year, code):
    assert item(year, code)
    assert not any(code in entry.get("continues", []) for entry in items_of(EDITIONS[year + 1]))


def test_the_monthly_procurement_summary_reappears_in_2569():
    summary = item(2569, "O11")
    assert summary["reappears"] == {"year": 2567, "code": "O21"}
    assert summary["topics"] == item(2567, "O21")["topics"] == ["procurement_monthly_summary"]
    assert not any("procurement_monthly_summary" in entry["topics"] for entry in items_of(EDITIONS[2568]))
    assert "procurement_monthly_summary" in item(2564, "O23")["topics"]


def test_the_2566_personal_data_policy_is_new_and_the_no_gift_trio_shares_its_topic():
    assert item(2566, "O10")["topics"] == ["personal_data_policy"]
    assert not any("personal_data_policy" in entry["topics"] for entry in items_of(EDITIONS[2565]))
    assert {tuple(item(2566, code)["topics"]) for code in ("O31", "O32", "O33")} == {("no_gift_policy",)}


def test_the_2564_edition_agrees_with_the_loaded_fy2564_framework():
    loaded = _read(FRAMEWORK_DIR / "ita-2564.yaml")
    edition = EDITIONS[2564]
    assert edition["name"] == loaded["name"]
    for old, new in zip(loaded["indicators"], edition["indicators"], strict=True):
        assert (old["number"], old["name_th"], old["tool"]) == (new["number"], new["name_th"], new["tool"])
    old_items = [
        (sub, entry["code"], entry["group_th"], entry["title_th"], entry["title_en"], entry["requirement"])
        for sub, entry in placed_items(loaded)
    ]
    new_items = [
        (sub, entry["code"], entry["group_th"], entry["title_th"], entry["title_en"], entry["requirement_en"])
        for sub, entry in placed_items(edition)
    ]
    assert new_items == old_items


def _reference_rows(year: int) -> list[dict]:
    (path,) = REFERENCE_DIR.glob(f"oit_{year}*.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(
    not REFERENCE_DIR.is_dir(),
    reason="../shared/ita/ is not beside the repository; the counts and changes above are copied from it",
)
@pytest.mark.parametrize("year", YEARS[:-1])
def test_every_item_is_its_reference_row(year):
    placement = {entry["code"]: sub for sub, entry in placed_items(EDITIONS[year])}
    rows = _reference_rows(year)
    assert [row["code"] for row in rows] == codes(year)
    for row in rows:
        entry = item(year, row["code"])
        expected = {
            "group_th": row["group_th"],
            "title_th": row["title_th"],
            "title_en": row["title_en"],
            "requirement_en": row["requirement_en"],
            "scoring_note": row.get("scoring", ""),
            "notes": row.get("notes", ""),
        }
        assert {key: entry.get(key, "") for key in expected} == expected, row["code"]
        assert entry["certainty"] == (row["requirement_certainty"] or "unknown")
        assert placement.get(row["code"], "") == row["sub_indicator"]
