"""manage.py load_framework FILE: load or update one fiscal year's ITA framework."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.framework_loader import FRAMEWORK_DIR, framework_load_file


class Command(BaseCommand):
    help = "Load an ITA framework (indicators, sub-indicators, OIT items) from a YAML file. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(FRAMEWORK_DIR / "ita-2564.yaml"), help="YAML file (default: FY2564)"
        )

    def handle(self, *args, path: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            tally = framework_load_file(file)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"{file.name}: {tally['created']} created, {tally['updated']} updated, {tally['unchanged']} unchanged"
        )
