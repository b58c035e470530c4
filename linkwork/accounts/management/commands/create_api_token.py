from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from linkwork.accounts.api_auth import api_token_issue
from linkwork.accounts.models import Membership, User
from linkwork.core.context import Actor


class Command(BaseCommand):
    help = (
        "Create an API token that acts as the user in one of their organisations, and print it once. "
        "Only a hash is kept: a lost token cannot be shown again, only replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--organisation", help="ODS code or name; needed when the user belongs to several organisations."
        )
        parser.add_argument("--role", help="Needed only when the user has two roles in that organisation.")
        parser.add_argument(
            "--name", default="API client", help="What the token is for, shown to administrators."
        )

    def handle(self, *args, username, organisation=None, role=None, name="API client", **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        memberships = Membership.objects.active().filter(user=user).select_related("organisation")
        if organisation:
            memberships = memberships.filter(
                Q(organisation__ods_code__iexact=organisation) | Q(organisation__name__iexact=organisation)
            )
        if role:
            memberships = memberships.filter(role=role)
        memberships = list(memberships)
        if not memberships:
            where = f" in {organisation!r}" if organisation else ""
            raise CommandError(f"{username} has no active membership{where}.")
        if len(memberships) > 1:
            choices = "; ".join(str(membership) for membership in memberships)
            raise CommandError(
                f"{username} has several memberships ({choices}): choose one with --organisation (and --role)."
            )
        token, secret = api_token_issue(by=Actor.system(), membership=memberships[0], name=name)
        self.stdout.write(f"Token {token.name!r} for {username}, {memberships[0]}. It is shown only once:")
        self.stdout.write(secret)
