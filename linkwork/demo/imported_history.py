"""A service's records from before Linkwork, imported as a named batch, so the outcome report's
"Restrict to a cohort" has an import to choose in `make run`.

The file is written here the way a service would export it (docs/import-history.md) and goes through
`import_history` like any other: PCN link worker cases from 2024 with ONS4 at baseline and, for most,
at exit. Seeding again leaves the batch as it is.
"""

import csv
import datetime
import io
import random

from linkwork.accounts.models import Membership, Role
from linkwork.casework.models import ImportBatch
from linkwork.core.context import Actor
from linkwork.interop.history_import import COLUMNS, import_history
from linkwork.schemes.models import Scheme

from . import data

PRESET = "pcn-link-worker"
BATCH = "Records kept before Linkwork (2024)"
RECORDS = 16
ONS4_ITEMS = ("satisfied", "worthwhile", "happy", "anxious")
SOURCES = ("gp_practice", "health", "social_care")
NEEDS = ("loneliness", "low_mood", "money_debt", "physical_activity")


def imported_history_seed() -> None:
    scheme = Scheme.objects.filter(preset=PRESET).first()
    # Importing again would skip every record but still audit the attempt: seeding again adds nothing.
    if scheme is None or ImportBatch.objects.filter(scheme=scheme, name=BATCH).exists():
        return
    definition = next(definition for definition in data.SCHEMES if definition["preset"] == PRESET)
    team_lead = Membership.objects.select_related("user", "organisation").get(
        user__username=f"{definition['username_prefix']}.teamlead", role=Role.TEAM_LEAD
    )
    actor = Actor(user=team_lead.user, organisation=team_lead.organisation, role=Role.TEAM_LEAD)
    result = import_history(
        by=actor, scheme=scheme, link_worker=team_lead.user, lines=_history_file(definition), batch_name=BATCH
    )
    if result.errors:
        raise ValueError(f"The demo history file was refused: {result.errors}")


def _history_file(definition: dict) -> io.StringIO:
    # Imported here: services imports this module to call the seed.
    from .services import synthetic_person

    rng = random.Random(f"{data.RANDOM_SEED}:{PRESET}:imported")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for number in range(1, RECORDS + 1):
        person = synthetic_person(rng, definition)
        referred = datetime.date(2024, 1, 8) + datetime.timedelta(days=rng.randint(0, 240))
        opened = referred + datetime.timedelta(days=rng.randint(5, 20))
        closed = opened + datetime.timedelta(weeks=rng.randint(10, 20))
        baseline = {item: rng.randint(2, 6) for item in ONS4_ITEMS}
        record = {
            "record_id": f"pcn-2024-{number:03d}",
            "nhs_number": person["nhs_number"],
            "given_name": person["given_name"],
            "family_name": person["family_name"],
            "date_of_birth": person["date_of_birth"].isoformat(),
            "sex": person["sex"],
            "ethnicity": person["ethnicity"],
            "postcode": person["postcode"],
            "referral_date": referred.isoformat(),
            "referral_source": rng.choice(SOURCES),
            "needs": ";".join(sorted(rng.sample(NEEDS, 2))),
            "conditions": "",
            "case_opened": opened.isoformat(),
            "case_closed": closed.isoformat(),
            "discharge_reason": "goals_achieved",
            "instrument": "ons4",
            "occasion": "0",
        }
        writer.writerow(record | _answers("baseline", opened, baseline))
        # About one in five left before the exit measure, as people do.
        if rng.random() >= 0.2:
            exit_scores = {
                item: max(
                    0, min(10, score + (rng.randint(-2, 1) if item == "anxious" else rng.randint(-1, 3)))
                )
                for item, score in baseline.items()
            }
            writer.writerow(record | _answers("exit", closed, exit_scores))
    out.seek(0)
    return out


def _answers(time_point: str, on: datetime.date, scores: dict) -> dict:
    return {
        "time_point": time_point,
        "completed_on": on.isoformat(),
        "answers": ";".join(f"{item}={score}" for item, score in scores.items()),
    }
