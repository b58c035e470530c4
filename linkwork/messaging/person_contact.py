"""Whether, and how, Linkwork may send an automatic message to the person.

Only by the method they chose, only where the referral says it is safe (texts need "safe to text";
emails, being written messages, need "safe to write"), and never by a channel they opted out of.
Phone calls and letters are made by staff, so a person who chose them gets no automatic message.
"""

from dataclasses import dataclass

from linkwork.people.vocabulary import ContactMethod

from .models import Channel, ContactOptOut


@dataclass(frozen=True)
class Route:
    channel: str
    address: str


def contact_route(case) -> Route | None:
    person, referral = case.person, case.referral
    route = None
    if person.preferred_contact_method == ContactMethod.TEXT and person.phone and referral.safe_to_text:
        route = Route(Channel.SMS, person.phone)
    elif person.preferred_contact_method == ContactMethod.EMAIL and person.email and referral.safe_to_write:
        route = Route(Channel.EMAIL, person.email)
    if route is None or ContactOptOut.objects.filter(person=person, channel=route.channel).exists():
        return None
    return route


def greeting_name(person) -> str:
    return person.preferred_name or person.given_name


def worker_name(user) -> str:
    return user.get_full_name() or "your link worker"
