"""Loading an ITA framework (indicators, sub-indicators, OIT items of one fiscal year) from its data file.

A framework file is matched by natural keys (fiscal year, indicator number,
sub-indicator code, item code) and a row is only written when a value changed:
loading the same file twice writes nothing, and a changed title updates the row
in place, keeping every piece of evidence linked to it.
"""

from collections import Counter
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.models import FiscalYear

from .models import Framework, Indicator, OITItem, SubIndicator, Tool

# The framework files shipped with the portal, one per fiscal year (ita-<year>.yaml).
FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"

MALFORMED = "The framework file is not valid: %(problem)s"

M = TypeVar("M", bound=models.Model)


def _upsert(model: type[M], keys: dict, values: dict, tally: Counter) -> M:
    obj = model._default_manager.filter(**keys).first()
    if obj is None:
        obj = model(**keys, **values)
        obj.full_clean()
        obj.save()
        tally["created"] += 1
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.full_clean()
        obj.save(update_fields=changed)
        tally["updated"] += 1
    else:
        tally["unchanged"] += 1
    return obj


def _required(mapping: dict, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise ValidationError(MALFORMED, params={"problem": f"{where}: '{key}' is missing"})
    return mapping[key]


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not str(value).isdigit():
        raise ValidationError(MALFORMED, params={"problem": f"{where}: {value!r} is not a whole number"})
    return int(value)


def _list(value: object, where: str) -> list:
    if not isinstance(value, list):
        raise ValidationError(MALFORMED, params={"problem": f"{where}: not a list"})
    return value


def _item_number(code: str) -> int:
    digits = "".join(ch for ch in code if ch.isdigit())
    if not digits:
        raise ValidationError(MALFORMED, params={"problem": f"item code {code!r} has no number"})
    return int(digits)


@transaction.atomic
def framework_load(data: dict, *, source: str = "") -> Counter:
    """Create or update one fiscal year's framework from parsed data; returns counts."""
    tally: Counter = Counter()
    year = _integer(_required(data, "fiscal_year", "file"), "fiscal_year")
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    framework = _upsert(
        Framework,
        {"fiscal_year": fiscal_year},
        {"name": _required(data, "name", "file"), "source": source},
        tally,
    )
    for ind in _list(_required(data, "indicators", "file"), "indicators"):
        number = _integer(_required(ind, "number", "indicator"), "indicator number")
        tool = _required(ind, "tool", f"indicator {number}")
        if tool not in Tool.values:
            raise ValidationError(MALFORMED, params={"problem": f"indicator {number}: unknown tool {tool!r}"})
        indicator = _upsert(
            Indicator,
            {"framework": framework, "number": number},
            {
                "name_th": _required(ind, "name_th", f"indicator {number}"),
                "name_en": ind.get("name_en", ""),
                "tool": tool,
            },
            tally,
        )
        for sub in _list(ind.get("sub_indicators", []), f"indicator {number}: sub_indicators"):
            code = str(_required(sub, "code", f"indicator {number}"))
            sub_indicator = _upsert(
                SubIndicator,
                {"indicator": indicator, "code": code},
                {"name_th": _required(sub, "name_th", code), "name_en": sub.get("name_en", "")},
                tally,
            )
            for item in _list(sub.get("items", []), f"{code}: items"):
                item_code = str(_required(item, "code", code))
                _upsert(
                    OITItem,
                    {"sub_indicator": sub_indicator, "code": item_code},
                    {
                        "number": _item_number(item_code),
                        "group_th": item.get("group_th", ""),
                        "title_th": _required(item, "title_th", item_code),
                        "title_en": item.get("title_en", ""),
                        "requirement": item.get("requirement", ""),
                        "requirement_certainty": item.get("certainty", ""),
                    },
                    tally,
                )
    return tally


def framework_load_file(path: Path) -> Counter:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValidationError(MALFORMED, params={"problem": str(exc)}) from exc
    if not isinstance(data, dict):
        raise ValidationError(MALFORMED, params={"problem": "the top level is not a mapping"})
    return framework_load(data, source=path.name)
