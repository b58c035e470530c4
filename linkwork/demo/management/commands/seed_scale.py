from django.core.management.base import BaseCommand, CommandError

from linkwork.demo.scale.run import AlreadySeeded, seed_scale
from linkwork.demo.scale.sizes import SIZES


class Command(BaseCommand):
    help = (
        "Build a synthetic dataset for performance work, quickly and reproducibly: tiny (a few hundred "
        "rows each), reference (one region: 60,000 people, 100,000 referrals) or national (2,000,000 referrals)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="tiny")
        parser.add_argument("--seed", type=int, default=2026, help="The same seed gives the same data.")
        parser.add_argument(
            "--force", action="store_true", help="Add the data even though the database already holds people."
        )

    def handle(self, *args, size, seed, force, **options):
        try:
            seed_scale(size=size, seed=seed, stdout=self.stdout, force=force)
        except AlreadySeeded as error:
            raise CommandError(str(error)) from error
