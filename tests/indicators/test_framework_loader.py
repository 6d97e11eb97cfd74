"""Loading the ITA framework from its YAML file: counts, idempotence, in-place updates, refusals."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from core.models import FiscalYear
from indicators.framework_loader import FRAMEWORK_DIR, framework_load_file
from indicators.models import Framework, Indicator, OITItem, SubIndicator, Tool
from indicators.services import evidence_create
from tests.conftest import pdf_upload

FY2564 = FRAMEWORK_DIR / "ita-2564.yaml"
O16_TITLE = "รายงานผลการสำรวจความพึงพอใจการให้บริการ"

pytestmark = pytest.mark.usefixtures("without_framework")


def _snapshot() -> dict:
    """Every row the loader may write, as comparable values."""
    return {
        "fiscal_years": list(FiscalYear.objects.order_by("pk").values_list()),
        "frameworks": list(Framework.objects.order_by("pk").values_list()),
        "indicators": list(Indicator.objects.order_by("pk").values_list()),
        "sub_indicators": list(SubIndicator.objects.order_by("pk").values_list()),
        "items": list(OITItem.objects.order_by("pk").values_list()),
        "log_entries": LogEntry.objects.count(),
    }


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / FY2564.name
    shutil.copyfile(FY2564, target)
    return target


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in the framework file"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_fy2564_has_10_indicators_7_sub_indicators_and_items_o1_to_o43():
    framework_load_file(FY2564)

    framework = Framework.objects.get(fiscal_year__year=2564)
    indicators = Indicator.objects.filter(framework=framework)
    assert list(indicators.order_by("number").values_list("number", flat=True)) == list(range(1, 11))
    assert SubIndicator.objects.filter(indicator__framework=framework).count() == 7
    items = OITItem.objects.filter(sub_indicator__indicator__framework=framework)
    assert sorted(items.values_list("number", flat=True)) == list(range(1, 44))
    assert set(items.values_list("code", flat=True)) == {f"O{n}" for n in range(1, 44)}
    assert items.get(code="O16").title_th == O16_TITLE


def test_fy2564_tools_iit_for_1_to_5_eit_for_6_to_8_oit_for_9_and_10():
    framework_load_file(FY2564)

    tools = dict(Indicator.objects.filter(framework__fiscal_year__year=2564).values_list("number", "tool"))
    assert tools == {
        **dict.fromkeys(range(1, 6), Tool.IIT),
        **dict.fromkeys(range(6, 9), Tool.EIT),
        **dict.fromkeys(range(9, 11), Tool.OIT),
    }
    # Only the OIT indicators carry sub-indicators and items.
    assert set(SubIndicator.objects.values_list("indicator__number", flat=True)) == {9, 10}


def test_loading_twice_writes_nothing_the_second_time():
    first = framework_load_file(FY2564)
    assert first["created"] == 1 + 10 + 7 + 43
    assert LogEntry.objects.count() > 0  # the first load is audited
    before = _snapshot()

    second = framework_load_file(FY2564)

    assert second["created"] == 0
    assert second["updated"] == 0
    assert second["unchanged"] == first["created"]
    assert _snapshot() == before  # no row changed and no audit-log entry was added


def test_a_changed_title_updates_the_item_in_place_and_keeps_its_evidence(tmp_path, users, own_department):
    path = _copy(tmp_path)
    framework_load_file(path)
    item = OITItem.objects.get(code="O16")
    evidence = evidence_create(
        user=users["staff"],
        oit_item=item,
        title="รายงานผลการสำรวจ",
        effective_date=datetime.date(2021, 3, 31),
        upload=pdf_upload(),
    )
    new_title = "รายงานผลการสำรวจความพึงพอใจการให้บริการ (ฉบับแก้ไข)"
    _rewrite(path, f"title_th: {O16_TITLE}\n", f"title_th: {new_title}\n")

    tally = framework_load_file(path)

    assert tally["created"] == 0
    assert tally["updated"] == 1
    assert OITItem.objects.filter(code="O16").count() == 1
    item_after = OITItem.objects.get(code="O16")
    assert item_after.pk == item.pk
    assert item_after.title_th == new_title
    evidence.refresh_from_db()
    assert evidence.oit_item_id == item.pk
    assert list(item_after.evidence.all()) == [evidence]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("- just\n- a list\n", "the top level is not a mapping"),
        ("fiscal_year: 2564\nname: ITA 2564\n", "'indicators' is missing"),
        ("fiscal_year: 2564\nname: ITA\nindicators: [\n  {number: 1, tool: IIT\n", "line"),
        ("fiscal_year: next year\nname: ITA\nindicators: []\n", "fiscal_year: 'next year' is not a whole number"),
        ("fiscal_year: 2564\nname: ITA\nindicators: 10\n", "indicators: not a list"),
        (
            "fiscal_year: 2564\nname: ITA\nindicators:\n- {number: one, name_th: ก, tool: IIT}\n",
            "indicator number: 'one' is not a whole number",
        ),
    ],
    ids=[
        "not-a-mapping",
        "missing-indicators",
        "yaml-syntax-error",
        "year-not-a-number",
        "indicators-not-a-list",
        "indicator-number-not-a-number",
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message_and_writes_nothing(tmp_path, content, problem):
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        framework_load_file(path)

    assert problem in " ".join(refused.value.messages)
    assert _snapshot() == before
    assert not FiscalYear.objects.exists()


def test_an_unknown_tool_is_refused_and_nothing_of_the_file_is_kept(tmp_path):
    path = _copy(tmp_path)
    # Indicators 1-10 and all the items come first in the file: they must be rolled back too.
    path.write_text(
        path.read_text(encoding="utf-8") + "- number: 11\n  name_th: ตัวชี้วัดผิด\n  tool: XYZ\n", encoding="utf-8"
    )

    with pytest.raises(ValidationError) as refused:
        framework_load_file(path)

    assert "indicator 11: unknown tool 'XYZ'" in " ".join(refused.value.messages)
    assert not FiscalYear.objects.exists()
    assert not Framework.objects.exists()
    assert not Indicator.objects.exists()
    assert not OITItem.objects.exists()
    assert not LogEntry.objects.exists()


def test_a_malformed_update_leaves_the_loaded_framework_as_it_was(tmp_path):
    path = _copy(tmp_path)
    framework_load_file(path)
    before = _snapshot()
    # A valid change early in the file, then a bad tool later: all or nothing.
    _rewrite(path, f"title_th: {O16_TITLE}\n", "title_th: ชื่อใหม่ที่ไม่ควรถูกบันทึก\n")
    _rewrite(
        path,
        "- number: 8\n  name_th: การปรับปรุงระบบการทำงาน\n  name_en: Improvement of working systems\n  tool: EIT",
        "- number: 8\n  name_th: การปรับปรุงระบบการทำงาน\n  name_en: Improvement of working systems\n  tool: ABC",
    )

    with pytest.raises(ValidationError, match="unknown tool 'ABC'"):
        framework_load_file(path)

    assert _snapshot() == before
    assert OITItem.objects.get(code="O16").title_th == O16_TITLE


def test_the_command_prints_the_counts():
    out = io.StringIO()
    call_command("load_framework", str(FY2564), stdout=out)
    assert "ita-2564.yaml: 61 created, 0 updated, 0 unchanged" in out.getvalue()

    out = io.StringIO()
    call_command("load_framework", str(FY2564), stdout=out)
    assert "ita-2564.yaml: 0 created, 0 updated, 61 unchanged" in out.getvalue()


def test_the_command_refuses_a_missing_file(tmp_path):
    missing = tmp_path / "no-such-framework.yaml"
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_framework", str(missing), stdout=io.StringIO())
    assert not Framework.objects.exists()


def test_the_command_reports_a_malformed_file_as_a_command_error(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("fiscal_year: 2564\nname: ITA 2564\n", encoding="utf-8")
    with pytest.raises(CommandError, match="'indicators' is missing"):
        call_command("load_framework", str(path), stdout=io.StringIO())
    assert not Framework.objects.exists()
