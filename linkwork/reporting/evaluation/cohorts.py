"""A report's cohort: the cases it covers beyond the scheme and the period of case opening.

An imported batch, a period of referral, a provider or the person's registered practice. `Cohort`
narrows the cases in scope; it never widens them (the actor's scope is applied first). The choices
an actor may make are checked in `cohort_choices`.
"""

import datetime
from dataclasses import dataclass

from linkwork.accounts.models import Organisation
from linkwork.casework.models import ImportBatch


@dataclass(frozen=True)
class Cohort:
    batch: ImportBatch | None = None
    referred_from: datetime.date | None = None
    referred_to: datetime.date | None = None
    provider: Organisation | None = None
    practice: Organisation | None = None

    def restrict(self, cases):
        """The cases of the cohort among `cases` (a Case queryset)."""
        if self.batch is not None:
            cases = cases.filter(import_batches=self.batch)
        if self.referred_from:
            cases = cases.filter(referral__created_at__date__gte=self.referred_from)
        if self.referred_to:
            cases = cases.filter(referral__created_at__date__lte=self.referred_to)
        if self.provider is not None:
            cases = cases.filter(provider=self.provider)
        if self.practice is not None:
            cases = cases.filter(person__registered_practice=self.practice)
        return cases

    def parts(self) -> list[str]:
        """The cohort in words, one part per restriction; empty when there is none."""
        parts = []
        if self.batch is not None:
            parts.append(f"imported in the batch “{self.batch.name}”")
        if self.referred_from or self.referred_to:
            start = f"from {self.referred_from:%-d %B %Y}" if self.referred_from else ""
            end = f"up to {self.referred_to:%-d %B %Y}" if self.referred_to else ""
            parts.append(f"referred {' '.join(part for part in (start, end) if part)}")
        if self.provider is not None:
            parts.append(f"supported by {self.provider.name}")
        if self.practice is not None:
            parts.append(f"registered with {self.practice.name}")
        return parts

    def described(self) -> str:
        parts = self.parts()
        return f"Cohort: only cases {'; '.join(parts)}." if parts else ""

    def audit_details(self) -> dict:
        return {
            "batch": self.batch.pk if self.batch else "",
            "referred_from": self.referred_from.isoformat() if self.referred_from else "",
            "referred_to": self.referred_to.isoformat() if self.referred_to else "",
            "provider": self.provider.pk if self.provider else "",
            "practice": self.practice.pk if self.practice else "",
        }


EVERYONE = Cohort()
