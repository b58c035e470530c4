import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.outcomes.services.instruments import instrument_load_text


class Command(BaseCommand):
    help = (
        "Add the item text of a licensed instrument from your organisation's own definition file. "
        "The file must match the shipped definition exactly apart from the text; nothing changes otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            definition = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}.") from error
        try:
            instrument = instrument_load_text(by=Actor.system(), definition=definition)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{instrument.title}: item text loaded.")
