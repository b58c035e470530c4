from django.core.management.base import BaseCommand

from linkwork.core.context import Actor
from linkwork.outcomes.services.instruments import instrument_sync


class Command(BaseCommand):
    help = "Create or update the outcome instruments from the definitions shipped in outcomes/instruments/."

    def handle(self, *args, **options):
        instruments = instrument_sync(by=Actor.system())
        for instrument in instruments:
            text = "with text" if instrument.has_item_text else "item scores only (no text loaded)"
            self.stdout.write(f"{instrument.code} {instrument.version}: {instrument.title}, {text}")
