from django.core.management.base import BaseCommand

from linkwork.demo import data, services, two_factor


class Command(BaseCommand):
    help = "Load synthetic demo data for every scheme preset. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete everything in the database first, then seed."
        )

    def handle(self, *args, reset=False, **options):
        if reset:
            services.demo_reset()
        summary = services.demo_seed()
        two_factor.demo_devices_ensure(usernames=[login.username for login in summary.logins])
        self.stdout.write(f"Demo logins (password for all: {data.DEMO_PASSWORD})")
        for login in summary.logins:
            self.stdout.write(f"  {login.username:<18}{login.role:<19}{login.organisation}")
        self.stdout.write(
            f"Security code: add the key {two_factor.demo_secret()} to an authenticator app, or, with no "
            "phone, read the code shown on the code page (local settings only)."
        )
        if summary.questionnaire_path:
            self.stdout.write(
                f"A person's secure questionnaire link (works once): {summary.questionnaire_path} "
                "on the address below; pcn.linkworker then sees the answers under the case's Outcomes."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {summary.organisations} organisations, {summary.users} users, "
                f"{summary.schemes} schemes, {summary.people} people."
            )
        )
