"""manage.py load_demo: fill an empty portal with the demo organisation's data. Safe to run twice.

Each app contributes through a `demo.py` module with `load_demo(data, with_users=, log=)`,
called in INSTALLED_APPS order, so a new app adds its demo data without touching this command.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEFAULT_FILE = Path(settings.BASE_DIR) / "demo" / "takbai.yaml"


class Command(BaseCommand):
    help = "Load the demo organisation, departments, users, framework, measures and evidence."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE), help="demo data file (YAML)")
        parser.add_argument(
            "--users",
            action="store_true",
            help="create the demo users even when DEBUG is off (their passwords are public)",
        )

    def handle(self, *args, file: str, users: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        with_users = users or settings.DEBUG
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if app_config.path.startswith(str(settings.BASE_DIR)) and find_spec(module_name):
                    import_module(module_name).load_demo(data, with_users=with_users, log=self._log)
        if not with_users:
            self._log("demo users not created (DEBUG is off; pass --users to create them)")
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))

    def _log(self, message: str) -> None:
        self.stdout.write(f"  {message}")
