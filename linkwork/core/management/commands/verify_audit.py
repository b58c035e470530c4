"""Check the audit trail's hash chain end to end; exit non-zero at the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from linkwork.core.audit_chain import verify_chain
from linkwork.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify that no audit event was changed or removed since it was written."

    def add_arguments(self, parser):
        parser.add_argument(
            "--known-head",
            default="",
            help="A head hash printed by an earlier run: fail if that event is no longer in the chain.",
        )

    def handle(self, *args, known_head, **options):
        report = verify_chain()
        if report.broken is not None:
            event = report.broken
            raise CommandError(
                f"Audit chain broken at event {event.pk} ({event.occurred_at:%Y-%m-%d %H:%M:%S %Z}): "
                f"{report.problem}. {report.count} events before it are intact."
            )
        if known_head and not AuditEvent.objects.filter(hash=known_head).exists():
            raise CommandError(f"The earlier head {known_head} is missing: events were removed from the end.")
        self.stdout.write(f"{report.count} events, chain intact. Head: {report.head or 'none'}")
