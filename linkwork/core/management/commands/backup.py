"""`manage.py backup <path>`: a consistent copy of the database, safe to take while the service runs."""

from django.core.management.base import BaseCommand, CommandError

from linkwork.core.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Back up the whole database to a file (SQLite online backup, or pg_dump's custom format)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        try:
            written = backup_database(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the {database} database to {written}.")
