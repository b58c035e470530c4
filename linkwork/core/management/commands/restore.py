"""`manage.py restore <path>`: replace the database's contents with a backup. Stop the service first."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from linkwork.core.backup import BackupError, restore_database


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup` (stop web and workers first)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, path, database, yes, **options):
        settings_dict = connections[database].settings_dict
        if not yes and input(f"Replace everything in {settings_dict['NAME']}? Type yes: ").strip() != "yes":
            raise CommandError("Nothing restored.")
        connections[database].close()
        try:
            restore_database(path, database=settings_dict)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the {database} database from {path}. Run `manage.py verify_audit` next.")
