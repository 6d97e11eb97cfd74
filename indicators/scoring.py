"""ITA scores from an edition's scoring rules: pure functions over numbers, no database.

The NACC changes its rules from year to year, so nothing here knows a year, an indicator number or an
item code: an edition's data file states its rules (``ScoringRules.from_data``) and the pages, the
projection and the reports hand this module what the organisation has (``OITStanding``, tool scores).

Every score is a ``Decimal`` with two places, rounded half up the way published ITA results are; grade
bands compare those rounded figures, so 84.995 is 85.00 and gets the band that starts there.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


class OITMethod(StrEnum):
    # Each sub-indicator scores the share of its items passed, an indicator the plain mean of its
    # sub-indicators, the tool the plain mean of its indicators (derived from FY2564's published results).
    SUB_INDICATOR_MEAN = "sub_indicator_mean"
    # The share of all items passed: for years whose items' sub-indicators are not known.
    ITEM_SHARE = "item_share"


@dataclass(frozen=True)
class GradeBand:
    """A label given from ``min_total`` up, if every tool also reaches ``min_each_tool`` (when set)."""

    label: str
    min_total: Decimal
    min_each_tool: Decimal | None = None

    def admits(self, total: Decimal, tools: Mapping[str, Decimal]) -> bool:
        if total < self.min_total:
            return False
        return self.min_each_tool is None or all(score >= self.min_each_tool for score in tools.values())


class RulesError(ValueError):
    """Rules that cannot grade every score exactly once: the edition file is refused with this message."""


@dataclass(frozen=True)
class ScoringRules:
    tool_weights: Mapping[str, Decimal]
    pass_mark: Decimal
    bands: tuple[GradeBand, ...]
    oit_method: OITMethod = OITMethod.SUB_INDICATOR_MEAN
    # The year whose documented rule this is, when an edition borrows the nearest documented year's.
    borrowed_from: int | None = None

    def __post_init__(self) -> None:
        if sum(self.tool_weights.values(), Decimal(0)) != HUNDRED:
            raise RulesError(f"the tool weights add up to {sum(self.tool_weights.values())}, not 100")
        plain = sorted((band.min_total for band in self.bands if band.min_each_tool is None), reverse=True)
        if not plain or plain[-1] != 0:
            raise RulesError("no band without a per-tool minimum starts at 0: a low score would get no label")
        if len(set(plain)) != len(plain):
            raise RulesError("two bands without a per-tool minimum start at the same score")
        if any(not 0 <= band.min_total <= HUNDRED for band in self.bands):
            raise RulesError("a band starts outside 0-100")
        if list(self.bands) != sorted(self.bands, key=_band_order):
            raise RulesError("bands must be listed from the best to the lowest")

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "ScoringRules":
        """Rules from an edition file's ``scoring`` section (numbers may be written as text or numbers)."""
        try:
            bands = tuple(
                GradeBand(
                    str(band["label"]),
                    _number(band["from"]),
                    None if band.get("each_tool_from") is None else _number(band["each_tool_from"]),
                )
                for band in data["bands"]
            )
            return cls(
                tool_weights={str(tool): _number(weight) for tool, weight in dict(data["tool_weights"]).items()},
                pass_mark=_number(data["pass_mark"]),
                bands=bands,
                oit_method=OITMethod(str(data.get("oit", OITMethod.SUB_INDICATOR_MEAN))),
                borrowed_from=int(data["borrowed_from"]) if data.get("borrowed_from") else None,
            )
        except RulesError:
            raise
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            raise RulesError(f"the scoring section cannot be read: {error!r}") from error

    def grade(self, total: Decimal, tools: Mapping[str, Decimal]) -> GradeBand:
        total = rounded(total)
        tools = {tool: rounded(score) for tool, score in tools.items()}
        return next(band for band in self.bands if band.admits(total, tools))


def _number(value: object) -> Decimal:
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return number


def _band_order(band: GradeBand) -> tuple[Decimal, Decimal]:
    # Best first: a higher start first; at the same start, the band that also asks more of each tool.
    return (-band.min_total, -(band.min_each_tool or Decimal(-1)))


@dataclass(frozen=True)
class ItemStanding:
    """One OIT item as the organisation stands: ``passed`` when it has approved, published evidence."""

    key: object
    sub_indicator: str | None
    passed: bool


@dataclass(frozen=True)
class OITStanding:
    items: tuple[ItemStanding, ...]
    # Which indicator each sub-indicator belongs to (unused by ITEM_SHARE).
    indicator_of: Mapping[str, str] = field(default_factory=dict)

    def with_passed(self, keys: Iterable[object]) -> "OITStanding":
        more = set(keys)
        items = tuple(ItemStanding(i.key, i.sub_indicator, i.passed or i.key in more) for i in self.items)
        return OITStanding(items, self.indicator_of)


def sub_indicator_scores(standing: OITStanding) -> dict[str, Decimal]:
    counts: dict[str, list[int]] = {}
    for item in standing.items:
        if item.sub_indicator is None:
            raise RulesError("an item has no sub-indicator: use the item-share method for this edition")
        passed, total = counts.setdefault(item.sub_indicator, [0, 0])
        counts[item.sub_indicator] = [passed + item.passed, total + 1]
    return {code: HUNDRED * passed / total for code, (passed, total) in counts.items()}


def oit_indicator_scores(standing: OITStanding) -> dict[str, Decimal]:
    by_indicator: dict[str, list[Decimal]] = {}
    for code, score in sub_indicator_scores(standing).items():
        by_indicator.setdefault(standing.indicator_of[code], []).append(score)
    return {indicator: _mean(scores) for indicator, scores in by_indicator.items()}


def oit_score(standing: OITStanding, method: OITMethod) -> Decimal:
    if not standing.items:
        return Decimal(0)
    if method is OITMethod.ITEM_SHARE:
        return HUNDRED * sum(item.passed for item in standing.items) / len(standing.items)
    return _mean(list(oit_indicator_scores(standing).values()))


def total_score(tools: Mapping[str, Decimal], rules: ScoringRules) -> Decimal:
    """The weighted total of the tools' scores (each 0-100)."""
    return sum((tools[tool] * weight / HUNDRED for tool, weight in rules.tool_weights.items()), Decimal(0))


@dataclass(frozen=True)
class Projection:
    """Where the year is heading: OIT as it stands (floor) and with every missing item published (ceiling)."""

    tools: Mapping[str, Decimal]
    total: Decimal
    grade: GradeBand
    ceiling_total: Decimal
    ceiling_grade: GradeBand


def project(standing: OITStanding, other_tools: Mapping[str, Decimal], rules: ScoringRules) -> Projection:
    """``other_tools``: the IIT/EIT scores entered (official or the organisation's own survey)."""
    floor_tools = {**other_tools, "OIT": oit_score(standing, rules.oit_method)}
    ceiling_tools = {**other_tools, "OIT": HUNDRED}
    floor, ceiling = total_score(floor_tools, rules), total_score(ceiling_tools, rules)
    return Projection(
        tools={tool: rounded(score) for tool, score in floor_tools.items()},
        total=rounded(floor),
        grade=rules.grade(floor, floor_tools),
        ceiling_total=rounded(ceiling),
        ceiling_grade=rules.grade(ceiling, ceiling_tools),
    )


def gains(standing: OITStanding, rules: ScoringRules) -> list[tuple[object, Decimal]]:
    """Each missing item with the points its publication adds to the total, the largest first."""
    weight = rules.tool_weights.get("OIT", Decimal(0)) / HUNDRED
    now = oit_score(standing, rules.oit_method)
    missing = [item.key for item in standing.items if not item.passed]
    ranked = [
        (key, rounded((oit_score(standing.with_passed([key]), rules.oit_method) - now) * weight)) for key in missing
    ]
    return sorted(ranked, key=lambda pair: pair[1], reverse=True)
