from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.accounts.models import Membership, Role
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.interop.history_import import import_history, importing_link_worker
from linkwork.schemes.models import Scheme


class Command(BaseCommand):
    help = (
        "Import people, referrals, cases and outcome measures from a service's spreadsheet (CSV; see "
        "docs/import-history.md). Every row is checked first; any problem and nothing is saved. "
        "Records imported before are skipped, so running the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument("--scheme", required=True, help="The scheme's slug.")
        parser.add_argument(
            "--team-lead", required=True, help="Username of the provider's team lead importing."
        )
        parser.add_argument(
            "--link-worker",
            default="",
            help="Username of the link worker for the cases (default: the team lead).",
        )
        parser.add_argument(
            "--batch",
            default="",
            help="A name for the cases this file brings in, to report on them as a cohort (default: the file's name).",
        )

    def handle(self, *args, file, scheme, team_lead, link_worker, batch, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        membership = (
            Membership.objects.active()
            .filter(user__username=team_lead, role=Role.TEAM_LEAD)
            .select_related("user", "organisation")
            .first()
        )
        if membership is None:
            raise CommandError(f"{team_lead!r} is not an active team lead")
        actor = Actor(user=membership.user, organisation=membership.organisation, role=Role.TEAM_LEAD)
        chosen = Scheme.objects.filter(slug=scheme, providers=membership.organisation).first()
        if chosen is None:
            raise CommandError(f"{membership.organisation} does not deliver a scheme called {scheme!r}")
        try:
            worker = importing_link_worker(actor, link_worker or team_lead)
        except DomainError as error:
            raise CommandError(error.message) from error
        with path.open(encoding="utf-8-sig", newline="") as lines:
            try:
                result = import_history(
                    by=actor, scheme=chosen, link_worker=worker, lines=lines, batch_name=batch or path.stem
                )
            except DomainError as error:
                raise CommandError(error.message) from error
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing was imported: {len(result.errors)} problem(s) in {path.name}.")
        self.stdout.write(
            f"Imported {result.cases_imported} case(s) with {result.measures_imported} measure(s); "
            f"{result.cases_already_imported} case(s) were imported before and left as they are."
            + (f" Batch: {result.batch.name}." if result.batch else "")
        )
