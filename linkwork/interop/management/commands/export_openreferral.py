import json
from pathlib import Path

from django.core.management.base import BaseCommand

from linkwork.interop.openreferral.export import directory_export


class Command(BaseCommand):
    help = "Write the whole directory as Open Referral UK 3.0 JSON: a list of fully nested services."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the JSON, such as directory.json")

    def handle(self, *args, file, **options):
        services = directory_export()
        Path(file).write_text(json.dumps(services, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(services)} services to {file}."))
