"""Importing a generated spreadsheet of 5,000 and 50,000 rows through core.spreadsheets: seconds and peak memory.

Run: DEBUG=1 .venv/bin/python bench/spreadsheet_import.py [--sizes 5000 50000] [--formats csv xlsx]

Target (issue 11): under 30 s, and peak memory at 50,000 rows within 1.2x of that at 5,000.

The rows go through a bench-only import spec declared here over a real model, core.Department (natural key
name_th, with name_en and order): the holiday spec cannot hold 50,000 distinct, plausible dates. Each size and
format runs in a fresh subprocess on its own new SQLite database (or ``BENCH_DATABASE_URL``), so one run's
memory never counts in another's. Measured there, as the import pages run it: ``import_check`` (the upload's
preview, writing nothing but the kept file) then ``import_commit`` (the file read and checked again, written in
batches in one transaction). Peak memory is the process's peak resident set size
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``), shown with the resident size just before the import began.

``--library import-export`` runs the same files through django-import-export instead (ModelResource with
``import_id_fields``, ``use_bulk``, ``skip_unchanged``; ``import_data(dry_run=True)`` then for real), for the
comparison in bench/README.md. It is not a dependency of the portal: install it beside the venv first, e.g.
``.venv/bin/pip install --target /tmp/iex django-import-export tablib diff-match-patch`` and pass
``IMPORT_EXPORT_PATH=/tmp/iex``.
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["name_th", "name_en", "order"]


def generate(path: Path, rows: int, fmt: str) -> None:
    """Departments กอง 0 … กอง n-1, as CSV (UTF-8 with BOM, as Excel saves it) or XLSX."""
    lines = ([f"กองทดสอบที่ {n}", f"Test division {n}", n % 100] for n in range(rows))
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            writer.writerows(lines)
        return
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for index, line in enumerate(lines, start=1):
        sheet.write_row(index, 0, line)
    workbook.close()


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def current_rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def child(path: Path, fmt: str, library: str) -> dict:
    """Set up a fresh database, then import the file; runs in its own process."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takbai_ita.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import User

    user = User.objects.create_user("bench")
    before = current_rss_mib()
    timings = _core_import(path, user) if library == "core" else _import_export(path, fmt)
    from core.models import Department

    return {
        **timings,
        "saved": Department.objects.count(),
        "rss_before_mib": round(before, 1),
        "peak_rss_mib": round(rss_mib(), 1),
    }


def _core_import(path: Path, user) -> dict:
    from django import forms
    from django.core.files import File

    from core.models import Department
    from core.spreadsheets import Column, ImportSpec
    from core.spreadsheets.imports import import_check, import_commit

    class DepartmentRow(forms.ModelForm):
        class Meta:
            model = Department
            fields = HEADER

    spec = ImportSpec(
        kind="bench-departments",
        label="departments",
        form=DepartmentRow,
        key=("name_th",),
        columns=tuple(Column(name, name) for name in HEADER),
        permissions=(),
        back="core:holiday_list",
    )
    started = time.perf_counter()
    with path.open("rb") as handle:
        record = import_check(spec=spec, upload=File(handle, name=path.name), user=user)
    checked = time.perf_counter()
    record = import_commit(record=record, spec=spec)
    done = time.perf_counter()
    assert record.committed_at, record.errors[:3]
    return {"preview_s": round(checked - started, 2), "commit_s": round(done - checked, 2), "rows": record.rows}


def _import_export(path: Path, fmt: str) -> dict:
    sys.path.insert(0, os.environ["IMPORT_EXPORT_PATH"])
    import tablib
    from import_export import resources

    from core.models import Department

    class DepartmentResource(resources.ModelResource):
        class Meta:
            model = Department
            fields = HEADER
            import_id_fields = ("name_th",)
            use_bulk = True
            batch_size = 1000
            skip_unchanged = True

    started = time.perf_counter()
    if fmt == "csv":
        dataset = tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
    else:
        dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    preview = DepartmentResource().import_data(dataset, dry_run=True, use_transactions=True)
    checked = time.perf_counter()
    assert not preview.has_errors()
    assert not preview.has_validation_errors()
    result = DepartmentResource().import_data(dataset, dry_run=False, use_transactions=True)
    done = time.perf_counter()
    assert not result.has_errors()
    return {"preview_s": round(checked - started, 2), "commit_s": round(done - checked, 2), "rows": len(dataset)}


def run(size: int, fmt: str, library: str, folder: Path) -> dict:
    path = folder / f"departments-{size}.{fmt}"
    if not path.exists():
        generate(path, size, fmt)
    env = {**os.environ, "DEBUG": "1", "MEDIA_ROOT": str(folder / "media")}
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench-{size}-{fmt}-{library}.db")
    args = [sys.executable, __file__, "--child", str(path), "--formats", fmt, "--library", library]
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603 - this script
    return {"rows": size, "format": fmt, "file_kib": path.stat().st_size // 1024, **json.loads(out.splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx"])
    parser.add_argument("--library", default="core", choices=["core", "import-export"])
    parser.add_argument("--child", type=Path)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.child, options.formats[0], options.library)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in options.formats:
            results = [run(size, fmt, options.library, Path(tmp)) for size in options.sizes]
            for result in results:
                print(json.dumps(result, ensure_ascii=False))
            if len(results) > 1:
                ratio = results[-1]["peak_rss_mib"] / results[0]["peak_rss_mib"]
                sizes = f"{results[-1]['rows']:,} / {results[0]['rows']:,} rows"
                print(f"{options.library} {fmt}: peak RSS {sizes} = {ratio:.2f}x")


if __name__ == "__main__":
    main()
