"""Peak memory of the auditors' ZIP for few and many reports: it must not grow with the count.

Run: DEBUG=1 .venv/bin/python bench/archive_package_memory.py
The reports are fake archive entries (1 MB of random bytes each, on disk); only the
streaming ZIP writer is measured, as the web server would run it. What remains per report
is zipfile's central-directory entry (a few hundred bytes), written at the end of the ZIP.
"""

import datetime
import os
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takbai_ita.settings")

import django  # noqa: E402

django.setup()

from archive.package import _zip_stream  # noqa: E402

REPORT_BYTES = 1024 * 1024


class FakeFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def open(self, mode: str):
        return self.path.open(mode)


class FakeReport:
    def __init__(self, n: int, path: Path) -> None:
        self.kind, self.round, self.verification_code = "bench", "full", f"code{n}"
        self.generated_at = datetime.datetime(2021, 4, 1, 9, 0, n % 60, tzinfo=datetime.UTC)
        self.file = FakeFile(path)


def peak_for(count: int, folder: Path) -> tuple[int, int]:
    paths = []
    for n in range(count):
        path = folder / f"r{n}.pdf"
        if not path.exists():
            path.write_bytes(os.urandom(REPORT_BYTES))
        paths.append(path)
    reports = (FakeReport(n, path) for n, path in enumerate(paths))
    tracemalloc.start()
    total = sum(len(chunk) for chunk in _zip_stream(reports, iter(())))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return total, peak


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for count in (10, 100, 300):
            total, peak = peak_for(count, Path(tmp))
            mib, kib = total / 2**20, peak / 2**10
            print(f"{count:4d} reports: ZIP {mib:7.1f} MiB streamed, peak Python memory {kib:7.0f} KiB")
